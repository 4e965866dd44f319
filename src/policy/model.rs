//! The validated, immutable policy: definitions only. Evaluation lives in `priority`, `sla` and
//! `evaluate`.

use std::collections::BTreeMap;

use super::condition::Condition;
use crate::calendar::{BusinessDuration, Calendar};
use crate::explain::Name;

/// A ticket status. The six standard ones are named; a helpdesk's own statuses are kept as text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// `new`: the status of a ticket whose document gives none.
    New,
    /// `open`.
    Open,
    /// `pending`: waiting on the customer (pauses clocks by default).
    Pending,
    /// `on-hold`: waiting on a third party (pauses clocks by default).
    OnHold,
    /// `solved`: no clock counts.
    Solved,
    /// `closed`: no clock counts.
    Closed,
    /// Any other status, as written.
    Other(String),
}

impl Status {
    /// The status named by `s`.
    pub fn parse(s: &str) -> Status {
        match s {
            "new" => Status::New,
            "open" => Status::Open,
            "pending" => Status::Pending,
            "on-hold" => Status::OnHold,
            "solved" => Status::Solved,
            "closed" => Status::Closed,
            other => Status::Other(other.to_owned()),
        }
    }

    /// The status as written in documents.
    pub fn as_str(&self) -> &str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::OnHold => "on-hold",
            Status::Solved => "solved",
            Status::Closed => "closed",
            Status::Other(s) => s,
        }
    }

    /// Whether the ticket is solved or closed, when no clock counts (SEMANTICS.md section 5).
    pub fn is_done(&self) -> bool {
        matches!(self, Status::Solved | Status::Closed)
    }
}

/// The impact x urgency matrix, labels highest first.
#[derive(Clone, Debug)]
pub struct Matrix {
    /// Impact labels, highest first.
    pub impact: Vec<String>,
    /// Urgency labels, highest first.
    pub urgency: Vec<String>,
    /// `table[impact][urgency]` = index into the policy's priorities.
    pub table: Vec<Vec<usize>>,
}

/// What a priority rule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleAction {
    /// Set the priority (an index into the priorities).
    Set(usize),
    /// Raise by n steps toward the highest.
    Raise(usize),
    /// Lower by n steps toward the lowest.
    Lower(usize),
}

/// An ordered priority rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// When it applies.
    pub when: Condition,
    /// What it does.
    pub action: RuleAction,
}

/// Which event an event pattern matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The ticket's creation.
    Created,
    /// A status change.
    Status,
    /// A reply.
    Reply,
    /// A field update.
    Update,
    /// An assignment.
    Assign,
    /// An acknowledgement.
    Ack,
    /// A manual escalation.
    Escalate,
    /// A flag raised on the ticket.
    Flag,
}

impl EventKind {
    /// All kinds with their document names.
    pub const NAMES: [(&'static str, EventKind); 8] = [
        ("created", EventKind::Created),
        ("status", EventKind::Status),
        ("reply", EventKind::Reply),
        ("update", EventKind::Update),
        ("assign", EventKind::Assign),
        ("ack", EventKind::Ack),
        ("escalate", EventKind::Escalate),
        ("flag", EventKind::Flag),
    ];
}

/// Who wrote a reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author {
    /// An agent.
    Agent,
    /// The customer.
    Customer,
}

/// A pattern over ticket events, for custom metrics.
#[derive(Clone, Debug)]
pub struct EventPattern {
    /// The event kind.
    pub kind: EventKind,
    /// For replies: the author.
    pub by: Option<Author>,
    /// For replies: public or internal.
    pub public: Option<bool>,
    /// For status events: the new status.
    pub status: Option<Status>,
    /// For updates: a field the update changes.
    pub field: Option<String>,
    /// For flag events: the flag.
    pub flag: Option<String>,
}

/// How a metric's clock starts, stops, pauses and resets.
#[derive(Clone, Debug)]
pub enum MetricKind {
    /// Starts at creation, stops at the first public agent reply.
    FirstResponse,
    /// Starts at a customer reply after a public agent reply, stops at the next public agent
    /// reply; each start is a new cycle.
    NextResponse,
    /// Starts at creation and at each public agent reply, stops at the next one or when solved.
    PeriodicUpdate,
    /// Starts at creation, stops when solved or closed; a reopen resumes the same cycle.
    Resolution,
    /// A metric of the policy's own.
    Custom {
        /// Events that start a cycle (when none is running).
        start: Vec<EventPattern>,
        /// Events that stop the running cycle.
        stop: Vec<EventPattern>,
        /// Events that end the cycle and start a new one.
        reset: Vec<EventPattern>,
        /// Statuses that pause this metric instead of the SLA policy's.
        pause: Option<Vec<Status>>,
    },
}

/// A named metric.
#[derive(Clone, Debug)]
pub struct Metric {
    /// The metric's name, such as `first-response`.
    pub name: String,
    /// Its rules.
    pub kind: MetricKind,
}

/// What a priority change does to a metric's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OnPriorityChange {
    /// Elapsed time carries over and the new target applies.
    #[default]
    KeepElapsed,
    /// A new cycle starts at the change.
    Restart,
}

/// A warning threshold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// A percentage of the target, written `"75%"`.
    Percent(u32),
    /// Business time before the due time, written `"30m"`.
    Before(BusinessDuration),
}

/// One SLA policy of the ordered list.
#[derive(Clone, Debug)]
pub struct Sla {
    /// Its name.
    pub name: String,
    /// When it applies; `None` applies always.
    pub when: Option<Condition>,
    /// The name of its calendar.
    pub calendar: String,
    /// Targets: priority index -> metric index -> business time.
    pub targets: BTreeMap<usize, BTreeMap<usize, BusinessDuration>>,
    /// Statuses that pause its clocks.
    pub pause: Vec<Status>,
    /// Warnings per metric index, with their text as written.
    pub warnings: BTreeMap<usize, Vec<(String, Warning)>>,
    /// Priority-change behaviour per metric index.
    pub on_priority_change: BTreeMap<usize, OnPriorityChange>,
}

impl Sla {
    /// Whether any priority has a target for metric `m`.
    pub fn has_metric(&self, m: usize) -> bool {
        self.targets.values().any(|t| t.contains_key(&m))
    }
}

/// A validated policy document.
#[derive(Clone, Debug)]
pub struct PolicyModel {
    /// Calendars by name, `"24x7"` included.
    pub calendars: BTreeMap<String, Calendar>,
    /// Priorities, highest first.
    pub priorities: Vec<String>,
    /// The impact x urgency matrix.
    pub matrix: Option<Matrix>,
    /// The priority when neither the ticket nor the matrix gives one.
    pub default_priority: usize,
    /// Ordered priority rules.
    pub rules: Vec<Rule>,
    /// Metrics: the four built-ins first, then the policy's own.
    pub metrics: Vec<Metric>,
    /// Ordered SLA policies.
    pub slas: Vec<Sla>,
    /// The escalation matrix, if the policy has one.
    pub escalation: Option<crate::escalation::Escalation>,
    /// The names above, shared, so that traces name them without copying.
    pub(crate) names: Names,
    /// Whether a condition matched during a ticket's history (priority rules, SLA `when`s,
    /// escalation `when` triggers) reads the status: if none does, a status change that leaves
    /// the reopen count alone cannot change priority or SLA.
    pub(crate) reads_status: bool,
    /// Whether such a condition reads the reopen count.
    pub(crate) reads_reopens: bool,
}

/// Shared copies of the policy's names, for traces: cloning one costs no allocation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    /// `priorities`, by index.
    pub(crate) priorities: Vec<Name>,
    /// Each SLA policy's name, by index.
    pub(crate) slas: Vec<Name>,
    /// Each SLA policy's calendar name, by index.
    pub(crate) sla_calendars: Vec<Name>,
    /// The matrix's impact labels.
    pub(crate) impact: Vec<Name>,
    /// The matrix's urgency labels.
    pub(crate) urgency: Vec<Name>,
}

impl Names {
    /// Entry `i` of one of the lists (an empty name for an index out of range, which the
    /// compiled policy never hands out).
    pub(crate) fn at(list: &[Name], i: usize) -> Name {
        list.get(i).cloned().unwrap_or_else(|| Name::from(""))
    }

    pub(crate) fn of(priorities: &[String], slas: &[Sla], matrix: Option<&Matrix>) -> Names {
        let shared = |v: &[String]| v.iter().map(|x| Name::from(x.as_str())).collect();
        Names {
            priorities: shared(priorities),
            slas: slas.iter().map(|s| Name::from(s.name.as_str())).collect(),
            sla_calendars: slas.iter().map(|s| Name::from(s.calendar.as_str())).collect(),
            impact: matrix.map(|m| shared(&m.impact)).unwrap_or_default(),
            urgency: matrix.map(|m| shared(&m.urgency)).unwrap_or_default(),
        }
    }
}

impl PolicyModel {
    /// Whether any condition matched during a ticket's history reads a field for which `pred`
    /// holds.
    pub(crate) fn history_conditions_read(&self, pred: &impl Fn(&super::condition::Field) -> bool) -> bool {
        self.history_conditions().any(|c| c.reads(pred))
    }

    /// The conditions matched along a ticket's history: priority rules, SLA policy conditions
    /// and escalation triggers on a condition. Evaluation re-matches them at every change they
    /// can see, and at the age ticks of their `ageHours` comparisons.
    pub(crate) fn history_conditions(&self) -> impl Iterator<Item = &super::condition::Condition> {
        let levels = self.escalation.as_ref().map_or(&[][..], |e| e.levels.as_slice());
        self.rules.iter().map(|r| &r.when).chain(self.slas.iter().filter_map(|s| s.when.as_ref())).chain(
            levels.iter().flat_map(|l| &l.when).filter_map(|t| match t {
                crate::escalation::Trigger::When(c) => Some(c),
                _ => None,
            }),
        )
    }

    /// The index of a priority by name.
    pub fn priority_index(&self, name: &str) -> Option<usize> {
        self.priorities.iter().position(|p| p == name)
    }

    /// The index of a metric by name.
    pub fn metric_index(&self, name: &str) -> Option<usize> {
        self.metrics.iter().position(|m| m.name == name)
    }
}
