// The hot paths: epoch-millisecond calendar calls, Float64Array batches, evaluations without
// traces, and documents crossing the boundary as JSON text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Calendar, Policy, EscalonError } from "../../pkg/node.js";
import { calendarRequests, realisticRequest, native } from "./requests.mjs";

const hours = { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] };
const calendarOf = (doc) => new Calendar(doc === "24x7" ? "24x7" : doc);

test("the epoch-millisecond calls answer the public-doc calendar vectors", () => {
  let checked = 0;
  for (const { id, request: r, expect } of calendarRequests()) {
    if (expect && typeof expect === "object" && !Array.isArray(expect)) continue; // error cases: below
    const cal = calendarOf(r.calendar);
    const ms = (s) => Date.parse(s);
    switch (r.op) {
      case "add":
        assert.equal(cal.addMs(ms(r.at), r.duration), ms(expect), id);
        assert.deepEqual(Array.from(cal.addMany(new Float64Array([ms(r.at)]), r.duration)), [ms(expect)], id);
        break;
      case "subtract":
        assert.equal(cal.subtractMs(ms(r.at), r.duration), ms(expect), id);
        assert.deepEqual(Array.from(cal.subtractMany([ms(r.at)], r.duration)), [ms(expect)], id);
        break;
      case "elapsed":
        // The vectors give whole seconds; the millisecond call answers milliseconds.
        assert.equal(cal.elapsedMs(ms(r.from), ms(r.to)), expect * 1000, id);
        assert.deepEqual(Array.from(cal.elapsedMany([ms(r.from)], [ms(r.to)])), [expect * 1000], id);
        break;
      case "isOpen":
        assert.equal(cal.isOpenMs(ms(r.at)), expect, id);
        break;
      case "nextOpen":
        assert.equal(cal.nextOpenMs(ms(r.at)), ms(expect), id);
        break;
      default:
        continue;
    }
    checked++;
  }
  assert.ok(checked >= 80, `only ${checked} vectors checked`);
});

test("millisecond and text calls agree across DST transitions", () => {
  for (const timeZone of ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"]) {
    const cal = new Calendar({ timeZone, hours: { ...hours, sat: [["22:00", "02:00"]] }, holidays: ["--12-25"] });
    // Every 37 minutes and 13 seconds through 2026 and into 2027: each DST change is crossed.
    const starts = Array.from({ length: 14500 }, (_, i) => Date.UTC(2026, 0, 1) + i * 2233000);
    const batch = cal.addMany(Float64Array.from(starts), "8h 30m");
    starts.forEach((t, i) => {
      const text = new Date(t).toISOString();
      assert.equal(batch[i], Date.parse(cal.add(text, "8h 30m")), `${timeZone} ${text}`);
      assert.equal(cal.subtractMs(t, "3d"), Date.parse(cal.subtract(text, "3d")), `${timeZone} ${text}`);
      assert.equal(cal.previousCloseMs(t), Date.parse(cal.previousClose(text)), `${timeZone} ${text}`);
      if (i % 7 === 0) assert.equal(cal.elapsedMs(t, t + 9e8), cal.elapsed(text, new Date(t + 9e8)) * 1000);
    });
  }
});

test("a worked example: Monday 16:00 UTC plus 2h on a 9-17 UTC calendar is Tuesday 10:00", () => {
  const cal = new Calendar({ timeZone: "UTC", hours });
  // 16:00-17:00 Monday is 1h; the second hour is 09:00-10:00 Tuesday.
  assert.equal(cal.addMs(Date.UTC(2026, 0, 5, 16), "2h"), Date.UTC(2026, 0, 6, 10));
  // Two hours back from Tuesday 10:00: 09:00-10:00 Tuesday, then 16:00-17:00 Monday.
  assert.equal(cal.subtractMs(Date.UTC(2026, 0, 6, 10), "2h"), Date.UTC(2026, 0, 5, 16));
  // Monday 08:00 to Tuesday 12:00: 8h Monday and 3h Tuesday, in milliseconds.
  assert.equal(cal.elapsedMs(Date.UTC(2026, 0, 5, 8), Date.UTC(2026, 0, 6, 12)), 11 * 3600 * 1000);
});

test("bad numbers and batches throw EscalonErrors with the path of the bad entry", () => {
  const cal = new Calendar({ timeZone: "UTC", hours });
  const fails = (f, code, path) =>
    assert.throws(f, (e) => e instanceof EscalonError && e.code === code && e.path === path, `${code} ${path}`);
  fails(() => cal.addMs(NaN, "1h"), "instant.invalid", "/at");
  fails(() => cal.addMs(1.5, "1h"), "instant.invalid", "/at");
  fails(() => cal.addMs(9e15, "1h"), "instant.invalid", "/at");
  fails(() => cal.addMs(0, "1 hour"), "duration.invalid", "/duration");
  fails(() => cal.elapsedMs(0, Infinity), "instant.invalid", "/to");
  fails(() => cal.addMany(new Float64Array([0, NaN]), "1h"), "instant.invalid", "/at/1");
  fails(() => cal.elapsedMany([0, 1], [2]), "document.wrong_type", "/to");
  fails(() => cal.addMany(null, "1h"), "document.wrong_type", "/at");
  fails(() => cal.addMany("2026-01-05T10:00:00Z", "1h"), "document.wrong_type", "/at");
  fails(() => cal.elapsedMany([0], undefined), "document.wrong_type", "/to");
  fails(() => cal.addMany([0, "noon"], "1h"), "instant.invalid", "/at/1");
  fails(() => cal.elapsedMany([0], [NaN]), "instant.invalid", "/to/0");
  fails(() => new Calendar({ timeZone: "UTC", hours: { mon: [["09:00", "09:01"]] } }).addMany([0], "2000000h"), "calendar.no_business_time_within_horizon", "/at/0");
  // A duration that is not a string is a typed error in every form (the epoch-millisecond forms
  // took a Rust &str, and a number there trapped the module: "memory access out of bounds").
  for (const d of [5, null, undefined, {}, ["1h"], new String("1h")]) {
    fails(() => cal.addMs(0, d), "document.wrong_type", "/duration");
    fails(() => cal.subtractMs(0, d), "document.wrong_type", "/duration");
    fails(() => cal.addMany([0], d), "document.wrong_type", "/duration");
    fails(() => cal.subtractMany(new Float64Array([0]), d), "document.wrong_type", "/duration");
    fails(() => cal.add("2026-01-05T10:00:00Z", d), "document.wrong_type", "/duration");
  }
  // null and undefined are never taken as 0 (1970), per call or in an array.
  for (const v of [null, undefined]) {
    fails(() => cal.addMs(v, "1h"), "instant.invalid", "/at");
    fails(() => cal.subtractMs(v, "1h"), "instant.invalid", "/at");
    fails(() => cal.elapsedMs(0, v), "instant.invalid", "/to");
    fails(() => cal.elapsedMs(v, 0), "instant.invalid", "/from");
    fails(() => cal.isOpenMs(v), "instant.invalid", "/at");
    fails(() => cal.nextOpenMs(v), "instant.invalid", "/at");
    fails(() => cal.previousCloseMs(v), "instant.invalid", "/at");
    fails(() => cal.addMany([0, v], "1h"), "instant.invalid", "/at/1");
    fails(() => cal.elapsedMany([0, 1], [2, v]), "instant.invalid", "/to/1");
  }
  for (const v of ["5", 10n, Symbol("s"), {}, true]) fails(() => cal.addMany([v], "1h"), "instant.invalid", "/at/0");
  // The instant keeps working after all of that.
  assert.equal(cal.addMs(Date.UTC(2026, 0, 5, 16), "2h"), Date.UTC(2026, 0, 6, 10));
});

test("a duration read once is read again only when it changes", () => {
  // The calendar keeps the last duration string with its reading; answers must not depend on it.
  const cal = new Calendar({ timeZone: "UTC", hours });
  const fresh = (at, d) => new Calendar({ timeZone: "UTC", hours }).addMs(at, d);
  const monday16 = Date.UTC(2026, 0, 5, 16);
  const texts = ["1h", "2h", "1h", "1" + "h".repeat(1), "30m", "2h", "1h 30m", "1h 30m", "1d"];
  for (const d of texts) assert.equal(cal.addMs(monday16, d), fresh(monday16, d), d);
  // 9-17 UTC on weekdays: 16:00 Monday + 2h is Tuesday 10:00, and + 1h is Monday 17:00, which is
  // the next opening, Tuesday 09:00.
  assert.equal(cal.addMs(monday16, "2h"), Date.UTC(2026, 0, 6, 10));
  assert.equal(cal.addMs(monday16, "1h"), Date.UTC(2026, 0, 6, 9));
  // A bad duration between two good ones changes nothing.
  assert.throws(() => cal.addMs(monday16, "1 hour"), EscalonError);
  assert.equal(cal.addMs(monday16, "1h"), Date.UTC(2026, 0, 6, 9));
  assert.equal(cal.add("2026-01-05T16:00:00Z", "2h"), "2026-01-06T10:00:00Z");
  assert.deepEqual(Array.from(cal.subtractMany([Date.UTC(2026, 0, 6, 10)], "2h")), [monday16]);
});

/** The evaluation with every trace emptied, by hand: what `{trace: false}` must answer. */
function withoutTraces(e) {
  const copy = structuredClone(e);
  copy.trace = [];
  copy.priority.trace = [];
  for (const m of Object.values(copy.metrics)) m.trace = [];
  if (copy.escalation) copy.escalation.trace = [];
  return copy;
}

test("{trace: false} empties every trace and keeps every figure", () => {
  const r = realisticRequest();
  const policy = new Policy(r.policy);
  const full = policy.evaluate(r.ticket, r.now);
  assert.ok(full.trace.length + full.priority.trace.length > 0);
  const lean = policy.evaluate(r.ticket, r.now, { trace: false });
  assert.deepEqual(lean, withoutTraces(full));
  assert.deepEqual(policy.evaluate(r.ticket, r.now, { trace: true }), full);
  assert.deepEqual(policy.evaluate(r.ticket, r.now, null), full);
  const many = policy.evaluateMany([r.ticket, { id: "bad" }], r.now, { trace: false });
  assert.deepEqual(many[0], { evaluation: withoutTraces(full) });
  assert.equal(many[1].error.code, "document.missing_key");
});

test("evaluateMany reads its batch one ticket at a time and still reports bad batches", () => {
  const r = realisticRequest();
  const policy = new Policy(r.policy);
  const full = policy.evaluate(r.ticket, r.now);
  const fails = (batch, code, check = () => true) =>
    assert.throws(() => policy.evaluateMany(batch, r.now), (e) => e instanceof EscalonError && e.code === code && e.path === "" && check(e));
  fails({}, "document.wrong_type", (e) => e.message === "expected an array of tickets");
  fails("7", "document.wrong_type");
  fails(`[${JSON.stringify(r.ticket)},`, "document.syntax", (e) => e.line === 1);
  fails("[] []", "document.syntax");
  assert.deepEqual(policy.evaluateMany("[]", r.now), []);
  // Text and objects give the same answers; a bad ticket in the middle does not stop the batch.
  const batch = [r.ticket, 5, r.ticket];
  const fromText = policy.evaluateMany(JSON.stringify(batch), r.now);
  assert.deepEqual(fromText, policy.evaluateMany(batch, r.now));
  assert.deepEqual(fromText[0], { evaluation: full });
  assert.deepEqual(fromText[2], { evaluation: full });
  assert.equal(fromText[1].error.code, "document.wrong_type");
  assert.equal(fromText[1].error.path, "/1");
});

test("evaluateJson and evaluateManyJson answer the same evaluations as JSON text", () => {
  const r = realisticRequest();
  const policy = new Policy(r.policy);
  const text = policy.evaluateJson(r.ticket, r.now);
  assert.equal(typeof text, "string");
  assert.deepEqual(JSON.parse(text), policy.evaluate(r.ticket, r.now));
  assert.deepEqual(JSON.parse(policy.evaluateJson(r.ticket, r.now, { trace: false })), policy.evaluate(r.ticket, r.now, { trace: false }));
  const batch = [r.ticket, { id: "bad" }];
  assert.deepEqual(JSON.parse(policy.evaluateManyJson(batch, r.now)), policy.evaluateMany(batch, r.now));
  assert.deepEqual(JSON.parse(policy.evaluateManyJson(JSON.stringify(batch), r.now, { trace: false })), policy.evaluateMany(batch, r.now, { trace: false }));
  assert.throws(() => policy.evaluateJson(r.ticket, "noon"), (e) => e instanceof EscalonError && e.code === "instant.invalid" && e.path === "/now");
  assert.throws(() => policy.evaluateManyJson({}, r.now), (e) => e instanceof EscalonError && e.code === "document.wrong_type");
});

test("bad options are errors, not defaults", () => {
  const r = realisticRequest();
  const policy = new Policy(r.policy);
  const fails = (options, code, path) =>
    assert.throws(() => policy.evaluate(r.ticket, r.now, options), (e) => e instanceof EscalonError && e.code === code && e.path === path);
  fails({ trace: "no" }, "document.wrong_type", "/options/trace");
  fails({ traces: false }, "document.unknown_key", "/options/traces");
  fails(7, "document.wrong_type", "/options");
  assert.throws(() => policy.evaluateMany([r.ticket], r.now, { trace: 0 }), (e) => e.path === "/options/trace");
});

test("documents that are not JSON are typed errors", () => {
  const r = realisticRequest();
  const policy = new Policy(r.policy);
  const cyclic = { ...r.ticket };
  cyclic.self = cyclic;
  for (const bad of [cyclic, { ...r.ticket, n: 10n }, () => 1, Symbol.for("t"), new Map(Object.entries(r.ticket))]) {
    assert.throws(() => policy.evaluate(bad, r.now), (e) => e instanceof EscalonError && e.code === "document.wrong_type" && e.path === "");
  }
  // A Date inside a document crosses as its RFC 3339 text, as JSON.stringify writes it.
  const dated = { ...r.ticket, createdAt: new Date(r.ticket.createdAt) };
  assert.deepEqual(policy.evaluate(dated, r.now), policy.evaluate(r.ticket, r.now));
});

test("tickets read from JSON text give the native runner's answers, and bad ones its errors", () => {
  const r = realisticRequest();
  // Valid tickets in many spellings (escapes, a numeric id, every optional key left out) and
  // invalid ones the package must report exactly as the checked reader does.
  const valid = [
    r.ticket,
    { ...r.ticket, id: 7, fields: { ...r.ticket.fields, note: "caf\u00e9 \"x\"\n" } },
    { id: "T-2", createdAt: r.ticket.createdAt },
    { ...r.ticket, id: "T-3", events: r.ticket.events.slice(0, 5) },
  ];
  const invalid = [
    { id: "T-4", createdAt: r.ticket.createdAt, status: null },
    { id: "T-5", createdAt: r.ticket.createdAt, events: [{ at: r.ticket.createdAt, type: "reply", by: "agent" }] },
    { ...r.ticket, id: "T-6", events: [...r.ticket.events].reverse() },
    ["T-7", r.ticket.createdAt],
  ];
  const batch = [...valid, ...invalid];
  const lines = [
    JSON.stringify({ op: "evaluateMany", policy: r.policy, tickets: batch, now: r.now }),
    JSON.stringify({ op: "summarize", policy: r.policy, tickets: valid, now: r.now }),
    JSON.stringify({ op: "summarize", policy: r.policy, tickets: batch, now: r.now }),
  ];
  const [many, summary, badSummary] = native(lines).map((l) => JSON.parse(l));
  const policy = new Policy(r.policy);
  // The runner's paths point into its request (`/tickets/4/status`), the package's into the
  // tickets argument (`/4/status`).
  const inArgument = (x) => (x.error ? { error: { ...x.error, path: x.error.path.replace(/^\/tickets/, "") } } : x);
  assert.deepEqual(policy.evaluateMany(batch, r.now), many.result.map(inArgument));
  assert.equal(many.result.filter((x) => x.error).length, invalid.length);
  valid.forEach((t, i) => assert.deepEqual(policy.evaluate(t, r.now), many.result[i].evaluation, `ticket ${i}`));
  invalid.forEach((t, i) => {
    const want = many.result[valid.length + i].error;
    assert.throws(() => policy.evaluate(JSON.stringify(t), r.now), (e) => e instanceof EscalonError && e.code === want.code && `/tickets/${valid.length + i}${e.path}` === want.path && e.message === (e.path ? `${e.path}: ${want.message}` : want.message));
  });
  assert.deepEqual(policy.summarize(valid, r.now), summary.result);
  assert.throws(() => policy.summarize(batch, r.now), (e) => e instanceof EscalonError && e.code === badSummary.error.code && `/tickets${e.path}` === badSummary.error.path);
});

test("long documents cross the boundary intact: non-ASCII text, astral characters, lone surrogates", () => {
  const r = realisticRequest();
  const policy = new Policy(r.policy);
  // Long strings are copied by TextEncoder.encodeInto, short ones by wasm-bindgen: both sides of
  // the 1,024-unit line, and text that needs more room than one byte per UTF-16 unit.
  const ids = ["T-é", "é".repeat(700), "😀".repeat(600) + "x", "a\u{10FFFF}b", "ü" + "x".repeat(1100) + "ß"];
  for (const id of ids) {
    for (const pad of [0, 1, 400, 1000, 3000]) {
      for (const padding of ["x".repeat(pad), "é".repeat(pad), "😀".repeat(pad)]) {
        const ticket = { ...r.ticket, id, fields: { ...r.ticket.fields, note: padding } };
        const text = JSON.stringify(ticket);
        assert.equal(policy.evaluate(text, r.now, { trace: false }).ticket, id, `id ${id.slice(0, 8)}, ${text.length} units`);
        assert.equal(policy.evaluate(ticket, r.now, { trace: false }).ticket, id);
      }
    }
  }
  // A lone surrogate is not UTF-8: it arrives as U+FFFD whatever the length.
  for (const pad of [0, 2000]) {
    const text = `{"id": "a\uD800b", "createdAt": "2026-03-05T14:10:00-05:00", "fields": {"note": "${"x".repeat(pad)}"}}`;
    assert.equal(policy.evaluate(text, r.now).ticket, "a\uFFFDb", `${text.length} units`);
  }
  // A batch far longer than one ticket, with non-ASCII ids throughout.
  const batch = Array.from({ length: 300 }, (_, i) => ({ ...r.ticket, id: `É-${i}-😀` }));
  assert.deepEqual(policy.evaluateMany(JSON.stringify(batch), r.now, { trace: false }).map((x) => x.evaluation.ticket), batch.map((t) => t.id));
});

test("instants cross as short ASCII text; longer, non-ASCII and far-off instants still read and write right", () => {
  const ny = new Calendar({ timeZone: "America/New_York", hours });
  // Friday 2026-03-06 16:00Z is 11:00 EST: 6h to 17:00, then the 2h left from Monday 09:00,
  // which is EDT (DST began Sunday 2026-03-08): 11:00 EDT = 15:00Z.
  const friday = "2026-03-06T16:00:00Z";
  const monday = "2026-03-09T15:00:00Z";
  assert.equal(ny.add(friday, "8h"), monday);
  assert.equal(ny.add(new Date(Date.UTC(2026, 2, 6, 16)), "8h"), monday);
  // The same instant with nine fraction digits and an offset (35 characters), and with thirty
  // digits (51 characters, longer than the short buffer): the fraction below the millisecond is
  // dropped (SEMANTICS.md section 1), so .123 is kept.
  assert.equal(ny.add("2026-03-06T21:45:00.123456789+05:45", "8h"), "2026-03-09T15:00:00.123Z");
  assert.equal(ny.add("2026-03-06T16:00:00.123456789012345678901234567890Z", "8h"), "2026-03-09T15:00:00.123Z");
  // Text that is not ASCII is reported whole, as it was given; a lone surrogate as U+FFFD.
  for (const [given, shown] of [[friday + "é", friday + "é"], ["２026-03-06T16:00:00Z", "２026-03-06T16:00:00Z"], [friday + "\uD800", friday + "\uFFFD"], ["x".repeat(300), "x".repeat(300)]]) {
    assert.throws(() => ny.add(given, "8h"), (e) => e instanceof EscalonError && e.code === "instant.invalid" && e.path === "/at" && e.message.includes(`"${shown}"`), given.slice(0, 30));
    assert.throws(() => ny.elapsed(friday, given), (e) => e instanceof EscalonError && e.path === "/to" && e.message.includes(`"${shown}"`));
  }
  // A year past 9999 is written with a sign and six digits, as Date.prototype.toISOString writes
  // it (escalon leaves out a zero fraction).
  const far = new Date(8e15);
  assert.equal(new Calendar("24x7").add(far, "0s"), far.toISOString().replace(".000Z", "Z"));
  assert.match(far.toISOString(), /^\+\d{6}-/);
});

test("text answers stay right when the module's memory grows between calls", async () => {
  // The wasm exports of the instance node.js initialised (initSync answers it again).
  const { initSync } = await import("../../pkg/escalon.js");
  const { memory } = initSync();
  const ny = new Calendar({ timeZone: "America/New_York", hours });
  assert.equal(ny.add("2026-03-06T16:00:00Z", "8h"), "2026-03-09T15:00:00Z");
  assert.equal(ny.nextOpen("2026-03-07T12:00:00Z"), "2026-03-09T13:00:00Z"); // Monday 09:00 EDT
  const before = memory.buffer.byteLength;
  // A document longer than the whole memory has to be copied in, so the memory grows.
  const text = JSON.stringify("x".repeat(before + (8 << 20)));
  assert.throws(() => new Calendar(text), EscalonError);
  assert.ok(memory.buffer.byteLength > before, `memory did not grow from ${before} bytes`);
  assert.equal(ny.add("2026-03-06T16:00:00Z", "8h"), "2026-03-09T15:00:00Z");
  assert.equal(ny.subtract("2026-03-09T15:00:00Z", "8h"), "2026-03-06T16:00:00Z");
  assert.equal(ny.previousClose("2026-03-08T12:00:00Z"), "2026-03-06T22:00:00Z"); // Friday 17:00 EST
});
