// How fast V8 can make answer objects at all: a bound on any API that returns escalon's answers
// as JS objects, whatever reads them and however they cross from wasm. No escalon code runs here.
//
// `shapeBuilders(answers)` takes parsed answers and, outside the timing, writes for each distinct
// shape (keys, array lengths, where null and booleans are) one JS function that builds an object
// of exactly that shape from object and array literals, and flattens every answer's numbers into
// a Float64Array and its instants into char codes. Building then makes every object and every
// instant anew, as a decoder reading wasm memory would, with nothing left to parse or decide.
// Every other string (names, states, thresholds, trace text) is taken from a table made outside
// the timing, one shared string per distinct text, as if a decoder knew them all in advance:
// generous to the bound. It is the fastest way to make these objects that we know of. `build()`
// returns the built answers, which the caller checks against the parsed ones before it believes
// the timing.
//
// `objectsRate(answersText)` measures it in a new Node process (a fresh heap, so that what the
// benchmark ran before does not decide the collector's work): best of seven passes.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const INSTANT = /^[+-]?\d{4,6}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/;

export function shapeBuilders(answers) {
  const codes = [];
  const numbers = [];
  const strings = []; // [offset into codes, length] per instant, in the order the shape reads them
  const table = new Map(); // every other string: its text -> its index in `shared`
  const uses = []; // per use of a shared string, its index
  const builders = new Map();
  const plan = []; // per answer: [builder, first number, first instant, first shared string]
  for (const answer of answers) {
    const firstNumber = numbers.length;
    const firstString = strings.length / 2;
    const firstUse = uses.length;
    let n = 0;
    let s = 0;
    let u = 0;
    const expr = (v) => {
      if (v === null || typeof v === "boolean") return String(v);
      if (typeof v === "number") {
        numbers.push(v);
        return `n[b+${n++}]`;
      }
      if (typeof v === "string" && !INSTANT.test(v)) {
        if (!table.has(v)) table.set(v, table.size);
        uses.push(table.get(v));
        return `x[y[d+${u++}]]`;
      }
      if (typeof v === "string") {
        strings.push(codes.length, v.length);
        for (let i = 0; i < v.length; i++) codes.push(v.charCodeAt(i));
        return `t(c+${s++})`;
      }
      if (Array.isArray(v)) return `[${v.map(expr).join(",")}]`;
      return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${expr(v[k])}`).join(",")}}`;
    };
    const body = `return ${expr(answer)};`;
    if (!builders.has(body)) builders.set(body, new Function("n", "b", "t", "c", "x", "y", "d", body));
    plan.push([builders.get(body), firstNumber, firstString, firstUse]);
  }
  const code = Uint16Array.from(codes);
  const number = Float64Array.from(numbers);
  const where = Int32Array.from(strings);
  const shared = [...table.keys()];
  const use = Int32Array.from(uses);
  // An instant from its char codes: one call with fixed arguments for the 20-character form
  // (escalon's ascii.js does the same), the general form otherwise.
  const text = (k) => {
    const at = where[2 * k];
    const len = where[2 * k + 1];
    const c = code;
    if (len === 20) return String.fromCharCode(c[at], c[at + 1], c[at + 2], c[at + 3], c[at + 4], c[at + 5], c[at + 6], c[at + 7], c[at + 8], c[at + 9], c[at + 10], c[at + 11], c[at + 12], c[at + 13], c[at + 14], c[at + 15], c[at + 16], c[at + 17], c[at + 18], c[at + 19]);
    return String.fromCharCode.apply(null, c.subarray(at, at + len));
  };
  return {
    build() {
      const out = new Array(plan.length);
      for (let i = 0; i < plan.length; i++) {
        const [f, b, c, d] = plan[i];
        out[i] = f(number, b, text, c, shared, use, d);
      }
      return out;
    },
  };
}

/** Answers made per second by `shapeBuilders(JSON.parse(answersText)).build()`, in a new process. */
export function objectsRate(answersText) {
  const dir = mkdtempSync(join(tmpdir(), "escalon-objects-"));
  try {
    const file = join(dir, "answers.json");
    writeFileSync(file, answersText);
    return Number(execFileSync(process.execPath, [fileURLToPath(import.meta.url), file], { encoding: "utf8" }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const parsed = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const made = shapeBuilders(parsed);
  assert.deepStrictEqual(made.build(), parsed);
  let best = 0;
  for (let k = 0; k < 7; k++) {
    const t0 = process.hrtime.bigint();
    made.build();
    best = Math.max(best, parsed.length / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  process.stdout.write(String(best));
}
