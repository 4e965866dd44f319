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

#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &js_sys::JsString, into: &js_sys::Uint8Array) -> Encoded;
    type Encoded;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Encoded) -> f64;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> f64;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// Strings shorter than this cross by wasm-bindgen's own copy.
const LONG_TEXT: u32 = 1024;

/// A JS string as UTF-8. A long one is written straight into a Rust buffer by the host's
/// `TextEncoder.encodeInto` (a native copy), where wasm-bindgen's own conversion copies it one
/// character at a time in JS. A lone surrogate becomes U+FFFD either way.
fn utf8(s: &js_sys::JsString) -> String {
    let units = s.length();
    if units < LONG_TEXT {
        return String::from(s);
    }
    let units = units as usize;
    // Enough for ASCII; what does not fit is encoded again from where the first pass stopped.
    let mut buf: Vec<u8> = Vec::with_capacity(units);
    let mut read = 0usize;
    loop {
        let rest = if read == 0 { s.clone() } else { s.slice(read as u32, units as u32) };
        let spare = buf.spare_capacity_mut();
        // SAFETY: the view covers the vector's spare capacity, which nothing else uses while
        // encodeInto writes into it; nothing runs in this module during the call, so the memory
        // cannot grow (and move) under the view, and the view is dropped right after it.
        let view = unsafe { js_sys::Uint8Array::view_mut_raw(spare.as_mut_ptr().cast::<u8>(), spare.len()) };
        let done = ENCODER.with(|e| e.encode_into(&rest, &view));
        drop(view);
        let (r, w) = (done.read() as usize, done.written() as usize);
        if w > buf.capacity() - buf.len() || r > units - read || r == 0 {
            // Not what encodeInto promises; wasm-bindgen's own copy is the safe answer.
            return String::from(s);
        }
        // SAFETY: encodeInto wrote `w` bytes of UTF-8 into the spare capacity, checked above.
        unsafe { buf.set_len(buf.len() + w) };
        read += r;
        if read == units {
            break;
        }
        // Three bytes per UTF-16 unit is enough for any text, so the next pass finishes.
        buf.reserve((units - read) * 3);
    }
    String::from_utf8(buf).unwrap_or_else(|_| String::from(s))
}

/// A document's JSON text: the string itself, or an object's `JSON.stringify` text.
pub(crate) fn document_text(v: &JsValue, what: &str) -> Result<String, Error> {
    if let Some(text) = v.dyn_ref::<js_sys::JsString>() {
        return Ok(utf8(text));
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
        Ok(text) if text.is_string() => Ok(utf8(&text)),
        Ok(_) => Err(wrong("it has no JSON form".to_owned())),
        Err(e) => Err(wrong(
            e.dyn_ref::<js_sys::Error>()
                .map_or_else(|| "JSON.stringify failed".to_owned(), |e| e.message().into()),
        )),
    }
}

/// `read` of the string argument named `name`; its errors are placed under `/name`.
pub(crate) fn text<T>(
    v: &JsValue,
    name: &str,
    read: impl FnOnce(&str) -> Result<T, Error>,
) -> Result<T, Error> {
    let path = || Pointer::root().key(name);
    super::ascii::with_str(v, read)
        .ok_or_else(|| Error::new(Code::DocumentWrongType, path(), "expected a string"))?
        .map_err(|e| e.under(&path()))
}

/// An instant given as an RFC 3339 string or a `Date`.
pub(crate) fn instant(v: &JsValue, name: &str) -> Result<DateTime<Utc>, Error> {
    let path = || Pointer::root().key(name);
    if let Some(t) = super::ascii::with_str(v, parse_instant) {
        return t.map_err(|e| e.under(&path()));
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

/// An instant argument given as epoch milliseconds, then checked by [`epoch_ms`]. `null` and
/// `undefined` arrive as `None` and are `instant.invalid`, not 0. (Other values are converted by
/// JS before the call, as for any number argument: a string that is not a number becomes NaN,
/// which is invalid too.)
pub(crate) fn epoch_ms_given(v: Option<f64>, path: impl FnOnce() -> Pointer) -> Result<i64, Error> {
    match v {
        Some(ms) => epoch_ms(ms, path),
        None => Err(not_a_number("null or undefined", path())),
    }
}

/// `instant.invalid` for an argument or entry that is not a number; `found` names what it is.
fn not_a_number(found: &str, path: Pointer) -> Error {
    Error::new(
        Code::InstantInvalid,
        path,
        format!("expected epoch milliseconds (a number, as Date.getTime() gives), found {found}"),
    )
}

/// A JS value's type for a message: `typeof`, with `null` and arrays named.
fn js_type(v: &JsValue) -> String {
    if v.is_null() {
        "null".to_owned()
    } else if js_sys::Array::is_array(v) {
        "an array".to_owned()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

/// Instants given as a `Float64Array` (copied into wasm memory in one go) or an array whose
/// entries are all numbers (anything else is `instant.invalid` at its index).
pub(crate) fn epoch_ms_list(v: &JsValue, name: &str) -> Result<Vec<f64>, Error> {
    if let Some(a) = v.dyn_ref::<js_sys::Float64Array>() {
        return Ok(a.to_vec());
    }
    if js_sys::Array::is_array(v) {
        return js_sys::Array::unchecked_from_js_ref(v)
            .iter()
            .enumerate()
            .map(|(i, x): (usize, JsValue)| {
                x.as_f64().ok_or_else(|| not_a_number(&js_type(&x), Pointer::root().key(name).index(i)))
            })
            .collect();
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
