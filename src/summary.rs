//! `summarize(policy, tickets, now)`: what an escalation process is measured by, over many
//! tickets. Admins compare two policies on the same tickets with it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::Error;
use crate::evaluate::Evaluation;
use crate::policy::PolicyModel;
use crate::sla::ClockState;
use crate::ticket::Ticket;

/// Breaches of one metric among tickets of one priority.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BreachCount {
    /// Tickets whose SLA policy has this metric.
    pub count: u64,
    /// How many of them breached it.
    pub breached: u64,
    /// `breached / count`, to four decimals (0 when `count` is 0).
    pub rate: f64,
}

/// A distribution of business durations (seconds), by the nearest-rank method.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Distribution {
    /// How many values.
    pub count: u64,
    /// The median, or `null` without values.
    pub median: Option<i64>,
    /// The 90th percentile, or `null` without values.
    pub p90: Option<i64>,
}

/// How many tickets reached one level.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelCount {
    /// The level's index.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Tickets that reached it by `now`.
    pub reached: u64,
}

/// One ticket's outcome, for comparing two policies ticket by ticket.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// The ticket's id.
    pub ticket: String,
    /// Its priority.
    pub priority: String,
    /// Its SLA policy.
    pub sla: Option<String>,
    /// The metrics it breached.
    pub breached: Vec<String>,
    /// Its level at `now` (0 without an escalation matrix).
    pub level: usize,
}

/// The summary of many tickets at `now`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// How many tickets.
    pub tickets: u64,
    /// Breaches per metric, per priority and over `all` priorities.
    pub breaches: BTreeMap<String, BTreeMap<String, BreachCount>>,
    /// Tickets that reached each level.
    pub escalations: Vec<LevelCount>,
    /// Business time to first response, among tickets that got one.
    pub first_response: Distribution,
    /// Business time to resolution, among solved or closed tickets.
    pub resolution: Distribution,
    /// Solved or closed tickets that never left level 0.
    pub resolved_at_level0: u64,
    /// Solved or closed tickets that were escalated.
    pub resolved_escalated: u64,
    /// Escalated tickets then resolved within 110% of their resolution target: the lower level
    /// would have been (nearly) on time.
    pub over_escalated: u64,
    /// Tickets with a breach that never left level 0.
    pub under_escalated: u64,
    /// Each ticket's outcome, in input order.
    pub outcomes: Vec<Outcome>,
}

fn rank(sorted: &[i64], p: u64) -> Option<i64> {
    let n = sorted.len() as u64;
    if n == 0 {
        return None;
    }
    // Nearest rank: the smallest value with at least p% of values at or below it.
    let r = (p * n).div_ceil(100).max(1);
    sorted.get(usize::try_from(r - 1).ok()?).copied()
}

fn distribution(mut v: Vec<i64>) -> Distribution {
    v.sort_unstable();
    Distribution { count: v.len() as u64, median: rank(&v, 50), p90: rank(&v, 90) }
}

fn add(map: &mut BTreeMap<String, BreachCount>, key: &str, breached: bool) {
    let e = map.entry(key.to_owned()).or_default();
    e.count += 1;
    e.breached += u64::from(breached);
}

/// Summarizes evaluations of tickets at one instant.
pub(crate) fn summarize(
    model: &PolicyModel,
    tickets: &[Ticket],
    now: DateTime<Utc>,
) -> Result<Summary, Error> {
    let mut breaches: BTreeMap<String, BTreeMap<String, BreachCount>> = BTreeMap::new();
    let levels = model.escalation.as_ref().map_or(&[][..], |e| e.levels.as_slice());
    let mut reached = vec![0u64; levels.len()];
    let (mut frt, mut res) = (Vec::new(), Vec::new());
    let (mut at0, mut escalated, mut over, mut under) = (0, 0, 0, 0);
    let mut outcomes = Vec::with_capacity(tickets.len());
    for t in tickets {
        let e: Evaluation = crate::evaluate::evaluate(model, t, now)?;
        let mut breached = Vec::new();
        for (name, m) in &e.metrics {
            let b = m.state == ClockState::Breached;
            let per = breaches.entry(name.clone()).or_default();
            add(per, &e.priority.value, b);
            add(per, "all", b);
            if b {
                breached.push(name.clone());
            }
        }
        let max_level = e.escalation.as_ref().map_or(0, |r| r.level.index);
        if let Some(r) = &e.escalation {
            let mut seen = vec![false; levels.len()];
            if let Some(s) = seen.get_mut(0) {
                *s = true;
            }
            for step in &r.trace {
                if let crate::explain::Step::Escalated { to, .. } = step.step {
                    if let Some(s) = seen.get_mut(to) {
                        *s = true;
                    }
                }
            }
            for (count, s) in reached.iter_mut().zip(seen) {
                *count += u64::from(s);
            }
        }
        if let Some(m) = e.metrics.get("first-response") {
            if matches!(m.state, ClockState::Achieved)
                || (m.state == ClockState::Breached && m.cycles.last().is_some_and(|c| c.ended_at.is_some()))
            {
                frt.push(m.elapsed);
            }
        }
        let solved = t.events.iter().rev().find_map(|ev| match &ev.data {
            crate::ticket::EventData::Status(s) if ev.at <= now => Some(s.is_done()),
            _ => None,
        });
        let solved = solved.unwrap_or(t.status.is_done());
        if solved {
            if let Some(m) = e.metrics.get("resolution") {
                res.push(m.elapsed);
                if max_level > 0 && m.target.is_some_and(|target| m.elapsed * 10 <= target * 11) {
                    over += 1;
                }
            }
            if max_level == 0 {
                at0 += 1;
            } else {
                escalated += 1;
            }
        }
        if !breached.is_empty() && max_level == 0 {
            under += 1;
        }
        outcomes.push(Outcome {
            ticket: e.ticket.clone(),
            priority: e.priority.value.clone(),
            sla: e.sla.as_ref().map(|s| s.name.clone()),
            breached,
            level: max_level,
        });
    }
    for per in breaches.values_mut() {
        for c in per.values_mut() {
            c.rate = (c.breached * 10_000).checked_div(c.count).map_or(0.0, |r| r as f64 / 10_000.0);
        }
    }
    Ok(Summary {
        tickets: tickets.len() as u64,
        breaches,
        escalations: levels
            .iter()
            .enumerate()
            .zip(reached)
            .map(|((index, l), reached)| LevelCount { index, name: l.name.clone(), reached })
            .collect(),
        first_response: distribution(frt),
        resolution: distribution(res),
        resolved_at_level0: at0,
        resolved_escalated: escalated,
        over_escalated: over,
        under_escalated: under,
        outcomes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(rank(&v, 50), Some(5));
        assert_eq!(rank(&v, 90), Some(9));
        assert_eq!(rank(&[7], 90), Some(7));
        assert_eq!(rank(&[], 50), None);
    }
}
