//! Escalation levels, triggers, repeats and rotations. Expected values are worked out by hand in
//! the comments; the SLA calendar is 24x7 unless a test says otherwise, so business time is
//! wall-clock time.

use escalon::{parse_instant, Policy, Ticket};
use serde_json::{json, Value};

fn policy(levels: Value, extra: Value) -> Policy {
    let mut doc = json!({
        "version": 1,
        "priorities": ["P1", "P2", "P3"],
        "priority": {"default": "P2"},
        "slas": [{"name": "std", "calendar": "24x7", "targets": {"P2": {"first-response": "1h", "resolution": "4h"}}}],
        "escalation": {
            "rotations": {"primary": {"timeZone": "America/New_York", "members": ["alice", "bob", "carol"],
                                      "turn": {"days": 1}, "handoff": "09:00", "start": "2026-03-06"}},
            "levels": levels
        }
    });
    for (k, v) in extra.as_object().unwrap() {
        doc["escalation"][k] = v.clone();
    }
    Policy::from_value(&doc).unwrap_or_else(|e| panic!("{e}: {:?}", e.diagnostics()))
}

fn standard_levels() -> Value {
    json!([
        {"name": "Tier 1", "kind": "functional", "owner": {"team": "support"}},
        {"name": "Billing", "kind": "functional", "owner": {"team": "billing"},
         "only": {"field": "category", "is": "billing"}, "when": [{"metric": "resolution", "percent": 50}]},
        {"name": "Manager", "kind": "hierarchical", "owner": {"role": "support-manager"},
         "when": [{"metric": "resolution", "percent": 75}], "actions": [{"type": "notify"}, {"type": "notifyCustomer"}]},
        {"name": "On-call", "kind": "hierarchical", "owner": {"rotation": "primary"},
         "when": [{"metric": "resolution", "breached": true}], "actions": [{"type": "notify"}, {"type": "reassign"}]}
    ])
}

fn eval(p: &Policy, ticket: Value, now: &str) -> Value {
    let t = Ticket::from_value(&ticket).unwrap();
    serde_json::to_value(p.evaluate(&t, parse_instant(now).unwrap()).unwrap()).unwrap()["escalation"].clone()
}

fn billing_ticket(events: Value) -> Value {
    json!({"id": "E-1", "createdAt": "2026-03-07T10:00:00Z", "status": "open", "fields": {"category": "billing"}, "events": events})
}

#[test]
fn percent_levels_fire_in_order_and_next_names_the_rotation_person() {
    let p = policy(standard_levels(), json!({}));
    // Resolution 4h from 10:00Z: 50% at 12:00Z (Billing), 75% at 13:00Z (Manager), breach at 14:00Z.
    let e = eval(&p, billing_ticket(json!([])), "2026-03-07T13:30:00Z");
    assert_eq!(e["level"]["index"], 2);
    assert_eq!(e["level"]["name"], "Manager");
    assert_eq!(e["since"], "2026-03-07T13:00:00Z");
    assert_eq!(e["owner"], json!({"role": "support-manager"}));
    // The breach at 14:00Z goes to the rotation. 14:00Z is Sat 09:00 EST, the second handoff
    // (Fri 09:00 EST is turn 0, alice), so bob takes over at that very instant.
    assert_eq!(e["next"]["level"]["index"], 3);
    assert_eq!(e["next"]["at"], "2026-03-07T14:00:00Z");
    assert_eq!(e["next"]["owner"], json!({"rotation": "primary", "person": "bob"}));
    assert_eq!(e["next"]["reason"], "resolution target (4h business) breached");
    let actions: Vec<(String, String)> = e["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["type"].as_str().unwrap().to_owned(), a["at"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        actions,
        [
            ("notify".into(), "2026-03-07T13:00:00Z".into()),
            ("notifyCustomer".into(), "2026-03-07T13:00:00Z".into())
        ]
    );
    let trace: Vec<i64> = e["trace"].as_array().unwrap().iter().map(|s| s["to"].as_i64().unwrap()).collect();
    assert_eq!(trace, [1, 2]);
}

#[test]
fn a_level_whose_condition_does_not_match_is_skipped() {
    let p = policy(standard_levels(), json!({}));
    let mut t = billing_ticket(json!([]));
    t["fields"]["category"] = json!("technical");
    // No Billing level: the first escalation is Manager at 75% (13:00Z).
    let e = eval(&p, t, "2026-03-07T12:30:00Z");
    assert_eq!(e["level"]["index"], 0);
    assert_eq!(e["next"]["level"]["index"], 2);
    assert_eq!(e["next"]["at"], "2026-03-07T13:00:00Z");
}

#[test]
fn repeats_renotify_the_last_level() {
    let p = policy(standard_levels(), json!({"repeat": {"every": "30m", "times": 2}}));
    // Breach at 14:00Z, repeats at 14:30Z and 15:00Z; each brings the level's two actions.
    let e = eval(&p, billing_ticket(json!([])), "2026-03-07T15:10:00Z");
    assert_eq!(e["level"]["index"], 3);
    assert_eq!(e["actions"].as_array().unwrap().len(), 6);
    assert_eq!(e["next"], Value::Null);
    assert_eq!(e["owner"], json!({"rotation": "primary", "person": "bob"}));
    let e = eval(&p, billing_ticket(json!([])), "2026-03-07T14:10:00Z");
    assert_eq!(e["next"]["at"], "2026-03-07T14:30:00Z");
    assert_eq!(e["next"]["reason"], "repeat 1 of 2");
}

#[test]
fn manual_escalation_is_honoured_and_never_goes_down() {
    let p = policy(standard_levels(), json!({}));
    // Escalated by hand to Manager at 11:00Z; the 50% trigger (Billing, 12:00Z) is below it.
    let e = eval(
        &p,
        billing_ticket(json!([{"at": "2026-03-07T11:00:00Z", "type": "escalate", "level": "Manager"}])),
        "2026-03-07T12:30:00Z",
    );
    assert_eq!(e["level"]["index"], 2);
    assert_eq!(e["since"], "2026-03-07T11:00:00Z");
    assert_eq!(e["trace"][0]["reason"], "manual escalation");
    assert_eq!(e["next"]["level"]["index"], 3);
}

#[test]
fn unacknowledged_for_fires_unless_acked() {
    let levels = json!([
        {"name": "Tier 1", "kind": "functional", "owner": {"team": "support"}},
        {"name": "On-call", "kind": "hierarchical", "owner": {"rotation": "primary"}, "when": [{"unacknowledgedFor": "15m"}]}
    ]);
    let p = policy(levels, json!({}));
    // Created 10:00Z, not acked: escalates at 10:15Z. Sat 10:15Z is before the Sat 09:00 EST
    // (14:00Z) handoff, so alice (turn 0, from Fri 14:00Z) is on call.
    let e = eval(&p, billing_ticket(json!([])), "2026-03-07T10:20:00Z");
    assert_eq!(e["level"]["index"], 1);
    assert_eq!(e["since"], "2026-03-07T10:15:00Z");
    assert_eq!(e["owner"]["person"], "alice");
    // Acked at 10:10Z: nothing fires.
    let e = eval(
        &p,
        billing_ticket(json!([{"at": "2026-03-07T10:10:00Z", "type": "ack"}])),
        "2026-03-07T10:20:00Z",
    );
    assert_eq!(e["level"]["index"], 0);
    assert_eq!(e["next"], Value::Null);
}

#[test]
fn flags_and_conditions_go_straight_to_a_level() {
    let levels = json!([
        {"name": "Tier 1", "kind": "functional", "owner": {"team": "support"}},
        {"name": "Social", "kind": "functional", "owner": {"team": "social"}, "when": {"when": {"field": "channel", "is": "twitter"}}},
        {"name": "Legal", "kind": "hierarchical", "owner": {"external": "counsel"}, "when": [{"flag": "legal"}]}
    ]);
    let p = policy(levels, json!({}));
    let mut t = billing_ticket(json!([{"at": "2026-03-07T10:30:00Z", "type": "flag", "flag": "legal"}]));
    t["fields"]["channel"] = json!("twitter");
    let e = eval(&p, t, "2026-03-07T11:00:00Z");
    let trace: Vec<(String, i64)> = e["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["at"].as_str().unwrap().to_owned(), s["to"].as_i64().unwrap()))
        .collect();
    assert_eq!(trace, [("2026-03-07T10:00:00Z".to_owned(), 1), ("2026-03-07T10:30:00Z".to_owned(), 2)]);
    assert_eq!(e["owner"], json!({"external": "counsel"}));
}

#[test]
fn rotation_handoffs_follow_local_time_across_dst() {
    let levels = json!([{"name": "On-call", "kind": "hierarchical", "owner": {"rotation": "primary"}}]);
    let p = policy(levels, json!({}));
    // Handoffs at 09:00 New York: Fri 03-06 14:00Z alice, Sat 03-07 14:00Z bob, Sun 03-08 (EDT
    // from 07:00Z) 13:00Z carol, Mon 03-09 13:00Z alice.
    let at = |now: &str| {
        eval(&p, json!({"id": 1, "createdAt": "2026-03-06T00:00:00Z"}), now)["owner"]["person"].clone()
    };
    assert_eq!(at("2026-03-08T12:59:59Z"), "bob");
    assert_eq!(at("2026-03-08T13:00:00Z"), "carol");
    assert_eq!(at("2026-03-09T13:00:00Z"), "alice");
    assert_eq!(at("2026-03-06T13:59:59Z"), Value::Null);
}

#[test]
fn rotation_restrictions_and_overrides() {
    let mut doc = json!({
        "version": 1, "priorities": ["P1"], "priority": {"default": "P1"}, "slas": [],
        "escalation": {
            "rotations": {"day": {"timeZone": "Europe/London", "members": ["ann", "ben"], "turn": {"weeks": 1},
                                  "handoff": "09:00", "start": "2026-01-05",
                                  "restrictions": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]},
                                  "overrides": [{"from": "2026-01-13T10:00:00Z", "to": "2026-01-13T12:00:00Z", "member": "cat"}]}},
            "levels": [{"name": "Day", "kind": "functional", "owner": {"rotation": "day"}}]
        }
    });
    let p = Policy::from_value(&doc).unwrap();
    let at = |now: &str| {
        eval(&p, json!({"id": 1, "createdAt": "2026-01-01T00:00:00Z"}), now)["owner"]["person"].clone()
    };
    // Week of Mon 01-05 is ann's, week of 01-12 ben's; London is on GMT in January.
    assert_eq!(at("2026-01-05T10:00:00Z"), "ann");
    assert_eq!(at("2026-01-06T18:00:00Z"), Value::Null); // outside Tuesday 09-17
    assert_eq!(at("2026-01-07T10:00:00Z"), Value::Null); // Wednesday is not covered
    assert_eq!(at("2026-01-12T10:00:00Z"), "ben");
    assert_eq!(at("2026-01-13T11:00:00Z"), "cat"); // override
    doc["escalation"]["rotations"]["day"]["turn"] = json!({"fortnights": 1});
    let err = Policy::from_value(&doc).unwrap_err();
    assert_eq!(err.code().as_str(), "escalation.invalid_rotation");
    assert_eq!(err.path().as_str(), "/escalation/rotations/day/turn");
}

/// Two triggers of different levels that fire at one instant take the ticket to the higher level
/// there: `next` names it, and the timeline lists that one escalation (evaluate at that instant
/// names it too). They had named the lower one, which the ticket never holds.
#[test]
fn triggers_that_fire_together_go_to_the_higher_level() {
    let p = policy(
        json!([
            {"name": "Desk", "kind": "functional", "owner": {"team": "support"}},
            {"name": "Manager", "kind": "hierarchical", "owner": {"role": "manager"}, "when": [{"metric": "resolution", "breached": true}]},
            {"name": "Director", "kind": "hierarchical", "owner": {"role": "director"}, "when": [{"ageOver": "4h"}]}
        ]),
        json!({}),
    );
    // Created 10:00 on the 24x7 calendar: resolution (4h) runs out at 14:00, and the ticket is 4h
    // old then.
    let ticket = json!({"id": "T", "createdAt": "2026-03-07T10:00:00Z", "status": "open"});
    let e = eval(&p, ticket.clone(), "2026-03-07T12:00:00Z");
    assert_eq!(e["level"]["name"], "Desk");
    assert_eq!(
        (&e["next"]["level"]["name"], &e["next"]["at"]),
        (&json!("Director"), &json!("2026-03-07T14:00:00Z"))
    );
    assert_eq!(e["next"]["reason"], "ticket still open 4h after creation");
    let e = eval(&p, ticket.clone(), "2026-03-07T14:00:00Z");
    assert_eq!((&e["level"]["name"], &e["since"]), (&json!("Director"), &json!("2026-03-07T14:00:00Z")));
    let t = Ticket::from_value(&ticket).unwrap();
    let tl = serde_json::to_value(
        p.timeline(
            &t,
            parse_instant("2026-03-07T12:00:00Z").unwrap(),
            parse_instant("2026-03-07T20:00:00Z").unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    let escalations: Vec<(&Value, &Value)> = tl["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "escalation")
        .map(|e| (&e["at"], &e["level"]["name"]))
        .collect();
    assert_eq!(escalations, [(&json!("2026-03-07T14:00:00Z"), &json!("Director"))]);
}

#[test]
fn timeline_lists_breaches_escalations_and_repeats_in_order() {
    let p = policy(standard_levels(), json!({"repeat": {"every": "30m", "times": 2}}));
    let t = Ticket::from_value(&billing_ticket(json!([]))).unwrap();
    let tl = p
        .timeline(
            &t,
            parse_instant("2026-03-07T10:00:00Z").unwrap(),
            parse_instant("2026-03-07T16:00:00Z").unwrap(),
        )
        .unwrap();
    let got: Vec<(String, String)> = serde_json::to_value(&tl).unwrap()["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["at"].as_str().unwrap().to_owned(), e["type"].as_str().unwrap().to_owned()))
        .collect();
    // first-response (1h) runs out at 11:00Z; 50% and 75% of resolution (4h) at 12:00Z and 13:00Z;
    // resolution runs out at 14:00Z and On-call takes over; repeats at 14:30Z and 15:00Z. The
    // rotation's next handoff (Sun 09:00 EDT = 13:00Z) is after `until`.
    let want = [
        ("2026-03-07T11:00:00Z", "breach"),
        ("2026-03-07T12:00:00Z", "escalation"),
        ("2026-03-07T13:00:00Z", "escalation"),
        ("2026-03-07T14:00:00Z", "breach"),
        ("2026-03-07T14:00:00Z", "escalation"),
        ("2026-03-07T14:30:00Z", "repeat"),
        ("2026-03-07T15:00:00Z", "repeat"),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_owned(), b.to_owned())));
}

#[test]
fn timeline_lists_handoffs_of_the_owning_rotation() {
    let levels = json!([{"name": "On-call", "kind": "hierarchical", "owner": {"rotation": "primary"}}]);
    let p = policy(levels, json!({}));
    let t = Ticket::from_value(&json!({"id": 1, "createdAt": "2026-03-06T00:00:00Z", "status": "solved"}))
        .unwrap();
    let tl = p
        .timeline(
            &t,
            parse_instant("2026-03-07T00:00:00Z").unwrap(),
            parse_instant("2026-03-09T23:00:00Z").unwrap(),
        )
        .unwrap();
    let got: Vec<(String, Value)> = serde_json::to_value(&tl).unwrap()["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["at"].as_str().unwrap().to_owned(), e["person"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-03-07T14:00:00Z".to_owned(), json!("bob")),
            ("2026-03-08T13:00:00Z".to_owned(), json!("carol")),
            ("2026-03-09T13:00:00Z".to_owned(), json!("alice")),
        ]
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn scenario() -> impl Strategy<Value = (Value, i64)> {
        // Tickets created around the US spring-forward weekend, with a few events.
        let events = proptest::collection::vec((0i64..20 * 3600, 0usize..5), 0..5);
        (0i64..4 * 86_400, events, any::<bool>()).prop_map(|(offset, mut evs, billing)| {
            let created = 1_772_841_600i64 + offset; // 2026-03-07T00:00:00Z + offset
            evs.sort();
            let show = |s: i64| escalon::format_instant(chrono::DateTime::from_timestamp(s, 0).unwrap());
            let list: Vec<Value> = evs
                .iter()
                .map(|(dt, kind)| {
                    let at = show(created + dt);
                    match kind {
                        0 => json!({"at": at, "type": "ack"}),
                        1 => json!({"at": at, "type": "status", "status": "pending"}),
                        2 => json!({"at": at, "type": "status", "status": "open"}),
                        3 => json!({"at": at, "type": "reply", "by": "agent", "public": true}),
                        _ => json!({"at": at, "type": "escalate"}),
                    }
                })
                .collect();
            let t = json!({"id": "P", "createdAt": show(created), "status": "open",
                           "fields": {"category": if billing { "billing" } else { "technical" }}, "events": list});
            (t, created * 1000)
        })
    }

    fn levels_with_unack() -> Value {
        let mut l = standard_levels();
        l[1]["when"] = json!([{"metric": "resolution", "percent": 50}, {"unacknowledgedFor": "45m"}]);
        l
    }

    proptest! {
        #![proptest_config(crate::config(48))]

        #[test]
        fn level_never_decreases_as_now_grows((ticket, created) in scenario()) {
            let p = policy(levels_with_unack(), json!({"repeat": {"every": "1h", "times": 2}}));
            let t = Ticket::from_value(&ticket).unwrap();
            let mut last = 0;
            for step in 0..48 {
                let now = chrono::DateTime::from_timestamp_millis(created + step * 1_800_000).unwrap();
                let e = p.evaluate(&t, now).unwrap();
                let level = e.escalation.unwrap().level.index;
                prop_assert!(level >= last, "level went from {} to {} at {}", last, level, escalon::format_instant(now));
                last = level;
            }
        }

        #[test]
        fn timeline_agrees_with_evaluate((ticket, created) in scenario()) {
            let p = policy(levels_with_unack(), json!({"repeat": {"every": "1h", "times": 2}}));
            let t = Ticket::from_value(&ticket).unwrap();
            // From the last event on, nothing else happens to the ticket.
            let from_ms = t.events.last().map_or(created, |e| e.at.timestamp_millis()).max(created);
            let from = chrono::DateTime::from_timestamp_millis(from_ms).unwrap();
            let until = chrono::DateTime::from_timestamp_millis(from_ms + 3 * 86_400_000).unwrap();
            let tl = serde_json::to_value(p.timeline(&t, from, until).unwrap()).unwrap();
            for ev in tl["events"].as_array().unwrap() {
                let at = parse_instant(ev["at"].as_str().unwrap()).unwrap();
                let e = serde_json::to_value(p.evaluate(&t, at).unwrap()).unwrap();
                match ev["type"].as_str().unwrap() {
                    "escalation" => {
                        prop_assert_eq!(&e["escalation"]["level"]["index"], &ev["level"]["index"]);
                        prop_assert_eq!(&e["escalation"]["since"], &ev["at"]);
                        prop_assert_eq!(&e["escalation"]["owner"], &ev["owner"]);
                    }
                    "repeat" => {
                        let steps = e["escalation"]["trace"].as_array().unwrap();
                        prop_assert!(steps.iter().any(|s| s["code"] == "repeated" && s["at"] == ev["at"]));
                    }
                    "breach" => {
                        let m = &e["metrics"][ev["metric"].as_str().unwrap()];
                        prop_assert_eq!(&m["dueAt"], &ev["at"]);
                        prop_assert_eq!(&m["remaining"], &json!(0));
                    }
                    "warning" => {}
                    "handoff" => prop_assert_eq!(&e["escalation"]["owner"]["person"], &ev["person"]),
                    other => prop_assert!(false, "unexpected event type {}", other),
                }
            }
        }
    }
}

#[test]
fn summarize_counts_by_hand() {
    let p = policy(standard_levels(), json!({}));
    let t = |id: &str, created: &str, category: &str, events: Value| {
        Ticket::from_value(&json!({"id": id, "createdAt": created, "status": "open", "fields": {"category": category}, "events": events}))
            .unwrap()
    };
    let tickets = [
        // Solved at 11:30 without a reply: first-response (1h) breached at 11:00, resolution 1h30m.
        t(
            "T1",
            "2026-03-07T10:00:00Z",
            "billing",
            json!([{"at": "2026-03-07T11:30:00Z", "type": "status", "status": "solved"}]),
        ),
        // Replied at 10:30 (30m); still open at 15:30: resolution breached at 14:00 -> On-call.
        t(
            "T2",
            "2026-03-07T10:00:00Z",
            "billing",
            json!([{"at": "2026-03-07T10:30:00Z", "type": "reply", "by": "agent", "public": true}]),
        ),
        // Replied at 10:20 (20m); Manager at 75% (13:00); solved at 13:30 after 3h30m <= 110% of 4h.
        t(
            "T3",
            "2026-03-07T10:00:00Z",
            "technical",
            json!([
            {"at": "2026-03-07T10:20:00Z", "type": "reply", "by": "agent", "public": true},
            {"at": "2026-03-07T13:30:00Z", "type": "status", "status": "solved"}]),
        ),
        // Created 14:00, nothing since: first-response breached at 15:00, still level 0 at 15:30.
        t("T4", "2026-03-07T14:00:00Z", "technical", json!([])),
    ];
    let s =
        serde_json::to_value(p.summarize(&tickets, parse_instant("2026-03-07T15:30:00Z").unwrap()).unwrap())
            .unwrap();
    assert_eq!(s["tickets"], 4);
    assert_eq!(s["breaches"]["first-response"]["all"], json!({"count": 4, "breached": 2, "rate": 0.5}));
    assert_eq!(s["breaches"]["first-response"]["P2"]["breached"], 2);
    assert_eq!(s["breaches"]["resolution"]["all"], json!({"count": 4, "breached": 1, "rate": 0.25}));
    let reached: Vec<i64> =
        s["escalations"].as_array().unwrap().iter().map(|l| l["reached"].as_i64().unwrap()).collect();
    assert_eq!(reached, [4, 1, 2, 1]);
    // First responses that happened: 20m and 30m. Nearest rank: median is the 1st of 2, p90 the 2nd.
    assert_eq!(s["firstResponse"], json!({"count": 2, "median": 1200, "p90": 1800}));
    assert_eq!(s["resolution"], json!({"count": 2, "median": 5400, "p90": 12600}));
    assert_eq!(s["resolvedAtLevel0"], 1);
    assert_eq!(s["resolvedEscalated"], 1);
    assert_eq!(s["overEscalated"], 1);
    assert_eq!(s["underEscalated"], 2);
    assert_eq!(
        s["outcomes"][1],
        json!({"ticket": "T2", "priority": "P2", "sla": "std", "breached": ["resolution"], "level": 3})
    );
}
