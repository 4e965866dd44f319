//! The open pieces of one local date, exactly: weekly hours or an override, converted to instants
//! by the `compatible` rule, with holidays and breaks (SEMANTICS.md section 2).
//!
//! A date *owns* the intervals that start on it, including the tail of an overnight shift on the
//! next date; open time is the union of all of them. A date's *pieces* are the open time within
//! the date's own instants, from its midnight to the next, minus its breaks, and none on a
//! holiday. So the pieces of successive dates are disjoint and in time order, which is what the
//! walks in `arith` rely on, even where a DST gap pushes a date's hours onto the next one.

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

    fn last_mut(&mut self) -> Option<&mut Piece> {
        if self.spill.is_empty() {
            let last = self.len.checked_sub(1)?;
            self.inline.get_mut(last)
        } else {
            self.spill.last_mut()
        }
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

    /// The intervals that start on `day` as instants, by the `compatible` rule: their union,
    /// in order (a gap can move one interval past the next, or make two overlap).
    pub(crate) fn raw_pieces(&self, day: i64, out: &mut Vec<Piece>) -> Result<(), Error> {
        out.clear();
        let ivs = self.intervals_of(day);
        let (Some(first), Some(span_end)) = (ivs.first(), ivs.iter().map(|iv| iv.end_ms).max()) else {
            return Ok(());
        };
        let base = day * DAY_MS;
        let (lo, hi) = (base + first.start_ms, base + span_end);
        // One constant offset is exact unless a transition touches the span of the intervals.
        let exact = self.zone.touches_wall(lo, hi);
        let offset = self.zone.offset_of_plain_wall(lo);
        for iv in ivs {
            let (s, e) = if exact {
                (self.zone.wall_to_utc(base + iv.start_ms)?, self.zone.wall_to_utc(base + iv.end_ms)?)
            } else {
                (base + iv.start_ms - offset, base + iv.end_ms - offset)
            };
            // An interval whose converted start is not before its end is dropped (section 2).
            if s < e {
                out.push(Piece { start: s, end: e });
            }
        }
        if exact {
            out.sort_unstable_by_key(|p| p.start);
        }
        Ok(())
    }

    /// The instants of local date `day`: `[its midnight, the next midnight)`, converted.
    pub(crate) fn window(&self, day: i64) -> Result<(i64, i64), Error> {
        Ok((self.zone.wall_to_utc(day * DAY_MS)?, self.zone.wall_to_utc((day + 1) * DAY_MS)?))
    }

    /// The open pieces of local date `day`: the open time that falls on it, in order.
    ///
    /// Open time is the union of every date's intervals (each date owns the intervals that
    /// start on it, overnight tails included). A date's pieces are that union within the date's
    /// own instants, `[midnight, next midnight)`: so a holiday, which closes the whole date,
    /// empties them, a break removes its span from them, and the pieces of successive dates are
    /// disjoint and in time order even when a DST gap pushes a date's hours onto the next.
    pub(crate) fn day_pieces(&self, day: i64, out: &mut Pieces) -> Result<(), Error> {
        if self.cached_len(day).is_none() && !self.is_yearly_affected(day) {
            // A regular date: its weekday's share of the weekly hours at one constant offset.
            out.clear();
            let ivs = self.day_week.get(weekday(day)).map_or(&[][..], |v| v.as_slice());
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
        out.clear();
        if self.holidays.contains(day) {
            return Ok(());
        }
        let (lo, hi) = self.window(day)?;
        // The intervals of this date and the previous one (an overnight tail), and of the one
        // before when a gap of a whole day (Samoa, 2011-12-30) pushes its hours this far.
        let back = if self.zone.touches_wall((day - 2) * DAY_MS, (day + 1) * DAY_MS) { 2 } else { 1 };
        let mut all: Vec<Piece> = Vec::new();
        let mut raw = Vec::new();
        for d in (day - back)..=day {
            self.raw_pieces(d, &mut raw)?;
            all.extend(
                raw.iter()
                    .map(|p| Piece { start: p.start.max(lo), end: p.end.min(hi) })
                    .filter(|p| p.start < p.end),
            );
        }
        all.sort_unstable_by_key(|p| p.start);
        for p in all {
            match out.last_mut() {
                Some(last) if p.start <= last.end => last.end = last.end.max(p.end),
                _ => out.push(p),
            }
        }
        if let Some(breaks) = self.breaks.get(&day) {
            let base = day * DAY_MS;
            for b in breaks {
                out.remove(
                    self.zone.wall_to_utc(base + b.start_ms)?,
                    self.zone.wall_to_utc(base + b.end_ms)?,
                );
            }
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

    /// Whether a yearly holiday falls on `day`.
    fn is_yearly_affected(&self, day: i64) -> bool {
        self.holidays.has_yearly() && self.holidays.is_yearly(day)
    }

    /// The first date on or after `day` whose length is not its weekday's weekly length.
    pub(crate) fn next_irregular(&self, day: i64) -> Option<i64> {
        let idx = self.irregular.partition_point(|e| e.to < day);
        let cached = self.irregular.get(idx).map(|e| e.from.max(day));
        let yearly = if self.holidays.has_yearly() { self.holidays.next_yearly(day) } else { None };
        match (cached, yearly) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The last date on or before `day` whose length is not its weekday's weekly length.
    pub(crate) fn prev_irregular(&self, day: i64) -> Option<i64> {
        let idx = self.irregular.partition_point(|e| e.from <= day);
        let cached = idx.checked_sub(1).and_then(|i| self.irregular.get(i)).map(|e| e.to.min(day));
        let yearly = if self.holidays.has_yearly() { self.holidays.prev_yearly(day) } else { None };
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
