//! One metric's clock over a ticket's history: cycles of counted segments, targets and breaches.
//!
//! The clock does no date math of its own: every duration and instant comes from the calendar
//! in force (`Calendar::elapsed` and `Calendar::add`).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{Calendar, Instant};
use crate::error::Error;
use crate::explain::{Name, Step, TraceStep};
use crate::policy::{Status, Warning};

/// Why a clock is not counting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PauseWhy {
    /// No SLA policy applies.
    NoSla,
    /// The ticket is solved or closed.
    Done(Status),
    /// The status is one of the pause statuses.
    Status(Status),
}

impl PauseWhy {
    fn text(&self) -> String {
        match self {
            PauseWhy::NoSla => "no SLA policy applies".to_owned(),
            PauseWhy::Done(s) => format!("ticket {}", s.as_str()),
            PauseWhy::Status(s) => format!("status {}", s.as_str()),
        }
    }
}

/// A trace step as recorded while folding the history: instants as milliseconds and names
/// borrowed from the policy, so nothing is formatted unless it is reported.
#[derive(Clone, Debug)]
enum Raw<'a> {
    Started { at: i64, cause: &'static str },
    Counted { from: i64, to: i64, seconds: i64, calendar: &'a Name },
    Paused { at: i64, why: PauseWhy },
    TargetSet { at: i64, target: Option<i64>, priority: &'a Name, sla: &'a Name },
    Stopped { at: i64, cause: &'static str },
    Resumed { at: i64 },
    Restarted { at: i64 },
    Breached { at: i64 },
}

impl Raw<'_> {
    fn render(&self) -> Step {
        match self {
            Raw::Started { at, cause } => Step::CycleStarted { at: show(*at), cause: Cow::Borrowed(cause) },
            Raw::Counted { from, to, seconds, calendar } => Step::Counted {
                from: show(*from),
                to: show(*to),
                seconds: *seconds,
                calendar: (*calendar).to_owned(),
            },
            Raw::Paused { at, why } => Step::Paused { at: show(*at), reason: why.text() },
            Raw::TargetSet { at, target, priority, sla } => Step::TargetSet {
                at: show(*at),
                target: target.map(|t| t / 1000),
                priority: (*priority).to_owned(),
                sla: (*sla).to_owned(),
            },
            Raw::Stopped { at, cause } => Step::Stopped { at: show(*at), cause: Cow::Borrowed(cause) },
            Raw::Resumed { at } => Step::Resumed { at: show(*at) },
            Raw::Restarted { at } => Step::Restarted { at: show(*at) },
            Raw::Breached { at } => Step::Breached { at: show(*at) },
        }
    }
}

fn show(ms: i64) -> Instant {
    Instant::from_ms(ms)
}

/// One memoised answer: calendar (by address), `add` or `elapsed`, the two inputs, the answer.
type Memo = (*const Calendar, bool, i64, i64, i64);

/// The policy's calendars, with a memo of the business-time questions asked during one
/// evaluation: several metrics usually count the same spans.
#[derive(Debug)]
pub(crate) struct Cals<'a> {
    map: &'a BTreeMap<String, Calendar>,
    memo: RefCell<Vec<Memo>>,
    /// The last name looked up (by address: names come from the policy) and its calendar.
    last: std::cell::Cell<Option<(*const u8, usize, &'a Calendar)>>,
}

impl<'a> Cals<'a> {
    pub(crate) fn new(map: &'a BTreeMap<String, Calendar>) -> Cals<'a> {
        Cals { map, memo: RefCell::new(Vec::with_capacity(16)), last: std::cell::Cell::new(None) }
    }

    fn get(&self, name: &str) -> Result<&'a Calendar, Error> {
        if let Some((ptr, len, c)) = self.last.get() {
            if ptr == name.as_ptr() && len == name.len() {
                return Ok(c);
            }
        }
        let c = self.map.get(name).ok_or_else(|| Error::internal(format!("calendar {name} vanished")))?;
        self.last.set(Some((name.as_ptr(), name.len(), c)));
        Ok(c)
    }

    /// `elapsed` (`is_add` false) or `add` (true) in calendar `name`, memoised.
    fn ask(&self, name: &str, is_add: bool, a: i64, b: i64) -> Result<i64, Error> {
        let c = self.get(name)?;
        let key = (c as *const Calendar, is_add, a, b);
        if let Some(hit) = self.memo.borrow().iter().rev().find(|m| (m.0, m.1, m.2, m.3) == key) {
            return Ok(hit.4);
        }
        let r = if is_add {
            if b < 0 {
                return Err(Error::internal("negative amount"));
            }
            c.add_ms(a, b)?
        } else {
            c.elapsed_ms(a, b)?
        };
        let mut memo = self.memo.borrow_mut();
        if memo.len() >= 64 {
            memo.clear();
        }
        memo.push((key.0, key.1, key.2, key.3, r));
        Ok(r)
    }

    fn elapsed(&self, name: &str, from: i64, to: i64) -> Result<i64, Error> {
        self.ask(name, false, from, to)
    }

    fn add(&self, name: &str, from: i64, amount: i64) -> Result<i64, Error> {
        self.ask(name, true, from, amount)
    }
}

#[derive(Clone, Debug)]
struct Segment<'a> {
    from: i64,
    to: i64,
    ms: i64,
    calendar: &'a Name,
}

/// How a cycle ended, if it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Stopped(i64),
    Restarted(i64),
}

#[derive(Clone, Debug)]
struct Cycle<'a> {
    started: i64,
    closed: Vec<Segment<'a>>,
    closed_ms: i64,
    open: Option<(i64, &'a Name)>,
    end: Option<End>,
    breached_at: Option<i64>,
    target: Option<i64>,
    trace: Vec<Raw<'a>>,
}

impl<'a> Cycle<'a> {
    fn new(at: i64, cause: &'static str) -> Cycle<'a> {
        Cycle {
            started: at,
            closed: Vec::with_capacity(4),
            closed_ms: 0,
            open: None,
            end: None,
            breached_at: None,
            target: None,
            trace: {
                let mut t = Vec::with_capacity(8);
                t.push(Raw::Started { at, cause });
                t
            },
        }
    }

    fn close(&mut self, t: i64, cals: &Cals<'_>) -> Result<(), Error> {
        let Some((from, name)) = self.open.take() else { return Ok(()) };
        let ms = cals.elapsed(name, from, t)?;
        if let (None, Some(target)) = (self.breached_at, self.target) {
            if self.closed_ms <= target && self.closed_ms + ms > target {
                let at = cals.add(name, from, target - self.closed_ms)?;
                self.breached_at = Some(at);
            }
        }
        let before = self.closed_ms;
        self.closed_ms += ms;
        self.trace.push(Raw::Counted {
            from,
            to: t,
            seconds: self.closed_ms / 1000 - before / 1000,
            calendar: name,
        });
        if let Some(at) = self.breached_at.filter(|b| *b >= from && *b <= t) {
            if !self.trace.iter().any(|s| matches!(s, Raw::Breached { .. })) {
                self.trace.push(Raw::Breached { at });
            }
        }
        self.closed.push(Segment { from, to: t, ms, calendar: name });
        Ok(())
    }

    /// The instant at which this cycle's elapsed time reached `amount`, if it has or, while it
    /// runs, will: as `add` answers it (SEMANTICS.md section 3), the last instant before more
    /// than `amount` has elapsed. A segment that ends with exactly `amount` elapsed (paused or
    /// stopped there) does not settle it when the clock counted again later: then the amount is
    /// used up, and exceeded, from the first business instant counted after it, as if the pause
    /// had not been there (`add(resume, 0)`; section 5's `dueAt` of a running clock). Only when
    /// nothing was counted after it is the segment's end the answer.
    fn reach(&self, amount: i64, cals: &Cals<'_>) -> Result<Option<i64>, Error> {
        let mut cum = 0;
        let mut ended_exactly = None;
        for s in &self.closed {
            if amount - cum < s.ms {
                return cals.add(s.calendar, s.from, amount - cum).map(Some);
            }
            if amount - cum == s.ms && (s.ms > 0 || amount == 0) && ended_exactly.is_none() {
                ended_exactly = Some(s.to);
            }
            cum += s.ms;
        }
        match &self.open {
            Some((from, name)) if amount >= cum => cals.add(name, *from, amount - cum).map(Some),
            _ => Ok(ended_exactly),
        }
    }
}

/// The clock of one metric: its cycles, oldest first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Clock<'a> {
    cycles: Vec<Cycle<'a>>,
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
    pub at: Option<Instant>,
}

/// One cycle of a metric, as reported.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CycleReport {
    /// The cycle's state.
    pub state: ClockState,
    /// When it started.
    pub started_at: Instant,
    /// When it stopped or was restarted, if it did.
    pub ended_at: Option<Instant>,
    /// The target in force at `now` (business seconds).
    pub target: Option<i64>,
    /// Business seconds counted.
    pub elapsed: i64,
    /// When it breached.
    pub breached_at: Option<Instant>,
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
    pub started_at: Option<Instant>,
    /// When it is due: for a running clock, when the target runs out; for a breached one, when
    /// it ran out; otherwise `null`.
    pub due_at: Option<Instant>,
    /// When it breached.
    pub breached_at: Option<Instant>,
    /// Warnings and when they fire.
    pub warnings: Vec<WarningReport>,
    /// Every cycle, oldest first.
    pub cycles: Vec<CycleReport>,
    /// What was counted, paused and changed, in order. Counted seconds sum to `elapsed`.
    pub trace: Vec<TraceStep>,
}

impl<'a> Clock<'a> {
    /// The earliest instant at which a cycle's elapsed time crossed (or, while the latest cycle
    /// runs, will cross) `percent` of its target, or the target itself for `None` (a breach:
    /// the instant the target ran out while counting). Also the cycle's index.
    pub(crate) fn first_crossing(
        &self,
        percent: Option<u32>,
        cals: &Cals<'_>,
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

    fn current(&mut self) -> Option<&mut Cycle<'a>> {
        self.cycles.last_mut()
    }

    /// Whether the latest cycle is started and not stopped.
    pub(crate) fn is_open(&self) -> bool {
        self.cycles.last().is_some_and(|c| c.end.is_none())
    }

    pub(crate) fn start(&mut self, at: i64, cause: &'static str, cals: &Cals<'_>) -> Result<(), Error> {
        if let Some(c) = self.current() {
            c.close(at, cals)?;
            if c.end.is_none() {
                c.end = Some(End::Stopped(at));
            }
        }
        self.cycles.push(Cycle::new(at, cause));
        Ok(())
    }

    pub(crate) fn stop(&mut self, at: i64, cause: &'static str, cals: &Cals<'_>) -> Result<(), Error> {
        if let Some(c) = self.current() {
            c.close(at, cals)?;
            c.end = Some(End::Stopped(at));
            c.trace.push(Raw::Stopped { at, cause });
        }
        Ok(())
    }

    pub(crate) fn resume(&mut self, at: i64) {
        if let Some(c) = self.current() {
            c.end = None;
            c.trace.push(Raw::Resumed { at });
        }
    }

    pub(crate) fn restart(&mut self, at: i64, cals: &Cals<'_>) -> Result<(), Error> {
        if let Some(c) = self.current() {
            c.close(at, cals)?;
            c.end = Some(End::Restarted(at));
            c.trace.push(Raw::Restarted { at });
        }
        self.cycles.push(Cycle::new(at, "priority change"));
        Ok(())
    }

    /// Brings the latest cycle in line with the state at `at`: whether it counts and in which
    /// calendar, and its target (with the priority and SLA policy it comes from, for the trace).
    pub(crate) fn sync(
        &mut self,
        at: i64,
        counting: Result<&'a Name, PauseWhy>,
        target: Option<(Option<i64>, &'a Name, &'a Name)>,
        cals: &Cals<'_>,
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
                c.trace.push(Raw::TargetSet { at, target: t, priority, sla });
            }
            if let (None, Some(t)) = (c.breached_at, c.target) {
                if c.closed_ms > t {
                    c.breached_at = c.reach(t, cals)?;
                    if let Some(b) = c.breached_at {
                        c.trace.push(Raw::Breached { at: b });
                    }
                }
            }
        }
        match counting {
            Ok(name) => {
                if c.open.as_ref().is_some_and(|(_, n)| *n != name) {
                    c.close(at, cals)?;
                }
                if c.open.is_none() {
                    c.open = Some((at, name));
                }
            }
            Err(why) => {
                if c.open.is_some() {
                    c.close(at, cals)?;
                    c.trace.push(Raw::Paused { at, why });
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
        cals: &Cals<'_>,
    ) -> Result<MetricReport, Error> {
        let mut cycles = Vec::with_capacity(self.cycles.len());
        let mut latest: Option<(Cow<'_, Cycle<'a>>, ClockState, &[Raw<'a>])> = None;
        for c in &self.cycles {
            // Close the running segment at `now` on a copy, keeping it "open" for extrapolation;
            // a cycle without one (every cycle but the latest) is read as it is.
            let running = c.open;
            let mut fin = Cow::Borrowed(c);
            if running.is_some() {
                fin.to_mut().close(now, cals)?;
            }
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
                let fin = fin.to_mut();
                fin.closed.pop();
                fin.closed_ms -= last.ms;
                fin.open = Some((from, name));
            }
            latest = Some((fin, state, &c.trace));
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
            Some((from, name)) => cals.elapsed(name, *from, now)?,
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
                    // Reached in a counted segment, or reached (or to be reached) while the
                    // clock still counts: running, or breached and still counting.
                    if amount <= c.closed_ms || c.open.is_some() {
                        c.reach(amount, cals)?
                    } else {
                        None
                    }
                }
                None => None,
            };
            report_warnings.push(WarningReport { threshold: text.clone(), at: at.map(show) });
        }
        let mut trace: Vec<TraceStep> = steps.iter().map(|r| TraceStep::from(r.render())).collect();
        if let Some((from, name)) = &c.open {
            let before = c.closed_ms;
            trace.push(
                Step::Counted {
                    from: show(*from),
                    to: show(now),
                    seconds: elapsed / 1000 - before / 1000,
                    calendar: (*name).to_owned(),
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
