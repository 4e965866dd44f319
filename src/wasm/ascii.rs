//! Short ASCII text (instants, durations, dates) across the boundary, through `ascii.js`: a
//! string argument is copied into a buffer on the stack, and an instant answer is made into a JS
//! string from one, with no allocation on either side. wasm-bindgen's own conversions allocate for every string and decode
//! answers with a `TextDecoder`; for a calendar call that took more time than the arithmetic.
//! Anything that is not short ASCII goes the general way.

use std::cell::Cell;

use chrono::{DateTime, Utc};
use wasm_bindgen::prelude::*;

use crate::calendar::with_instant_text;

#[wasm_bindgen(module = "/src/wasm/ascii.js")]
extern "C" {
    fn attach(memory: JsValue);
    #[wasm_bindgen(js_name = writeAscii)]
    fn write_ascii(v: &JsValue, ptr: *mut u8, cap: usize) -> i32;
    #[wasm_bindgen(js_name = readAscii)]
    fn read_ascii(ptr: *const u8, len: usize) -> JsValue;
}

thread_local! {
    static ATTACHED: Cell<bool> = const { Cell::new(false) };
}

/// Hands `ascii.js` the module's memory, once.
fn attached() {
    ATTACHED.with(|a| {
        if !a.get() {
            attach(wasm_bindgen::memory());
            a.set(true);
        }
    });
}

/// Longer than any instant written the usual way (35 bytes with nine fraction digits and an
/// offset).
const CAP: usize = 48;

/// `f` of the string `v`, or `None` when `v` is not a string.
pub(crate) fn with_str<R>(v: &JsValue, f: impl FnOnce(&str) -> R) -> Option<R> {
    attached();
    let mut buf = [0u8; CAP];
    let n = write_ascii(v, buf.as_mut_ptr(), CAP);
    if n == -1 {
        return None;
    }
    // Only what the JS side wrote is read, and it is checked to be UTF-8 (ASCII) here.
    let short = usize::try_from(n).ok().and_then(|n| buf.get(..n)).and_then(|b| std::str::from_utf8(b).ok());
    match short {
        Some(s) => Some(f(s)),
        None => v.as_string().map(|s| f(&s)),
    }
}

/// An instant as the JS string [`crate::format_instant`] writes.
pub(crate) fn instant(t: DateTime<Utc>) -> JsValue {
    with_instant_text(t, |s| {
        if s.is_ascii() {
            attached();
            read_ascii(s.as_ptr(), s.len())
        } else {
            JsValue::from_str(s)
        }
    })
}
