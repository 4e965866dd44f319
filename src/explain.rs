//! Traces: typed steps with stable codes, each rendered to one plain-English sentence.
//!
//! Types only, no decisions. The wording lives here, in Rust, so that every host shows the same
//! explanation and JavaScript never words one itself.

use std::borrow::Cow;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::calendar::Instant;

/// A name from the policy (a priority, an SLA policy, a calendar, a matrix label), shared with
/// the compiled policy: traces name things without copying them.
pub type Name = std::sync::Arc<str>;

/// One step of a trace. Serialized with a stable kebab-case `code`, its fields, and `text`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum Step {
    /// The ticket's `priority` field, the agent's choice, was used.
    PriorityFromField {
        /// The priority.
        value: Name,
    },
    /// The impact x urgency matrix gave the priority.
    PriorityFromMatrix {
        /// The impact label.
        impact: Name,
        /// The urgency label.
        urgency: Name,
        /// The priority in that cell.
        value: Name,
    },
    /// Neither the ticket nor the matrix gave a priority, so the policy's default applied.
    PriorityDefault {
        /// The default.
        value: Name,
    },
    /// A priority rule matched and changed (or kept) the priority.
    RuleApplied {
        /// The rule's index in `priority.rules`.
        rule: usize,
        /// `set`, `raise` or `lower`.
        action: Cow<'static, str>,
        /// The priority before.
        from: Name,
        /// The priority after.
        to: Name,
    },
    /// Events after `now` were not looked at.
    EventsIgnored {
        /// How many.
        count: usize,
        /// The evaluation instant.
        after: Instant,
    },
    /// The priority changed during the ticket's history.
    PriorityChanged {
        /// When.
        at: Instant,
        /// Before.
        from: Name,
        /// After.
        to: Name,
    },
    /// A different SLA policy (or none) applied from this instant.
    SlaChanged {
        /// When.
        at: Instant,
        /// The policy before, if any.
        from: Option<Name>,
        /// The policy after, if any.
        to: Option<Name>,
    },
    /// A clock cycle started.
    CycleStarted {
        /// When.
        at: Instant,
        /// Why, such as `created` or `customer reply`.
        cause: Cow<'static, str>,
    },
    /// Business time counted between two instants.
    Counted {
        /// Start of the span.
        from: Instant,
        /// End of the span.
        to: Instant,
        /// Business seconds counted.
        seconds: i64,
        /// The calendar it was counted in.
        calendar: Name,
    },
    /// The clock stopped counting for a while.
    Paused {
        /// When.
        at: Instant,
        /// Why, such as `status pending`.
        reason: String,
    },
    /// The target in force changed.
    TargetSet {
        /// When.
        at: Instant,
        /// Business seconds, or `None` when the priority has no target for this metric.
        target: Option<i64>,
        /// The priority it comes from.
        priority: Name,
        /// The SLA policy it comes from.
        sla: Name,
    },
    /// The cycle stopped.
    Stopped {
        /// When.
        at: Instant,
        /// Why, such as `public agent reply`.
        cause: Cow<'static, str>,
    },
    /// A stopped cycle resumed (a reopened ticket's resolution clock).
    Resumed {
        /// When.
        at: Instant,
    },
    /// The cycle ended and a new one started because the priority changed.
    Restarted {
        /// When.
        at: Instant,
    },
    /// The target ran out while the clock was counting.
    Breached {
        /// The due time that was in force.
        at: Instant,
    },
    /// The ticket moved to another escalation level.
    Escalated {
        /// When.
        at: Instant,
        /// The level before.
        from: usize,
        /// The level after.
        to: usize,
        /// The new level's name.
        level: String,
        /// Why, such as `75% of resolution target (4h business) elapsed`.
        reason: String,
    },
    /// The last level was notified again.
    Repeated {
        /// When.
        at: Instant,
        /// The level.
        level: String,
        /// Which repeat, from 1.
        count: u32,
    },
}

/// Business seconds in the duration grammar, such as `4h 30m`.
fn hms(seconds: i64) -> crate::calendar::BusinessDuration {
    crate::calendar::BusinessDuration::from_secs(u64::try_from(seconds).unwrap_or(0)).unwrap_or_default()
}

impl Step {
    /// The step as one sentence.
    pub fn render(&self) -> String {
        self.to_string()
    }
}

/// The step's sentence, written straight into the output.
impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::PriorityFromField { value } => {
                write!(f, "priority {value} was set on the ticket by an agent")
            }
            Step::PriorityFromMatrix { impact, urgency, value } => {
                write!(f, "impact {impact} and urgency {urgency} give priority {value} in the matrix")
            }
            Step::PriorityDefault { value } => {
                write!(
                    f,
                    "no priority on the ticket and no matrix cell for it, so the default {value} applies"
                )
            }
            Step::RuleApplied { rule, action, from, to } if from == to => {
                write!(f, "rule {rule} ({action}) matched and kept priority {from}")
            }
            Step::RuleApplied { rule, action, from, to } => {
                write!(f, "rule {rule} ({action}) matched: {from} -> {to}")
            }
            Step::EventsIgnored { count, after } => write!(f, "{count} event(s) after {after} were ignored"),
            Step::PriorityChanged { at, from, to } => {
                write!(f, "priority changed from {from} to {to} at {at}")
            }
            Step::SlaChanged { at, from, to } => match (from, to) {
                (None, Some(t)) => write!(f, "SLA policy {t} applies from {at}"),
                (Some(from), Some(t)) => write!(f, "SLA policy changed from {from} to {t} at {at}"),
                (Some(from), None) => {
                    write!(f, "SLA policy {from} stopped applying at {at}; no policy matches")
                }
                (None, None) => write!(f, "no SLA policy matches at {at}"),
            },
            Step::CycleStarted { at, cause } => write!(f, "clock started at {at} ({cause})"),
            Step::Counted { from, to, seconds, calendar } => {
                write!(
                    f,
                    "counted {} of business time from {from} to {to} in calendar {calendar}",
                    hms(*seconds)
                )
            }
            Step::Paused { at, reason } => write!(f, "stopped counting at {at} ({reason})"),
            Step::TargetSet { at, target: Some(t), priority, sla } => {
                write!(f, "target {} from SLA policy {sla} for priority {priority}, from {at}", hms(*t))
            }
            Step::TargetSet { at, target: None, priority, sla } => {
                write!(f, "SLA policy {sla} has no target for priority {priority}, from {at}")
            }
            Step::Stopped { at, cause } => write!(f, "clock stopped at {at} ({cause})"),
            Step::Resumed { at } => write!(f, "clock resumed at {at} (ticket reopened)"),
            Step::Restarted { at } => {
                write!(f, "priority changed at {at}: a new cycle starts (onPriorityChange restart)")
            }
            Step::Breached { at } => {
                write!(f, "target ran out at {at} while the clock was counting: breached")
            }
            Step::Escalated { at, from, to, level, reason } if to > from => {
                write!(f, "escalated from level {from} to level {to} ({level}) at {at}: {reason}")
            }
            Step::Escalated { at, from, to, level, reason } => {
                write!(f, "returned from level {from} to level {to} ({level}) at {at}: {reason}")
            }
            Step::Repeated { at, level, count } => {
                write!(f, "level {level} notified again at {at} (repeat {count})")
            }
        }
    }
}

/// A step as it appears in results: its fields and its sentence, `text`, which is rendered when
/// the step is serialized.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceStep {
    /// The typed step.
    pub step: Step,
}

impl TraceStep {
    /// The step as a sentence.
    pub fn text(&self) -> String {
        self.step.render()
    }
}

impl From<Step> for TraceStep {
    fn from(step: Step) -> TraceStep {
        TraceStep { step }
    }
}

impl Serialize for TraceStep {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The sentence, written by `Display` into the output without an intermediate string.
        struct Text<'a>(&'a Step);
        impl Serialize for Text<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self.0)
            }
        }
        #[derive(Serialize)]
        struct WithText<'a> {
            #[serde(flatten)]
            step: &'a Step,
            text: Text<'a>,
        }
        WithText { step: &self.step, text: Text(&self.step) }.serialize(s)
    }
}
