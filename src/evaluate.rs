//! The facade: `evaluate(policy, ticket, now)` folds the ticket's history into its priority and
//! the state of each SLA clock, with traces.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::calendar::Instant;
use crate::document::{check_keys, type_name, Diagnostics};
use crate::error::{Code, Error, Pointer};
use crate::escalation::{Change, EscalationReport, History, Trigger};
use crate::explain::{Step, TraceStep};

use crate::policy::{MetricKind, Names, OnPriorityChange, PolicyModel, Status};
use crate::priority::{self, Fields, PriorityReport, TicketFacts};
use crate::sla::clock::{Cals, Clock, PauseWhy};
use crate::sla::metric::{transition, Happening, MetricMemory, Transition};
use crate::sla::MetricReport;
use crate::ticket::{Batch, EventData, Ticket};

/// The SLA policy that applies at `now`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaReport {
    /// Its name.
    pub name: String,
    /// Its index in `slas`.
    pub index: usize,
    /// The JSON Pointer of the `when` that matched, or `null` for a policy without `when`.
    pub matched: Option<String>,
}

/// Everything escalon says about one ticket at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// The ticket's id.
    pub ticket: String,
    /// The evaluation instant.
    pub now: Instant,
    /// The priority at `now` and why.
    pub priority: PriorityReport,
    /// The SLA policy that applies at `now`, if any.
    pub sla: Option<SlaReport>,
    /// Each metric of that SLA policy, by name.
    pub metrics: BTreeMap<String, MetricReport>,
    /// Who owns the ticket now and next, when the policy has an escalation matrix.
    pub escalation: Option<EscalationReport>,
    /// What happened over the ticket's history that shaped the answer.
    pub trace: Vec<TraceStep>,
}

impl Evaluation {
    /// The evaluation as compact JSON; the same inputs give the same bytes on every host.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// Empties every `trace` (the evaluation's, the priority's, each metric's and the
    /// escalation's) and keeps every figure. For batches whose callers read the answers only and
    /// ask for the explanation of a single ticket when they need it.
    pub fn clear_traces(&mut self) {
        self.trace.clear();
        self.priority.trace.clear();
        for m in self.metrics.values_mut() {
            m.trace.clear();
        }
        if let Some(e) = &mut self.escalation {
            e.trace.clear();
        }
    }
}

/// The options of an evaluation: `{"trace": false}` leaves every trace empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvaluateOptions {
    /// Whether the answer carries its traces (the default).
    pub trace: bool,
}

impl Default for EvaluateOptions {
    fn default() -> EvaluateOptions {
        EvaluateOptions { trace: true }
    }
}

impl EvaluateOptions {
    /// Reads an options document (`{"trace": bool}`); `null` gives the defaults.
    ///
    /// # Errors
    /// `document.wrong_type` for anything but an object or `null`, or a `trace` that is not a
    /// boolean; `document.unknown_key` for any other key.
    pub fn from_value(v: &Value) -> Result<EvaluateOptions, Error> {
        let map = match v {
            Value::Null => return Ok(EvaluateOptions::default()),
            Value::Object(m) => m,
            other => {
                return Err(Error::new(
                    Code::DocumentWrongType,
                    Pointer::root(),
                    format!(
                        "expected an options object such as {{\"trace\": false}}, found {}",
                        type_name(other)
                    ),
                ))
            }
        };
        let mut d = Diagnostics::new();
        check_keys(map, &["trace"], &[], &Pointer::root(), &mut d);
        let trace = match map.get("trace") {
            None => Some(true),
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                d.error(
                    Code::DocumentWrongType,
                    &Pointer::root().key("trace"),
                    format!("expected true or false, found {}", type_name(other)),
                );
                None
            }
        };
        d.finish(trace.map(|trace| EvaluateOptions { trace }))
    }

    /// Applies the options to an evaluation.
    pub fn apply(&self, e: &mut Evaluation) {
        if !self.trace {
            e.clear_traces();
        }
    }
}

/// See [`crate::Policy::evaluate_many_json`].
pub(crate) fn evaluate_many_json(
    policy: &crate::Policy,
    tickets: &str,
    now: DateTime<Utc>,
    options: EvaluateOptions,
) -> Result<String, Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    enum Entry {
        Evaluation(Box<Evaluation>),
        Error { code: &'static str, path: String, message: String },
    }
    let mut text = Vec::with_capacity(tickets.len());
    let mut failed = None;
    text.push(b'[');
    crate::ticket::read_batch(tickets, "tickets", |item| {
        let (i, ticket) = match item {
            Batch::Ticket(i, ticket) => (i, ticket),
            Batch::Restart => {
                text.truncate(1);
                return;
            }
        };
        let entry = match ticket.and_then(|t| policy.evaluate(&t, now)) {
            Ok(mut e) => {
                options.apply(&mut e);
                Entry::Evaluation(Box::new(e))
            }
            Err(e) => {
                let e = e.under(&Pointer::root().index(i));
                Entry::Error {
                    code: e.code().as_str(),
                    path: e.path().as_str().to_owned(),
                    message: e.message().to_owned(),
                }
            }
        };
        if i > 0 {
            text.push(b',');
        }
        if let Err(e) = serde_json::to_writer(&mut text, &entry) {
            failed.get_or_insert(Error::internal(format!("writing an answer failed: {e}")));
        }
    })?;
    text.push(b']');
    match failed {
        Some(e) => Err(e),
        None => String::from_utf8(text).map_err(|_| Error::internal("an answer was not UTF-8")),
    }
}

const HOUR_MS: i64 = 3_600_000;

/// Field changes kept as an overlay before they are merged into a copy of the fields.
const MAX_OVERLAY: usize = 16;

fn show(ms: i64) -> Instant {
    Instant::from_ms(ms)
}

/// Instants at which an `ageHours` comparison in the policy can change its answer.
fn age_ticks(model: &PolicyModel, created: i64, now: i64) -> Vec<i64> {
    let mut thresholds = Vec::new();
    for c in model.history_conditions() {
        c.age_thresholds(&mut thresholds);
    }
    ticks_between(&thresholds, created, created, now)
}

/// The instants in `(after, until]` at which an `ageHours` comparison with one of `thresholds`
/// can change its answer (`ageHours` is whole hours since `created`), in order.
fn ticks_between(thresholds: &[f64], created: i64, after: i64, until: i64) -> Vec<i64> {
    let mut ticks: Vec<i64> = thresholds
        .iter()
        .filter(|x| x.is_finite() && **x >= 0.0 && **x < 1e6)
        .flat_map(|x| [x.ceil() as i64, x.floor() as i64 + 1])
        .filter_map(|h| h.checked_mul(HOUR_MS).and_then(|ms| created.checked_add(ms)))
        .filter(|t| *t > after && *t <= until)
        .collect();
    ticks.sort_unstable();
    ticks.dedup();
    ticks
}

enum Moment<'a> {
    Created,
    Event(&'a EventData),
    Tick,
}

/// Evaluates `ticket` under `model` at `now`.
pub(crate) fn evaluate(
    model: &PolicyModel,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<Evaluation, Error> {
    evaluate_until(model, ticket, now, None).map(|(e, _)| e)
}

/// Whether a flag is raised: an entry of the `flags` list, or a field of that name set to `true`.
fn has_flag(fields: Fields<'_>, flag: &str) -> bool {
    fields.get(flag) == Some(&Value::Bool(true))
        || matches!(fields.get("flags"), Some(Value::Array(list)) if list.iter().any(|f| f.as_str() == Some(flag)))
}

/// Evaluates at `now` and, with `plan_until`, also simulates the escalation up to that instant,
/// returning its level changes.
pub(crate) fn evaluate_until(
    model: &PolicyModel,
    ticket: &Ticket,
    now: DateTime<Utc>,
    plan_until: Option<i64>,
) -> Result<(Evaluation, Vec<Change>), Error> {
    let now_ms = now.timestamp_millis();
    let created = ticket.created_at.timestamp_millis();
    let seen = ticket.events.partition_point(|e| e.at <= now);
    let mut trace: Vec<Step> = Vec::with_capacity(8);
    if seen < ticket.events.len() {
        trace.push(Step::EventsIgnored { count: ticket.events.len() - seen, after: Instant::from(now) });
    }
    let mut moments: Vec<(i64, Moment<'_>)> = Vec::with_capacity(seen + 2);
    if created <= now_ms {
        moments.push((created, Moment::Created));
    }
    let ticks = age_ticks(model, created, now_ms);
    let mut ti = 0;
    for e in ticket.events.iter().take(seen) {
        let at = e.at.timestamp_millis();
        while ticks.get(ti).is_some_and(|t| *t < at) {
            moments.push((ticks.get(ti).copied().unwrap_or(at), Moment::Tick));
            ti += 1;
        }
        moments.push((at, Moment::Event(&e.data)));
    }
    moments.extend(ticks.iter().skip(ti).map(|t| (*t, Moment::Tick)));

    let cals = Cals::new(&model.calendars);
    let mut status = ticket.status.clone();
    // Field changes are an overlay over the ticket's fields; past a few of them they are merged
    // into a copy, so that a lookup never scans a long list.
    let mut field_changes: Vec<(&str, Cow<'_, Value>)> = Vec::new();
    let mut merged: Option<serde_json::Map<String, Value>> = None;
    let mut reopens: u32 = 0;
    let mut mems = vec![MetricMemory::default(); model.metrics.len()];
    let mut clocks = vec![Clock::default(); model.metrics.len()];
    let mut prev: Option<(usize, Option<usize>)> = None;
    let levels = model.escalation.as_ref().map_or(&[][..], |e| e.levels.as_slice());
    let mut held: Vec<Vec<Option<i64>>> = levels.iter().map(|l| vec![None; l.when.len()]).collect();
    let mut acks = Vec::new();
    let mut manual = Vec::new();
    let mut done = vec![(created, ticket.status.is_done())];
    let pname = |i: usize| model.priorities.get(i).map(String::as_str).unwrap_or("");
    let sname = |i: Option<usize>| i.and_then(|i| model.names.slas.get(i)).cloned();
    let pshared = |i: usize| Names::at(&model.names.priorities, i);

    for (at, moment) in &moments {
        let at = *at;
        let old_status = status.clone();
        let old_reopens = reopens;
        let mut changed_fields: Vec<&str> = Vec::new();
        let mut happening_kind: Option<u8> = None;
        match moment {
            Moment::Created => happening_kind = Some(0),
            Moment::Tick => {}
            Moment::Event(data) => {
                happening_kind = Some(1);
                match data {
                    EventData::Status(s) => {
                        if old_status.is_done() && !s.is_done() {
                            reopens = reopens.saturating_add(1);
                        }
                        status = s.clone();
                        done.push((at, status.is_done()));
                    }
                    EventData::Update(f) => {
                        for (k, v) in f {
                            field_changes.push((k.as_str(), Cow::Borrowed(v)));
                            changed_fields.push(k.as_str());
                        }
                    }
                    EventData::Ack => acks.push(at),
                    EventData::Escalate(level) => manual.push((at, level.clone())),
                    EventData::Flag(f) => {
                        // A flag event is visible to conditions as an entry of the `flags` list.
                        let base = merged.as_ref().unwrap_or(&ticket.fields);
                        let mut flags = Fields { base, changes: &field_changes }
                            .get("flags")
                            .cloned()
                            .unwrap_or_else(|| Value::Array(Vec::new()));
                        if let Value::Array(list) = &mut flags {
                            list.push(Value::String(f.clone()));
                        }
                        field_changes.push(("flags", Cow::Owned(flags)));
                    }
                    _ => {}
                }
            }
        }
        let happening = match (happening_kind, moment) {
            (Some(0), _) => Some(Happening::Created),
            (Some(_), Moment::Event(data)) => Some(match data {
                EventData::Status(_) => Happening::Status { from: &old_status, to: &status },
                EventData::Reply { by, public } => Happening::Reply { by: *by, public: *public },
                EventData::Update(_) => Happening::Update { fields: std::mem::take(&mut changed_fields) },
                EventData::Assign(_) => Happening::Assign,
                EventData::Ack => Happening::Ack,
                EventData::Escalate(_) => Happening::Escalate,
                EventData::Flag(f) => Happening::Flag(f),
            }),
            _ => None,
        };
        let age_hours = (at - created).div_euclid(HOUR_MS);
        if field_changes.len() > MAX_OVERLAY {
            let mut m = merged.take().unwrap_or_else(|| ticket.fields.clone());
            for (k, v) in field_changes.drain(..) {
                m.insert(k.to_owned(), v.into_owned());
            }
            merged = Some(m);
        }
        let fields = Fields { base: merged.as_ref().unwrap_or(&ticket.fields), changes: &field_changes };
        let facts = TicketFacts { fields, status: &status, priority: None, reopens, age_hours };
        // Only creation, status, field and flag changes, and age ticks, can change what the
        // conditions see; replies, assignments and acknowledgements cannot, and a status change
        // only for conditions on the status or the reopen count.
        let relevant = match moment {
            Moment::Event(
                EventData::Reply { .. } | EventData::Assign(_) | EventData::Ack | EventData::Escalate(_),
            ) => false,
            // A status change shows to conditions only as the status and the reopen count.
            Moment::Event(EventData::Status(_)) => {
                model.reads_status || (model.reads_reopens && reopens != old_reopens)
            }
            _ => true,
        };
        let (p, sla_idx) = match prev {
            Some(known) if !relevant => known,
            _ => {
                let p = priority::index(model, facts)?;
                let pf = TicketFacts { priority: Some(pname(p)), ..facts };
                (p, model.slas.iter().position(|s| s.when.as_ref().is_none_or(|w| w.matches(&pf))))
            }
        };
        let pf = TicketFacts { priority: Some(pname(p)), ..facts };
        let priority_changed = prev.is_some_and(|(pp, _)| pp != p);
        match prev {
            Some((pp, ps)) => {
                if pp != p {
                    trace.push(Step::PriorityChanged { at: show(at), from: pshared(pp), to: pshared(p) });
                }
                if ps != sla_idx {
                    trace.push(Step::SlaChanged { at: show(at), from: sname(ps), to: sname(sla_idx) });
                }
            }
            None => trace.push(Step::SlaChanged { at: show(at), from: None, to: sname(sla_idx) }),
        }
        prev = Some((p, sla_idx));
        let sla = sla_idx.and_then(|i| model.slas.get(i));
        for (level, slots) in levels.iter().zip(held.iter_mut()).filter(|_| relevant) {
            for (trig, slot) in level.when.iter().zip(slots.iter_mut()) {
                if slot.is_some() {
                    continue;
                }
                let holds = match trig {
                    Trigger::Flag(f) => has_flag(fields, f),
                    Trigger::When(c) => c.matches(&pf),
                    _ => false,
                };
                if holds {
                    *slot = Some(at);
                }
            }
        }

        for (i, metric) in model.metrics.iter().enumerate() {
            let (Some(mem), Some(clock)) = (mems.get_mut(i), clocks.get_mut(i)) else { continue };
            if let Some(h) = &happening {
                match transition(&metric.kind, mem, h) {
                    Some(Transition::Start(cause)) => clock.start(at, cause, &cals)?,
                    Some(Transition::Stop(cause)) => clock.stop(at, cause, &cals)?,
                    Some(Transition::Resume) => clock.resume(at),
                    Some(Transition::StopAndStart(cause)) => {
                        clock.stop(at, cause, &cals)?;
                        clock.start(at, cause, &cals)?;
                    }
                    None => {}
                }
            }
            let mode = sla.and_then(|s| s.on_priority_change.get(&i)).copied().unwrap_or_default();
            if priority_changed && clock.is_open() && mode == OnPriorityChange::Restart {
                clock.restart(at, &cals)?;
            }
            let counting = match sla {
                None => Err(PauseWhy::NoSla),
                Some(_) if status.is_done() => Err(PauseWhy::Done(status.clone())),
                Some(s) => {
                    let pause: &[Status] = match &metric.kind {
                        MetricKind::Custom { pause: Some(p), .. } => p,
                        _ => &s.pause,
                    };
                    match sla_idx.and_then(|si| model.names.sla_calendars.get(si)) {
                        _ if pause.contains(&status) => Err(PauseWhy::Status(status.clone())),
                        Some(calendar) => Ok(calendar),
                        None => Err(PauseWhy::NoSla),
                    }
                }
            };
            let target = sla_idx.and_then(|si| {
                let s = model.slas.get(si)?;
                let t = s.targets.get(&p).and_then(|t| t.get(&i)).map(|d| d.as_millis());
                Some((t, model.names.priorities.get(p)?, model.names.slas.get(si)?))
            });
            clock.sync(at, counting, target, &cals)?;
        }
    }

    let final_facts = TicketFacts {
        fields: Fields { base: merged.as_ref().unwrap_or(&ticket.fields), changes: &field_changes },
        status: &status,
        priority: None,
        reopens,
        age_hours: (now_ms - created).div_euclid(HOUR_MS).max(0),
    };
    let (p, priority) = priority::compute(model, final_facts)?;
    let pf = TicketFacts { priority: Some(pname(p)), ..final_facts };
    let sla_idx = model.slas.iter().position(|s| s.when.as_ref().is_none_or(|w| w.matches(&pf)));
    let mut metrics = BTreeMap::new();
    let mut sla_report = None;
    if let Some((idx, s)) = sla_idx.and_then(|i| model.slas.get(i).map(|s| (i, s))) {
        for (i, m) in model.metrics.iter().enumerate() {
            if !s.has_metric(i) {
                continue;
            }
            let warnings = s.warnings.get(&i).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(clock) = clocks.get(i) {
                metrics.insert(m.name.clone(), clock.report(now_ms, warnings, &cals)?);
            }
        }
        sla_report = Some(SlaReport {
            name: s.name.clone(),
            index: idx,
            matched: s.when.as_ref().map(|_| format!("/slas/{idx}/when")),
        });
    }
    let mut changes = Vec::new();
    // The plan looks one horizon ahead at most; `next` needs only the first change.
    let plan_end = plan_until.unwrap_or(now_ms.saturating_add(3653 * 86_400_000)).max(now_ms);
    // A condition trigger on `ageHours` that does not hold yet holds once the ticket is old
    // enough, if nothing else happens to it (the premise of `next` and the timeline): at the
    // first of its age ticks after `now` where it matches.
    for (level, slots) in levels.iter().zip(held.iter_mut()) {
        for (trig, slot) in level.when.iter().zip(slots.iter_mut()) {
            let Trigger::When(c) = trig else { continue };
            if slot.is_some() || !c.reads(&|f| matches!(f, crate::policy::condition::Field::AgeHours)) {
                continue;
            }
            let mut thresholds = Vec::new();
            c.age_thresholds(&mut thresholds);
            *slot = ticks_between(&thresholds, created, now_ms, plan_end)
                .into_iter()
                .find(|t| c.matches(&TicketFacts { age_hours: (t - created).div_euclid(HOUR_MS), ..pf }));
        }
    }
    let escalation = match &model.escalation {
        Some(esc) => {
            let calendar = sla_idx
                .and_then(|i| model.slas.get(i))
                .and_then(|s| model.calendars.get(&s.calendar))
                .cloned()
                .unwrap_or_else(crate::calendar::Calendar::always_open);
            let history = History {
                created,
                clocks: &clocks,
                metric_names: model.metrics.iter().map(|m| m.name.as_str()).collect(),
                cals: &cals,
                calendar,
                acks,
                manual,
                done,
                held,
                applies: esc.levels.iter().map(|l| l.only.as_ref().is_none_or(|c| c.matches(&pf))).collect(),
            };
            changes = esc.simulate(&history, plan_end)?;
            Some(esc.report(&history, &changes, now_ms)?)
        }
        None => None,
    };
    let evaluation = Evaluation {
        ticket: ticket.id.clone(),
        now: Instant::from(now),
        priority,
        sla: sla_report,
        metrics,
        escalation,
        trace: trace.into_iter().map(TraceStep::from).collect(),
    };
    Ok((evaluation, changes))
}
