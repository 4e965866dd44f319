//! Runs the public-doc vectors in `tests/vectors/` (copied from the project's shared vectors,
//! with their sources) through the conformance protocol, so the runner is tested too.

use serde_json::{json, Map, Value};

fn load(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A calendar vector as a conformance request: `args` flattened into the request.
pub fn calendar_request(case: &Value) -> Value {
    let mut req = Map::new();
    req.insert("calendar".into(), case["calendar"].clone());
    req.insert("op".into(), case["op"].clone());
    for (k, v) in case["args"].as_object().expect("args") {
        req.insert(k.clone(), v.clone());
    }
    Value::Object(req)
}

#[test]
fn calendar_vectors_all_pass() {
    let file = load("calendar.json");
    let cases = file["cases"].as_array().expect("cases");
    assert!(cases.len() >= 91, "expected the 91 shared cases, found {}", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let req = calendar_request(case);
        let got: Value =
            serde_json::from_str(&escalon::request::handle_line(&req.to_string())).expect("response JSON");
        let want = &case["expect"];
        let ok = match want.get("error") {
            Some(code) => got["error"]["code"] == *code,
            None => got.get("result") == Some(want),
        };
        if !ok {
            failures.push(format!("{id}: want {want}, got {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} calendar vectors failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn calendar_vector_ids_are_unique_and_sourced() {
    let file = load("calendar.json");
    let mut ids = std::collections::BTreeSet::new();
    for case in file["cases"].as_array().expect("cases") {
        assert!(ids.insert(case["id"].as_str().expect("id").to_owned()), "duplicate id {}", case["id"]);
        assert!(case["source"].as_str().is_some_and(|s| !s.is_empty()), "{} has no source", case["id"]);
    }
    let _ = json!(null);
}
