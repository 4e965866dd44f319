// Typed usage of the package, compiled by `tsc --noEmit` against pkg/index.d.ts: documents and
// results are typed, so a wrong key or type fails the build.
import { Calendar, Policy, EscalonError, validatePolicy } from "../../pkg/index.js";
import type { PolicyDocument, Ticket, Evaluation, MetricReport, Timeline, Summary, Validation, CalendarDocument } from "../../pkg/index.js";

const calendar: CalendarDocument = {
  timeZone: "Europe/Berlin",
  hours: { mon: [["09:00", "17:00"]], fri: [["22:00", "06:00"]] },
  holidays: ["--12-25", { from: "2026-12-28", to: "2026-12-31" }],
  breaks: { "2026-06-16": [["12:00", "13:00"]] },
};

const policy: PolicyDocument = {
  version: 1,
  calendars: { berlin: calendar },
  priorities: ["P1", "P2"],
  priority: {
    matrix: { impact: ["high", "low"], urgency: ["high", "low"], table: [["P1", "P2"], ["P2", "P2"]] },
    default: "P2",
    rules: [{ when: { field: "channel", in: ["twitter"] }, raise: 1 }],
  },
  slas: [{ name: "Std", calendar: "berlin", targets: { P1: { "first-response": "1h" } }, warnings: ["75%"] }],
  escalation: {
    levels: [
      { name: "Tier 1", kind: "functional", owner: { team: "support" } },
      { name: "Manager", kind: "hierarchical", owner: { role: "manager" }, when: [{ metric: "first-response", percent: 75 }], actions: [{ type: "notify" }] },
    ],
  },
};

const ticket: Ticket = {
  id: "T-1",
  createdAt: "2026-06-15T09:00:00Z",
  fields: { channel: "twitter" },
  events: [{ at: "2026-06-15T09:30:00Z", type: "reply", by: "agent", public: true }],
};

const cal = new Calendar(calendar);
const due: string = cal.add(new Date(), "4h");
const seconds: number = cal.elapsed("2026-06-15T09:00:00Z", due);
const open: boolean = cal.isOpen("2026-06-15T09:00:00Z");
const periods: [string, string][] = cal.periods("2026-06-15T00:00:00Z", "2026-06-22T00:00:00Z");
const dueMs: number = cal.addMs(Date.now(), "4h");
const dues: Float64Array = cal.addMany(new Float64Array([dueMs]), "1d");
const spentMs: Float64Array = cal.elapsedMany(dues, [Date.now()]);

const p = new Policy(policy);
const e: Evaluation = p.evaluate(ticket, "2026-06-15T10:00:00Z");
const frt: MetricReport | undefined = e.metrics["first-response"];
const state: "pending" | "running" | "paused" | "achieved" | "breached" | "cancelled" | undefined = frt?.state;
const owner = e.escalation?.owner;
const tl: Timeline = p.timeline(ticket, "2026-06-15T09:00:00Z", "2026-06-16T09:00:00Z");
const s: Summary = p.summarize([ticket], "2026-06-16T00:00:00Z");
const v: Validation = validatePolicy(policy);
const lean: Evaluation = p.evaluate(ticket, "2026-06-15T10:00:00Z", { trace: false });
const batch = p.evaluateMany([ticket], new Date(), { trace: false });
const body: string = p.evaluateManyJson(JSON.stringify([ticket]), new Date(), { trace: false }) + p.evaluateJson(ticket, new Date());
for (const r of batch) {
  if ("evaluation" in r) console.log(r.evaluation.priority.value);
  else console.log(r.error.code);
}
try {
  new Calendar("{}");
} catch (err) {
  if (err instanceof EscalonError) console.log(err.code, err.path, err.diagnostics.length);
}
console.log(body.length, dues.length, spentMs.length, lean.trace.length, seconds, open, periods.length, state, owner, tl.events.length, s.tickets, v.valid);
p.free();
cal.free();
