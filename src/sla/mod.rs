//! SLA clocks: the metric rules (`metric`) and the clock that counts business time over a
//! ticket's history (`clock`).

pub(crate) mod clock;
pub(crate) mod metric;

pub use clock::{ClockState, CycleReport, MetricReport, WarningReport};
