//! JS values to documents and instants, and results back to plain JS objects. No domain rules.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::calendar::parse_instant;
use crate::document::parse_json;
use crate::error::{Code, Error, Pointer};

/// A document given as a plain JS object, or as JSON text.
pub(crate) fn document(v: &JsValue, what: &str) -> Result<Value, Error> {
    if let Some(text) = v.as_string() {
        return parse_json(&text);
    }
    serde_wasm_bindgen::from_value::<Value>(v.clone()).map_err(|e| {
        Error::new(Code::DocumentWrongType, Pointer::root(), format!("{what} is not a JSON document: {e}"))
    })
}

/// A string argument named `name`.
pub(crate) fn text(v: &JsValue, name: &str) -> Result<String, Error> {
    v.as_string()
        .ok_or_else(|| Error::new(Code::DocumentWrongType, Pointer::root().key(name), "expected a string"))
}

/// An instant given as an RFC 3339 string or a `Date`.
pub(crate) fn instant(v: &JsValue, name: &str) -> Result<DateTime<Utc>, Error> {
    let path = Pointer::root().key(name);
    if let Some(s) = v.as_string() {
        return parse_instant(&s).map_err(|e| e.under(&path));
    }
    if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        let ms = d.get_time();
        if ms.is_finite() && ms.fract() == 0.0 && ms.abs() < 8.64e15 {
            // The cast is exact: the value is a whole number within ±8.64e15.
            return DateTime::from_timestamp_millis(ms as i64)
                .ok_or_else(|| Error::new(Code::InstantInvalid, path.clone(), "the Date is out of range"));
        }
        return Err(Error::new(Code::InstantInvalid, path, "invalid Date"));
    }
    Err(Error::new(Code::InstantInvalid, path, "expected an RFC 3339 string or a Date"))
}

/// A result as a plain JS object (maps as objects, `None` as `null`).
pub(crate) fn to_js<T: Serialize>(v: &T) -> Result<JsValue, Error> {
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    v.serialize(&s).map_err(|e| Error::internal(format!("result conversion failed: {e}")))
}
