//! The one error type of the crate, its stable codes, and validation diagnostics.
//!
//! Two phases give two kinds of location. A JSON syntax error stops at once and carries a line and
//! a column. Semantic validation keeps going and gathers every problem as a [`Diagnostic`], each
//! with a JSON Pointer ([RFC 6901]) into the document.
//!
//! [RFC 6901]: https://www.rfc-editor.org/rfc/rfc6901

use core::fmt;

/// A stable, machine-readable error code such as `calendar.unknown_time_zone`.
///
/// Codes are part of the public contract: a released code is never renamed. New codes may be
/// added, so match with a wildcard arm.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// The input is not well-formed JSON (`document.syntax`).
    DocumentSyntax,
    /// A value has the wrong JSON type (`document.wrong_type`).
    DocumentWrongType,
    /// An object has a key that the format does not define (`document.unknown_key`).
    DocumentUnknownKey,
    /// An object lacks a key that the format requires (`document.missing_key`).
    DocumentMissingKey,
    /// A document is larger or deeper than escalon accepts (`document.too_large`).
    DocumentTooLarge,
    /// An instant has no `Z` and no offset (`instant.missing_offset`).
    InstantMissingOffset,
    /// An instant is not RFC 3339 (`instant.invalid`).
    InstantInvalid,
    /// A date is not `YYYY-MM-DD` or does not exist (`date.invalid`).
    DateInvalid,
    /// A duration is not in the duration grammar (`duration.invalid`).
    DurationInvalid,
    /// A duration mixes business days with hours, minutes or seconds (`duration.mixed_units`).
    DurationMixedUnits,
    /// A calendar names a time zone that is not in the IANA database (`calendar.unknown_time_zone`).
    CalendarUnknownTimeZone,
    /// `hours` has a key that is not `mon`..`sun` (`calendar.unknown_weekday`).
    CalendarUnknownWeekday,
    /// A wall-clock time is not `HH:MM` or `HH:MM:SS` in range (`calendar.invalid_time`).
    CalendarInvalidTime,
    /// An interval is not a pair of two times (`calendar.invalid_interval`).
    CalendarInvalidInterval,
    /// An interval starts where it ends (`calendar.empty_interval`).
    CalendarEmptyInterval,
    /// A break or a holiday range ends before it starts (`calendar.inverted_interval`).
    CalendarInvertedInterval,
    /// Two intervals of one day overlap (`calendar.overlapping_intervals`).
    CalendarOverlappingIntervals,
    /// A holiday is neither a date, a yearly `--MM-DD` nor a `{from, to}` range
    /// (`calendar.invalid_holiday`).
    CalendarInvalidHoliday,
    /// The calendar has no business time at all (`calendar.never_open`).
    CalendarNeverOpen,
    /// A search found no business time, or no answer, within the 10-year horizon
    /// (`calendar.no_business_time_within_horizon`).
    CalendarNoBusinessTimeWithinHorizon,
    /// A `periods` range is longer than the horizon (`calendar.range_too_large`).
    CalendarRangeTooLarge,
    /// A condition is not one of the forms of the condition language (`condition.invalid`).
    ConditionInvalid,
    /// A condition uses an operator that does not exist (`condition.unknown_operator`).
    ConditionUnknownOperator,
    /// A policy's `version` is not 1 (`policy.unsupported_version`).
    PolicyUnsupportedVersion,
    /// A name refers to a calendar the policy does not define (`policy.unknown_calendar`).
    PolicyUnknownCalendar,
    /// A priority is not in the policy's `priorities` (`policy.unknown_priority`).
    PolicyUnknownPriority,
    /// A target names a metric that does not exist (`policy.unknown_metric`).
    PolicyUnknownMetric,
    /// The impact x urgency matrix has the wrong shape (`policy.matrix_shape`).
    PolicyMatrixShape,
    /// A list that must not repeat itself does (`policy.duplicate`).
    PolicyDuplicate,
    /// A priority rule has no action or several (`policy.invalid_rule`).
    PolicyInvalidRule,
    /// A warning is not a percentage or a duration (`policy.invalid_warning`).
    PolicyInvalidWarning,
    /// Lint: an SLA policy can never apply (`lint.unreachable_sla`).
    LintUnreachableSla,
    /// Lint: a priority that nothing produces (`lint.unreachable_priority`).
    LintUnreachablePriority,
    /// Lint: a target shorter than the calendar's smallest open period (`lint.short_target`).
    LintShortTarget,
    /// Lint: two conditions overlap and their order decides (`lint.overlapping_when`).
    LintOverlappingWhen,
    /// A ticket event is not in time order (`ticket.events_out_of_order`).
    TicketEventsOutOfOrder,
    /// A ticket event has an unknown type or a bad attribute (`ticket.invalid_event`).
    TicketInvalidEvent,
    /// An escalation level is malformed (`escalation.invalid_level`).
    EscalationInvalidLevel,
    /// A trigger is not one of the trigger forms (`escalation.invalid_trigger`).
    EscalationInvalidTrigger,
    /// An owner names a rotation that does not exist, or is malformed (`escalation.invalid_owner`).
    EscalationInvalidOwner,
    /// A rotation is malformed (`escalation.invalid_rotation`).
    EscalationInvalidRotation,
    /// A conformance request is malformed (`request.invalid`).
    RequestInvalid,
    /// A conformance request names an unknown operation (`request.unknown_op`).
    RequestUnknownOp,
    /// A state that escalon's own invariants rule out; always a bug (`internal`).
    Internal,
}

impl Code {
    /// The stable string form, for example `"calendar.never_open"`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(escalon::Code::CalendarNeverOpen.as_str(), "calendar.never_open");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::DocumentSyntax => "document.syntax",
            Code::DocumentWrongType => "document.wrong_type",
            Code::DocumentUnknownKey => "document.unknown_key",
            Code::DocumentMissingKey => "document.missing_key",
            Code::DocumentTooLarge => "document.too_large",
            Code::InstantMissingOffset => "instant.missing_offset",
            Code::InstantInvalid => "instant.invalid",
            Code::DateInvalid => "date.invalid",
            Code::DurationInvalid => "duration.invalid",
            Code::DurationMixedUnits => "duration.mixed_units",
            Code::CalendarUnknownTimeZone => "calendar.unknown_time_zone",
            Code::CalendarUnknownWeekday => "calendar.unknown_weekday",
            Code::CalendarInvalidTime => "calendar.invalid_time",
            Code::CalendarInvalidInterval => "calendar.invalid_interval",
            Code::CalendarEmptyInterval => "calendar.empty_interval",
            Code::CalendarInvertedInterval => "calendar.inverted_interval",
            Code::CalendarOverlappingIntervals => "calendar.overlapping_intervals",
            Code::CalendarInvalidHoliday => "calendar.invalid_holiday",
            Code::CalendarNeverOpen => "calendar.never_open",
            Code::CalendarNoBusinessTimeWithinHorizon => "calendar.no_business_time_within_horizon",
            Code::CalendarRangeTooLarge => "calendar.range_too_large",
            Code::ConditionInvalid => "condition.invalid",
            Code::ConditionUnknownOperator => "condition.unknown_operator",
            Code::PolicyUnsupportedVersion => "policy.unsupported_version",
            Code::PolicyUnknownCalendar => "policy.unknown_calendar",
            Code::PolicyUnknownPriority => "policy.unknown_priority",
            Code::PolicyUnknownMetric => "policy.unknown_metric",
            Code::PolicyMatrixShape => "policy.matrix_shape",
            Code::PolicyDuplicate => "policy.duplicate",
            Code::PolicyInvalidRule => "policy.invalid_rule",
            Code::PolicyInvalidWarning => "policy.invalid_warning",
            Code::LintUnreachableSla => "lint.unreachable_sla",
            Code::LintUnreachablePriority => "lint.unreachable_priority",
            Code::LintShortTarget => "lint.short_target",
            Code::LintOverlappingWhen => "lint.overlapping_when",
            Code::TicketEventsOutOfOrder => "ticket.events_out_of_order",
            Code::TicketInvalidEvent => "ticket.invalid_event",
            Code::EscalationInvalidLevel => "escalation.invalid_level",
            Code::EscalationInvalidTrigger => "escalation.invalid_trigger",
            Code::EscalationInvalidOwner => "escalation.invalid_owner",
            Code::EscalationInvalidRotation => "escalation.invalid_rotation",
            Code::RequestInvalid => "request.invalid",
            Code::RequestUnknownOp => "request.unknown_op",
            Code::Internal => "internal",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A JSON Pointer ([RFC 6901]) into a document, such as `/calendars/support/hours/mon/1`.
///
/// The empty pointer `""` names the whole document.
///
/// [RFC 6901]: https://www.rfc-editor.org/rfc/rfc6901
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document (`""`).
    pub const fn root() -> Pointer {
        Pointer(String::new())
    }

    /// This pointer extended by one object key, escaped as RFC 6901 requires.
    ///
    /// # Example
    /// ```
    /// let p = escalon::Pointer::root().key("hours").key("a/b~c");
    /// assert_eq!(p.as_str(), "/hours/a~1b~0c");
    /// ```
    pub fn key(&self, key: &str) -> Pointer {
        let mut s = String::with_capacity(self.0.len() + key.len() + 1);
        s.push_str(&self.0);
        s.push('/');
        for c in key.chars() {
            match c {
                '~' => s.push_str("~0"),
                '/' => s.push_str("~1"),
                c => s.push(c),
            }
        }
        Pointer(s)
    }

    /// This pointer extended by one array index.
    ///
    /// # Example
    /// ```
    /// assert_eq!(escalon::Pointer::root().key("holidays").index(2).as_str(), "/holidays/2");
    /// ```
    pub fn index(&self, index: usize) -> Pointer {
        Pointer(format!("{}/{}", self.0, index))
    }

    /// The pointer as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How serious a diagnostic is: validation errors reject a document, lint warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The document is rejected.
    Error,
    /// The document is accepted, but probably not what its author meant.
    Warning,
}

/// One problem found in a document: a stable code, where it is and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    code: Code,
    path: Pointer,
    message: String,
    severity: Severity,
}

impl Diagnostic {
    /// A validation error at `path`.
    pub fn error(code: Code, path: Pointer, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code, path, message: message.into(), severity: Severity::Error }
    }

    /// A lint warning at `path`.
    pub fn warning(code: Code, path: Pointer, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code, path, message: message.into(), severity: Severity::Warning }
    }

    /// The stable code.
    pub fn code(&self) -> Code {
        self.code
    }

    /// Where in the document the problem is.
    pub fn path(&self) -> &Pointer {
        &self.path
    }

    /// What is wrong, naming the bad value and what was expected. Lowercase, no final period.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the problem rejects the document.
    pub fn severity(&self) -> Severity {
        self.severity
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The error of every fallible escalon operation.
///
/// It is small (one box) and carries a stable [`Code`], a JSON Pointer [`path`](Error::path), a
/// message, the line and column of a syntax error, and for a failed validation every
/// [`Diagnostic`] found.
///
/// # Example
/// ```
/// let err = escalon::Calendar::from_json(
///     r#"{"timeZone": "Mars/Olympus", "hours": {"mon": [["09:00", "25:00"]]}}"#,
/// )
/// .unwrap_err();
/// assert_eq!(err.code().as_str(), "calendar.unknown_time_zone");
/// assert_eq!(err.path().as_str(), "/timeZone");
/// assert_eq!(err.diagnostics().len(), 2); // the zone and the time, both at once
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(Box<ErrorInner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorInner {
    code: Code,
    path: Pointer,
    message: String,
    location: Option<(usize, usize)>,
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// An error with a code, a path and a message.
    pub fn new(code: Code, path: Pointer, message: impl Into<String>) -> Error {
        Error(Box::new(ErrorInner {
            code,
            path,
            message: message.into(),
            location: None,
            diagnostics: Vec::new(),
        }))
    }

    /// An [`Code::Internal`] error: a broken invariant, reported instead of a panic.
    pub fn internal(context: impl Into<String>) -> Error {
        Error::new(Code::Internal, Pointer::root(), format!("internal error: {}", context.into()))
    }

    /// The error of a validation that found `diagnostics` (at least one of them an error).
    ///
    /// The error's own code, path and message are those of the first error diagnostic.
    pub fn from_diagnostics(diagnostics: Vec<Diagnostic>) -> Error {
        let first = diagnostics.iter().find(|d| d.severity == Severity::Error);
        let (code, path, message) = match first {
            Some(d) => (d.code, d.path.clone(), d.message.clone()),
            None => (Code::Internal, Pointer::root(), "internal error: no diagnostics".to_owned()),
        };
        Error(Box::new(ErrorInner { code, path, message, location: None, diagnostics }))
    }

    /// The error of a JSON syntax problem, with its line and column.
    pub(crate) fn syntax(err: &serde_json::Error) -> Error {
        let line = err.line();
        let column = err.column();
        let mut e = Error::new(Code::DocumentSyntax, Pointer::root(), format!("invalid JSON: {err}"));
        e.0.location = Some((line, column));
        e
    }

    /// The same error with its path moved under `prefix` (for errors of embedded documents).
    pub fn under(mut self, prefix: &Pointer) -> Error {
        self.0.path = Pointer(format!("{}{}", prefix.0, self.0.path.0));
        for d in &mut self.0.diagnostics {
            d.path = Pointer(format!("{}{}", prefix.0, d.path.0));
        }
        self
    }

    /// The stable code.
    pub fn code(&self) -> Code {
        self.0.code
    }

    /// Where the problem is, as a JSON Pointer (`""` for the whole input).
    pub fn path(&self) -> &Pointer {
        &self.0.path
    }

    /// What is wrong and what was expected.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The 1-based line of a syntax error.
    pub fn line(&self) -> Option<usize> {
        self.0.location.map(|(l, _)| l)
    }

    /// The 1-based column of a syntax error.
    pub fn column(&self) -> Option<usize> {
        self.0.location.map(|(_, c)| c)
    }

    /// Every problem a validation found, in document order; empty for other errors.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.0.diagnostics
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.path.0.is_empty() {
            f.write_str(&self.0.message)
        } else {
            write!(f, "{}: {}", self.0.path, self.0.message)
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        assert_eq!(Pointer::root().key("~/").as_str(), "/~0~1");
    }

    #[test]
    fn from_diagnostics_takes_first_error_not_warning() {
        let e = Error::from_diagnostics(vec![
            Diagnostic::warning(Code::CalendarNeverOpen, Pointer::root().key("a"), "w"),
            Diagnostic::error(Code::DateInvalid, Pointer::root().key("b"), "e"),
        ]);
        assert_eq!(e.code(), Code::DateInvalid);
        assert_eq!(e.path().as_str(), "/b");
        assert_eq!(e.to_string(), "/b: e");
    }

    #[test]
    fn under_prefixes_every_path() {
        let e = Error::from_diagnostics(vec![Diagnostic::error(
            Code::DateInvalid,
            Pointer::root().key("x"),
            "m",
        )])
        .under(&Pointer::root().key("calendars").key("c"));
        assert_eq!(e.path().as_str(), "/calendars/c/x");
        assert_eq!(e.diagnostics()[0].path().as_str(), "/calendars/c/x");
    }
}
