//! Instants in and out: RFC 3339 with a required offset, millisecond precision, UTC output.

use core::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat, Timelike, Utc};
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
    if let Some(t) = parse_common(s) {
        return Ok(t);
    }
    parse_general(s)
}

/// The shape nearly every instant has, read without chrono's general parser (which costs several
/// times more, and instants are on every call's path): `YYYY-MM-DDTHH:MM:SS`, an optional
/// fraction of 1 to 9 digits, then `Z` or `±HH:MM`. chrono still checks the date, the time and
/// the range. `None` for anything else (another separator, a leap second, a lowercase `z`...),
/// which the general parser then reads or reports; the tests hold both to the same answers.
fn parse_common(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?
            .iter()
            .try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    if second > 59 {
        return None;
    }
    let mut end = 19;
    let mut nanos = 0;
    if at(19, b'.') {
        let digits = b.get(20..)?.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        end = 20 + digits;
        nanos = number(20, end)? * 10u32.pow(9 - digits as u32);
    }
    let offset_secs = match b.get(end..)? {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (number(end + 1, end + 3)?, number(end + 4, end + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let secs = i64::from(h * 3600 + m * 60);
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    let local = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_nano_opt(hour, minute, second, nanos)?;
    let ms = local.and_utc().timestamp_millis().checked_sub(offset_secs * 1000)?;
    DateTime::from_timestamp_millis(ms)
}

/// Any RFC 3339 instant chrono reads, and the errors for everything else.
fn parse_general(s: &str) -> Result<DateTime<Utc>, Error> {
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

impl Instant {
    /// Hands `f` the instant's text as [`format_instant`] writes it (see [`with_text`]).
    pub(crate) fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        with_text(self.to_datetime(), f)
    }
}

/// Hands `f` the text [`format_instant`] writes for `t`, without allocating for years 0 to 9999:
/// chrono works out the date and time, and only the digits are placed here.
pub(crate) fn with_text<R>(t: DateTime<Utc>, f: impl FnOnce(&str) -> R) -> R {
    let ms = t.timestamp_subsec_millis();
    let t = t.naive_utc();
    let Ok(y @ 0..=9999) = u32::try_from(t.year()) else {
        return f(&format_instant(t.and_utc()));
    };
    let (mo, d, h, mi, s) = (t.month(), t.day(), t.hour(), t.minute(), t.second());
    let dig = |v: u32, place: u32| b'0' + (v / place % 10) as u8;
    #[rustfmt::skip]
    let text: [u8; 24] = [
        dig(y, 1000), dig(y, 100), dig(y, 10), dig(y, 1), b'-', dig(mo, 10), dig(mo, 1), b'-',
        dig(d, 10), dig(d, 1), b'T', dig(h, 10), dig(h, 1), b':', dig(mi, 10), dig(mi, 1), b':',
        dig(s, 10), dig(s, 1), if ms == 0 { b'Z' } else { b'.' }, dig(ms, 100), dig(ms, 10), dig(ms, 1), b'Z',
    ];
    match text.get(..if ms == 0 { 20 } else { 24 }).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(text) => f(text),
        None => f(&format_instant(t.and_utc())),
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_text(|text| f.write_str(text))
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.with_text(|text| s.serialize_str(text))
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

    /// The digits placed by `Instant::write_to` against chrono's own RFC 3339 text, on instants
    /// spread over years 1 to 9999 (with and without milliseconds, before and after 1970) and
    /// on the edges of months, leap days and the year range.
    #[test]
    fn instants_are_written_as_chrono_writes_them() {
        let first = parse_instant("0001-01-01T00:00:00Z").unwrap().timestamp_millis();
        let last = parse_instant("9999-12-31T23:59:59.999Z").unwrap().timestamp_millis();
        let mut cases = vec![first, last, -1, 0, 1, 999, 1000];
        for edge in [
            "2024-02-29T23:59:59.999Z",
            "2100-03-01T00:00:00Z",
            "2000-02-29T12:00:00.5Z",
            "1969-12-31T23:59:59.001Z",
        ] {
            cases.push(parse_instant(edge).unwrap().timestamp_millis());
        }
        // A fixed linear congruential walk over the whole range: 20,000 instants.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let span = (last - first) as u64;
            let ms = first + (x % span) as i64;
            cases.push(ms);
            cases.push(ms - ms.rem_euclid(1000));
        }
        for ms in cases {
            let t = DateTime::from_timestamp_millis(ms).unwrap();
            let chrono = t.to_rfc3339_opts(
                if ms.rem_euclid(1000) == 0 { SecondsFormat::Secs } else { SecondsFormat::Millis },
                true,
            );
            assert_eq!(Instant::from_ms(ms).to_string(), chrono, "{ms}");
            assert_eq!(serde_json::to_string(&Instant::from_ms(ms)).unwrap(), format!("\"{chrono}\""));
        }
    }

    #[test]
    fn dates_must_be_strict() {
        assert!(parse_date("2026-1-5").is_err());
        assert!(parse_date("2026-01-05").is_ok());
        assert!(parse_date("2026-13-01").is_err());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod common_shape {
        //! The fast reader of the common shape against chrono's general parser: wherever the fast
        //! one answers, the general one gives the same instant; and on the shape it claims, it
        //! answers whenever the general one does.
        use super::*;
        use chrono::{FixedOffset, TimeZone};
        use proptest::prelude::*;

        /// Fields in and around their ranges, written in the common shape.
        fn shaped() -> impl Strategy<Value = (String, bool)> {
            (
                (0u32..=9999, 0u32..=14, 0u32..=33),
                (0u32..=25, 0u32..=61, 0u32..=61),
                (0usize..=11, any::<u64>()),
                (0u8..=2, 0u32..=25, 0u32..=61),
            )
                .prop_map(|((y, mo, d), (h, mi, sec), (frac_len, frac), (zone, oh, om))| {
                    let digits = format!("{frac:020}");
                    let fraction =
                        if frac_len == 0 { String::new() } else { format!(".{}", &digits[..frac_len]) };
                    let offset = match zone {
                        0 => "Z".to_owned(),
                        1 => format!("+{oh:02}:{om:02}"),
                        _ => format!("-{oh:02}:{om:02}"),
                    };
                    // The inputs of the shape the fast reader claims (leap seconds and fractions
                    // of more than 9 digits are left to the general parser).
                    let claimed = sec <= 59 && frac_len <= 9 && (zone == 0 || (oh <= 23 && om <= 59));
                    (format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}{fraction}{offset}"), claimed)
                })
        }

        /// Real instants in every offset, written as chrono writes them.
        fn real() -> impl Strategy<Value = String> {
            (-62_135_596_800_000i64..253_402_300_799_000, -86_399i32..=86_399, 0usize..=9, any::<bool>())
                .prop_map(|(ms, offset, frac_len, z)| {
                    let offset = offset - offset % 60;
                    let zone = FixedOffset::east_opt(if z { 0 } else { offset }).unwrap();
                    let t = zone.timestamp_millis_opt(ms).unwrap();
                    let base = t.format("%Y-%m-%dT%H:%M:%S").to_string();
                    let nanos = format!("{:09}", t.nanosecond());
                    let fraction =
                        if frac_len == 0 { String::new() } else { format!(".{}", &nanos[..frac_len]) };
                    let offset = if z { "Z".to_owned() } else { t.format("%:z").to_string() };
                    format!("{base}{fraction}{offset}")
                })
        }

        fn agree(s: &str) {
            if let Some(fast) = parse_common(s) {
                assert_eq!(parse_general(s).ok(), Some(fast), "{s:?}");
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(20_000))]

            #[test]
            fn shaped_fields_agree((s, claimed) in shaped()) {
                agree(&s);
                if claimed && parse_general(&s).is_ok() {
                    prop_assert!(parse_common(&s).is_some(), "the fast reader left {s:?} to the general one");
                }
            }

            #[test]
            fn real_instants_agree(s in real()) {
                prop_assert_eq!(parse_common(&s), parse_general(&s).ok(), "{:?}", s);
                prop_assert!(parse_common(&s).is_some());
            }

            #[test]
            fn one_byte_changed_agrees(s in real(), at in 0usize..40, byte in 0x20u8..0x7f) {
                let mut b = s.into_bytes();
                if let Some(slot) = b.get_mut(at) {
                    *slot = byte;
                }
                if let Ok(s) = String::from_utf8(b) {
                    agree(&s);
                }
            }
        }

        #[test]
        fn edges() {
            for s in [
                "2026-02-29T00:00:00Z",
                "2024-02-29T23:59:59.999999999+23:59",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999-00:00",
                "2026-06-30T23:59:60Z",
                "2026-01-13t09:00:00z",
                "2026-01-13 09:00:00Z",
                "2026-01-13T09:00:00.Z",
                "2026-01-13T09:00:00.0000000001Z",
                "2026-01-13T09:00:00+0100",
                "2026-01-13T09:00:00+01:00 ",
                "+2026-01-13T09:00:00Z",
                "2026-01-13T09:00Z",
            ] {
                agree(s);
            }
            assert_eq!(
                parse_common("2026-01-13T09:00:00.5+01:30").map(|t| t.timestamp_millis()),
                Some(parse_instant("2026-01-13T07:30:00.500Z").unwrap().timestamp_millis())
            );
        }
    }
}
