//! `evaluate` (and `timeline`) on an arbitrary policy, ticket and `now`, given as one JSON
//! document `{"policy", "ticket", "now"}`: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else { return };
    let (Ok(p), Ok(t)) = (escalon::Policy::from_value(&v["policy"]), escalon::Ticket::from_value(&v["ticket"])) else {
        return;
    };
    let Some(now) = v["now"].as_str().and_then(|s| escalon::parse_instant(s).ok()) else { return };
    if let Ok(e) = p.evaluate(&t, now) {
        let _ = e.to_json();
    }
    let _ = p.timeline(&t, now, now + chrono::TimeDelta::days(3));
});
