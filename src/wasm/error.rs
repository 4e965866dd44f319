//! `escalon::Error` to a thrown JS `EscalonError` (a real `Error`) with `code`, `path`, `line`,
//! `column` and `diagnostics[]`.

use wasm_bindgen::prelude::*;

use crate::error::{Diagnostic, Error, Severity};

#[wasm_bindgen(module = "/src/wasm/escalon_error.js")]
extern "C" {
    /// The JS class of thrown errors.
    pub type EscalonError;

    #[wasm_bindgen(constructor)]
    fn new(
        message: &str,
        code: &str,
        path: &str,
        line: Option<u32>,
        column: Option<u32>,
        diagnostics: js_sys::Array,
    ) -> EscalonError;
}

fn diagnostic(d: &Diagnostic) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(d.code().as_str()));
    set("path", JsValue::from_str(d.path().as_str()));
    set("message", JsValue::from_str(d.message()));
    set("severity", JsValue::from_str(if d.severity() == Severity::Error { "error" } else { "warning" }));
    o.into()
}

/// The diagnostics as a JS array of `{code, path, message, severity}`.
pub(crate) fn diagnostics(list: &[Diagnostic]) -> js_sys::Array {
    list.iter().map(diagnostic).collect()
}

/// The thrown value for an error.
pub(crate) fn to_js(e: &Error) -> JsValue {
    let line = e.line().and_then(|l| u32::try_from(l).ok());
    let column = e.column().and_then(|c| u32::try_from(c).ok());
    EscalonError::new(
        &e.to_string(),
        e.code().as_str(),
        e.path().as_str(),
        line,
        column,
        diagnostics(e.diagnostics()),
    )
    .into()
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        to_js(&e)
    }
}
