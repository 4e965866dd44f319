//! Calendar operations on arbitrary calendars and instants: conformance requests (any op, any
//! calendar, any instant) answered without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = escalon::request::handle_line(text);
    }
});
