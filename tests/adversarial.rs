//! Adversarial inputs: each returns within a bound, with an answer or a typed error, never a
//! panic. The README's table comes from
//! `cargo test --release --test lib adversarial -- --nocapture`, which prints the time of each.

use std::time::Instant;

use escalon::{parse_instant, Amount, Calendar, Policy, Ticket};
use serde_json::{json, Value};

const NINE_TO_FIVE: &str = r#"{"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
  "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}"#;

fn week() -> Value {
    serde_json::from_str(NINE_TO_FIVE).unwrap()
}

fn t(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_instant(s).unwrap()
}

fn amount(s: &str) -> Amount {
    s.parse().unwrap()
}

/// Runs a case, prints its time as a table row, and returns its outcome as text.
fn case<T>(name: &str, f: impl FnOnce() -> Result<T, escalon::Error>) -> String {
    let start = Instant::now();
    let r = f();
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let outcome = match &r {
        Ok(_) => "answer".to_owned(),
        Err(e) => format!("`{}`", e.code()),
    };
    println!("| {name} | {ms:.2} ms | {outcome} |");
    outcome
}

#[test]
fn adversarial_inputs_return_within_bounds() {
    println!("| case | time | outcome |\n|---|---:|---|");
    // Open one second a year: overrides on one date per year, no weekly hours.
    let overrides: serde_json::Map<String, Value> =
        (2026..2040).map(|y| (format!("{y}-06-01"), json!([["09:00:00", "09:00:01"]]))).collect();
    let sparse =
        Calendar::from_value(&json!({"timeZone": "Europe/Paris", "hours": {}, "overrides": overrides}))
            .unwrap();
    assert_eq!(
        case("calendar open one second a year: +1h", || sparse.add(t("2026-01-01T00:00:00Z"), amount("1h"))),
        "`calendar.no_business_time_within_horizon`"
    );
    assert_eq!(
        case("calendar open one second a year: nextOpen", || sparse.next_open(t("2026-07-01T00:00:00Z"))),
        "answer"
    );
    let nine_five = Calendar::from_value(&json!({"timeZone": "America/New_York", "hours": week()})).unwrap();
    assert_eq!(
        case("10-year target (87,600h) on Mon-Fri 9-5", || nine_five
            .add(t("2026-01-05T14:00:00Z"), amount("87600h"))),
        "`calendar.no_business_time_within_horizon`"
    );
    assert_eq!(
        case("10-year target (87,600h) on 24x7", || Calendar::always_open()
            .add(t("2026-01-05T14:00:00Z"), amount("87600h"))),
        "answer"
    );
    let holidays: Vec<Value> = (0..10_000)
        .map(|i| {
            json!(escalon::format_instant(t("2026-01-01T00:00:00Z") + chrono::TimeDelta::days(i * 2))[..10])
        })
        .collect();
    let mut many = None;
    assert_eq!(
        case("10,000 holidays: build", || {
            many = Some(Calendar::from_value(
                &json!({"timeZone": "Europe/Berlin", "hours": week(), "holidays": holidays}),
            )?);
            Ok(())
        }),
        "answer"
    );
    let many = many.unwrap();
    assert_eq!(
        case("10,000 holidays: +2000h", || many.add(t("2026-01-05T08:00:00Z"), amount("2000h"))),
        "answer"
    );
    assert_eq!(
        case("10,000 holidays: elapsed over 50 years", || many
            .elapsed(t("2026-01-01T00:00:00Z"), t("2076-01-01T00:00:00Z"))),
        "answer"
    );
    let dense: Vec<Value> = (0..1000)
        .map(|i| {
            let s = i * 86;
            json!([
                format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60),
                format!("{:02}:{:02}:{:02}", (s + 40) / 3600, (s + 40) / 60 % 60, (s + 40) % 60)
            ])
        })
        .collect();
    let mut busy = None;
    assert_eq!(
        case("1,000 intervals a day: build", || {
            busy = Some(Calendar::from_value(
                &json!({"timeZone": "Australia/Lord_Howe", "hours": {"mon": dense.clone(), "wed": dense.clone(), "fri": dense}}),
            )?);
            Ok(())
        }),
        "answer"
    );
    let busy = busy.unwrap();
    assert_eq!(
        case("1,000 intervals a day: +40h", || busy.add(t("2026-10-01T00:00:00Z"), amount("40h"))),
        "answer"
    );
    assert_eq!(
        case("1,000 intervals a day: elapsed 30 days", || busy
            .elapsed(t("2026-09-20T00:00:00Z"), t("2026-10-20T00:00:00Z"))),
        "answer"
    );
    let yearly = Calendar::from_value(&json!({"timeZone": "America/New_York", "hours": week(), "holidays": ["--01-01", "--07-04", "--12-25"]})).unwrap();
    assert_eq!(
        case("elapsed from year 1 to year 9999", || yearly
            .elapsed(t("0001-01-01T00:00:00Z"), t("9999-12-31T23:59:59Z"))),
        "answer"
    );
    assert_eq!(case("+8h at 9999-12-31", || yearly.add(t("9999-12-31T12:00:00Z"), amount("8h"))), "answer");
    assert_eq!(
        case("-8h at 0001-01-01 (chrono has year 0)", || yearly
            .subtract(t("0001-01-01T12:00:00Z"), amount("8h"))),
        "answer"
    );
    assert_eq!(
        case("periods over 10 years and a day", || yearly
            .periods(t("2026-01-01T00:00:00Z"), t("2036-01-03T00:00:00Z"))),
        "`calendar.range_too_large`"
    );

    let policy = |rules: Value| {
        Policy::from_value(
            &json!({"version": 1, "calendars": {"us": {"timeZone": "America/New_York", "hours": week()}},
            "priorities": ["P1", "P2", "P3"], "priority": {"default": "P2", "rules": rules},
            "slas": [{"name": "s", "calendar": "us", "targets": {"P1": {"first-response": "1h", "next-response": "2h", "periodic-update": "4h", "resolution": "8h"},
                "P2": {"first-response": "2h", "next-response": "4h", "periodic-update": "8h", "resolution": "16h"},
                "P3": {"first-response": "4h", "next-response": "8h", "periodic-update": "16h", "resolution": "40h"}}}]}),
        )
    };
    let simple = policy(json!([])).unwrap();
    let events: Vec<Value> = (0..100_000)
        .map(|i| {
            let at = escalon::format_instant(t("2026-01-05T14:00:00Z") + chrono::TimeDelta::minutes(i));
            if i % 2 == 0 {
                json!({"at": at, "type": "reply", "by": "customer"})
            } else {
                json!({"at": at, "type": "reply", "by": "agent", "public": true})
            }
        })
        .collect();
    let long = Ticket::from_value(
        &json!({"id": 1, "createdAt": "2026-01-05T14:00:00Z", "status": "open", "events": events}),
    )
    .unwrap();
    assert_eq!(
        case("ticket with 100,000 events: evaluate", || simple.evaluate(&long, t("2026-06-01T00:00:00Z"))),
        "answer"
    );
    let rules: Vec<Value> = (0..1000).map(|i| json!({"when": {"field": "priority", "in": ["P1", "P2", "P3"]}, if i % 2 == 0 { "raise" } else { "lower" }: 1})).collect();
    let chained = policy(json!(rules)).unwrap();
    let ticket =
        Ticket::from_value(&json!({"id": 1, "createdAt": "2026-01-05T14:00:00Z", "status": "open"})).unwrap();
    assert_eq!(
        case("rule chain 1,000 deep: evaluate", || chained.evaluate(&ticket, t("2026-01-06T14:00:00Z"))),
        "answer"
    );
    let mut nested = json!({"field": "channel", "is": "email"});
    for _ in 0..32 {
        nested = json!({"not": nested});
    }
    assert_eq!(
        case("conditions nested 32 deep", || policy(json!([{"when": nested.clone(), "set": "P1"}]))),
        "answer"
    );
    let mut deeper = nested;
    for _ in 0..8 {
        deeper = json!({"all": [deeper]});
    }
    assert_eq!(
        case("conditions nested 40 deep", || policy(json!([{"when": deeper, "set": "P1"}]))),
        "`document.too_large`"
    );
}
