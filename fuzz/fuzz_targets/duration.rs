//! The duration grammar: any text parses to an amount or a typed error, and an amount's text
//! parses back to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(a) = text.parse::<escalon::Amount>() {
            assert_eq!(a.to_string().parse::<escalon::Amount>().ok(), Some(a));
        }
    }
});
