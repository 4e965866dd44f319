// Writes every vector request (and the realistic fixture) as JSON lines, for the host tests,
// then a generated corpus of 10,000 random valid tickets against the sample policy, in batches
// of 1,000 (`evaluateMany`).
import { writeFileSync, readFileSync, existsSync } from "node:fs";
import { calendarRequests, slaRequests, realisticRequest } from "../requests.mjs";

const lines = [...calendarRequests(), ...slaRequests()].map((c) => JSON.stringify(c.request));
const realistic = realisticRequest();
lines.push(JSON.stringify(realistic));

const sampleUrl = new URL("../../../www/sample-policy.json", import.meta.url);
const policy = existsSync(sampleUrl) ? JSON.parse(readFileSync(sampleUrl, "utf8")) : realistic.policy;

// splitmix64: a fixed seed gives the same corpus everywhere.
let state = 0x5eedn;
const mask = (1n << 64n) - 1n;
function next() {
  state = (state + 0x9e3779b97f4a7c15n) & mask;
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
  return z ^ (z >> 31n);
}
const pick = (list) => list[Number(next() % BigInt(list.length))];
const iso = (ms) => new Date(ms).toISOString().replace(".000Z", "Z");

const YEAR = Date.UTC(2026, 0, 1);
function ticket(i) {
  const created = YEAR + Number(next() % BigInt(360 * 86400)) * 1000;
  const events = [];
  let t = created;
  const n = Number(next() % 12n);
  for (let k = 0; k < n; k++) {
    t += Number(next() % BigInt(30 * 3600)) * 1000;
    events.push(
      pick([
        { type: "status", status: pick(["open", "pending", "on-hold", "solved", "open"]) },
        { type: "reply", by: "agent", public: true },
        { type: "reply", by: "agent", public: false },
        { type: "reply", by: "customer" },
        { type: "update", fields: { category: pick(["billing", "outage", "question", "technical"]) } },
        { type: "ack" },
        { type: "flag", flag: pick(["legal", "customer-requested-manager"]) },
      ]),
    );
    events[events.length - 1] = { at: iso(t), ...events[events.length - 1] };
  }
  return {
    id: `R-${i}`,
    createdAt: iso(created),
    status: "new",
    fields: {
      tier: pick(["gold", "silver", "free"]),
      region: pick(["eu", "us"]),
      impact: pick(["high", "medium", "low"]),
      urgency: pick(["high", "medium", "low"]),
      channel: pick(["email", "twitter", "phone", "facebook"]),
      category: pick(["billing", "outage", "question", "technical"]),
      tags: pick([[], ["vip"], ["eu", "vip"]]),
    },
    events,
  };
}
const count = Number(process.argv[3] ?? 10000);
for (let b = 0; b < count / 1000; b++) {
  const tickets = Array.from({ length: 1000 }, (_, i) => ticket(b * 1000 + i));
  lines.push(JSON.stringify({ op: "evaluateMany", policy, tickets, now: "2026-12-31T00:00:00Z" }));
}
writeFileSync(process.argv[2], lines.join("\n") + "\n");
