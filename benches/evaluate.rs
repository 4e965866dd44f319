//! `evaluate` on a realistic policy: 3 calendars, 4 priorities, 6 rules, 3 SLA policies and the
//! 4 built-in metrics, over a ticket with 12 events (across a US DST change). Goals: under 5 µs
//! per ticket native; with a 4-level escalation matrix and a rotation, under 10 µs; `summarize`
//! over 100,000 generated tickets under 2 s.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use std::time::Duration;

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/realistic.json")).expect("fixture JSON")
}

fn escalation() -> Value {
    json!({
        "rotations": {"primary": {"timeZone": "America/New_York", "members": ["alice", "bob", "carol", "dan"],
                                  "turn": {"weeks": 1}, "handoff": "09:00", "start": "2026-01-05"}},
        "levels": [
            {"name": "Tier 1", "kind": "functional", "owner": {"team": "support"}},
            {"name": "Billing", "kind": "functional", "owner": {"team": "billing"},
             "only": {"field": "category", "is": "billing"}, "when": [{"metric": "resolution", "percent": 50}]},
            {"name": "Manager", "kind": "hierarchical", "owner": {"role": "support-manager"},
             "when": [{"metric": "resolution", "percent": 75}, {"flag": "customer-requested-manager"}],
             "actions": [{"type": "notify"}, {"type": "notifyCustomer"}]},
            {"name": "On-call", "kind": "hierarchical", "owner": {"rotation": "primary"},
             "when": [{"metric": "resolution", "breached": true}, {"unacknowledgedFor": "4h"}],
             "actions": [{"type": "notify"}, {"type": "reassign"}]}
        ],
        "repeat": {"every": "1h", "times": 3}
    })
}

type Case = (escalon::Policy, escalon::Ticket, chrono::DateTime<chrono::Utc>);

fn case(with_escalation: bool) -> Case {
    let mut doc = fixture();
    if with_escalation {
        doc["policy"]["escalation"] = escalation();
    }
    let policy = escalon::Policy::from_value(&doc["policy"]).expect("policy");
    let ticket = escalon::Ticket::from_value(&doc["ticket"]).expect("ticket");
    let now = escalon::parse_instant(doc["now"].as_str().expect("now")).expect("instant");
    (policy, ticket, now)
}

/// 100,000 tickets: the fixture's ticket shifted over 2026 with varied fields, from a fixed seed.
fn generated(n: usize) -> Vec<escalon::Ticket> {
    let base = fixture()["ticket"].clone();
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        // splitmix64
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let tiers = ["gold", "silver", "free"];
    let categories = ["billing", "outage", "question", "technical"];
    let levels = ["high", "medium", "low"];
    (0..n)
        .map(|i| {
            let shift = i64::try_from(next() % (300 * 86_400)).unwrap_or(0) * 1000;
            let mut t = base.clone();
            let move_ms = |v: &Value| {
                let ms = escalon::parse_instant(v.as_str().unwrap()).unwrap().timestamp_millis() + shift;
                json!(escalon::format_instant(chrono::DateTime::from_timestamp_millis(ms).unwrap()))
            };
            t["id"] = json!(format!("G-{i}"));
            t["createdAt"] = move_ms(&t["createdAt"]);
            let keep = (next() % 13) as usize;
            let events: Vec<Value> = t["events"]
                .as_array()
                .unwrap()
                .iter()
                .take(keep)
                .map(|e| {
                    let mut e = e.clone();
                    e["at"] = move_ms(&e["at"]);
                    e
                })
                .collect();
            t["events"] = json!(events);
            t["fields"]["tier"] = json!(tiers[(next() % 3) as usize]);
            t["fields"]["category"] = json!(categories[(next() % 4) as usize]);
            t["fields"]["impact"] = json!(levels[(next() % 3) as usize]);
            t["fields"]["urgency"] = json!(levels[(next() % 3) as usize]);
            t["fields"]["region"] = json!(if next() % 2 == 0 { "eu" } else { "us" });
            escalon::Ticket::from_value(&t).expect("generated ticket")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("evaluate");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3)).sample_size(30);
    for (name, with) in
        [("realistic policy, 12 events", false), ("realistic policy + escalation, 12 events", true)]
    {
        let (policy, ticket, now) = case(with);
        // Not timed: the evaluation succeeds, so the benchmark does not measure an error path.
        let e = policy.evaluate(&ticket, now).expect("evaluate");
        assert_eq!(e.metrics.len(), 4);
        assert_eq!(e.escalation.is_some(), with);
        g.bench_function(name, |b| b.iter(|| policy.evaluate(black_box(&ticket), black_box(now))));
    }
    let (policy, ticket, now) = case(true);
    g.bench_function("realistic policy + escalation, to JSON", |b| {
        b.iter(|| policy.evaluate(black_box(&ticket), black_box(now)).map(|e| e.to_json()))
    });
    g.finish();

    let tickets = generated(100_000);
    let now = escalon::parse_instant("2026-12-31T00:00:00Z").expect("now");
    let summary = policy.summarize(&tickets, now).expect("summarize");
    assert_eq!(summary.tickets, 100_000);
    let mut g = c.benchmark_group("summarize");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10)).sample_size(10);
    g.bench_function("100,000 generated tickets", |b| {
        b.iter(|| policy.summarize(black_box(&tickets), black_box(now)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
