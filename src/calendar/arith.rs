//! Business-time arithmetic: walking the open pieces of a calendar forward and backward.
//!
//! The cost does not grow with the amount. Runs of regular dates (whose business time is their
//! weekday's weekly hours) are crossed a whole week at a time by arithmetic; only irregular dates
//! (holidays, overrides, breaks, dates a DST transition touches) are looked at one by one, and
//! their lengths are cached in the calendar's index. Exact instants are computed only for the
//! first and last dates of a walk.

use super::calendar::{from_ms, Inner};
use super::day::{Piece, Pieces};
use super::duration::BusinessDuration;
use super::instant::format_instant;
use super::week::{weekday, DAY_MS};
use crate::error::{Code, Error, Pointer};

/// How far any search looks: 10 years of 365.25 days, rounded up.
pub(crate) const HORIZON_DAYS: i64 = 3653;
const HORIZON_MS: i64 = HORIZON_DAYS * DAY_MS;

fn show(ms: i64) -> String {
    from_ms(ms).map(format_instant).unwrap_or_else(|_| ms.to_string())
}

fn show_amount(ms: i64) -> String {
    BusinessDuration::from_millis(ms).map(|d| d.to_string()).unwrap_or_default()
}

fn horizon(message: String) -> Error {
    Error::new(Code::CalendarNoBusinessTimeWithinHorizon, Pointer::root(), message)
}

impl Inner {
    /// The weekly business time of the dates before `x`, counted from day 0.
    pub(crate) fn regular_cum(&self, x: i64) -> i64 {
        x.div_euclid(7) * self.week_total + self.week_cum.get(x.rem_euclid(7) as usize).copied().unwrap_or(0)
    }

    /// The business time of the dates before `x`, counted from day 0: the weekly time less what
    /// the irregular dates before `x` lack. Only without yearly holidays (`irregular_cum` is then
    /// filled). `j` is the index of the first irregular run that ends on or after `x`.
    fn cum_at(&self, x: i64, j: usize) -> i64 {
        let regular = self.regular_cum(x);
        match (self.irregular.get(j), self.irregular_cum.get(j)) {
            // Inside a run of irregular dates: its dates before x count their own length.
            (Some(e), Some(c)) if e.from < x => c + (x - e.from) * e.len_ms,
            (Some(e), Some(c)) => c + (regular - self.regular_cum(e.from)),
            _ => {
                let (Some(e), Some(c)) = (
                    j.checked_sub(1).and_then(|i| self.irregular.get(i)),
                    j.checked_sub(1).and_then(|i| self.irregular_cum.get(i)),
                ) else {
                    return regular;
                };
                c + (e.to + 1 - e.from) * e.len_ms + (regular - self.regular_cum(e.to + 1))
            }
        }
    }

    /// From the start of date `day` with `rem` business time to go: the start of the latest
    /// irregular run that leaves at least a week of business time, and what is left then.
    fn jump(&self, day: i64, rem: i64, last_day: i64, j: usize) -> (i64, i64, usize) {
        if self.irregular_cum.is_empty() || self.week_total == 0 || rem < 2 * self.week_total {
            return (day, rem, j);
        }
        let base = self.cum_at(day, j);
        let target = base + rem - self.week_total;
        let k = self.irregular_cum.partition_point(|c| *c <= target);
        match k.checked_sub(1).and_then(|i| Some((i, self.irregular.get(i)?, self.irregular_cum.get(i)?))) {
            Some((i, e, c)) if e.from > day && e.from <= last_day && *c >= base => {
                (e.from, rem - (c - base), i)
            }
            _ => (day, rem, j),
        }
    }

    fn weekly_len(&self, day: i64) -> i64 {
        self.week_len.get(weekday(day)).copied().unwrap_or(0)
    }

    /// The instant at which `rem` more business time has elapsed from the start of `day`, which
    /// is known to hold more than `rem`.
    fn locate_forward(&self, day: i64, mut rem: i64) -> Result<i64, Error> {
        let mut buf = Pieces::new();
        self.day_pieces(day, &mut buf)?;
        for p in &buf {
            if rem < p.len() {
                return Ok(p.start + rem);
            }
            rem -= p.len();
        }
        Err(Error::internal("forward walk overran a date"))
    }

    /// The instant `rem` business time before the end of `day`'s pieces (`rem` is at most the
    /// date's business time, and more than zero unless the date is open).
    fn locate_backward(&self, day: i64, mut rem: i64) -> Result<i64, Error> {
        let mut buf = Pieces::new();
        self.day_pieces(day, &mut buf)?;
        for p in buf.iter().rev() {
            if rem <= p.len() {
                return Ok(p.end - rem);
            }
            rem -= p.len();
        }
        Err(Error::internal("backward walk overran a date"))
    }

    /// The first open instant `r >= at` with `elapsed(at, r) == amount` (SEMANTICS.md section 3).
    pub(crate) fn add_time(&self, at: i64, amount: i64) -> Result<i64, Error> {
        let limit = at.saturating_add(HORIZON_MS);
        let fail = || {
            horizon(if amount == 0 {
                format!("no business time within 10 years after {}", show(at))
            } else {
                format!("no business time within 10 years after {} to add {}", show(at), show_amount(amount))
            })
        };
        let found = |t: i64| if t <= limit { Ok(t) } else { Err(fail()) };
        let mut rem = amount;
        let mut buf = Pieces::new();
        let d0 = self.local_day(at);
        // Each date's pieces lie within its own midnights, so `at` is on date d0's.
        {
            let day = d0;
            self.day_pieces(day, &mut buf)?;
            for p in &buf {
                let s = p.start.max(at);
                if s >= p.end {
                    continue;
                }
                let len = p.end - s;
                if rem < len {
                    return found(s + rem);
                }
                rem -= len;
            }
        }
        let last_day = self.local_day(limit) + 1;
        let week = self.week_total;
        let mut day = d0 + 1;
        // Without yearly holidays every irregular date is in the index, which the walk follows
        // with a cursor: `j` is the first run that ends on or after `day`.
        let indexed = !self.holidays.has_yearly();
        let mut j = self.irregular.partition_point(|e| e.to < day);
        while day <= last_day {
            if indexed {
                (day, rem, j) = self.jump(day, rem, last_day, j);
                while self.irregular.get(j).is_some_and(|e| e.to < day) {
                    j += 1;
                }
            }
            let next = if indexed {
                self.irregular.get(j).map(|e| e.from.max(day))
            } else {
                self.next_irregular(day)
            };
            let irregular = next.unwrap_or(i64::MAX).min(last_day + 1);
            if week > 0 {
                let weeks = ((irregular - day) / 7).min(rem / week);
                day += 7 * weeks;
                rem -= weeks * week;
                let mut wd = weekday(day);
                while day < irregular {
                    let len = self.week_len.get(wd).copied().unwrap_or(0);
                    if rem < len {
                        return found(self.locate_forward(day, rem)?);
                    }
                    rem -= len;
                    day += 1;
                    wd = if wd == 6 { 0 } else { wd + 1 };
                }
            } else {
                day = irregular;
            }
            if day > last_day {
                break;
            }
            let len = match self.irregular.get(j) {
                Some(e) if indexed && e.from <= day && day <= e.to => e.len_ms,
                _ => self.day_len(day)?,
            };
            if rem < len {
                return found(self.locate_forward(day, rem)?);
            }
            rem -= len;
            day += 1;
        }
        Err(fail())
    }

    /// The last instant `r <= at` in an open period or on its boundary with
    /// `elapsed(r, at) == amount` (SEMANTICS.md section 3).
    pub(crate) fn subtract_time(&self, at: i64, amount: i64) -> Result<i64, Error> {
        let limit = at.saturating_sub(HORIZON_MS);
        let fail = || {
            horizon(if amount == 0 {
                format!("no business time within 10 years before {}", show(at))
            } else {
                format!(
                    "no business time within 10 years before {} to subtract {}",
                    show(at),
                    show_amount(amount)
                )
            })
        };
        let found = |t: i64| if t >= limit { Ok(t) } else { Err(fail()) };
        let mut rem = amount;
        let mut buf = Pieces::new();
        let d0 = self.local_day(at);
        {
            let day = d0;
            self.day_pieces(day, &mut buf)?;
            for p in buf.iter().rev() {
                if p.start > at {
                    continue;
                }
                let e = p.end.min(at);
                let len = e - p.start;
                if rem <= len {
                    return found(e - rem);
                }
                rem -= len;
            }
        }
        let first_day = self.local_day(limit) - 1;
        let week = self.week_total;
        let mut day = d0 - 1;
        while day >= first_day {
            let irregular = self.prev_irregular(day).unwrap_or(i64::MIN).max(first_day - 1);
            if week > 0 {
                // Stop a week short of using up the amount exactly: the answer is then the
                // start of that week's first piece, which the day walk below finds.
                let weeks = ((day - irregular) / 7).min(if rem > 0 { (rem - 1) / week } else { 0 });
                day -= 7 * weeks;
                rem -= weeks * week;
                while day > irregular {
                    let len = self.weekly_len(day);
                    if len > 0 && rem <= len {
                        return found(self.locate_backward(day, rem)?);
                    }
                    rem -= len;
                    day -= 1;
                }
            } else {
                day = irregular;
            }
            if day < first_day {
                break;
            }
            let len = self.day_len(day)?;
            if len > 0 && rem <= len {
                return found(self.locate_backward(day, rem)?);
            }
            rem -= len;
            day -= 1;
        }
        Err(fail())
    }

    /// Business time in `[from, to)`.
    pub(crate) fn elapsed(&self, from: i64, to: i64) -> Result<i64, Error> {
        if to <= from {
            return Ok(0);
        }
        let (d0, dn) = (self.local_day(from), self.local_day(to));
        let mut buf = Pieces::new();
        let mut total = 0;
        let mut exact = |day: i64, total: &mut i64| -> Result<(), Error> {
            self.day_pieces(day, &mut buf)?;
            for p in &buf {
                let (s, e) = (p.start.max(from), p.end.min(to));
                if s < e {
                    *total += e - s;
                }
            }
            Ok(())
        };
        // Dates strictly between d0 and dn have all their pieces inside [from, to).
        exact(d0, &mut total)?;
        if dn > d0 {
            total += self.bulk_len(d0 + 1, dn)?;
            exact(dn, &mut total)?;
        }
        Ok(total)
    }

    /// The business time of the dates `[from, to)`.
    fn bulk_len(&self, from: i64, to: i64) -> Result<i64, Error> {
        let mut total = 0;
        let mut day = from;
        while day < to {
            let irregular = self.next_irregular(day).unwrap_or(i64::MAX).min(to);
            let weeks = (irregular - day) / 7;
            total += weeks * self.week_total;
            day += 7 * weeks;
            while day < irregular {
                total += self.weekly_len(day);
                day += 1;
            }
            if day < to {
                total += self.day_len(day)?;
                day += 1;
            }
        }
        Ok(total)
    }

    pub(crate) fn is_open(&self, at: i64) -> Result<bool, Error> {
        let d0 = self.local_day(at);
        let mut buf = Pieces::new();
        {
            self.day_pieces(d0, &mut buf)?;
            if buf.iter().any(|p| p.start <= at && at < p.end) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The end of the latest merged period that ends at or before `at`.
    pub(crate) fn previous_close(&self, at: i64) -> Result<i64, Error> {
        let limit = at.saturating_sub(HORIZON_MS);
        let first_day = self.local_day(limit) - 1;
        let mut later_start: Option<i64> = None;
        let mut buf = Pieces::new();
        let mut day = self.local_day(at);
        while day >= first_day {
            if self.week_total == 0 && self.prev_irregular(day) != Some(day) {
                // Regular dates of a calendar without weekly hours have no pieces.
                day = self.prev_irregular(day).unwrap_or(i64::MIN).max(first_day - 1);
                continue;
            }
            self.day_pieces(day, &mut buf)?;
            for p in buf.iter().rev() {
                if p.start > at {
                    continue;
                }
                if p.end <= at && Some(p.end) != later_start {
                    if p.end < limit {
                        day = i64::MIN;
                        break;
                    }
                    return Ok(p.end);
                }
                later_start = Some(p.start);
            }
            day = day.saturating_sub(1);
        }
        Err(horizon(format!("no period ends within 10 years before {}", show(at))))
    }

    /// The open periods clipped to `[from, to)`, merged.
    pub(crate) fn periods(&self, from: i64, to: i64) -> Result<Vec<Piece>, Error> {
        let mut out: Vec<Piece> = Vec::new();
        if to <= from {
            return Ok(out);
        }
        if to - from > HORIZON_MS {
            return Err(Error::new(
                Code::CalendarRangeTooLarge,
                Pointer::root(),
                format!("the range {} to {} is longer than 10 years", show(from), show(to)),
            ));
        }
        let mut buf = Pieces::new();
        for day in self.local_day(from)..=self.local_day(to) {
            self.day_pieces(day, &mut buf)?;
            for p in &buf {
                let (s, e) = (p.start.max(from), p.end.min(to));
                if s >= e {
                    continue;
                }
                match out.last_mut() {
                    Some(last) if last.end >= s => last.end = last.end.max(e),
                    _ => out.push(Piece { start: s, end: e }),
                }
            }
        }
        Ok(out)
    }

    /// The `n`-th business date after the local date of `at` (or the first on or after it for
    /// `n = 0`) at the same wall time, then the next opening (SEMANTICS.md section 4).
    pub(crate) fn add_days(&self, at: i64, n: u32) -> Result<i64, Error> {
        let d0 = self.local_day(at);
        let wall = at + self.zone.offset_at(at) - d0 * DAY_MS;
        let fail = || horizon(format!("no business day within 10 years after {} to add {n}d", show(at)));
        let mut day = d0;
        let mut left = n;
        if n == 0 {
            while !self.is_business_day(day) {
                day += 1;
                if day > d0 + HORIZON_DAYS {
                    return Err(fail());
                }
            }
        }
        while left > 0 {
            day += 1;
            if day > d0 + HORIZON_DAYS {
                return Err(fail());
            }
            if self.is_business_day(day) {
                left -= 1;
            }
        }
        let t = self.zone.wall_to_utc(day * DAY_MS + wall)?;
        let r = self.add_time(t, 0)?;
        if r > at.saturating_add(HORIZON_MS) {
            return Err(fail());
        }
        Ok(r)
    }

    /// The mirror of [`Inner::add_days`]: dates before, then `subtract(…, 0)`.
    pub(crate) fn subtract_days(&self, at: i64, n: u32) -> Result<i64, Error> {
        let d0 = self.local_day(at);
        let wall = at + self.zone.offset_at(at) - d0 * DAY_MS;
        let fail =
            || horizon(format!("no business day within 10 years before {} to subtract {n}d", show(at)));
        let mut day = d0;
        let mut left = n;
        if n == 0 {
            while !self.is_business_day(day) {
                day -= 1;
                if day < d0 - HORIZON_DAYS {
                    return Err(fail());
                }
            }
        }
        while left > 0 {
            day -= 1;
            if day < d0 - HORIZON_DAYS {
                return Err(fail());
            }
            if self.is_business_day(day) {
                left -= 1;
            }
        }
        let t = self.zone.wall_to_utc(day * DAY_MS + wall)?;
        let r = self.subtract_time(t, 0)?;
        if r < at.saturating_sub(HORIZON_MS) {
            return Err(fail());
        }
        Ok(r)
    }
}
