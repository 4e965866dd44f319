//! Time zones: the UTC offset transitions of an IANA zone, and wall time to instant conversion.
//!
//! chrono-tz is the authority for every offset, but it does not expose its transition list. The
//! business-time math needs that list to know which local dates are touched by a transition (and
//! so must be converted exactly) and which can be shifted by one constant offset. A [`ZoneTable`]
//! is built once per zone by probing chrono-tz weekly and bisecting every change to the second,
//! then memoised for the life of the process. A test checks against daily probing that no
//! transition of the shipped database is missed.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, LocalResult, Offset, TimeZone};
use chrono_tz::{GapInfo, Tz};

use crate::error::Error;

/// Probing starts here: 1800-01-01T00:00:00Z. A test checks that no zone changes offset before.
const PROBE_FROM_SECS: i64 = -5_364_662_400;
/// Probing ends here: 2101-01-01T00:00:00Z. chrono-tz's tables end before 2100.
const PROBE_TO_SECS: i64 = 4_133_980_800;
/// Probe step: one week.
const PROBE_STEP_SECS: i64 = 7 * 86_400;

/// One change of UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Transition {
    /// The instant of the change, in milliseconds since the epoch.
    pub(crate) at_ms: i64,
    /// The offset before the change, in milliseconds east of UTC.
    pub(crate) before_ms: i64,
    /// The offset from the change on.
    pub(crate) after_ms: i64,
    lo: i64,
    hi: i64,
}

impl Transition {
    fn new(at_ms: i64, before_ms: i64, after_ms: i64) -> Transition {
        Transition {
            at_ms,
            before_ms,
            after_ms,
            lo: at_ms.saturating_add(before_ms.min(after_ms)),
            hi: at_ms.saturating_add(before_ms.max(after_ms)),
        }
    }

    /// The earliest wall time (as milliseconds of a naive local timeline) the change touches.
    pub(crate) fn wall_lo(&self) -> i64 {
        self.lo
    }

    /// The latest wall time the change touches.
    pub(crate) fn wall_hi(&self) -> i64 {
        self.hi
    }
}

/// The offset history of one zone.
#[derive(Debug)]
pub(crate) struct ZoneTable {
    tz: Tz,
    initial_ms: i64,
    transitions: Vec<Transition>,
    /// `buckets[k]`: the index of the first transition at or after `first + k × 2^32 ms`
    /// (about 50 days), so that a lookup searches only the few transitions near its instant.
    buckets: Vec<u32>,
}

/// Wall times and instants of a transition lie within two days of each other.
const MARGIN_MS: i64 = 2 * 86_400_000;
const BUCKET_SHIFT: u32 = 32;

fn offset_secs(tz: Tz, secs: i64) -> i64 {
    match DateTime::from_timestamp(secs, 0) {
        Some(t) => i64::from(tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc()),
        None => 0,
    }
}

impl ZoneTable {
    /// The memoised table of `tz`.
    pub(crate) fn of(tz: Tz) -> Arc<ZoneTable> {
        static TABLES: OnceLock<Mutex<BTreeMap<&'static str, Arc<ZoneTable>>>> = OnceLock::new();
        let tables = TABLES.get_or_init(|| Mutex::new(BTreeMap::new()));
        if let Ok(map) = tables.lock() {
            if let Some(t) = map.get(tz.name()) {
                return Arc::clone(t);
            }
        }
        let table = Arc::new(ZoneTable::build(tz));
        if let Ok(mut map) = tables.lock() {
            map.insert(tz.name(), Arc::clone(&table));
        }
        table
    }

    fn build(tz: Tz) -> ZoneTable {
        ZoneTable::build_with_step(tz, PROBE_STEP_SECS)
    }

    pub(crate) fn build_with_step(tz: Tz, step: i64) -> ZoneTable {
        let initial = offset_secs(tz, PROBE_FROM_SECS);
        let mut transitions = Vec::new();
        let mut t = PROBE_FROM_SECS;
        let mut off = initial;
        while t < PROBE_TO_SECS {
            let next = t.saturating_add(step).min(PROBE_TO_SECS);
            let next_off = offset_secs(tz, next);
            // Several changes may hide in one step; find each in turn.
            let mut lo = t;
            let mut lo_off = off;
            while lo_off != next_off {
                // Smallest instant in (lo, next] whose offset differs from lo_off.
                let (mut a, mut b) = (lo, next);
                while b - a > 1 {
                    let mid = a + (b - a) / 2;
                    if offset_secs(tz, mid) == lo_off {
                        a = mid;
                    } else {
                        b = mid;
                    }
                }
                let after = offset_secs(tz, b);
                transitions.push(Transition::new(b * 1000, lo_off * 1000, after * 1000));
                lo = b;
                lo_off = after;
            }
            t = next;
            off = next_off;
        }
        let mut buckets = Vec::new();
        if let (Some(first), Some(last)) = (transitions.first(), transitions.last()) {
            let n = ((last.at_ms - first.at_ms) >> BUCKET_SHIFT) + 2;
            for k in 0..n {
                let start = first.at_ms + (k << BUCKET_SHIFT);
                buckets.push(
                    u32::try_from(transitions.partition_point(|t| t.at_ms < start)).unwrap_or(u32::MAX),
                );
            }
        }
        ZoneTable { tz, initial_ms: initial * 1000, transitions, buckets }
    }

    /// The transitions that can matter for an instant or wall time `q`, and the index of the
    /// first: every earlier one is more than two days before `q`, every later one after.
    fn near(&self, q: i64) -> (usize, &[Transition]) {
        let Some(first) = self.transitions.first() else { return (0, &[]) };
        let bucket = |x: i64| -> usize {
            let k = (x.saturating_sub(first.at_ms)).max(0) >> BUCKET_SHIFT;
            let k = usize::try_from(k).unwrap_or(usize::MAX).min(self.buckets.len().saturating_sub(1));
            self.buckets.get(k).map_or(self.transitions.len(), |i| *i as usize)
        };
        let lo = bucket(q.saturating_sub(MARGIN_MS));
        let hi = if q.saturating_add(MARGIN_MS)
            >= first.at_ms + ((self.buckets.len().saturating_sub(1) as i64) << BUCKET_SHIFT)
        {
            self.transitions.len()
        } else {
            bucket(q.saturating_add(MARGIN_MS) + (1 << BUCKET_SHIFT)).min(self.transitions.len())
        };
        (lo, self.transitions.get(lo..hi.max(lo)).unwrap_or(&[]))
    }

    /// Every transition, in time order.
    pub(crate) fn transitions(&self) -> &[Transition] {
        &self.transitions
    }

    /// The offset in force at the instant `utc_ms`.
    pub(crate) fn offset_at(&self, utc_ms: i64) -> i64 {
        let (base, near) = self.near(utc_ms);
        let idx = base + near.partition_point(|t| t.at_ms <= utc_ms);
        match idx.checked_sub(1).and_then(|i| self.transitions.get(i)) {
            Some(t) => t.after_ms,
            None => self.initial_ms,
        }
    }

    /// Whether a transition touches the wall-time range `[lo, hi]`.
    pub(crate) fn touches_wall(&self, lo: i64, hi: i64) -> bool {
        let (base, near) = self.near(lo);
        let idx = base + near.partition_point(|t| t.wall_hi() < lo);
        self.transitions.get(idx).is_some_and(|t| t.wall_lo() <= hi)
    }

    /// The offset of a wall time that no transition touches.
    pub(crate) fn offset_of_plain_wall(&self, wall_ms: i64) -> i64 {
        let (base, near) = self.near(wall_ms);
        let idx = base + near.partition_point(|t| t.wall_hi() <= wall_ms);
        match idx.checked_sub(1).and_then(|i| self.transitions.get(i)) {
            Some(t) => t.after_ms,
            None => self.initial_ms,
        }
    }

    /// Wall time to instant by the `compatible` rule (SEMANTICS.md section 2): a wall time in a
    /// gap moves forward by the gap's length; an ambiguous one takes its earlier occurrence.
    pub(crate) fn wall_to_utc(&self, wall_ms: i64) -> Result<i64, Error> {
        if !self.touches_wall(wall_ms, wall_ms) {
            return wall_ms
                .checked_sub(self.offset_of_plain_wall(wall_ms))
                .ok_or_else(|| Error::internal("wall time out of range"));
        }
        let local = DateTime::from_timestamp_millis(wall_ms)
            .ok_or_else(|| Error::internal("wall time out of range"))?
            .naive_utc();
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(t) => Ok(t.timestamp_millis()),
            LocalResult::Ambiguous(a, b) => Ok(a.timestamp_millis().min(b.timestamp_millis())),
            LocalResult::None => {
                let before = GapInfo::new(&local, &self.tz)
                    .and_then(|g| g.begin)
                    .map(|(_, off)| i64::from(off.fix().local_minus_utc()) * 1000)
                    .ok_or_else(|| Error::internal("gap without a start"))?;
                wall_ms.checked_sub(before).ok_or_else(|| Error::internal("wall time out of range"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_york_2026_transitions_are_found_to_the_second() {
        let t = ZoneTable::of(chrono_tz::America::New_York);
        // 2026-03-08T07:00:00Z (02:00 EST) and 2026-11-01T06:00:00Z (02:00 EDT).
        let y2026: Vec<_> = t
            .transitions()
            .iter()
            .filter(|x| (1_767_225_600_000..1_798_761_600_000).contains(&x.at_ms))
            .collect();
        assert_eq!(y2026.len(), 2);
        assert_eq!(y2026[0].at_ms, 1_772_953_200_000);
        assert_eq!((y2026[0].before_ms, y2026[0].after_ms), (-18_000_000, -14_400_000));
        assert_eq!(y2026[1].at_ms, 1_793_512_800_000);
    }

    #[test]
    fn compatible_rule_in_gap_and_fold() {
        let t = ZoneTable::of(chrono_tz::America::New_York);
        // 2026-03-08 02:30 wall (in the gap) -> 03:30 EDT = 07:30Z.
        let wall = 1_772_937_000_000; // 2026-03-08T02:30:00 as naive ms
        assert_eq!(t.wall_to_utc(wall).unwrap(), 1_772_955_000_000);
        // 2026-11-01 01:30 wall (twice) -> the earlier, 01:30 EDT = 05:30Z.
        let wall = 1_793_496_600_000; // 2026-11-01T01:30:00 as naive ms
        assert_eq!(t.wall_to_utc(wall).unwrap(), 1_793_511_000_000);
    }

    /// Weekly probing must find exactly the transitions daily probing finds, in every zone, and
    /// no zone may change offset outside the probed years.
    #[test]
    fn weekly_probing_misses_no_transition_in_any_zone() {
        for tz in chrono_tz::TZ_VARIANTS {
            let weekly = ZoneTable::of(tz);
            let daily = ZoneTable::build_with_step(tz, 86_400);
            assert_eq!(weekly.transitions(), daily.transitions(), "{}", tz.name());
            // Year 1 and year 9999 have the offsets at the ends of the table.
            assert_eq!(offset_secs(tz, -62_135_596_800) * 1000, weekly.initial_ms, "{}", tz.name());
            let last = weekly.transitions().last().map_or(weekly.initial_ms, |t| t.after_ms);
            assert_eq!(offset_secs(tz, 253_402_300_799) * 1000, last, "{}", tz.name());
        }
    }

    #[test]
    fn bucketed_lookups_agree_with_chrono_tz() {
        for tz in [
            chrono_tz::America::New_York,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Pacific::Apia,
            chrono_tz::Europe::Dublin,
        ] {
            let t = ZoneTable::of(tz);
            let mut secs = -3_786_825_600i64; // 1850
            while secs < 4_102_444_800 {
                assert_eq!(t.offset_at(secs * 1000), offset_secs(tz, secs) * 1000, "{} at {secs}", tz.name());
                secs += 1_468_837; // about 17 days, so that every hour of the day comes round
            }
            for x in t.transitions() {
                assert_eq!(t.offset_at(x.at_ms - 1), x.before_ms);
                assert_eq!(t.offset_at(x.at_ms), x.after_ms);
                assert!(
                    t.touches_wall(x.wall_lo(), x.wall_lo())
                        && !t.touches_wall(x.wall_lo() - 3 * 86_400_000, x.wall_lo() - 2 * 86_400_000 - 1)
                        || t.transitions()
                            .iter()
                            .any(|y| y.at_ms < x.at_ms && y.at_ms > x.at_ms - 4 * 86_400_000)
                );
            }
        }
    }

    #[test]
    fn utc_has_no_transitions() {
        assert!(ZoneTable::of(chrono_tz::UTC).transitions().is_empty());
    }
}
