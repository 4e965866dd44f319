//! The validated, immutable [`Calendar`] and its index of irregular dates.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use super::day::{Piece, Pieces};
use super::document::{self, CalendarSpec};
use super::duration::{Amount, BusinessDuration};
use super::holidays::HolidaySet;
use super::week::{day_number, weekday, WallInterval, DAY_MS};
use super::zone::ZoneTable;
use crate::document::{parse_json, Diagnostics};
use crate::error::{Error, Pointer};

/// A business calendar: a time zone, weekly hours, holidays, overrides and breaks.
///
/// A `Calendar` is validated when it is built and immutable after; clones share one copy. Every
/// operation follows SEMANTICS.md sections 1 to 4, is deterministic, never panics and returns
/// within a bound: searches stop at a 10-year horizon with
/// `calendar.no_business_time_within_horizon`.
///
/// # Example
/// ```
/// use escalon::{parse_instant, format_instant, Calendar};
/// let cal = Calendar::from_json(r#"{
///     "timeZone": "Europe/Paris",
///     "hours": {"mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]],
///               "wed": [["08:00", "18:00"]], "thu": [["08:00", "18:00"]],
///               "fri": [["08:00", "18:00"]]}
/// }"#)?;
/// // GLPI's example: an H+4 target for a ticket opened Tuesday 16:00 is due Wednesday 10:00.
/// let due = cal.add(parse_instant("2026-01-13T16:00:00+01:00")?, "4h".parse()?)?;
/// assert_eq!(format_instant(due), "2026-01-14T09:00:00Z");
/// # Ok::<(), escalon::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Calendar {
    inner: Arc<Inner>,
}

/// One open span of a calendar, `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first open instant.
    pub start: DateTime<Utc>,
    /// The first closed instant after `start`.
    pub end: DateTime<Utc>,
}

/// A run of dates whose business time differs from their weekday's weekly hours.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Irregular {
    pub(crate) from: i64,
    pub(crate) to: i64,
    /// The business time of each date in the run (runs of more than one date are closed).
    pub(crate) len_ms: i64,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) zone: Arc<ZoneTable>,
    pub(crate) tz: Tz,
    pub(crate) week: [Vec<WallInterval>; 7],
    /// Each weekday's share of the weekly hours within its own midnights: the overnight tail of
    /// the previous weekday and its own hours up to midnight, merged.
    pub(crate) day_week: [Vec<WallInterval>; 7],
    pub(crate) week_len: [i64; 7],
    pub(crate) week_total: i64,
    pub(crate) holidays: HolidaySet,
    pub(crate) overrides: BTreeMap<i64, Vec<WallInterval>>,
    pub(crate) breaks: BTreeMap<i64, Vec<WallInterval>>,
    pub(crate) irregular: Vec<Irregular>,
    /// For each irregular entry, the business time of all dates before it, counted from day 0
    /// (with no yearly holidays; empty otherwise): lets a walk jump over many entries at once.
    pub(crate) irregular_cum: Vec<i64>,
    /// The weekly business time of the first k days of a week that starts on day 0's weekday.
    pub(crate) week_cum: [i64; 8],
}

pub(crate) fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_ms(ms: i64) -> Result<DateTime<Utc>, Error> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| Error::internal("instant out of range"))
}

/// Whether epoch milliseconds are within the range of instants (chrono's).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // for the wasm surface
pub(crate) fn ms_in_range(ms: i64) -> bool {
    (DateTime::<Utc>::MIN_UTC.timestamp_millis()..=DateTime::<Utc>::MAX_UTC.timestamp_millis()).contains(&ms)
}

impl Calendar {
    /// Parses and validates a calendar document (JSON text).
    ///
    /// # Errors
    /// `document.syntax` with line and column for malformed JSON; otherwise every validation
    /// problem at once, in [`Error::diagnostics`].
    ///
    /// # Example
    /// ```
    /// let err = escalon::Calendar::from_json(r#"{"timeZone": "UTC", "hours": {"mon": [["09:00", "25:00"]]}}"#)
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), r#"/hours/mon/0/1: invalid time "25:00": expected "HH:MM" or "HH:MM:SS" from 00:00 to 24:00"#);
    /// ```
    pub fn from_json(text: &str) -> Result<Calendar, Error> {
        Calendar::from_value(&parse_json(text)?)
    }

    /// Validates a calendar document already parsed as JSON: an object, or the string `"24x7"`.
    ///
    /// # Errors
    /// Every validation problem at once, in [`Error::diagnostics`].
    ///
    /// # Example
    /// ```
    /// let cal = escalon::Calendar::from_value(&serde_json::json!("24x7"))?;
    /// assert_eq!(cal.time_zone(), "UTC");
    /// # Ok::<(), escalon::Error>(())
    /// ```
    pub fn from_value(doc: &Value) -> Result<Calendar, Error> {
        let mut d = Diagnostics::new();
        let cal = Calendar::read(doc, &Pointer::root(), &mut d);
        d.finish(cal)
    }

    /// Reads a calendar document at `path` inside a larger document, gathering problems in `d`.
    pub(crate) fn read(doc: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Calendar> {
        let before = d.len();
        let spec = document::read(doc, path, d)?;
        if d.len() != before {
            return None;
        }
        match Calendar::build(spec) {
            Ok(c) => Some(c),
            Err(e) => {
                d.push_error(e, path);
                None
            }
        }
    }

    /// A calendar of weekly hours only, read from `hours` at `path` (an on-call rotation's
    /// restrictions), gathering problems in `d`.
    pub(crate) fn read_weekly(
        tz: Tz,
        hours: &Value,
        path: &Pointer,
        d: &mut Diagnostics,
    ) -> Option<Calendar> {
        let before = d.len();
        let week = document::read_week(hours, path, d);
        if d.len() != before {
            return None;
        }
        if week.iter().all(Vec::is_empty) {
            d.error(crate::error::Code::CalendarNeverOpen, path, "the restrictions leave no time at all");
            return None;
        }
        let spec = CalendarSpec {
            tz,
            week,
            holidays: HolidaySet::default(),
            overrides: BTreeMap::new(),
            breaks: BTreeMap::new(),
        };
        match Calendar::build(spec) {
            Ok(c) => Some(c),
            Err(e) => {
                d.push_error(e, path);
                None
            }
        }
    }

    /// The built-in `"24x7"` calendar: always open, in UTC; every date is a business day.
    ///
    /// # Example
    /// ```
    /// let cal = escalon::Calendar::always_open();
    /// let t = escalon::parse_instant("2015-01-01T10:30:00Z")?;
    /// let due = cal.add(t, "10h".parse()?)?;
    /// assert_eq!(escalon::format_instant(due), "2015-01-01T20:30:00Z");
    /// # Ok::<(), escalon::Error>(())
    /// ```
    pub fn always_open() -> Calendar {
        match Calendar::build(CalendarSpec::always_open()) {
            Ok(c) => c,
            // Building 24x7 touches no user input and no fallible conversion (UTC has no
            // transitions), so this arm is not reached; an empty-index copy is still correct.
            Err(_) => Calendar {
                inner: Arc::new(Inner {
                    zone: ZoneTable::of(chrono_tz::UTC),
                    tz: chrono_tz::UTC,
                    week: CalendarSpec::always_open().week,
                    day_week: CalendarSpec::always_open().week,
                    week_len: [DAY_MS; 7],
                    week_total: 7 * DAY_MS,
                    holidays: HolidaySet::default(),
                    overrides: BTreeMap::new(),
                    breaks: BTreeMap::new(),
                    irregular: Vec::new(),
                    irregular_cum: Vec::new(),
                    week_cum: [0; 8],
                }),
            },
        }
    }

    fn build(spec: CalendarSpec) -> Result<Calendar, Error> {
        let zone = ZoneTable::of(spec.tz);
        let day_week = day_shares(&spec.week);
        let week_len = day_week.clone().map(|ivs| ivs.iter().map(WallInterval::len_ms).sum::<i64>());
        let mut inner = Inner {
            zone,
            tz: spec.tz,
            week_total: week_len.iter().sum(),
            week: spec.week,
            day_week,
            week_len,
            holidays: spec.holidays,
            overrides: spec.overrides,
            breaks: spec.breaks,
            irregular: Vec::new(),
            irregular_cum: Vec::new(),
            week_cum: [0; 8],
        };
        inner.irregular = inner.index()?;
        // 1970-01-01 (day 0) was a Thursday.
        for k in 0..7 {
            let len = inner.week_len.get((3 + k) % 7).copied().unwrap_or(0);
            let prev = inner.week_cum.get(k).copied().unwrap_or(0);
            if let Some(slot) = inner.week_cum.get_mut(k + 1) {
                *slot = prev + len;
            }
        }
        if !inner.holidays.has_yearly() {
            let mut deficit = 0;
            let mut cum = Vec::with_capacity(inner.irregular.len());
            for e in &inner.irregular {
                cum.push(inner.regular_cum(e.from) - deficit);
                deficit +=
                    inner.regular_cum(e.to + 1) - inner.regular_cum(e.from) - (e.to + 1 - e.from) * e.len_ms;
            }
            inner.irregular_cum = cum;
        }
        Ok(Calendar { inner: Arc::new(inner) })
    }

    /// The shortest wall-clock interval of the weekly hours and overrides, in milliseconds.
    pub(crate) fn shortest_interval_ms(&self) -> Option<i64> {
        self.inner.week.iter().chain(self.inner.overrides.values()).flatten().map(WallInterval::len_ms).min()
    }

    /// Business milliseconds in `[from, to)`, instants as milliseconds since the epoch.
    pub(crate) fn elapsed_ms(&self, from: i64, to: i64) -> Result<i64, Error> {
        self.inner.elapsed(from, to)
    }

    /// `add` of a business-time amount, instants and amount in milliseconds.
    pub(crate) fn add_ms(&self, at: i64, amount: i64) -> Result<i64, Error> {
        self.inner.add_time(at, amount)
    }

    /// The IANA name of the calendar's time zone (`"UTC"` for `"24x7"`).
    pub fn time_zone(&self) -> &str {
        self.inner.tz.name()
    }

    /// `at` plus a business amount (SEMANTICS.md sections 3 and 4).
    ///
    /// For time (`h`/`m`/`s`) it is the first open instant at which `amount` has elapsed, so an
    /// amount that runs out at a closing time gives the next opening. For days (`d`) it is the
    /// same local wall time `n` business days later, moved to the next opening if closed.
    ///
    /// # Errors
    /// `calendar.no_business_time_within_horizon` when the answer lies more than 10 years after
    /// `at`.
    ///
    /// # Example
    /// ```
    /// # use escalon::{Calendar, parse_instant, format_instant};
    /// let cal = Calendar::from_json(r#"{"timeZone": "Etc/UTC", "hours": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]]}}"#)?;
    /// let due = cal.add(parse_instant("2026-01-12T09:00:00Z")?, "8h".parse()?)?;
    /// assert_eq!(format_instant(due), "2026-01-13T09:00:00Z"); // not Monday 17:00
    /// # Ok::<(), escalon::Error>(())
    /// ```
    pub fn add(&self, at: DateTime<Utc>, amount: Amount) -> Result<DateTime<Utc>, Error> {
        from_ms(self.add_epoch_ms(to_ms(at), amount)?)
    }

    /// [`Calendar::add`] on epoch milliseconds (`at` within chrono's range).
    pub(crate) fn add_epoch_ms(&self, at: i64, amount: Amount) -> Result<i64, Error> {
        match amount {
            Amount::Time(d) => self.inner.add_time(at, d.as_millis()),
            Amount::Days(n) => self.inner.add_days(at, n),
        }
    }

    /// `at` minus a business amount: the mirror of [`Calendar::add`]; an amount that runs out at
    /// an opening stays at that opening.
    ///
    /// # Errors
    /// `calendar.no_business_time_within_horizon` when the answer lies more than 10 years before
    /// `at`.
    ///
    /// # Example
    /// ```
    /// # use escalon::{Calendar, parse_instant, format_instant};
    /// let cal = Calendar::from_json(r#"{"timeZone": "Etc/UTC", "hours": {"tue": [["09:00","17:00"]]}}"#)?;
    /// let t = cal.subtract(parse_instant("2026-01-13T10:00:00Z")?, "1h".parse()?)?;
    /// assert_eq!(format_instant(t), "2026-01-13T09:00:00Z");
    /// # Ok::<(), escalon::Error>(())
    /// ```
    pub fn subtract(&self, at: DateTime<Utc>, amount: Amount) -> Result<DateTime<Utc>, Error> {
        from_ms(self.subtract_epoch_ms(to_ms(at), amount)?)
    }

    /// [`Calendar::subtract`] on epoch milliseconds (`at` within chrono's range).
    pub(crate) fn subtract_epoch_ms(&self, at: i64, amount: Amount) -> Result<i64, Error> {
        match amount {
            Amount::Time(d) => self.inner.subtract_time(at, d.as_millis()),
            Amount::Days(n) => self.inner.subtract_days(at, n),
        }
    }

    /// [`Calendar::is_open`] on epoch milliseconds.
    pub(crate) fn is_open_ms(&self, at: i64) -> Result<bool, Error> {
        self.inner.is_open(at)
    }

    /// [`Calendar::previous_close`] on epoch milliseconds.
    pub(crate) fn previous_close_ms(&self, at: i64) -> Result<i64, Error> {
        self.inner.previous_close(at)
    }

    /// The business time in `[from, to)`; zero when `from >= to`.
    ///
    /// # Errors
    /// Only `internal` errors, which would be bugs.
    ///
    /// # Example
    /// ```
    /// # use escalon::{Calendar, parse_instant};
    /// let cal = Calendar::from_json(r#"{"timeZone": "America/Los_Angeles", "hours": {"tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]]}}"#)?;
    /// let e = cal.elapsed(parse_instant("2026-01-13T14:00:00-08:00")?, parse_instant("2026-01-14T09:00:00-08:00")?)?;
    /// assert_eq!(e.as_secs(), 3 * 3600);
    /// # Ok::<(), escalon::Error>(())
    /// ```
    pub fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<BusinessDuration, Error> {
        let ms = self.inner.elapsed(to_ms(from), to_ms(to))?;
        BusinessDuration::from_millis(ms).ok_or_else(|| Error::internal("negative elapsed time"))
    }

    /// Whether `at` is inside an open period (a period's start is open, its end is not).
    ///
    /// # Errors
    /// Only `internal` errors, which would be bugs.
    pub fn is_open(&self, at: DateTime<Utc>) -> Result<bool, Error> {
        self.is_open_ms(to_ms(at))
    }

    /// The first open instant at or after `at` (`add(at, "0s")`).
    ///
    /// # Errors
    /// `calendar.no_business_time_within_horizon` when nothing opens within 10 years.
    pub fn next_open(&self, at: DateTime<Utc>) -> Result<DateTime<Utc>, Error> {
        from_ms(self.inner.add_time(to_ms(at), 0)?)
    }

    /// The end of the latest period that ends at or before `at`.
    ///
    /// # Errors
    /// `calendar.no_business_time_within_horizon` when no period ends within 10 years before.
    pub fn previous_close(&self, at: DateTime<Utc>) -> Result<DateTime<Utc>, Error> {
        from_ms(self.previous_close_ms(to_ms(at))?)
    }

    /// The open periods clipped to `[from, to)`, ascending, adjacent ones merged.
    ///
    /// # Errors
    /// `calendar.range_too_large` when `to` is more than 10 years after `from`.
    ///
    /// # Example
    /// ```
    /// # use escalon::{Calendar, parse_instant, format_instant};
    /// let cal = Calendar::from_json(r#"{"timeZone": "Etc/UTC", "hours": {"mon": [["09:00","12:00"], ["12:00","17:00"]]}}"#)?;
    /// let p = cal.periods(parse_instant("2026-01-12T00:00:00Z")?, parse_instant("2026-01-13T00:00:00Z")?)?;
    /// assert_eq!(p.len(), 1);
    /// assert_eq!(format_instant(p[0].end), "2026-01-12T17:00:00Z");
    /// # Ok::<(), escalon::Error>(())
    /// ```
    pub fn periods(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Period>, Error> {
        self.inner
            .periods(to_ms(from), to_ms(to))?
            .into_iter()
            .map(|p| Ok(Period { start: from_ms(p.start)?, end: from_ms(p.end)? }))
            .collect()
    }

    /// Whether `date` is a business day: its weekday has weekly hours and it is not a holiday.
    /// Overrides and breaks do not change this (SEMANTICS.md section 4).
    ///
    /// # Example
    /// ```
    /// let cal = escalon::Calendar::from_json(r#"{"timeZone": "Etc/UTC", "hours": {"fri": [["09:00","17:00"]]}, "holidays": ["--12-25"]}"#)?;
    /// assert!(!cal.is_business_day(escalon::parse_date("2015-12-25")?));
    /// assert!(cal.is_business_day(escalon::parse_date("2015-12-18")?));
    /// # Ok::<(), escalon::Error>(())
    /// ```
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.inner.is_business_day(day_number(date))
    }
}

/// Each weekday's share of the weekly hours within `[00:00, 24:00)`: the previous weekday's
/// overnight tails and its own hours up to midnight, merged.
fn day_shares(week: &[Vec<WallInterval>; 7]) -> [Vec<WallInterval>; 7] {
    core::array::from_fn(|w| {
        let prev = week.get((w + 6) % 7).map_or(&[][..], |v| v.as_slice());
        let own = week.get(w).map_or(&[][..], |v| v.as_slice());
        let mut parts: Vec<WallInterval> = prev
            .iter()
            .filter(|iv| iv.end_ms > DAY_MS)
            .map(|iv| WallInterval { start_ms: 0, end_ms: iv.end_ms - DAY_MS })
            .chain(own.iter().map(|iv| WallInterval { start_ms: iv.start_ms, end_ms: iv.end_ms.min(DAY_MS) }))
            .collect();
        parts.sort_unstable();
        let mut merged: Vec<WallInterval> = Vec::with_capacity(parts.len());
        for p in parts {
            match merged.last_mut() {
                Some(last) if p.start_ms <= last.end_ms => last.end_ms = last.end_ms.max(p.end_ms),
                _ => merged.push(p),
            }
        }
        merged
    })
}

impl Inner {
    /// The irregular dates whose length the walks cannot take from the weekly hours: holidays and
    /// the dates before them, overrides and their neighbours, breaks and the dates before them,
    /// and dates whose hours a UTC offset transition touches. Yearly holidays recur without end,
    /// so they are found during the walk instead ([`Inner::next_irregular`]).
    fn index(&self) -> Result<Vec<Irregular>, Error> {
        let mut days = BTreeSet::new();
        let mut out = Vec::new();
        for &(a, b) in self.holidays.spans() {
            out.push(Irregular { from: a, to: b, len_ms: 0 });
        }
        for &d in self.overrides.keys() {
            // The override's own date, its overnight tail, and a date further after a gap.
            days.extend([d, d + 1, d + 2]);
        }
        days.extend(self.breaks.keys().copied());
        for t in self.zone.transitions() {
            for day in (t.wall_lo().div_euclid(DAY_MS) - 1)..=t.wall_hi().div_euclid(DAY_MS) {
                let ivs = self.week.get(weekday(day)).map_or(&[][..], |v| v.as_slice());
                if let (Some(first), Some(end)) = (ivs.first(), ivs.iter().map(|iv| iv.end_ms).max()) {
                    let (lo, hi) = (day * DAY_MS + first.start_ms, day * DAY_MS + end);
                    if t.wall_lo() <= hi && lo <= t.wall_hi() {
                        // A gap can push this date's hours onto the next dates' (by a whole day
                        // in Samoa's 2011 jump).
                        days.extend([day, day + 1, day + 2]);
                    }
                }
                // A regular date's pieces share one offset: a transition between them (say,
                // between last night's tail and this morning) makes the date irregular.
                let share = self.day_week.get(weekday(day)).map_or(&[][..], |v| v.as_slice());
                if let (Some(first), Some(last)) = (share.first(), share.last()) {
                    let (lo, hi) = (day * DAY_MS + first.start_ms, day * DAY_MS + last.end_ms);
                    if t.wall_lo() <= hi && lo <= t.wall_hi() {
                        days.insert(day);
                    }
                }
            }
        }
        let mut pieces = Pieces::new();
        for day in days {
            // Holidays are closed whole: their run's entry covers them.
            let spans = self.holidays.spans();
            let idx = spans.partition_point(|s| s.1 < day);
            if spans.get(idx).is_some_and(|s| s.0 <= day && day <= s.1) {
                continue;
            }
            self.exact_pieces(day, &mut pieces)?;
            out.push(Irregular { from: day, to: day, len_ms: pieces.iter().map(Piece::len).sum() });
        }
        out.sort_unstable_by_key(|e| e.from);
        Ok(out)
    }

    pub(crate) fn is_business_day(&self, day: i64) -> bool {
        self.week.get(weekday(day)).is_some_and(|w| !w.is_empty()) && !self.holidays.contains(day)
    }
}
