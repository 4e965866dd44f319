//! The escalation matrix: who owns the ticket now, who owns it next, when and why.
//!
//! Levels fire on triggers (a percentage of a metric's target, a breach, business time after a
//! breach, no acknowledgement, a flag, a condition, the ticket's age) or on a manual `escalate`
//! event. The current level is the highest that has fired; it never goes back down unless the
//! policy says `deescalateWhenMet`. The same simulation that finds the current level runs on
//! into the future, assuming nothing else happens to the ticket, to give `next` and the
//! timeline.

mod model;
pub(crate) mod read;

use serde::Serialize;
use serde_json::Value;

pub use model::{Action, Escalation, Level, LevelKind, Owner, Repeat, Rotation, Trigger};

use crate::calendar::{Amount, BusinessDuration, Calendar, Instant};
use crate::error::Error;
use crate::explain::{Step, TraceStep};
use crate::sla::clock::Clock;

/// A level as reported.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelRef {
    /// Its index.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Functional or hierarchical.
    pub kind: LevelKind,
}

/// An owner as reported, with the person on call for a rotation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OwnerReport {
    /// The owner as the policy names it.
    #[serde(flatten)]
    pub owner: Owner,
    /// For a rotation: who is on call at that instant (`null` outside its restrictions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<Option<String>>,
}

/// The next escalation, assuming nothing else happens to the ticket.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextReport {
    /// The level it goes to.
    pub level: LevelRef,
    /// When.
    pub at: Instant,
    /// The owner at that instant.
    pub owner: OwnerReport,
    /// Why, in plain words.
    pub reason: String,
}

/// An action the host should carry out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionReport {
    /// What to do.
    #[serde(flatten)]
    pub action: Action,
    /// The level that asks for it.
    pub level: usize,
    /// When it became due.
    pub at: Instant,
    /// The owner it concerns.
    pub owner: OwnerReport,
}

/// The escalation state at `now`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EscalationReport {
    /// The current level.
    pub level: LevelRef,
    /// Who owns the ticket now.
    pub owner: OwnerReport,
    /// Since when.
    pub since: Instant,
    /// The next escalation, if any.
    pub next: Option<NextReport>,
    /// The actions due now: those of the current level and its repeats so far.
    pub actions: Vec<ActionReport>,
    /// Which triggers fired when.
    pub trace: Vec<TraceStep>,
}

/// One change of level (or a repeat) in the simulation.
#[derive(Clone, Debug)]
pub(crate) struct Change {
    pub(crate) at: i64,
    pub(crate) from: usize,
    pub(crate) to: usize,
    pub(crate) reason: String,
    /// `Some(n)` for the n-th repeat of the last level.
    pub(crate) repeat: Option<u32>,
}

/// What the simulation needs from the ticket's history.
pub(crate) struct History<'a> {
    pub(crate) created: i64,
    pub(crate) clocks: &'a [Clock<'a>],
    pub(crate) metric_names: Vec<&'a str>,
    pub(crate) cals: &'a crate::sla::clock::Cals<'a>,
    /// The calendar of the SLA policy in force at `now` (business time of triggers).
    pub(crate) calendar: Calendar,
    /// Acknowledgements.
    pub(crate) acks: Vec<i64>,
    /// Manual escalations with their requested level.
    pub(crate) manual: Vec<(i64, Option<Value>)>,
    /// Status changes `(at, solved or closed)`, from creation; the last holds on.
    pub(crate) done: Vec<(i64, bool)>,
    /// Per level and trigger: the first instant a `flag` or `when` trigger held, if it did.
    pub(crate) held: Vec<Vec<Option<i64>>>,
    /// Per level: whether it applies to this ticket (its `only`).
    pub(crate) applies: Vec<bool>,
}

fn show(ms: i64) -> Instant {
    Instant::from_ms(ms)
}

fn add(cal: &Calendar, from: i64, amount: Amount) -> Result<Option<i64>, Error> {
    let Some(t) = chrono::DateTime::from_timestamp_millis(from) else { return Ok(None) };
    match cal.add(t, amount) {
        Ok(r) => Ok(Some(r.timestamp_millis())),
        Err(e) if e.code() == crate::Code::CalendarNoBusinessTimeWithinHorizon => Ok(None),
        Err(e) => Err(e),
    }
}

impl History<'_> {
    fn is_done_at(&self, t: i64) -> bool {
        let i = self.done.partition_point(|(at, _)| *at <= t);
        i.checked_sub(1).and_then(|i| self.done.get(i)).is_some_and(|(_, d)| *d)
    }

    fn target_text(&self, metric: usize, cycle: usize) -> String {
        let t = self.clocks.get(metric).and_then(|c| c.target_of(cycle)).unwrap_or(0);
        BusinessDuration::from_millis(t).map(|d| d.to_string()).unwrap_or_default()
    }
}

/// A fired trigger: when, which level, why, and the metric cycle behind it (for de-escalation).
struct Fired {
    at: i64,
    level: usize,
    reason: String,
    cycle: Option<(usize, usize)>,
}

impl Escalation {
    fn last_applicable(&self, h: &History<'_>) -> usize {
        (0..self.levels.len())
            .rev()
            .find(|k| *k == 0 || h.applies.get(*k).copied().unwrap_or(false))
            .unwrap_or(0)
    }

    /// Every absolute trigger that fires, with its instant.
    fn fired(&self, h: &History<'_>) -> Result<Vec<Fired>, Error> {
        let mut out = Vec::new();
        for (k, level) in self.levels.iter().enumerate().skip(1) {
            if !h.applies.get(k).copied().unwrap_or(false) {
                continue;
            }
            for (j, trig) in level.when.iter().enumerate() {
                let name = |m: usize| h.metric_names.get(m).copied().unwrap_or("");
                let fired = match trig {
                    Trigger::Percent { metric, percent } => match h.clocks.get(*metric) {
                        Some(c) => c.first_crossing(Some(*percent), h.cals)?.map(|(at, cy)| {
                            (
                                at,
                                format!(
                                    "{percent}% of {} target ({} business) elapsed",
                                    name(*metric),
                                    h.target_text(*metric, cy)
                                ),
                                Some((*metric, cy)),
                            )
                        }),
                        None => None,
                    },
                    Trigger::Breached { metric } => match h.clocks.get(*metric) {
                        Some(c) => c.first_crossing(None, h.cals)?.map(|(at, cy)| {
                            (
                                at,
                                format!(
                                    "{} target ({} business) breached",
                                    name(*metric),
                                    h.target_text(*metric, cy)
                                ),
                                Some((*metric, cy)),
                            )
                        }),
                        None => None,
                    },
                    Trigger::AfterBreach { metric, after } => match h.clocks.get(*metric) {
                        Some(c) => match c.first_crossing(None, h.cals)? {
                            Some((b, cy)) => add(&h.calendar, b, Amount::Time(*after))?.map(|at| {
                                (
                                    at,
                                    format!("{after} business after {} breached", name(*metric)),
                                    Some((*metric, cy)),
                                )
                            }),
                            None => None,
                        },
                        None => None,
                    },
                    Trigger::AgeOver(a) => add(&h.calendar, h.created, *a)?
                        .map(|at| (at, format!("ticket still open {a} after creation"), None)),
                    Trigger::Flag(f) => h
                        .held
                        .get(k)
                        .and_then(|v| v.get(j))
                        .copied()
                        .flatten()
                        .map(|at| (at, format!("flag {f} raised"), None)),
                    Trigger::When(_) => h
                        .held
                        .get(k)
                        .and_then(|v| v.get(j))
                        .copied()
                        .flatten()
                        .map(|at| (at, format!("ticket matched /escalation/levels/{k}/when"), None)),
                    Trigger::UnacknowledgedFor(_) => None,
                };
                if let Some((at, reason, cycle)) = fired {
                    // A solved or closed ticket does not escalate.
                    if !h.is_done_at(at) {
                        out.push(Fired { at, level: k, reason, cycle });
                    }
                }
            }
        }
        for (at, requested) in &h.manual {
            let level = match requested {
                Some(Value::Number(n)) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
                Some(Value::String(s)) => self.levels.iter().position(|l| &l.name == s),
                _ => None,
            };
            out.push(Fired {
                at: *at,
                level: level.unwrap_or(usize::MAX),
                reason: "manual escalation".to_owned(),
                cycle: None,
            });
        }
        out.sort_by_key(|f| (f.at, f.level));
        Ok(out)
    }

    /// The level changes from creation until `until`, in order.
    pub(crate) fn simulate(&self, h: &History<'_>, until: i64) -> Result<Vec<Change>, Error> {
        let fired = self.fired(h)?;
        let last = self.last_applicable(h);
        let next_applicable =
            |from: usize| (from + 1..self.levels.len()).find(|k| h.applies.get(*k).copied().unwrap_or(false));
        let mut changes: Vec<Change> = Vec::new();
        let mut level = 0usize;
        let mut since = h.created;
        let mut cause: Option<(usize, usize)> = None;
        let mut fi = 0;
        // Each round takes one step forward in time; the bound keeps a malformed history finite.
        for _ in 0..(fired.len() + self.levels.len() * 4 + 8) {
            // The next absolute or manual trigger above the current level.
            while fired.get(fi).is_some_and(|f| f.level != usize::MAX && f.level <= level && f.at <= since) {
                fi += 1;
            }
            let absolute = fired.iter().skip(fi).find(|f| f.level == usize::MAX || f.level > level);
            // The next unacknowledged trigger of a higher level.
            let mut unack: Option<(i64, usize, String)> = None;
            for (k, l) in self.levels.iter().enumerate().skip(level + 1) {
                if !h.applies.get(k).copied().unwrap_or(false) {
                    continue;
                }
                for trig in &l.when {
                    if let Trigger::UnacknowledgedFor(d) = trig {
                        if let Some(at) = add(&h.calendar, since, Amount::Time(*d))? {
                            let acked = h.acks.iter().any(|a| *a >= since && *a < at);
                            if !acked
                                && !h.is_done_at(at)
                                && unack.as_ref().is_none_or(|(t, kk, _)| at < *t || (at == *t && k > *kk))
                            {
                                unack = Some((
                                    at,
                                    k,
                                    format!("not acknowledged within {d} business of {}", show(since)),
                                ));
                            }
                        }
                    }
                }
            }
            // De-escalation: the cycle that caused the current level is met.
            let deescalate = if self.deescalate_when_met {
                cause
                    .and_then(|(m, cy)| h.clocks.get(m).and_then(|c| c.stopped_at(cy)))
                    .filter(|t| *t > since)
            } else {
                None
            };
            let candidates = [
                absolute.map(|f| (f.at, 0u8)),
                unack.as_ref().map(|u| (u.0, 1u8)),
                deescalate.map(|t| (t, 2u8)),
            ];
            let Some((at, which)) = candidates.iter().flatten().min_by_key(|(t, w)| (*t, *w)).copied() else {
                break;
            };
            if at > until {
                break;
            }
            let (to, reason, new_cause) = match which {
                0 => {
                    let Some(f) = absolute else { break };
                    fi = fired.iter().position(|x| std::ptr::eq(x, f)).map_or(fi, |p| p + 1);
                    let to = if f.level == usize::MAX {
                        next_applicable(level).unwrap_or(level)
                    } else {
                        f.level.min(self.levels.len() - 1)
                    };
                    (to, f.reason.clone(), f.cycle)
                }
                1 => {
                    let Some((_, k, reason)) = unack.clone() else { break };
                    (k, reason, None)
                }
                _ => (0, "the metric that caused the escalation was met".to_owned(), None),
            };
            if to == level || (which != 2 && to < level) {
                if which == 2 {
                    cause = None;
                }
                continue;
            }
            changes.push(Change { at, from: level, to, reason, repeat: None });
            level = to;
            since = at;
            cause = new_cause;
        }
        // Repeats of the last level.
        if let (Some(r), Some(reached)) =
            (self.repeat, changes.iter().rev().find(|c| c.to == last && c.repeat.is_none()).cloned())
        {
            if last > 0 {
                let mut t = reached.at;
                for n in 1..=r.times {
                    match add(&h.calendar, t, Amount::Time(r.every))? {
                        Some(next) if next <= until && !h.is_done_at(next) => {
                            changes.push(Change {
                                at: next,
                                from: last,
                                to: last,
                                reason: format!("repeat {n} of {}", r.times),
                                repeat: Some(n),
                            });
                            t = next;
                        }
                        _ => break,
                    }
                }
            }
        }
        changes.sort_by_key(|c| c.at);
        Ok(changes)
    }

    /// The level `k` as reported.
    pub(crate) fn level_ref(&self, k: usize) -> LevelRef {
        let l = self.levels.get(k);
        LevelRef {
            index: k,
            name: l.map(|l| l.name.clone()).unwrap_or_default(),
            kind: l.map_or(LevelKind::Functional, |l| l.kind),
        }
    }

    /// Who is on call in `rotation` at `at` (`None` outside its restrictions).
    pub(crate) fn on_call(&self, rotation: &str, at: i64) -> Result<Option<String>, Error> {
        let Some(r) = self.rotations.get(rotation) else { return Ok(None) };
        if let Some((_, _, m)) = r.overrides.iter().rev().find(|(f, t, _)| *f <= at && at < *t) {
            return Ok(Some(m.clone()));
        }
        let t = chrono::DateTime::from_timestamp_millis(at)
            .ok_or_else(|| Error::internal("instant out of range"))?;
        if let Some(c) = &r.restrictions {
            if !c.is_open(t)? {
                return Ok(None);
            }
        }
        let k = r.turns.index_at(t)?;
        if k < 0 {
            return Ok(None);
        }
        let n = i64::try_from(r.members.len()).unwrap_or(1).max(1);
        Ok(usize::try_from(k.rem_euclid(n)).ok().and_then(|i| r.members.get(i)).cloned())
    }

    /// The instants in `(from, until]` at which the person on call in `rotation` changes, with
    /// the new person; at most `limit`.
    pub(crate) fn handoffs(
        &self,
        rotation: &str,
        from: i64,
        until: i64,
        limit: usize,
    ) -> Result<Vec<(i64, Option<String>)>, Error> {
        let Some(r) = self.rotations.get(rotation) else { return Ok(Vec::new()) };
        let (Some(f), Some(u)) =
            (chrono::DateTime::from_timestamp_millis(from), chrono::DateTime::from_timestamp_millis(until))
        else {
            return Ok(Vec::new());
        };
        let mut candidates: Vec<i64> = Vec::new();
        // Every handoff in (from, until]: index order is time order but near a gap longer than
        // a turn, so the search reaches a window past both ends (Recurrence::index_at).
        let w = r.turns.window();
        let mut k = r.turns.index_at(f)?.saturating_sub(w).max(0);
        let last = r.turns.index_at(u)?.saturating_add(w);
        while k <= last && candidates.len() < limit {
            let t = r.turns.instant(k)?.timestamp_millis();
            if t > from && t <= until {
                candidates.push(t);
            }
            k = k.saturating_add(1);
        }
        if let Some(c) = &r.restrictions {
            for p in c.periods(f, u)?.iter().take(limit) {
                candidates.push(p.start.timestamp_millis());
                candidates.push(p.end.timestamp_millis());
            }
        }
        for (a, b, _) in &r.overrides {
            candidates.extend([*a, *b]);
        }
        candidates.retain(|t| *t > from && *t <= until);
        candidates.sort_unstable();
        candidates.dedup();
        let mut out = Vec::new();
        let mut current = self.on_call(rotation, from)?;
        for t in candidates {
            let person = self.on_call(rotation, t)?;
            if person != current {
                out.push((t, person.clone()));
                current = person;
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    pub(crate) fn owner_at(&self, k: usize, at: i64) -> Result<OwnerReport, Error> {
        let owner = self.levels.get(k).map(|l| l.owner.clone()).unwrap_or(Owner::Team(String::new()));
        let person = match &owner {
            Owner::Rotation(r) => Some(self.on_call(r, at)?),
            _ => None,
        };
        Ok(OwnerReport { owner, person })
    }

    /// The report at `now` from the simulated changes.
    pub(crate) fn report(
        &self,
        h: &History<'_>,
        changes: &[Change],
        now: i64,
    ) -> Result<EscalationReport, Error> {
        let past: Vec<&Change> = changes.iter().filter(|c| c.at <= now).collect();
        let current = past.iter().rev().find(|c| c.repeat.is_none());
        let (level, since) = current.map_or((0, h.created), |c| (c.to, c.at));
        // Of the changes at the next instant (triggers that fire together), the last is where
        // the ticket is after it.
        let next_at = changes.iter().find(|c| c.at > now).map(|c| c.at);
        let next = match changes.iter().rfind(|c| Some(c.at) == next_at) {
            Some(c) => Some(NextReport {
                level: self.level_ref(c.to),
                at: show(c.at),
                owner: self.owner_at(c.to, c.at)?,
                reason: c.reason.clone(),
            }),
            None => None,
        };
        let mut actions = Vec::new();
        if level > 0 {
            let steps = past.iter().filter(|c| c.at >= since && c.to == level);
            for c in steps {
                for a in self.levels.get(level).map(|l| l.actions.as_slice()).unwrap_or(&[]) {
                    actions.push(ActionReport {
                        action: a.clone(),
                        level,
                        at: show(c.at),
                        owner: self.owner_at(level, c.at)?,
                    });
                }
            }
        }
        let trace = past
            .iter()
            .map(|c| {
                let name = self.levels.get(c.to).map(|l| l.name.clone()).unwrap_or_default();
                match c.repeat {
                    Some(n) => Step::Repeated { at: show(c.at), level: name, count: n },
                    None => Step::Escalated {
                        at: show(c.at),
                        from: c.from,
                        to: c.to,
                        level: name,
                        reason: c.reason.clone(),
                    },
                }
                .into()
            })
            .collect();
        Ok(EscalationReport {
            level: self.level_ref(level),
            owner: self.owner_at(level, now)?,
            since: show(since),
            next,
            actions,
            trace,
        })
    }
}
