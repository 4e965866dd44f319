//! Property tests of the business-time math (STYLE.md section 7, SEMANTICS.md sections 1 to 4).
//!
//! Calendars are generated as JSON documents in zones with DST and odd-offset edges (New York,
//! London, Dublin, Lord Howe's 30-minute DST, Kathmandu's +05:45, Apia's skipped 2011-12-30 and
//! UTC), with weekly hours that include overnight shifts, split days, whole days and intervals in
//! the 01:00 to 03:00 band, and with holidays, overrides and breaks on the dates around the real
//! offset transitions. Instants are drawn near those transitions (on quarter hours, seconds and
//! milliseconds), and at random in 2020 to 2030.
//!
//! Besides the algebraic invariants, two oracles recompute business time from the calendar
//! definition without the crate: a pointwise one in local wall time for the fixed-offset zones,
//! and an interval-set one for every zone, which converts each wall-clock bound by the
//! `compatible` rule through chrono-tz.
//!
//! Tests at the end of the file aim at the DST cases where the crate had bugs (see `Known`):
//! intervals a gap reorders, and tails a whole-day gap pushes two dates on, with minimal
//! examples.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, SecondsFormat, TimeDelta,
    TimeZone, Utc,
};
use chrono_tz::Tz;
use escalon::{parse_instant, Amount, BusinessDuration, Calendar, Code, Error, Period};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{TestCaseError, TestRunner};

use crate::config;
use serde_json::{json, Map, Value};

const MIN: u32 = 60;
const HOUR: u32 = 3600;
const DAY: u32 = 86_400;
const DAY_MS: i64 = 86_400_000;

/// Cases per property: enough to reach the DST edges often, small enough for a debug build.
const CASES: u32 = 300;

// ---------------------------------------------------------------------------------------------
// Zones and instants

struct Zone {
    name: &'static str,
    /// The offset of a zone that has none other in the years drawn, in seconds east of UTC.
    fixed: Option<i64>,
    /// Instants near which instants and irregular dates are drawn: the real offset transitions
    /// of a DST zone (checked by `zone_anchors_are_real_transitions`), any instants otherwise.
    anchors: &'static [&'static str],
}

const ZONES: &[Zone] = &[
    Zone {
        name: "America/New_York",
        fixed: None,
        anchors: &[
            "2026-03-08T07:00:00Z",
            "2026-11-01T06:00:00Z",
            "2025-03-09T07:00:00Z",
            "2025-11-02T06:00:00Z",
        ],
    },
    Zone { name: "Europe/London", fixed: None, anchors: &["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"] },
    Zone { name: "Europe/Dublin", fixed: None, anchors: &["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"] },
    Zone {
        name: "Australia/Lord_Howe",
        fixed: None,
        anchors: &["2026-04-04T15:00:00Z", "2026-10-03T15:30:00Z"],
    },
    // 2011-12-29 24:00 -10:00 became 2011-12-31 00:00 +14:00; DST ended on 2012-04-01.
    Zone { name: "Pacific/Apia", fixed: None, anchors: &["2011-12-30T10:00:00Z", "2012-03-31T14:00:00Z"] },
    // +05:45 since 1986; local midnights.
    Zone {
        name: "Asia/Kathmandu",
        fixed: Some(5 * 3600 + 45 * 60),
        anchors: &["2026-01-01T18:15:00Z", "2026-06-14T18:15:00Z"],
    },
    Zone { name: "Etc/UTC", fixed: Some(0), anchors: &["2026-01-02T00:00:00Z", "2026-06-15T00:00:00Z"] },
    // +00 to +02 at 01:00Z on the last Sunday of March, back on the last Sunday of October: a
    // two-hour gap, longer than a one-hour turn.
    Zone {
        name: "Antarctica/Troll",
        fixed: None,
        anchors: &["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"],
    },
];

/// 2020-01-01T00:00:00Z and 2030-01-01T00:00:00Z, in seconds.
const Y2020: i64 = 1_577_836_800;
const Y2030: i64 = 1_893_456_000;

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).expect("instant in range")
}

fn ms_of(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn anchor_ms(s: &str) -> i64 {
    ms_of(parse_instant(s).expect("anchor parses"))
}

fn tz_of(zone: usize) -> Tz {
    ZONES[zone].name.parse().expect("known zone")
}

/// An instant near one of the zone's anchors (on a quarter hour, a second or a millisecond), or
/// anywhere in 2020 to 2030.
fn instant_in(zone: usize) -> impl Strategy<Value = i64> {
    let anchors: Vec<i64> = ZONES[zone].anchors.iter().map(|s| anchor_ms(s)).collect();
    let pick = prop::sample::select(anchors);
    prop_oneof![
        4 => (pick.clone(), -4 * 96..4 * 96i64).prop_map(|(a, q)| a + q * 15 * 60_000),
        2 => (pick.clone(), -4 * 86_400..4 * 86_400i64).prop_map(|(a, s)| a + s * 1000),
        1 => (pick, -4 * DAY_MS..4 * DAY_MS).prop_map(|(a, m)| a + m),
        1 => (Y2020 / 900..Y2030 / 900).prop_map(|q| q * 900_000),
        1 => (Y2020..Y2030).prop_map(|s| s * 1000),
    ]
}

/// The local dates within three days of the zone's anchors.
fn near_dates(zone: usize) -> Vec<NaiveDate> {
    let tz = tz_of(zone);
    let mut out = BTreeSet::new();
    for a in ZONES[zone].anchors {
        let local = at(anchor_ms(a)).with_timezone(&tz).date_naive();
        for k in -3..=3i64 {
            out.insert(local + TimeDelta::days(k));
        }
    }
    out.into_iter().collect()
}

/// Business time in whole seconds, as an amount.
fn time(secs: u64) -> Amount {
    Amount::Time(BusinessDuration::from_secs(secs).expect("amount fits"))
}

/// 0s to 2000h, weighted towards what a helpdesk uses.
fn amount_secs() -> impl Strategy<Value = u64> {
    prop_oneof![
        1 => Just(0u64),
        3 => (0..=16 * 60u64).prop_map(|m| m * 60),
        2 => 0..=48 * 3600u64,
        1 => (0..=2000u64).prop_map(|h| h * 3600),
        1 => 0..=2000 * 3600u64,
    ]
}

/// `Some` for a result, `None` for a search that ran into the 10-year horizon (a sparse calendar
/// and a large amount); any other error fails the test.
fn within<T>(r: Result<T, Error>) -> Result<Option<T>, TestCaseError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.code() == Code::CalendarNoBusinessTimeWithinHorizon => Ok(None),
        Err(e) => Err(TestCaseError::fail(format!("unexpected error: {e}"))),
    }
}

/// The value of an operation that cannot run into the horizon.
fn must<T>(r: Result<T, Error>) -> Result<T, TestCaseError> {
    r.map_err(|e| TestCaseError::fail(format!("unexpected error: {e}")))
}

// ---------------------------------------------------------------------------------------------
// Calendar specs: what the generator writes, as JSON and as data the oracles read

/// Wall-clock intervals of one date in seconds from local midnight, ascending and not
/// overlapping. An end of `DAY` is 24:00; an end after `DAY` is an overnight shift.
type Ivs = Vec<(u32, u32)>;

#[derive(Clone)]
enum Holiday {
    Date(NaiveDate),
    Yearly(NaiveDate),
    /// From the date, for one more date per unit.
    Range(NaiveDate, u32),
}

impl fmt::Debug for Holiday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_json())
    }
}

impl Holiday {
    fn contains(&self, date: NaiveDate) -> bool {
        match *self {
            Holiday::Date(d) => d == date,
            Holiday::Yearly(d) => (d.month(), d.day()) == (date.month(), date.day()),
            Holiday::Range(d, n) => d <= date && date <= d + TimeDelta::days(i64::from(n)),
        }
    }

    fn to_json(&self) -> Value {
        match *self {
            Holiday::Date(d) => json!(d.to_string()),
            Holiday::Yearly(d) => json!(d.format("--%m-%d").to_string()),
            Holiday::Range(d, n) => {
                json!({"from": d.to_string(), "to": (d + TimeDelta::days(i64::from(n))).to_string()})
            }
        }
    }
}

#[derive(Clone)]
struct Spec {
    zone: usize,
    week: [Ivs; 7],
    holidays: Vec<Holiday>,
    overrides: BTreeMap<NaiveDate, Ivs>,
    breaks: BTreeMap<NaiveDate, Ivs>,
}

/// A failing case prints the calendar document itself, ready to paste into a reproduction.
impl fmt::Debug for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_json())
    }
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn hhmm(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

fn ivs_json(ivs: &[(u32, u32)]) -> Value {
    Value::Array(
        ivs.iter().map(|&(s, e)| json!([hhmm(s), hhmm(if e > DAY { e - DAY } else { e })])).collect(),
    )
}

impl Spec {
    fn to_json(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("timeZone".into(), json!(ZONES[self.zone].name));
        let mut hours = Map::new();
        for (key, ivs) in WEEKDAYS.iter().zip(&self.week) {
            if !ivs.is_empty() {
                hours.insert((*key).into(), ivs_json(ivs));
            }
        }
        doc.insert("hours".into(), Value::Object(hours));
        if !self.holidays.is_empty() {
            doc.insert("holidays".into(), self.holidays.iter().map(Holiday::to_json).collect());
        }
        let dated = |m: &BTreeMap<NaiveDate, Ivs>| -> Value {
            Value::Object(m.iter().map(|(d, ivs)| (d.to_string(), ivs_json(ivs))).collect())
        };
        if !self.overrides.is_empty() {
            doc.insert("overrides".into(), dated(&self.overrides));
        }
        if !self.breaks.is_empty() {
            doc.insert("breaks".into(), dated(&self.breaks));
        }
        Value::Object(doc)
    }

    fn weekly(&self, date: NaiveDate) -> &[(u32, u32)] {
        &self.week[date.weekday().num_days_from_monday() as usize]
    }

    /// The intervals that start on `date`: its override, or its weekday's hours.
    fn intervals_of(&self, date: NaiveDate) -> &[(u32, u32)] {
        self.overrides.get(&date).map_or_else(|| self.weekly(date), Vec::as_slice)
    }

    fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.iter().any(|h| h.contains(date))
    }

    /// SEMANTICS.md section 3: weekly hours on that weekday and not a holiday.
    fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.weekly(date).is_empty() && !self.is_holiday(date)
    }

    /// Every time of day the calendar mentions, 00:00 and 24:00 included.
    fn marks(&self) -> BTreeSet<u32> {
        let mut out = BTreeSet::from([0, DAY]);
        let all = self.week.iter().chain(self.overrides.values()).chain(self.breaks.values());
        for &(s, e) in all.flatten() {
            out.insert(s);
            out.insert(if e > DAY { e - DAY } else { e });
        }
        out
    }
}

fn calendar(spec: &Spec) -> Result<Calendar, TestCaseError> {
    Calendar::from_value(&spec.to_json()).map_err(|e| TestCaseError::reject(format!("invalid calendar: {e}")))
}

/// A calendar changed inside a test, skipped when the change runs into a known bug.
fn changed_calendar(spec: &Spec) -> Result<Calendar, TestCaseError> {
    if let Some(bug) = known_bug(spec) {
        return Err(TestCaseError::reject(format!("known bug {bug:?}")));
    }
    calendar(spec)
}

/// Times of day that matter: DST bands, Lord Howe's 02:00-02:30 gap, office hours, midnight.
fn time_of_day() -> impl Strategy<Value = u32> {
    let interesting = vec![
        0,
        30 * MIN,
        HOUR,
        HOUR + 30 * MIN,
        HOUR + 59 * MIN,
        2 * HOUR,
        2 * HOUR + 15 * MIN,
        2 * HOUR + 30 * MIN,
        2 * HOUR + 45 * MIN,
        3 * HOUR,
        3 * HOUR + 30 * MIN,
        4 * HOUR,
        6 * HOUR,
        9 * HOUR,
        12 * HOUR,
        13 * HOUR,
        17 * HOUR,
        22 * HOUR,
        23 * HOUR,
        23 * HOUR + 30 * MIN,
    ];
    prop_oneof![
        6 => prop::sample::select(interesting),
        2 => (0..24 * 60u32).prop_map(|m| m * MIN),
        1 => 0..DAY,
    ]
}

/// Intervals from 1 to 5 distinct times paired in order; an odd last time ends at 24:00 or, when
/// `overnight` allows and the coin says so, on the next date at `tail`.
fn random_intervals(overnight: bool) -> impl Strategy<Value = Ivs> {
    (prop::collection::btree_set(time_of_day(), 1..=5), any::<bool>(), time_of_day()).prop_map(
        move |(times, night, tail)| {
            let t: Vec<u32> = times.into_iter().collect();
            t.chunks(2)
                .map(|pair| match *pair {
                    [s, e] => (s, e),
                    [s, ..] if overnight && night && tail < s => (s, DAY + tail),
                    [s, ..] => (s, DAY),
                    [] => unreachable!("chunks are never empty"),
                })
                .collect()
        },
    )
}

/// The hours of one weekday or override.
fn day_hours() -> impl Strategy<Value = Ivs> {
    prop_oneof![
        3 => Just(vec![]),
        3 => Just(vec![(9 * HOUR, 17 * HOUR)]),
        1 => Just(vec![(9 * HOUR, 12 * HOUR), (13 * HOUR, 17 * HOUR)]),
        1 => Just(vec![(8 * HOUR, 12 * HOUR), (12 * HOUR, 17 * HOUR)]),
        1 => Just(vec![(0, DAY)]),
        2 => Just(vec![(HOUR, 3 * HOUR)]),
        2 => Just(vec![(22 * HOUR, DAY + 6 * HOUR)]),
        1 => Just(vec![(HOUR + 30 * MIN, 2 * HOUR + 30 * MIN), (3 * HOUR, 5 * HOUR)]),
        1 => Just(vec![(2 * HOUR + 15 * MIN, 2 * HOUR + 45 * MIN)]),
        1 => Just(vec![(0, HOUR + 30 * MIN), (23 * HOUR, DAY)]),
        1 => Just(vec![(9 * HOUR, 17 * HOUR), (23 * HOUR, DAY + 2 * HOUR + 30 * MIN)]),
        5 => random_intervals(true),
    ]
}

/// The breaks of one date (never overnight).
fn break_list() -> impl Strategy<Value = Ivs> {
    prop_oneof![
        2 => Just(vec![(12 * HOUR, 13 * HOUR)]),
        2 => Just(vec![(HOUR + 30 * MIN, 2 * HOUR + 30 * MIN)]),
        1 => Just(vec![(0, 3 * HOUR)]),
        1 => Just(vec![(2 * HOUR, 3 * HOUR), (5 * HOUR, 6 * HOUR)]),
        3 => random_intervals(false),
    ]
}

fn holiday(dates: Vec<NaiveDate>) -> impl Strategy<Value = Holiday> {
    let d = prop::sample::select(dates);
    prop_oneof![
        3 => d.clone().prop_map(Holiday::Date),
        1 => d.clone().prop_map(Holiday::Yearly),
        1 => (d, 1..3u32).prop_map(|(d, n)| Holiday::Range(d, n)),
    ]
}

/// Makes weekly hours valid: an overnight tail may not overlap the next weekday's intervals, and
/// some weekday must be open.
fn fix_week(week: &mut [Ivs; 7]) {
    for w in 0..7 {
        let tail = week[w].iter().map(|iv| iv.1).max().unwrap_or(0).saturating_sub(DAY);
        if tail > 0 {
            week[(w + 1) % 7].retain(|iv| iv.0 >= tail);
        }
    }
    if week.iter().all(Vec::is_empty) {
        week[2] = vec![(9 * HOUR, 17 * HOUR)];
    }
}

fn spec_in(zone: usize) -> impl Strategy<Value = Spec> {
    let dates = near_dates(zone);
    (
        prop::array::uniform7(day_hours()),
        prop::collection::vec(holiday(dates.clone()), 0..3),
        prop::collection::btree_map(prop::sample::select(dates.clone()), day_hours(), 0..3),
        prop::collection::btree_map(prop::sample::select(dates), break_list(), 0..3),
    )
        .prop_map(move |(mut week, holidays, overrides, breaks)| {
            fix_week(&mut week);
            Spec { zone, week, holidays, overrides, breaks }
        })
}

/// Any calendar (the generators once left out calendars that hit two bugs since fixed; the
/// tests at the end of this file still aim at those cases).
fn spec() -> impl Strategy<Value = Spec> {
    any_spec()
}

/// Any calendar, except for breaks on a date that has no wall time (Apia's 2011-12-30), where
/// SEMANTICS.md leaves open whether a break "removes time from the local date it names" (which
/// has none) or from its bounds converted by the `compatible` rule (on 2011-12-31).
fn any_spec() -> impl Strategy<Value = Spec> {
    (0..ZONES.len()).prop_flat_map(spec_in).prop_filter("a break on a skipped date", |s| {
        let tz = tz_of(s.zone);
        !s.breaks.keys().any(|&d| skipped(tz, d))
    })
}

/// A calendar and `N` instants in its zone's interesting times.
fn case<const N: usize>() -> impl Strategy<Value = (Spec, [i64; N])> {
    spec().prop_flat_map(|s| {
        let z = s.zone;
        (Just(s), prop::array::uniform::<_, N>(instant_in(z)))
    })
}

/// A calendar, an instant, and an instant at most five days later.
fn range_case() -> impl Strategy<Value = (Spec, i64, i64)> {
    range_case_of(spec())
}

fn range_case_of(specs: impl Strategy<Value = Spec>) -> impl Strategy<Value = (Spec, i64, i64)> {
    specs
        .prop_flat_map(|s| {
            let z = s.zone;
            (Just(s), instant_in(z))
        })
        .prop_flat_map(|(s, t)| {
            let span = prop_oneof![(0..5 * 96i64).prop_map(|q| q * 900_000), 0..5 * DAY_MS];
            (Just(s), Just(t), span.prop_map(move |d| t + d))
        })
}

// ---------------------------------------------------------------------------------------------
// Oracles

/// Merges intervals that overlap or touch; drops empty ones.
fn union(mut v: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    v.retain(|p| p.0 < p.1);
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `a` minus `b`, both merged and ascending.
fn difference(a: &[(i64, i64)], b: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for &(mut s, e) in a {
        for &(bs, be) in b {
            if be <= s || bs >= e {
                continue;
            }
            if bs > s {
                out.push((s, bs));
            }
            s = s.max(be);
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

fn periods_as_pairs(p: &[Period]) -> Vec<(i64, i64)> {
    p.iter().map(|p| (ms_of(p.start), ms_of(p.end))).collect()
}

/// Wall time to instant by the `compatible` rule, written against chrono-tz directly: a wall
/// time in a gap moves forward by the gap's length (it keeps the offset from before the gap),
/// an ambiguous one takes its earlier occurrence.
fn compatible(tz: Tz, wall: NaiveDateTime) -> i64 {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) => t.timestamp_millis(),
        LocalResult::Ambiguous(a, b) => a.timestamp_millis().min(b.timestamp_millis()),
        LocalResult::None => {
            // 30 hours before is before the gap and after the previous change in every zone here.
            let before = tz.offset_from_utc_datetime(&(wall - TimeDelta::hours(30))).fix().local_minus_utc();
            wall.and_utc().timestamp_millis() - i64::from(before) * 1000
        }
    }
}

/// The calendar as a set of instants: every interval of every date converted bound by bound,
/// minus every holiday and break converted the same way. Overrides replace the intervals that
/// start on their date only; a break or holiday removes time whatever interval it belongs to.
struct Model<'a> {
    spec: &'a Spec,
    tz: Tz,
}

impl Model<'_> {
    fn new(spec: &Spec) -> Model<'_> {
        Model { spec, tz: tz_of(spec.zone) }
    }

    fn conv(&self, date: NaiveDate, secs: u32) -> i64 {
        let wall = date.and_hms_opt(0, 0, 0).expect("midnight") + TimeDelta::seconds(i64::from(secs));
        compatible(self.tz, wall)
    }

    fn local_date(&self, t: i64) -> NaiveDate {
        at(t).with_timezone(&self.tz).date_naive()
    }

    /// The open periods clipped to `[lo, hi)`, merged and ascending.
    fn periods(&self, lo: i64, hi: i64) -> Vec<(i64, i64)> {
        let first = self.local_date(lo) - TimeDelta::days(3);
        let last = self.local_date(hi) + TimeDelta::days(2);
        let (mut open, mut shut) = (Vec::new(), Vec::new());
        for date in first.iter_days().take_while(|d| *d <= last) {
            for &(s, e) in self.spec.intervals_of(date) {
                open.push((self.conv(date, s), self.conv(date, e)));
            }
            if self.spec.is_holiday(date) {
                shut.push((self.conv(date, 0), self.conv(date, DAY)));
            }
            for &(s, e) in self.spec.breaks.get(&date).map_or(&[][..], Vec::as_slice) {
                shut.push((self.conv(date, s), self.conv(date, e)));
            }
        }
        let clip = [(lo, hi)];
        let outside = difference(&[(i64::MIN, i64::MAX)], &clip);
        difference(&difference(&union(open), &union(shut)), &outside)
    }
}

/// The local dates within a day of a DST gap (an offset change forward) of `zone` from 2010 to
/// 2032, found by daily probes. Only gaps can reorder converted intervals: the `compatible` rule
/// is monotonic across a fold.
fn gap_dates(zone: usize) -> &'static [NaiveDate] {
    static CACHE: OnceLock<Vec<Vec<NaiveDate>>> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        (0..ZONES.len())
            .map(|z| {
                let tz = tz_of(z);
                let from = anchor_ms("2010-01-01T00:00:00Z");
                let local = |t: i64| at(t).with_timezone(&tz);
                let mut out = BTreeSet::new();
                for k in 0..(22 * 366) {
                    let (a, b) = (local(from + k * DAY_MS), local(from + (k + 1) * DAY_MS));
                    if a.offset().fix().local_minus_utc() < b.offset().fix().local_minus_utc() {
                        let last = b.date_naive() + TimeDelta::days(1);
                        let first = a.date_naive() - TimeDelta::days(1);
                        out.extend(first.iter_days().take_while(|d| *d <= last));
                    }
                }
                out.into_iter().collect()
            })
            .collect()
    });
    &all[zone]
}

impl Model<'_> {
    /// The intervals that start on `date`, converted, in the order they are written.
    fn converted(&self, date: NaiveDate) -> Vec<(i64, i64)> {
        let ivs = self.spec.intervals_of(date).iter();
        ivs.map(|&(s, e)| (self.conv(date, s), self.conv(date, e))).filter(|p| p.0 < p.1).collect()
    }

    /// Whether a converted interval of `date` has time before the end of an earlier one (of
    /// the same date, or of the two dates before) that no earlier one covers: a bound in a DST
    /// gap moved an earlier interval past it. The crate clips such an interval to start after
    /// the earlier ones instead of taking the union, and loses that time (`Known::Reordered`).
    fn reorders(&self, date: NaiveDate) -> bool {
        let mut earlier: Vec<(i64, i64)> = Vec::new();
        for d in [date - TimeDelta::days(2), date - TimeDelta::days(1)] {
            earlier.extend(self.converted(d));
        }
        for p in self.converted(date) {
            if let Some(reach) = earlier.iter().map(|q| q.1).max() {
                let before = (p.0, p.1.min(reach));
                if before.0 < before.1 && !difference(&[before], &union(earlier.clone())).is_empty() {
                    return true;
                }
            }
            earlier.push(p);
        }
        false
    }

    /// Whether an interval of `date` reaches into the date after next (the tail of Apia's
    /// 2011-12-29 overnight shift, pushed a day on by the skipped 2011-12-30). The crate neither
    /// applies that date's holidays and breaks to it nor clips that date's hours against it
    /// (`Known::TailTwoDatesOn`).
    fn tail_two_dates_on(&self, date: NaiveDate) -> bool {
        let later = self.conv(date + TimeDelta::days(2), 0);
        self.converted(date).iter().any(|p| p.1 > later)
    }
}

/// Whether `date` has no wall time at all (Apia's 2011-12-30).
fn skipped(tz: Tz, date: NaiveDate) -> bool {
    let exists = |h: u32| {
        let wall = date.and_hms_opt(h, 0, 0).expect("time");
        !matches!(tz.from_local_datetime(&wall), LocalResult::None)
    };
    !(0..24).any(exists)
}

/// Bugs of the crate these tests found (fixed since); the tests at the end of this file draw
/// calendars that hit them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    /// An interval that a DST gap puts before an earlier one loses its time (`reorders`).
    Reordered,
    /// A tail pushed two dates on is counted twice, and its holidays and breaks miss it
    /// (`tail_two_dates_on`).
    TailTwoDatesOn,
}

/// The first known bug a calendar runs into, looking at every date near a DST gap.
fn known_bug(spec: &Spec) -> Option<Known> {
    let model = Model::new(spec);
    let dates = gap_dates(spec.zone);
    if dates.iter().any(|&d| model.reorders(d)) {
        Some(Known::Reordered)
    } else if dates.iter().any(|&d| model.tail_two_dates_on(d)) {
        Some(Known::TailTwoDatesOn)
    } else {
        None
    }
}

/// `add(t, d)` on a model window `[lo, hi)`: `None` when the answer is not inside it.
fn model_add(periods: &[(i64, i64)], t: i64, d: i64) -> Option<i64> {
    let mut rem = d;
    for &(s, e) in periods {
        let s = s.max(t);
        if s >= e {
            continue;
        }
        if rem < e - s {
            return Some(s + rem);
        }
        rem -= e - s;
    }
    None
}

/// `subtract(x, d)` on a model window `[lo, hi)`: the largest `r <= x` in the closure of the open
/// set with `d` business time in `[r, x)`. `None` when the answer is not known from the window.
fn model_subtract(periods: &[(i64, i64)], lo: i64, x: i64, d: i64) -> Option<i64> {
    if d == 0 {
        if periods.iter().any(|&(s, e)| s <= x && x <= e) {
            return Some(x);
        }
        return periods.iter().rev().find(|p| p.1 <= x).map(|p| p.1);
    }
    let mut rem = d;
    for &(s, e) in periods.iter().rev() {
        let e = e.min(x);
        if s >= e {
            continue;
        }
        if rem <= e - s {
            return (rem < e - s || s > lo).then_some(e - rem);
        }
        rem -= e - s;
    }
    None
}

/// Whether the wall time `tod_ms` of the local date `date` is business time, read straight from
/// SEMANTICS.md section 2: a holiday closes the date; a break closes its part of the date; else
/// it is open inside an interval that starts on the date (its override or its weekday's hours)
/// or inside the tail of an overnight interval that started the date before.
fn open_at_wall(spec: &Spec, date: NaiveDate, tod_ms: i64) -> bool {
    let inside = |&(s, e): &(u32, u32)| i64::from(s) * 1000 <= tod_ms && tod_ms < i64::from(e) * 1000;
    if spec.is_holiday(date) || spec.breaks.get(&date).is_some_and(|b| b.iter().any(inside)) {
        return false;
    }
    let tail = |&(_, e): &(u32, u32)| tod_ms + DAY_MS < i64::from(e) * 1000;
    spec.intervals_of(date).iter().any(inside)
        || date.pred_opt().is_some_and(|p| spec.intervals_of(p).iter().any(tail))
}

/// Brute force in a fixed-offset zone: cut `[from, to)` at every wall-clock time the calendar
/// mentions on every date it touches, test each piece at its start, and merge the open ones.
fn brute_periods_fixed(spec: &Spec, offset_ms: i64, from: i64, to: i64) -> Vec<(i64, i64)> {
    let marks = spec.marks();
    let date_of = |t: i64| at(t + offset_ms).date_naive();
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp_millis();
    let mut cuts = vec![from, to];
    let last = date_of(to) + TimeDelta::days(1);
    for date in (date_of(from) - TimeDelta::days(1)).iter_days().take_while(|d| *d <= last) {
        for &m in &marks {
            let t = midnight(date) + i64::from(m) * 1000 - offset_ms;
            if from < t && t < to {
                cuts.push(t);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut open = Vec::new();
    for w in cuts.windows(2) {
        let wall = w[0] + offset_ms;
        let date = at(wall).date_naive();
        if open_at_wall(spec, date, wall - midnight(date)) {
            open.push((w[0], w[1]));
        }
    }
    union(open)
}

fn total(p: &[(i64, i64)]) -> i64 {
    p.iter().map(|(s, e)| e - s).sum()
}

// ---------------------------------------------------------------------------------------------
// Sanity of the generators themselves

#[test]
fn zone_anchors_are_real_transitions() {
    for (i, z) in ZONES.iter().enumerate() {
        let tz = tz_of(i);
        for a in z.anchors {
            let t = at(anchor_ms(a));
            let offset =
                |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
            let changes = offset(t - TimeDelta::seconds(1)) != offset(t);
            assert_eq!(changes, z.fixed.is_none(), "{} at {a}", z.name);
            if let Some(f) = z.fixed {
                assert_eq!(i64::from(offset(t)), f, "{}", z.name);
            }
        }
    }
}

#[test]
fn generated_calendars_in_every_zone_all_validate() {
    let mut runner = TestRunner::deterministic();
    let strategy = any_spec();
    let mut invalid = Vec::new();
    for _ in 0..500 {
        let s = strategy.new_tree(&mut runner).expect("a spec").current();
        if let Err(e) = Calendar::from_value(&s.to_json()) {
            invalid.push(format!("{e}: {s:?}"));
        }
    }
    assert!(invalid.is_empty(), "{invalid:#?}");
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(CASES))]

    /// 1. `elapsed(t, add(t, d)) == d`, and the result is open and not before `t`.
    #[test]
    fn elapsed_until_added_time_equals_amount((spec, [t]) in case::<1>(), d in amount_secs()) {
        let cal = calendar(&spec)?;
        let Some(r) = within(cal.add(at(t), time(d)))? else { return Ok(()) };
        prop_assert!(r >= at(t));
        prop_assert!(must(cal.is_open(r))?, "add gave a closed instant {}", r);
        prop_assert_eq!(must(cal.elapsed(at(t), r))?.as_millis(), d as i64 * 1000);
    }

    /// 2a. `add` is monotonic in the start instant.
    #[test]
    fn add_from_later_instant_is_not_earlier((spec, [t1, t2]) in case::<2>(), d in amount_secs()) {
        let cal = calendar(&spec)?;
        let (t1, t2) = (t1.min(t2), t1.max(t2));
        let (Some(r1), Some(r2)) = (within(cal.add(at(t1), time(d)))?, within(cal.add(at(t2), time(d)))?) else {
            return Ok(());
        };
        prop_assert!(r1 <= r2, "add({}) = {} but add({}) = {}", at(t1), r1, at(t2), r2);
    }

    /// 2b. `add` is strictly monotonic in a time amount.
    #[test]
    fn add_of_larger_time_amount_is_later((spec, [t]) in case::<1>(), a in amount_secs(), b in amount_secs()) {
        let cal = calendar(&spec)?;
        let (a, b) = (a.min(b), a.max(b));
        let (Some(ra), Some(rb)) = (within(cal.add(at(t), time(a)))?, within(cal.add(at(t), time(b)))?) else {
            return Ok(());
        };
        prop_assert!(ra <= rb);
        prop_assert_eq!(ra == rb, a == b);
    }

    /// 2c. `add` of business days is monotonic in the number of days.
    #[test]
    fn add_of_more_business_days_is_not_earlier((spec, [t]) in case::<1>(), a in 0..=30u32, b in 0..=30u32) {
        let cal = calendar(&spec)?;
        let (a, b) = (a.min(b), a.max(b));
        let ra = within(cal.add(at(t), Amount::Days(a)))?;
        let rb = within(cal.add(at(t), Amount::Days(b)))?;
        if let (Some(ra), Some(rb)) = (ra, rb) {
            prop_assert!(ra <= rb, "{}d gives {} but {}d gives {}", a, ra, b, rb);
            prop_assert!(must(cal.is_open(rb))?);
        }
    }

    /// 3. `add(add(t, a), b) == add(t, a + b)`.
    #[test]
    fn add_in_two_steps_equals_add_of_sum((spec, [t]) in case::<1>(), a in amount_secs(), b in amount_secs()) {
        let cal = calendar(&spec)?;
        let Some(ra) = within(cal.add(at(t), time(a)))? else { return Ok(()) };
        let (Some(two), Some(one)) = (within(cal.add(ra, time(b)))?, within(cal.add(at(t), time(a + b)))?) else {
            return Ok(());
        };
        prop_assert_eq!(two, one);
    }

    /// 4. `elapsed(a, c) == elapsed(a, b) + elapsed(b, c)` for `a <= b <= c`.
    #[test]
    fn elapsed_split_at_middle_instant_adds_up((spec, mut t) in case::<3>()) {
        let cal = calendar(&spec)?;
        t.sort_unstable();
        let [a, b, c] = t.map(at);
        let whole = must(cal.elapsed(a, c))?.as_millis();
        let parts = must(cal.elapsed(a, b))?.as_millis() + must(cal.elapsed(b, c))?.as_millis();
        prop_assert_eq!(whole, parts, "elapsed({}, {}) vs split at {}", a, c, b);
    }

    /// 5. `elapsed(a, b) <= b - a`, and 0 when `a >= b`.
    #[test]
    fn elapsed_of_any_range_is_at_most_wall_clock_span((spec, [a, b]) in case::<2>()) {
        let cal = calendar(&spec)?;
        let e = must(cal.elapsed(at(a), at(b)))?.as_millis();
        prop_assert!(e <= (b - a).max(0), "elapsed({}, {}) = {}ms > {}ms", at(a), at(b), e, b - a);
        if a <= b {
            prop_assert_eq!(must(cal.elapsed(at(b), at(a)))?.as_millis(), 0);
        }
    }

    /// 6a. A further holiday never makes a due time earlier, nor adds business time.
    #[test]
    fn add_with_extra_holiday_is_not_earlier(
        (spec, [t, u], h) in case::<2>().prop_flat_map(|(s, t)| {
            let h = holiday(near_dates(s.zone));
            (Just(s), Just(t), h)
        }),
        d in amount_secs(),
        n in 0..=30u32,
    ) {
        let cal = calendar(&spec)?;
        let mut more = spec.clone();
        more.holidays.push(h);
        let cal2 = changed_calendar(&more)?;
        for amount in [time(d), Amount::Days(n)] {
            if let (Some(r1), Some(r2)) = (within(cal.add(at(t), amount))?, within(cal2.add(at(t), amount))?) {
                prop_assert!(r1 <= r2, "{}: {} without the holiday, {} with it", amount, r1, r2);
            }
        }
        let (a, b) = (at(t.min(u)), at(t.max(u)));
        prop_assert!(must(cal2.elapsed(a, b))? <= must(cal.elapsed(a, b))?);
    }

    /// 6b. A further break never makes a due time earlier, nor adds business time.
    #[test]
    fn add_with_extra_break_is_not_earlier(
        (spec, [t, u], date, extra) in case::<2>().prop_flat_map(|(s, t)| {
            let date = prop::sample::select(near_dates(s.zone));
            (Just(s), Just(t), date, break_list())
        }),
        d in amount_secs(),
        n in 0..=30u32,
    ) {
        // The breaks are merged in wall time, which is their union in instants unless a bound
        // lies in a DST gap: there the `compatible` rule moves a bound forward, so a merge can
        // drop a bound that closed more (SEMANTICS.md section 2; the test
        // `break_with_bound_in_new_york_gap_removes_only_its_converted_span` pins that case).
        let in_gap = |secs: u32| {
            let wall = date.and_hms_opt(0, 0, 0).expect("midnight") + TimeDelta::seconds(i64::from(secs));
            matches!(tz_of(spec.zone).from_local_datetime(&wall), LocalResult::None)
        };
        let old = spec.breaks.get(&date).cloned().unwrap_or_default();
        prop_assume!(!old.iter().chain(&extra).any(|&(s, e)| in_gap(s) || in_gap(e)));
        let cal = calendar(&spec)?;
        let mut more = spec.clone();
        let list = more.breaks.entry(date).or_default();
        let merged = union(list.iter().chain(&extra).map(|&(s, e)| (i64::from(s), i64::from(e))).collect());
        *list = merged.into_iter().map(|(s, e)| (s as u32, e as u32)).collect();
        let cal2 = changed_calendar(&more)?;
        for amount in [time(d), Amount::Days(n)] {
            if let (Some(r1), Some(r2)) = (within(cal.add(at(t), amount))?, within(cal2.add(at(t), amount))?) {
                prop_assert!(r1 <= r2, "{}: {} without the break, {} with it", amount, r1, r2);
            }
        }
        let (a, b) = (at(t.min(u)), at(t.max(u)));
        prop_assert!(must(cal2.elapsed(a, b))? <= must(cal.elapsed(a, b))?);
    }

    /// 7. An instant written with any offset (the calendar's own, odd ones, `Z`) gives the same
    /// results.
    #[test]
    fn operations_on_instant_written_in_any_offset_agree(
        (spec, [t, u]) in case::<2>(),
        d in amount_secs(),
        offset in prop::sample::select(vec![0, 5 * 3600 + 45 * 60, -10 * 3600, 14 * 3600, -(3 * 3600 + 30 * 60),
                                            12 * 3600 + 45 * 60, -12 * 3600, 10 * 3600 + 30 * 60]),
    ) {
        let cal = calendar(&spec)?;
        let tz = tz_of(spec.zone);
        let t0 = at(t);
        let own = t0.with_timezone(&tz).offset().fix().local_minus_utc();
        let results = |x: DateTime<Utc>| {
            (
                cal.add(x, time(d)),
                cal.subtract(x, time(d)),
                cal.add(x, Amount::Days(2)),
                cal.elapsed(x, at(u)),
                cal.elapsed(at(u), x),
                cal.is_open(x),
                cal.next_open(x),
                cal.previous_close(x),
            )
        };
        let expected = results(t0);
        let mut texts = vec![t0.to_rfc3339_opts(SecondsFormat::Millis, true)];
        for off in [offset, own] {
            let fixed = FixedOffset::east_opt(off).expect("offset in range");
            texts.push(t0.with_timezone(&fixed).to_rfc3339_opts(SecondsFormat::Millis, false));
            texts.push(t0.with_timezone(&fixed).to_rfc3339_opts(SecondsFormat::AutoSi, false));
        }
        for text in texts {
            let t1 = must(parse_instant(&text))?;
            prop_assert_eq!(t1, t0, "{}", text);
            prop_assert_eq!(results(t1), expected.clone(), "{}", text);
        }
    }

    /// 8a. `subtract(add(t, d), d) == next_open(t)`: going back lands on the first open instant
    /// from which `d` was counted.
    #[test]
    fn subtract_of_added_amount_returns_next_open((spec, [t]) in case::<1>(), d in amount_secs()) {
        let cal = calendar(&spec)?;
        let Some(x) = within(cal.add(at(t), time(d)))? else { return Ok(()) };
        let Some(back) = within(cal.subtract(x, time(d)))? else { return Ok(()) };
        prop_assert_eq!(back, must(cal.next_open(at(t)))?, "add gave {}", x);
    }

    /// 8b. `add(subtract(x, d), d) == next_open(x)`, and the subtraction elapses exactly `d`
    /// up to `x` from an instant that is open or ends a period.
    #[test]
    fn add_of_subtracted_amount_returns_next_open((spec, [x]) in case::<1>(), d in amount_secs()) {
        let cal = calendar(&spec)?;
        let Some(r) = within(cal.subtract(at(x), time(d)))? else { return Ok(()) };
        prop_assert!(r <= at(x));
        prop_assert_eq!(must(cal.elapsed(r, at(x)))?.as_millis(), d as i64 * 1000);
        let on_boundary = must(cal.is_open(r))? || within(cal.previous_close(r))? == Some(r);
        prop_assert!(on_boundary, "subtract gave {}, neither open nor a period end", r);
        if let Some(again) = within(cal.add(r, time(d)))? {
            prop_assert_eq!(again, must(cal.next_open(at(x)))?, "subtract gave {}", r);
        }
    }

    /// 9. `periods` are ascending, disjoint, merged, inside `[from, to)`, open at their starts,
    /// closed at their ends (unless cut by `to`), and add up to `elapsed`.
    #[test]
    fn periods_of_range_are_merged_open_and_sum_to_elapsed((spec, from, to) in range_case()) {
        let cal = calendar(&spec)?;
        let (from, to) = (at(from), at(to));
        let ps = must(cal.periods(from, to))?;
        let mut sum = 0;
        for (i, p) in ps.iter().enumerate() {
            prop_assert!(from <= p.start && p.start < p.end && p.end <= to, "{:?}", p);
            if let Some(next) = ps.get(i + 1) {
                prop_assert!(p.end < next.start, "not ascending, disjoint and merged: {:?}", ps);
            }
            prop_assert!(must(cal.is_open(p.start))?, "{:?}", p);
            prop_assert!(p.end == to || !must(cal.is_open(p.end))?, "{:?}", p);
            sum += ms_of(p.end) - ms_of(p.start);
        }
        prop_assert_eq!(sum, must(cal.elapsed(from, to))?.as_millis());
    }

    /// 10a. `next_open(t)` is the first open instant at or after `t`.
    #[test]
    fn next_open_of_any_instant_is_first_open_at_or_after((spec, [t]) in case::<1>()) {
        let cal = calendar(&spec)?;
        let Some(n) = within(cal.next_open(at(t)))? else { return Ok(()) };
        prop_assert!(n >= at(t));
        prop_assert!(must(cal.is_open(n))?);
        prop_assert_eq!(must(cal.elapsed(at(t), n))?.as_millis(), 0);
        prop_assert_eq!(must(cal.is_open(at(t)))?, n == at(t));
    }

    /// 10b. `previous_close(t)` is the latest period end at or before `t`.
    #[test]
    fn previous_close_of_any_instant_is_latest_end_at_or_before((spec, [t]) in case::<1>()) {
        let cal = calendar(&spec)?;
        let Some(c) = within(cal.previous_close(at(t)))? else { return Ok(()) };
        prop_assert!(c <= at(t));
        prop_assert!(!must(cal.is_open(c))?, "{} is open", c);
        prop_assert!(must(cal.is_open(c - TimeDelta::milliseconds(1)))?, "{} ends no period", c);
        let between = must(cal.periods(c, at(t)))?;
        let ok = between.is_empty()
            || (between.len() == 1 && between[0].end == at(t) && must(cal.is_open(at(t)))?);
        prop_assert!(ok, "a period ends between {} and {}: {:?}", c, at(t), between);
    }

    /// 11a. In a fixed-offset zone, `elapsed`, `periods`, `is_open` and `is_business_day` agree
    /// with a brute force over the wall clock read straight from the calendar's definition.
    #[test]
    fn elapsed_in_fixed_offset_zone_matches_brute_force(
        (spec, from, to) in range_case_of(prop::sample::select(vec![5usize, 6]).prop_flat_map(spec_in)),
    ) {
        let cal = calendar(&spec)?;
        let offset_ms = ZONES[spec.zone].fixed.expect("fixed zone") * 1000;
        let expected = brute_periods_fixed(&spec, offset_ms, from, to);
        prop_assert_eq!(must(cal.elapsed(at(from), at(to)))?.as_millis(), total(&expected));
        prop_assert_eq!(periods_as_pairs(&must(cal.periods(at(from), at(to)))?), expected.clone());
        for &(s, e) in &expected {
            prop_assert!(must(cal.is_open(at(s)))?);
            prop_assert!(must(cal.is_open(at(e - 1)))?);
            prop_assert!(e == to || !must(cal.is_open(at(e)))?);
            prop_assert!(s == from || !must(cal.is_open(at(s - 1)))?);
        }
        let (d0, d1) = (at(from + offset_ms).date_naive(), at(to + offset_ms).date_naive());
        for date in d0.iter_days().take_while(|d| *d <= d1) {
            prop_assert_eq!(cal.is_business_day(date), spec.is_business_day(date), "{}", date);
        }
    }

    /// 11b. In every zone, near the transitions, every operation agrees with the interval-set
    /// model of the calendar (wall-clock bounds converted by the `compatible` rule).
    #[test]
    fn operations_near_transitions_match_interval_model(
        (spec, from, to) in range_case_of(spec()),
        d in model_amount(),
    ) {
        check_against_model(&spec, from, to, d)?;
    }
}

/// Amounts for the model checks: up to 48h, often on quarter hours.
fn model_amount() -> impl Strategy<Value = u64> {
    prop_oneof![(0..=16 * 4u64).prop_map(|q| q * 900), 0..=48 * 3600u64]
}

/// `periods`, `elapsed`, `is_open`, `add`, `next_open`, `subtract`, `previous_close` and
/// `is_business_day` against the interval-set model, on a window of 40 days either side.
fn check_against_model(spec: &Spec, from: i64, to: i64, d: u64) -> Result<(), TestCaseError> {
    let cal = calendar(spec)?;
    let model = Model::new(spec);
    let (lo, hi) = (from - 40 * DAY_MS, to + 40 * DAY_MS);
    let window = model.periods(lo, hi);
    let expected = model.periods(from, to);
    prop_assert_eq!(periods_as_pairs(&must(cal.periods(at(from), at(to)))?), expected.clone());
    prop_assert_eq!(must(cal.elapsed(at(from), at(to)))?.as_millis(), total(&expected));
    for t in [from, to] {
        let open = window.iter().any(|&(s, e)| s <= t && t < e);
        prop_assert_eq!(must(cal.is_open(at(t)))?, open, "is_open({})", at(t));
        let d_ms = d as i64 * 1000;
        if let Some(r) = model_add(&window, t, d_ms) {
            prop_assert_eq!(within(cal.add(at(t), time(d)))?, Some(at(r)), "add({}, {})", at(t), d);
        }
        if let Some(r) = model_add(&window, t, 0) {
            prop_assert_eq!(within(cal.next_open(at(t)))?, Some(at(r)), "next_open({})", at(t));
        }
        if let Some(r) = model_subtract(&window, lo, t, d_ms) {
            prop_assert_eq!(within(cal.subtract(at(t), time(d)))?, Some(at(r)), "subtract({}, {})", at(t), d);
        }
        if let Some(&(_, e)) = window.iter().rev().find(|p| p.1 <= t) {
            prop_assert_eq!(within(cal.previous_close(at(t)))?, Some(at(e)), "previous_close({})", at(t));
        }
    }
    for &(s, e) in &expected {
        prop_assert!(must(cal.is_open(at(s)))?);
        prop_assert!(must(cal.is_open(at(e - 1)))?);
    }
    let (d0, d1) = (model.local_date(from), model.local_date(to));
    for date in d0.iter_days().take_while(|x| *x <= d1) {
        prop_assert_eq!(cal.is_business_day(date), spec.is_business_day(date), "{}", date);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Worked examples of DST edges, with the arithmetic of the expected values

fn ex_cal(json: &str) -> Calendar {
    Calendar::from_json(json).expect("valid calendar")
}

fn ex(s: &str) -> DateTime<Utc> {
    parse_instant(s).expect("instant")
}

fn ex_elapsed(cal: &Calendar, from: &str, to: &str) -> i64 {
    cal.elapsed(ex(from), ex(to)).expect("elapsed").as_secs()
}

fn ex_periods(cal: &Calendar, from: &str, to: &str) -> Vec<(String, String)> {
    let ps = cal.periods(ex(from), ex(to)).expect("periods");
    ps.iter().map(|p| (escalon::format_instant(p.start), escalon::format_instant(p.end))).collect()
}

fn ex_add(cal: &Calendar, t: &str, amount: &str) -> String {
    escalon::format_instant(cal.add(ex(t), amount.parse().expect("amount")).expect("add"))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

#[test]
fn elapsed_on_new_york_spring_sunday_with_overlapping_intervals_counts_overlap_once() {
    // Sunday 2026-03-08: 01:30 EST = 06:30Z; 02:30 is in the gap, so it is 03:30 EDT = 07:30Z;
    // 03:00 EDT = 07:00Z; 05:00 EDT = 09:00Z. Open: [06:30Z, 07:30Z) + [07:00Z, 09:00Z), that is
    // [06:30Z, 09:00Z): 2h30m = 9000s. 2h from 06:30Z is 08:30Z.
    let cal = ex_cal(
        r#"{"timeZone": "America/New_York", "hours": {"sun": [["01:30", "02:30"], ["03:00", "05:00"]]}}"#,
    );
    let (from, to) = ("2026-03-08T06:30:00Z", "2026-03-08T09:00:00Z");
    let got = (ex_periods(&cal, from, to), ex_elapsed(&cal, from, to), ex_add(&cal, from, "2h"));
    assert_eq!(got, (pairs(&[(from, to)]), 9000, "2026-03-08T08:30:00Z".to_owned()));
}

#[test]
fn operations_on_apia_skipped_date_see_its_hours_on_next_date() {
    // Friday 2011-12-30 did not exist in Apia: 2011-12-29 24:00 -10:00 (2011-12-30T10:00Z) was
    // followed by 2011-12-31 00:00 +14:00. Its 09:00 and 17:00 are in that 24-hour gap, so they
    // move forward by 24 hours: 2011-12-31 09:00 and 17:00 +14:00 = 2011-12-30T19:00Z and
    // 2011-12-31T03:00Z, 8h = 28800s.
    let cal = ex_cal(r#"{"timeZone": "Pacific/Apia", "hours": {"fri": [["09:00", "17:00"]]}}"#);
    let (from, to) = ("2011-12-30T10:00:00Z", "2011-12-31T10:00:00Z");
    let got = (
        ex_periods(&cal, from, to),
        cal.is_open(ex("2011-12-30T19:15:00Z")).expect("is_open"),
        ex_elapsed(&cal, from, to),
        ex_elapsed(&cal, "2011-12-29T10:00:00Z", to),
        ex_add(&cal, from, "1h"),
        escalon::format_instant(cal.next_open(ex(from)).expect("next_open")),
    );
    let expected = (
        pairs(&[("2011-12-30T19:00:00Z", "2011-12-31T03:00:00Z")]),
        true,
        28_800,
        28_800,
        "2011-12-30T20:00:00Z".to_owned(),
        "2011-12-30T19:00:00Z".to_owned(),
    );
    assert_eq!(got, expected);
}

#[test]
fn elapsed_across_apia_skipped_date_counts_friday_and_saturday_overlap_once() {
    // Friday's 09:00-17:00 on the skipped date converts to 2011-12-31 09:00-17:00 +14:00 (see
    // above), the very instants of Saturday's 09:00-17:00: [2011-12-30T19:00Z, 2011-12-31T03:00Z),
    // 8h = 28800s, split 0 + 28800 at 2011-12-30T19:00Z.
    let cal = ex_cal(
        r#"{"timeZone": "Pacific/Apia", "hours": {"fri": [["09:00", "17:00"]], "sat": [["09:00", "17:00"]]}}"#,
    );
    let (a, b, c) = ("2011-12-29T10:00:00Z", "2011-12-30T19:00:00Z", "2011-12-31T10:00:00Z");
    assert_eq!((ex_elapsed(&cal, a, c), ex_elapsed(&cal, a, b), ex_elapsed(&cal, b, c)), (28_800, 0, 28_800));
    // Friday 00:00-23:59 converts to [2011-12-30T10:00Z, 2011-12-31T09:59Z), inside Saturday's
    // whole day [2011-12-30T10:00Z, 2011-12-31T10:00Z): 24h in a 25h wall-clock range.
    let cal = ex_cal(
        r#"{"timeZone": "Pacific/Apia", "hours": {"fri": [["00:00", "23:59"]], "sat": [["00:00", "24:00"]]}}"#,
    );
    assert_eq!(ex_elapsed(&cal, "2011-12-30T09:00:00Z", "2011-12-31T10:00:00Z"), 86_400);
}

#[test]
fn break_with_bound_in_new_york_gap_removes_only_its_converted_span() {
    // Sunday 2026-03-08: hours 03:15-05:00 EDT = [07:15Z, 09:00Z). The break starts at 02:30, in
    // the gap, so it is 03:30 EDT = 07:30Z; it ends at 04:00 EDT = 08:00Z. Open: [07:15Z, 07:30Z)
    // and [08:00Z, 09:00Z): 1h15m = 4500s, with or without an unrelated 00:30-00:45 interval.
    let (from, to) = ("2026-03-08T07:00:00Z", "2026-03-08T10:00:00Z");
    let expected = pairs(&[
        ("2026-03-08T07:15:00Z", "2026-03-08T07:30:00Z"),
        ("2026-03-08T08:00:00Z", "2026-03-08T09:00:00Z"),
    ]);
    for hours in [r#"[["03:15", "05:00"]]"#, r#"[["00:30", "00:45"], ["03:15", "05:00"]]"#] {
        let cal = ex_cal(&format!(
            r#"{{"timeZone": "America/New_York", "hours": {{"sun": {hours}}},
                "breaks": {{"2026-03-08": [["02:30", "04:00"]]}}}}"#
        ));
        let got = (ex_periods(&cal, from, to), ex_elapsed(&cal, from, to));
        assert_eq!(got, (expected.clone(), 4500), "{hours}");
    }
}

// ---------------------------------------------------------------------------------------------
// Bugs these tests found, fixed since: the model checks on calendars aimed at them, and minimal
// examples.

proptest! {
    #![proptest_config(config(100))]

    #[test]
    fn operations_where_dst_gap_reorders_intervals_match_interval_model(
        (spec, from, to) in range_case_of(with_bug(Known::Reordered)),
        d in model_amount(),
    ) {
        check_against_model(&spec, from, to, d)?;
    }

    #[test]
    fn operations_where_tail_reaches_two_dates_on_match_interval_model(
        (spec, from, to) in range_case_of(with_bug(Known::TailTwoDatesOn)),
        d in model_amount(),
    ) {
        check_against_model(&spec, from, to, d)?;
    }
}

fn with_bug(bug: Known) -> impl Strategy<Value = Spec> {
    any_spec().prop_filter("another bug or none", move |s| known_bug(s) == Some(bug))
}

#[test]
fn periods_on_new_york_spring_sunday_with_reordered_intervals_keep_every_piece() {
    // Sunday 2026-03-08: [01:00, 01:30] EST = [06:00Z, 06:30Z); [02:30, 02:45] is in the gap, so
    // it is [03:30, 03:45] EDT = [07:30Z, 07:45Z); [03:00, 03:10] EDT = [07:00Z, 07:10Z).
    // 30m + 10m + 15m = 55m = 3300s.
    let cal = ex_cal(
        r#"{"timeZone": "America/New_York",
            "hours": {"sun": [["01:00", "01:30"], ["02:30", "02:45"], ["03:00", "03:10"]]}}"#,
    );
    let (from, to) = ("2026-03-08T05:00:00Z", "2026-03-08T10:00:00Z");
    let expected = pairs(&[
        ("2026-03-08T06:00:00Z", "2026-03-08T06:30:00Z"),
        ("2026-03-08T07:00:00Z", "2026-03-08T07:10:00Z"),
        ("2026-03-08T07:30:00Z", "2026-03-08T07:45:00Z"),
    ]);
    // Today: the 07:00Z-07:10Z piece is missing from both, so 2700s.
    assert_eq!((ex_periods(&cal, from, to), ex_elapsed(&cal, from, to)), (expected, 3300));
}

#[test]
fn elapsed_on_apia_saturday_after_skipped_date_keeps_hours_before_fridays() {
    // Friday 2011-12-30's 09:00-17:00 move to 2011-12-31 09:00-17:00 +14:00 (see above):
    // [2011-12-30T19:00Z, 2011-12-31T03:00Z). Saturday 2011-12-31's own 08:00-17:00 +14:00 is
    // [2011-12-30T18:00Z, 2011-12-31T03:00Z). Open: the union, [18:00Z, 03:00Z), 9h = 32400s;
    // 18:30Z is open, and 1h from 10:00Z is 19:00Z.
    let cal = ex_cal(
        r#"{"timeZone": "Pacific/Apia", "hours": {"fri": [["09:00", "17:00"]], "sat": [["08:00", "17:00"]]}}"#,
    );
    let (from, to) = ("2011-12-30T10:00:00Z", "2011-12-31T10:00:00Z");
    let got = (
        ex_periods(&cal, from, to),
        ex_elapsed(&cal, from, to),
        cal.is_open(ex("2011-12-30T18:30:00Z")).expect("is_open"),
        ex_add(&cal, from, "1h"),
    );
    let expected = (
        pairs(&[("2011-12-30T18:00:00Z", "2011-12-31T03:00:00Z")]),
        32_400,
        true,
        "2011-12-30T19:00:00Z".to_owned(),
    );
    // Today: [19:00Z, 03:00Z), 28800, false and 2011-12-30T20:00:00Z.
    assert_eq!(got, expected);
}

#[test]
fn elapsed_on_apia_saturday_with_pushed_overnight_tail_counts_overlap_once() {
    // Thursday 2011-12-29 22:00 -10:00 = 2011-12-30T08:00Z. The shift ends on 2011-12-30 at
    // 06:00, in the 24-hour gap, so at 2011-12-31 06:00 +14:00 = 2011-12-30T16:00Z. Saturday
    // 2011-12-31 01:30-13:00 +14:00 is [2011-12-30T11:30Z, 2011-12-30T23:00Z). Open: the union,
    // [08:00Z, 23:00Z), 15h = 54000s in a 16h range; 14h from 08:00Z is 22:00Z.
    let cal = ex_cal(
        r#"{"timeZone": "Pacific/Apia", "hours": {"thu": [["22:00", "06:00"]], "sat": [["01:30", "13:00"]]}}"#,
    );
    let (from, to) = ("2011-12-30T08:00:00Z", "2011-12-31T00:00:00Z");
    let got = (ex_periods(&cal, from, to), ex_elapsed(&cal, from, to), ex_add(&cal, from, "14h"));
    let expected = (pairs(&[(from, "2011-12-30T23:00:00Z")]), 54_000, "2011-12-30T22:00:00Z".to_owned());
    // Today: the periods are right, but elapsed is 70200 (8h + 11h30m) and add gives 17:30Z.
    assert_eq!(got, expected);
}

#[test]
fn elapsed_on_apia_holiday_after_skipped_date_closes_pushed_overnight_tail() {
    // Thursday 2011-12-29 23:00 -10:00 = 2011-12-30T09:00Z. The shift ends on 2011-12-30 at
    // 02:30, in the 24-hour gap, so at 2011-12-31 02:30 +14:00 = 2011-12-30T12:30Z. A holiday on
    // 2011-12-31 closes [2011-12-31 00:00 +14:00, 2012-01-01 00:00 +14:00) = [2011-12-30T10:00Z,
    // 2011-12-31T10:00Z), leaving [09:00Z, 10:00Z) = 3600s. A break on 2011-12-31 00:00-02:00
    // +14:00 = [10:00Z, 12:00Z) instead leaves [09:00Z, 10:00Z) and [12:00Z, 12:30Z) = 5400s.
    let (from, to) = ("2011-12-30T08:00:00Z", "2011-12-30T14:00:00Z");
    let holiday = ex_cal(
        r#"{"timeZone": "Pacific/Apia", "hours": {"thu": [["23:00", "02:30"]]}, "holidays": ["2011-12-31"]}"#,
    );
    let with_break = ex_cal(
        r#"{"timeZone": "Pacific/Apia", "hours": {"thu": [["23:00", "02:30"]]},
            "breaks": {"2011-12-31": [["00:00", "02:00"]]}}"#,
    );
    let got = (
        ex_periods(&holiday, from, to),
        holiday.is_open(ex("2011-12-30T10:30:00Z")).expect("is_open"),
        ex_elapsed(&holiday, from, to),
        ex_elapsed(&with_break, from, to),
    );
    let expected = (pairs(&[("2011-12-30T09:00:00Z", "2011-12-30T10:00:00Z")]), false, 3600, 5400);
    // Today: [09:00Z, 12:30Z), true, 12600 and 12600.
    assert_eq!(got, expected);
}

// ---------------------------------------------------------------------------------------------
// On-call rotations

proptest! {
    #![proptest_config(config(CASES))]

    /// The person on call is the member whose turn began last, found among every handoff: the
    /// start date's handoff wall time plus whole turns of wall time, each converted by the
    /// compatible rule (a handoff in a gap moves forward by the gap, one in a fold takes its
    /// earlier instant); nobody before the first handoff. An override wins over turns and
    /// restrictions; outside the restrictions' hours nobody is on call.
    #[test]
    fn on_call_person_is_the_member_whose_turn_began_last(
        zone in 0..ZONES.len(),
        turn in rotation_turn(),
        quarter in 0u32..96,
        members in 1usize..=4,
        pick in any::<prop::sample::Index>(),
        offset in -2 * 86_400..20 * 86_400i64,
        restricted: bool,
        cover in prop::option::of((-86_400..86_400i64, 600..2 * 86_400i64)),
    ) {
        let tz = tz_of(zone);
        let dates = near_dates(zone);
        let start = dates[pick.index(dates.len())];
        let (unit, n) = turn;
        let step_ms = n * match unit { "hours" => 3_600_000, "days" => DAY_MS, _ => 7 * DAY_MS };
        let handoff = start.and_hms_opt(quarter / 4, quarter % 4 * 15, 0).expect("a quarter hour");
        let names: Vec<String> = (0..members).map(|i| format!("m{i}")).collect();
        let x = compatible(tz, start.and_hms_opt(0, 0, 0).expect("midnight")) + offset * 1000;
        // The brute force: of every handoff from the first to well past x, the latest in time at
        // or before x (of two at one instant, the later turn). A gap longer than a turn (Samoa
        // skipped 2011-12-30) moves handoffs past later ones, so index order is not time order.
        let handoff_ms = |k: i64| compatible(tz, handoff + TimeDelta::milliseconds(k * step_ms));
        let last_k = (x - handoff_ms(0)).max(0) / step_ms + 30;
        let turn_member = match (0..=last_k).map(|k| (handoff_ms(k), k)).filter(|(t, _)| *t <= x).max() {
            None => Value::Null,
            Some((_, k)) => json!(names[usize::try_from(k).expect("k >= 0") % members]),
        };
        // An override covers its span whatever the turns and restrictions say; outside the
        // restrictions' hours (read by the calendar, tested on its own) nobody is on call.
        let show = |ms: i64| escalon::format_instant(at(ms));
        let cover_span = cover.map(|(from, len)| (x + from * 1000, x + (from + len) * 1000));
        let hours = Calendar::from_value(&json!({"timeZone": ZONES[zone].name, "hours": restriction_hours()}))
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let expected = match cover_span {
            Some((a, b)) if a <= x && x < b => json!("cover"),
            _ if restricted && !must(hours.is_open(at(x)))? => Value::Null,
            _ => turn_member,
        };
        let policy = rotation_policy(zone, unit, n, quarter, members, start, rotation_extras(restricted, cover_span))?;
        let ticket = escalon::Ticket::from_value(&json!({"id": "R", "createdAt": show(x - 60_000), "status": "open"}))
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let e = serde_json::to_value(must(policy.evaluate(&ticket, at(x)))?).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(&e["escalation"]["owner"]["person"], &expected, "{} at {} (turn {} {}, handoff {} from {})",
            ZONES[zone].name, show(x), n, unit, handoff, start);
    }
}

/// Weekly hours a restricted rotation covers: weekdays 08-20 and a Saturday night shift.
fn restriction_hours() -> Value {
    json!({"mon": [["08:00", "20:00"]], "tue": [["08:00", "20:00"]], "wed": [["08:00", "20:00"]],
           "thu": [["08:00", "20:00"]], "fri": [["08:00", "20:00"]], "sat": [["22:00", "06:00"]]})
}

/// What a rotation may add: the weekly hours of [`restriction_hours`], and an override that puts
/// member `cover` on call over `[from, to)` (epoch ms).
fn rotation_extras(restricted: bool, cover: Option<(i64, i64)>) -> Value {
    let mut more = Map::new();
    if let Some((from, to)) = cover {
        let show = |ms: i64| escalon::format_instant(at(ms));
        more.insert("overrides".into(), json!([{"from": show(from), "to": show(to), "member": "cover"}]));
    }
    if restricted {
        more.insert("restrictions".into(), restriction_hours());
    }
    Value::Object(more)
}

/// A policy whose first level is owned by rotation `r`, with `more` (restrictions, overrides)
/// added to the rotation.
fn rotation_policy(
    zone: usize,
    unit: &str,
    n: i64,
    quarter: u32,
    members: usize,
    start: NaiveDate,
    more: Value,
) -> Result<escalon::Policy, TestCaseError> {
    let names: Vec<String> = (0..members).map(|i| format!("m{i}")).collect();
    let mut rotation = json!({"timeZone": ZONES[zone].name, "members": names, "turn": {unit: n},
                              "handoff": format!("{:02}:{:02}", quarter / 4, quarter % 4 * 15), "start": start.to_string()});
    for (k, v) in more.as_object().into_iter().flatten() {
        rotation[k] = v.clone();
    }
    escalon::Policy::from_value(&json!({
        "version": 1, "priorities": ["P1"], "priority": {"default": "P1"}, "slas": [],
        "escalation": {
            "rotations": {"r": rotation},
            "levels": [{"name": "On-call", "kind": "functional", "owner": {"rotation": "r"}}]
        }
    }))
    .map_err(|e| TestCaseError::fail(format!("{e}")))
}

fn rotation_turn() -> impl Strategy<Value = (&'static str, i64)> {
    prop_oneof![
        (1i64..=30).prop_map(|h| ("hours", h)),
        (1i64..=3).prop_map(|d| ("days", d)),
        Just(("weeks", 1i64))
    ]
}

proptest! {
    #![proptest_config(config(60))]

    /// The timeline's handoffs of the owning rotation are exactly the changes of person that
    /// `evaluate` shows: each listed one is who evaluate names at its instant, and every change
    /// between two looks 30 minutes apart over three days is listed between them, with or
    /// without restrictions and an override.
    #[test]
    fn timeline_handoffs_are_the_changes_of_person(
        zone in 0..ZONES.len(),
        turn in rotation_turn(),
        quarter in 0u32..96,
        members in 2usize..=4,
        pick in any::<prop::sample::Index>(),
        offset in -2 * 86_400..4 * 86_400i64,
        restricted: bool,
        cover in prop::option::of((-86_400..3 * 86_400i64, 600..86_400i64)),
    ) {
        let tz = tz_of(zone);
        let dates = near_dates(zone);
        let start = dates[pick.index(dates.len())];
        let from = compatible(tz, start.and_hms_opt(0, 0, 0).expect("midnight")) + offset * 1000;
        let until = from + 3 * DAY_MS;
        let show = |ms: i64| escalon::format_instant(at(ms));
        let cover_span = cover.map(|(a, len)| (from + a * 1000, from + (a + len) * 1000));
        let policy = rotation_policy(zone, turn.0, turn.1, quarter, members, start, rotation_extras(restricted, cover_span))?;
        let ticket = escalon::Ticket::from_value(&json!({"id": "R", "createdAt": show(from - 60_000), "status": "open"}))
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let person = |ms: i64| -> Result<Value, TestCaseError> {
            let e = serde_json::to_value(must(policy.evaluate(&ticket, at(ms)))?).map_err(|e| TestCaseError::fail(format!("{e}")))?;
            Ok(e["escalation"]["owner"]["person"].clone())
        };
        let tl = serde_json::to_value(must(policy.timeline(&ticket, at(from), at(until)))?).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let handoffs: Vec<(i64, Value)> = tl["events"].as_array().expect("events").iter()
            .filter(|e| e["type"] == "handoff")
            .map(|e| (anchor_ms(e["at"].as_str().expect("at")), e["person"].clone()))
            .collect();
        for (t, p) in &handoffs {
            prop_assert_eq!(&person(*t)?, p, "handoff listed at {}", show(*t));
        }
        let mut before = person(from)?;
        let mut a = from;
        while a < until {
            let b = (a + 1_800_000).min(until);
            let now = person(b)?;
            if now != before {
                prop_assert!(handoffs.iter().any(|(t, p)| *t > a && *t <= b && *p == now),
                    "{} from {} to {} in ({}, {}] but no handoff listed", ZONES[zone].name, before, now, show(a), show(b));
            }
            before = now;
            a = b;
        }
    }
}
