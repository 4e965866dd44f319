//! Reading and validating a policy document into a [`PolicyModel`]. Every problem is gathered.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::condition;
use super::model::{
    Author, EventKind, EventPattern, Matrix, Metric, MetricKind, OnPriorityChange, PolicyModel, Rule,
    RuleAction, Sla, Status, Warning,
};
use crate::calendar::{Amount, BusinessDuration, Calendar};
use crate::document::{array, check_keys, object, string, type_name, Diagnostics};
use crate::error::{Code, Pointer};

const KEYS: [&str; 7] = ["version", "calendars", "priorities", "priority", "metrics", "slas", "escalation"];

/// The built-in metrics, in this order at the start of every policy's metric list.
pub const BUILT_IN_METRICS: [&str; 4] = ["first-response", "next-response", "periodic-update", "resolution"];

fn built_ins() -> Vec<Metric> {
    let kinds = [
        MetricKind::FirstResponse,
        MetricKind::NextResponse,
        MetricKind::PeriodicUpdate,
        MetricKind::Resolution,
    ];
    BUILT_IN_METRICS.iter().zip(kinds).map(|(n, kind)| Metric { name: (*n).to_owned(), kind }).collect()
}

/// Reads a policy document, adding every problem to `d`.
pub(crate) fn read(v: &Value, d: &mut Diagnostics) -> Option<PolicyModel> {
    let root = Pointer::root();
    let map = object(v, &root, d)?;
    check_keys(map, &KEYS, &["version", "priorities", "priority", "slas"], &root, d);
    if let Some(version) = map.get("version") {
        if version.as_u64() != Some(1) {
            d.error(
                Code::PolicyUnsupportedVersion,
                &root.key("version"),
                format!("unsupported version {version}; expected 1"),
            );
        }
    }
    let calendars = read_calendars(map.get("calendars"), &root.key("calendars"), d);
    // References are checked against every named calendar, valid or not, so that a broken
    // calendar does not also make each SLA policy that uses it an error.
    let mut calendar_names = vec!["24x7".to_owned()];
    if let Some(Value::Object(c)) = map.get("calendars") {
        calendar_names.extend(c.keys().cloned());
    }
    let priorities = map.get("priorities").and_then(|p| read_priorities(p, &root.key("priorities"), d));
    let metrics = read_metrics(map.get("metrics"), &root.key("metrics"), d);
    // References are checked against every listed priority name, valid list or not, so that a
    // duplicate does not also make every reference an error.
    let mut listed: Vec<String> = Vec::new();
    if let Some(Value::Array(list)) = map.get("priorities") {
        for name in list.iter().filter_map(Value::as_str) {
            if !listed.iter().any(|l| l == name) {
                listed.push(name.to_owned());
            }
        }
    }
    let prio = priorities.as_deref().unwrap_or(&listed);
    let priority = map.get("priority").and_then(|p| read_priority(p, &root.key("priority"), prio, d));
    let slas = match (map.get("slas"), &metrics) {
        (Some(s), Some(m)) => read_slas(s, &root.key("slas"), prio, m, &calendar_names, d),
        _ => None,
    };
    let escalation = match (map.get("escalation"), &metrics) {
        (Some(e), Some(m)) => crate::escalation::read::read(e, &root.key("escalation"), m, prio, d).map(Some),
        (Some(_), None) => None,
        (None, _) => Some(None),
    };
    let (matrix, default_priority, rules) = priority?;
    let (priorities, slas) = (priorities?, slas?);
    let names = super::model::Names::of(&priorities, &slas, matrix.as_ref());
    let mut model = PolicyModel {
        escalation: escalation?,
        calendars: calendars?,
        priorities,
        matrix,
        default_priority,
        rules,
        metrics: metrics?,
        slas,
        names,
        reads_status: true,
        reads_reopens: true,
    };
    model.reads_status = model.history_conditions_read(&|f| matches!(f, condition::Field::Status));
    model.reads_reopens = model.history_conditions_read(&|f| matches!(f, condition::Field::Reopens));
    Some(model)
}

fn read_calendars(
    v: Option<&Value>,
    path: &Pointer,
    d: &mut Diagnostics,
) -> Option<BTreeMap<String, Calendar>> {
    let mut out = BTreeMap::new();
    out.insert("24x7".to_owned(), Calendar::always_open());
    let Some(v) = v else { return Some(out) };
    let map = object(v, path, d)?;
    let mut ok = true;
    for (name, doc) in map {
        let cp = path.key(name);
        if name == "24x7" {
            d.error(
                Code::PolicyDuplicate,
                &cp,
                "\"24x7\" is the built-in always-open calendar and cannot be redefined",
            );
            ok = false;
            continue;
        }
        match Calendar::read(doc, &cp, d) {
            Some(c) => {
                out.insert(name.clone(), c);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_priorities(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Vec<String>> {
    let list = array(v, path, d)?;
    if list.is_empty() {
        d.error(Code::DocumentWrongType, path, "expected at least one priority, highest first");
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for (i, p) in list.iter().enumerate() {
        match string(p, &path.index(i), d) {
            Some(s) if out.iter().any(|o| o == s) => {
                d.error(Code::PolicyDuplicate, &path.index(i), format!("priority \"{s}\" is listed twice"));
                ok = false;
            }
            Some(s) => out.push(s.to_owned()),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn priority_ref(v: &Value, path: &Pointer, priorities: &[String], d: &mut Diagnostics) -> Option<usize> {
    let s = string(v, path, d)?;
    let idx = priorities.iter().position(|p| p == s);
    if idx.is_none() && !priorities.is_empty() {
        d.error(
            Code::PolicyUnknownPriority,
            path,
            format!("unknown priority \"{s}\"; expected one of: {}", priorities.join(", ")),
        );
    }
    idx
}

/// The `priority` part: the matrix (if any), the default and the rules, when all are valid.
fn read_priority(
    v: &Value,
    path: &Pointer,
    priorities: &[String],
    d: &mut Diagnostics,
) -> Option<(Option<Matrix>, usize, Vec<Rule>)> {
    let map = object(v, path, d)?;
    check_keys(map, &["matrix", "default", "rules"], &["default"], path, d);
    let matrix = match map.get("matrix") {
        Some(m) => read_matrix(m, &path.key("matrix"), priorities, d).map(Some),
        None => Some(None),
    };
    let default = map.get("default").and_then(|p| priority_ref(p, &path.key("default"), priorities, d));
    let rules = match map.get("rules") {
        Some(r) => read_rules(r, &path.key("rules"), priorities, d),
        None => Some(Vec::new()),
    };
    Some((matrix?, default?, rules?))
}

fn labels(v: Option<&Value>, path: &Pointer, d: &mut Diagnostics) -> Option<Vec<String>> {
    let v = v?;
    let list = array(v, path, d)?;
    let mut out: Vec<String> = Vec::new();
    for (i, x) in list.iter().enumerate() {
        let s = string(x, &path.index(i), d)?;
        if out.iter().any(|o| o == s) {
            d.error(Code::PolicyDuplicate, &path.index(i), format!("label \"{s}\" is listed twice"));
            return None;
        }
        out.push(s.to_owned());
    }
    if out.is_empty() {
        d.error(Code::PolicyMatrixShape, path, "expected at least one label");
        return None;
    }
    Some(out)
}

fn read_matrix(v: &Value, path: &Pointer, priorities: &[String], d: &mut Diagnostics) -> Option<Matrix> {
    let map = object(v, path, d)?;
    check_keys(map, &["impact", "urgency", "table"], &["impact", "urgency", "table"], path, d);
    let impact = labels(map.get("impact"), &path.key("impact"), d);
    let urgency = labels(map.get("urgency"), &path.key("urgency"), d);
    let tp = path.key("table");
    let rows = array(map.get("table")?, &tp, d)?;
    let (impact, urgency) = (impact?, urgency?);
    if rows.len() != impact.len() {
        d.error(
            Code::PolicyMatrixShape,
            &tp,
            format!("expected {} rows, one per impact, found {}", impact.len(), rows.len()),
        );
        return None;
    }
    let mut table = Vec::with_capacity(rows.len());
    let mut ok = true;
    for (i, row) in rows.iter().enumerate() {
        let rp = tp.index(i);
        let Some(cells) = array(row, &rp, d) else {
            ok = false;
            continue;
        };
        if cells.len() != urgency.len() {
            d.error(
                Code::PolicyMatrixShape,
                &rp,
                format!("expected {} cells, one per urgency, found {}", urgency.len(), cells.len()),
            );
            ok = false;
            continue;
        }
        let parsed: Vec<Option<usize>> =
            cells.iter().enumerate().map(|(j, c)| priority_ref(c, &rp.index(j), priorities, d)).collect();
        match parsed.into_iter().collect::<Option<Vec<usize>>>() {
            Some(r) => table.push(r),
            None => ok = false,
        }
    }
    ok.then_some(Matrix { impact, urgency, table })
}

fn read_rules(v: &Value, path: &Pointer, priorities: &[String], d: &mut Diagnostics) -> Option<Vec<Rule>> {
    let list = array(v, path, d)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (i, r) in list.iter().enumerate() {
        let rp = path.index(i);
        let Some(map) = object(r, &rp, d) else {
            ok = false;
            continue;
        };
        check_keys(map, &["when", "set", "raise", "lower"], &["when"], &rp, d);
        let when = map.get("when").and_then(|w| condition::read(w, &rp.key("when"), d));
        let actions: Vec<&str> =
            ["set", "raise", "lower"].into_iter().filter(|k| map.contains_key(*k)).collect();
        let action = match actions.as_slice() {
            ["set"] => map
                .get("set")
                .and_then(|p| priority_ref(p, &rp.key("set"), priorities, d))
                .map(RuleAction::Set),
            [step @ ("raise" | "lower")] => {
                let sp = rp.key(step);
                match map.get(*step).and_then(Value::as_u64).filter(|n| *n >= 1) {
                    Some(n) => {
                        let n = usize::try_from(n).unwrap_or(usize::MAX);
                        Some(if *step == "raise" { RuleAction::Raise(n) } else { RuleAction::Lower(n) })
                    }
                    None => {
                        d.error(Code::DocumentWrongType, &sp, "expected a whole number of steps, at least 1");
                        None
                    }
                }
            }
            _ => {
                d.error(
                    Code::PolicyInvalidRule,
                    &rp,
                    format!("a rule needs exactly one action (set, raise or lower), found {}", actions.len()),
                );
                None
            }
        };
        match (when, action) {
            (Some(when), Some(action)) => out.push(Rule { when, action }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_metrics(v: Option<&Value>, path: &Pointer, d: &mut Diagnostics) -> Option<Vec<Metric>> {
    let mut out = built_ins();
    let Some(v) = v else { return Some(out) };
    let map = object(v, path, d)?;
    let mut ok = true;
    for (name, def) in map {
        let mp = path.key(name);
        if BUILT_IN_METRICS.contains(&name.as_str()) {
            d.error(
                Code::PolicyDuplicate,
                &mp,
                format!("\"{name}\" is a built-in metric and cannot be redefined"),
            );
            ok = false;
            continue;
        }
        let Some(m) = object(def, &mp, d) else {
            ok = false;
            continue;
        };
        check_keys(m, &["start", "stop", "pause", "reset"], &["start", "stop"], &mp, d);
        let patterns = |key: &str, d: &mut Diagnostics| match m.get(key) {
            Some(v) => read_patterns(v, &mp.key(key), d),
            None => Some(Vec::new()),
        };
        let (start, stop, reset) = (patterns("start", d), patterns("stop", d), patterns("reset", d));
        let pause = match m.get("pause") {
            Some(p) => read_statuses(p, &mp.key("pause"), d).map(Some),
            None => Some(None),
        };
        match (start, stop, reset, pause) {
            (Some(start), Some(stop), Some(reset), Some(pause)) => out
                .push(Metric { name: name.clone(), kind: MetricKind::Custom { start, stop, reset, pause } }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_patterns(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Vec<EventPattern>> {
    let list = array(v, path, d)?;
    let parsed: Vec<Option<EventPattern>> =
        list.iter().enumerate().map(|(i, p)| read_pattern(p, &path.index(i), d)).collect();
    parsed.into_iter().collect()
}

fn read_pattern(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<EventPattern> {
    let map = object(v, path, d)?;
    check_keys(map, &["event", "by", "public", "status", "field", "flag"], &["event"], path, d);
    let ev = string(map.get("event")?, &path.key("event"), d)?;
    let Some(kind) = EventKind::NAMES.iter().find(|(n, _)| *n == ev).map(|(_, k)| *k) else {
        let names: Vec<&str> = EventKind::NAMES.iter().map(|(n, _)| *n).collect();
        d.error(
            Code::TicketInvalidEvent,
            &path.key("event"),
            format!("unknown event \"{ev}\"; expected one of: {}", names.join(", ")),
        );
        return None;
    };
    let by = match map.get("by") {
        Some(b) => Some(read_author(b, &path.key("by"), d)?),
        None => None,
    };
    let public = match map.get("public") {
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => {
            d.error(
                Code::DocumentWrongType,
                &path.key("public"),
                format!("expected a boolean, found {}", type_name(other)),
            );
            return None;
        }
        None => None,
    };
    let text = |key: &str, d: &mut Diagnostics| {
        map.get(key).map(|v| string(v, &path.key(key), d).map(str::to_owned))
    };
    let status = text("status", d);
    let field = text("field", d);
    let flag = text("flag", d);
    Some(EventPattern {
        kind,
        by,
        public,
        status: match status {
            Some(s) => Some(Status::parse(&s?)),
            None => None,
        },
        field: match field {
            Some(f) => Some(f?),
            None => None,
        },
        flag: match flag {
            Some(f) => Some(f?),
            None => None,
        },
    })
}

pub(crate) fn read_author(v: &Value, path: &impl crate::document::At, d: &mut Diagnostics) -> Option<Author> {
    match string(v, path, d)? {
        "agent" => Some(Author::Agent),
        "customer" => Some(Author::Customer),
        other => {
            d.error(
                Code::TicketInvalidEvent,
                path,
                format!("unknown author \"{other}\"; expected agent or customer"),
            );
            None
        }
    }
}

fn read_statuses(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Vec<Status>> {
    let list = array(v, path, d)?;
    let parsed: Vec<Option<Status>> =
        list.iter().enumerate().map(|(i, s)| string(s, &path.index(i), d).map(Status::parse)).collect();
    parsed.into_iter().collect()
}

fn read_slas(
    v: &Value,
    path: &Pointer,
    priorities: &[String],
    metrics: &[Metric],
    calendars: &[String],
    d: &mut Diagnostics,
) -> Option<Vec<Sla>> {
    let list = array(v, path, d)?;
    let mut out: Vec<Sla> = Vec::new();
    let mut ok = true;
    for (i, s) in list.iter().enumerate() {
        match read_sla(s, &path.index(i), priorities, metrics, calendars, d) {
            Some(sla) if out.iter().any(|o| o.name == sla.name) => {
                d.error(
                    Code::PolicyDuplicate,
                    &path.index(i).key("name"),
                    format!("SLA policy \"{}\" is defined twice", sla.name),
                );
                ok = false;
            }
            Some(sla) => out.push(sla),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// The index of metric `name`, or an unknown-metric problem at `path`.
pub(crate) fn metric_ref(
    name: &str,
    path: &Pointer,
    metrics: &[Metric],
    d: &mut Diagnostics,
) -> Option<usize> {
    let idx = metrics.iter().position(|m| m.name == name);
    if idx.is_none() {
        let names: Vec<&str> = metrics.iter().map(|m| m.name.as_str()).collect();
        d.error(
            Code::PolicyUnknownMetric,
            path,
            format!("unknown metric \"{name}\"; expected one of: {}", names.join(", ")),
        );
    }
    idx
}

fn read_sla(
    v: &Value,
    path: &Pointer,
    priorities: &[String],
    metrics: &[Metric],
    calendars: &[String],
    d: &mut Diagnostics,
) -> Option<Sla> {
    let map = object(v, path, d)?;
    check_keys(
        map,
        &["name", "when", "calendar", "targets", "pause", "warnings", "onPriorityChange"],
        &["name", "calendar", "targets"],
        path,
        d,
    );
    let name = map.get("name").and_then(|n| string(n, &path.key("name"), d)).map(str::to_owned);
    let when = match map.get("when") {
        Some(w) => condition::read(w, &path.key("when"), d).map(Some),
        None => Some(None),
    };
    let calendar = map.get("calendar").and_then(|c| {
        let cp = path.key("calendar");
        let name = string(c, &cp, d)?;
        if calendars.iter().any(|c| c == name) {
            Some(name.to_owned())
        } else {
            d.error(
                Code::PolicyUnknownCalendar,
                &cp,
                format!("unknown calendar \"{name}\"; expected one of: {}", calendars.join(", ")),
            );
            None
        }
    });
    let targets =
        map.get("targets").and_then(|t| read_targets(t, &path.key("targets"), priorities, metrics, d));
    let pause = match map.get("pause") {
        Some(p) => read_statuses(p, &path.key("pause"), d),
        None => Some(vec![Status::Pending, Status::OnHold]),
    };
    let warnings = match map.get("warnings") {
        Some(w) => read_warnings(w, &path.key("warnings"), metrics, d),
        None => Some(BTreeMap::new()),
    };
    let on_change = match map.get("onPriorityChange") {
        Some(o) => read_on_change(o, &path.key("onPriorityChange"), metrics, d),
        None => Some(BTreeMap::new()),
    };
    Some(Sla {
        name: name?,
        when: when?,
        calendar: calendar?,
        targets: targets?,
        pause: pause?,
        warnings: warnings?,
        on_priority_change: on_change?,
    })
}

type Targets = BTreeMap<usize, BTreeMap<usize, BusinessDuration>>;

fn read_targets(
    v: &Value,
    path: &Pointer,
    priorities: &[String],
    metrics: &[Metric],
    d: &mut Diagnostics,
) -> Option<Targets> {
    let map = object(v, path, d)?;
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (prio, per_metric) in map {
        let pp = path.key(prio);
        let p = priorities.iter().position(|x| x == prio);
        if p.is_none() {
            d.error(
                Code::PolicyUnknownPriority,
                &pp,
                format!("unknown priority \"{prio}\"; expected one of: {}", priorities.join(", ")),
            );
            ok = false;
        }
        let Some(mm) = object(per_metric, &pp, d) else {
            ok = false;
            continue;
        };
        let mut row = BTreeMap::new();
        for (metric, dur) in mm {
            let mp = pp.key(metric);
            let m = metric_ref(metric, &mp, metrics, d);
            let t = read_time(dur, &mp, d);
            match (m, t) {
                (Some(m), Some(t)) => {
                    row.insert(m, t);
                }
                _ => ok = false,
            }
        }
        if let Some(p) = p {
            out.insert(p, row);
        }
    }
    ok.then_some(out)
}

/// A business-time duration; business days are refused here, because a target must be a fixed
/// amount of business time for elapsed, remaining and percent to mean anything.
fn read_time(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<BusinessDuration> {
    let s = string(v, path, d)?;
    match s.parse::<Amount>() {
        Ok(Amount::Time(t)) => Some(t),
        Ok(Amount::Days(_)) => {
            d.error(
                Code::DurationInvalid,
                path,
                format!("invalid duration \"{s}\" here: business days are not a fixed amount of business time; write hours such as \"24h\""),
            );
            None
        }
        Err(e) => {
            d.push_error(e, path);
            None
        }
    }
}

fn read_warning_list(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Vec<(String, Warning)>> {
    let list = array(v, path, d)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (i, w) in list.iter().enumerate() {
        let wp = path.index(i);
        let Some(s) = string(w, &wp, d) else {
            ok = false;
            continue;
        };
        let parsed = match s.strip_suffix('%') {
            Some(n) => n
                .parse::<u32>()
                .ok()
                .filter(|p| (1..=100).contains(p) && !n.starts_with('+'))
                .map(Warning::Percent),
            None => match s.parse::<Amount>() {
                Ok(Amount::Time(t)) => Some(Warning::Before(t)),
                _ => None,
            },
        };
        match parsed {
            Some(w) => out.push((s.to_owned(), w)),
            None => {
                d.error(
                    Code::PolicyInvalidWarning,
                    &wp,
                    format!("invalid warning \"{s}\": expected a whole percentage of the target from 1% to 100% (\"75%\") or business time before due (\"30m\")"),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn read_warnings(
    v: &Value,
    path: &Pointer,
    metrics: &[Metric],
    d: &mut Diagnostics,
) -> Option<BTreeMap<usize, Vec<(String, Warning)>>> {
    match v {
        Value::Array(_) => {
            let list = read_warning_list(v, path, d)?;
            Some((0..metrics.len()).map(|m| (m, list.clone())).collect())
        }
        Value::Object(map) => {
            let mut out = BTreeMap::new();
            let mut ok = true;
            for (metric, list) in map {
                let mp = path.key(metric);
                let m = metric_ref(metric, &mp, metrics, d);
                match (m, read_warning_list(list, &mp, d)) {
                    (Some(m), Some(l)) => {
                        out.insert(m, l);
                    }
                    _ => ok = false,
                }
            }
            ok.then_some(out)
        }
        other => {
            d.error(
                Code::DocumentWrongType,
                path,
                format!(
                    "expected a list of warnings or an object of lists per metric, found {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

fn read_on_change(
    v: &Value,
    path: &Pointer,
    metrics: &[Metric],
    d: &mut Diagnostics,
) -> Option<BTreeMap<usize, OnPriorityChange>> {
    let map: &Map<String, Value> = object(v, path, d)?;
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (metric, mode) in map {
        let mp = path.key(metric);
        let m = metric_ref(metric, &mp, metrics, d);
        let mode = match string(mode, &mp, d) {
            Some("keep-elapsed") => Some(OnPriorityChange::KeepElapsed),
            Some("restart") => Some(OnPriorityChange::Restart),
            Some(other) => {
                d.error(
                    Code::DocumentWrongType,
                    &mp,
                    format!("unknown onPriorityChange \"{other}\"; expected keep-elapsed or restart"),
                );
                None
            }
            None => None,
        };
        match (m, mode) {
            (Some(m), Some(mode)) => {
                out.insert(m, mode);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(v: Value) -> Vec<String> {
        let mut d = Diagnostics::new();
        let m = read(&v, &mut d);
        match d.finish(m) {
            Ok(_) => vec![],
            Err(e) => e.diagnostics().iter().map(|x| format!("{} {}", x.code(), x.path())).collect(),
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let p = json!({
            "version": 1,
            "calendars": {"support": {"timeZone": "Mars/Base", "hours": {"mon": [["09:00", "17:00"]]}}},
            "priorities": ["P1", "P2"],
            "priority": {"default": "P9", "matrix": {"impact": ["hi", "lo"], "urgency": ["hi"], "table": [["P1"]]}},
            "slas": [{"name": "x", "calendar": "nope", "targets": {"P1": {"resolutoin": "4h"}}}]
        });
        assert_eq!(
            problems(p),
            [
                "calendar.unknown_time_zone /calendars/support/timeZone",
                "policy.matrix_shape /priority/matrix/table",
                "policy.unknown_priority /priority/default",
                "policy.unknown_calendar /slas/0/calendar",
                "policy.unknown_metric /slas/0/targets/P1/resolutoin",
            ]
        );
    }
}
