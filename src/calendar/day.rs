//! The open pieces of one local date, exactly: weekly hours or an override, converted to instants
//! by the `compatible` rule, minus holidays and breaks (SEMANTICS.md section 2).
//!
//! A date *owns* the intervals that start on it, including the tail of an overnight shift on the
//! next date. Its *pieces* are those intervals as instants, minus the holidays and breaks of the
//! two dates they touch, minus any overlap with the previous date's pieces (only an override can
//! overlap, since weekly hours are validated not to), so that the pieces of all dates are
//! disjoint and in order.

use super::calendar::Inner;
use super::week::{weekday, WallInterval, DAY_MS};
use crate::error::Error;

/// An open span `[start, end)` of instants, in milliseconds since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) start: i64,
    pub(crate) end: i64,
}

impl Piece {
    pub(crate) fn len(&self) -> i64 {
        self.end - self.start
    }
}

/// The pieces of one date: a few inline, more on the heap (a date can have many intervals).
#[derive(Clone, Debug)]
pub(crate) struct Pieces {
    inline: [Piece; 6],
    len: usize,
    spill: Vec<Piece>,
}

impl Default for Pieces {
    fn default() -> Pieces {
        Pieces { inline: [Piece { start: 0, end: 0 }; 6], len: 0, spill: Vec::new() }
    }
}

impl core::ops::Deref for Pieces {
    type Target = [Piece];

    fn deref(&self) -> &[Piece] {
        if self.spill.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.spill
        }
    }
}

impl<'a> IntoIterator for &'a Pieces {
    type Item = &'a Piece;
    type IntoIter = core::slice::Iter<'a, Piece>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Pieces {
    pub(crate) fn new() -> Pieces {
        Pieces::default()
    }

    pub(crate) fn clear(&mut self) {
        self.len = 0;
        self.spill.clear();
    }

    pub(crate) fn push(&mut self, p: Piece) {
        if !self.spill.is_empty() {
            self.spill.push(p);
        } else if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = p;
            self.len += 1;
        } else {
            self.spill.extend_from_slice(&self.inline);
            self.spill.push(p);
        }
    }

    /// Keeps the pieces `f` maps to `Some`, in order.
    fn rebuild(&mut self, mut f: impl FnMut(Piece, &mut Vec<Piece>)) {
        let old: Vec<Piece> = self.to_vec();
        self.clear();
        let mut next = Vec::with_capacity(old.len() + 1);
        for p in old {
            f(p, &mut next);
        }
        for p in next {
            self.push(p);
        }
    }

    /// Removes `[lo, hi)` from every piece, splitting where needed. Order is kept.
    fn remove(&mut self, lo: i64, hi: i64) {
        if lo >= hi || !self.iter().any(|p| p.start < hi && lo < p.end) {
            return;
        }
        self.rebuild(|p, out| {
            if p.end <= lo || hi <= p.start {
                out.push(p);
                return;
            }
            if p.start < lo {
                out.push(Piece { start: p.start, end: lo });
            }
            if hi < p.end {
                out.push(Piece { start: hi, end: p.end });
            }
        });
    }

    /// Moves every start to at least `reach`, dropping pieces that become empty.
    fn clip_start(&mut self, reach: i64) {
        self.rebuild(|mut p, out| {
            p.start = p.start.max(reach);
            if p.start < p.end {
                out.push(p);
            }
        });
    }
}

impl Inner {
    /// The intervals that start on `day`: its override, or its weekday's hours.
    pub(crate) fn intervals_of(&self, day: i64) -> &[WallInterval] {
        match self.overrides.get(&day) {
            Some(ivs) => ivs,
            None => self.week.get(weekday(day)).map_or(&[], |v| v.as_slice()),
        }
    }

    /// The pieces of `day` before clipping against the previous date.
    pub(crate) fn raw_pieces(&self, day: i64, out: &mut Pieces) -> Result<(), Error> {
        out.clear();
        let ivs = self.intervals_of(day);
        let (Some(first), Some(span_end)) = (ivs.first(), ivs.iter().map(|iv| iv.end_ms).max()) else {
            return Ok(());
        };
        let base = day * DAY_MS;
        let (mut lo, mut hi) = (base + first.start_ms, base + span_end);
        // Breaks and holidays are converted too: a break that starts in a DST gap moves with
        // the gap, so its bounds count toward the span that must be converted exactly.
        for (k, d) in [(0, day), (1, day + 1)] {
            if let Some(breaks) = self.breaks.get(&d) {
                for b in breaks {
                    lo = lo.min(base + k * DAY_MS + b.start_ms);
                    hi = hi.max(base + k * DAY_MS + b.end_ms);
                }
            }
            if self.holidays.contains(d) {
                lo = lo.min(base + k * DAY_MS);
                hi = hi.max(base + (k + 1) * DAY_MS);
            }
        }
        // One constant offset is exact unless a transition touches that span.
        let exact = self.zone.touches_wall(lo, hi);
        let offset = self.zone.offset_of_plain_wall(lo);
        let conv = |wall: i64| -> Result<i64, Error> {
            if exact {
                self.zone.wall_to_utc(wall)
            } else {
                Ok(wall - offset)
            }
        };
        let mut reach = i64::MIN;
        for iv in ivs {
            let (s, e) = (conv(base + iv.start_ms)?, conv(base + iv.end_ms)?);
            // An interval whose converted start is not before its end is dropped (section 2).
            // Converted intervals can overlap when a gap moves an end forward past the next
            // start; they are a union, so each starts where the previous ones end.
            let s = s.max(reach);
            if s < e {
                out.push(Piece { start: s, end: e });
                reach = e;
            }
        }
        for (k, d) in [day, day + 1].into_iter().enumerate() {
            let k = k as i64;
            if self.holidays.contains(d) {
                out.remove(conv(base + k * DAY_MS)?, conv(base + (k + 1) * DAY_MS)?);
            }
            if let Some(breaks) = self.breaks.get(&d) {
                for b in breaks {
                    let from = base + k * DAY_MS;
                    out.remove(conv(from + b.start_ms)?, conv(from + b.end_ms)?);
                }
            }
        }
        Ok(())
    }

    /// The pieces of `day`: its raw pieces minus any overlap with the previous date's.
    pub(crate) fn day_pieces(&self, day: i64, out: &mut Pieces) -> Result<(), Error> {
        if self.cached_len(day).is_none() && !self.is_yearly_affected(day) {
            // A regular date: its weekday's hours at one constant offset, nothing removed.
            out.clear();
            let ivs = self.week.get(weekday(day)).map_or(&[][..], |v| v.as_slice());
            if let Some(first) = ivs.first() {
                let base = day * DAY_MS;
                let offset = self.zone.offset_of_plain_wall(base + first.start_ms);
                for iv in ivs {
                    out.push(Piece { start: base + iv.start_ms - offset, end: base + iv.end_ms - offset });
                }
            }
            return Ok(());
        }
        self.exact_pieces(day, out)
    }

    /// The pieces of `day` computed from everything the calendar has, without the index.
    pub(crate) fn exact_pieces(&self, day: i64, out: &mut Pieces) -> Result<(), Error> {
        self.raw_pieces(day, out)?;
        // Weekly hours never overlap the previous date's, but an override can, and so can the
        // previous date's hours when a DST gap pushes them forward (Samoa skipped a whole date).
        if out.is_empty() {
            return Ok(());
        }
        let mut prev = Pieces::new();
        self.raw_pieces(day - 1, &mut prev)?;
        let mut reach = prev.iter().map(|p| p.end).max();
        // A gap of a whole day can push the hours of two dates back onto this one.
        if self.zone.touches_wall((day - 2) * DAY_MS, day * DAY_MS) {
            self.raw_pieces(day - 2, &mut prev)?;
            reach = reach.max(prev.iter().map(|p| p.end).max());
        }
        if let Some(reach) = reach {
            out.clip_start(reach);
        }
        Ok(())
    }

    /// The business time of `day`'s pieces.
    pub(crate) fn day_len(&self, day: i64) -> Result<i64, Error> {
        if let Some(len) = self.cached_len(day) {
            return Ok(len);
        }
        if self.is_yearly_affected(day) {
            let mut out = Pieces::new();
            self.day_pieces(day, &mut out)?;
            return Ok(out.iter().map(Piece::len).sum());
        }
        Ok(self.week_len.get(weekday(day)).copied().unwrap_or(0))
    }

    fn cached_len(&self, day: i64) -> Option<i64> {
        let idx = self.irregular.partition_point(|e| e.to < day);
        self.irregular.get(idx).filter(|e| e.from <= day).map(|e| e.len_ms)
    }

    /// Whether a yearly holiday falls on `day` or on the next date (which cuts `day`'s tail).
    fn is_yearly_affected(&self, day: i64) -> bool {
        self.holidays.has_yearly() && (self.holidays.is_yearly(day) || self.holidays.is_yearly(day + 1))
    }

    /// The first date on or after `day` whose length is not its weekday's weekly length.
    pub(crate) fn next_irregular(&self, day: i64) -> Option<i64> {
        let idx = self.irregular.partition_point(|e| e.to < day);
        let cached = self.irregular.get(idx).map(|e| e.from.max(day));
        let yearly = if self.holidays.has_yearly() {
            // The date before a yearly holiday is affected too (its tail is cut).
            if self.holidays.is_yearly(day) {
                Some(day)
            } else {
                self.holidays.next_yearly(day + 1).map(|h| h - 1)
            }
        } else {
            None
        };
        match (cached, yearly) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The last date on or before `day` whose length is not its weekday's weekly length.
    pub(crate) fn prev_irregular(&self, day: i64) -> Option<i64> {
        let idx = self.irregular.partition_point(|e| e.from <= day);
        let cached = idx.checked_sub(1).and_then(|i| self.irregular.get(i)).map(|e| e.to.min(day));
        let yearly = if self.holidays.has_yearly() {
            if self.holidays.is_yearly(day + 1) {
                Some(day)
            } else {
                self.holidays.prev_yearly(day)
            }
        } else {
            None
        };
        match (cached, yearly) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// The local date of an instant.
    pub(crate) fn local_day(&self, utc_ms: i64) -> i64 {
        (utc_ms + self.zone.offset_at(utc_ms)).div_euclid(DAY_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_splits_and_trims() {
        let mut v = Pieces::new();
        v.push(Piece { start: 0, end: 10 });
        v.push(Piece { start: 20, end: 30 });
        v.remove(5, 25);
        assert_eq!(&v[..], &[Piece { start: 0, end: 5 }, Piece { start: 25, end: 30 }]);
        v.remove(1, 2);
        assert_eq!(
            &v[..],
            &[Piece { start: 0, end: 1 }, Piece { start: 2, end: 5 }, Piece { start: 25, end: 30 }]
        );
    }

    #[test]
    fn pieces_spill_past_the_inline_capacity() {
        let mut v = Pieces::new();
        for i in 0..10 {
            v.push(Piece { start: i * 10, end: i * 10 + 5 });
        }
        assert_eq!(v.len(), 10);
        assert_eq!(v[9], Piece { start: 90, end: 95 });
        v.remove(0, 92);
        assert_eq!(&v[..], &[Piece { start: 92, end: 95 }]);
    }
}
