//! Local dates as day numbers, weekdays, and wall-clock intervals of one day.
//!
//! Everything here is civil (naive local) time. A day number counts days from 1970-01-01; a
//! wall time is milliseconds on the naive local timeline (day number × 86,400,000 + time of day).

use chrono::{Datelike, NaiveDate};

use crate::error::{Code, Error, Pointer};

/// Milliseconds in a civil day.
pub(crate) const DAY_MS: i64 = 86_400_000;

/// The weekday keys of `hours`, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The day number of a local date (days since 1970-01-01).
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 719_163
}

/// The local date of a day number.
pub(crate) fn date_of(day: i64) -> Option<NaiveDate> {
    let ce = day.checked_add(719_163)?;
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(ce).ok()?)
}

/// The weekday of a day number, 0 = Monday. 1970-01-01 was a Thursday.
pub(crate) fn weekday(day: i64) -> usize {
    // rem_euclid(7) is in 0..7, so the cast cannot truncate.
    (day.wrapping_add(3)).rem_euclid(7) as usize
}

/// A wall-clock interval `[start, end)` of one day, in milliseconds from that day's local
/// midnight. An overnight shift has `end > DAY_MS`: it ends on the next local date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct WallInterval {
    pub(crate) start_ms: i64,
    pub(crate) end_ms: i64,
}

impl WallInterval {
    pub(crate) fn len_ms(&self) -> i64 {
        self.end_ms - self.start_ms
    }
}

/// A time of day parsed from `"HH:MM"` or `"HH:MM:SS"`, in milliseconds; `"24:00"` is `DAY_MS`.
pub(crate) fn parse_time_of_day(s: &str) -> Result<i64, Error> {
    let bad = || {
        Error::new(
            Code::CalendarInvalidTime,
            Pointer::root(),
            format!("invalid time \"{s}\": expected \"HH:MM\" or \"HH:MM:SS\" from 00:00 to 24:00"),
        )
    };
    let parts: Vec<&str> = s.split(':').collect();
    if !(parts.len() == 2 || parts.len() == 3)
        || parts.iter().any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<i64>().ok());
    let (h, m, sec) = (
        num(0).ok_or_else(bad)?,
        num(1).ok_or_else(bad)?,
        if parts.len() == 3 { num(2).ok_or_else(bad)? } else { 0 },
    );
    if h == 24 && m == 0 && sec == 0 {
        return Ok(DAY_MS);
    }
    if h > 23 || m > 59 || sec > 59 {
        return Err(bad());
    }
    Ok(((h * 60 + m) * 60 + sec) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_and_weekdays() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap(); // a Monday
        let n = day_number(d);
        assert_eq!(n, 20_465);
        assert_eq!(weekday(n), 0);
        assert_eq!(date_of(n), Some(d));
        assert_eq!(weekday(0), 3);
        assert_eq!(weekday(-1), 2);
    }

    #[test]
    fn times_of_day() {
        assert_eq!(parse_time_of_day("09:30").unwrap(), 34_200_000);
        assert_eq!(parse_time_of_day("23:59:59").unwrap(), 86_399_000);
        assert_eq!(parse_time_of_day("24:00").unwrap(), DAY_MS);
        assert_eq!(parse_time_of_day("24:00:00").unwrap(), DAY_MS);
        for bad in ["25:00", "24:01", "9:00", "09:60", "09:00:60", "0900", "", "aa:bb", "09:00:00:00"] {
            assert_eq!(parse_time_of_day(bad).unwrap_err().code(), Code::CalendarInvalidTime, "{bad}");
        }
    }
}
