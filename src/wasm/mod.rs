//! The WebAssembly surface: the only binding code of the crate. Every export converts, calls the
//! core and converts back; nothing here decides anything. Every export returns
//! `Result<_, JsValue>` and throws an `EscalonError`; none panics.

mod ascii;
mod convert;
mod error;

use std::cell::Cell;

use wasm_bindgen::prelude::*;

use crate::calendar::{format_instant, parse_date, Amount, Calendar};
use crate::error::{Error, Pointer};
use crate::policy::Policy;
use crate::ticket::Ticket;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

/// A business calendar (see the README for the document).
#[wasm_bindgen(js_name = Calendar)]
pub struct JsCalendar {
    inner: Calendar,
    /// The last duration argument, as the JS string it came as, and its reading: a loop that
    /// passes the same duration every call crosses and reads it once.
    last_duration: Cell<Option<(JsValue, Amount)>>,
}

impl std::fmt::Debug for JsCalendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsCalendar").field("inner", &self.inner).finish_non_exhaustive()
    }
}

#[wasm_bindgen(js_class = Calendar)]
impl JsCalendar {
    /// Validates a calendar document (an object, JSON text, or `"24x7"`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CalendarDocument | string")] doc: JsValue,
    ) -> Result<JsCalendar, JsValue> {
        let inner = if doc.as_string().as_deref() == Some("24x7") {
            Calendar::always_open()
        } else {
            Calendar::from_value(&convert::document(&doc, "the calendar")?)?
        };
        Ok(JsCalendar { inner, last_duration: Cell::new(None) })
    }

    /// The IANA name of the calendar's time zone.
    #[wasm_bindgen(getter, js_name = timeZone)]
    pub fn time_zone(&self) -> String {
        self.inner.time_zone().to_owned()
    }

    /// `at` plus a business duration (`"8h"`, `"1h 30m"`, `"2d"`, `"PT8H"`).
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn add(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
    ) -> Result<JsValue, JsValue> {
        Ok(ascii::instant(self.inner.add(convert::instant(&at, "at")?, self.amount(&duration)?)?))
    }

    /// `at` minus a business duration.
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn subtract(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
    ) -> Result<JsValue, JsValue> {
        Ok(ascii::instant(self.inner.subtract(convert::instant(&at, "at")?, self.amount(&duration)?)?))
    }

    /// Business seconds in `[from, to)`.
    pub fn elapsed(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] to: JsValue,
    ) -> Result<f64, JsValue> {
        let e = self.inner.elapsed(convert::instant(&from, "from")?, convert::instant(&to, "to")?)?;
        // Whole seconds of at most 10,000 years: exact in an f64.
        Ok(e.as_secs() as f64)
    }

    /// Whether `at` is open.
    #[wasm_bindgen(js_name = isOpen)]
    pub fn is_open(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<bool, JsValue> {
        Ok(self.inner.is_open(convert::instant(&at, "at")?)?)
    }

    /// The first open instant at or after `at`.
    #[wasm_bindgen(js_name = nextOpen, unchecked_return_type = "string")]
    pub fn next_open(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        Ok(ascii::instant(self.inner.next_open(convert::instant(&at, "at")?)?))
    }

    /// The end of the latest period that ends at or before `at`.
    #[wasm_bindgen(js_name = previousClose, unchecked_return_type = "string")]
    pub fn previous_close(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        Ok(ascii::instant(self.inner.previous_close(convert::instant(&at, "at")?)?))
    }

    /// The open periods in `[from, to)`, as `[start, end]` pairs.
    #[wasm_bindgen(unchecked_return_type = "[string, string][]")]
    pub fn periods(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] to: JsValue,
    ) -> Result<JsValue, JsValue> {
        let p = self.inner.periods(convert::instant(&from, "from")?, convert::instant(&to, "to")?)?;
        let pairs: Vec<[String; 2]> =
            p.iter().map(|p| [format_instant(p.start), format_instant(p.end)]).collect();
        Ok(convert::to_js(&pairs)?)
    }

    /// Whether the local date `YYYY-MM-DD` is a business day.
    #[wasm_bindgen(js_name = isBusinessDay)]
    pub fn is_business_day(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
    ) -> Result<bool, JsValue> {
        Ok(self.inner.is_business_day(convert::text(&date, "date", parse_date)?))
    }
}

/// The hot path: instants as epoch milliseconds (whole numbers), so that a call crosses the
/// boundary with numbers only. Durations are text as elsewhere; `elapsedMs` answers milliseconds.
/// The `*Many` forms take a `Float64Array` (or an array of numbers) and answer a `Float64Array`,
/// in one call. `null` and `undefined`, NaN, fractions, out-of-range values and array entries
/// that are not numbers are `instant.invalid`; other arguments are converted by JS before the
/// call, as for any number argument.
#[wasm_bindgen(js_class = Calendar)]
impl JsCalendar {
    /// `add` with epoch milliseconds in and out.
    #[wasm_bindgen(js_name = addMs)]
    pub fn add_ms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] at: Option<f64>,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
    ) -> Result<f64, JsValue> {
        Ok(self.shifted(at, &duration, Calendar::add_epoch_ms)?)
    }

    /// `subtract` with epoch milliseconds in and out.
    #[wasm_bindgen(js_name = subtractMs)]
    pub fn subtract_ms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] at: Option<f64>,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
    ) -> Result<f64, JsValue> {
        Ok(self.shifted(at, &duration, Calendar::subtract_epoch_ms)?)
    }

    /// Business milliseconds in `[from, to)`, both in epoch milliseconds.
    #[wasm_bindgen(js_name = elapsedMs)]
    pub fn elapsed_ms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] from: Option<f64>,
        #[wasm_bindgen(unchecked_param_type = "number")] to: Option<f64>,
    ) -> Result<f64, JsValue> {
        let from = convert::epoch_ms_given(from, || Pointer::root().key("from"))?;
        let to = convert::epoch_ms_given(to, || Pointer::root().key("to"))?;
        // At most the span between two instants of `Date`'s range: exact in an f64.
        Ok(self.inner.elapsed_ms(from, to)? as f64)
    }

    /// `isOpen` at epoch milliseconds.
    #[wasm_bindgen(js_name = isOpenMs)]
    pub fn is_open_ms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] at: Option<f64>,
    ) -> Result<bool, JsValue> {
        Ok(self.inner.is_open_ms(convert::epoch_ms_given(at, || Pointer::root().key("at"))?)?)
    }

    /// `nextOpen` with epoch milliseconds in and out.
    #[wasm_bindgen(js_name = nextOpenMs)]
    pub fn next_open_ms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] at: Option<f64>,
    ) -> Result<f64, JsValue> {
        Ok(ms_out(self.inner.add_ms(convert::epoch_ms_given(at, || Pointer::root().key("at"))?, 0)?)?)
    }

    /// `previousClose` with epoch milliseconds in and out.
    #[wasm_bindgen(js_name = previousCloseMs)]
    pub fn previous_close_ms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] at: Option<f64>,
    ) -> Result<f64, JsValue> {
        Ok(ms_out(self.inner.previous_close_ms(convert::epoch_ms_given(at, || Pointer::root().key("at"))?)?)?)
    }

    /// `add` for every instant of `at` (epoch milliseconds), in one call.
    #[wasm_bindgen(js_name = addMany)]
    pub fn add_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] at: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        Ok(self.each_shifted(&at, &duration, Calendar::add_epoch_ms)?)
    }

    /// `subtract` for every instant of `at` (epoch milliseconds), in one call.
    #[wasm_bindgen(js_name = subtractMany)]
    pub fn subtract_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] at: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        Ok(self.each_shifted(&at, &duration, Calendar::subtract_epoch_ms)?)
    }

    /// `elapsedMs` for each pair `from[i]`, `to[i]`, in one call; the arrays have one length.
    #[wasm_bindgen(js_name = elapsedMany)]
    pub fn elapsed_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] to: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let (from, to) = (convert::epoch_ms_list(&from, "from")?, convert::epoch_ms_list(&to, "to")?);
        if from.len() != to.len() {
            return Err(Error::new(
                crate::Code::DocumentWrongType,
                Pointer::root().key("to"),
                format!("expected {} instants, as many as in from, found {}", from.len(), to.len()),
            )
            .into());
        }
        from.iter()
            .zip(&to)
            .enumerate()
            .map(|(i, (f, t))| {
                let f = convert::epoch_ms(*f, || Pointer::root().key("from").index(i))?;
                let t = convert::epoch_ms(*t, || Pointer::root().key("to").index(i))?;
                Ok(self.inner.elapsed_ms(f, t)? as f64)
            })
            .collect()
    }
}

impl JsCalendar {
    /// `shift` (`add_epoch_ms` or `subtract_epoch_ms`) applied to the instant `at`. Generic, not
    /// a function pointer, so that each call site is compiled with its own arithmetic inlined.
    fn shifted(
        &self,
        at: Option<f64>,
        duration: &JsValue,
        shift: impl Fn(&Calendar, i64, Amount) -> Result<i64, Error>,
    ) -> Result<f64, Error> {
        let a = self.amount(duration)?;
        shift(&self.inner, convert::epoch_ms_given(at, || Pointer::root().key("at"))?, a).and_then(ms_out)
    }

    /// `shift` (`add_epoch_ms` or `subtract_epoch_ms`) applied to every instant of `at`; errors
    /// carry the entry's index.
    fn each_shifted(
        &self,
        at: &JsValue,
        duration: &JsValue,
        shift: fn(&Calendar, i64, Amount) -> Result<i64, Error>,
    ) -> Result<Vec<f64>, Error> {
        let at = convert::epoch_ms_list(at, "at")?;
        let a = self.amount(duration)?;
        let path = |i: usize| Pointer::root().key("at").index(i);
        at.iter()
            .enumerate()
            .map(|(i, t)| {
                let t = convert::epoch_ms(*t, || path(i))?;
                shift(&self.inner, t, a).and_then(ms_out).map_err(|e| e.under(&path(i)))
            })
            .collect()
    }

    /// The duration argument, read. The last one is kept with its JS value: `Object.is` is true
    /// for the same string again (strings compare by value), and only strings are ever kept, so a
    /// hit is the reading of the same text.
    fn amount(&self, v: &JsValue) -> Result<Amount, Error> {
        let last = self.last_duration.take();
        if let Some((text, a)) = &last {
            if js_sys::Object::is(text, v) {
                let a = *a;
                self.last_duration.set(last);
                return Ok(a);
            }
        }
        let a = convert::text(v, "duration", str::parse::<Amount>)?;
        self.last_duration.set(Some((v.clone(), a)));
        Ok(a)
    }
}

/// An answer in epoch milliseconds, which is within the range of instants (chrono's, inside
/// ±2^53): exact in an f64.
fn ms_out(ms: i64) -> Result<f64, Error> {
    if crate::calendar::ms_in_range(ms) {
        Ok(ms as f64)
    } else {
        Err(Error::internal("instant out of range"))
    }
}

/// A compiled policy: compile once, evaluate many tickets.
#[wasm_bindgen(js_name = Policy)]
#[derive(Debug)]
pub struct JsPolicy {
    inner: Policy,
}

/// `undefined` or an options object (see `EvaluateOptions`).
fn evaluate_options(v: Option<JsValue>) -> Result<crate::EvaluateOptions, Error> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(crate::EvaluateOptions::default());
    };
    crate::EvaluateOptions::from_value(&convert::document(&v, "the options")?)
        .map_err(|e| e.under(&Pointer::root().key("options")))
}

fn ticket(v: &JsValue) -> Result<Ticket, Error> {
    Ticket::from_json(&convert::document_text(v, "the ticket")?)
}

#[wasm_bindgen(js_class = Policy)]
impl JsPolicy {
    /// Validates and compiles a policy document (an object or JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "PolicyDocument | string")] doc: JsValue,
    ) -> Result<JsPolicy, JsValue> {
        Ok(JsPolicy { inner: Policy::from_value(&convert::document(&doc, "the policy")?)? })
    }

    /// The ticket's priority, SLA clocks and escalation at `now`.
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket | string")] ticket_doc: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] now: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        Ok(convert::to_js(&self.evaluation(&ticket_doc, &now, options)?)?)
    }

    /// `evaluate`, answering the evaluation as JSON text: for callers that send it on (an edge
    /// function's response body) and need no object.
    #[wasm_bindgen(js_name = evaluateJson)]
    pub fn evaluate_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket | string")] ticket_doc: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] now: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        Ok(convert::to_json_text(&self.evaluation(&ticket_doc, &now, options)?)?)
    }

    /// `evaluateMany`, answering the array as JSON text (see `evaluateJson`).
    #[wasm_bindgen(js_name = evaluateManyJson)]
    pub fn evaluate_many_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<Ticket> | string")] tickets: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] now: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        Ok(self.answers(&tickets, &now, options)?)
    }

    /// Evaluates a batch in one call. Each entry is `{evaluation}` or, for a bad ticket,
    /// `{error: {code, path, message}}`; one bad ticket does not stop the batch.
    #[wasm_bindgen(js_name = evaluateMany, unchecked_return_type = "EvaluationResult[]")]
    pub fn evaluate_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<Ticket> | string")] tickets: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] now: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        Ok(convert::parse_js(&self.answers(&tickets, &now, options)?)?)
    }

    /// Every future event of the ticket in `(from, until]`.
    #[wasm_bindgen(unchecked_return_type = "Timeline")]
    pub fn timeline(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket | string")] ticket_doc: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] until: JsValue,
    ) -> Result<JsValue, JsValue> {
        let t = ticket(&ticket_doc)?;
        let tl =
            self.inner.timeline(&t, convert::instant(&from, "from")?, convert::instant(&until, "until")?)?;
        Ok(convert::to_js(&tl)?)
    }

    /// What the escalation process is measured by, over many tickets.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summarize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<Ticket> | string")] tickets: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = convert::document_text(&tickets, "the tickets")?;
        let mut parsed = Vec::new();
        let mut failed = None;
        crate::ticket::read_batch(&text, "tickets", |item| match item {
            crate::ticket::Batch::Ticket(i, t) if failed.is_none() => match t {
                Ok(t) => parsed.push(t),
                Err(e) => failed = Some(e.under(&crate::Pointer::root().index(i))),
            },
            crate::ticket::Batch::Ticket(..) => {}
            crate::ticket::Batch::Restart => {
                parsed.clear();
                failed = None;
            }
        })?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        let s = self.inner.summarize(&parsed, convert::instant(&now, "now")?)?;
        Ok(convert::to_js(&s)?)
    }

    /// Lint warnings about the policy.
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn lint(&self) -> JsValue {
        error::diagnostics(&self.inner.lint()).into()
    }
}

impl JsPolicy {
    /// One ticket's evaluation, with the options applied.
    fn evaluation(
        &self,
        ticket_doc: &JsValue,
        now: &JsValue,
        options: Option<JsValue>,
    ) -> Result<crate::Evaluation, Error> {
        let options = evaluate_options(options)?;
        let t = ticket(ticket_doc)?;
        let mut e = self.inner.evaluate(&t, convert::instant(now, "now")?)?;
        options.apply(&mut e);
        Ok(e)
    }

    /// A batch's answers as a JSON array.
    fn answers(&self, tickets: &JsValue, now: &JsValue, options: Option<JsValue>) -> Result<String, Error> {
        let options = evaluate_options(options)?;
        let now = convert::instant(now, "now")?;
        self.inner.evaluate_many_json(&convert::document_text(tickets, "the tickets")?, now, options)
    }
}

/// Validates a policy document without throwing: every error and lint warning.
#[wasm_bindgen(js_name = validatePolicy, unchecked_return_type = "Validation")]
pub fn validate_policy(
    #[wasm_bindgen(unchecked_param_type = "PolicyDocument | string")] doc: JsValue,
) -> JsValue {
    let result = convert::document(&doc, "the policy").and_then(|v| Policy::from_value(&v));
    let (valid, list) = match result {
        Ok(p) => (true, p.lint()),
        Err(e) if e.diagnostics().is_empty() => {
            (false, vec![crate::Diagnostic::error(e.code(), e.path().clone(), e.message())])
        }
        Err(e) => (false, e.diagnostics().to_vec()),
    };
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"valid".into(), &JsValue::from_bool(valid));
    let _ = js_sys::Reflect::set(&o, &"diagnostics".into(), &error::diagnostics(&list));
    o.into()
}

/// One conformance request (JSON text) to one response (JSON text): the same bytes as the native
/// runner gives.
#[wasm_bindgen(js_name = handleRequest)]
pub fn handle_request(#[wasm_bindgen(unchecked_param_type = "string")] line: JsValue) -> String {
    match line.as_string() {
        Some(l) => crate::request::handle_line(&l),
        None => crate::request::error_value(&Error::new(
            crate::Code::RequestInvalid,
            crate::Pointer::root(),
            "expected the request as JSON text",
        ))
        .to_string(),
    }
}

/// The package version (from Cargo.toml).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
