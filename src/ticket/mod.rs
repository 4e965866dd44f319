//! Ticket documents: creation, fields and a time-ordered event log.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::calendar::parse_instant;
use crate::document::{check_keys, object, parse_json, string, type_name, At, Diagnostics};
use crate::error::{Code, Error, Pointer};
use crate::policy::read::read_author;
use crate::policy::{Author, Status};

mod text;

/// What [`read_batch`] hands its caller.
pub(crate) enum Batch {
    /// The ticket at this index of the array, or why it is not one.
    Ticket(usize, Result<Ticket, Error>),
    /// Forget every ticket handed so far: they are read again from the first.
    Restart,
}

/// Reads the JSON array of tickets `text` one ticket at a time, each as [`Ticket::from_json`]
/// reads it: in one pass when the array is well formed; otherwise it restarts and reads the
/// elements one by one, so that a problem with the array itself is reported with its line and
/// column (`what` names the elements when the text is not an array).
pub(crate) fn read_batch(text: &str, what: &str, mut each: impl FnMut(Batch)) -> Result<(), Error> {
    if text::each_ticket(text, |i, t| each(Batch::Ticket(i, t))) {
        return Ok(());
    }
    each(Batch::Restart);
    crate::document::each_in_array(text, what, |i, t| each(Batch::Ticket(i, Ticket::from_json(t))))
}

/// What happened in one event.
#[derive(Clone, Debug, PartialEq)]
pub enum EventData {
    /// The status changed.
    Status(Status),
    /// A reply; an agent's internal note has `public: false`.
    Reply {
        /// Who wrote it.
        by: Author,
        /// Whether the customer sees it.
        public: bool,
    },
    /// Fields changed (a `priority` field is the agent's choice of priority).
    Update(Map<String, Value>),
    /// The ticket was assigned.
    Assign(Option<String>),
    /// The owner acknowledged the ticket.
    Ack,
    /// A manual escalation, optionally to a named or numbered level.
    Escalate(Option<Value>),
    /// A flag was raised, such as `customer-requested-manager`.
    Flag(String),
}

/// One event of a ticket's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// What happened.
    pub data: EventData,
}

/// A ticket: what was known at creation and every event since, in time order.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    /// The ticket's id, as text.
    pub id: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Its status at creation (`new` when the document gives none).
    pub status: Status,
    /// Its fields at creation.
    pub fields: Map<String, Value>,
    /// Its events, in time order; events at one instant apply in the listed order.
    pub events: Vec<Event>,
}

impl Ticket {
    /// Parses and validates a ticket document (JSON text).
    ///
    /// A valid ticket is read straight from the text; anything else is read as
    /// [`Ticket::from_value`] reads it, so the answer is always the same as parsing the text and
    /// calling that, only faster.
    ///
    /// # Errors
    /// `document.syntax` for malformed JSON; otherwise every problem at once.
    pub fn from_json(text: &str) -> Result<Ticket, Error> {
        match text::read(text) {
            Some(t) => Ok(t),
            None => Ticket::from_value(&parse_json(text)?),
        }
    }

    /// Validates a ticket document already parsed as JSON.
    ///
    /// # Errors
    /// Every problem at once; an event out of time order is `ticket.events_out_of_order` at
    /// `/events/N/at`.
    ///
    /// # Example
    /// ```
    /// let t = escalon::Ticket::from_value(&serde_json::json!({
    ///     "id": "T-1", "createdAt": "2026-06-16T08:00:00Z",
    ///     "events": [{"at": "2026-06-16T07:00:00Z", "type": "ack"}]
    /// }));
    /// assert_eq!(t.unwrap_err().code().as_str(), "ticket.events_out_of_order");
    /// ```
    pub fn from_value(v: &Value) -> Result<Ticket, Error> {
        let mut d = Diagnostics::new();
        let t = read(v, &Pointer::root(), &mut d);
        d.finish(t)
    }
}

fn instant(v: &Value, path: &impl At, d: &mut Diagnostics) -> Option<DateTime<Utc>> {
    let s = string(v, path, d)?;
    match parse_instant(s) {
        Ok(t) => Some(t),
        Err(e) => {
            d.push_error(e, path);
            None
        }
    }
}

/// Reads a ticket at `path`, adding every problem to `d`.
pub(crate) fn read(v: &Value, path: &Pointer, d: &mut Diagnostics) -> Option<Ticket> {
    let map = object(v, path, d)?;
    check_keys(map, &["id", "createdAt", "status", "fields", "events"], &["id", "createdAt"], path, d);
    let id = match map.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            d.error(
                Code::DocumentWrongType,
                &path.key("id"),
                format!("expected a string or a number, found {}", type_name(other)),
            );
            None
        }
        None => None,
    };
    let created_at = map.get("createdAt").and_then(|c| instant(c, &|| path.key("createdAt"), d));
    let status = match map.get("status") {
        Some(s) => string(s, &|| path.key("status"), d).map(Status::parse),
        None => Some(Status::New),
    };
    let fields = match map.get("fields") {
        Some(f) => object(f, &|| path.key("fields"), d).cloned(),
        None => Some(Map::new()),
    };
    let events = match map.get("events") {
        Some(e) => read_events(e, &|| path.key("events"), created_at, d),
        None => Some(Vec::new()),
    };
    Some(Ticket { id: id?, created_at: created_at?, status: status?, fields: fields?, events: events? })
}

fn read_events(
    v: &Value,
    path: &impl At,
    created: Option<DateTime<Utc>>,
    d: &mut Diagnostics,
) -> Option<Vec<Event>> {
    let list = crate::document::array(v, path, d)?;
    let mut out = Vec::with_capacity(list.len());
    let mut ok = true;
    let mut last: Option<(usize, DateTime<Utc>)> = None;
    for (i, e) in list.iter().enumerate() {
        let ep = || path.pointer().index(i);
        let event = read_event(e, &ep, d);
        // Time order is checked on every event whose instant reads, valid otherwise or not.
        let at = event
            .as_ref()
            .map(|ev| ev.at)
            .or_else(|| e.get("at").and_then(Value::as_str).and_then(|s| parse_instant(s).ok()));
        if let Some(at) = at {
            if let Some(c) = created.filter(|c| at < *c) {
                d.error(
                    Code::TicketEventsOutOfOrder,
                    &ep().key("at"),
                    format!(
                        "event {i} at {} is before the ticket's creation at {}",
                        crate::format_instant(at),
                        crate::format_instant(c)
                    ),
                );
                ok = false;
            } else if let Some((j, t)) = last.filter(|(_, t)| at < *t) {
                d.error(
                    Code::TicketEventsOutOfOrder,
                    &ep().key("at"),
                    format!(
                        "event {i} at {} is before event {j} at {}; events must be in time order",
                        crate::format_instant(at),
                        crate::format_instant(t)
                    ),
                );
                ok = false;
            }
            last = Some((i, at));
        }
        match event {
            Some(ev) => {
                out.push(ev);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

const EVENT_TYPES: &str = "status, reply, update, assign, ack, escalate, flag";

fn read_event(v: &Value, path: &impl At, d: &mut Diagnostics) -> Option<Event> {
    let map = object(v, path, d)?;
    let child = |key: &'static str| move || path.pointer().key(key);
    let at = map.get("at").and_then(|a| instant(a, &child("at"), d));
    let Some(kind) = map.get("type").and_then(|t| string(t, &child("type"), d)) else {
        if !map.contains_key("type") {
            d.error(Code::DocumentMissingKey, path, "missing key \"type\"");
        }
        return None;
    };
    let keys: &[&str] = match kind {
        "status" => &["at", "type", "status"],
        "reply" => &["at", "type", "by", "public"],
        "update" => &["at", "type", "fields"],
        "assign" => &["at", "type", "to"],
        "ack" => &["at", "type", "by"],
        "escalate" => &["at", "type", "level", "reason"],
        "flag" => &["at", "type", "flag"],
        other => {
            d.error(
                Code::TicketInvalidEvent,
                &child("type"),
                format!("unknown event type \"{other}\"; expected one of: {EVENT_TYPES}"),
            );
            return None;
        }
    };
    let required: &[&str] = match kind {
        "status" => &["at", "status"],
        "reply" => &["at", "by"],
        "update" => &["at", "fields"],
        "flag" => &["at", "flag"],
        _ => &["at"],
    };
    check_keys(map, keys, required, path, d);
    let data = match kind {
        "status" => map
            .get("status")
            .and_then(|s| string(s, &child("status"), d))
            .map(|s| EventData::Status(Status::parse(s))),
        "reply" => {
            let by = map.get("by").and_then(|b| read_author(b, &child("by"), d));
            let public = match (by, map.get("public")) {
                (_, Some(Value::Bool(b))) => Some(*b),
                (_, Some(other)) => {
                    d.error(
                        Code::DocumentWrongType,
                        &child("public"),
                        format!("expected a boolean, found {}", type_name(other)),
                    );
                    None
                }
                // A customer's reply is always public; an agent's must say whether it is a note.
                (Some(Author::Customer), None) => Some(true),
                (Some(Author::Agent), None) => {
                    d.error(Code::DocumentMissingKey, path, "missing key \"public\": an agent reply must say whether it is public or an internal note");
                    None
                }
                (None, None) => None,
            };
            match (by, public) {
                (Some(by), Some(public)) => Some(EventData::Reply { by, public }),
                _ => None,
            }
        }
        "update" => map
            .get("fields")
            .and_then(|f| object(f, &child("fields"), d))
            .map(|f| EventData::Update(f.clone())),
        "assign" => match map.get("to") {
            Some(t) => string(t, &child("to"), d).map(|s| EventData::Assign(Some(s.to_owned()))),
            None => Some(EventData::Assign(None)),
        },
        "ack" => Some(EventData::Ack),
        "escalate" => Some(EventData::Escalate(map.get("level").cloned())),
        _ => {
            map.get("flag").and_then(|f| string(f, &child("flag"), d)).map(|f| EventData::Flag(f.to_owned()))
        }
    };
    Some(Event { at: at?, data: data? })
}
