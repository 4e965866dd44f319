//! The JSON request/response protocol of the conformance runner (`examples/conformance.rs`).
//!
//! One request is a JSON object with an `op`; the answer is `{"result": …}` or
//! `{"error": {"code", "path", "message"}}`, with instants in UTC `Z`. Paths point into the
//! request. The same function serves the native runner and the wasm package, so that both can be
//! compared byte for byte.
//!
//! | `op` | fields | result |
//! |---|---|---|
//! | `add`, `subtract` | `calendar`, `at`, `duration` | instant |
//! | `elapsed` | `calendar`, `from`, `to` | integer seconds |
//! | `isOpen` | `calendar`, `at` | boolean |
//! | `nextOpen`, `previousClose` | `calendar`, `at` | instant |
//! | `periods` | `calendar`, `from`, `to` | `[[start, end], …]` |
//! | `isBusinessDay` | `calendar`, `date` | boolean |
//! | `validate` | `calendar` | `true` |
//! | `evaluate` | `policy`, `ticket`, `now`, optional `options` (`{"trace": false}`) | the evaluation |
//! | `lint` | `policy` | `[{code, path, message, severity}]` |
//! | `timeline` | `policy`, `ticket`, `from`, `until` | the timeline |
//! | `summarize` | `policy`, `tickets`, `now` | the summary |
//! | `evaluateMany` | `policy`, `tickets`, `now`, optional `options` | `[{evaluation} or {error}]`, one per ticket |

use serde_json::{json, Map, Value};

use crate::calendar::{format_instant, parse_date, parse_instant, Amount, Calendar};
use crate::document::type_name;
use crate::error::{Code, Error, Pointer};
use crate::error::{Diagnostic, Severity};
use crate::evaluate::EvaluateOptions;
use crate::policy::Policy;
use crate::ticket::Ticket;

/// Answers one request line with one response line (no trailing newline).
///
/// # Example
/// ```
/// let out = escalon::request::handle_line(r#"{"calendar": "24x7", "op": "add", "at": "2015-01-01T10:30:00Z", "duration": "10h"}"#);
/// assert_eq!(out, r#"{"result":"2015-01-01T20:30:00Z"}"#);
/// let out = escalon::request::handle_line("not json");
/// assert!(out.starts_with(r#"{"error":{"code":"request.invalid""#));
/// ```
pub fn handle_line(line: &str) -> String {
    let response = match serde_json::from_str::<Value>(line) {
        Ok(v) => handle(&v),
        Err(e) => {
            Err(Error::new(Code::RequestInvalid, Pointer::root(), format!("the request is not JSON: {e}")))
        }
    };
    let value = match response {
        Ok(result) => json!({ "result": result }),
        Err(e) => error_value(&e),
    };
    value.to_string()
}

/// The `{"error": …}` object of an error.
pub fn error_value(e: &Error) -> Value {
    json!({ "error": { "code": e.code().as_str(), "path": e.path().as_str(), "message": e.message() } })
}

/// Answers one parsed request with its `result` value.
///
/// # Errors
/// The error of the operation, with a path into the request.
pub fn handle(request: &Value) -> Result<Value, Error> {
    let map = match request {
        Value::Object(m) => m,
        other => {
            return Err(Error::new(
                Code::RequestInvalid,
                Pointer::root(),
                format!("expected a request object, found {}", type_name(other)),
            ))
        }
    };
    let op = match map.get("op") {
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(Error::new(
                Code::RequestInvalid,
                Pointer::root().key("op"),
                format!("expected a string, found {}", type_name(other)),
            ))
        }
        None => return Err(Error::new(Code::RequestInvalid, Pointer::root(), "missing key \"op\"")),
    };
    if matches!(op, "evaluate" | "evaluateMany" | "lint" | "timeline" | "summarize") {
        return handle_policy(map, op);
    }
    let fields: &[&str] = match op {
        "add" | "subtract" => &["at", "duration"],
        "elapsed" | "periods" => &["from", "to"],
        "isOpen" | "nextOpen" | "previousClose" => &["at"],
        "isBusinessDay" => &["date"],
        "validate" => &[],
        other => {
            return Err(Error::new(
                Code::RequestUnknownOp,
                Pointer::root().key("op"),
                format!(
                    "unknown op \"{other}\"; expected one of: add, subtract, elapsed, isOpen, nextOpen, previousClose, periods, isBusinessDay, validate, evaluate, evaluateMany, lint, timeline, summarize"
                ),
            ))
        }
    };
    check_fields(map, "calendar", fields)?;
    let cal = Calendar::from_value(field(map, "calendar")?)
        .map_err(|e| e.under(&Pointer::root().key("calendar")))?;
    let instant = |key: &str| -> Result<chrono::DateTime<chrono::Utc>, Error> {
        parse_instant(text(map, key)?).map_err(|e| e.under(&Pointer::root().key(key)))
    };
    let show = |t| Value::String(format_instant(t));
    Ok(match op {
        "add" | "subtract" => {
            let at = instant("at")?;
            let amount: Amount = text(map, "duration")?
                .parse()
                .map_err(|e: Error| e.under(&Pointer::root().key("duration")))?;
            show(if op == "add" { cal.add(at, amount)? } else { cal.subtract(at, amount)? })
        }
        "elapsed" => json!(cal.elapsed(instant("from")?, instant("to")?)?.as_secs()),
        "isOpen" => json!(cal.is_open(instant("at")?)?),
        "nextOpen" => show(cal.next_open(instant("at")?)?),
        "previousClose" => show(cal.previous_close(instant("at")?)?),
        "periods" => Value::Array(
            cal.periods(instant("from")?, instant("to")?)?
                .into_iter()
                .map(|p| json!([format_instant(p.start), format_instant(p.end)]))
                .collect(),
        ),
        "isBusinessDay" => {
            let date = parse_date(text(map, "date")?).map_err(|e| e.under(&Pointer::root().key("date")))?;
            json!(cal.is_business_day(date))
        }
        _ => Value::Bool(true),
    })
}

/// The JSON form of a diagnostic.
pub fn diagnostic_value(d: &Diagnostic) -> Value {
    json!({
        "code": d.code().as_str(),
        "path": d.path().as_str(),
        "message": d.message(),
        "severity": if d.severity() == Severity::Error { "error" } else { "warning" },
    })
}

fn handle_policy(map: &Map<String, Value>, op: &str) -> Result<Value, Error> {
    let fields: &[&str] = match op {
        "evaluate" => &["ticket", "now", "options"],
        "timeline" => &["ticket", "from", "until"],
        "evaluateMany" => &["tickets", "now", "options"],
        "summarize" => &["tickets", "now"],
        _ => &[],
    };
    check_fields(map, "policy", fields)?;
    let policy =
        Policy::from_value(field(map, "policy")?).map_err(|e| e.under(&Pointer::root().key("policy")))?;
    let at = |key: &str| parse_instant(text(map, key)?).map_err(|e| e.under(&Pointer::root().key(key)));
    let to_value = |v: Result<Value, serde_json::Error>| v.map_err(|e| Error::internal(e.to_string()));
    let ticket = |v: &Value, path: Pointer| Ticket::from_value(v).map_err(|e| e.under(&path));
    let tickets = || -> Result<&Vec<Value>, Error> {
        match field(map, "tickets")? {
            Value::Array(a) => Ok(a),
            other => Err(Error::new(
                Code::RequestInvalid,
                Pointer::root().key("tickets"),
                format!("expected an array, found {}", type_name(other)),
            )),
        }
    };
    let options = match map.get("options") {
        Some(v) => EvaluateOptions::from_value(v).map_err(|e| e.under(&Pointer::root().key("options")))?,
        None => EvaluateOptions::default(),
    };
    match op {
        "lint" => Ok(Value::Array(policy.lint().iter().map(diagnostic_value).collect())),
        "evaluate" => {
            let t = ticket(field(map, "ticket")?, Pointer::root().key("ticket"))?;
            let mut evaluation =
                policy.evaluate(&t, at("now")?).map_err(|e| e.under(&Pointer::root().key("ticket")))?;
            options.apply(&mut evaluation);
            to_value(serde_json::to_value(&evaluation))
        }
        "timeline" => {
            let t = ticket(field(map, "ticket")?, Pointer::root().key("ticket"))?;
            to_value(serde_json::to_value(policy.timeline(&t, at("from")?, at("until")?)?))
        }
        "summarize" => {
            let list = tickets()?;
            let mut parsed = Vec::with_capacity(list.len());
            for (i, t) in list.iter().enumerate() {
                parsed.push(ticket(t, Pointer::root().key("tickets").index(i))?);
            }
            to_value(serde_json::to_value(policy.summarize(&parsed, at("now")?)?))
        }
        _ => {
            // evaluateMany: one answer per ticket; a bad ticket does not stop the batch.
            let now = at("now")?;
            let mut out = Vec::new();
            for (i, t) in tickets()?.iter().enumerate() {
                let path = Pointer::root().key("tickets").index(i);
                let answer = ticket(t, path.clone())
                    .and_then(|t| policy.evaluate(&t, now).map_err(|e| e.under(&path)));
                out.push(match answer {
                    Ok(mut e) => {
                        options.apply(&mut e);
                        json!({ "evaluation": to_value(serde_json::to_value(&e))? })
                    }
                    Err(e) => error_value(&e),
                });
            }
            Ok(Value::Array(out))
        }
    }
}

fn check_fields(map: &Map<String, Value>, document: &str, fields: &[&str]) -> Result<(), Error> {
    for key in map.keys() {
        if key != "op" && key != document && !fields.contains(&key.as_str()) {
            return Err(Error::new(
                Code::RequestInvalid,
                Pointer::root().key(key),
                format!("unknown request key \"{key}\""),
            ));
        }
    }
    Ok(())
}

fn field<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a Value, Error> {
    map.get(key)
        .ok_or_else(|| Error::new(Code::RequestInvalid, Pointer::root(), format!("missing key \"{key}\"")))
}

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a str, Error> {
    match field(map, key)? {
        Value::String(s) => Ok(s),
        other => Err(Error::new(
            Code::RequestInvalid,
            Pointer::root().key(key),
            format!("expected a string, found {}", type_name(other)),
        )),
    }
}
