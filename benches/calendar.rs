//! Business-time math on Mon–Fri 09:00–17:00 in America/New_York with the US federal holidays of
//! 2026, from 100,000 seeded starts spread over 2026. W1: +8h, W2: +40h, W3: +2000h, W4: elapsed
//! over 30 days. Goals: each under 150 ns/op, and W3 within 3x of W1.

use chrono::{DateTime, Utc};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use escalon::{Amount, Calendar};
use std::time::Duration;

/// The calendar of the workloads. The issue says "the 10 US federal holidays"; since Juneteenth
/// (2021) there are 11, and all 11 observed dates of 2026 are listed (July 4 is a Saturday, so
/// Independence Day is observed on Friday July 3).
pub const CALENDAR: &str = r#"{
  "timeZone": "America/New_York",
  "hours": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]], "wed": [["09:00", "17:00"]],
            "thu": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]]},
  "holidays": ["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
               "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"]
}"#;

/// 100,000 instants uniformly over 2026, to the second, from a fixed seed (splitmix64).
fn starts() -> Vec<DateTime<Utc>> {
    let mut state: u64 = 2026;
    let year_start = 1_767_225_600i64; // 2026-01-01T00:00:00Z
    (0..100_000)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            let offset = i64::try_from(z % (365 * 86_400)).unwrap_or(0);
            DateTime::from_timestamp(year_start + offset, 0).unwrap_or_default()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cal = Calendar::from_json(CALENDAR).expect("calendar");
    let starts = starts();
    let amounts: Vec<(&str, Amount)> =
        ["8h", "40h", "2000h"].iter().map(|s| (*s, s.parse::<Amount>().expect("amount"))).collect();
    // Not timed: every start gives an answer, so no error path is measured.
    for t in &starts {
        for (_, a) in &amounts {
            cal.add(*t, *a).expect("add");
        }
        cal.elapsed(*t, *t + chrono::TimeDelta::days(30)).expect("elapsed");
    }
    let mut g = c.benchmark_group("calendar");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3)).sample_size(30);
    for (name, (label, amount)) in ["W1", "W2", "W3"].iter().zip(&amounts) {
        let mut i = 0;
        g.bench_function(format!("{name} +{label}"), |b| {
            b.iter(|| {
                i = (i + 1) % starts.len();
                cal.add(black_box(starts[i]), black_box(*amount))
            })
        });
    }
    let ends: Vec<DateTime<Utc>> = starts.iter().map(|t| *t + chrono::TimeDelta::days(30)).collect();
    let mut i = 0;
    g.bench_function("W4 elapsed 30d", |b| {
        b.iter(|| {
            i = (i + 1) % starts.len();
            cal.elapsed(black_box(starts[i]), black_box(ends[i]))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
