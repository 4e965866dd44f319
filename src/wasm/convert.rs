//! JS values to documents and instants, and results back to plain JS objects. No domain rules.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::calendar::parse_instant;
use crate::document::parse_json;
use crate::error::{Code, Error, Pointer};

/// A document given as a plain JS object, or as JSON text. An object crosses as its
/// `JSON.stringify` text: one call, where walking it would cross the boundary once per value.
pub(crate) fn document(v: &JsValue, what: &str) -> Result<Value, Error> {
    parse_json(&document_text(v, what)?)
}

/// A document's JSON text: the string itself, or an object's `JSON.stringify` text.
pub(crate) fn document_text(v: &JsValue, what: &str) -> Result<String, Error> {
    if let Some(text) = v.as_string() {
        return Ok(text);
    }
    let wrong = |detail: String| {
        Error::new(
            Code::DocumentWrongType,
            Pointer::root(),
            format!("{what} is not a JSON document: {detail}"),
        )
    };
    if v.is_undefined() || v.is_function() || v.is_symbol() || v.is_bigint() {
        return Err(wrong(format!("found {}", v.js_typeof().as_string().unwrap_or_default())));
    }
    // JSON.stringify writes a Map or a Set as `{}`: say so rather than report its keys missing.
    if v.is_instance_of::<js_sys::Map>() || v.is_instance_of::<js_sys::Set>() {
        return Err(wrong("found a Map or a Set; pass a plain object or an array".to_owned()));
    }
    match js_sys::JSON::stringify(v) {
        Ok(text) => text.as_string().ok_or_else(|| wrong("it has no JSON form".to_owned())),
        Err(e) => Err(wrong(
            e.dyn_ref::<js_sys::Error>()
                .map_or_else(|| "JSON.stringify failed".to_owned(), |e| e.message().into()),
        )),
    }
}

/// A string argument named `name`.
pub(crate) fn text(v: &JsValue, name: &str) -> Result<String, Error> {
    v.as_string()
        .ok_or_else(|| Error::new(Code::DocumentWrongType, Pointer::root().key(name), "expected a string"))
}

/// An instant given as an RFC 3339 string or a `Date`.
pub(crate) fn instant(v: &JsValue, name: &str) -> Result<DateTime<Utc>, Error> {
    let path = || Pointer::root().key(name);
    if let Some(s) = v.as_string() {
        return parse_instant(&s).map_err(|e| e.under(&path()));
    }
    if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        let ms = d.get_time();
        if !ms.is_finite() {
            return Err(Error::new(Code::InstantInvalid, path(), "invalid Date"));
        }
        let ms = epoch_ms(ms, path)?;
        return DateTime::from_timestamp_millis(ms).ok_or_else(|| Error::internal("instant out of range"));
    }
    Err(Error::new(Code::InstantInvalid, path(), "expected an RFC 3339 string or a Date"))
}

/// An instant given as epoch milliseconds: a whole number within the range of instants.
/// The path is built only for an error.
pub(crate) fn epoch_ms(ms: f64, path: impl FnOnce() -> Pointer) -> Result<i64, Error> {
    // The cast is exact: the value is a whole number within ±8.64e15.
    if ms.is_finite() && ms.fract() == 0.0 && ms.abs() <= 8.64e15 && crate::calendar::ms_in_range(ms as i64) {
        return Ok(ms as i64);
    }
    Err(Error::new(
        Code::InstantInvalid,
        path(),
        format!(
            "invalid instant {ms}: expected a whole number of epoch milliseconds, as Date.getTime() gives"
        ),
    ))
}

/// Instants given as a `Float64Array` or an array of numbers (each converted as JS converts a
/// number), copied into wasm memory in one go.
pub(crate) fn epoch_ms_list(v: &JsValue, name: &str) -> Result<Vec<f64>, Error> {
    if let Some(a) = v.dyn_ref::<js_sys::Float64Array>() {
        return Ok(a.to_vec());
    }
    if js_sys::Array::is_array(v) {
        return Ok(js_sys::Float64Array::new(v).to_vec());
    }
    Err(Error::new(
        Code::DocumentWrongType,
        Pointer::root().key(name),
        "expected a Float64Array or an array of epoch milliseconds",
    ))
}

/// A result as a plain JS object (maps as objects, `None` as `null`). It crosses as JSON text and
/// one `JSON.parse`, which is several times faster than building the object value by value.
pub(crate) fn to_js<T: Serialize>(v: &T) -> Result<JsValue, Error> {
    parse_js(&to_json_text(v)?)
}

/// A result as JSON text.
pub(crate) fn to_json_text<T: Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|e| Error::internal(format!("result conversion failed: {e}")))
}

/// JSON text written by escalon as a JS value.
pub(crate) fn parse_js(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|_| Error::internal("result conversion failed: JSON.parse"))
}
