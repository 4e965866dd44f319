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
});
const r = realisticRequest();
put("policy_document", "realistic", JSON.stringify(r.policy));
put("evaluate", "realistic", JSON.stringify(r));
for (const d of ["8h", "1h 30m", "PT8H", "P2D", "0s", "2d"]) put("duration", d.replace(/\W/g, "_"), d);
