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

/// An SLA vector as a policy, a ticket and `now` (the vector format is documented in
/// tests/vectors/README.md): one SLA policy over priorities P1..P4.
pub fn sla_request(case: &Value) -> Value {
    let priorities = ["P1", "P2", "P3", "P4"];
    let calendar = case["calendar"].clone();
    let (calendars, cal_name) =
        if calendar == json!("24x7") { (json!({}), "24x7") } else { (json!({ "case": calendar }), "case") };
    let mut targets = Map::new();
    for p in priorities {
        let mut row = Map::new();
        for (metric, t) in case["targets"].as_object().expect("targets") {
            let d = if t.is_string() { Some(t.clone()) } else { t.get(p).cloned() };
            if let Some(d) = d {
                row.insert(metric.clone(), d);
            }
        }
        targets.insert(p.to_owned(), Value::Object(row));
    }
    let mut sla =
        json!({"name": "case", "calendar": cal_name, "targets": targets, "pause": case["pause"].clone()});
    if let Some(w) = case.get("warnings") {
        sla["warnings"] = w.clone();
    }
    if let Some(o) = case.get("onPriorityChange") {
        sla["onPriorityChange"] = o.clone();
    }
    let policy = json!({
        "version": 1,
        "calendars": calendars,
        "priorities": priorities,
        "priority": {"default": "P3"},
        "slas": [sla]
    });
    let t = &case["ticket"];
    let ticket = json!({
        "id": case["id"].clone(),
        "createdAt": t["createdAt"].clone(),
        "status": t["status"].clone(),
        "fields": {"priority": t["priority"].clone()},
        "events": t["events"].clone()
    });
    json!({"op": "evaluate", "policy": policy, "ticket": ticket, "now": case["now"].clone()})
}

#[test]
fn sla_vectors_all_pass() {
    let file = load("sla.json");
    let cases = file["cases"].as_array().expect("cases");
    assert!(cases.len() >= 20, "expected the 20 shared cases, found {}", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let req = sla_request(case);
        let got: Value =
            serde_json::from_str(&escalon::request::handle_line(&req.to_string())).expect("response JSON");
        let Some(result) = got.get("result") else {
            failures.push(format!("{id}: error {got}"));
            continue;
        };
        for (metric, want) in case["expect"].as_object().expect("expect") {
            let m = &result["metrics"][metric];
            for key in ["state", "elapsed", "dueAt", "remaining", "warnings"] {
                if let Some(w) = want.get(key) {
                    if m.get(key) != Some(w) {
                        failures.push(format!(
                            "{id} {metric}.{key}: want {w}, got {}",
                            m.get(key).unwrap_or(&Value::Null)
                        ));
                    }
                }
            }
            // The counted segments of the trace sum to the reported elapsed time.
            let counted: i64 = m["trace"]
                .as_array()
                .expect("trace")
                .iter()
                .filter(|s| s["code"] == "counted")
                .map(|s| s["seconds"].as_i64().expect("seconds"))
                .sum();
            if Some(counted) != m["elapsed"].as_i64() {
                failures.push(format!("{id} {metric}: trace sums to {counted}, elapsed {}", m["elapsed"]));
            }
        }
    }
    assert!(failures.is_empty(), "{} SLA vector checks failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn priority_vectors_all_pass() {
    let file = load("priority.json");
    let mut checked = 0;
    for case in file["cases"].as_array().expect("cases") {
        let matrix = &case["matrix"];
        let mut priorities: Vec<Value> = Vec::new();
        for row in matrix["table"].as_array().expect("table") {
            for cell in row.as_array().expect("row") {
                if !priorities.contains(cell) {
                    priorities.push(cell.clone());
                }
            }
        }
        let policy = json!({
            "version": 1,
            "priorities": priorities,
            "priority": {"matrix": matrix, "default": priorities[0]},
            "slas": []
        });
        let policy = escalon::Policy::from_value(&policy).unwrap_or_else(|e| panic!("{}: {e}", case["id"]));
        for lookup in case["cases"].as_array().expect("lookups") {
            let ticket = escalon::Ticket::from_value(&json!({
                "id": "t", "createdAt": "2026-01-01T00:00:00Z",
                "fields": {"impact": lookup["impact"], "urgency": lookup["urgency"]}
            }))
            .expect("ticket");
            let now = escalon::parse_instant("2026-01-01T00:00:00Z").expect("now");
            let e = policy.evaluate(&ticket, now).expect("evaluate");
            assert_eq!(json!(e.priority.value), lookup["expect"], "{} {lookup}", case["id"]);
            assert_eq!(
                e.priority.cell,
                Some([
                    lookup["impact"].as_str().unwrap().to_owned(),
                    lookup["urgency"].as_str().unwrap().to_owned()
                ])
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 37, "the shared file has 37 lookups");
}
