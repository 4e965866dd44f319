// Builds conformance requests from the shared vector files (the same conversions as
// tests/vectors.rs), and runs them through the native conformance runner.
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

const root = new URL("../../", import.meta.url);
const load = (name) => JSON.parse(readFileSync(new URL(`tests/vectors/${name}`, root), "utf8"));

export function calendarRequests() {
  return load("calendar.json").cases.map((c) => ({
    id: c.id,
    expect: c.expect,
    request: { calendar: c.calendar, op: c.op, ...c.args },
  }));
}

export function slaRequests() {
  const priorities = ["P1", "P2", "P3", "P4"];
  return load("sla.json").cases.map((c) => {
    const targets = {};
    for (const p of priorities) {
      targets[p] = {};
      for (const [metric, t] of Object.entries(c.targets)) {
        const d = typeof t === "string" ? t : t[p];
        if (d !== undefined) targets[p][metric] = d;
      }
    }
    const sla = { name: "case", calendar: c.calendar === "24x7" ? "24x7" : "case", targets, pause: c.pause };
    if (c.warnings) sla.warnings = c.warnings;
    if (c.onPriorityChange) sla.onPriorityChange = c.onPriorityChange;
    const policy = {
      version: 1,
      calendars: c.calendar === "24x7" ? {} : { case: c.calendar },
      priorities,
      priority: { default: "P3" },
      slas: [sla],
    };
    const t = c.ticket;
    const ticket = { id: c.id, createdAt: t.createdAt, status: t.status, fields: { priority: t.priority }, events: t.events };
    return { id: c.id, expect: c.expect, request: { op: "evaluate", policy, ticket, now: c.now } };
  });
}

export function realisticRequest() {
  const f = JSON.parse(readFileSync(new URL("benches/fixtures/realistic.json", root), "utf8"));
  return { op: "evaluate", policy: f.policy, ticket: f.ticket, now: f.now };
}

/** Runs request lines through the native runner (built by `make test-js`). */
export function native(lines) {
  const exe = new URL("target/release/examples/conformance", root).pathname;
  const r = spawnSync(exe, { input: lines.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`native runner failed: ${r.stderr}`);
  return r.stdout.trimEnd().split("\n");
}
