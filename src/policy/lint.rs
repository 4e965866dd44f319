//! Warnings about valid policies that are probably not what their author meant.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::condition::{Condition, Field};
use super::model::{PolicyModel, RuleAction};
use crate::calendar::Calendar;
use crate::error::{Code, Diagnostic, Pointer};

/// Runs every lint rule; diagnostics are warnings, in document order.
pub(crate) fn lint(model: &PolicyModel) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    unreachable_priorities(model, &mut out);
    overlapping_rules(model, &mut out);
    unreachable_slas(model, &mut out);
    short_targets(model, &mut out);
    out
}

fn unreachable_priorities(model: &PolicyModel, out: &mut Vec<Diagnostic>) {
    let mut made: BTreeSet<usize> = BTreeSet::new();
    made.insert(model.default_priority);
    if let Some(m) = &model.matrix {
        made.extend(m.table.iter().flatten().copied());
    }
    let last = model.priorities.len().saturating_sub(1);
    // Rules apply in order, each to what the previous ones produced.
    for r in &model.rules {
        let next: BTreeSet<usize> = match r.action {
            RuleAction::Set(p) => [p].into(),
            RuleAction::Raise(n) => made.iter().map(|p| p.saturating_sub(n)).collect(),
            RuleAction::Lower(n) => made.iter().map(|p| p.saturating_add(n).min(last)).collect(),
        };
        made.extend(next);
    }
    for (i, p) in model.priorities.iter().enumerate() {
        if !made.contains(&i) {
            out.push(Diagnostic::warning(
                Code::LintUnreachablePriority,
                Pointer::root().key("priorities").index(i),
                format!("no matrix cell, default or rule produces priority \"{p}\"; only a ticket's own priority field can set it"),
            ));
        }
    }
}

/// For a condition made of `is`/`in` tests joined by `all`, the allowed values per field.
fn constraints(c: &Condition) -> Option<BTreeMap<String, Vec<Value>>> {
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut add = |f: &Field, vals: Vec<Value>| match out.get_mut(f.name()) {
        Some(existing) => existing.retain(|v| vals.contains(v)),
        None => {
            out.insert(f.name().to_owned(), vals);
        }
    };
    match c {
        Condition::Is(f, v) => add(f, vec![v.clone()]),
        Condition::In(f, vs) => add(f, vs.clone()),
        Condition::All(cs) => {
            for c in cs {
                for (f, vals) in constraints(c)? {
                    add(&Field::parse(&f), vals);
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

/// Whether one ticket could match both conditions, as far as a simple analysis can tell.
fn may_overlap(a: &Condition, b: &Condition) -> bool {
    match (constraints(a), constraints(b)) {
        (Some(x), Some(y)) => {
            x.iter().all(|(f, va)| y.get(f).is_none_or(|vb| va.iter().any(|v| vb.contains(v))))
        }
        _ => true,
    }
}

fn overlapping_rules(model: &PolicyModel, out: &mut Vec<Diagnostic>) {
    for (j, rj) in model.rules.iter().enumerate() {
        for (i, ri) in model.rules.iter().enumerate().take(j) {
            if let (RuleAction::Set(a), RuleAction::Set(b)) = (ri.action, rj.action) {
                if a != b && may_overlap(&ri.when, &rj.when) {
                    out.push(Diagnostic::warning(
                        Code::LintOverlappingWhen,
                        Pointer::root().key("priority").key("rules").index(j).key("when"),
                        format!(
                            "rule {j} may match the same tickets as rule {i}; both set a priority and the later one wins, so their order matters"
                        ),
                    ));
                }
            }
        }
    }
}

fn unreachable_slas(model: &PolicyModel, out: &mut Vec<Diagnostic>) {
    for (j, sj) in model.slas.iter().enumerate() {
        let path = Pointer::root().key("slas").index(j);
        let blocker =
            model.slas.iter().take(j).find(|si| si.when.as_ref().is_none_or(Condition::is_always_true));
        if let Some(si) = blocker {
            out.push(Diagnostic::warning(
                Code::LintUnreachableSla,
                path,
                format!(
                    "SLA policy \"{}\" can never apply: \"{}\" before it applies to every ticket",
                    sj.name, si.name
                ),
            ));
            continue;
        }
        let Some(wj) = &sj.when else { continue };
        for (i, si) in model.slas.iter().enumerate().take(j) {
            if let Some(wi) = &si.when {
                if may_overlap(wi, wj) {
                    out.push(Diagnostic::warning(
                        Code::LintOverlappingWhen,
                        path.key("when"),
                        format!(
                            "SLA policy \"{}\" may match the same tickets as \"{}\" (slas/{i}); the first match wins, so their order matters",
                            sj.name, si.name
                        ),
                    ));
                }
            }
        }
    }
}

/// The shortest open period of a calendar's weekly hours and overrides, in milliseconds.
fn shortest_period(cal: &Calendar) -> Option<i64> {
    cal.shortest_interval_ms()
}

fn short_targets(model: &PolicyModel, out: &mut Vec<Diagnostic>) {
    // One warning per SLA policy, at its shortest such target, so that a policy of ordinary
    // short targets is not buried in warnings.
    for (s, sla) in model.slas.iter().enumerate() {
        let Some(shortest) = model.calendars.get(&sla.calendar).and_then(shortest_period) else { continue };
        let short: Vec<(usize, usize, i64)> = sla
            .targets
            .iter()
            .flat_map(|(p, row)| row.iter().map(move |(m, t)| (*p, *m, t.as_millis())))
            .filter(|(_, _, t)| *t < shortest)
            .collect();
        let Some(&(p, m, t)) = short.iter().min_by_key(|(_, _, t)| *t) else { continue };
        let (Some(pname), Some(metric)) = (model.priorities.get(p), model.metrics.get(m)) else { continue };
        let show = |ms: i64| crate::calendar::BusinessDuration::from_millis(ms).unwrap_or_default();
        out.push(Diagnostic::warning(
            Code::LintShortTarget,
            Pointer::root().key("slas").index(s).key("targets").key(pname).key(&metric.name),
            format!(
                "{} target(s) of SLA policy \"{}\" are shorter than the shortest open period ({}) of calendar \"{}\", the shortest being {} here: they can run out within one open period; is that intended?",
                short.len(),
                sla.name,
                show(shortest),
                sla.calendar,
                show(t)
            ),
        ));
    }
}
