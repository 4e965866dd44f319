//! Reading a ticket straight from its JSON text, without a `serde_json::Value` in between.
//!
//! This is a fast path, not a second definition of a ticket. It gives an answer only for a valid
//! ticket written in the usual way, and `None` for anything else: a problem of any kind, a key
//! given twice, an `ack` event's `by` that is not text. The caller then reads the document the
//! checked way ([`super::read`]), which accepts or reports every problem with its path. For every
//! document it accepts, both ways give the same [`Ticket`]: the tests below, the `ticket_document`
//! fuzz target and `tests/policy.rs` (nesting) compare them.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Event, EventData, Ticket};
use crate::calendar::parse_instant;
use crate::policy::{Author, Status};

/// Text borrowed from the document when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(s))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Cow::Owned(s))
            }
        }
        d.deserialize_str(V).map(Text)
    }
}

/// Reads the value of a key into its slot, failing on a key given twice. The visitors below are
/// written out rather than derived because a derived struct would also accept an array, and
/// would take a `null` for a missing key.
macro_rules! set_once {
    ($slot:expr, $map:expr) => {{
        if $slot.is_some() {
            return Err(serde::de::Error::custom("duplicate key"));
        }
        // The value's own type: a `null` where text is expected fails, as in the checked reader.
        $slot = Some($map.next_value()?);
    }};
}

#[derive(Default)]
struct RawTicket<'a> {
    id: Option<Value>,
    created_at: Option<Text<'a>>,
    status: Option<Text<'a>>,
    fields: Option<Map<String, Value>>,
    events: Option<Vec<RawEvent<'a>>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for RawTicket<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawTicket<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a ticket object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut t = RawTicket::default();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    match &*key.0 {
                        "id" => set_once!(t.id, map),
                        "createdAt" => set_once!(t.created_at, map),
                        "status" => set_once!(t.status, map),
                        "fields" => set_once!(t.fields, map),
                        "events" => set_once!(t.events, map),
                        _ => return Err(serde::de::Error::custom("unknown key")),
                    }
                }
                Ok(t)
            }
        }
        d.deserialize_map(V)
    }
}

/// Every key any event may have; which of them an event of each type allows is checked after.
#[derive(Default)]
struct RawEvent<'a> {
    at: Option<Text<'a>>,
    kind: Option<Text<'a>>,
    status: Option<Text<'a>>,
    by: Option<Text<'a>>,
    public: Option<bool>,
    fields: Option<Map<String, Value>>,
    to: Option<Text<'a>>,
    level: Option<Value>,
    /// Read as a value though unused: skipping it would not apply serde_json's nesting limit,
    /// which the checked reader's parse does.
    reason: Option<Value>,
    flag: Option<Text<'a>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for RawEvent<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawEvent<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an event object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut e = RawEvent::default();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    match &*key.0 {
                        "at" => set_once!(e.at, map),
                        "type" => set_once!(e.kind, map),
                        "status" => set_once!(e.status, map),
                        "by" => set_once!(e.by, map),
                        "public" => set_once!(e.public, map),
                        "fields" => set_once!(e.fields, map),
                        "to" => set_once!(e.to, map),
                        "level" => set_once!(e.level, map),
                        "reason" => set_once!(e.reason, map),
                        "flag" => set_once!(e.flag, map),
                        _ => return Err(serde::de::Error::custom("unknown key")),
                    }
                }
                Ok(e)
            }
        }
        d.deserialize_map(V)
    }
}

/// The ticket in `text` if it is valid and this reader understands all of it; otherwise `None`.
pub(crate) fn read(text: &str) -> Option<Ticket> {
    ticket(serde_json::from_str(text).ok()?)
}

/// Reads the elements of the JSON array `text` one at a time and hands `each` every element's
/// index and `Ticket::from_json`'s answer for its text. A ticket the text reader takes is read in
/// one pass; any other element is first delimited (as `serde_json`'s `RawValue`) and then read the
/// usual way. Answers `false`, perhaps after some calls to `each`, when the text is not an array
/// walked this way to its end: the caller then starts over with
/// [`crate::document::each_in_array`], which reports the problem.
pub(crate) fn each_ticket(text: &str, mut each: impl FnMut(usize, Result<Ticket, crate::Error>)) -> bool {
    let b = text.as_bytes();
    let skip = |mut at: usize| {
        while matches!(b.get(at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            at += 1;
        }
        at
    };
    let mut at = skip(0);
    if b.get(at) != Some(&b'[') {
        return false;
    }
    at = skip(at + 1);
    if b.get(at) == Some(&b']') {
        return skip(at + 1) == b.len();
    }
    for i in 0.. {
        let Some(rest) = text.get(at..) else { return false };
        let mut one = serde_json::Deserializer::from_str(rest).into_iter::<RawTicket<'_>>();
        let fast = match one.next() {
            Some(Ok(raw)) => ticket(raw).map(|t| (t, one.byte_offset())),
            _ => None,
        };
        let length = match fast {
            Some((t, length)) => {
                each(i, Ok(t));
                length
            }
            None => {
                let mut one =
                    serde_json::Deserializer::from_str(rest).into_iter::<&serde_json::value::RawValue>();
                let Some(Ok(element)) = one.next() else { return false };
                each(i, Ticket::from_json(element.get()));
                one.byte_offset()
            }
        };
        at = skip(at + length);
        match b.get(at) {
            Some(b',') => at = skip(at + 1),
            Some(b']') => return skip(at + 1) == b.len(),
            _ => return false,
        }
    }
    false
}

fn ticket(raw: RawTicket<'_>) -> Option<Ticket> {
    let id = match raw.id? {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let created_at = parse_instant(&raw.created_at?.0).ok()?;
    let status = raw.status.map_or(Status::New, |s| Status::parse(&s.0));
    let fields = raw.fields.unwrap_or_default();
    let events = match raw.events {
        Some(list) => {
            let mut out = Vec::with_capacity(list.len());
            let mut last = created_at;
            for e in list {
                let event = event(e)?;
                // In time order, and none before the creation.
                if event.at < last {
                    return None;
                }
                last = event.at;
                out.push(event);
            }
            out
        }
        None => Vec::new(),
    };
    Some(Ticket { id, created_at, status, fields, events })
}

fn event(e: RawEvent<'_>) -> Option<Event> {
    let at: DateTime<Utc> = parse_instant(&e.at?.0).ok()?;
    let kind = e.kind?;
    // The keys each type allows besides `at` and `type`, as in the checked reader.
    let only = |status: bool, by: bool, public: bool, fields: bool, to: bool, escalate: bool, flag: bool| {
        (status || e.status.is_none())
            && (by || e.by.is_none())
            && (public || e.public.is_none())
            && (fields || e.fields.is_none())
            && (to || e.to.is_none())
            && (escalate || (e.level.is_none() && e.reason.is_none()))
            && (flag || e.flag.is_none())
    };
    let data = match &*kind.0 {
        "status" if only(true, false, false, false, false, false, false) => match e.status {
            Some(s) => EventData::Status(Status::parse(&s.0)),
            None => return None,
        },
        "reply" if only(false, true, true, false, false, false, false) => {
            let by = match &e.by {
                Some(b) if b.0 == "agent" => Author::Agent,
                Some(b) if b.0 == "customer" => Author::Customer,
                _ => return None,
            };
            let public = match (by, &e.public) {
                (_, Some(p)) => *p,
                (Author::Customer, None) => true,
                (Author::Agent, None) => return None,
            };
            EventData::Reply { by, public }
        }
        "update" if only(false, false, false, true, false, false, false) => match e.fields {
            Some(f) => EventData::Update(f),
            None => return None,
        },
        "assign" if only(false, false, false, false, true, false, false) => match e.to {
            Some(t) => EventData::Assign(Some(t.0.into_owned())),
            None => EventData::Assign(None),
        },
        "ack" if only(false, true, false, false, false, false, false) => EventData::Ack,
        "escalate" if only(false, false, false, false, false, true, false) => EventData::Escalate(e.level),
        "flag" if only(false, false, false, false, false, false, true) => match e.flag {
            Some(f) => EventData::Flag(f.0.into_owned()),
            None => return None,
        },
        _ => return None,
    };
    Some(Event { at, data })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::read;
    use crate::Ticket;

    /// The checked reader's answer for `text`.
    fn checked(text: &str) -> Result<Ticket, crate::Error> {
        Ticket::from_value(&serde_json::from_str::<Value>(text).unwrap())
    }

    /// Every ticket of the SLA vectors, the benchmark's realistic ticket, and one with every event
    /// type and every optional key, escapes and a numeric id.
    fn valid_tickets() -> Vec<String> {
        let mut out = Vec::new();
        let sla: Value = serde_json::from_str(include_str!("../../tests/vectors/sla.json")).unwrap();
        for case in sla["cases"].as_array().unwrap() {
            // As tests/vectors.rs writes them as ticket documents.
            let t = &case["ticket"];
            out.push(
                json!({"id": case["id"], "createdAt": t["createdAt"], "status": t["status"],
                       "fields": {"priority": t["priority"]}, "events": t["events"]})
                .to_string(),
            );
        }
        let bench: Value =
            serde_json::from_str(include_str!("../../benches/fixtures/realistic.json")).unwrap();
        out.push(bench["ticket"].to_string());
        out.push(
            json!({
                "id": 42, "createdAt": "2026-03-08T01:30:00-05:00", "status": "on-hold",
                "fields": {"tier": "gold", "tags": ["vip", "a\"b"], "n": 1.5, "deep": {"x": [null, true]}},
                "events": [
                    {"at": "2026-03-08T07:00:00Z", "type": "status", "status": "waiting\u{e9}"},
                    {"at": "2026-03-08T07:00:00Z", "type": "reply", "by": "agent", "public": false},
                    {"at": "2026-03-08T07:00:01Z", "type": "reply", "by": "customer"},
                    {"at": "2026-03-08T07:00:02Z", "type": "reply", "by": "customer", "public": false},
                    {"at": "2026-03-08T08:30:00+01:00", "type": "update", "fields": {"priority": "P1", "x": null}},
                    {"at": "2026-03-08T08:00:00Z", "type": "assign", "to": "l2\n"},
                    {"at": "2026-03-08T08:00:00Z", "type": "assign"},
                    {"at": "2026-03-08T08:00:00Z", "type": "ack", "by": "someone"},
                    {"at": "2026-03-08T08:00:00Z", "type": "ack"},
                    {"at": "2026-03-08T08:00:00Z", "type": "escalate", "level": null, "reason": {"any": 1}},
                    {"at": "2026-03-08T08:00:00Z", "type": "escalate", "level": 2},
                    {"at": "2026-03-08T08:00:00Z", "type": "escalate", "level": "managers"},
                    {"at": "2026-03-08T08:00:00Z", "type": "escalate"},
                    {"at": "2026-03-08T08:00:00.5Z", "type": "flag", "flag": "customer-requested-manager"}
                ]
            })
            .to_string(),
        );
        out.push(r#"{"createdAt":"2026-01-01T00:00:00Z","id":"T\u00e9-\"1\""}"#.to_owned());
        out
    }

    #[test]
    fn valid_tickets_read_the_same_both_ways() {
        for text in valid_tickets() {
            let fast = read(&text);
            assert!(fast.is_some(), "the text reader left a valid ticket to the checked one: {text}");
            assert_eq!(fast, Some(checked(&text).unwrap()), "{text}");
        }
    }

    /// Documents the checked reader rejects, each once: the text reader must leave them all to it.
    #[test]
    fn invalid_tickets_are_left_to_the_checked_reader() {
        let event =
            |extra: &str| format!(r#"{{"id":"T","createdAt":"2026-01-01T00:00:00Z","events":[{extra}]}}"#);
        let cases = [
            r#"["T","2026-01-01T00:00:00Z"]"#.to_owned(),
            r#"{"id":"T","createdAt":"2026-01-01T00:00:00Z","stat":"open"}"#.to_owned(),
            r#"{"id":"T","createdAt":"2026-01-01T00:00:00Z","status":null}"#.to_owned(),
            r#"{"id":"T","createdAt":"2026-01-01T00:00:00Z","fields":null}"#.to_owned(),
            r#"{"id":"T","createdAt":"2026-01-01T00:00:00Z","fields":[]}"#.to_owned(),
            r#"{"id":"T","createdAt":"2026-01-01T00:00:00Z","events":{}}"#.to_owned(),
            r#"{"id":true,"createdAt":"2026-01-01T00:00:00Z"}"#.to_owned(),
            r#"{"id":null,"createdAt":"2026-01-01T00:00:00Z"}"#.to_owned(),
            r#"{"createdAt":"2026-01-01T00:00:00Z"}"#.to_owned(),
            r#"{"id":"T"}"#.to_owned(),
            r#"{"id":"T","createdAt":"2026-01-01T00:00:00"}"#.to_owned(),
            r#"{"id":"T","createdAt":"yesterday"}"#.to_owned(),
            event(r#"["2026-01-02T00:00:00Z","ack"]"#),
            event(r#"{"at":"2025-12-31T23:59:59Z","type":"ack"}"#),
            event(r#"{"at":"2026-01-03T00:00:00Z","type":"ack"},{"at":"2026-01-02T00:00:00Z","type":"ack"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"telepathy"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z"}"#),
            event(r#"{"type":"ack"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"ack","color":"red"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"status"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"status","status":"open","by":"agent"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"status","status":null}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"reply","by":"agent"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"reply","by":"robot","public":true}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"reply","by":"customer","public":"yes"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"reply","public":true}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"update"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"update","fields":"x"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"assign","to":null}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"ack","level":1}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"escalate","flag":"x"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"flag"}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":"flag","flag":7}"#),
            event(r#"{"at":"2026-01-02T00:00:00Z","type":null}"#),
        ];
        for text in cases {
            assert!(checked(&text).is_err(), "not an invalid ticket: {text}");
            assert_eq!(read(&text), None, "{text}");
            assert_eq!(Ticket::from_json(&text), checked(&text), "{text}");
        }
    }

    /// Valid documents the text reader does not take (a repeated key, an `ack` by a non-string):
    /// `Ticket::from_json` still reads them, the checked way.
    #[test]
    fn the_checked_reader_takes_what_the_text_reader_leaves() {
        for text in [
            r#"{"id":"T","id":"U","createdAt":"2026-01-01T00:00:00Z"}"#,
            r#"{"id":"T","createdAt":"2026-01-01T00:00:00Z","events":[{"at":"2026-01-02T00:00:00Z","type":"ack","by":{"name":"x"}}]}"#,
        ] {
            assert_eq!(read(text), None);
            let t = Ticket::from_json(text).unwrap();
            assert_eq!(t, checked(text).unwrap());
        }
    }

    /// `each_ticket` against the two-pass walk it replaces: wherever it finishes, every element
    /// gets what `each_in_array` and `Ticket::from_json` give it; it finishes on every well-formed
    /// array, and leaves the others (whose error the two-pass walk reports) to the caller.
    #[test]
    fn one_pass_batches_read_as_element_by_element() {
        let good = valid_tickets();
        let (a, b) = (&good[0], &good[good.len() - 2]);
        let well_formed = [
            "[]".to_owned(),
            " [ ] ".to_owned(),
            format!("[{a}]"),
            format!("[{a},{b}]"),
            format!("\n[\t{a} ,\r\n {b}\n]\n"),
            format!("[{a}, 7, null, \"x\", [1, [2]], {{\"id\": \"]\"}}, {b}]"),
            format!("[{}]", good.join(",")),
            format!(r#"[{{"id":"T","id":"U","createdAt":"2026-01-01T00:00:00Z"}}, {a}]"#),
            r#"[{"id": "a,]b", "createdAt": "2026-01-01T00:00:00Z", "fields": {"k": "[,]"}}]"#.to_owned(),
        ];
        let malformed = [
            "".to_owned(),
            "{}".to_owned(),
            "[".to_owned(),
            format!("[{a}"),
            format!("[{a},]"),
            format!("[{a}] x"),
            format!("[{a} {b}]"),
            format!("[,{a}]"),
            format!("[{a},,{b}]"),
            "[1 2]".to_owned(),
            "[\"unterminated]".to_owned(),
        ];
        let two_pass = |text: &str| {
            let mut out = Vec::new();
            let done =
                crate::document::each_in_array(text, "tickets", |i, t| out.push((i, Ticket::from_json(t))));
            done.map(|()| out)
        };
        for (text, formed) in
            well_formed.iter().map(|t| (t, true)).chain(malformed.iter().map(|t| (t, false)))
        {
            let mut out = Vec::new();
            let finished = super::each_ticket(text, |i, t| out.push((i, t)));
            assert_eq!(finished, formed, "{text}");
            if finished {
                assert_eq!(Ok(out), two_pass(text), "{text}");
            } else {
                assert!(two_pass(text).is_err(), "{text}");
            }
        }
    }

    fn pick(values: Vec<Value>) -> impl Strategy<Value = Value> {
        proptest::sample::select(values)
    }

    /// One event of a random type, mostly well formed: its keys are those of its type, with
    /// valid values, and one time in two one key is then removed or set, mostly to a value of the right type for
    /// that key (so that a key the type does not allow is caught by the key, not by its value).
    fn any_event() -> impl Strategy<Value = Value> {
        let at = pick(vec![
            json!("2026-01-02T00:00:00Z"),
            json!("2026-01-02T23:00:00+02:00"),
            json!("2026-01-04T00:00:00.250Z"),
            json!("2026-01-02T00:00:00"),
        ]);
        let value = pick(vec![
            json!("agent"),
            json!(true),
            json!(null),
            json!(3),
            json!({"tier": "gold"}),
            json!([1]),
        ]);
        // A key and a value of the right type for it (when some event type allows it), or any value.
        let keyed = [
            ("at", json!("2026-01-03T00:00:00Z")),
            ("type", json!("ack")),
            ("status", json!("open")),
            ("by", json!("agent")),
            ("public", json!(true)),
            ("fields", json!({"tier": "gold"})),
            ("to", json!("l2")),
            ("level", json!(2)),
            ("reason", json!("late")),
            ("flag", json!("vip")),
            ("extra", json!(1)),
        ];
        let keys = keyed.each_ref().map(|(k, _)| *k);
        let change = prop_oneof![
            1 => Just(None),
            1 => (0..keys.len(), any::<bool>(), proptest::option::weighted(0.7, Just(())), value)
                .prop_map(move |(k, remove, fitting, v)| Some((k, remove, if fitting.is_some() { keyed[k].1.clone() } else { v })))
        ];
        (at, 0..8usize, any::<[bool; 3]>(), change).prop_map(move |(at, kind, opt, change)| {
            let mut e = serde_json::Map::new();
            e.insert("at".into(), at);
            let mut put = |k: &str, v: Value| {
                e.insert(k.into(), v);
            };
            match kind {
                0 => {
                    put("type", json!("status"));
                    put("status", json!(if opt[0] { "open" } else { "pending" }));
                }
                1 => {
                    put("type", json!("reply"));
                    put("by", json!(if opt[0] { "agent" } else { "customer" }));
                    if opt[1] {
                        put("public", json!(opt[2]));
                    }
                }
                2 => {
                    put("type", json!("update"));
                    put("fields", json!({"tier": "silver"}));
                }
                3 => {
                    put("type", json!("assign"));
                    if opt[0] {
                        put("to", json!("l2"));
                    }
                }
                4 => {
                    put("type", json!("ack"));
                    if opt[0] {
                        put("by", json!("ann"));
                    }
                }
                5 => {
                    put("type", json!("escalate"));
                    if opt[0] {
                        put("level", if opt[1] { json!(2) } else { json!(null) });
                    }
                    if opt[2] {
                        put("reason", json!("late"));
                    }
                }
                6 => {
                    put("type", json!("flag"));
                    put("flag", json!("vip"));
                }
                _ => put("type", json!("other")),
            }
            if let Some((k, remove, v)) = change {
                if remove {
                    e.remove(keys[k]);
                } else {
                    e.insert(keys[k].into(), v);
                }
            }
            Value::Object(e)
        })
    }

    fn any_ticket() -> impl Strategy<Value = Value> {
        let id = prop_oneof![4 => Just(json!("T-1")), 1 => pick(vec![json!(7), json!(1.5), json!(true), json!(null)])];
        let created = prop_oneof![
            4 => Just(json!("2026-01-01T00:00:00Z")),
            1 => pick(vec![json!("2026-01-03T00:00:00Z"), json!("2026-01-01")])
        ];
        let status = pick(vec![json!("open"), json!("solved"), json!(null), json!(1)]);
        let fields = pick(vec![json!({"tier": "gold", "tags": ["a"]}), json!({}), json!([]), json!(null)]);
        (
            proptest::option::weighted(0.95, id),
            proptest::option::weighted(0.95, created),
            proptest::option::of(status),
            proptest::option::of(fields),
            proptest::option::of(proptest::collection::vec(any_event(), 0..4)),
            proptest::bool::weighted(0.05),
        )
            .prop_map(|(id, created, status, fields, events, extra)| {
                let mut t = serde_json::Map::new();
                for (k, v) in [("id", id), ("createdAt", created), ("status", status), ("fields", fields)] {
                    if let Some(v) = v {
                        t.insert(k.into(), v);
                    }
                }
                if let Some(events) = events {
                    t.insert("events".into(), Value::Array(events));
                }
                if extra {
                    t.insert("priority".into(), json!("P1"));
                }
                Value::Object(t)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        /// On any document, the text reader either declines or agrees with the checked reader,
        /// and never takes a document the checked reader rejects.
        #[test]
        fn the_text_reader_agrees_with_the_checked_reader(doc in any_ticket()) {
            let text = doc.to_string();
            let checked = Ticket::from_value(&doc);
            if let Some(fast) = read(&text) {
                prop_assert_eq!(Ok(fast), checked.clone());
            }
            prop_assert_eq!(Ticket::from_json(&text), checked);
        }
    }
}
