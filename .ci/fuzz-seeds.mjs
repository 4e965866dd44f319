// Writes seed corpora for the fuzz targets from the vector files and the benchmark fixture.
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { calendarRequests, slaRequests, realisticRequest } from "../pkg-template/test/requests.mjs";

const out = process.argv[2];
const put = (target, name, text) => {
  mkdirSync(join(out, target), { recursive: true });
  writeFileSync(join(out, target, name), text);
};
const cal = calendarRequests();
cal.forEach((c, i) => {
  put("calendar_document", `v${i}`, JSON.stringify(c.request.calendar));
  put("calendar_ops", `v${i}`, JSON.stringify(c.request));
  if (c.request.duration) put("duration", `v${i}`, c.request.duration);
});
const sla = slaRequests();
sla.forEach((c, i) => {
  put("policy_document", `s${i}`, JSON.stringify(c.request.policy));
  put("evaluate", `s${i}`, JSON.stringify({ policy: c.request.policy, ticket: c.request.ticket, now: c.request.now }));
  put("ticket_document", `s${i}`, JSON.stringify(c.request.ticket));
});
const r = realisticRequest();
put("policy_document", "realistic", JSON.stringify(r.policy));
put("evaluate", "realistic", JSON.stringify(r));
put("ticket_document", "realistic", JSON.stringify(r.ticket));
put("ticket_document", "realistic-pretty", JSON.stringify(r.ticket, null, 1));
// Every event type with its optional keys, so that mutations reach each type's rules.
put("ticket_document", "every-event", JSON.stringify({
  id: 42, createdAt: "2026-03-08T01:30:00-05:00", status: "on-hold", fields: { tier: "gold", tags: ["vip"] },
  events: [
    { at: "2026-03-08T07:00:00Z", type: "status", status: "open" },
    { at: "2026-03-08T07:00:00Z", type: "reply", by: "agent", public: false },
    { at: "2026-03-08T07:00:01Z", type: "reply", by: "customer" },
    { at: "2026-03-08T08:30:00+01:00", type: "update", fields: { priority: "P1" } },
    { at: "2026-03-08T08:00:00Z", type: "assign", to: "l2" },
    { at: "2026-03-08T08:00:00Z", type: "ack", by: "ann" },
    { at: "2026-03-08T08:00:00Z", type: "escalate", level: 2, reason: "late" },
    { at: "2026-03-08T08:00:00.5Z", type: "flag", flag: "vip" },
  ],
}));
for (const d of ["8h", "1h 30m", "PT8H", "P2D", "0s", "2d"]) put("duration", d.replace(/\W/g, "_"), d);
