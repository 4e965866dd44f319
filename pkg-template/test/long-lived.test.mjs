// One Policy instance evaluates 1,000,000 tickets, 10% of them invalid, in batches: memory stays
// flat, every invalid ticket gets a typed error, and valid answers match the native runner.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Policy, Calendar, EscalonError, handleRequest } from "../../pkg/node.js";
import { initSync } from "../../pkg/escalon.js";
import { realisticRequest, native } from "./requests.mjs";

test("a long-lived Policy keeps flat memory over 1,000,000 tickets", () => {
  const r = realisticRequest();
  const policy = new Policy(r.policy);
  const created = Date.parse(r.ticket.createdAt);
  const batch = (b) =>
    Array.from({ length: 10000 }, (_, i) => {
      const n = b * 10000 + i;
      if (n % 10 === 9) return n % 20 === 9 ? { id: n } : { ...r.ticket, id: n, events: [{ at: "garbage", type: "ack" }] };
      const shift = (n % 997) * 3600 * 1000;
      return { ...r.ticket, id: n, createdAt: new Date(created + shift).toISOString(), events: [] };
    });
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  let afterWarmup = 0;
  let errors = 0;
  let valid = 0;
  for (let b = 0; b < 100; b++) {
    const tickets = batch(b);
    const out = policy.evaluateMany(JSON.stringify(tickets), r.now);
    assert.equal(out.length, tickets.length);
    out.forEach((entry, i) => {
      const n = b * 10000 + i;
      if (n % 10 === 9) {
        assert.ok(entry.error, `ticket ${n} should be an error`);
        assert.match(entry.error.code, /^(document|instant)\.[a-z_]+$/);
        errors++;
      } else {
        assert.ok(entry.evaluation, `ticket ${n}: ${JSON.stringify(entry.error)}`);
        valid++;
      }
    });
    if (b === 9) {
      global.gc?.();
      afterWarmup = used();
    }
  }
  global.gc?.();
  const growth = used() - afterWarmup;
  console.log(`1,000,000 tickets: ${valid} evaluations, ${errors} typed errors, JS heap + wasm memory growth after warm-up ${(growth / 1e6).toFixed(2)} MB (RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB)`);
  assert.equal(errors, 100000);
  // The JS heap and the wasm linear memory (counted in `external`) must not grow: a leaked
  // handle or buffer per ticket would add tens of megabytes over 900,000 tickets.
  assert.ok(growth < 8e6, `memory grew by ${growth} bytes after warm-up`);
  // The valid answers match native: one batch through both, byte for byte.
  const line = JSON.stringify({ op: "evaluateMany", policy: r.policy, tickets: batch(42), now: r.now });
  assert.equal(handleRequest(line), native([line])[0]);
});

test("a long-lived Calendar answers 300,000 rounds of text calls without holding anything", () => {
  // The instance node.js initialised: its memory and its table of JS values held by wasm.
  const wasm = initSync();
  const cal = new Calendar({ timeZone: "America/New_York", hours: { mon: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] } });
  // Friday 2026-03-06 16:00Z is 11:00 EST: 6h to 17:00, then 2h from Monday 09:00 EDT = 15:00Z.
  const round = (i) => {
    assert.equal(cal.add("2026-03-06T16:00:00Z", "8h"), "2026-03-09T15:00:00Z");
    assert.throws(() => cal.add("x".repeat(i % 100), "8h"), EscalonError);
    assert.equal(cal.isBusinessDay("2026-03-09"), true);
  };
  for (let i = 0; i < 30000; i++) round(i);
  global.gc?.();
  const before = { table: wasm.__wbindgen_externrefs.length, memory: wasm.memory.buffer.byteLength, heap: process.memoryUsage().heapUsed };
  for (let i = 0; i < 300000; i++) round(i);
  global.gc?.();
  // A JS value or a buffer kept per call would grow the table, the memory or the heap.
  assert.equal(wasm.__wbindgen_externrefs.length, before.table);
  assert.equal(wasm.memory.buffer.byteLength, before.memory);
  assert.ok(process.memoryUsage().heapUsed - before.heap < 8e6, "the JS heap grew");
});
