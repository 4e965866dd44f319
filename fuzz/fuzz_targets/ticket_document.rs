//! A ticket document as JSON text: `Ticket::from_json` (which reads valid tickets straight from
//! the text and leaves anything else to the checked reader) gives exactly what the checked reader
//! gives on the parsed document: the same ticket, or the same error with every diagnostic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        assert!(escalon::Ticket::from_json(text).is_err(), "not JSON, yet read: {text}");
        return;
    };
    // The whole answer: the ticket, or the error with every diagnostic.
    assert_eq!(escalon::Ticket::from_json(text), escalon::Ticket::from_value(&v), "{text}");
});
