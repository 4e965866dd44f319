// The shared vectors through the built package: expected answers, and byte-identical output to
// the native conformance runner.
import { test } from "node:test";
import assert from "node:assert/strict";
import { handleRequest, Calendar } from "../../pkg/node.js";
import { calendarRequests, slaRequests, realisticRequest, native } from "./requests.mjs";

test("calendar vectors give their expected answers through the package", () => {
  const cases = calendarRequests();
  assert.ok(cases.length >= 91);
  for (const c of cases) {
    const got = JSON.parse(handleRequest(JSON.stringify(c.request)));
    if (c.expect && typeof c.expect === "object" && !Array.isArray(c.expect) && "error" in c.expect) {
      assert.equal(got.error?.code, c.expect.error, c.id);
    } else {
      assert.deepEqual(got.result, c.expect, c.id);
    }
  }
});

test("SLA vectors give their expected clocks through the package", () => {
  for (const c of slaRequests()) {
    const got = JSON.parse(handleRequest(JSON.stringify(c.request)));
    assert.ok(got.result, `${c.id}: ${JSON.stringify(got.error)}`);
    for (const [metric, want] of Object.entries(c.expect)) {
      const m = got.result.metrics[metric];
      for (const key of ["state", "elapsed", "dueAt", "remaining", "warnings"]) {
        if (key in want) assert.deepEqual(m[key], want[key], `${c.id} ${metric}.${key}`);
      }
    }
  }
});

test("every vector's output is byte-identical to the native runner's", () => {
  const lines = [...calendarRequests(), ...slaRequests()].map((c) => JSON.stringify(c.request));
  lines.push(JSON.stringify(realisticRequest()));
  lines.push("not json", "{}", JSON.stringify({ op: "lint", policy: realisticRequest().policy }));
  const want = native(lines);
  assert.equal(want.length, lines.length);
  lines.forEach((line, i) => assert.equal(handleRequest(line), want[i], `line ${i}: ${line.slice(0, 80)}`));
});

test("the Calendar class agrees with the vectors", () => {
  let checked = 0;
  for (const c of calendarRequests()) {
    if (c.expect && typeof c.expect === "object" && "error" in c.expect) continue;
    const cal = new Calendar(c.request.calendar);
    const r = c.request;
    const got = {
      add: () => cal.add(r.at, r.duration),
      subtract: () => cal.subtract(r.at, r.duration),
      elapsed: () => cal.elapsed(r.from, r.to),
      isOpen: () => cal.isOpen(r.at),
      nextOpen: () => cal.nextOpen(r.at),
      previousClose: () => cal.previousClose(r.at),
      periods: () => cal.periods(r.from, r.to),
      isBusinessDay: () => cal.isBusinessDay(r.date),
    }[r.op]();
    assert.deepEqual(got, c.expect, c.id);
    cal.free();
    checked++;
  }
  assert.ok(checked > 80);
});
