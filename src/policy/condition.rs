//! The condition language used wherever a `when` appears.
//!
//! ```json
//! {"field": "channel", "is": "twitter"}
//! {"field": "channel", "in": ["twitter", "facebook"]}
//! {"field": "tags", "contains": "vip"}
//! {"field": "ageHours", "gte": 24}
//! {"all": [...]}, {"any": [...]}, {"not": {...}}
//! ```
//!
//! A field is a ticket field or one of the derived fields `status`, `priority`, `reopens` and
//! `ageHours` (whole hours since creation). A missing field, or a value of another type, makes the
//! comparison false.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::document::{array, check_keys, object, string, type_name, Diagnostics};
use crate::error::{Code, Pointer};

/// The derived fields every condition can read.
pub const DERIVED_FIELDS: [&str; 4] = ["status", "priority", "reopens", "ageHours"];

/// How deep `all`/`any`/`not` may nest.
pub const MAX_DEPTH: usize = 32;

/// The field a comparison reads: a derived field, or a ticket field by name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The ticket's status.
    Status,
    /// The ticket's priority.
    Priority,
    /// How many times the ticket was reopened.
    Reopens,
    /// Whole hours since creation.
    AgeHours,
    /// A ticket field.
    Ticket(String),
}

impl core::fmt::Display for Field {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

impl Field {
    /// The field named `name`.
    pub fn parse(name: &str) -> Field {
        match name {
            "status" => Field::Status,
            "priority" => Field::Priority,
            "reopens" => Field::Reopens,
            "ageHours" => Field::AgeHours,
            other => Field::Ticket(other.to_owned()),
        }
    }

    /// The field's name as written.
    pub fn name(&self) -> &str {
        match self {
            Field::Status => "status",
            Field::Priority => "priority",
            Field::Reopens => "reopens",
            Field::AgeHours => "ageHours",
            Field::Ticket(name) => name,
        }
    }
}

/// A parsed condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// The field equals the value.
    Is(Field, Value),
    /// The field equals one of the values.
    In(Field, Vec<Value>),
    /// The field is a list that contains the value.
    Contains(Field, Value),
    /// The field is a number at least this.
    Gte(Field, f64),
    /// The field is a number at most this.
    Lte(Field, f64),
    /// Every condition holds (true when empty).
    All(Vec<Condition>),
    /// Some condition holds (false when empty).
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

/// What a condition reads: ticket fields plus the derived fields.
pub trait Facts {
    /// The value of a field, derived or not, or `None` when the ticket has no such field.
    fn get(&self, field: &Field) -> Option<Cow<'_, Value>>;

    /// The value of a text field without building a JSON value, where the facts can.
    fn get_str(&self, field: &Field) -> Option<Option<&str>> {
        let _ = field;
        None
    }
}

fn is_str(facts: &dyn Facts, f: &Field, v: &Value) -> bool {
    match (v, facts.get_str(f)) {
        (Value::String(want), Some(got)) => got == Some(want.as_str()),
        _ => facts.get(f).is_some_and(|x| *x == *v),
    }
}

impl Condition {
    /// Whether the condition holds for `facts`.
    pub fn matches(&self, facts: &dyn Facts) -> bool {
        match self {
            Condition::Is(f, v) => is_str(facts, f, v),
            Condition::In(f, vs) => vs.iter().any(|v| is_str(facts, f, v)),
            Condition::Contains(f, v) => {
                facts.get(f).is_some_and(|x| matches!(x.as_ref(), Value::Array(items) if items.contains(v)))
            }
            Condition::Gte(f, n) => facts.get(f).and_then(|x| x.as_f64()).is_some_and(|x| x >= *n),
            Condition::Lte(f, n) => facts.get(f).and_then(|x| x.as_f64()).is_some_and(|x| x <= *n),
            Condition::All(cs) => cs.iter().all(|c| c.matches(facts)),
            Condition::Any(cs) => cs.iter().any(|c| c.matches(facts)),
            Condition::Not(c) => !c.matches(facts),
        }
    }

    /// Whether the condition holds for every ticket (an empty `all`, or `not` of an empty `any`).
    pub fn is_always_true(&self) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(Condition::is_always_true),
            Condition::Any(cs) => cs.iter().any(Condition::is_always_true),
            Condition::Not(c) => c.is_never_true(),
            _ => false,
        }
    }

    fn is_never_true(&self) -> bool {
        match self {
            Condition::All(cs) => cs.iter().any(Condition::is_never_true),
            Condition::Any(cs) => cs.iter().all(Condition::is_never_true),
            Condition::Not(c) => c.is_always_true(),
            _ => false,
        }
    }

    /// The thresholds of `ageHours` comparisons, where the condition can change its answer.
    pub fn age_thresholds(&self, out: &mut Vec<f64>) {
        match self {
            Condition::Gte(Field::AgeHours, n) | Condition::Lte(Field::AgeHours, n) => out.push(*n),
            // `ageHours` is whole hours: `is` n holds from age n to n + 1, which the ticks at the
            // threshold n (ceiling n, floor n + 1) are.
            Condition::Is(Field::AgeHours, v) => out.extend(v.as_f64()),
            Condition::In(Field::AgeHours, vs) => out.extend(vs.iter().filter_map(Value::as_f64)),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.age_thresholds(out)),
            Condition::Not(c) => c.age_thresholds(out),
            _ => {}
        }
    }

    /// Whether the condition reads a field for which `pred` holds.
    pub fn reads(&self, pred: &impl Fn(&Field) -> bool) -> bool {
        match self {
            Condition::Is(f, _)
            | Condition::In(f, _)
            | Condition::Contains(f, _)
            | Condition::Gte(f, _)
            | Condition::Lte(f, _) => pred(f),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().any(|c| c.reads(pred)),
            Condition::Not(c) => c.reads(pred),
        }
    }

    /// The fields the condition reads.
    pub fn fields(&self, out: &mut Vec<String>) {
        match self {
            Condition::Is(f, _)
            | Condition::In(f, _)
            | Condition::Contains(f, _)
            | Condition::Gte(f, _)
            | Condition::Lte(f, _) => out.push(f.name().to_owned()),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.fields(out)),
            Condition::Not(c) => c.fields(out),
        }
    }
}

const OPERATORS: [&str; 5] = ["is", "in", "contains", "gte", "lte"];

/// Reads a condition at `path`, adding every problem to `d`.
pub(crate) fn read(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Condition> {
    read_at(v, path, 0, d)
}

fn read_at(v: &Value, path: &Pointer, depth: usize, d: &mut Diagnostics) -> Option<Condition> {
    if depth > MAX_DEPTH {
        d.error(Code::DocumentTooLarge, path, format!("conditions nest more than {MAX_DEPTH} levels deep"));
        return None;
    }
    let map = object(v, path, d)?;
    for combinator in ["all", "any"] {
        if let Some(list) = map.get(combinator) {
            check_keys(map, &[combinator], &[], path, d);
            let lp = path.key(combinator);
            let items = array(list, &lp, d)?;
            let parsed: Vec<Option<Condition>> =
                items.iter().enumerate().map(|(i, c)| read_at(c, &lp.index(i), depth + 1, d)).collect();
            let parsed: Option<Vec<Condition>> = parsed.into_iter().collect();
            return parsed
                .map(|cs| if combinator == "all" { Condition::All(cs) } else { Condition::Any(cs) });
        }
    }
    if let Some(inner) = map.get("not") {
        check_keys(map, &["not"], &[], path, d);
        return read_at(inner, &path.key("not"), depth + 1, d).map(|c| Condition::Not(Box::new(c)));
    }
    let Some(field_v) = map.get("field") else {
        d.error(
            Code::ConditionInvalid,
            path,
            "expected a condition: {\"field\", and one of is, in, contains, gte, lte}, or all, any, not",
        );
        return None;
    };
    let field = Field::parse(string(field_v, &path.key("field"), d)?);
    let ops: Vec<&String> = map.keys().filter(|k| k.as_str() != "field").collect();
    let [op] = ops.as_slice() else {
        if ops.is_empty() {
            d.error(
                Code::ConditionInvalid,
                path,
                format!(
                    "condition on \"{field}\" has no operator; expected one of: {}",
                    OPERATORS.join(", ")
                ),
            );
        } else {
            d.error(
                Code::ConditionInvalid,
                path,
                format!("condition on \"{field}\" has {} operators; expected exactly one", ops.len()),
            );
        }
        return None;
    };
    let op = op.as_str();
    let op_path = path.key(op);
    let value = map.get(op)?;
    match op {
        "is" => scalar(value, &op_path, d).map(|v| Condition::Is(field, v)),
        "contains" => scalar(value, &op_path, d).map(|v| Condition::Contains(field, v)),
        "in" => {
            let items = array(value, &op_path, d)?;
            let vals: Option<Vec<Value>> =
                items.iter().enumerate().map(|(i, x)| scalar(x, &op_path.index(i), d)).collect();
            vals.map(|vs| Condition::In(field, vs))
        }
        "gte" | "lte" => match value.as_f64() {
            Some(n) if value.is_number() => {
                Some(if op == "gte" { Condition::Gte(field, n) } else { Condition::Lte(field, n) })
            }
            _ => {
                d.error(
                    Code::DocumentWrongType,
                    &op_path,
                    format!("expected a number, found {}", type_name(value)),
                );
                None
            }
        },
        other => {
            d.error(
                Code::ConditionUnknownOperator,
                &op_path,
                format!("unknown operator \"{other}\"; expected one of: {}", OPERATORS.join(", ")),
            );
            None
        }
    }
}

fn scalar(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Value> {
    match v {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Some(v.clone()),
        other => {
            d.error(
                Code::DocumentWrongType,
                path,
                format!("expected a string, number or boolean, found {}", type_name(other)),
            );
            None
        }
    }
}

/// Facts from a plain JSON object of fields (derived fields included as keys).
impl Facts for Map<String, Value> {
    fn get(&self, field: &Field) -> Option<Cow<'_, Value>> {
        Map::get(self, field.name()).map(Cow::Borrowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cond(v: Value) -> Condition {
        let mut d = Diagnostics::new();
        let c = read(&v, &Pointer::root(), &mut d);
        d.finish(c).unwrap()
    }

    fn facts(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn operators_match() {
        let f = facts(json!({"channel": "twitter", "tags": ["vip", "eu"], "seats": 500}));
        assert!(cond(json!({"field": "channel", "is": "twitter"})).matches(&f));
        assert!(cond(json!({"field": "channel", "in": ["email", "twitter"]})).matches(&f));
        assert!(cond(json!({"field": "tags", "contains": "vip"})).matches(&f));
        assert!(!cond(json!({"field": "channel", "contains": "twit"})).matches(&f));
        assert!(cond(json!({"field": "seats", "gte": 500})).matches(&f));
        assert!(!cond(json!({"field": "seats", "lte": 499})).matches(&f));
        assert!(!cond(json!({"field": "missing", "is": "x"})).matches(&f));
        assert!(cond(json!({"not": {"field": "missing", "is": "x"}})).matches(&f));
        assert!(cond(json!({"all": []})).matches(&f) && !cond(json!({"any": []})).matches(&f));
    }

    #[test]
    fn unknown_operator_is_reported_at_its_path() {
        let mut d = Diagnostics::new();
        let v = json!({"any": [{"field": "a", "is": 1}, {"field": "b", "matches": "x.*"}]});
        let c = read(&v, &Pointer::root().key("when"), &mut d);
        let e = d.finish(c).unwrap_err();
        assert_eq!(e.code(), Code::ConditionUnknownOperator);
        assert_eq!(e.path().as_str(), "/when/any/1/matches");
    }

    #[test]
    fn depth_is_limited() {
        let mut v = json!({"field": "a", "is": 1});
        for _ in 0..40 {
            v = json!({"not": v});
        }
        let mut d = Diagnostics::new();
        let c = read(&v, &Pointer::root(), &mut d);
        assert_eq!(d.finish(c).unwrap_err().code(), Code::DocumentTooLarge);
    }
}
