//! A ticket's priority: the agent's choice if the ticket has one, otherwise the impact x urgency
//! matrix (or the default) and then the ordered rules (SEMANTICS.md section 5).

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Code, Error, Pointer};
use crate::explain::{Step, TraceStep};
use crate::policy::condition::{Facts, Field};

use crate::policy::{Names, PolicyModel, RuleAction, Status};

/// A ticket's fields at one instant: the document's fields under the changes made by events
/// since, latest first, so that an update does not copy the whole map.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields<'a> {
    pub(crate) base: &'a Map<String, Value>,
    pub(crate) changes: &'a [(&'a str, std::borrow::Cow<'a, Value>)],
}

impl<'a> Fields<'a> {
    /// The field's value at this instant.
    pub(crate) fn get(&self, name: &str) -> Option<&'a Value> {
        match self.changes.iter().rev().find(|(k, _)| *k == name) {
            Some((_, v)) => Some(v.as_ref()),
            None => self.base.get(name),
        }
    }
}

/// What the conditions of a policy read at one instant: the ticket's fields and the derived
/// fields.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TicketFacts<'a> {
    pub(crate) fields: Fields<'a>,
    pub(crate) status: &'a Status,
    pub(crate) priority: Option<&'a str>,
    pub(crate) reopens: u32,
    pub(crate) age_hours: i64,
}

impl Facts for TicketFacts<'_> {
    fn get(&self, field: &Field) -> Option<Cow<'_, Value>> {
        match field {
            Field::Status => Some(Cow::Owned(Value::String(self.status.as_str().to_owned()))),
            Field::Priority => self.priority.map(|p| Cow::Owned(Value::String(p.to_owned()))),
            Field::Reopens => Some(Cow::Owned(Value::from(self.reopens))),
            Field::AgeHours => Some(Cow::Owned(Value::from(self.age_hours))),
            Field::Ticket(name) => self.fields.get(name).map(Cow::Borrowed),
        }
    }

    fn get_str(&self, field: &Field) -> Option<Option<&str>> {
        match field {
            Field::Status => Some(Some(self.status.as_str())),
            Field::Priority => Some(self.priority),
            Field::Ticket(name) => Some(self.fields.get(name).and_then(Value::as_str)),
            _ => None,
        }
    }
}

/// Where the priority came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrioritySource {
    /// The ticket's `priority` field (an agent's choice).
    Field,
    /// The impact x urgency matrix, then the rules.
    Matrix,
    /// The policy's default, then the rules.
    Default,
}

/// A ticket's priority and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PriorityReport {
    /// The priority.
    pub value: String,
    /// Where it came from before rules.
    pub source: PrioritySource,
    /// The matrix cell used, as `[impact, urgency]`.
    pub cell: Option<[String; 2]>,
    /// Indexes of the rules that matched, in order.
    pub rules: Vec<usize>,
    /// The steps, in order.
    pub trace: Vec<TraceStep>,
}

/// The priority index for the given facts (the `priority` fact is ignored), without a report.
pub(crate) fn index(model: &PolicyModel, facts: TicketFacts<'_>) -> Result<usize, Error> {
    if let Some(v) = facts.fields.get("priority") {
        return field_priority(model, v);
    }
    let mut idx = matrix_cell(model, &facts).map_or(model.default_priority, |(_, _, p)| p);
    for rule in &model.rules {
        let f = TicketFacts { priority: model.priorities.get(idx).map(String::as_str), ..facts };
        if rule.when.matches(&f) {
            idx = apply(model, rule.action, idx);
        }
    }
    Ok(idx)
}

fn field_priority(model: &PolicyModel, v: &Value) -> Result<usize, Error> {
    v.as_str().and_then(|s| model.priority_index(s)).ok_or_else(|| {
        Error::new(
            Code::PolicyUnknownPriority,
            Pointer::root().key("fields").key("priority"),
            format!(
                "the ticket's priority {v} is not one of the policy's priorities: {}",
                model.priorities.join(", ")
            ),
        )
    })
}

/// The matrix cell for the ticket's impact and urgency: `(impact, urgency, priority)` indexes.
fn matrix_cell(model: &PolicyModel, facts: &TicketFacts<'_>) -> Option<(usize, usize, usize)> {
    let m = model.matrix.as_ref()?;
    let label = |key: &str, labels: &[String]| {
        facts.fields.get(key).and_then(Value::as_str).and_then(|s| labels.iter().position(|l| l == s))
    };
    let (i, u) = (label("impact", &m.impact)?, label("urgency", &m.urgency)?);
    m.table.get(i).and_then(|row| row.get(u)).map(|p| (i, u, *p))
}

fn apply(model: &PolicyModel, action: RuleAction, idx: usize) -> usize {
    let last = model.priorities.len().saturating_sub(1);
    match action {
        RuleAction::Set(p) => p,
        // Raising the highest priority keeps it: there is nothing higher.
        RuleAction::Raise(n) => idx.saturating_sub(n),
        RuleAction::Lower(n) => idx.saturating_add(n).min(last),
    }
}

/// The priority index and its report for the given facts (the `priority` fact is ignored).
pub(crate) fn compute(model: &PolicyModel, facts: TicketFacts<'_>) -> Result<(usize, PriorityReport), Error> {
    let name = |i: usize| model.priorities.get(i).cloned().unwrap_or_default();
    let shared = Names::at;
    let mut steps = Vec::new();
    if let Some(v) = facts.fields.get("priority") {
        let idx = field_priority(model, v)?;
        steps.push(Step::PriorityFromField { value: shared(&model.names.priorities, idx) });
        let report = PriorityReport {
            value: name(idx),
            source: PrioritySource::Field,
            cell: None,
            rules: Vec::new(),
            trace: steps.into_iter().map(TraceStep::from).collect(),
        };
        return Ok((idx, report));
    }
    let mut cell = None;
    let mut idx = model.default_priority;
    let mut source = PrioritySource::Default;
    match (matrix_cell(model, &facts), &model.matrix) {
        (Some((i, u, p)), Some(m)) => {
            idx = p;
            source = PrioritySource::Matrix;
            steps.push(Step::PriorityFromMatrix {
                impact: shared(&model.names.impact, i),
                urgency: shared(&model.names.urgency, u),
                value: shared(&model.names.priorities, idx),
            });
            cell = Some([
                m.impact.get(i).cloned().unwrap_or_default(),
                m.urgency.get(u).cloned().unwrap_or_default(),
            ]);
        }
        _ => steps.push(Step::PriorityDefault { value: shared(&model.names.priorities, idx) }),
    }
    let mut applied = Vec::new();
    for (r, rule) in model.rules.iter().enumerate() {
        let f = TicketFacts { priority: model.priorities.get(idx).map(String::as_str), ..facts };
        if !rule.when.matches(&f) {
            continue;
        }
        let action = match rule.action {
            RuleAction::Set(_) => "set",
            RuleAction::Raise(_) => "raise",
            RuleAction::Lower(_) => "lower",
        };
        let next = apply(model, rule.action, idx);
        steps.push(Step::RuleApplied {
            rule: r,
            action: Cow::Borrowed(action),
            from: shared(&model.names.priorities, idx),
            to: shared(&model.names.priorities, next),
        });
        applied.push(r);
        idx = next;
    }
    let report = PriorityReport {
        value: name(idx),
        source,
        cell,
        rules: applied,
        trace: steps.into_iter().map(TraceStep::from).collect(),
    };
    Ok((idx, report))
}
