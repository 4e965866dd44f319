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
}

impl Recurrence {
    /// Occurrences from `date` at `time_ms` (milliseconds after local midnight) in `tz`, every
    /// `step_ms` wall milliseconds (positive).
    pub fn new(tz: Tz, date: NaiveDate, time_ms: i64, step_ms: i64) -> Option<Recurrence> {
        if step_ms <= 0 {
            return None;
        }
        Some(Recurrence {
            zone: ZoneTable::of(tz),
            start_wall_ms: day_number(date).checked_mul(DAY_MS)?.checked_add(time_ms)?,
            step_ms,
        })
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

    /// The index of the latest occurrence at or before `at` (negative before the first).
    ///
    /// # Errors
    /// `internal` when an occurrence is out of chrono's range.
    pub fn index_at(&self, at: DateTime<Utc>) -> Result<i64, Error> {
        let t = at.timestamp_millis();
        let wall = t + self.zone.offset_at(t);
        // The naive guess is off by at most one around a DST change; fix it with exact instants.
        let mut k = (wall - self.start_wall_ms).div_euclid(self.step_ms);
        for _ in 0..4 {
            if self.instant(k)? > at {
                k -= 1;
            } else if self.instant(k + 1)? <= at {
                k += 1;
            } else {
                return Ok(k);
            }
        }
        Ok(k)
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
    fn handoff_in_a_gap_moves_forward() {
        // A 02:30 handoff on 2026-03-08 does not exist in New York; it happens at 03:30 EDT = 07:30Z.
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        let r = Recurrence::new(chrono_tz::America::New_York, d, 9_000_000, DAY_MS).unwrap();
        assert_eq!(format_instant(r.instant(1).unwrap()), "2026-03-08T07:30:00Z");
        assert_eq!(r.index_at(parse_instant("2026-03-08T07:15:00Z").unwrap()).unwrap(), 0);
        assert_eq!(r.index_at(parse_instant("2026-03-08T07:30:00Z").unwrap()).unwrap(), 1);
    }
}
