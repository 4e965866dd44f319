//! Policy behaviours beyond the shared vectors, each with its expected numbers worked out by hand
//! in a comment: custom metrics, re-matching on field changes and on age, lint warnings.

use escalon::{parse_instant, Policy, Ticket};
use serde_json::{json, Value};

const NINE_TO_FIVE_UTC: &str = r#"{"timeZone": "Etc/UTC", "hours": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]],
  "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}"#;

fn policy(extra: Value) -> Policy {
    let mut doc = json!({
        "version": 1,
        "calendars": {"office": serde_json::from_str::<Value>(NINE_TO_FIVE_UTC).unwrap()},
        "priorities": ["P1", "P2", "P3"],
        "priority": {"default": "P3"},
        "slas": []
    });
    for (k, v) in extra.as_object().unwrap() {
        doc[k] = v.clone();
    }
    Policy::from_value(&doc).unwrap_or_else(|e| panic!("{e}: {:?}", e.diagnostics()))
}

fn eval(p: &Policy, ticket: Value, now: &str) -> Value {
    let t = Ticket::from_value(&ticket).unwrap();
    serde_json::to_value(p.evaluate(&t, parse_instant(now).unwrap()).unwrap()).unwrap()
}

#[test]
fn custom_metric_acknowledge_stops_at_ack() {
    let p = policy(json!({
        "metrics": {"acknowledge": {"start": [{"event": "created"}], "stop": [{"event": "ack"}]}},
        "slas": [{"name": "s", "calendar": "office", "targets": {"P3": {"acknowledge": "30m"}}}]
    }));
    // Created Mon 2026-02-16 16:50, acked Tue 09:15: 10m Monday + 15m Tuesday = 25m <= 30m.
    let e = eval(
        &p,
        json!({"id": 1, "createdAt": "2026-02-16T16:50:00Z", "events": [{"at": "2026-02-17T09:15:00Z", "type": "ack"}]}),
        "2026-02-17T12:00:00Z",
    );
    let m = &e["metrics"]["acknowledge"];
    assert_eq!(m["state"], "achieved");
    assert_eq!(m["elapsed"], 1500);
}

#[test]
fn custom_metric_reset_starts_a_new_cycle() {
    let p = policy(json!({
        "metrics": {"touch": {"start": [{"event": "created"}], "stop": [{"event": "status", "status": "solved"}],
                              "reset": [{"event": "reply", "by": "agent", "public": true}]}},
        "slas": [{"name": "s", "calendar": "office", "targets": {"P3": {"touch": "2h"}}}]
    }));
    // Cycle 1: Mon 09:00-10:00 (1h), reset by the reply at 10:00. Cycle 2 from 10:00 to now 13:00 =
    // 3h > 2h: breached at 12:00.
    let e = eval(
        &p,
        json!({"id": 1, "createdAt": "2026-02-16T09:00:00Z", "status": "open",
               "events": [{"at": "2026-02-16T10:00:00Z", "type": "reply", "by": "agent", "public": true}]}),
        "2026-02-16T13:00:00Z",
    );
    let m = &e["metrics"]["touch"];
    assert_eq!(m["cycles"].as_array().unwrap().len(), 2);
    assert_eq!(m["cycles"][0]["elapsed"], 3600);
    assert_eq!(m["state"], "breached");
    assert_eq!(m["elapsed"], 3 * 3600);
    assert_eq!(m["breachedAt"], "2026-02-16T12:00:00Z");
    assert_eq!(m["dueAt"], "2026-02-16T12:00:00Z");
}

#[test]
fn sla_rematches_when_a_field_changes_and_keeps_elapsed() {
    let p = policy(json!({
        "slas": [
            {"name": "Gold", "when": {"field": "tier", "is": "gold"}, "calendar": "office", "targets": {"P3": {"resolution": "4h"}}},
            {"name": "Standard", "calendar": "office", "targets": {"P3": {"resolution": "8h"}}}
        ]
    }));
    // Standard from Mon 09:00; tier becomes gold at 11:00 -> Gold (4h), 2h already elapsed carry over.
    // At 12:00: elapsed 3h, remaining 1h, due 13:00.
    let e = eval(
        &p,
        json!({"id": 1, "createdAt": "2026-02-16T09:00:00Z", "status": "open",
               "events": [{"at": "2026-02-16T11:00:00Z", "type": "update", "fields": {"tier": "gold"}}]}),
        "2026-02-16T12:00:00Z",
    );
    assert_eq!(e["sla"]["name"], "Gold");
    assert_eq!(e["sla"]["matched"], "/slas/0/when");
    let m = &e["metrics"]["resolution"];
    assert_eq!(
        (m["elapsed"].clone(), m["remaining"].clone(), m["dueAt"].clone()),
        (json!(10800), json!(3600), json!("2026-02-16T13:00:00Z"))
    );
    assert!(e["trace"].as_array().unwrap().iter().any(|s| s["code"] == "sla-changed" && s["to"] == "Gold"));
}

#[test]
fn priority_rematches_on_age_without_an_event() {
    let p = policy(json!({
        "priority": {"default": "P3", "rules": [{"when": {"field": "ageHours", "gte": 2}, "raise": 1}]},
        "slas": [{"name": "s", "calendar": "24x7", "targets": {"P2": {"resolution": "4h"}, "P3": {"resolution": "8h"}},
                  "onPriorityChange": {"resolution": "restart"}}]
    }));
    // P3 until 11:00 (age 2h), then P2 with a restarted cycle: at 12:00 the new cycle has 1h.
    let e = eval(
        &p,
        json!({"id": 1, "createdAt": "2026-02-16T09:00:00Z", "status": "open"}),
        "2026-02-16T12:00:00Z",
    );
    assert_eq!(e["priority"]["value"], "P2");
    let m = &e["metrics"]["resolution"];
    assert_eq!(m["startedAt"], "2026-02-16T11:00:00Z");
    assert_eq!(m["elapsed"], 3600);
    assert_eq!(m["cycles"][0]["state"], "cancelled");
}

/// `ageHours` is re-matched at every hour an `is` or `in` comparison can change its answer, as
/// for `gte` and `lte`: the priority a rule gives from age 2h to 3h restarts the resolution
/// clock when it starts and when it ends. An escalation trigger on a condition that reads
/// `ageHours` fires when the ticket is old enough, and is the `next` change before that. (Such
/// comparisons had been matched only at events, so the clock kept the old target.)
#[test]
fn age_conditions_of_every_kind_are_rematched_as_the_ticket_ages() {
    let p = policy(json!({
        "priority": {"default": "P3", "rules": [{"when": {"field": "ageHours", "is": 2}, "raise": 1}]},
        "slas": [{"name": "s", "calendar": "24x7", "targets": {"P2": {"resolution": "4h"}, "P3": {"resolution": "8h"}},
                  "onPriorityChange": {"resolution": "restart"}}],
        "escalation": {"levels": [
            {"name": "Desk", "kind": "functional", "owner": {"team": "support"}},
            {"name": "Old", "kind": "hierarchical", "owner": {"role": "lead"}, "when": [{"when": {"field": "ageHours", "in": [2, 3]}}]}
        ]}
    }));
    let ticket = json!({"id": 1, "createdAt": "2026-02-16T09:00:00Z", "status": "open"});
    // Created 09:00. At 10:30 (age 1): P3, 8h target, 1h30m elapsed; the lead takes over at 11:00.
    let e = eval(&p, ticket.clone(), "2026-02-16T10:30:00Z");
    assert_eq!(e["priority"]["value"], "P3");
    assert_eq!(
        (&e["metrics"]["resolution"]["target"], &e["metrics"]["resolution"]["elapsed"]),
        (&json!(28_800), &json!(5_400))
    );
    assert_eq!(e["escalation"]["level"]["name"], "Desk");
    assert_eq!(
        (&e["escalation"]["next"]["level"]["name"], &e["escalation"]["next"]["at"]),
        (&json!("Old"), &json!("2026-02-16T11:00:00Z"))
    );
    // At 11:30 (age 2): P2 since 11:00, so a new 4h cycle started then with 30m; the lead since 11:00.
    let e = eval(&p, ticket.clone(), "2026-02-16T11:30:00Z");
    assert_eq!(e["priority"]["value"], "P2");
    let m = &e["metrics"]["resolution"];
    assert_eq!(
        (&m["target"], &m["elapsed"], &m["startedAt"]),
        (&json!(14_400), &json!(1_800), &json!("2026-02-16T11:00:00Z"))
    );
    assert_eq!(e["escalation"]["level"]["name"], "Old");
    assert_eq!(e["escalation"]["since"], "2026-02-16T11:00:00Z");
    // At 12:30 (age 3): P3 again since 12:00, a third cycle with 30m of its 8h.
    let e = eval(&p, ticket, "2026-02-16T12:30:00Z");
    assert_eq!(e["priority"]["value"], "P3");
    let m = &e["metrics"]["resolution"];
    assert_eq!(
        (&m["target"], &m["elapsed"], &m["startedAt"]),
        (&json!(28_800), &json!(1_800), &json!("2026-02-16T12:00:00Z"))
    );
    let starts: Vec<&Value> = m["cycles"].as_array().unwrap().iter().map(|c| &c["startedAt"]).collect();
    assert_eq!(
        starts,
        [&json!("2026-02-16T09:00:00Z"), &json!("2026-02-16T11:00:00Z"), &json!("2026-02-16T12:00:00Z")]
    );
}

/// Status changes are re-matched only when a condition reads the status or the reopen count:
/// these two policies check that both still are.
#[test]
fn status_and_reopen_conditions_rematch_on_status_events() {
    let p = policy(json!({
        "priority": {"default": "P3", "rules": [{"when": {"field": "status", "is": "on-hold"}, "raise": 1},
                                                {"when": {"field": "reopens", "gte": 1}, "set": "P1"}]},
        "slas": [{"name": "held", "when": {"field": "status", "is": "on-hold"}, "calendar": "24x7",
                  "targets": {"P2": {"resolution": "4h"}}},
                 {"name": "s", "calendar": "24x7", "targets": {"P1": {"resolution": "1h"}, "P3": {"resolution": "8h"}}}]
    }));
    let ticket = |events: Value| json!({"id": 1, "createdAt": "2026-02-16T09:00:00Z", "status": "open", "events": events});
    // On hold from 10:00: rule 0 raises P3 to P2 and SLA "held" applies from then.
    let e = eval(
        &p,
        ticket(json!([{"at": "2026-02-16T10:00:00Z", "type": "status", "status": "on-hold"}])),
        "2026-02-16T11:00:00Z",
    );
    assert_eq!(e["priority"]["value"], "P2");
    assert_eq!(e["sla"]["name"], "held");
    let changes: Vec<&str> = e["trace"].as_array().unwrap().iter().filter_map(|s| s["at"].as_str()).collect();
    assert_eq!(changes, ["2026-02-16T09:00:00Z", "2026-02-16T10:00:00Z", "2026-02-16T10:00:00Z"]);
    // Without a condition on the status, a reopen still re-matches: solved at 10:00 and reopened
    // at 10:30, one reopen sets P1 from 10:30.
    let p = policy(json!({
        "priority": {"default": "P3", "rules": [{"when": {"field": "reopens", "gte": 1}, "set": "P1"}]},
        "slas": [{"name": "s", "calendar": "24x7", "targets": {"P1": {"resolution": "1h"}, "P3": {"resolution": "8h"}}}]
    }));
    let e = eval(
        &p,
        ticket(json!([{"at": "2026-02-16T10:00:00Z", "type": "status", "status": "solved"},
                      {"at": "2026-02-16T10:30:00Z", "type": "status", "status": "open"}])),
        "2026-02-16T11:00:00Z",
    );
    assert_eq!(e["priority"]["value"], "P1");
    let changed = e["trace"].as_array().unwrap().iter().find(|s| s["code"] == "priority-changed").unwrap();
    assert_eq!(
        (changed["at"].as_str(), changed["from"].as_str(), changed["to"].as_str()),
        (Some("2026-02-16T10:30:00Z"), Some("P3"), Some("P1"))
    );
}

/// Many field updates (more than the overlay keeps before merging) and a flag after them: each
/// condition sees the latest value.
#[test]
fn many_field_updates_and_a_later_flag_are_all_seen() {
    let p = policy(json!({
        "priority": {"default": "P3", "rules": [{"when": {"field": "n", "gte": 30}, "raise": 1},
                                                {"when": {"field": "flags", "contains": "vip"}, "set": "P1"}]},
        "slas": [{"name": "s", "calendar": "24x7", "targets": {"P1": {"resolution": "1h"}}}]
    }));
    // Update k (k = 1..40) at 10:00 + k minutes sets n = k: n reaches 30 at 10:30, which raises
    // P3 to P2; the flag at 11:00 sets P1.
    let mut events: Vec<Value> = (1..=40)
        .map(|k| json!({"at": format!("2026-02-16T10:{:02}:00Z", k % 60), "type": "update", "fields": {"n": k}}))
        .take(40)
        .collect();
    // 10:40 is the last update; minutes 1..40 stay within the hour.
    events.push(json!({"at": "2026-02-16T11:00:00Z", "type": "flag", "flag": "vip"}));
    let e = eval(
        &p,
        json!({"id": 1, "createdAt": "2026-02-16T09:00:00Z", "status": "open", "events": events}),
        "2026-02-16T12:00:00Z",
    );
    assert_eq!(e["priority"]["value"], "P1");
    let changes: Vec<(&str, &str, &str)> = e["trace"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["code"] == "priority-changed")
        .map(|s| (s["at"].as_str().unwrap(), s["from"].as_str().unwrap(), s["to"].as_str().unwrap()))
        .collect();
    assert_eq!(changes, [("2026-02-16T10:30:00Z", "P3", "P2"), ("2026-02-16T11:00:00Z", "P2", "P1")]);
}

#[test]
fn events_after_now_are_ignored_and_traced() {
    let p = policy(
        json!({"slas": [{"name": "s", "calendar": "office", "targets": {"P3": {"first-response": "4h"}}}]}),
    );
    let e = eval(
        &p,
        json!({"id": 1, "createdAt": "2026-02-16T09:00:00Z", "status": "open",
               "events": [{"at": "2026-02-16T12:00:00Z", "type": "reply", "by": "agent", "public": true}]}),
        "2026-02-16T10:00:00Z",
    );
    assert_eq!(e["metrics"]["first-response"]["state"], "running");
    assert_eq!(e["trace"][0]["code"], "events-ignored");
    assert_eq!(e["trace"][0]["count"], 1);
}

/// A clock that used exactly its target at closing time, was paused, and counts again is due
/// where it would be without the pause: SEMANTICS.md section 5, `dueAt = add(last resume, target
/// - elapsed)`, here `add(resume, 0)`, the next opening when the resume is out of hours. Its 100%
/// warning and an escalation level at breach agree with it. Found by the property
/// `pausing_never_makes_a_due_time_earlier`: the pause's own instant had been answered.
#[test]
fn a_clock_resumed_with_its_target_used_up_is_due_at_the_next_business_instant() {
    let p = policy(json!({
        "slas": [{"name": "s", "calendar": "office", "warnings": ["75%", "100%"], "targets": {"P3": {"first-response": "4h"}}}],
        "escalation": {"levels": [
            {"name": "Desk", "kind": "functional", "owner": {"team": "support"}},
            {"name": "Lead", "kind": "hierarchical", "owner": {"role": "lead"}, "when": [{"metric": "first-response", "breached": true}]}
        ]}
    }));
    // Created Mon 2026-02-16 13:00 on the 09-17 UTC calendar: the 4h are used up at 17:00, closing
    // time. The paused copy is pending from 17:00 and open again at `resume`.
    let plain = json!({"id": 1, "createdAt": "2026-02-16T13:00:00Z", "status": "open"});
    let paused = |resume: &str| {
        json!({"id": 1, "createdAt": "2026-02-16T13:00:00Z", "status": "open", "events": [
            {"at": "2026-02-16T17:00:00Z", "type": "status", "status": "pending"},
            {"at": resume, "type": "status", "status": "open"}]})
    };
    // At 18:00, with or without a pending spell from 17:00 to 17:30: running, 0 left, due at the
    // next opening, Tue 09:00; 75% (3h) fired at 16:00, 100% fires at Tue 09:00 with the breach,
    // which is when the escalation goes to the lead.
    for ticket in [plain, paused("2026-02-16T17:30:00Z")] {
        let e = eval(&p, ticket, "2026-02-16T18:00:00Z");
        let m = &e["metrics"]["first-response"];
        assert_eq!(
            (&m["state"], &m["elapsed"], &m["remaining"]),
            (&json!("running"), &json!(14_400), &json!(0))
        );
        assert_eq!(m["dueAt"], "2026-02-17T09:00:00Z");
        assert_eq!(
            m["warnings"],
            json!([{"threshold": "75%", "at": "2026-02-16T16:00:00Z"}, {"threshold": "100%", "at": "2026-02-17T09:00:00Z"}])
        );
        assert_eq!(e["escalation"]["next"]["at"], "2026-02-17T09:00:00Z");
        assert_eq!(e["escalation"]["next"]["level"]["name"], "Lead");
    }
    // Pending until Tue 10:00, inside business hours: due at the resume itself, and breached from
    // it: at 10:30, 4h + 30m elapsed.
    let e = eval(&p, paused("2026-02-17T10:00:00Z"), "2026-02-17T10:00:00Z");
    assert_eq!(e["metrics"]["first-response"]["dueAt"], "2026-02-17T10:00:00Z");
    let e = eval(&p, paused("2026-02-17T10:00:00Z"), "2026-02-17T10:30:00Z");
    let m = &e["metrics"]["first-response"];
    assert_eq!((&m["state"], &m["elapsed"]), (&json!("breached"), &json!(16_200)));
    assert_eq!(
        (&m["breachedAt"], &m["dueAt"]),
        (&json!("2026-02-17T10:00:00Z"), &json!("2026-02-17T10:00:00Z"))
    );
    assert_eq!(e["escalation"]["level"]["name"], "Lead");
    assert_eq!(e["escalation"]["since"], "2026-02-17T10:00:00Z");
}

/// A breached clock that still counts reports when each of its warnings fired, as a stopped
/// one does (SEMANTICS.md section 5: "each is reported with the instant at which it fires"); they
/// had been null until the clock stopped. Found by the property
/// `a_pause_in_closed_hours_changes_no_figure`.
#[test]
fn a_breached_clock_still_counting_reports_when_its_warnings_fired() {
    let p = policy(json!({
        "slas": [{"name": "s", "calendar": "office", "warnings": ["75%", "30m"], "targets": {"P3": {"first-response": "4h"}}}]
    }));
    // Created Mon 2026-02-16 10:00 on the 09-17 UTC calendar, 4h target: 75% (3h) at 13:00, 30m
    // before due at 13:30, due and breached at 14:00. At 15:00, 5h have elapsed.
    let created = json!({"id": 1, "createdAt": "2026-02-16T10:00:00Z", "status": "open"});
    let answered = json!({"id": 1, "createdAt": "2026-02-16T10:00:00Z", "status": "open",
        "events": [{"at": "2026-02-16T15:00:00Z", "type": "reply", "by": "agent", "public": true}]});
    for ticket in [created, answered] {
        let m = &eval(&p, ticket, "2026-02-16T15:00:00Z")["metrics"]["first-response"];
        assert_eq!(
            (&m["state"], &m["elapsed"], &m["breachedAt"]),
            (&json!("breached"), &json!(18_000), &json!("2026-02-16T14:00:00Z"))
        );
        assert_eq!(
            m["warnings"],
            json!([{"threshold": "75%", "at": "2026-02-16T13:00:00Z"}, {"threshold": "30m", "at": "2026-02-16T13:30:00Z"}])
        );
    }
}

#[test]
fn lint_finds_each_kind_of_warning() {
    let p = policy(json!({
        "priorities": ["P1", "P2", "P3", "P4"],
        "priority": {"default": "P3", "rules": [
            {"when": {"field": "channel", "is": "phone"}, "set": "P2"},
            {"when": {"field": "tier", "is": "gold"}, "set": "P1"}
        ]},
        "slas": [
            {"name": "All", "calendar": "office", "targets": {"P1": {"resolution": "4h"}}},
            {"name": "Gold", "when": {"field": "tier", "is": "gold"}, "calendar": "office", "targets": {"P1": {"resolution": "15m"}}}
        ]
    }));
    let codes: Vec<(String, String)> =
        p.lint().iter().map(|d| (d.code().as_str().to_owned(), d.path().as_str().to_owned())).collect();
    assert_eq!(
        codes,
        [
            ("lint.unreachable_priority".into(), "/priorities/3".into()),
            ("lint.overlapping_when".into(), "/priority/rules/1/when".into()),
            ("lint.unreachable_sla".into(), "/slas/1".into()),
            // 4h and 15m are both shorter than the office calendar's 8h periods.
            ("lint.short_target".into(), "/slas/0/targets/P1/resolution".into()),
            ("lint.short_target".into(), "/slas/1/targets/P1/resolution".into()),
        ]
    );
}

#[test]
fn lint_is_quiet_for_disjoint_conditions() {
    let p = policy(json!({
        "priority": {"default": "P3", "rules": [
            {"when": {"field": "channel", "is": "phone"}, "set": "P2"},
            {"when": {"field": "channel", "is": "chat"}, "set": "P1"}
        ]},
        "slas": [
            {"name": "A", "when": {"field": "tier", "is": "gold"}, "calendar": "office", "targets": {"P1": {"resolution": "8h"}}},
            {"name": "B", "when": {"field": "tier", "in": ["silver", "bronze"]}, "calendar": "office", "targets": {"P1": {"resolution": "8h"}}}
        ]
    }));
    assert_eq!(p.lint(), []);
}

#[test]
fn unknown_ticket_priority_is_an_error_not_a_default() {
    let p = policy(json!({"slas": []}));
    let t = Ticket::from_value(
        &json!({"id": 1, "createdAt": "2026-02-16T09:00:00Z", "fields": {"priority": "urgent"}}),
    )
    .unwrap();
    let err = p.evaluate(&t, parse_instant("2026-02-16T10:00:00Z").unwrap()).unwrap_err();
    assert_eq!(err.code().as_str(), "policy.unknown_priority");
    assert_eq!(err.path().as_str(), "/fields/priority");
}

#[test]
fn evaluation_json_is_byte_identical_across_runs() {
    let text = include_str!("../benches/fixtures/realistic.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    let p = Policy::from_value(&doc["policy"]).unwrap();
    let t = Ticket::from_value(&doc["ticket"]).unwrap();
    let now = parse_instant(doc["now"].as_str().unwrap()).unwrap();
    let a = p.evaluate(&t, now).unwrap().to_json();
    let b = Policy::from_value(&doc["policy"]).unwrap().evaluate(&t, now).unwrap().to_json();
    assert_eq!(a, b);
}

#[test]
fn trace_false_empties_every_trace_and_keeps_every_figure() {
    let doc: Value = serde_json::from_str(include_str!("../benches/fixtures/realistic.json")).unwrap();
    let request = |options: Option<Value>| {
        let mut r =
            json!({"op": "evaluate", "policy": doc["policy"], "ticket": doc["ticket"], "now": doc["now"]});
        if let Some(o) = options {
            r["options"] = o;
        }
        serde_json::from_str::<Value>(&escalon::request::handle_line(&r.to_string())).unwrap()
    };
    let full = request(None)["result"].clone();
    assert!(!full["priority"]["trace"].as_array().unwrap().is_empty());
    // The expected answer: the full evaluation with each trace emptied by hand.
    let mut expected = full.clone();
    expected["trace"] = json!([]);
    expected["priority"]["trace"] = json!([]);
    for m in expected["metrics"].as_object_mut().unwrap().values_mut() {
        m["trace"] = json!([]);
    }
    assert_eq!(request(Some(json!({"trace": false})))["result"], expected);
    assert_eq!(request(Some(json!({"trace": true})))["result"], full);
    assert_eq!(request(Some(json!(null)))["result"], full);
    let bad = request(Some(json!({"trace": "off"})));
    assert_eq!(
        (bad["error"]["code"].as_str(), bad["error"]["path"].as_str()),
        (Some("document.wrong_type"), Some("/options/trace"))
    );
    let bad = request(Some(json!({"explain": false})));
    assert_eq!(
        (bad["error"]["code"].as_str(), bad["error"]["path"].as_str()),
        (Some("document.unknown_key"), Some("/options/explain"))
    );
    let bad = request(Some(json!([])));
    assert_eq!(
        bad["error"]["message"],
        "expected an options object such as {\"trace\": false}, found an array"
    );
}

#[test]
fn evaluate_many_json_answers_as_the_conformance_protocol_does() {
    let doc: Value = serde_json::from_str(include_str!("../benches/fixtures/realistic.json")).unwrap();
    let p = Policy::from_value(&doc["policy"]).unwrap();
    let now = parse_instant(doc["now"].as_str().unwrap()).unwrap();
    let tickets = json!([doc["ticket"], {"id": "no-creation"}, 7, doc["ticket"]]);
    for (options, trace) in [(json!({"trace": true}), true), (json!({"trace": false}), false)] {
        let request = json!({"op": "evaluateMany", "policy": doc["policy"], "tickets": tickets, "now": doc["now"], "options": options});
        let mut expected: Value =
            serde_json::from_str(&escalon::request::handle_line(&request.to_string())).unwrap();
        // The protocol's paths point into the request ("/tickets/1"), the batch's into the array ("/1").
        for entry in expected["result"].as_array_mut().unwrap() {
            if let Some(path) = entry.pointer_mut("/error/path") {
                *path = json!(path.as_str().unwrap().strip_prefix("/tickets").unwrap());
            }
        }
        let got =
            p.evaluate_many_json(&tickets.to_string(), now, escalon::EvaluateOptions { trace }).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&got).unwrap(), expected["result"]);
    }
    let wrong = p.evaluate_many_json("{}", now, escalon::EvaluateOptions::default()).unwrap_err();
    assert_eq!(
        (wrong.code().as_str(), wrong.message()),
        ("document.wrong_type", "expected an array of tickets")
    );
    let syntax = p.evaluate_many_json("[{}", now, escalon::EvaluateOptions::default()).unwrap_err();
    assert_eq!(syntax.code().as_str(), "document.syntax");
    // Malformed after a good ticket or two: the whole batch is the syntax error, at the line and
    // column of the whole text (the line is 2 here), whatever was answered before it was found.
    let t = doc["ticket"].to_string();
    for text in [format!("[{t},\n{t},]"), format!("[{t},\n{t}] x"), format!("[{t},\n{t} {t}]")] {
        let e = p.evaluate_many_json(&text, now, escalon::EvaluateOptions::default()).unwrap_err();
        assert_eq!(e.code().as_str(), "document.syntax", "{text}");
        assert!(e.message().contains("line 2"), "{}", e.message());
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// The calendar of [`dst_policy`]: weekdays 09-17 and a Saturday night shift in New York,
    /// with a holiday on the Monday after the spring-forward Sunday.
    fn dst_calendar() -> Value {
        json!({"timeZone": "America/New_York", "hours": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]],
            "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]], "sat": [["22:00","06:00"]]},
            "holidays": ["2026-03-09"]})
    }

    /// A policy on a DST-crossing calendar with the four built-in metrics.
    fn dst_policy() -> Policy {
        Policy::from_value(&dst_policy_document()).unwrap()
    }

    fn dst_policy_document() -> Value {
        json!({
            "version": 1,
            "calendars": {"ny": dst_calendar()},
            "priorities": ["P1", "P2"],
            "priority": {"default": "P2", "rules": [{"when": {"field": "urgent", "is": true}, "set": "P1"}]},
            "slas": [{"name": "s", "calendar": "ny", "warnings": ["50%"],
                      "targets": {"P1": {"first-response": "1h", "next-response": "2h", "periodic-update": "3h", "resolution": "8h"},
                                  "P2": {"first-response": "4h", "next-response": "8h", "periodic-update": "12h", "resolution": "40h"}},
                      "onPriorityChange": {"resolution": "restart"}}],
            "escalation": {"levels": [
                {"name": "Desk", "kind": "functional", "owner": {"team": "support"}},
                {"name": "Lead", "kind": "hierarchical", "owner": {"role": "lead"}, "when": [{"metric": "first-response", "percent": 50}]},
                {"name": "Manager", "kind": "hierarchical", "owner": {"role": "manager"}, "when": [{"metric": "resolution", "breached": true}]}
            ]}
        })
    }

    const EVENTS: [&str; 7] = [
        r#"{"type": "status", "status": "pending"}"#,
        r#"{"type": "status", "status": "open"}"#,
        r#"{"type": "status", "status": "solved"}"#,
        r#"{"type": "reply", "by": "agent", "public": true}"#,
        r#"{"type": "reply", "by": "agent", "public": false}"#,
        r#"{"type": "reply", "by": "customer"}"#,
        r#"{"type": "update", "fields": {"urgent": true}}"#,
    ];

    /// A ticket created around the US spring-forward weekend, with events at increasing offsets.
    fn ticket() -> impl Strategy<Value = (Value, i64)> {
        (0i64..5 * 86_400, proptest::collection::vec((1i64..30 * 3600, 0usize..EVENTS.len()), 0..8)).prop_map(
            |(offset, evs)| {
                let created = 1_772_841_600i64 + offset - 2 * 86_400; // around 2026-03-05..10
                let show = |s: i64| escalon::format_instant(chrono::DateTime::from_timestamp(s, 0).unwrap());
                let mut at = created;
                let events: Vec<Value> = evs
                    .iter()
                    .map(|(dt, k)| {
                        at += dt;
                        let mut e: Value = serde_json::from_str(EVENTS[*k]).unwrap();
                        e["at"] = json!(show(at));
                        e
                    })
                    .collect();
                (json!({"id": "P", "createdAt": show(created), "status": "open", "events": events}), created)
            },
        )
    }

    fn metrics(p: &Policy, t: &Value, now_s: i64) -> Value {
        evaluation(p, t, now_s)["metrics"].clone()
    }

    fn evaluation(p: &Policy, t: &Value, now_s: i64) -> Value {
        let t = Ticket::from_value(t).unwrap();
        serde_json::to_value(p.evaluate(&t, chrono::DateTime::from_timestamp(now_s, 0).unwrap()).unwrap())
            .unwrap()
    }

    proptest! {
        #![proptest_config(crate::config(64))]

        /// The counted seconds of a trace sum to `elapsed`, and `elapsed` never exceeds the wall-clock
        /// time since the cycle started.
        #[test]
        fn trace_sums_to_elapsed_which_never_exceeds_wall_clock((t, created) in ticket(), later in 0i64..10 * 86_400) {
            let p = dst_policy();
            let now = created + later;
            for (name, m) in metrics(&p, &t, now).as_object().unwrap() {
                let counted: i64 = m["trace"].as_array().unwrap().iter().filter(|s| s["code"] == "counted").map(|s| s["seconds"].as_i64().unwrap()).sum();
                prop_assert_eq!(Some(counted), m["elapsed"].as_i64(), "{}", name);
                if let Some(started) = m["startedAt"].as_str() {
                    let wall = now - escalon::parse_instant(started).unwrap().timestamp();
                    prop_assert!(m["elapsed"].as_i64().unwrap() <= wall.max(0), "{}: elapsed {} > wall {}", name, m["elapsed"], wall);
                }
            }
        }

        /// Evaluating at successive instants never makes a cycle's elapsed time go down.
        #[test]
        fn elapsed_is_monotonic_in_now((t, created) in ticket()) {
            let p = dst_policy();
            let mut last: std::collections::BTreeMap<(String, String), i64> = Default::default();
            for step in 0..40 {
                let now = created + step * 3 * 3600;
                for (name, m) in metrics(&p, &t, now).as_object().unwrap() {
                    let key = (name.clone(), m["startedAt"].to_string());
                    let e = m["elapsed"].as_i64().unwrap();
                    if let Some(prev) = last.get(&key) {
                        prop_assert!(e >= *prev, "{} went from {} to {}", name, prev, e);
                    }
                    last.insert(key, e);
                }
            }
        }

        /// Adding a pause never makes a due time earlier: the same ticket with a pending spell
        /// inserted is due no earlier.
        #[test]
        fn pausing_never_makes_a_due_time_earlier(created_offset in 0i64..5 * 86_400, pause_at in 600i64..20 * 3600, pause_len in 600i64..30 * 3600) {
            let p = dst_policy();
            let created = 1_772_668_800i64 + created_offset; // 2026-03-05T00:00:00Z + offset
            let show = |s: i64| escalon::format_instant(chrono::DateTime::from_timestamp(s, 0).unwrap());
            let plain = json!({"id": "A", "createdAt": show(created), "status": "open"});
            let paused = json!({"id": "B", "createdAt": show(created), "status": "open", "events": [
                {"at": show(created + pause_at), "type": "status", "status": "pending"},
                {"at": show(created + pause_at + pause_len), "type": "status", "status": "open"}]});
            let now = created + pause_at + pause_len;
            let (a, b) = (metrics(&p, &plain, now), metrics(&p, &paused, now));
            for name in ["first-response", "resolution"] {
                let due = |m: &Value| m[name]["dueAt"].as_str().map(|s| escalon::parse_instant(s).unwrap());
                if let (Some(da), Some(db)) = (due(&a), due(&b)) {
                    prop_assert!(db >= da, "{}: paused due {} before plain due {}", name, db, da);
                }
            }
        }

        /// A running clock is due when it says and breached just after: looked at again at its
        /// `dueAt` (no event comes in between), it still runs with 0 left; one second later it
        /// is breached at that instant. A warning still to come fires when half the target
        /// (the policy's 50%) has elapsed. The next escalation level comes when its metric says.
        #[test]
        fn a_running_clock_is_due_when_it_says_and_breached_just_after((t, created) in ticket(), later in 0i64..3 * 86_400) {
            let p = dst_policy();
            let last = t["events"].as_array().unwrap().iter()
                .map(|e| escalon::parse_instant(e["at"].as_str().unwrap()).unwrap().timestamp())
                .max().unwrap_or(created);
            let now = last + later;
            let secs = |v: &Value| escalon::parse_instant(v.as_str().unwrap()).unwrap().timestamp();
            let e = evaluation(&p, &t, now);
            let m = &e["metrics"];
            // The next escalation, when its metric runs, is due when that metric says: the lead
            // at first response's 50% warning, the manager at resolution's due.
            let next = &e["escalation"]["next"];
            for (level, name, at) in [("Lead", "first-response", &m["first-response"]["warnings"][0]["at"]), ("Manager", "resolution", &m["resolution"]["dueAt"])] {
                if next["level"]["name"] == level && m[name]["state"] == "running" {
                    prop_assert_eq!(&next["at"], at, "next escalation to {}", level);
                }
            }
            for name in ["first-response", "next-response", "periodic-update", "resolution"] {
                if m[name]["state"] != "running" {
                    continue;
                }
                let due = secs(&m[name]["dueAt"]);
                prop_assert!(due >= now, "{} due {} before now {}", name, due, now);
                let at_due = metrics(&p, &t, due);
                prop_assert_eq!(&at_due[name]["state"], "running", "{} at its due {}", name, due);
                prop_assert_eq!(&at_due[name]["remaining"], &json!(0), "{} at its due {}", name, due);
                prop_assert_eq!(&at_due[name]["dueAt"], &m[name]["dueAt"]);
                let after = metrics(&p, &t, due + 1);
                prop_assert_eq!(&after[name]["state"], "breached", "{} a second after its due {}", name, due);
                prop_assert_eq!(&after[name]["breachedAt"], &m[name]["dueAt"]);
                let warning = &m[name]["warnings"][0];
                if !warning["at"].is_null() && secs(&warning["at"]) >= now {
                    let at_warning = metrics(&p, &t, secs(&warning["at"]));
                    let target = m[name]["target"].as_i64().unwrap();
                    prop_assert_eq!(at_warning[name]["elapsed"].as_i64().unwrap() * 2, target, "{} at its 50% warning", name);
                }
            }
        }

        /// An internal note anywhere, a second customer reply at the moment of one, or an update
        /// that sets a field to the value it has, changes no figure (SEMANTICS.md section 5: a
        /// note stops nothing; further customer replies do not restart next response; the
        /// priority, and so every target, stays).
        #[test]
        fn notes_and_repeated_customer_replies_change_no_figure((t, created) in ticket(), pick in 0usize..64, later in 0i64..3 * 86_400) {
            let p = dst_policy();
            let events = t["events"].as_array().unwrap().clone();
            let at_of = |e: &Value| escalon::parse_instant(e["at"].as_str().unwrap()).unwrap().timestamp();
            let last = events.iter().map(at_of).max().unwrap_or(created);
            let now = last + later;
            let base = evaluation(&p, &t, now);
            // A note just after event k (or at creation), at the same instant.
            let k = pick % (events.len() + 1);
            let at = if k == 0 { t["createdAt"].clone() } else { events[k - 1]["at"].clone() };
            let mut with_note = t.clone();
            let note = json!({"at": at, "type": "reply", "by": "agent", "public": false});
            with_note["events"].as_array_mut().unwrap().insert(k, note);
            // An update that sets `urgent` to what it already is (absent counts as false).
            let urgent = events.iter().take(k).any(|e| e["fields"]["urgent"] == true);
            let mut same = t.clone();
            same["events"].as_array_mut().unwrap().insert(k, json!({"at": at, "type": "update", "fields": {"urgent": urgent}}));
            let mut variants = vec![("note", with_note), ("update to the same value", same)];
            if let Some(i) = events.iter().position(|e| e["by"] == "customer") {
                let mut again = t.clone();
                again["events"].as_array_mut().unwrap().insert(i + 1, events[i].clone());
                variants.push(("second customer reply", again));
            }
            for (what, variant) in variants {
                let other = evaluation(&p, &variant, now);
                for name in ["first-response", "next-response", "periodic-update", "resolution"] {
                    for key in ["state", "target", "elapsed", "remaining", "startedAt", "dueAt", "breachedAt", "warnings", "cycles"] {
                        prop_assert_eq!(&base["metrics"][name][key], &other["metrics"][name][key], "{}: {} {}", what, name, key);
                    }
                }
                for key in ["level", "owner", "since", "next", "actions"] {
                    prop_assert_eq!(&base["escalation"][key], &other["escalation"][key], "{}: escalation {}", what, key);
                }
            }
        }

        /// The timeline on a business calendar across DST, a holiday and a night shift agrees
        /// with `evaluate` both ways: each breach, 50% warning and escalation it lists is what
        /// evaluate reports at that instant, and every breach and level change that evaluate shows
        /// between two looks 20 minutes apart is listed between them. (The DST policy's levels
        /// are at first response's 50% and the resolution breach.)
        #[test]
        fn the_timeline_lists_what_evaluate_shows_and_nothing_else((t, created) in ticket(), later in 0i64..86_400, rich: bool) {
            // The DST policy's levels, or more of them: an unacknowledged wait, a wait after the
            // breach, an age in business time, and two repeats of the last level an hour apart.
            let p = if rich {
                let mut doc = dst_policy_document();
                doc["escalation"] = json!({"levels": [
                    {"name": "Desk", "kind": "functional", "owner": {"team": "support"}},
                    {"name": "Lead", "kind": "hierarchical", "owner": {"role": "lead"},
                     "when": [{"metric": "first-response", "percent": 50}, {"unacknowledgedFor": "45m"}]},
                    {"name": "Manager", "kind": "hierarchical", "owner": {"role": "manager"}, "when": [{"metric": "resolution", "breached": true}]},
                    {"name": "Director", "kind": "hierarchical", "owner": {"role": "director"},
                     "when": [{"metric": "resolution", "afterBreach": "2h"}, {"ageOver": "2d"}]}
                ], "repeat": {"every": "1h", "times": 2}});
                Policy::from_value(&doc).unwrap()
            } else {
                dst_policy()
            };
            let at_of = |e: &Value| escalon::parse_instant(e["at"].as_str().unwrap()).unwrap().timestamp();
            let from = t["events"].as_array().unwrap().iter().map(at_of).max().unwrap_or(created) + later;
            let until = from + 4 * 86_400;
            let ticket = Ticket::from_value(&t).unwrap();
            let instant = |s: i64| chrono::DateTime::from_timestamp(s, 0).unwrap();
            let tl = serde_json::to_value(p.timeline(&ticket, instant(from), instant(until)).unwrap()).unwrap();
            let listed = tl["events"].as_array().unwrap();
            for ev in listed {
                let x = at_of(ev);
                let e = evaluation(&p, &t, x);
                match ev["type"].as_str().unwrap() {
                    "breach" => {
                        let name = ev["metric"].as_str().unwrap();
                        prop_assert_eq!(&e["metrics"][name]["dueAt"], &ev["at"], "breach of {}", name);
                        prop_assert_eq!(&e["metrics"][name]["remaining"], &json!(0), "breach of {}", name);
                        let after = evaluation(&p, &t, x + 1);
                        prop_assert_eq!(&after["metrics"][name]["breachedAt"], &ev["at"], "breach of {}", name);
                    }
                    "warning" => {
                        let m = &e["metrics"][ev["metric"].as_str().unwrap()];
                        prop_assert_eq!(m["elapsed"].as_i64().unwrap() * 2, m["target"].as_i64().unwrap(), "warning {}", ev);
                    }
                    "escalation" => {
                        prop_assert_eq!(&e["escalation"]["level"]["index"], &ev["level"]["index"]);
                        prop_assert_eq!(&e["escalation"]["since"], &ev["at"]);
                    }
                    "repeat" => {
                        let steps = e["escalation"]["trace"].as_array().unwrap();
                        prop_assert!(steps.iter().any(|s| s["code"] == "repeated" && s["at"] == ev["at"]), "repeat at {}", ev["at"]);
                    }
                    other => prop_assert!(false, "unexpected event type {}", other),
                }
            }
            // A breach listed at x shows from just after x (at x, 0 is left), so one seen first at
            // b was listed in [a, b); a level listed at x is the level from x on, so in (a, b].
            let listed_in = |a: i64, b: i64, what: &str, key: &str, value: &Value| {
                listed.iter().any(|ev| {
                    let x = at_of(ev);
                    ev["type"] == what && &ev[key] == value && if what == "breach" { a <= x && x < b } else { a < x && x <= b }
                })
            };
            let mut before = evaluation(&p, &t, from);
            let mut a = from;
            while a < until {
                let b = (a + 1200).min(until);
                let now = evaluation(&p, &t, b);
                for name in ["first-response", "next-response", "periodic-update", "resolution"] {
                    if before["metrics"][name]["state"] != "breached" && now["metrics"][name]["state"] == "breached" {
                        prop_assert!(listed_in(a, b, "breach", "metric", &json!(name)), "{} breached in ({}, {}] but not listed", name, a, b);
                    }
                }
                let level = &now["escalation"]["level"];
                if before["escalation"]["level"] != *level {
                    prop_assert!(listed_in(a, b, "escalation", "level", level), "level {} in ({}, {}] but not listed", level, a, b);
                }
                before = now;
                a = b;
            }
        }

        /// A status flicker changes no figure: `pending` and back to `open` at one instant while
        /// the ticket is open, or `open` and back to `pending` while it is pending (a pending spell
        /// cut in two at an instant), anywhere in the ticket's history.
        #[test]
        fn a_status_flicker_changes_no_figure((t, created) in ticket(), pick in 0usize..64, later in 0i64..3 * 86_400) {
            let p = dst_policy();
            let events = t["events"].as_array().unwrap().clone();
            let at_of = |e: &Value| escalon::parse_instant(e["at"].as_str().unwrap()).unwrap().timestamp();
            let now = events.iter().map(at_of).max().unwrap_or(created) + later;
            // Just after event k (or at creation), at its instant, in the status it left.
            let k = pick % (events.len() + 1);
            let at = if k == 0 { t["createdAt"].clone() } else { events[k - 1]["at"].clone() };
            let status = events.iter().take(k).filter_map(|e| e["status"].as_str()).next_back().unwrap_or("open");
            let (first, back) = match status {
                "open" => ("pending", "open"),
                "pending" => ("open", "pending"),
                _ => return Ok(()),
            };
            let mut flicker = t.clone();
            let list = flicker["events"].as_array_mut().unwrap();
            list.insert(k, json!({"at": at, "type": "status", "status": back}));
            list.insert(k, json!({"at": at, "type": "status", "status": first}));
            let (a, b) = (evaluation(&p, &t, now), evaluation(&p, &flicker, now));
            for name in ["first-response", "next-response", "periodic-update", "resolution"] {
                for key in ["state", "target", "elapsed", "remaining", "startedAt", "dueAt", "breachedAt", "warnings", "cycles"] {
                    prop_assert_eq!(&a["metrics"][name][key], &b["metrics"][name][key], "{} {} ({} and back at {})", name, key, first, at);
                }
            }
            for key in ["level", "owner", "since", "next", "actions"] {
                prop_assert_eq!(&a["escalation"][key], &b["escalation"][key], "escalation {} ({} and back at {})", key, first, at);
            }
        }

        /// Whatever the age comparison of a priority rule (`gte`, `lte`, `is`, `in`), every clock
        /// that still counts has the target of the priority the evaluation reports: the rules are
        /// re-matched wherever the ticket's age can change their answer.
        #[test]
        fn clocks_count_toward_the_reported_priority_as_the_ticket_ages(
            (t, created) in ticket(),
            op in prop::sample::select(vec!["gte", "lte", "is", "in"]),
            hours in 0i64..72,
            later in 0i64..4 * 86_400,
        ) {
            let value = if op == "in" { json!([hours, hours + 5]) } else { json!(hours) };
            let doc = json!({
                "version": 1,
                "calendars": {"ny": dst_calendar()},
                "priorities": ["P1", "P2", "P3"],
                "priority": {"default": "P3", "rules": [
                    {"when": {"field": "urgent", "is": true}, "set": "P1"},
                    {"when": {"field": "ageHours", op: value}, "raise": 1}]},
                "slas": [{"name": "s", "calendar": "ny",
                          "targets": {"P1": {"first-response": "1h", "resolution": "8h"}, "P2": {"first-response": "2h", "resolution": "16h"},
                                      "P3": {"first-response": "4h", "resolution": "40h"}},
                          "onPriorityChange": {"resolution": "restart"}}]
            });
            let p = Policy::from_value(&doc).unwrap();
            let at_of = |e: &Value| escalon::parse_instant(e["at"].as_str().unwrap()).unwrap().timestamp();
            let now = t["events"].as_array().unwrap().iter().map(at_of).max().unwrap_or(created) + later;
            let e = evaluation(&p, &t, now);
            let priority = e["priority"]["value"].as_str().unwrap();
            for (name, targets) in [("first-response", [3_600, 7_200, 14_400]), ("resolution", [28_800, 57_600, 144_000])] {
                let m = &e["metrics"][name];
                if m["state"] == "running" || m["state"] == "paused" {
                    let expected = targets[["P1", "P2", "P3"].iter().position(|x| *x == priority).unwrap()];
                    prop_assert_eq!(&m["target"], &json!(expected), "{} of a {} ticket ({} {})", name, priority, op, value);
                }
            }
        }

        /// A pending spell that lies wholly in closed hours changes no figure: the clocks count
        /// business time only, so every metric of the paused copy, looked at once the spell is
        /// over, has the plain ticket's state, elapsed and remaining time, due, breach and warning
        /// instants and cycles (only the traces differ, by the spell's steps), and its escalation
        /// (levels at a share of first response and at the resolution breach) is the same.
        #[test]
        fn a_pause_in_closed_hours_changes_no_figure(created_offset in 0i64..5 * 86_400, pause_at in 0i64..3 * 86_400,
                                                     pause_len in 60i64..20 * 3600, later in 0i64..3 * 86_400, urgent: bool) {
            let p = dst_policy();
            let cal = escalon::Calendar::from_value(&dst_calendar()).unwrap();
            let at = |s: i64| chrono::DateTime::from_timestamp(s, 0).unwrap();
            let show = |s: i64| escalon::format_instant(at(s));
            let created = 1_772_668_800i64 + created_offset; // 2026-03-05T00:00:00Z + offset
            let from = created + pause_at;
            prop_assume!(!cal.is_open(at(from)).unwrap());
            let to = (from + pause_len).min(cal.next_open(at(from)).unwrap().timestamp());
            prop_assume!(to > from);
            let fields = json!({"urgent": urgent});
            let plain = json!({"id": "A", "createdAt": show(created), "status": "open", "fields": fields});
            let paused = json!({"id": "A", "createdAt": show(created), "status": "open", "fields": fields, "events": [
                {"at": show(from), "type": "status", "status": "pending"},
                {"at": show(to), "type": "status", "status": "open"}]});
            let now = to + later;
            let (a, b) = (evaluation(&p, &plain, now), evaluation(&p, &paused, now));
            for name in ["first-response", "next-response", "periodic-update", "resolution"] {
                for key in ["state", "target", "elapsed", "remaining", "percent", "startedAt", "dueAt", "breachedAt", "warnings", "cycles"] {
                    prop_assert_eq!(&a["metrics"][name][key], &b["metrics"][name][key], "{} {} (pending {} to {}, now {})", name, key, show(from), show(to), show(now));
                }
            }
            for key in ["level", "owner", "since", "next", "actions"] {
                prop_assert_eq!(&a["escalation"][key], &b["escalation"][key], "escalation {} (pending {} to {}, now {})", key, show(from), show(to), show(now));
            }
        }
    }
}

/// serde_json stops at 128 levels of nesting. A ticket nested deeper is a `document.syntax` error
/// for that ticket, the same alone and in a batch, where the other tickets still get answers; a
/// ticket 100,000 levels deep does not overflow the stack. `Ticket::from_json` answers what
/// parsing the text and reading the value answer, wherever the nesting is.
#[test]
fn deeply_nested_tickets_are_errors_in_a_batch_and_alone() {
    let doc: Value = serde_json::from_str(include_str!("../benches/fixtures/realistic.json")).unwrap();
    let p = Policy::from_value(&doc["policy"]).unwrap();
    let now = parse_instant(doc["now"].as_str().unwrap()).unwrap();
    // In a field, in an event's `reason` (a key whose value is not read) and in its `level`.
    let places = [
        r#""fields": {"x": NESTED}"#,
        r#""events": [{"at": "2026-03-05T15:00:00Z", "type": "escalate", "reason": NESTED}]"#,
        r#""events": [{"at": "2026-03-05T15:00:00Z", "type": "escalate", "level": NESTED}]"#,
    ];
    for place in places {
        let mut outcomes = Vec::new();
        for depth in [1, 100, 120, 124, 125, 126, 127, 128, 200, 100_000] {
            let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            let ticket = format!(
                r#"{{"id": "T", "createdAt": "2026-03-05T14:10:00Z", {}}}"#,
                place.replace("NESTED", &nested)
            );
            let checked = serde_json::from_str::<Value>(&ticket)
                .map_err(|_| "document.syntax".to_owned())
                .and_then(|v| escalon::Ticket::from_value(&v).map_err(|e| e.code().as_str().to_owned()));
            let alone = escalon::Ticket::from_json(&ticket).map_err(|e| e.code().as_str().to_owned());
            assert_eq!(alone, checked, "{place} {depth}");
            let alone = alone.err();
            let text = p
                .evaluate_many_json(
                    &format!(r#"[{ticket}, {}]"#, doc["ticket"]),
                    now,
                    escalon::EvaluateOptions { trace: false },
                )
                .unwrap();
            let batch: Value = serde_json::from_str(&text).unwrap();
            let in_batch = batch[0]["error"]["code"].as_str().map(str::to_owned);
            assert_eq!(alone, in_batch, "{place} {depth}");
            assert!(batch[1]["evaluation"].is_object(), "{place} {depth}: the next ticket is answered");
            outcomes.push(alone);
        }
        assert_eq!(outcomes.first(), Some(&None), "{place}");
        assert_eq!(outcomes.last(), Some(&Some("document.syntax".to_owned())), "{place}");
        // Shallow enough reads, deeper fails, with one boundary.
        let boundary = outcomes.iter().position(Option::is_some).unwrap();
        assert!(outcomes[boundary..].iter().all(Option::is_some), "{place}");
    }
}
