//! Holidays: whole local dates closed, given as dates, inclusive ranges, or yearly `--MM-DD`.

use chrono::Datelike;

use super::week::{date_of, day_number};

/// The holidays of a calendar: merged inclusive day-number spans plus yearly month-days.
#[derive(Clone, Debug, Default)]
pub(crate) struct HolidaySet {
    /// Disjoint, non-adjacent, ascending inclusive spans of day numbers.
    spans: Vec<(i64, i64)>,
    /// Yearly holidays as `(month, day)`, ascending, without duplicates.
    yearly: Vec<(u32, u32)>,
}

impl HolidaySet {
    /// A set from inclusive day spans (in any order, overlapping or not) and yearly month-days.
    pub(crate) fn new(mut spans: Vec<(i64, i64)>, mut yearly: Vec<(u32, u32)>) -> HolidaySet {
        spans.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
        for (a, b) in spans {
            match merged.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        yearly.sort_unstable();
        yearly.dedup();
        HolidaySet { spans: merged, yearly }
    }

    /// The merged explicit spans.
    pub(crate) fn spans(&self) -> &[(i64, i64)] {
        &self.spans
    }

    /// Whether there are yearly holidays.
    pub(crate) fn has_yearly(&self) -> bool {
        !self.yearly.is_empty()
    }

    /// Whether the local date `day` is a holiday.
    pub(crate) fn contains(&self, day: i64) -> bool {
        self.in_span(day) || self.is_yearly(day)
    }

    fn in_span(&self, day: i64) -> bool {
        let idx = self.spans.partition_point(|s| s.1 < day);
        self.spans.get(idx).is_some_and(|s| s.0 <= day)
    }

    /// Whether `day` falls on a yearly holiday.
    pub(crate) fn is_yearly(&self, day: i64) -> bool {
        if self.yearly.is_empty() {
            return false;
        }
        date_of(day).is_some_and(|d| self.yearly.binary_search(&(d.month(), d.day())).is_ok())
    }

    /// The first yearly holiday on or after `day`, if any within nine years (Feb 29 recurs at
    /// least every eight).
    pub(crate) fn next_yearly(&self, day: i64) -> Option<i64> {
        let start = date_of(day)?;
        let mut best: Option<i64> = None;
        for &(m, d) in &self.yearly {
            for y in start.year()..start.year().saturating_add(9) {
                if let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d) {
                    let n = day_number(date);
                    if n >= day {
                        best = Some(best.map_or(n, |b| b.min(n)));
                        break;
                    }
                }
            }
        }
        best
    }

    /// The last yearly holiday on or before `day`, if any within nine years.
    pub(crate) fn prev_yearly(&self, day: i64) -> Option<i64> {
        let start = date_of(day)?;
        let mut best: Option<i64> = None;
        for &(m, d) in &self.yearly {
            for y in (start.year().saturating_sub(9)..=start.year()).rev() {
                if let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d) {
                    let n = day_number(date);
                    if n <= day {
                        best = Some(best.map_or(n, |b| b.max(n)));
                        break;
                    }
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> i64 {
        day_number(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn spans_merge_and_contain() {
        let h = HolidaySet::new(vec![(10, 12), (13, 13), (5, 5), (11, 20)], vec![]);
        assert_eq!(h.spans(), &[(5, 5), (10, 20)]);
        assert!(h.contains(5) && h.contains(15) && !h.contains(9) && !h.contains(21));
    }

    #[test]
    fn yearly_next_and_prev() {
        let h = HolidaySet::new(vec![], vec![(12, 25), (2, 29)]);
        assert!(h.contains(day(2015, 12, 25)));
        assert_eq!(h.next_yearly(day(2026, 12, 26)), Some(day(2027, 12, 25)));
        assert_eq!(h.next_yearly(day(2027, 12, 26)), Some(day(2028, 2, 29)));
        assert_eq!(h.prev_yearly(day(2028, 3, 1)), Some(day(2028, 2, 29)));
        assert_eq!(h.prev_yearly(day(2028, 2, 28)), Some(day(2027, 12, 25)));
    }
}
