//! The calendar document (SEMANTICS.md section 2): reading and validation.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde_json::Value;

use super::holidays::HolidaySet;
use super::instant::parse_date;
use super::week::{day_number, parse_time_of_day, WallInterval, DAY_MS, WEEKDAYS};
use crate::document::{array, check_keys, object, string, Diagnostics};
use crate::error::{Code, Pointer};

/// A validated calendar document, before its index is built.
#[derive(Debug)]
pub(crate) struct CalendarSpec {
    pub(crate) tz: Tz,
    pub(crate) week: [Vec<WallInterval>; 7],
    pub(crate) holidays: HolidaySet,
    pub(crate) overrides: BTreeMap<i64, Vec<WallInterval>>,
    pub(crate) breaks: BTreeMap<i64, Vec<WallInterval>>,
}

impl CalendarSpec {
    /// The built-in `"24x7"` calendar: always open, in UTC.
    pub(crate) fn always_open() -> CalendarSpec {
        let full = vec![WallInterval { start_ms: 0, end_ms: DAY_MS }];
        CalendarSpec {
            tz: chrono_tz::UTC,
            week: [full.clone(), full.clone(), full.clone(), full.clone(), full.clone(), full.clone(), full],
            holidays: HolidaySet::default(),
            overrides: BTreeMap::new(),
            breaks: BTreeMap::new(),
        }
    }
}

const KEYS: [&str; 5] = ["timeZone", "hours", "holidays", "overrides", "breaks"];

/// Reads a calendar document at `path`, adding every problem to `d`.
pub(crate) fn read(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<CalendarSpec> {
    if let Value::String(s) = v {
        if s == "24x7" {
            return Some(CalendarSpec::always_open());
        }
        d.error(
            Code::DocumentWrongType,
            path,
            format!("expected a calendar object or \"24x7\", found the string \"{s}\""),
        );
        return None;
    }
    let map = object(v, path, d)?;
    let before = d.len();
    check_keys(map, &KEYS, &["timeZone", "hours"], path, d);

    let tz = map.get("timeZone").and_then(|v| read_zone(v, &path.key("timeZone"), d));
    let week = match map.get("hours") {
        Some(hours_v) => read_week(hours_v, &path.key("hours"), d),
        None => Default::default(),
    };
    let holidays = match map.get("holidays") {
        Some(h) => read_holidays(h, &path.key("holidays"), d),
        None => Some(HolidaySet::default()),
    };
    let overrides = read_dated(map.get("overrides"), &path.key("overrides"), true, d);
    let breaks = read_dated(map.get("breaks"), &path.key("breaks"), false, d);

    if d.len() == before {
        let weekly_open = week.iter().any(|w| !w.is_empty());
        let path = &path.key("hours");
        let override_open = overrides.as_ref().is_some_and(|o| o.values().any(|v| !v.is_empty()));
        if !weekly_open && !override_open {
            d.error(
                Code::CalendarNeverOpen,
                path,
                "the calendar has no business time at all: no weekday has hours and no override opens a date",
            );
        }
    }
    Some(CalendarSpec { tz: tz?, week, holidays: holidays?, overrides: overrides?, breaks: breaks? })
}

/// Reads weekly hours (`mon`..`sun` to intervals) at `hp`.
pub(crate) fn read_week(hours_v: &Value, hp: &Pointer, d: &mut Diagnostics) -> [Vec<WallInterval>; 7] {
    let mut week: [Vec<WallInterval>; 7] = Default::default();
    let Some(hours) = object(hours_v, hp, d) else { return week };
    for (key, list) in hours {
        let kp = hp.key(key);
        match WEEKDAYS.iter().position(|w| w == key) {
            Some(i) => {
                if let (Some(slot), Some(ivs)) = (week.get_mut(i), read_intervals(list, &kp, true, d)) {
                    *slot = ivs;
                }
            }
            None => d.error(
                Code::CalendarUnknownWeekday,
                &kp,
                format!("unknown weekday \"{key}\"; expected one of: {}", WEEKDAYS.join(", ")),
            ),
        }
    }
    check_week_tails(&week, hours, hp, d);
    week
}

fn read_zone(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Tz> {
    let name = string(v, path, d)?;
    match name.parse::<Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            let hint = chrono_tz::TZ_VARIANTS
                .iter()
                .find(|t| t.name().eq_ignore_ascii_case(name))
                .map(|t| format!("; did you mean \"{}\"?", t.name()))
                .unwrap_or_default();
            d.error(
                Code::CalendarUnknownTimeZone,
                path,
                format!(
                    "unknown time zone \"{name}\": expected an IANA name such as \"America/New_York\"{hint}"
                ),
            );
            None
        }
    }
}

/// Reads a list of `[start, end]` intervals. With `overnight`, an end before the start ends on the
/// next date; without it (breaks), that is an inverted interval.
fn read_intervals(
    v: &Value,
    path: &Pointer,
    overnight: bool,
    d: &mut Diagnostics,
) -> Option<Vec<WallInterval>> {
    let list = array(v, path, d)?;
    let mut out = Vec::with_capacity(list.len());
    let mut ok = true;
    for (i, item) in list.iter().enumerate() {
        let ip = path.index(i);
        match read_interval(item, &ip, overnight, d) {
            Some(iv) => out.push((iv, i)),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    // Sweep in start order; an overlap is reported at the later of the two in the document.
    out.sort_unstable();
    let mut reach: Option<(i64, usize)> = None;
    for (iv, i) in &out {
        if let Some((end, j)) = reach {
            if iv.start_ms < end {
                let second = (*i).max(j);
                let first = (*i).min(j);
                d.error(
                    Code::CalendarOverlappingIntervals,
                    &path.index(second),
                    format!("interval {second} overlaps interval {first} of the same day"),
                );
                ok = false;
            }
        }
        if reach.is_none_or(|(end, _)| iv.end_ms > end) {
            reach = Some((iv.end_ms, *i));
        }
    }
    ok.then(|| out.into_iter().map(|(iv, _)| iv).collect())
}

fn read_interval(v: &Value, path: &Pointer, overnight: bool, d: &mut Diagnostics) -> Option<WallInterval> {
    let pair = match v {
        Value::Array(a) if a.len() == 2 => a,
        _ => {
            d.error(
                Code::CalendarInvalidInterval,
                path,
                "expected an interval [start, end] of two times such as [\"09:00\", \"17:00\"]",
            );
            return None;
        }
    };
    let mut times = [0i64; 2];
    let mut ok = true;
    for (k, t) in pair.iter().enumerate() {
        let tp = path.index(k);
        let parsed = string(t, &tp, d).map(|s| (s, parse_time_of_day(s)));
        match parsed {
            Some((_, Ok(ms))) if k == 0 && ms == DAY_MS => {
                d.error(
                    Code::CalendarInvalidTime,
                    &tp,
                    "invalid start \"24:00\": 24:00 can only end an interval",
                );
                ok = false;
            }
            Some((_, Ok(ms))) => {
                if let Some(slot) = times.get_mut(k) {
                    *slot = ms;
                }
            }
            Some((_, Err(e))) => {
                d.push_error(e, &tp);
                ok = false;
            }
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let [start, end] = times;
    let text = |i: usize| pair.get(i).and_then(Value::as_str).unwrap_or("");
    if start == end {
        d.error(
            Code::CalendarEmptyInterval,
            path,
            format!("empty interval [\"{}\", \"{}\"]: the start equals the end", text(0), text(1)),
        );
        return None;
    }
    if end < start {
        if !overnight {
            d.error(
                Code::CalendarInvertedInterval,
                path,
                format!(
                    "inverted break [\"{}\", \"{}\"]: a break must end after it starts on the same date",
                    text(0),
                    text(1)
                ),
            );
            return None;
        }
        return Some(WallInterval { start_ms: start, end_ms: end + DAY_MS });
    }
    Some(WallInterval { start_ms: start, end_ms: end })
}

/// An overnight tail of one weekday may not overlap the next weekday's intervals.
fn check_week_tails(
    week: &[Vec<WallInterval>; 7],
    hours: &serde_json::Map<String, Value>,
    path: &Pointer,
    d: &mut Diagnostics,
) {
    for (w, today) in week.iter().enumerate() {
        let tail_end = today.iter().map(|iv| iv.end_ms - DAY_MS).max().unwrap_or(0);
        if tail_end <= 0 {
            continue;
        }
        let next = (w + 1) % 7;
        let (Some(next_key), Some(today_key)) = (WEEKDAYS.get(next), WEEKDAYS.get(w)) else { continue };
        let Some(Value::Array(raw)) = hours.get(*next_key) else { continue };
        for (i, item) in raw.iter().enumerate() {
            let start = item.get(0).and_then(Value::as_str).and_then(|s| parse_time_of_day(s).ok());
            if start.is_some_and(|s| s < tail_end) {
                d.error(
                    Code::CalendarOverlappingIntervals,
                    &path.key(next_key).index(i),
                    format!(
                        "interval {i} of {next_key} overlaps the overnight shift that starts on {today_key}"
                    ),
                );
            }
        }
    }
}

fn read_holidays(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<HolidaySet> {
    let list = array(v, path, d)?;
    let mut spans = Vec::new();
    let mut yearly = Vec::new();
    let mut ok = true;
    for (i, item) in list.iter().enumerate() {
        let ip = path.index(i);
        match item {
            Value::String(s) if s.starts_with("--") => match parse_month_day(s) {
                Some(md) => yearly.push(md),
                None => {
                    d.error(
                        Code::CalendarInvalidHoliday,
                        &ip,
                        format!("invalid yearly holiday \"{s}\": expected \"--MM-DD\", such as \"--12-25\""),
                    );
                    ok = false;
                }
            },
            Value::String(s) => match parse_date(s) {
                Ok(date) => {
                    let n = day_number(date);
                    spans.push((n, n));
                }
                Err(e) => {
                    d.push_error(e, &ip);
                    ok = false;
                }
            },
            Value::Object(m) => {
                check_keys(m, &["from", "to"], &["from", "to"], &ip, d);
                let mut ends = [None, None];
                for (k, key) in ["from", "to"].iter().enumerate() {
                    let Some(val) = m.get(*key) else {
                        ok = false;
                        continue;
                    };
                    let kp = ip.key(key);
                    if let Some(s) = string(val, &kp, d) {
                        match parse_date(s) {
                            Ok(date) => {
                                if let Some(slot) = ends.get_mut(k) {
                                    *slot = Some(day_number(date));
                                }
                            }
                            Err(e) => d.push_error(e, &kp),
                        }
                    }
                }
                match ends {
                    [Some(a), Some(b)] if a <= b => spans.push((a, b)),
                    [Some(_), Some(_)] => {
                        d.error(
                            Code::CalendarInvertedInterval,
                            &ip,
                            "inverted holiday range: \"from\" is after \"to\"",
                        );
                        ok = false;
                    }
                    _ => ok = false,
                }
            }
            _ => {
                d.error(
                    Code::CalendarInvalidHoliday,
                    &ip,
                    "expected a date \"YYYY-MM-DD\", a yearly \"--MM-DD\" or a range {\"from\", \"to\"}",
                );
                ok = false;
            }
        }
    }
    ok.then(|| HolidaySet::new(spans, yearly))
}

fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let rest = s.strip_prefix("--")?;
    let (m, dd) = rest.split_once('-')?;
    if m.len() != 2 || dd.len() != 2 {
        return None;
    }
    let (m, dd): (u32, u32) = (m.parse().ok()?, dd.parse().ok()?);
    // 2000 is a leap year, so --02-29 is accepted.
    chrono::NaiveDate::from_ymd_opt(2000, m, dd).map(|_| (m, dd))
}

fn read_dated(
    v: Option<&Value>,
    path: &Pointer,
    overnight: bool,
    d: &mut Diagnostics,
) -> Option<BTreeMap<i64, Vec<WallInterval>>> {
    let mut out = BTreeMap::new();
    let Some(v) = v else { return Some(out) };
    let map = object(v, path, d)?;
    let mut ok = true;
    for (key, list) in map {
        let kp = path.key(key);
        let date = match parse_date(key) {
            Ok(date) => Some(day_number(date)),
            Err(e) => {
                d.push_error(e, &kp);
                None
            }
        };
        let ivs = read_intervals(list, &kp, overnight, d);
        match (date, ivs) {
            (Some(n), Some(ivs)) => {
                out.insert(n, ivs);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}
