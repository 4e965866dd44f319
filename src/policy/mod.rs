//! The policy document: calendars, priorities, the impact x urgency matrix, priority rules,
//! metrics and SLA policies. `read` validates a document into the immutable `model`; `lint`
//! warns about policies that are valid but probably not what their author meant.

pub mod condition;
mod lint;
mod model;
pub(crate) mod read;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;

pub use condition::Condition;
pub(crate) use model::Names;
pub use model::{
    Author, EventKind, EventPattern, Matrix, Metric, MetricKind, OnPriorityChange, PolicyModel, Rule,
    RuleAction, Sla, Status, Warning,
};
pub use read::BUILT_IN_METRICS;

use crate::document::{parse_json, Diagnostics};
use crate::error::{Diagnostic, Error};
use crate::evaluate::Evaluation;
use crate::summary::Summary;
use crate::ticket::Ticket;
use crate::timeline::Timeline;

/// A validated, compiled policy: compile once, evaluate many tickets.
///
/// # Example
/// ```
/// use escalon::{parse_instant, Policy, Ticket};
/// let policy = Policy::from_json(r#"{
///   "version": 1,
///   "priorities": ["P1", "P2"],
///   "priority": {"default": "P2", "rules": [{"when": {"field": "channel", "is": "phone"}, "set": "P1"}]},
///   "slas": [{"name": "Standard", "calendar": "24x7",
///             "targets": {"P1": {"first-response": "1h"}, "P2": {"first-response": "8h"}}}]
/// }"#)?;
/// let ticket = Ticket::from_json(r#"{"id": "T-1", "createdAt": "2026-06-15T09:00:00Z",
///                                   "status": "open", "fields": {"channel": "phone"}}"#)?;
/// let e = policy.evaluate(&ticket, parse_instant("2026-06-15T09:30:00Z")?)?;
/// assert_eq!(e.priority.value, "P1");
/// let frt = &e.metrics["first-response"];
/// assert_eq!((frt.elapsed, frt.remaining), (1800, Some(1800)));
/// assert_eq!(frt.due_at.map(|t| t.to_string()).as_deref(), Some("2026-06-15T10:00:00Z"));
/// # Ok::<(), escalon::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Policy {
    model: Arc<PolicyModel>,
}

impl Policy {
    /// Parses and validates a policy document (JSON text).
    ///
    /// # Errors
    /// `document.syntax` for malformed JSON; otherwise every validation problem at once.
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        Policy::from_value(&parse_json(text)?)
    }

    /// Validates a policy document already parsed as JSON.
    ///
    /// # Errors
    /// Every validation problem at once, in [`Error::diagnostics`].
    pub fn from_value(doc: &Value) -> Result<Policy, Error> {
        let mut d = Diagnostics::new();
        let model = read::read(doc, &mut d);
        d.finish(model).map(|m| Policy { model: Arc::new(m) })
    }

    /// The validated definitions.
    pub fn model(&self) -> &PolicyModel {
        &self.model
    }

    /// Warnings about a valid policy: unreachable SLA policies and priorities, targets shorter
    /// than their calendar's smallest open period, overlapping `when`s whose order matters.
    pub fn lint(&self) -> Vec<Diagnostic> {
        lint::lint(&self.model)
    }

    /// The ticket's priority and SLA clocks at `now`, with traces. Events after `now` are
    /// ignored (and the trace says so).
    ///
    /// # Errors
    /// A ticket whose `priority` field is not one of the policy's priorities; otherwise only
    /// `internal` errors, which would be bugs.
    pub fn evaluate(&self, ticket: &Ticket, now: DateTime<Utc>) -> Result<Evaluation, Error> {
        crate::evaluate::evaluate(&self.model, ticket, now)
    }

    /// Evaluates a batch given as a JSON array of ticket documents and answers a JSON array with,
    /// for each ticket in order, `{"evaluation": ...}` or, for a bad ticket, `{"error": {"code",
    /// "path", "message"}}` with the path under the ticket's index: one bad ticket does not stop
    /// the batch. Tickets are read one at a time and each answer is written as soon as it is
    /// computed, so a batch never holds more than one ticket and one evaluation.
    ///
    /// # Errors
    /// `document.syntax` for malformed JSON and `document.wrong_type` for text that is not an
    /// array; otherwise only `internal` errors, which would be bugs.
    ///
    /// # Example
    /// ```
    /// # use escalon::{EvaluateOptions, Policy};
    /// let policy = Policy::from_json(r#"{"version": 1, "calendars": {}, "priorities": ["P1"],
    ///     "priority": {"default": "P1"}, "slas": [{"name": "s", "calendar": "24x7",
    ///     "targets": {"P1": {"resolution": "4h"}}}]}"#)?;
    /// let now = escalon::parse_instant("2026-01-05T12:00:00Z")?;
    /// let out = policy.evaluate_many_json(
    ///     r#"[{"id": "T-1", "createdAt": "2026-01-05T10:00:00Z"}, {"id": "T-2"}]"#,
    ///     now,
    ///     EvaluateOptions { trace: false },
    /// )?;
    /// let out: serde_json::Value = serde_json::from_str(&out).unwrap();
    /// // Created at 10:00 on a 24x7 calendar with a 4h target: due at 14:00.
    /// assert_eq!(out[0]["evaluation"]["metrics"]["resolution"]["dueAt"], "2026-01-05T14:00:00Z");
    /// assert_eq!(out[1]["error"]["code"], "document.missing_key");
    /// assert_eq!(out[1]["error"]["path"], "/1");
    /// # Ok::<(), escalon::Error>(())
    /// ```
    pub fn evaluate_many_json(
        &self,
        tickets: &str,
        now: DateTime<Utc>,
        options: crate::EvaluateOptions,
    ) -> Result<String, Error> {
        crate::evaluate::evaluate_many_json(self, tickets, now, options)
    }

    /// Every future event of `ticket` in `(from, until]` in order, assuming nothing else happens
    /// to it: warnings, breaches, level changes, repeats and handoffs of the owning rotation.
    ///
    /// # Errors
    /// `calendar.range_too_large` beyond 10 years; `calendar.inverted_interval` when `until` is
    /// before `from`; the errors of [`Policy::evaluate`].
    pub fn timeline(
        &self,
        ticket: &Ticket,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Timeline, Error> {
        crate::timeline::timeline(&self.model, ticket, from, until)
    }

    /// Breach rates, escalations per level, response and resolution percentiles, over- and
    /// under-escalation, and each ticket's outcome, at `now`.
    ///
    /// # Errors
    /// The first error of [`Policy::evaluate`] on a ticket.
    pub fn summarize(&self, tickets: &[Ticket], now: DateTime<Utc>) -> Result<Summary, Error> {
        crate::summary::summarize(&self.model, tickets, now)
    }
}
