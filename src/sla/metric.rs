//! Applies one metric's start, stop and reset rules to the ticket's events (SEMANTICS.md
//! section 5).

use crate::policy::{Author, EventKind, EventPattern, MetricKind, Status};

/// An event as the metric rules see it.
#[derive(Clone, Debug)]
pub(crate) enum Happening<'a> {
    Created,
    Status { from: &'a Status, to: &'a Status },
    Reply { by: Author, public: bool },
    Update { fields: Vec<&'a str> },
    Assign,
    Ack,
    Escalate,
    Flag(&'a str),
}

/// What the event does to the metric's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Transition {
    /// A new cycle starts.
    Start(&'static str),
    /// The running cycle stops.
    Stop(&'static str),
    /// The stopped cycle resumes (a reopened ticket's resolution clock).
    Resume,
    /// The running cycle stops and a new one starts at once.
    StopAndStart(&'static str),
}

/// Per-metric memory between events.
#[derive(Clone, Debug, Default)]
pub(crate) struct MetricMemory {
    /// A cycle is started and not stopped.
    pub(crate) open: bool,
    /// Some cycle has ever started.
    pub(crate) started: bool,
    /// A public agent reply has happened.
    agent_replied: bool,
}

fn matches(p: &EventPattern, h: &Happening<'_>) -> bool {
    let kind_ok = matches!(
        (p.kind, h),
        (EventKind::Created, Happening::Created)
            | (EventKind::Status, Happening::Status { .. })
            | (EventKind::Reply, Happening::Reply { .. })
            | (EventKind::Update, Happening::Update { .. })
            | (EventKind::Assign, Happening::Assign)
            | (EventKind::Ack, Happening::Ack)
            | (EventKind::Escalate, Happening::Escalate)
            | (EventKind::Flag, Happening::Flag(_))
    );
    kind_ok
        && match h {
            Happening::Reply { by, public } => {
                p.by.is_none_or(|b| b == *by) && p.public.is_none_or(|x| x == *public)
            }
            Happening::Status { to, .. } => p.status.as_ref().is_none_or(|s| s == *to),
            Happening::Update { fields } => p.field.as_deref().is_none_or(|f| fields.contains(&f)),
            Happening::Flag(f) => p.flag.as_deref().is_none_or(|x| x == *f),
            _ => true,
        }
}

/// The transition `h` causes for a metric of kind `kind`, updating `mem`.
pub(crate) fn transition(kind: &MetricKind, mem: &mut MetricMemory, h: &Happening<'_>) -> Option<Transition> {
    let public_agent = matches!(h, Happening::Reply { by: Author::Agent, public: true });
    let t = match kind {
        MetricKind::FirstResponse => match h {
            Happening::Created => Some(Transition::Start("created")),
            _ if public_agent && mem.open => Some(Transition::Stop("public agent reply")),
            _ => None,
        },
        MetricKind::NextResponse => {
            let t = match h {
                Happening::Reply { by: Author::Customer, .. } if !mem.open && mem.agent_replied => {
                    Some(Transition::Start("customer reply after an agent reply"))
                }
                _ if public_agent && mem.open => Some(Transition::Stop("public agent reply")),
                _ => None,
            };
            if public_agent {
                mem.agent_replied = true;
            }
            t
        }
        MetricKind::PeriodicUpdate => match h {
            Happening::Created => Some(Transition::Start("created")),
            _ if public_agent && mem.open => Some(Transition::StopAndStart("public agent reply")),
            _ if public_agent => Some(Transition::Start("public agent reply")),
            Happening::Status { to, .. } if to.is_done() && mem.open => {
                Some(Transition::Stop("ticket solved"))
            }
            _ => None,
        },
        MetricKind::Resolution => match h {
            Happening::Created => Some(Transition::Start("created")),
            Happening::Status { from, to } if to.is_done() && !from.is_done() && mem.open => {
                Some(Transition::Stop(if **to == Status::Closed { "ticket closed" } else { "ticket solved" }))
            }
            Happening::Status { from, to } if from.is_done() && !to.is_done() && mem.started && !mem.open => {
                Some(Transition::Resume)
            }
            _ => None,
        },
        MetricKind::Custom { start, stop, reset, .. } => {
            if mem.started && reset.iter().any(|p| matches(p, h)) {
                Some(if mem.open {
                    Transition::StopAndStart("reset event")
                } else {
                    Transition::Start("reset event")
                })
            } else if mem.open && stop.iter().any(|p| matches(p, h)) {
                Some(Transition::Stop("stop event"))
            } else if !mem.open && start.iter().any(|p| matches(p, h)) {
                Some(Transition::Start("start event"))
            } else {
                None
            }
        }
    };
    match t {
        Some(Transition::Start(_) | Transition::StopAndStart(_) | Transition::Resume) => {
            mem.open = true;
            mem.started = true;
        }
        Some(Transition::Stop(_)) => mem.open = false,
        None => {}
    }
    t
}
