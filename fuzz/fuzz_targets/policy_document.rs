//! Policy document parse, validate and lint: any bytes, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = escalon::Policy::from_json(text) {
            let _ = p.lint();
        }
    }
});
