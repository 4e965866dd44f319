//! `timeline(policy, ticket, from, until)`: every future event in order, assuming nothing else
//! happens to the ticket: warnings, breaches, level changes, repeats and handoffs of the owning
//! rotation. The instants are those `evaluate` reports at those times.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::calendar::Instant;
use crate::error::{Code, Error, Pointer};
use crate::escalation::{LevelRef, Owner, OwnerReport};
use crate::evaluate::evaluate_until;
use crate::policy::PolicyModel;
use crate::sla::ClockState;
use crate::ticket::Ticket;

/// At most this many events are listed; the rest are counted in `truncated`.
pub const MAX_EVENTS: usize = 1000;

/// What a timeline event is.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case", rename_all_fields = "camelCase")]
pub enum TimelineKind {
    /// A metric's warning fires.
    Warning {
        /// The metric.
        metric: String,
        /// The warning as written.
        threshold: String,
    },
    /// A metric's target runs out; it is breached if it keeps counting after this instant.
    Breach {
        /// The metric.
        metric: String,
    },
    /// The ticket moves to another level.
    Escalation {
        /// The new level.
        level: LevelRef,
        /// Its owner at that instant.
        owner: OwnerReport,
        /// Why.
        reason: String,
    },
    /// The last level is notified again.
    Repeat {
        /// The level.
        level: LevelRef,
        /// Its owner at that instant.
        owner: OwnerReport,
        /// Which repeat.
        reason: String,
    },
    /// The person on call in the owning rotation changes.
    Handoff {
        /// The rotation.
        rotation: String,
        /// The person from this instant (`null` outside the rotation's restrictions).
        person: Option<String>,
    },
}

/// One event of a timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEvent {
    /// When.
    pub at: Instant,
    /// What.
    #[serde(flatten)]
    pub kind: TimelineKind,
}

/// A ticket's future, in order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    /// The start (the ticket is evaluated here).
    pub from: Instant,
    /// The end.
    pub until: Instant,
    /// The events in `(from, until]`, in time order.
    pub events: Vec<TimelineEvent>,
    /// How many events were left out past [`MAX_EVENTS`].
    pub truncated: usize,
}

/// The timeline of `ticket` from `from` until `until`.
pub(crate) fn timeline(
    model: &PolicyModel,
    ticket: &Ticket,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Timeline, Error> {
    let (f, u) = (from.timestamp_millis(), until.timestamp_millis());
    if u < f {
        return Err(Error::new(
            Code::CalendarInvertedInterval,
            Pointer::root().key("until"),
            "\"until\" is before \"from\"",
        ));
    }
    if u - f > 3653 * 86_400_000 {
        return Err(Error::new(
            Code::CalendarRangeTooLarge,
            Pointer::root().key("until"),
            "a timeline covers at most 10 years",
        ));
    }
    let (evaluation, changes) = evaluate_until(model, ticket, from, Some(u))?;
    let mut events: Vec<(i64, u8, TimelineEvent)> = Vec::new();
    let in_range = |t: i64| t > f && t <= u;
    for (name, m) in &evaluation.metrics {
        if m.state == ClockState::Running {
            for w in &m.warnings {
                if let Some(t) = w.at.map(|i| i.as_ms()).filter(|t| in_range(*t)) {
                    let kind = TimelineKind::Warning { metric: name.clone(), threshold: w.threshold.clone() };
                    events.push((t, 0, TimelineEvent { at: format_instant_ms(t), kind }));
                }
            }
            if let Some(t) = m.due_at.map(|i| i.as_ms()).filter(|t| in_range(*t)) {
                events.push((
                    t,
                    1,
                    TimelineEvent {
                        at: format_instant_ms(t),
                        kind: TimelineKind::Breach { metric: name.clone() },
                    },
                ));
            }
        }
    }
    if let (Some(esc), Some(report)) = (&model.escalation, &evaluation.escalation) {
        // The owner over each stretch of the plan, for handoffs: the level at `from`, then each change.
        let mut stretches: Vec<(i64, usize)> = vec![(f, report.level.index)];
        for (i, c) in changes.iter().enumerate().filter(|(_, c)| in_range(c.at)) {
            // Level changes at one instant (two triggers that fire together) take the ticket to
            // the last of them, which is the one listed; `evaluate` there names that level.
            if c.repeat.is_none() && changes.iter().skip(i + 1).any(|d| d.repeat.is_none() && d.at == c.at) {
                continue;
            }
            let level = esc.level_ref(c.to);
            let owner = esc.owner_at(c.to, c.at)?;
            let kind = match c.repeat {
                Some(_) => TimelineKind::Repeat { level, owner, reason: c.reason.clone() },
                None => TimelineKind::Escalation { level, owner, reason: c.reason.clone() },
            };
            events.push((c.at, 2, TimelineEvent { at: format_instant_ms(c.at), kind }));
            if c.repeat.is_none() {
                stretches.push((c.at, c.to));
            }
        }
        for (i, (start, level)) in stretches.iter().enumerate() {
            let end = stretches.get(i + 1).map_or(u, |s| s.0);
            if let Some(Owner::Rotation(r)) = esc.levels.get(*level).map(|l| &l.owner) {
                for (t, person) in esc.handoffs(r, *start, end, MAX_EVENTS)? {
                    // The escalation event itself names the person at its instant.
                    if t != *start {
                        let kind = TimelineKind::Handoff { rotation: r.clone(), person };
                        events.push((t, 3, TimelineEvent { at: format_instant_ms(t), kind }));
                    }
                }
            }
        }
    }
    events.sort_by_key(|(t, order, _)| (*t, *order));
    let truncated = events.len().saturating_sub(MAX_EVENTS);
    Ok(Timeline {
        from: Instant::from(from),
        until: Instant::from(until),
        events: events.into_iter().take(MAX_EVENTS).map(|(_, _, e)| e).collect(),
        truncated,
    })
}

fn format_instant_ms(ms: i64) -> Instant {
    Instant::from_ms(ms)
}
