//! All business-time math: calendars, instants, durations and the operations on them.
//!
//! This module knows nothing about tickets or policies. Its layers, bottom up:
//! `week` (local dates and wall intervals), `zone` (offset transitions and the `compatible`
//! rule), `holidays`, `document` (reading and validating a calendar document), `day` (the exact
//! open pieces of one date), `calendar` (the validated [`Calendar`] and its index) and `arith`
//! (walks for `add`, `subtract`, `elapsed` and the rest).

mod arith;
#[allow(clippy::module_inception)]
mod calendar;
mod day;
mod document;
mod duration;
mod holidays;
mod instant;
mod recurrence;
mod week;
mod zone;

#[cfg(target_arch = "wasm32")]
pub(crate) use calendar::ms_in_range;
pub use calendar::{Calendar, Period};
pub use duration::{Amount, BusinessDuration};
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))] // for the wasm surface
pub(crate) use instant::with_text as with_instant_text;
pub use instant::{format_instant, parse_date, parse_instant, Instant};
pub use recurrence::Recurrence;
pub(crate) use week::parse_time_of_day;
