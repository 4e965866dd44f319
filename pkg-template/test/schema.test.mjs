// The JSON Schemas in pkg-template/schema/ accept every example document escalon accepts (the
// vectors' policies and tickets, the benchmark fixture, the README examples, the playground
// sample) and reject documents with a wrong key or type.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { validatePolicy } from "../../pkg/node.js";
import { slaRequests, realisticRequest } from "./requests.mjs";

const require = createRequire(new URL("../../.ci/js/", import.meta.url));
const Ajv2020 = require("ajv/dist/2020").default;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const schema = (name) => JSON.parse(readFileSync(new URL(`../schema/${name}.schema.json`, import.meta.url)));
const policySchema = ajv.compile(schema("policy"));
const ticketSchema = ajv.compile(schema("ticket"));

function examples() {
  const policies = slaRequests().map((c) => [c.id, c.request.policy]);
  const tickets = slaRequests().map((c) => [c.id, c.request.ticket]);
  const r = realisticRequest();
  policies.push(["realistic", r.policy]);
  tickets.push(["realistic", r.ticket]);
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  for (const m of readme.matchAll(/Policy::from_json\(r#"([\s\S]*?)"#\)/g)) policies.push(["README", JSON.parse(m[1])]);
  for (const m of readme.matchAll(/Ticket::from_json\(r#"([\s\S]*?)"#\)/g)) tickets.push(["README", JSON.parse(m[1])]);
  const esc = /```json\n"escalation": ([\s\S]*?)\n```/.exec(readme);
  if (esc) policies.push(["README escalation", { ...r.policy, escalation: JSON.parse(esc[1]) }]);
  const sample = new URL("../../www/sample-policy.json", import.meta.url);
  if (existsSync(sample)) policies.push(["playground sample", JSON.parse(readFileSync(sample, "utf8"))]);
  return { policies, tickets };
}

test("the schemas accept every example escalon accepts", () => {
  const { policies, tickets } = examples();
  assert.ok(policies.length >= 23);
  for (const [id, p] of policies) {
    assert.equal(validatePolicy(p).valid, true, `${id}: escalon rejects the example itself`);
    assert.ok(policySchema(p), `${id}: ${ajv.errorsText(policySchema.errors)}`);
  }
  for (const [id, t] of tickets) assert.ok(ticketSchema(t), `${id}: ${ajv.errorsText(ticketSchema.errors)}`);
});

test("the schemas reject wrong keys and types", () => {
  const p = structuredClone(realisticRequest().policy);
  p.slas[0].calender = "us";
  assert.equal(policySchema(p), false);
  const q = structuredClone(realisticRequest().policy);
  q.calendars.us.timezone = q.calendars.us.timeZone;
  delete q.calendars.us.timeZone;
  assert.equal(policySchema(q), false);
  const t = structuredClone(realisticRequest().ticket);
  t.events[0].type = "statuss";
  assert.equal(ticketSchema(t), false);
  assert.equal(ticketSchema({ id: 1, createdAt: "2026-01-01T00:00:00" }), false);
});
