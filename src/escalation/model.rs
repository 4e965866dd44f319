//! The escalation matrix as validated definitions: levels, owners, triggers, actions, rotations.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{Amount, BusinessDuration, Calendar, Recurrence};
use crate::policy::Condition;

/// Who owns a ticket at a level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Owner {
    /// A team or skill group.
    Team(String),
    /// A role in the management chain.
    Role(String),
    /// A person.
    Person(String),
    /// Whoever is on call in a rotation.
    Rotation(String),
    /// An outside party: a vendor, a regulator.
    External(String),
}

/// Whether a level adds skill or authority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelKind {
    /// To more skill: a specialist group.
    Functional,
    /// Up the management chain, or out to a vendor.
    Hierarchical,
}

/// What makes a level fire. A level with several triggers fires at the first.
#[derive(Clone, Debug)]
pub enum Trigger {
    /// A percentage of a metric's target has elapsed.
    Percent {
        /// The metric's index.
        metric: usize,
        /// The percentage, 1 to 100.
        percent: u32,
    },
    /// The metric breached.
    Breached {
        /// The metric's index.
        metric: usize,
    },
    /// Business time after the metric breached.
    AfterBreach {
        /// The metric's index.
        metric: usize,
        /// How long after.
        after: BusinessDuration,
    },
    /// The owner has not acknowledged within this business time of the current level starting.
    UnacknowledgedFor(BusinessDuration),
    /// A flag is raised (a `flag` event, an entry of the `flags` field, or a field set to `true`).
    Flag(String),
    /// A condition on the ticket holds.
    When(Condition),
    /// The ticket is still open this long after creation (business time or business days).
    AgeOver(Amount),
}

/// Something the host should do when a level fires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Action {
    /// Notify the level's owner.
    Notify,
    /// Reassign the ticket to the level's owner.
    Reassign,
    /// Set the ticket's priority.
    SetPriority {
        /// The priority.
        priority: String,
    },
    /// A status update to the customer is owed.
    NotifyCustomer,
}

/// One level of the escalation matrix.
#[derive(Clone, Debug)]
pub struct Level {
    /// Its name.
    pub name: String,
    /// Functional or hierarchical.
    pub kind: LevelKind,
    /// Who owns the ticket at this level.
    pub owner: Owner,
    /// When it fires (empty for level 0).
    pub when: Vec<Trigger>,
    /// Which tickets take this level; others skip it.
    pub only: Option<Condition>,
    /// What the host should do when it fires.
    pub actions: Vec<Action>,
}

/// How a rotation's turns are measured.
#[derive(Clone, Debug)]
pub struct Rotation {
    /// Members in turn order.
    pub members: Vec<String>,
    /// The handoffs.
    pub turns: Recurrence,
    /// When the rotation covers at all (its zone's weekly hours), if restricted.
    pub restrictions: Option<Calendar>,
    /// `(from_ms, to_ms, member)`: the member covers `[from, to)`; later entries win.
    pub overrides: Vec<(i64, i64, String)>,
}

/// Re-notification of the last level.
#[derive(Clone, Copy, Debug)]
pub struct Repeat {
    /// Business time between notifications.
    pub every: BusinessDuration,
    /// How many at most.
    pub times: u32,
}

/// The escalation part of a policy.
#[derive(Clone, Debug)]
pub struct Escalation {
    /// Levels; level 0 is the first owner.
    pub levels: Vec<Level>,
    /// Rotations by name.
    pub rotations: BTreeMap<String, Rotation>,
    /// Re-notification of the last level.
    pub repeat: Option<Repeat>,
    /// Whether a level is left when the metric that triggered it is met.
    pub deescalate_when_met: bool,
}
