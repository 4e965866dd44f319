//! Business durations and the duration grammar of SEMANTICS.md section 1.
//!
//! A duration is either business *time* (`h`, `m`, `s`) or a number of business *days* (`d`).
//! The two never mix: `"1d 4h"` is an error, because a business day is not a fixed amount of
//! time (section 4).

use core::fmt;
use core::str::FromStr;

use crate::error::{Code, Error, Pointer};

/// An amount of business time, counted in milliseconds internally and reported in whole seconds.
///
/// It is a different type from a wall-clock span ([`chrono::TimeDelta`]) so that the two cannot be
/// mixed up. It is never negative.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BusinessDuration {
    millis: i64,
}

impl BusinessDuration {
    /// No business time.
    pub const ZERO: BusinessDuration = BusinessDuration { millis: 0 };

    /// The largest amount escalon works with: about 292 million years in milliseconds.
    pub const MAX: BusinessDuration = BusinessDuration { millis: i64::MAX };

    /// A duration of `secs` business seconds, or `None` if it does not fit.
    ///
    /// # Example
    /// ```
    /// use escalon::BusinessDuration;
    /// assert_eq!(BusinessDuration::from_secs(90).map(|d| d.as_secs()), Some(90));
    /// ```
    pub const fn from_secs(secs: u64) -> Option<BusinessDuration> {
        if secs > (i64::MAX / 1000) as u64 {
            return None;
        }
        Some(BusinessDuration { millis: secs as i64 * 1000 })
    }

    /// A duration of `millis` business milliseconds; `None` when negative.
    pub const fn from_millis(millis: i64) -> Option<BusinessDuration> {
        if millis < 0 {
            None
        } else {
            Some(BusinessDuration { millis })
        }
    }

    /// Whole business seconds, rounded down.
    pub const fn as_secs(self) -> i64 {
        self.millis / 1000
    }

    /// Business milliseconds.
    pub const fn as_millis(self) -> i64 {
        self.millis
    }

    /// The sum, or `None` on overflow.
    pub const fn checked_add(self, other: BusinessDuration) -> Option<BusinessDuration> {
        match self.millis.checked_add(other.millis) {
            Some(millis) => Some(BusinessDuration { millis }),
            None => None,
        }
    }

    /// The difference, or `None` if it would be negative.
    pub const fn checked_sub(self, other: BusinessDuration) -> Option<BusinessDuration> {
        if other.millis > self.millis {
            None
        } else {
            Some(BusinessDuration { millis: self.millis - other.millis })
        }
    }
}

impl fmt::Display for BusinessDuration {
    /// Writes the duration in the grammar, for example `8h 30m` or `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.as_secs();
        let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
        // Each non-zero unit, largest first, separated by spaces; `0s` for nothing.
        let mut sep = "";
        for (v, unit) in [(h, "h"), (m, "m"), (s, "s")] {
            if v > 0 || (unit == "s" && h == 0 && m == 0) {
                write!(f, "{sep}{v}{unit}")?;
                sep = " ";
            }
        }
        Ok(())
    }
}

/// A duration as written in a document: business time or business days.
///
/// # Example
/// ```
/// use escalon::{Amount, BusinessDuration};
/// let a: Amount = "1h 30m".parse()?;
/// assert_eq!(a, Amount::Time(BusinessDuration::from_secs(5400).unwrap()));
/// assert_eq!("P2D".parse::<Amount>()?, Amount::Days(2));
/// assert_eq!("1d 4h".parse::<Amount>().unwrap_err().code().as_str(), "duration.mixed_units");
/// # Ok::<(), escalon::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Amount {
    /// Business time: `h`, `m` and `s` (or ISO `PT…H…M…S`).
    Time(BusinessDuration),
    /// Business days: `d` (or ISO `P…D`), with the day rule of SEMANTICS.md section 4.
    Days(u32),
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Time(d) => d.fmt(f),
            Amount::Days(n) => write!(f, "{n}d"),
        }
    }
}

impl FromStr for Amount {
    type Err = Error;

    fn from_str(s: &str) -> Result<Amount, Error> {
        parse(s)
    }
}

const EXPECTED: &str = "expected a whole amount with a unit, such as \"45m\", \"1h 30m\", \"2d\" or \"PT8H\"";

fn invalid(s: &str, why: &str) -> Error {
    Error::new(Code::DurationInvalid, Pointer::root(), format!("invalid duration \"{s}\": {why}"))
}

fn mixed(s: &str) -> Error {
    Error::new(
        Code::DurationMixedUnits,
        Pointer::root(),
        format!(
            "duration \"{s}\" mixes business days with hours, minutes or seconds; \
             write days alone (\"2d\") or time alone (\"24h\")"
        ),
    )
}

/// Parses a duration in the grammar of SEMANTICS.md section 1.
fn parse(s: &str) -> Result<Amount, Error> {
    if s.is_empty() {
        return Err(invalid(s, EXPECTED));
    }
    if s.starts_with('-') {
        return Err(invalid(s, "a duration cannot be negative"));
    }
    let units = if let Some(rest) = s.strip_prefix('P') { parse_iso(s, rest)? } else { parse_short(s)? };
    let [d, h, m, sec] = units;
    if d.is_some() && (h.is_some() || m.is_some() || sec.is_some()) {
        return Err(mixed(s));
    }
    if let Some(days) = d {
        return u32::try_from(days).map(Amount::Days).map_err(|_| invalid(s, "too many business days"));
    }
    let secs = [(h, 3600u64), (m, 60), (sec, 1)]
        .iter()
        .try_fold(0u64, |acc, (n, unit)| n.unwrap_or(0).checked_mul(*unit)?.checked_add(acc));
    secs.and_then(BusinessDuration::from_secs)
        .map(Amount::Time)
        .ok_or_else(|| invalid(s, "the amount is too large"))
}

/// `[days, hours, minutes, seconds]`, each at most once.
type Units = [Option<u64>; 4];

fn parse_short(s: &str) -> Result<Units, Error> {
    let mut units: Units = [None; 4];
    let mut last_slot: Option<usize> = None;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if i > 0 && bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let digits = s.get(start..i).unwrap_or("");
        if digits.is_empty() {
            return Err(invalid(s, EXPECTED));
        }
        let n: u64 = digits.parse().map_err(|_| invalid(s, "the amount is too large"))?;
        let slot = match bytes.get(i) {
            Some(b'd') => 0,
            Some(b'h') => 1,
            Some(b'm') => 2,
            Some(b's') => 3,
            Some(_) => return Err(invalid(s, "unknown unit; expected d, h, m or s")),
            None => return Err(invalid(s, "missing unit; expected d, h, m or s")),
        };
        i += 1;
        if last_slot.is_some_and(|l| slot <= l) {
            if (slot == 0) != (last_slot == Some(0)) {
                return Err(mixed(s));
            }
            return Err(invalid(s, "units must appear once each, largest first"));
        }
        if let Some(u) = units.get_mut(slot) {
            *u = Some(n);
        }
        last_slot = Some(slot);
        if i < bytes.len() && bytes.get(i) != Some(&b' ') && !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(invalid(s, EXPECTED));
        }
    }
    Ok(units)
}

fn parse_iso(s: &str, rest: &str) -> Result<Units, Error> {
    let mut units: Units = [None; 4];
    let (date_part, time_part) = match rest.split_once('T') {
        Some((d, t)) => {
            if t.is_empty() {
                return Err(invalid(s, "an ISO 8601 duration needs an amount after T"));
            }
            (d, Some(t))
        }
        None => (rest, None),
    };
    if date_part.is_empty() && time_part.is_none() {
        return Err(invalid(s, EXPECTED));
    }
    for (part, allowed) in [(date_part, "D"), (time_part.unwrap_or(""), "HMS")] {
        let mut last: Option<usize> = None;
        let mut digits = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            if !allowed.contains(c) {
                let why = match c {
                    'Y' | 'M' | 'W' if allowed == "D" => {
                        "years, months and weeks are not business durations; use days (\"P5D\")"
                    }
                    '.' | ',' => "fractions are not allowed",
                    _ => "unknown ISO 8601 designator",
                };
                return Err(invalid(s, why));
            }
            if digits.is_empty() {
                return Err(invalid(s, EXPECTED));
            }
            let slot = match c {
                'D' => 0,
                'H' => 1,
                'M' => 2,
                _ => 3,
            };
            if last.is_some_and(|l| slot <= l) {
                return Err(invalid(s, "units must appear once each, largest first"));
            }
            let n: u64 = digits.parse().map_err(|_| invalid(s, "the amount is too large"))?;
            if let Some(u) = units.get_mut(slot) {
                *u = Some(n);
            }
            last = Some(slot);
            digits.clear();
        }
        if !digits.is_empty() {
            return Err(invalid(s, "missing unit after a number"));
        }
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &str) -> i64 {
        match s.parse::<Amount>() {
            Ok(Amount::Time(d)) => d.as_secs(),
            other => panic!("{s}: {other:?}"),
        }
    }

    fn code(s: &str) -> &'static str {
        match s.parse::<Amount>() {
            Err(e) => e.code().as_str(),
            Ok(a) => panic!("{s} parsed as {a:?}"),
        }
    }

    #[test]
    fn short_forms_parse_to_seconds() {
        assert_eq!(secs("90s"), 90);
        assert_eq!(secs("45m"), 45 * 60);
        assert_eq!(secs("8h"), 8 * 3600);
        assert_eq!(secs("1h 30m"), 5400);
        assert_eq!(secs("1h30m"), 5400);
        assert_eq!(secs("1h 2m 3s"), 3723);
        assert_eq!(secs("0s"), 0);
    }

    #[test]
    fn iso_forms_parse() {
        assert_eq!(secs("PT8H"), 8 * 3600);
        assert_eq!(secs("PT5H30M"), 5 * 3600 + 30 * 60);
        assert_eq!(secs("PT0S"), 0);
        assert_eq!("P2D".parse::<Amount>().ok(), Some(Amount::Days(2)));
        assert_eq!("2d".parse::<Amount>().ok(), Some(Amount::Days(2)));
        assert_eq!("0d".parse::<Amount>().ok(), Some(Amount::Days(0)));
    }

    #[test]
    fn bad_durations_have_stable_codes() {
        for s in [
            "",
            "8",
            "h",
            "-1h",
            "8x",
            "1.5h",
            "8H",
            " 8h",
            "8h ",
            "1h 1h",
            "30m 1h",
            "P",
            "PT",
            "P1W",
            "P1M",
            "PT0.5S",
            "P1H",
            "99999999999999999999h",
        ] {
            assert_eq!(code(s), "duration.invalid", "{s:?}");
        }
        for s in ["1d 4h", "P1DT4H", "4h 1d"] {
            assert_eq!(code(s), "duration.mixed_units", "{s:?}");
        }
    }

    #[test]
    fn display_round_trips() {
        for s in ["8h", "1h 30m", "0s", "2d", "1h 2m 3s", "30m", "45s", "2h 5s", "7m 1s", "100h"] {
            let a: Amount = s.parse().unwrap();
            assert_eq!(a.to_string(), s);
        }
    }
}
