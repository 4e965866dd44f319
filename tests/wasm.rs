//! The WebAssembly surface, run by wasm-bindgen-test in Node and in headless Chromium: value
//! conversion, the shape of thrown errors, the shared vectors, and no panic on bad input.
#![cfg(target_arch = "wasm32")]

use escalon::wasm::{handle_request, validate_policy, JsCalendar, JsPolicy};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn nine_to_five() -> JsValue {
    js_sys::JSON::parse(
        r#"{"timeZone": "Europe/Paris", "hours": {"mon": [["08:00","18:00"]], "tue": [["08:00","18:00"]],
            "wed": [["08:00","18:00"]], "thu": [["08:00","18:00"]], "fri": [["08:00","18:00"]]}}"#,
    )
    .unwrap()
}

#[wasm_bindgen_test]
fn calendar_accepts_strings_and_dates() {
    let cal = JsCalendar::new(nine_to_five()).unwrap();
    // GLPI's example: H+4 from Tuesday 16:00 CET is Wednesday 10:00 CET = 09:00Z.
    assert_eq!(
        cal.add(JsValue::from_str("2026-01-13T16:00:00+01:00"), "4h".into()).unwrap(),
        "2026-01-14T09:00:00Z"
    );
    let date = js_sys::Date::new(&JsValue::from_str("2026-01-13T15:00:00Z"));
    assert_eq!(cal.add(date.into(), "4h".into()).unwrap(), "2026-01-14T09:00:00Z");
    assert_eq!(cal.time_zone(), "Europe/Paris");
    let periods = cal.periods("2026-01-12T00:00:00Z".into(), "2026-01-13T00:00:00Z".into()).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&periods).unwrap(),
        r#"[["2026-01-12T07:00:00Z","2026-01-12T17:00:00Z"]]"#
    );
}

#[wasm_bindgen_test]
fn instants_cross_as_short_ascii_text_and_the_general_way() {
    let cal = JsCalendar::new(nine_to_five()).unwrap();
    // GLPI's example with a fraction: from Tuesday 16:00:00.250 CET, 1h59m59.75s to 18:00, then
    // 2h0m0.25s from Wednesday 08:00 CET: 10:00:00.250 CET = 09:00:00.250Z. Nine fraction digits
    // fit the short buffer, thirty do not; both keep the millisecond.
    for at in
        ["2026-01-13T16:00:00.250999999+01:00", "2026-01-13T16:00:00.250999999999999999999999999999+01:00"]
    {
        assert_eq!(cal.add(at.into(), "4h".into()).unwrap(), "2026-01-14T09:00:00.250Z", "{at}");
    }
    // Text that is not ASCII is read the general way and reported whole.
    let bad = cal.add("2026-01-13T16:00:00+01:00é".into(), "4h".into()).unwrap_err();
    assert_eq!((get(&bad, "code"), get(&bad, "path")), ("instant.invalid".into(), "/at".into()));
    assert!(get(&bad, "message").as_string().unwrap().contains("\"2026-01-13T16:00:00+01:00é\""));
    // After the memory grows (which detaches the buffer the snippet viewed), text still crosses.
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let pages = memory.grow(16);
    assert!(pages > 0);
    assert_eq!(cal.add("2026-01-13T16:00:00+01:00".into(), "4h".into()).unwrap(), "2026-01-14T09:00:00Z");
    assert_eq!(cal.next_open("2026-01-17T12:00:00Z".into()).unwrap(), "2026-01-19T07:00:00Z");
}

#[wasm_bindgen_test]
fn millisecond_calls_and_batches_answer_as_the_text_calls() {
    let cal = JsCalendar::new(nine_to_five()).unwrap();
    // The same GLPI example in epoch milliseconds: 2026-01-13T15:00:00Z is 1768316400000 ms
    // (20,466 days of 86,400,000 ms after 1970 plus 15 h); the answer 2026-01-14T09:00:00Z is 18 h later.
    let start = 1_768_316_400_000.0;
    assert_eq!(cal.add_ms(Some(start), "4h".into()).unwrap(), start + 18.0 * 3_600_000.0);
    let starts = js_sys::Float64Array::from(&[start, start][..]);
    assert_eq!(cal.add_many(starts.into(), "4h".into()).unwrap(), vec![start + 18.0 * 3_600_000.0; 2]);
    // Tuesday 15:00Z to Wednesday 09:00Z: 16:00-18:00 CET on Tuesday, 08:00-10:00 CET on Wednesday.
    assert_eq!(cal.elapsed_ms(Some(start), Some(start + 18.0 * 3_600_000.0)).unwrap(), 4.0 * 3_600_000.0);
    let bad =
        cal.add_many(js_sys::Float64Array::from(&[start, f64::NAN][..]).into(), "4h".into()).unwrap_err();
    assert_eq!(get(&bad, "code"), "instant.invalid");
    assert_eq!(get(&bad, "path"), "/at/1");
    let not_a_list = cal.add_many(JsValue::NULL, "4h".into()).unwrap_err();
    assert_eq!(
        (get(&not_a_list, "code"), get(&not_a_list, "path")),
        ("document.wrong_type".into(), "/at".into())
    );
}

#[wasm_bindgen_test]
fn errors_are_escalon_errors_with_code_and_path() {
    let err = JsCalendar::new(js_sys::JSON::parse(r#"{"timeZone": "Mars/Base", "hours": {}}"#).unwrap())
        .unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "name"), "EscalonError");
    assert_eq!(get(&err, "code"), "calendar.unknown_time_zone");
    assert_eq!(get(&err, "path"), "/timeZone");
    let diagnostics: js_sys::Array = get(&err, "diagnostics").unchecked_into();
    assert_eq!(diagnostics.length(), 1);
    let syntax = JsPolicy::new(JsValue::from_str("{\n  \"version\": 1,\n  oops\n}")).unwrap_err();
    assert_eq!(get(&syntax, "code"), "document.syntax");
    assert_eq!(get(&syntax, "line"), 3);
    let cal = JsCalendar::new(nine_to_five()).unwrap();
    let naive = cal.add("2026-01-13T16:00:00".into(), "4h".into()).unwrap_err();
    assert_eq!(get(&naive, "code"), "instant.missing_offset");
    assert_eq!(get(&naive, "path"), "/at");
}

#[wasm_bindgen_test]
fn garbage_never_panics_and_the_instance_keeps_working() {
    let cal = JsCalendar::new(nine_to_five()).unwrap();
    let garbage: Vec<JsValue> = vec![
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from_f64(f64::NAN),
        JsValue::from_str(""),
        JsValue::from_str("9999-99-99T99:99:99Z"),
        js_sys::Date::new(&JsValue::from_str("nonsense")).into(),
        js_sys::Object::new().into(),
    ];
    let durations = ["", "-1h", "1d 4h", "99999999999999999999h", "PT", "8"];
    for i in 0..1000 {
        let g = &garbage[i % garbage.len()];
        assert!(cal.add(g.clone(), "1h".into()).is_err());
        assert!(cal.add("2026-01-13T16:00:00Z".into(), g.clone()).is_err());
        assert!(cal.add("2026-01-13T16:00:00Z".into(), durations[i % durations.len()].into()).is_err());
        assert!(JsCalendar::new(g.clone()).is_err());
        assert!(JsPolicy::new(g.clone()).is_err());
    }
    assert_eq!(
        cal.add(JsValue::from_str("2026-01-13T16:00:00+01:00"), "4h".into()).unwrap(),
        "2026-01-14T09:00:00Z"
    );
    let v = validate_policy(JsValue::from_str("not json"));
    assert_eq!(get(&v, "valid"), false);
}

#[wasm_bindgen_test]
fn calendar_vectors_give_their_expected_answers_in_wasm() {
    let file: Value = serde_json::from_str(include_str!("vectors/calendar.json")).unwrap();
    let mut checked = 0;
    for case in file["cases"].as_array().unwrap() {
        let mut req = serde_json::Map::new();
        req.insert("calendar".into(), case["calendar"].clone());
        req.insert("op".into(), case["op"].clone());
        for (k, v) in case["args"].as_object().unwrap() {
            req.insert(k.clone(), v.clone());
        }
        let got: Value =
            serde_json::from_str(&handle_request(Value::Object(req).to_string().into())).unwrap();
        let want = &case["expect"];
        match want.get("error") {
            Some(code) => assert_eq!(&got["error"]["code"], code, "{}", case["id"]),
            None => assert_eq!(got.get("result"), Some(want), "{}", case["id"]),
        }
        checked += 1;
    }
    assert!(checked >= 91);
}
