//! `evaluate` on a realistic policy: 3 calendars, 4 priorities, 6 rules, 3 SLA policies and the
//! 4 built-in metrics, over a ticket with 12 events (across a US DST change). Goal: under 5 µs per
//! ticket native.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::time::Duration;

fn realistic() -> (escalon::Policy, escalon::Ticket, chrono::DateTime<chrono::Utc>) {
    let text = include_str!("fixtures/realistic.json");
    let doc: serde_json::Value = serde_json::from_str(text).expect("fixture JSON");
    let policy = escalon::Policy::from_value(&doc["policy"]).expect("policy");
    let ticket = escalon::Ticket::from_value(&doc["ticket"]).expect("ticket");
    let now = escalon::parse_instant(doc["now"].as_str().expect("now")).expect("instant");
    (policy, ticket, now)
}

fn bench(c: &mut Criterion) {
    let (policy, ticket, now) = realistic();
    // Not timed: the evaluation succeeds, so the benchmark does not measure an error path.
    let e = policy.evaluate(&ticket, now).expect("evaluate");
    assert_eq!(e.metrics.len(), 4);
    let mut g = c.benchmark_group("evaluate");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3)).sample_size(30);
    g.bench_function("realistic policy, 12 events", |b| b.iter(|| policy.evaluate(black_box(&ticket), black_box(now))));
    g.bench_function("realistic policy, 12 events, to JSON", |b| {
        b.iter(|| policy.evaluate(black_box(&ticket), black_box(now)).map(|e| e.to_json()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
