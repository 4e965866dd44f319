// The JS API: errors, garbage, batches, and the README's Node snippet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Calendar, Policy, EscalonError, validatePolicy, version } from "../../pkg/node.js";
import { realisticRequest } from "./requests.mjs";

const hours = { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] };

test("errors are EscalonErrors with a code, a path and every diagnostic", () => {
  assert.throws(
    () => new Calendar({ timeZone: "America/New_Yrok", hours: { mon: [["09:00", "25:00"]] } }),
    (e) => {
      assert.ok(e instanceof EscalonError && e instanceof Error);
      assert.equal(e.name, "EscalonError");
      assert.equal(e.code, "calendar.unknown_time_zone");
      assert.equal(e.path, "/timeZone");
      assert.deepEqual(e.diagnostics.map((d) => d.path), ["/timeZone", "/hours/mon/0/1"]);
      return true;
    },
  );
  assert.throws(() => new Policy("{ bad json"), (e) => e.code === "document.syntax" && e.line === 1);
});

test("10,000 calls with garbage throw typed errors and the instance keeps working", () => {
  const cal = new Calendar({ timeZone: "UTC", hours });
  const garbage = [null, undefined, 42, {}, [], "", "2026-13-45T25:00:00Z", "2026-01-05T10:00:00", new Date(NaN), Symbol.for("x")];
  const durations = ["", "-1h", "1d 4h", "8x", "99999999999999999999h", null, 7];
  let thrown = 0;
  for (let i = 0; i < 10000; i++) {
    for (const call of [
      () => cal.add(garbage[i % garbage.length], "1h"),
      () => cal.add("2026-01-05T10:00:00Z", durations[i % durations.length]),
      () => cal.elapsed(garbage[i % garbage.length], garbage[(i + 1) % garbage.length]),
    ]) {
      try {
        call();
      } catch (e) {
        assert.ok(e instanceof EscalonError, String(e));
        assert.match(e.code, /^[a-z]+\.[a-z_]+$/);
        thrown++;
      }
    }
  }
  assert.ok(thrown >= 20000);
  assert.equal(cal.add("2026-01-05T16:00:00Z", "2h"), "2026-01-06T10:00:00Z");
});

test("evaluateMany answers a batch in one call, bad tickets included", () => {
  const r = realisticRequest();
  const policy = new Policy(r.policy);
  const out = policy.evaluateMany([r.ticket, { id: "bad" }, r.ticket], r.now);
  assert.equal(out.length, 3);
  assert.deepEqual(out[0], { evaluation: policy.evaluate(r.ticket, r.now) });
  assert.equal(out[1].error.code, "document.missing_key");
  assert.equal(out[1].error.path, "/1");
  assert.equal(Object.keys(out[0].evaluation.metrics).length, 4);
});

test("validatePolicy reports errors and lint warnings without throwing", () => {
  assert.deepEqual(validatePolicy({ version: 1, priorities: ["P1"], priority: { default: "P1" }, slas: [] }), { valid: true, diagnostics: [] });
  const bad = validatePolicy({ version: 1, priorities: ["P1"], priority: { default: "P9" }, slas: [] });
  assert.equal(bad.valid, false);
  assert.equal(bad.diagnostics[0].code, "policy.unknown_priority");
  assert.equal(version(), JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url))).version);
});

// Under Bun's test runner the snippet's module and console are not this file's; .ci/hosts.sh runs
// the snippet unchanged in Bun instead.
test("the README's Node snippet runs and prints what it says", { skip: typeof Bun !== "undefined" }, async () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const snippet = /## Node\n\n```js\n([\s\S]*?)```/.exec(readme)[1];
  const printed = [];
  const log = console.log;
  console.log = (...a) => printed.push(a.join(" "));
  try {
    const src = snippet.replace('from "escalon"', `from "${new URL("../../pkg/node.js", import.meta.url).href}"`);
    await import("data:text/javascript," + encodeURIComponent(src));
  } finally {
    console.log = log;
  }
  assert.deepEqual(printed, ["2026-11-27T16:00:00Z", "true calendar.unknown_time_zone /timeZone"]);
});

test("every call, with garbage in any argument, throws only EscalonErrors and the instances keep working", () => {
  const cal = new Calendar({ timeZone: "America/New_York", hours, holidays: ["2026-11-26"] });
  const r = realisticRequest();
  const policy = new Policy(r.policy);
  const pool = [
    null, undefined, 0, -1, NaN, Infinity, 1.5, 2 ** 60, 10n, Symbol("s"), true, "", "x", "{}", "[", "24x7", "1h", "-1h",
    "2026-13-45T25:00:00Z", "2026-01-05T10:00:00Z", "2026-01-05T10:00:00", "2026-01-05", {}, [], [null], [0, "x"], [1767225600000],
    new Date(NaN), new Date(0), () => 1, new Map(), Float64Array.of(NaN), Float64Array.of(1767225600000), new String("1h"),
    { id: "T", createdAt: "2026-01-05T10:00:00Z" }, [{ id: "T", createdAt: "2026-01-05T10:00:00Z" }], { trace: false }, { trace: 1 },
    "x".repeat(2000), JSON.stringify(r.ticket),
  ];
  // [object, method, number of arguments, indexes of the arguments that are JS numbers]
  const calls = [
    ["add", 2], ["subtract", 2], ["elapsed", 2], ["isOpen", 1], ["nextOpen", 1], ["previousClose", 1], ["periods", 2],
    ["isBusinessDay", 1], ["addMs", 2, [0]], ["subtractMs", 2, [0]], ["elapsedMs", 2, [0, 1]], ["isOpenMs", 1, [0]],
    ["nextOpenMs", 1, [0]], ["previousCloseMs", 1, [0]], ["addMany", 2], ["subtractMany", 2], ["elapsedMany", 2],
  ].map(([m, n, numeric]) => [cal, m, n, numeric ?? []]).concat(
    [["evaluate", 3], ["evaluateJson", 3], ["evaluateMany", 3], ["evaluateManyJson", 3], ["timeline", 3], ["summarize", 2]]
      .map(([m, n]) => [policy, m, n, []]),
  );
  // A fixed walk (a linear congruential generator), so a failure can be replayed.
  let x = 2026;
  const pick = () => pool[(x = (x * 1103515245 + 12345) % 2 ** 31) % pool.length];
  const unexpected = [];
  let typed = 0;
  for (const [target, method, n, numeric] of calls) {
    for (let k = 0; k < 300; k++) {
      const args = Array.from({ length: n }, pick);
      try {
        target[method](...args);
      } catch (e) {
        if (e instanceof EscalonError && /^[a-z]+\.[a-z_]+$/.test(e.code) && typeof e.path === "string") {
          typed++;
          continue;
        }
        // JS converts a number argument before the call; a BigInt or a Symbol cannot be, and the
        // engine throws its own TypeError (worded differently by V8 and JavaScriptCore).
        const jsConversion = e instanceof TypeError && numeric.some((i) => typeof args[i] === "bigint" || typeof args[i] === "symbol");
        if (!jsConversion && unexpected.length < 10) unexpected.push(`${method}(${args.map((a) => typeof a === "symbol" ? "Symbol" : typeof a === "bigint" ? `${a}n` : JSON.stringify(a)?.slice(0, 40)).join(", ")}): ${e?.constructor?.name} ${e?.message}`);
      }
    }
    for (const f of [() => new Calendar(pick()), () => new Policy(pick()), () => validatePolicy(pick())]) {
      try {
        f();
      } catch (e) {
        if (!(e instanceof EscalonError) && unexpected.length < 10) unexpected.push(`constructor: ${e?.constructor?.name} ${e?.message}`);
      }
    }
  }
  assert.deepEqual(unexpected, []);
  assert.ok(typed > 3000, `${typed} typed errors`);
  assert.equal(cal.add("2026-11-25T15:00:00-05:00", "4h"), "2026-11-27T16:00:00Z");
  assert.deepEqual(policy.evaluate(r.ticket, r.now), new Policy(r.policy).evaluate(r.ticket, r.now));
});

test("after free(), calls on that handle throw and the other handles keep working", () => {
  const r = realisticRequest();
  const a = new Calendar({ timeZone: "UTC", hours });
  const b = new Calendar({ timeZone: "UTC", hours });
  const p = new Policy(r.policy);
  const q = new Policy(r.policy);
  const expected = q.evaluate(r.ticket, r.now);
  a.free();
  p.free();
  for (const call of [() => a.add("2026-01-05T16:00:00Z", "2h"), () => a.addMs(0, "1h"), () => a.free(), () => p.evaluate(r.ticket, r.now), () => p.free()]) {
    assert.throws(call, (e) => e instanceof Error && /null pointer passed to rust/.test(e.message));
  }
  assert.equal(b.add("2026-01-05T16:00:00Z", "2h"), "2026-01-06T10:00:00Z");
  assert.deepEqual(q.evaluate(r.ticket, r.now), expected);
  if (Symbol.dispose) {
    const c = new Calendar({ timeZone: "UTC", hours });
    c[Symbol.dispose]();
    assert.throws(() => c.add("2026-01-05T16:00:00Z", "2h"), /null pointer passed to rust/);
  }
});
