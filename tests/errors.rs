//! Error tables: input, code, JSON Pointer and the exact message, so that a change in wording is a
//! visible diff (serde_json's `test_parse_err` habit). Messages are lowercase, name the bad value
//! and say what was expected.

use escalon::{Calendar, Policy, Ticket};

/// A table row: an input and its expected problems as (code, path, message).
type Row<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str)]);

fn calendar_problems(doc: &str) -> Vec<(String, String, String)> {
    match Calendar::from_json(doc) {
        Ok(_) => vec![],
        Err(e) if e.diagnostics().is_empty() => {
            vec![(e.code().to_string(), e.path().to_string(), e.message().to_owned())]
        }
        Err(e) => e
            .diagnostics()
            .iter()
            .map(|d| (d.code().to_string(), d.path().to_string(), d.message().to_owned()))
            .collect(),
    }
}

fn check(rows: &[Row<'_>], problems: impl Fn(&str) -> Vec<(String, String, String)>) {
    for (input, want) in rows {
        let got = problems(input);
        let want: Vec<(String, String, String)> =
            want.iter().map(|(c, p, m)| ((*c).to_owned(), (*p).to_owned(), (*m).to_owned())).collect();
        assert_eq!(got, want, "input: {input}");
    }
}

#[test]
fn calendar_documents_report_every_problem_exactly() {
    let hours = r#""hours": {"mon": [["09:00", "17:00"]]}"#;
    let rows: &[Row<'_>] = &[
        (
            r#"{"timeZone": "UTC", "hours": {}}"#,
            &[(
                "calendar.never_open",
                "/hours",
                "the calendar has no business time at all: no weekday has hours and no override opens a date",
            )],
        ),
        (
            &*Box::leak(format!(r#"{{"timeZone": "America/New_Yrok", {hours}}}"#).into_boxed_str()),
            &[(
                "calendar.unknown_time_zone",
                "/timeZone",
                r#"unknown time zone "America/New_Yrok": expected an IANA name such as "America/New_York""#,
            )],
        ),
        (
            &*Box::leak(format!(r#"{{"timeZone": "america/new_york", {hours}}}"#).into_boxed_str()),
            &[(
                "calendar.unknown_time_zone",
                "/timeZone",
                r#"unknown time zone "america/new_york": expected an IANA name such as "America/New_York"; did you mean "America/New_York"?"#,
            )],
        ),
        (
            &*Box::leak(format!(r#"{{"timezone": "UTC", {hours}}}"#).into_boxed_str()),
            &[
                (
                    "document.unknown_key",
                    "/timezone",
                    r#"unknown key "timezone"; expected one of: timeZone, hours, holidays, overrides, breaks; did you mean "timeZone"?"#,
                ),
                ("document.missing_key", "", r#"missing key "timeZone""#),
            ],
        ),
        (
            r#"{"timeZone": "UTC", "hours": {"mon": [["09:00", "25:00"]], "tue": [["13:00", "12:00"], ["12:00", "14:00"]], "fun": []}}"#,
            &[
                (
                    "calendar.unknown_weekday",
                    "/hours/fun",
                    r#"unknown weekday "fun"; expected one of: mon, tue, wed, thu, fri, sat, sun"#,
                ),
                (
                    "calendar.invalid_time",
                    "/hours/mon/0/1",
                    r#"invalid time "25:00": expected "HH:MM" or "HH:MM:SS" from 00:00 to 24:00"#,
                ),
                (
                    "calendar.overlapping_intervals",
                    "/hours/tue/1",
                    "interval 1 overlaps interval 0 of the same day",
                ),
            ],
        ),
        (
            r#"{"timeZone": "UTC", "hours": {"mon": [["22:00", "06:00"]], "tue": [["05:00", "09:00"]]}}"#,
            &[(
                "calendar.overlapping_intervals",
                "/hours/tue/0",
                "interval 0 of tue overlaps the overnight shift that starts on mon",
            )],
        ),
        (
            r#"{"timeZone": "UTC", "hours": {"mon": [["09:00", "09:00"], ["24:00", "10:00"], "9-5"]}}"#,
            &[
                (
                    "calendar.empty_interval",
                    "/hours/mon/0",
                    r#"empty interval ["09:00", "09:00"]: the start equals the end"#,
                ),
                (
                    "calendar.invalid_time",
                    "/hours/mon/1/0",
                    r#"invalid start "24:00": 24:00 can only end an interval"#,
                ),
                (
                    "calendar.invalid_interval",
                    "/hours/mon/2",
                    r#"expected an interval [start, end] of two times such as ["09:00", "17:00"]"#,
                ),
            ],
        ),
        (
            r#"{"timeZone": "UTC", "hours": {"mon": [["09:00", "17:00"]]}, "breaks": {"2026-01-05": [["13:00", "12:00"]], "2026-02-30": []}, "holidays": [7, "--13-01", "2026-1-5", {"from": "2026-02-01", "to": "2026-01-01"}]}"#,
            &[
                (
                    "calendar.invalid_holiday",
                    "/holidays/0",
                    r#"expected a date "YYYY-MM-DD", a yearly "--MM-DD" or a range {"from", "to"}"#,
                ),
                (
                    "calendar.invalid_holiday",
                    "/holidays/1",
                    r#"invalid yearly holiday "--13-01": expected "--MM-DD", such as "--12-25""#,
                ),
                (
                    "date.invalid",
                    "/holidays/2",
                    r#"invalid date "2026-1-5": expected an existing date written YYYY-MM-DD"#,
                ),
                (
                    "calendar.inverted_interval",
                    "/holidays/3",
                    r#"inverted holiday range: "from" is after "to""#,
                ),
                (
                    "calendar.inverted_interval",
                    "/breaks/2026-01-05/0",
                    r#"inverted break ["13:00", "12:00"]: a break must end after it starts on the same date"#,
                ),
                (
                    "date.invalid",
                    "/breaks/2026-02-30",
                    r#"invalid date "2026-02-30": expected an existing date written YYYY-MM-DD"#,
                ),
            ],
        ),
        ("[1, 2", &[("document.syntax", "", "invalid JSON: EOF while parsing a list at line 1 column 5")]),
        (
            r#""9-5""#,
            &[("document.wrong_type", "", r#"expected a calendar object or "24x7", found the string "9-5""#)],
        ),
    ];
    check(rows, calendar_problems);
    let syntax = Calendar::from_json("{\n  \"timeZone\": \"UTC\",\n  oops\n}").unwrap_err();
    assert_eq!((syntax.line(), syntax.column()), (Some(3), Some(3)));
}

#[test]
fn durations_instants_and_dates_have_exact_messages() {
    let amounts = [
        (
            "",
            "duration.invalid",
            r#"invalid duration "": expected a whole amount with a unit, such as "45m", "1h 30m", "2d" or "PT8H""#,
        ),
        ("8", "duration.invalid", r#"invalid duration "8": missing unit; expected d, h, m or s"#),
        ("-1h", "duration.invalid", r#"invalid duration "-1h": a duration cannot be negative"#),
        ("8x", "duration.invalid", r#"invalid duration "8x": unknown unit; expected d, h, m or s"#),
        (
            "1d 4h",
            "duration.mixed_units",
            r#"duration "1d 4h" mixes business days with hours, minutes or seconds; write days alone ("2d") or time alone ("24h")"#,
        ),
        (
            "P1W",
            "duration.invalid",
            r#"invalid duration "P1W": years, months and weeks are not business durations; use days ("P5D")"#,
        ),
    ];
    for (input, code, message) in amounts {
        let e = input.parse::<escalon::Amount>().unwrap_err();
        assert_eq!((e.code().as_str(), e.message()), (code, message), "{input:?}");
    }
    let e = escalon::parse_instant("2026-01-13T10:00:00").unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.message()),
        (
            "instant.missing_offset",
            r#"instant "2026-01-13T10:00:00" has no offset; add "Z" or an offset such as "+01:00""#
        )
    );
    let e = escalon::parse_instant("soon").unwrap_err();
    assert_eq!(e.message(), r#"invalid instant "soon": expected RFC 3339 such as "2026-01-13T09:00:00Z""#);
}

#[test]
fn policies_and_tickets_report_every_problem_exactly() {
    let e = Policy::from_json(
        r#"{"version": 2, "priorities": ["P1", "P1"], "priority": {"default": "P9", "rules": [{"when": {"field": "a", "like": "b"}, "set": "P1"}]},
            "slas": [{"name": "s", "calendar": "nope", "targets": {"P1": {"resolutoin": "4h"}}}]}"#,
    )
    .unwrap_err();
    let got: Vec<(String, String)> =
        e.diagnostics().iter().map(|d| (d.path().to_string(), d.message().to_owned())).collect();
    assert_eq!(
        got,
        [
            ("/version".to_owned(), "unsupported version 2; expected 1".to_owned()),
            ("/priorities/1".to_owned(), r#"priority "P1" is listed twice"#.to_owned()),
            ("/priority/default".to_owned(), r#"unknown priority "P9"; expected one of: P1"#.to_owned()),
            ("/priority/rules/0/when/like".to_owned(), r#"unknown operator "like"; expected one of: is, in, contains, gte, lte"#.to_owned()),
            ("/slas/0/calendar".to_owned(), r#"unknown calendar "nope"; expected one of: 24x7"#.to_owned()),
            ("/slas/0/targets/P1/resolutoin".to_owned(), r#"unknown metric "resolutoin"; expected one of: first-response, next-response, periodic-update, resolution"#.to_owned()),
        ]
    );
    let e = Ticket::from_json(
        r#"{"id": "T", "createdAt": "2026-01-05T09:00:00Z", "events": [
            {"at": "2026-01-05T10:00:00Z", "type": "reply", "by": "agent"},
            {"at": "2026-01-05T09:30:00Z", "type": "ack"},
            {"at": "2026-01-05T11:00:00Z", "type": "telepathy"}]}"#,
    )
    .unwrap_err();
    let got: Vec<(String, String, String)> = e
        .diagnostics()
        .iter()
        .map(|d| (d.code().to_string(), d.path().to_string(), d.message().to_owned()))
        .collect();
    assert_eq!(
        got,
        [
            ("document.missing_key".to_owned(), "/events/0".to_owned(), r#"missing key "public": an agent reply must say whether it is public or an internal note"#.to_owned()),
            ("ticket.events_out_of_order".to_owned(), "/events/1/at".to_owned(), "event 1 at 2026-01-05T09:30:00Z is before event 0 at 2026-01-05T10:00:00Z; events must be in time order".to_owned()),
            ("ticket.invalid_event".to_owned(), "/events/2/type".to_owned(), r#"unknown event type "telepathy"; expected one of: status, reply, update, assign, ack, escalate, flag"#.to_owned()),
        ]
    );
}

#[test]
fn conformance_requests_answer_errors_with_paths_into_the_request() {
    let rows = [
        ("not json", "request.invalid", ""),
        (r#"{"calendar": "24x7", "op": "teleport"}"#, "request.unknown_op", "/op"),
        (
            r#"{"calendar": "24x7", "op": "add", "at": "2026-01-05T10:00:00", "duration": "1h"}"#,
            "instant.missing_offset",
            "/at",
        ),
        (
            r#"{"calendar": "24x7", "op": "add", "at": "2026-01-05T10:00:00Z", "duration": "1x"}"#,
            "duration.invalid",
            "/duration",
        ),
        (
            r#"{"calendar": {"timeZone": "Mars/Base", "hours": {"mon": [["09:00", "17:00"]]}}, "op": "validate"}"#,
            "calendar.unknown_time_zone",
            "/calendar/timeZone",
        ),
        (
            r#"{"calendar": {"timeZone": "UTC", "hours": {"mon": [["09:00", "09:01"]]}}, "op": "add", "at": "2026-01-05T00:00:00Z", "duration": "87600h"}"#,
            "calendar.no_business_time_within_horizon",
            "",
        ),
    ];
    for (line, code, path) in rows {
        let v: serde_json::Value = serde_json::from_str(&escalon::request::handle_line(line)).unwrap();
        assert_eq!(
            (v["error"]["code"].as_str(), v["error"]["path"].as_str()),
            (Some(code), Some(path)),
            "{line}"
        );
    }
}
