//! Instants in and out: RFC 3339 with a required offset, millisecond precision, UTC output.

use core::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

use crate::error::{Code, Error, Pointer};

/// Parses an RFC 3339 instant. It must carry `Z` or an offset (SEMANTICS.md section 1); precision
/// beyond the millisecond is dropped, because escalon keeps instants to the millisecond.
///
/// # Errors
/// `instant.missing_offset` for a naive local time, `instant.invalid` for anything else that is
/// not RFC 3339.
///
/// # Example
/// ```
/// let t = escalon::parse_instant("2026-01-13T16:00:00+01:00")?;
/// assert_eq!(escalon::format_instant(t), "2026-01-13T15:00:00Z");
/// let err = escalon::parse_instant("2026-01-13T16:00:00").unwrap_err();
/// assert_eq!(err.code().as_str(), "instant.missing_offset");
/// # Ok::<(), escalon::Error>(())
/// ```
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, Error> {
    match DateTime::parse_from_rfc3339(s) {
        Ok(t) => {
            let ms = t.timestamp_millis();
            DateTime::from_timestamp_millis(ms).ok_or_else(|| invalid_instant(s))
        }
        Err(_) => {
            let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f"));
            if naive.is_ok() {
                Err(Error::new(
                    Code::InstantMissingOffset,
                    Pointer::root(),
                    format!("instant \"{s}\" has no offset; add \"Z\" or an offset such as \"+01:00\""),
                ))
            } else {
                Err(invalid_instant(s))
            }
        }
    }
}

fn invalid_instant(s: &str) -> Error {
    Error::new(
        Code::InstantInvalid,
        Pointer::root(),
        format!("invalid instant \"{s}\": expected RFC 3339 such as \"2026-01-13T09:00:00Z\""),
    )
}

/// Formats an instant as RFC 3339 in UTC: whole seconds have no fraction, others three digits.
///
/// # Example
/// ```
/// let t = escalon::parse_instant("2026-01-13T09:00:00.250Z")?;
/// assert_eq!(escalon::format_instant(t), "2026-01-13T09:00:00.250Z");
/// # Ok::<(), escalon::Error>(())
/// ```
pub fn format_instant(t: DateTime<Utc>) -> String {
    let format = if t.timestamp_subsec_millis() == 0 { SecondsFormat::Secs } else { SecondsFormat::Millis };
    t.to_rfc3339_opts(format, true)
}

/// An instant in a result. It is kept as a `DateTime<Utc>` and written as RFC 3339 in UTC by
/// [`format_instant`] only when it is displayed or serialized, so that evaluating costs no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(i64);

impl Instant {
    /// The instant `ms` milliseconds after the epoch.
    pub const fn from_ms(ms: i64) -> Instant {
        Instant(ms)
    }

    /// Milliseconds since the epoch.
    pub const fn as_ms(&self) -> i64 {
        self.0
    }

    /// The instant as a chrono value (the epoch if out of chrono's range, which escalon's own
    /// instants never are).
    pub fn to_datetime(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0).unwrap_or_default()
    }
}

impl From<DateTime<Utc>> for Instant {
    fn from(t: DateTime<Utc>) -> Instant {
        Instant(t.timestamp_millis())
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_instant(self.to_datetime()))
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Parses a local date `YYYY-MM-DD`.
///
/// # Errors
/// `date.invalid` when the text is not a date that exists.
///
/// # Example
/// ```
/// assert!(escalon::parse_date("2026-02-29").is_err());
/// assert!(escalon::parse_date("2028-02-29").is_ok());
/// ```
pub fn parse_date(s: &str) -> Result<NaiveDate, Error> {
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let parsed = if well_formed { NaiveDate::parse_from_str(s, "%Y-%m-%d").ok() } else { None };
    parsed.ok_or_else(|| {
        Error::new(
            Code::DateInvalid,
            Pointer::root(),
            format!("invalid date \"{s}\": expected an existing date written YYYY-MM-DD"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_convert_to_utc_and_precision_is_millis() {
        let t = parse_instant("2026-03-08T01:59:59.123456-05:00").unwrap();
        assert_eq!(format_instant(t), "2026-03-08T06:59:59.123Z");
    }

    #[test]
    fn naive_and_garbage_have_distinct_codes() {
        assert_eq!(parse_instant("2026-01-13T10:00:00").unwrap_err().code(), Code::InstantMissingOffset);
        assert_eq!(parse_instant("yesterday").unwrap_err().code(), Code::InstantInvalid);
        assert_eq!(parse_instant("").unwrap_err().code(), Code::InstantInvalid);
    }

    #[test]
    fn extreme_years_parse() {
        assert_eq!(format_instant(parse_instant("0001-01-01T00:00:00Z").unwrap()), "0001-01-01T00:00:00Z");
        assert_eq!(format_instant(parse_instant("9999-12-31T23:59:59Z").unwrap()), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn dates_must_be_strict() {
        assert!(parse_date("2026-1-5").is_err());
        assert!(parse_date("2026-01-05").is_ok());
        assert!(parse_date("2026-13-01").is_err());
    }
}
