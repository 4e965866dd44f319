//! One metric's clock over a ticket's history: cycles of counted segments, targets and breaches.
//!
//! The clock does no date math of its own: every duration and instant comes from the calendar
//! in force (`Calendar::elapsed` and `Calendar::add`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{format_instant, Amount, BusinessDuration, Calendar};
use crate::error::Error;
use crate::explain::{Step, TraceStep};
use crate::policy::Warning;

fn show(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(format_instant).unwrap_or_default()
}

fn cal<'a>(cals: &'a BTreeMap<String, Calendar>, name: &str) -> Result<&'a Calendar, Error> {
    cals.get(name).ok_or_else(|| Error::internal(format!("calendar {name} vanished")))
}

fn elapsed_ms(c: &Calendar, from: i64, to: i64) -> Result<i64, Error> {
    let (Some(f), Some(t)) =
        (chrono::DateTime::from_timestamp_millis(from), chrono::DateTime::from_timestamp_millis(to))
    else {
        return Err(Error::internal("instant out of range"));
    };
    Ok(c.elapsed(f, t)?.as_millis())
}

fn add_ms(c: &Calendar, from: i64, amount: i64) -> Result<i64, Error> {
    let f = chrono::DateTime::from_timestamp_millis(from)
        .ok_or_else(|| Error::internal("instant out of range"))?;
    let d = BusinessDuration::from_millis(amount).ok_or_else(|| Error::internal("negative amount"))?;
    Ok(c.add(f, Amount::Time(d))?.timestamp_millis())
}

#[derive(Clone, Debug)]
struct Segment {
    from: i64,
    to: i64,
    ms: i64,
    calendar: String,
}

/// How a cycle ended, if it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Stopped(i64),
    Restarted(i64),
}

#[derive(Clone, Debug)]
struct Cycle {
    started: i64,
    closed: Vec<Segment>,
    closed_ms: i64,
    open: Option<(i64, String)>,
    end: Option<End>,
    breached_at: Option<i64>,
    target: Option<i64>,
    trace: Vec<Step>,
}

impl Cycle {
    fn new(at: i64, cause: &str) -> Cycle {
        Cycle {
            started: at,
            closed: Vec::new(),
            closed_ms: 0,
            open: None,
            end: None,
            breached_at: None,
            target: None,
            trace: vec![Step::CycleStarted { at: show(at), cause: cause.to_owned() }],
        }
    }

    fn close(&mut self, t: i64, cals: &BTreeMap<String, Calendar>) -> Result<(), Error> {
        let Some((from, name)) = self.open.take() else { return Ok(()) };
        let c = cal(cals, &name)?;
        let ms = elapsed_ms(c, from, t)?;
        if let (None, Some(target)) = (self.breached_at, self.target) {
            if self.closed_ms <= target && self.closed_ms + ms > target {
                let at = add_ms(c, from, target - self.closed_ms)?;
                self.breached_at = Some(at);
            }
        }
        let before = self.closed_ms;
        self.closed_ms += ms;
        self.trace.push(Step::Counted {
            from: show(from),
            to: show(t),
            seconds: self.closed_ms / 1000 - before / 1000,
            calendar: name.clone(),
        });
        if let Some(at) = self.breached_at.filter(|b| *b >= from && *b <= t) {
            if !self.trace.iter().any(|s| matches!(s, Step::Breached { .. })) {
                self.trace.push(Step::Breached { at: show(at) });
            }
        }
        self.closed.push(Segment { from, to: t, ms, calendar: name });
        Ok(())
    }

    /// The instant at which this cycle's elapsed time reached `amount`, if it has or, while it
    /// runs, will.
    fn reach(&self, amount: i64, cals: &BTreeMap<String, Calendar>) -> Result<Option<i64>, Error> {
        let mut cum = 0;
        for s in &self.closed {
            if amount - cum < s.ms {
                return add_ms(cal(cals, &s.calendar)?, s.from, amount - cum).map(Some);
            }
            if amount - cum == s.ms && (s.ms > 0 || amount == 0) {
                return Ok(Some(s.to));
            }
            cum += s.ms;
        }
        match &self.open {
            Some((from, name)) if amount >= cum => add_ms(cal(cals, name)?, *from, amount - cum).map(Some),
            _ => Ok(None),
        }
    }
}

/// The clock of one metric: its cycles, oldest first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Clock {
    cycles: Vec<Cycle>,
}

/// A metric's state at `now` (SEMANTICS.md section 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockState {
    /// Not started.
    Pending,
    /// Started and counting.
    Running,
    /// Started, not stopped, not counting (paused status, solved, closed hours do not pause).
    Paused,
    /// Stopped within its target.
    Achieved,
    /// Its elapsed time exceeded its target at some instant.
    Breached,
    /// Ended by a priority change with `onPriorityChange: restart` before any breach.
    Cancelled,
}

/// A warning and when it fires.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WarningReport {
    /// The warning as written (`"75%"` or `"30m"`).
    pub threshold: String,
    /// When elapsed time reaches it, or `null` when it will not (stopped, paused, no target).
    pub at: Option<String>,
}

/// One cycle of a metric, as reported.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CycleReport {
    /// The cycle's state.
    pub state: ClockState,
    /// When it started.
    pub started_at: String,
    /// When it stopped or was restarted, if it did.
    pub ended_at: Option<String>,
    /// The target in force at `now` (business seconds).
    pub target: Option<i64>,
    /// Business seconds counted.
    pub elapsed: i64,
    /// When it breached.
    pub breached_at: Option<String>,
}

/// A metric at `now`: its latest cycle at the top level, every cycle in `cycles`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricReport {
    /// The latest cycle's state.
    pub state: ClockState,
    /// Its target in business seconds, if the priority has one.
    pub target: Option<i64>,
    /// Business seconds counted in the latest cycle up to `now` or up to its stop.
    pub elapsed: i64,
    /// `target - elapsed` for running and paused clocks, otherwise `null`.
    pub remaining: Option<i64>,
    /// Elapsed as a percentage of the target, to two decimals.
    pub percent: Option<f64>,
    /// When the latest cycle started.
    pub started_at: Option<String>,
    /// When it is due: for a running clock, when the target runs out; for a breached one, when
    /// it ran out; otherwise `null`.
    pub due_at: Option<String>,
    /// When it breached.
    pub breached_at: Option<String>,
    /// Warnings and when they fire.
    pub warnings: Vec<WarningReport>,
    /// Every cycle, oldest first.
    pub cycles: Vec<CycleReport>,
    /// What was counted, paused and changed, in order. Counted seconds sum to `elapsed`.
    pub trace: Vec<TraceStep>,
}

impl Clock {
    /// The earliest instant at which a cycle's elapsed time crossed (or, while the latest cycle
    /// runs, will cross) `percent` of its target, or the target itself for `None` (a breach:
    /// the instant the target ran out while counting). Also the cycle's index.
    pub(crate) fn first_crossing(
        &self,
        percent: Option<u32>,
        cals: &BTreeMap<String, Calendar>,
    ) -> Result<Option<(i64, usize)>, Error> {
        for (i, c) in self.cycles.iter().enumerate() {
            let Some(t) = c.target else { continue };
            let at = match percent {
                None => match c.breached_at {
                    Some(b) => Some(b),
                    None if c.open.is_some() && c.end.is_none() => c.reach(t, cals)?,
                    None => None,
                },
                Some(p) => {
                    let amount = t / 100 * i64::from(p);
                    if amount <= c.closed_ms || (c.open.is_some() && c.end.is_none()) {
                        c.reach(amount, cals)?
                    } else {
                        None
                    }
                }
            };
            if let Some(at) = at {
                return Ok(Some((at, i)));
            }
        }
        Ok(None)
    }

    /// When cycle `i` stopped (was met), if it did.
    pub(crate) fn stopped_at(&self, i: usize) -> Option<i64> {
        match self.cycles.get(i).and_then(|c| c.end) {
            Some(End::Stopped(t)) | Some(End::Restarted(t)) => Some(t),
            None => None,
        }
    }

    /// The target of cycle `i`.
    pub(crate) fn target_of(&self, i: usize) -> Option<i64> {
        self.cycles.get(i).and_then(|c| c.target)
    }

    fn current(&mut self) -> Option<&mut Cycle> {
        self.cycles.last_mut()
    }

    /// Whether the latest cycle is started and not stopped.
    pub(crate) fn is_open(&self) -> bool {
        self.cycles.last().is_some_and(|c| c.end.is_none())
    }

    pub(crate) fn start(
        &mut self,
        at: i64,
        cause: &str,
        cals: &BTreeMap<String, Calendar>,
    ) -> Result<(), Error> {
        if let Some(c) = self.current() {
            c.close(at, cals)?;
            if c.end.is_none() {
                c.end = Some(End::Stopped(at));
            }
        }
        self.cycles.push(Cycle::new(at, cause));
        Ok(())
    }

    pub(crate) fn stop(
        &mut self,
        at: i64,
        cause: &str,
        cals: &BTreeMap<String, Calendar>,
    ) -> Result<(), Error> {
        if let Some(c) = self.current() {
            c.close(at, cals)?;
            c.end = Some(End::Stopped(at));
            c.trace.push(Step::Stopped { at: show(at), cause: cause.to_owned() });
        }
        Ok(())
    }

    pub(crate) fn resume(&mut self, at: i64) {
        if let Some(c) = self.current() {
            c.end = None;
            c.trace.push(Step::Resumed { at: show(at) });
        }
    }

    pub(crate) fn restart(&mut self, at: i64, cals: &BTreeMap<String, Calendar>) -> Result<(), Error> {
        if let Some(c) = self.current() {
            c.close(at, cals)?;
            c.end = Some(End::Restarted(at));
            c.trace.push(Step::Restarted { at: show(at) });
        }
        self.cycles.push(Cycle::new(at, "priority change"));
        Ok(())
    }

    /// Brings the latest cycle in line with the state at `at`: whether it counts and in which
    /// calendar, and its target (with the priority and SLA policy it comes from, for the trace).
    pub(crate) fn sync(
        &mut self,
        at: i64,
        counting: Result<&str, String>,
        target: Option<(Option<i64>, &str, &str)>,
        cals: &BTreeMap<String, Calendar>,
    ) -> Result<(), Error> {
        let Some(c) = self.current() else { return Ok(()) };
        if c.end.is_some() {
            return Ok(());
        }
        let new_target = target.and_then(|t| t.0);
        let target_changed = new_target != c.target || (c.trace.len() == 1 && target.is_some());
        if target_changed {
            c.close(at, cals)?;
            c.target = new_target;
            if let Some((t, priority, sla)) = target {
                c.trace.push(Step::TargetSet {
                    at: show(at),
                    target: t.map(|t| t / 1000),
                    priority: priority.to_owned(),
                    sla: sla.to_owned(),
                });
            }
            if let (None, Some(t)) = (c.breached_at, c.target) {
                if c.closed_ms > t {
                    c.breached_at = c.reach(t, cals)?;
                    if let Some(b) = c.breached_at {
                        c.trace.push(Step::Breached { at: show(b) });
                    }
                }
            }
        }
        match counting {
            Ok(name) => {
                if c.open.as_ref().is_some_and(|(_, n)| n != name) {
                    c.close(at, cals)?;
                }
                if c.open.is_none() {
                    c.open = Some((at, name.to_owned()));
                }
            }
            Err(reason) => {
                if c.open.is_some() {
                    c.close(at, cals)?;
                    c.trace.push(Step::Paused { at: show(at), reason });
                }
            }
        }
        Ok(())
    }

    /// The report at `now`; `warnings` are those of the SLA policy in force.
    pub(crate) fn report(
        &self,
        now: i64,
        warnings: &[(String, Warning)],
        cals: &BTreeMap<String, Calendar>,
    ) -> Result<MetricReport, Error> {
        let mut cycles = Vec::with_capacity(self.cycles.len());
        let mut latest: Option<(Cycle, ClockState, Vec<Step>)> = None;
        for c in &self.cycles {
            // Close the running segment at `now` on a copy, keeping it "open" for extrapolation.
            let mut fin = c.clone();
            let running = fin.open.clone();
            fin.close(now, cals)?;
            let state = if fin.breached_at.is_some() {
                ClockState::Breached
            } else {
                match fin.end {
                    Some(End::Stopped(_)) => ClockState::Achieved,
                    Some(End::Restarted(_)) => ClockState::Cancelled,
                    None if running.is_some() => ClockState::Running,
                    None => ClockState::Paused,
                }
            };
            cycles.push(CycleReport {
                state,
                started_at: show(fin.started),
                ended_at: fin.end.map(|e| match e {
                    End::Stopped(t) | End::Restarted(t) => show(t),
                }),
                target: fin.target.map(|t| t / 1000),
                elapsed: fin.closed_ms / 1000,
                breached_at: fin.breached_at.map(show),
            });
            // For extrapolation the last segment counts as still open from its start.
            if let (Some((from, name)), Some(last)) = (running, fin.closed.last().cloned()) {
                fin.closed.pop();
                fin.closed_ms -= last.ms;
                fin.open = Some((from, name));
            }
            latest = Some((fin, state, c.trace.clone()));
        }
        let Some((c, state, steps)) = latest else {
            return Ok(MetricReport {
                state: ClockState::Pending,
                target: None,
                elapsed: 0,
                remaining: None,
                percent: None,
                started_at: None,
                due_at: None,
                breached_at: None,
                warnings: warnings
                    .iter()
                    .map(|(t, _)| WarningReport { threshold: t.clone(), at: None })
                    .collect(),
                cycles,
                trace: Vec::new(),
            });
        };
        let open_ms = match &c.open {
            Some((from, name)) => elapsed_ms(cal(cals, name)?, *from, now)?,
            None => 0,
        };
        let elapsed = c.closed_ms + open_ms;
        let counting = matches!(state, ClockState::Running | ClockState::Paused);
        let remaining = c.target.filter(|_| counting).map(|t| t / 1000 - elapsed / 1000);
        let percent =
            c.target.filter(|t| *t > 0).map(|t| (elapsed.saturating_mul(10_000) / t) as f64 / 100.0);
        let due_at = match state {
            ClockState::Running => match c.target {
                Some(t) => c.reach(t, cals)?,
                None => None,
            },
            ClockState::Breached => c.breached_at,
            _ => None,
        };
        let mut report_warnings = Vec::with_capacity(warnings.len());
        for (text, w) in warnings {
            let at = match c.target {
                Some(t) => {
                    let amount = match w {
                        Warning::Percent(p) => t / 100 * i64::from(*p) + t % 100 * i64::from(*p) / 100,
                        Warning::Before(b) => (t - b.as_millis()).max(0),
                    };
                    if amount <= c.closed_ms || state == ClockState::Running {
                        c.reach(amount, cals)?
                    } else {
                        None
                    }
                }
                None => None,
            };
            report_warnings.push(WarningReport { threshold: text.clone(), at: at.map(show) });
        }
        let mut trace: Vec<TraceStep> = steps.iter().cloned().map(TraceStep::from).collect();
        if let Some((from, name)) = &c.open {
            let before = c.closed_ms;
            trace.push(
                Step::Counted {
                    from: show(*from),
                    to: show(now),
                    seconds: elapsed / 1000 - before / 1000,
                    calendar: name.clone(),
                }
                .into(),
            );
            if let Some(b) = c.breached_at.filter(|b| *b >= *from) {
                trace.push(Step::Breached { at: show(b) }.into());
            }
        }
        Ok(MetricReport {
            state,
            target: c.target.map(|t| t / 1000),
            elapsed: elapsed / 1000,
            remaining,
            percent,
            started_at: Some(show(c.started)),
            due_at: due_at.map(show),
            breached_at: c.breached_at.map(show),
            warnings: report_warnings,
            cycles,
            trace,
        })
    }
}
