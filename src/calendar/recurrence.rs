//! A local wall time that recurs with a civil step: the handoffs of an on-call rotation.
//!
//! Occurrence `k` is the wall time `start + k × step` on the naive local timeline (a civil day
//! is always 24 wall hours), converted to an instant by the `compatible` rule. So a daily 09:00
//! handoff stays at 09:00 local across DST, and a 12-hour turn hands off at 09:00 and 21:00.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::week::{day_number, DAY_MS};
use super::zone::ZoneTable;
use crate::error::Error;

/// A recurring local wall time.
#[derive(Clone, Debug)]
pub struct Recurrence {
    zone: Arc<ZoneTable>,
    start_wall_ms: i64,
    step_ms: i64,
    /// How many occurrences either side of the wall-time guess [`Recurrence::index_at`] looks at.
    window: i64,
}

impl Recurrence {
    /// Occurrences from `date` at `time_ms` (milliseconds after local midnight) in `tz`, every
    /// `step_ms` wall milliseconds (positive).
    pub fn new(tz: Tz, date: NaiveDate, time_ms: i64, step_ms: i64) -> Option<Recurrence> {
        if step_ms <= 0 {
            return None;
        }
        let zone = ZoneTable::of(tz);
        // An offset change of J moves the occurrences it touches by up to J (a gap moves those in
        // it forward by its length), so the one that is latest in time lies within J / step
        // occurrences of the guess, plus one either way for the guess itself.
        let jump = zone.transitions().iter().map(|t| (t.after_ms - t.before_ms).abs()).max().unwrap_or(0);
        Some(Recurrence {
            start_wall_ms: day_number(date).checked_mul(DAY_MS)?.checked_add(time_ms)?,
            step_ms,
            window: jump / step_ms + 2,
            zone,
        })
    }

    /// How many occurrences either side of [`Recurrence::index_at`]'s answer may fall in a span
    /// that starts or ends there (see [`Recurrence::index_at`]).
    pub fn window(&self) -> i64 {
        self.window
    }

    /// The instant of occurrence `k`.
    ///
    /// # Errors
    /// `internal` when the occurrence is out of chrono's range.
    pub fn instant(&self, k: i64) -> Result<DateTime<Utc>, Error> {
        let wall = k
            .checked_mul(self.step_ms)
            .and_then(|w| w.checked_add(self.start_wall_ms))
            .ok_or_else(|| Error::internal("occurrence out of range"))?;
        let ms = self.zone.wall_to_utc(wall)?;
        DateTime::from_timestamp_millis(ms).ok_or_else(|| Error::internal("occurrence out of range"))
    }

    /// The index of the occurrence that is latest in time at or before `at` (of two at one
    /// instant, the later index), counting from occurrence 0; -1 before the first.
    ///
    /// Index order is not always time order: a gap longer than the step moves the occurrences
    /// in it past later ones (Samoa skipped 2011-12-30 whole, so a 10:00 handoff of that day
    /// moved to 10:00 on the 31st, after the 31st's 08:00 one). So the occurrences within
    /// [`Recurrence::window`] of the wall-time guess are all looked at.
    ///
    /// # Errors
    /// `internal` when an occurrence is out of chrono's range.
    pub fn index_at(&self, at: DateTime<Utc>) -> Result<i64, Error> {
        let t = at.timestamp_millis();
        let wall = t.saturating_add(self.zone.offset_at(t));
        let guess = wall.saturating_sub(self.start_wall_ms).div_euclid(self.step_ms);
        let mut best: Option<(DateTime<Utc>, i64)> = None;
        for k in guess.saturating_sub(self.window).max(0)..=guess.saturating_add(self.window).max(0) {
            let i = self.instant(k)?;
            if i <= at && best.is_none_or(|b| (i, k) > b) {
                best = Some((i, k));
            }
        }
        Ok(best.map_or(-1, |(_, k)| k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{format_instant, parse_instant};

    #[test]
    fn daily_handoff_keeps_local_time_across_spring_forward() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 6).unwrap();
        let r = Recurrence::new(chrono_tz::America::New_York, d, 9 * 3_600_000, DAY_MS).unwrap();
        // Fri 09:00 EST = 14:00Z; Mon 2026-03-09 09:00 EDT = 13:00Z (3 days later).
        assert_eq!(format_instant(r.instant(0).unwrap()), "2026-03-06T14:00:00Z");
        assert_eq!(format_instant(r.instant(3).unwrap()), "2026-03-09T13:00:00Z");
        assert_eq!(r.index_at(parse_instant("2026-03-09T12:59:59Z").unwrap()).unwrap(), 2);
        assert_eq!(r.index_at(parse_instant("2026-03-09T13:00:00Z").unwrap()).unwrap(), 3);
        assert_eq!(r.index_at(parse_instant("2026-03-06T13:59:59Z").unwrap()).unwrap(), -1);
    }

    #[test]
    fn a_gap_longer_than_a_turn_puts_time_order_before_index_order() {
        // Samoa went from -10:00 to +14:00 at the end of 2011-12-29 (12-30T10:00Z): 2011-12-30
        // does not exist there. 11-hour turns from 2011-12-28 03:00: turn 4 at 12-29 23:00 -10 =
        // 12-30T09:00Z; turns 5 and 6 (12-30 10:00 and 21:00) fall in the gap and move a day on,
        // to 12-31 10:00 and 21:00 +14 = 12-30T20:00Z and 12-31T07:00Z; turn 7 (12-31 08:00 +14)
        // is 12-30T18:00Z, before turn 5; turn 8 (12-31 19:00) is 12-31T05:00Z; turn 9 (2012-01-01
        // 06:00) is 12-31T16:00Z.
        let d = NaiveDate::from_ymd_opt(2011, 12, 28).unwrap();
        let r = Recurrence::new(chrono_tz::Pacific::Apia, d, 3 * 3_600_000, 11 * 3_600_000).unwrap();
        let expected = [
            (4, "2011-12-30T09:00:00Z"),
            (5, "2011-12-30T20:00:00Z"),
            (6, "2011-12-31T07:00:00Z"),
            (7, "2011-12-30T18:00:00Z"),
            (8, "2011-12-31T05:00:00Z"),
            (9, "2011-12-31T16:00:00Z"),
        ];
        for (k, at) in expected {
            assert_eq!(format_instant(r.instant(k).unwrap()), at, "turn {k}");
        }
        // The turn that began last at each instant.
        for (at, k) in [
            ("2011-12-30T17:59:59Z", 4),
            ("2011-12-30T18:00:00Z", 7),
            ("2011-12-30T19:59:59Z", 7),
            ("2011-12-30T20:00:00Z", 5),
            ("2011-12-31T05:00:00Z", 8),
            ("2011-12-31T07:00:00Z", 6),
            ("2011-12-31T16:00:00Z", 9),
        ] {
            assert_eq!(r.index_at(parse_instant(at).unwrap()).unwrap(), k, "at {at}");
        }
    }

    #[test]
    fn handoff_in_a_gap_moves_forward() {
        // A 02:30 handoff on 2026-03-08 does not exist in New York; it happens at 03:30 EDT = 07:30Z.
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        let r = Recurrence::new(chrono_tz::America::New_York, d, 9_000_000, DAY_MS).unwrap();
        assert_eq!(format_instant(r.instant(1).unwrap()), "2026-03-08T07:30:00Z");
        assert_eq!(r.index_at(parse_instant("2026-03-08T07:15:00Z").unwrap()).unwrap(), 0);
        assert_eq!(r.index_at(parse_instant("2026-03-08T07:30:00Z").unwrap()).unwrap(), 1);
    }
}
