//! Reading JSON documents while gathering every problem with its JSON Pointer.
//!
//! Documents are parsed by serde_json into a [`serde_json::Value`] and then read by the
//! validators of each format. Reading from a `Value` rather than deriving `Deserialize` on strict
//! structs lets one pass report *every* problem (wrong types, unknown keys, bad values) with an
//! exact path, which is what a policy editor needs.

use serde_json::{Map, Value};

use crate::error::{Code, Diagnostic, Error, Pointer};

/// Where a value is, for a diagnostic: a [`Pointer`], or a closure that builds one only when a
/// problem is reported, so that reading a valid document builds no pointers.
pub(crate) trait At {
    /// The pointer.
    fn pointer(&self) -> Pointer;
}

impl At for Pointer {
    fn pointer(&self) -> Pointer {
        self.clone()
    }
}

impl<F: Fn() -> Pointer> At for F {
    fn pointer(&self) -> Pointer {
        self()
    }
}

/// Problems found so far in one document.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }

    pub(crate) fn error(&mut self, code: Code, path: &impl At, message: impl Into<String>) {
        self.0.push(Diagnostic::error(code, path.pointer(), message));
    }

    /// Records an [`Error`] of a value parser (duration, instant, date) found at `path`.
    pub(crate) fn push_error(&mut self, err: Error, path: &impl At) {
        let err = err.under(&path.pointer());
        self.0.push(Diagnostic::error(err.code(), err.path().clone(), err.message()));
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(value)` when nothing was found, else the error carrying every diagnostic.
    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<T, Error> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ if self.0.is_empty() => Err(Error::internal("validation failed without a diagnostic")),
            _ => Err(Error::from_diagnostics(self.0)),
        }
    }
}

/// The JSON type of a value, for messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses JSON text; a syntax error carries its line and column.
pub(crate) fn parse_json(text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| Error::syntax(&e))
}

/// Calls `each` with the JSON text of every element of the JSON array `text` and its index,
/// reading one element at a time, so that a long array is never held as a whole. `what` names
/// the elements in the error for text that is not an array.
pub(crate) fn each_in_array(text: &str, what: &str, each: impl FnMut(usize, &str)) -> Result<(), Error> {
    struct Each<F>(F);
    impl<'de, F: FnMut(usize, &str)> serde::de::Visitor<'de> for Each<F> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0;
            while let Some(v) = seq.next_element::<&serde_json::value::RawValue>()? {
                (self.0)(i, v.get());
                i += 1;
            }
            Ok(())
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let read = serde::Deserializer::deserialize_seq(&mut de, Each(each)).and_then(|()| de.end());
    read.map_err(|e| match e.classify() {
        serde_json::error::Category::Data => {
            Error::new(Code::DocumentWrongType, Pointer::root(), format!("expected an array of {what}"))
        }
        _ => Error::syntax(&e),
    })
}

pub(crate) fn object<'a>(
    v: &'a Value,
    path: &impl At,
    d: &mut Diagnostics,
) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        other => {
            d.error(Code::DocumentWrongType, path, format!("expected an object, found {}", type_name(other)));
            None
        }
    }
}

pub(crate) fn array<'a>(v: &'a Value, path: &impl At, d: &mut Diagnostics) -> Option<&'a [Value]> {
    match v {
        Value::Array(a) => Some(a),
        other => {
            d.error(Code::DocumentWrongType, path, format!("expected an array, found {}", type_name(other)));
            None
        }
    }
}

pub(crate) fn string<'a>(v: &'a Value, path: &impl At, d: &mut Diagnostics) -> Option<&'a str> {
    match v {
        Value::String(s) => Some(s),
        other => {
            d.error(Code::DocumentWrongType, path, format!("expected a string, found {}", type_name(other)));
            None
        }
    }
}

/// Reports keys of `map` not in `allowed`, and keys of `required` that are missing.
pub(crate) fn check_keys(
    map: &Map<String, Value>,
    allowed: &[&str],
    required: &[&str],
    path: &impl At,
    d: &mut Diagnostics,
) {
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            let hint = allowed
                .iter()
                .find(|a| a.eq_ignore_ascii_case(key))
                .map(|a| format!("; did you mean \"{a}\"?"))
                .unwrap_or_default();
            d.error(
                Code::DocumentUnknownKey,
                &path.pointer().key(key),
                format!("unknown key \"{key}\"; expected one of: {}{hint}", allowed.join(", ")),
            );
        }
    }
    for key in required {
        if !map.contains_key(*key) {
            d.error(Code::DocumentMissingKey, path, format!("missing key \"{key}\""));
        }
    }
}
