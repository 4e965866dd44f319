//! Reading and validating the `escalation` part of a policy.

use std::collections::BTreeMap;

use serde_json::Value;

use super::model::{Action, Escalation, Level, LevelKind, Owner, Repeat, Rotation, Trigger};
use crate::calendar::{parse_date, parse_instant, Amount, BusinessDuration, Calendar, Recurrence};
use crate::document::{array, check_keys, object, string, type_name, Diagnostics};
use crate::error::{Code, Pointer};
use crate::policy::{condition, Metric};

fn duration(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Amount> {
    let s = string(v, path, d)?;
    match s.parse::<Amount>() {
        Ok(a) => Some(a),
        Err(e) => {
            d.push_error(e, path);
            None
        }
    }
}

fn time_only(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<BusinessDuration> {
    match duration(v, path, d)? {
        Amount::Time(t) => Some(t),
        Amount::Days(_) => {
            d.error(
                Code::DurationInvalid,
                path,
                "business days are not allowed here; write business time such as \"24h\"",
            );
            None
        }
    }
}

/// Reads `escalation`; `metrics` and `priorities` are the policy's, for references.
pub(crate) fn read(
    v: &Value,
    path: &Pointer,
    metrics: &[Metric],
    priorities: &[String],
    d: &mut Diagnostics,
) -> Option<Escalation> {
    let map = object(v, path, d)?;
    check_keys(map, &["levels", "rotations", "repeat", "deescalateWhenMet"], &["levels"], path, d);
    let rotations = match map.get("rotations") {
        Some(r) => read_rotations(r, &path.key("rotations"), d),
        None => Some(BTreeMap::new()),
    };
    let rotation_names: Vec<String> = match map.get("rotations") {
        Some(Value::Object(r)) => r.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let levels = map.get("levels").and_then(|l| {
        let lp = path.key("levels");
        let list = array(l, &lp, d)?;
        if list.is_empty() {
            d.error(
                Code::EscalationInvalidLevel,
                &lp,
                "expected at least one level: level 0 is the first owner",
            );
            return None;
        }
        let parsed: Vec<Option<Level>> = list
            .iter()
            .enumerate()
            .map(|(i, lv)| read_level(lv, &lp.index(i), i, metrics, priorities, &rotation_names, d))
            .collect();
        parsed.into_iter().collect::<Option<Vec<Level>>>()
    });
    let repeat = match map.get("repeat") {
        Some(r) => {
            let rp = path.key("repeat");
            let m = object(r, &rp, d)?;
            check_keys(m, &["every", "times"], &["every", "times"], &rp, d);
            let every = m.get("every").and_then(|e| time_only(e, &rp.key("every"), d));
            let times = match m.get("times").and_then(Value::as_u64).and_then(|t| u32::try_from(t).ok()) {
                Some(t) if (1..=100).contains(&t) => Some(t),
                _ => {
                    d.error(
                        Code::DocumentWrongType,
                        &rp.key("times"),
                        "expected a whole number of repeats from 1 to 100",
                    );
                    None
                }
            };
            match (every, times) {
                (Some(every), Some(times)) if every.as_millis() > 0 => Some(Some(Repeat { every, times })),
                (Some(_), Some(_)) => {
                    d.error(
                        Code::DurationInvalid,
                        &rp.key("every"),
                        "a repeat interval must be longer than zero",
                    );
                    None
                }
                _ => None,
            }
        }
        None => Some(None),
    };
    let deescalate = match map.get("deescalateWhenMet") {
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => {
            d.error(
                Code::DocumentWrongType,
                &path.key("deescalateWhenMet"),
                format!("expected a boolean, found {}", type_name(other)),
            );
            None
        }
        None => Some(false),
    };
    Some(Escalation {
        levels: levels?,
        rotations: rotations?,
        repeat: repeat?,
        deescalate_when_met: deescalate?,
    })
}

fn read_owner(v: &Value, path: &Pointer, rotations: &[String], d: &mut Diagnostics) -> Option<Owner> {
    let map = object(v, path, d)?;
    const KINDS: [&str; 5] = ["team", "role", "person", "rotation", "external"];
    let keys: Vec<&String> = map.keys().collect();
    let [key] = keys.as_slice() else {
        d.error(
            Code::EscalationInvalidOwner,
            path,
            format!("an owner has exactly one of: {}", KINDS.join(", ")),
        );
        return None;
    };
    let kp = path.key(key);
    let name = map.get(key.as_str()).and_then(|n| string(n, &kp, d))?.to_owned();
    match key.as_str() {
        "team" => Some(Owner::Team(name)),
        "role" => Some(Owner::Role(name)),
        "person" => Some(Owner::Person(name)),
        "external" => Some(Owner::External(name)),
        "rotation" if rotations.contains(&name) => Some(Owner::Rotation(name)),
        "rotation" => {
            d.error(
                Code::EscalationInvalidOwner,
                &kp,
                format!("unknown rotation \"{name}\"; expected one of: {}", rotations.join(", ")),
            );
            None
        }
        other => {
            d.error(
                Code::EscalationInvalidOwner,
                &kp,
                format!("unknown owner kind \"{other}\"; expected one of: {}", KINDS.join(", ")),
            );
            None
        }
    }
}

fn metric_index(v: &Value, path: &Pointer, metrics: &[Metric], d: &mut Diagnostics) -> Option<usize> {
    crate::policy::read::metric_ref(string(v, path, d)?, path, metrics, d)
}

const TRIGGERS: &str = "{metric, percent}, {metric, breached: true}, {metric, afterBreach}, {unacknowledgedFor}, {flag}, {when}, {ageOver}";

fn read_trigger(v: &Value, path: &Pointer, metrics: &[Metric], d: &mut Diagnostics) -> Option<Trigger> {
    let map = object(v, path, d)?;
    if let Some(m) = map.get("metric") {
        let metric = metric_index(m, &path.key("metric"), metrics, d);
        if map.contains_key("percent") {
            check_keys(map, &["metric", "percent"], &[], path, d);
            let percent = match map.get("percent").and_then(Value::as_u64).and_then(|p| u32::try_from(p).ok())
            {
                Some(p) if (1..=100).contains(&p) => Some(p),
                _ => {
                    d.error(
                        Code::EscalationInvalidTrigger,
                        &path.key("percent"),
                        "expected a whole percentage from 1 to 100",
                    );
                    None
                }
            };
            return Some(Trigger::Percent { metric: metric?, percent: percent? });
        }
        if let Some(b) = map.get("breached") {
            check_keys(map, &["metric", "breached"], &[], path, d);
            if b != &Value::Bool(true) {
                d.error(Code::EscalationInvalidTrigger, &path.key("breached"), "expected true");
                return None;
            }
            return Some(Trigger::Breached { metric: metric? });
        }
        if let Some(a) = map.get("afterBreach") {
            check_keys(map, &["metric", "afterBreach"], &[], path, d);
            let after = time_only(a, &path.key("afterBreach"), d);
            return Some(Trigger::AfterBreach { metric: metric?, after: after? });
        }
        d.error(
            Code::EscalationInvalidTrigger,
            path,
            "a metric trigger needs percent, breached or afterBreach",
        );
        return None;
    }
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    match keys.as_slice() {
        ["unacknowledgedFor"] => map
            .get("unacknowledgedFor")
            .and_then(|u| time_only(u, &path.key("unacknowledgedFor"), d))
            .map(Trigger::UnacknowledgedFor),
        ["flag"] => {
            map.get("flag").and_then(|f| string(f, &path.key("flag"), d)).map(|f| Trigger::Flag(f.to_owned()))
        }
        ["when"] => map.get("when").and_then(|w| condition::read(w, &path.key("when"), d)).map(Trigger::When),
        ["ageOver"] => {
            map.get("ageOver").and_then(|a| duration(a, &path.key("ageOver"), d)).map(Trigger::AgeOver)
        }
        _ => {
            d.error(Code::EscalationInvalidTrigger, path, format!("expected one trigger: {TRIGGERS}"));
            None
        }
    }
}

fn read_action(v: &Value, path: &Pointer, priorities: &[String], d: &mut Diagnostics) -> Option<Action> {
    let map = object(v, path, d)?;
    let kind = map.get("type").and_then(|t| string(t, &path.key("type"), d));
    match kind {
        Some("notify") => {
            check_keys(map, &["type"], &[], path, d);
            Some(Action::Notify)
        }
        Some("reassign") => {
            check_keys(map, &["type"], &[], path, d);
            Some(Action::Reassign)
        }
        Some("notifyCustomer") => {
            check_keys(map, &["type"], &[], path, d);
            Some(Action::NotifyCustomer)
        }
        Some("setPriority") => {
            check_keys(map, &["type", "priority"], &["priority"], path, d);
            let p = map.get("priority").and_then(|p| string(p, &path.key("priority"), d))?;
            if !priorities.iter().any(|x| x == p) {
                d.error(
                    Code::PolicyUnknownPriority,
                    &path.key("priority"),
                    format!("unknown priority \"{p}\"; expected one of: {}", priorities.join(", ")),
                );
                return None;
            }
            Some(Action::SetPriority { priority: p.to_owned() })
        }
        Some(other) => {
            d.error(Code::EscalationInvalidLevel, &path.key("type"), format!("unknown action \"{other}\"; expected one of: notify, reassign, setPriority, notifyCustomer"));
            None
        }
        None => {
            if !map.contains_key("type") {
                d.error(Code::DocumentMissingKey, path, "missing key \"type\"");
            }
            None
        }
    }
}

fn read_level(
    v: &Value,
    path: &Pointer,
    index: usize,
    metrics: &[Metric],
    priorities: &[String],
    rotations: &[String],
    d: &mut Diagnostics,
) -> Option<Level> {
    let map = object(v, path, d)?;
    check_keys(
        map,
        &["name", "kind", "owner", "when", "only", "actions"],
        &["name", "kind", "owner"],
        path,
        d,
    );
    let name = map.get("name").and_then(|n| string(n, &path.key("name"), d)).map(str::to_owned);
    let kind = match map.get("kind").and_then(|k| string(k, &path.key("kind"), d)) {
        Some("functional") => Some(LevelKind::Functional),
        Some("hierarchical") => Some(LevelKind::Hierarchical),
        Some(other) => {
            d.error(
                Code::EscalationInvalidLevel,
                &path.key("kind"),
                format!("unknown kind \"{other}\"; expected functional or hierarchical"),
            );
            None
        }
        None => None,
    };
    let owner = map.get("owner").and_then(|o| read_owner(o, &path.key("owner"), rotations, d));
    let when = match map.get("when") {
        Some(_) if index == 0 => {
            d.error(
                Code::EscalationInvalidLevel,
                &path.key("when"),
                "level 0 is the first owner and has no triggers",
            );
            None
        }
        Some(w) => {
            let wp = path.key("when");
            // One trigger object, or a list of them.
            let items: Vec<(Pointer, &Value)> = match w {
                Value::Array(list) => list.iter().enumerate().map(|(i, t)| (wp.index(i), t)).collect(),
                other => vec![(wp.clone(), other)],
            };
            let parsed: Vec<Option<Trigger>> =
                items.iter().map(|(p, t)| read_trigger(t, p, metrics, d)).collect();
            parsed.into_iter().collect::<Option<Vec<Trigger>>>()
        }
        None if index == 0 => Some(Vec::new()),
        None => {
            d.error(
                Code::EscalationInvalidLevel,
                path,
                format!("level {index} needs \"when\": at least one trigger"),
            );
            None
        }
    };
    let only = match map.get("only") {
        Some(_) if index == 0 => {
            d.error(Code::EscalationInvalidLevel, &path.key("only"), "level 0 applies to every ticket");
            None
        }
        Some(c) => condition::read(c, &path.key("only"), d).map(Some),
        None => Some(None),
    };
    let actions = match map.get("actions") {
        Some(a) => {
            let ap = path.key("actions");
            let list = array(a, &ap, d)?;
            let parsed: Vec<Option<Action>> =
                list.iter().enumerate().map(|(i, x)| read_action(x, &ap.index(i), priorities, d)).collect();
            parsed.into_iter().collect::<Option<Vec<Action>>>()
        }
        None => Some(Vec::new()),
    };
    Some(Level { name: name?, kind: kind?, owner: owner?, when: when?, only: only?, actions: actions? })
}

fn read_rotations(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<BTreeMap<String, Rotation>> {
    let map = object(v, path, d)?;
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (name, r) in map {
        match read_rotation(r, &path.key(name), d) {
            Some(rot) => {
                out.insert(name.clone(), rot);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_rotation(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Rotation> {
    let map = object(v, path, d)?;
    check_keys(
        map,
        &["timeZone", "members", "turn", "handoff", "start", "restrictions", "overrides"],
        &["timeZone", "members", "turn", "handoff", "start"],
        path,
        d,
    );
    let tz =
        map.get("timeZone").and_then(|z| string(z, &path.key("timeZone"), d)).and_then(|z| match z
            .parse::<chrono_tz::Tz>(
        ) {
            Ok(tz) => Some(tz),
            Err(_) => {
                d.error(
                    Code::CalendarUnknownTimeZone,
                    &path.key("timeZone"),
                    format!("unknown time zone \"{z}\": expected an IANA name such as \"America/New_York\""),
                );
                None
            }
        });
    let members = map.get("members").and_then(|m| {
        let mp = path.key("members");
        let list = array(m, &mp, d)?;
        if list.is_empty() {
            d.error(Code::EscalationInvalidRotation, &mp, "expected at least one member");
            return None;
        }
        let parsed: Vec<Option<String>> =
            list.iter().enumerate().map(|(i, x)| string(x, &mp.index(i), d).map(str::to_owned)).collect();
        parsed.into_iter().collect::<Option<Vec<String>>>()
    });
    let step_ms = map.get("turn").and_then(|t| {
        let tp = path.key("turn");
        let m = object(t, &tp, d)?;
        let keys: Vec<&String> = m.keys().collect();
        let unit = match keys.as_slice() {
            [k] if k.as_str() == "hours" => 3_600_000,
            [k] if k.as_str() == "days" => 86_400_000,
            [k] if k.as_str() == "weeks" => 7 * 86_400_000,
            _ => {
                d.error(
                    Code::EscalationInvalidRotation,
                    &tp,
                    "expected a turn length {\"hours\": n}, {\"days\": n} or {\"weeks\": n}",
                );
                return None;
            }
        };
        match m.values().next().and_then(Value::as_i64) {
            Some(n) if (1..=10_000).contains(&n) => Some(n * unit),
            _ => {
                d.error(
                    Code::EscalationInvalidRotation,
                    &tp,
                    "the turn length must be a whole number from 1 to 10000",
                );
                None
            }
        }
    });
    let handoff = map.get("handoff").and_then(|h| {
        let hp = path.key("handoff");
        let s = string(h, &hp, d)?;
        match crate::calendar::parse_time_of_day(s) {
            Ok(ms) if ms < 86_400_000 => Some(ms),
            Ok(_) => {
                d.error(Code::CalendarInvalidTime, &hp, "a handoff time must be before 24:00");
                None
            }
            Err(e) => {
                d.push_error(e, &hp);
                None
            }
        }
    });
    let start = map.get("start").and_then(|s| {
        let sp = path.key("start");
        match parse_date(string(s, &sp, d)?) {
            Ok(date) => Some(date),
            Err(e) => {
                d.push_error(e, &sp);
                None
            }
        }
    });
    let restrictions = match (map.get("restrictions"), tz) {
        (Some(r), Some(tz)) => Calendar::read_weekly(tz, r, &path.key("restrictions"), d).map(Some),
        (Some(_), None) => None,
        (None, _) => Some(None),
    };
    let overrides = match map.get("overrides") {
        Some(o) => {
            let op = path.key("overrides");
            let list = array(o, &op, d)?;
            let mut out = Vec::new();
            let mut ok = true;
            for (i, item) in list.iter().enumerate() {
                let ip = op.index(i);
                let Some(m) = object(item, &ip, d) else {
                    ok = false;
                    continue;
                };
                check_keys(m, &["from", "to", "member"], &["from", "to", "member"], &ip, d);
                let inst = |k: &str, d: &mut Diagnostics| {
                    let s = string(m.get(k)?, &ip.key(k), d)?;
                    match parse_instant(s) {
                        Ok(t) => Some(t.timestamp_millis()),
                        Err(e) => {
                            d.push_error(e, &ip.key(k));
                            None
                        }
                    }
                };
                let (from, to) = (inst("from", d), inst("to", d));
                let member = m.get("member").and_then(|x| string(x, &ip.key("member"), d)).map(str::to_owned);
                match (from, to, member) {
                    (Some(f), Some(t), Some(mem)) if f < t => out.push((f, t, mem)),
                    (Some(_), Some(_), Some(_)) => {
                        d.error(Code::CalendarInvertedInterval, &ip, "an override must end after it starts");
                        ok = false;
                    }
                    _ => ok = false,
                }
            }
            ok.then_some(out)
        }
        None => Some(Vec::new()),
    };
    let turns = match (tz, start, handoff, step_ms) {
        (Some(tz), Some(start), Some(h), Some(step)) => Recurrence::new(tz, start, h, step),
        _ => None,
    };
    Some(Rotation { members: members?, turns: turns?, restrictions: restrictions?, overrides: overrides? })
}
