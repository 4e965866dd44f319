//! # escalon
//!
//! An escalation and SLA engine: priority, SLA clocks in business time, and escalation levels,
//! each with a trace that explains it. The core is pure Rust and deterministic: it never reads
//! the clock, the environment or the system time zone; `now` is always passed in.
//!
//! ## Quick start
//! ```
//! use escalon::{Calendar, format_instant, parse_instant};
//! let cal = Calendar::from_json(r#"{
//!     "timeZone": "America/New_York",
//!     "hours": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]],
//!               "wed": [["09:00", "17:00"]], "thu": [["09:00", "17:00"]],
//!               "fri": [["09:00", "17:00"]]},
//!     "holidays": ["2026-01-19", "--12-25"]
//! }"#)?;
//! // 4 business hours from Friday 15:00, across the weekend and Martin Luther King Day.
//! let due = cal.add(parse_instant("2026-01-16T15:00:00-05:00")?, "4h".parse()?)?;
//! assert_eq!(format_instant(due), "2026-01-20T16:00:00Z"); // Tuesday 11:00 EST
//! # Ok::<(), escalon::Error>(())
//! ```
//!
//! ## Modules
//! - [`calendar`]: all business-time math (calendars, instants, durations).
//! - [`error`]: the one [`Error`] type, stable [`Code`]s and JSON Pointer paths.
//! - [`request`]: the JSON request/response protocol of the conformance runner.
//!
//! ## Glossary
//! One word per concept: *calendar* (never "schedule"), *holiday*, *break*, *override*,
//! *period* (an open span), *business time*, *amount* (a duration as written: time or days),
//! *horizon* (the 10 years any search looks ahead or back).
//!
//! ## Semantics
//! The rules are those of `SEMANTICS.md`, summarised in the README: results of `add` are always
//! open instants (an amount that runs out at closing time gives the next opening); `d` means
//! business days at the same wall time; wall times in a DST gap move forward by the gap
//! (`compatible`); ambiguous wall times take their earlier occurrence; holidays beat breaks,
//! which beat overrides, which beat weekly hours.
//!
//! Arithmetic on instants is done on milliseconds since the epoch. Instants come from chrono,
//! whose range is about ±262,000 years, so every intermediate value (instants, the 10-year
//! horizon, day numbers times 86,400,000) stays far inside `i64`; amounts from documents are
//! compared, never added to instants beyond what the horizon allows.

#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

pub mod calendar;
mod document;
pub mod error;
pub mod escalation;
mod evaluate;
pub mod explain;
pub mod policy;
pub mod priority;
pub mod request;
pub mod sla;
pub mod summary;
pub mod ticket;
pub mod timeline;

pub use calendar::{format_instant, parse_date, parse_instant, Amount, BusinessDuration, Calendar, Period};
pub use error::{Code, Diagnostic, Error, Pointer, Severity};
pub use evaluate::{EvaluateOptions, Evaluation, SlaReport};
pub use policy::Policy;
pub use ticket::{Event, EventData, Ticket};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
