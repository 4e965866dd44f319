// escalon's wasm against the JS business-hours libraries users would otherwise pick, in one Node
// process, on the workloads of benches/calendar.rs: Mon-Fri 09:00-17:00 America/New_York with the
// 11 observed US federal holidays of 2026, 100,000 starts over 2026 from the same splitmix64 seed.
// Reports ops/s, ratios, the goals, and where the libraries' answers differ from escalon's.
// escalon is called three ways: RFC 3339 text per call, epoch milliseconds per call, one batch.
//
//   node benches/js/compare.mjs        (run `cargo bench --bench calendar` first for native figures)
import { readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { Calendar, Policy } from "../../pkg/node.js";
import { objectsRate } from "./objects-bound.mjs";
import { startup } from "./startup.mjs";

const root = new URL("../../", import.meta.url);
const require = createRequire(new URL(".ci/js/", root));
const HOLIDAYS = ["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"];
const ZONE = "America/New_York";
const nineToFive = Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["09:00", "17:00"]]]));
const cal = new Calendar({ timeZone: ZONE, hours: nineToFive, holidays: HOLIDAYS });

// splitmix64, as in benches/calendar.rs: seed 2026, offsets to the second over 2026.
function starts(n) {
  const mask = (1n << 64n) - 1n;
  let state = 2026n;
  const out = [];
  for (let i = 0; i < n; i++) {
    state = (state + 0x9e3779b97f4a7c15n) & mask;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
    z ^= z >> 31n;
    out.push(new Date((1767225600 + Number(z % BigInt(365 * 86400))) * 1000).toISOString());
  }
  return out;
}
const START = starts(100000);
const END30 = START.map((s) => new Date(Date.parse(s) + 30 * 86400000).toISOString());
const WORKLOADS = [
  { name: "W1 +8h", hours: 8 },
  { name: "W2 +40h", hours: 40 },
  { name: "W3 +2000h", hours: 2000 },
  { name: "W4 elapsed 30d" },
];

/** The best of three passes of a call over the n inputs. */
function bestBatch(n, f) {
  let top = 0;
  let out;
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    out = f();
    top = Math.max(top, n / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return { opsPerSec: top, out };
}

// escalon wasm: one call per operation with RFC 3339 text, one call per operation with epoch
// milliseconds, and one call for all 100,000 (Float64Array in and out).
const START_MS = START.map((s) => Date.parse(s));
const END30_MS = END30.map((s) => Date.parse(s));
const START_F64 = Float64Array.from(START_MS);
const END30_F64 = Float64Array.from(END30_MS);
const escalon = {};
const escalonMs = {};
const escalonBatch = {};
const answers = {};
const mismatches = [];
// Warm every call form up first, so that the first workload measured does not pay for the JIT's
// tier-up and for the wasm memory growing.
for (const w of WORKLOADS) {
  const d = `${w.hours}h`;
  for (let i = 0; i < 20000; i++) {
    if (w.hours) cal.add(START[i], d), cal.addMs(START_MS[i], d);
    else cal.elapsed(START[i], END30[i]), cal.elapsedMs(START_MS[i], END30_MS[i]);
  }
  if (w.hours) cal.addMany(START_F64, d);
  else cal.elapsedMany(START_F64, END30_F64);
}
for (const w of WORKLOADS) {
  const d = `${w.hours}h`;
  // The loops call escalon directly (no callback in between), as criterion's loop does natively.
  const text = bestBatch(START.length, () => {
    const out = new Array(START.length);
    if (w.hours) for (let i = 0; i < START.length; i++) out[i] = cal.add(START[i], d);
    else for (let i = 0; i < START.length; i++) out[i] = cal.elapsed(START[i], END30[i]);
    return out;
  });
  const ms = bestBatch(START.length, () => {
    const out = new Float64Array(START.length);
    if (w.hours) for (let i = 0; i < START.length; i++) out[i] = cal.addMs(START_MS[i], d);
    else for (let i = 0; i < START.length; i++) out[i] = cal.elapsedMs(START_MS[i], END30_MS[i]);
    return out;
  });
  const batch = w.hours ? bestBatch(START.length, () => cal.addMany(START_F64, d)) : bestBatch(START.length, () => cal.elapsedMany(START_F64, END30_F64));
  escalon[w.name] = text.opsPerSec;
  escalonMs[w.name] = ms.opsPerSec;
  escalonBatch[w.name] = batch.opsPerSec;
  // Answers in epoch milliseconds for additions and in seconds for elapsed time, as the text API gives them.
  answers[w.name] = text.out.map((x) => (typeof x === "string" ? Date.parse(x) : x));
  answers[w.name].forEach((a, i) => {
    const viaMs = w.hours ? ms.out[i] : ms.out[i] / 1000;
    const viaBatch = w.hours ? batch.out[i] : batch.out[i] / 1000;
    if ((viaMs !== a || viaBatch !== a) && mismatches.length < 5) mismatches.push(`${w.name} from ${START[i]}: text ${a}, ms ${viaMs}, batch ${viaBatch}`);
  });
}
if (mismatches.length) throw new Error(`the call forms disagree: ${mismatches.join("; ")}`);

// escalon native, from criterion's estimates.
const native = {};
const critDir = new URL("target/criterion/calendar/", root);
if (existsSync(critDir)) {
  for (const d of readdirSync(critDir)) {
    const f = new URL(`${d}/new/estimates.json`, critDir);
    const w = WORKLOADS.find((x) => d.startsWith(x.name.split(" ")[0]));
    if (w && existsSync(f)) native[w.name] = 1e9 / JSON.parse(readFileSync(f, "utf8")).mean.point_estimate;
  }
}

// moment-business-time with moment-timezone.
const moment = require("moment-timezone");
require("moment-business-time");
moment.updateLocale("en", {
  workinghours: { 0: null, 1: ["09:00:00", "17:00:00"], 2: ["09:00:00", "17:00:00"], 3: ["09:00:00", "17:00:00"], 4: ["09:00:00", "17:00:00"], 5: ["09:00:00", "17:00:00"], 6: null },
  holidays: HOLIDAYS,
});
const libs = { "moment-business-time": {} };
// escalon returns the next opening when an amount runs out exactly at closing time (SEMANTICS.md
// section 3); a library that returns the closing instant differs by convention, not by error.
const isConvention = (lib, esc) => !cal.isOpen(new Date(lib).toISOString()) && Date.parse(cal.nextOpen(new Date(lib).toISOString())) === esc && cal.elapsed(new Date(lib).toISOString(), new Date(esc).toISOString()) === 0;
const convention = { "moment-business-time": {}, "dayjs-business-time": {} };
const agreement = { "moment-business-time": {} };
const examples = { "moment-business-time": [] };
for (const w of WORKLOADS) {
  const n = w.hours === 2000 ? 50 : 2000;
  const deadline = Date.now() + 5000;
  const t0 = process.hrtime.bigint();
  let done = 0;
  let same = 0;
  for (let i = 0; i < n && Date.now() < deadline; i++, done++) {
    const m = moment.tz(START[i], ZONE);
    const got = w.hours ? m.addWorkingTime(w.hours, "hours").valueOf() : Math.round(moment.tz(END30[i], ZONE).workingDiff(m, "minutes", true) * 60);
    if (got === answers[w.name][i]) same++;
    else if (w.hours && isConvention(got, answers[w.name][i])) convention["moment-business-time"][w.name] = (convention["moment-business-time"][w.name] ?? 0) + 1;
    else if (examples["moment-business-time"].length < 5) examples["moment-business-time"].push({ workload: w.name, start: START[i], escalon: w.hours ? new Date(answers[w.name][i]).toISOString() : answers[w.name][i], library: w.hours ? new Date(got).toISOString() : got });
  }
  libs["moment-business-time"][w.name] = done / (Number(process.hrtime.bigint() - t0) / 1e9);
  agreement["moment-business-time"][w.name] = `${same}/${done}`;
}

// dayjs-business-time, in a worker that is stopped if an input never returns.
function dayjsRun(w, n) {
  return new Promise((resolve) => {
    const code = `
      const { parentPort, workerData } = require("node:worker_threads");
      const req = require("node:module").createRequire(workerData.base);
      const dayjs = req("dayjs"); dayjs.extend(req("dayjs/plugin/utc")); dayjs.extend(req("dayjs/plugin/timezone")); dayjs.extend(req("dayjs-business-time"));
      dayjs.setHolidays(workerData.holidays);
      const out = [];
      const t0 = Date.now();
      for (let i = 0; i < workerData.starts.length && Date.now() - t0 < 5000; i++) {
        const d = dayjs.tz(workerData.starts[i], workerData.zone);
        out.push(workerData.hours ? d.addBusinessHours(workerData.hours).valueOf() : Math.round(dayjs.tz(workerData.ends[i], workerData.zone).businessMinutesDiff(d) * 60));
        parentPort.postMessage({ i, value: out[out.length - 1] });
      }
      parentPort.postMessage({ done: true, ms: Date.now() - t0 });
    `;
    const worker = new Worker(code, { eval: true, workerData: { base: new URL(".ci/js/", root).href, holidays: HOLIDAYS, zone: ZONE, hours: w.hours, starts: START.slice(0, n), ends: END30.slice(0, n) } });
    const values = [];
    let timer;
    const arm = () => { clearTimeout(timer); timer = setTimeout(() => { worker.terminate(); resolve({ values, hung: START[values.length] }); }, 3000); };
    arm();
    worker.on("message", (m) => { if (m.done) { clearTimeout(timer); worker.terminate(); resolve({ values, ms: m.ms }); } else { values.push(m.value); arm(); } });
    worker.on("error", (e) => { clearTimeout(timer); resolve({ values, error: String(e) }); });
  });
}
libs["dayjs-business-time"] = {};
agreement["dayjs-business-time"] = {};
examples["dayjs-business-time"] = [];
const hangs = [];
for (const w of WORKLOADS) {
  const r = await dayjsRun(w, w.hours === 2000 ? 50 : 2000);
  let same = 0;
  r.values.forEach((v, i) => {
    if (v === answers[w.name][i]) same++;
    else if (w.hours && isConvention(v, answers[w.name][i])) convention["dayjs-business-time"][w.name] = (convention["dayjs-business-time"][w.name] ?? 0) + 1;
    else if (examples["dayjs-business-time"].length < 5) examples["dayjs-business-time"].push({ workload: w.name, start: START[i], escalon: w.hours ? new Date(answers[w.name][i]).toISOString() : answers[w.name][i], library: w.hours ? new Date(v).toISOString() : v });
  });
  libs["dayjs-business-time"][w.name] = r.ms ? r.values.length / (r.ms / 1000) : null;
  agreement["dayjs-business-time"][w.name] = `${same}/${r.values.length}`;
  if (r.hung) hangs.push(`${w.name}: did not return for ${r.hung} (stopped after 3 s)`);
  if (r.error) hangs.push(`${w.name}: ${r.error}`);
}

// evaluateMany on the realistic policy.
const fixture = JSON.parse(readFileSync(new URL("benches/fixtures/realistic.json", root), "utf8"));
const policy = new Policy(fixture.policy);
// Each copy of the fixture's ticket is moved 0 to 499 hours earlier, so that its whole history
// (creation and all 12 events) is before `now` and every event counts.
const earlier = (iso, i) => new Date(Date.parse(iso) - (i % 500) * 3600000).toISOString();
const ticketList = Array.from({ length: 10000 }, (_, i) => ({ ...fixture.ticket, id: `B-${i}`, createdAt: earlier(fixture.ticket.createdAt, i), events: fixture.ticket.events.map((e) => ({ ...e, at: earlier(e.at, i) })) }));
const nowMs = Date.parse(fixture.now);
if (!ticketList.every((t) => t.events.length === 12 && t.events.every((e) => Date.parse(e.at) <= nowMs))) throw new Error("a benchmark ticket has an event after now");
const tickets = JSON.stringify(ticketList);
const many = bestBatch(10000, () => policy.evaluateMany(tickets, fixture.now));
const manyLean = bestBatch(10000, () => policy.evaluateMany(tickets, fixture.now, { trace: false }));
const manyText = bestBatch(10000, () => policy.evaluateManyJson(tickets, fixture.now));
const manyTextLean = bestBatch(10000, () => policy.evaluateManyJson(tickets, fixture.now, { trace: false }));
const manyPerSec = Math.max(manyLean.opsPerSec, manyTextLean.opsPerSec);
// What returning the answers as JS objects costs by itself: JSON.parse of the answers' text, with
// no escalon code running. Its rate bounds evaluateMany's from above.
const manyAnswers = policy.evaluateManyJson(tickets, fixture.now);
const manyAnswersLean = policy.evaluateManyJson(tickets, fixture.now, { trace: false });
const parseOnly = bestBatch(10000, () => JSON.parse(manyAnswers));
const parseOnlyLean = bestBatch(10000, () => JSON.parse(manyAnswersLean));
// The fastest way we know to make the same objects (objects-bound.mjs): code written for their
// exact shapes, from numbers and char codes already laid out, every instant made anew, checked
// equal to the parsed answers first; in a new process, best of seven.
const buildOnly = objectsRate(manyAnswers);
const buildOnlyLean = objectsRate(manyAnswersLean);
// Tickets at creation (no events), as an edge function routing new tickets evaluates them.
const fresh = JSON.stringify(Array.from({ length: 10000 }, (_, i) => ({ ...fixture.ticket, id: `N-${i}`, status: "new", createdAt: new Date(nowMs - (i % 500) * 60000).toISOString(), events: [] })));
const freshMany = bestBatch(10000, () => policy.evaluateMany(fresh, fixture.now));
const freshManyLean = bestBatch(10000, () => policy.evaluateMany(fresh, fixture.now, { trace: false }));
const freshText = bestBatch(10000, () => policy.evaluateManyJson(fresh, fixture.now));
const freshTextLean = bestBatch(10000, () => policy.evaluateManyJson(fresh, fixture.now, { trace: false }));
const freshBuildOnly = objectsRate(policy.evaluateManyJson(fresh, fixture.now));
const freshBuildOnlyLean = objectsRate(policy.evaluateManyJson(fresh, fixture.now, { trace: false }));
// A worker that answers a posted ticket with its evaluation: parse the body, evaluate, stringify
// the answer; or hand the body's text to evaluateJson and send its text back.
const body = JSON.stringify(fixture.ticket);
const workerObjects = bestBatch(2000, () => { for (let i = 0; i < 2000; i++) JSON.stringify(policy.evaluate(JSON.parse(body), fixture.now)); });
const workerText = bestBatch(2000, () => { for (let i = 0; i < 2000; i++) policy.evaluateJson(body, fixture.now); });
const one = bestBatch(2000, () => { for (let i = 0; i < 2000; i++) policy.evaluate(fixture.ticket, fixture.now); });
const oneLean = bestBatch(2000, () => { for (let i = 0; i < 2000; i++) policy.evaluate(fixture.ticket, fixture.now, { trace: false }); });

const fmt = (x) => (x === undefined || x === null ? "–" : Math.round(x).toLocaleString("en-US"));
const lines = [];
lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on the project's 2-core machine: \`node benches/js/compare.mjs\` (Node ${process.version}).`, "");
lines.push("| workload | escalon wasm, RFC 3339 text per call | escalon wasm, epoch ms per call | escalon wasm, one batch call | escalon native | ms per call / native | moment-business-time | escalon ms / moment | dayjs-business-time | escalon ms / dayjs |");
lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const w of WORKLOADS) {
  const t = escalon[w.name], e = escalonMs[w.name], b = escalonBatch[w.name], n = native[w.name], m = libs["moment-business-time"][w.name], d = libs["dayjs-business-time"][w.name];
  lines.push(`| ${w.name} | ${fmt(t)} | ${fmt(e)} | ${fmt(b)} | ${fmt(n)} | ${n ? (e / n).toFixed(2) : "–"} | ${fmt(m)} | ${m ? Math.round(e / m) + "x" : "–"} | ${fmt(d)} | ${d ? Math.round(e / d) + "x" : "–"} |`);
}
lines.push("", "All figures are operations per second. Every one of the 100,000 answers of the three call forms is the same instant (or the same elapsed time).");
lines.push("", "Policy on the realistic fixture (10,000 tickets of 12 events, all before `now`), tickets per second:", "");
lines.push("| call | with traces | `{trace: false}` |", "|---|---:|---:|");
lines.push(`| evaluateMany (one call, JSON text in) | ${fmt(many.opsPerSec)} | ${fmt(manyLean.opsPerSec)} |`);
lines.push(`| evaluateManyJson (one call, JSON text in and out) | ${fmt(manyText.opsPerSec)} | ${fmt(manyTextLean.opsPerSec)} |`);
lines.push(`| evaluate, one call per ticket | ${fmt(one.opsPerSec)} | ${fmt(oneLean.opsPerSec)} |`);
lines.push(`| JSON.parse of evaluateManyJson's answers alone (no escalon code) | ${fmt(parseOnly.opsPerSec)} | ${fmt(parseOnlyLean.opsPerSec)} |`);
lines.push(`| making the answers' objects alone, the fastest way we know (\`objects-bound.mjs\`; no escalon code, no parsing) | ${fmt(buildOnly)} | ${fmt(buildOnlyLean)} |`);
lines.push(`| answer size, bytes of JSON per ticket | ${fmt(manyAnswers.length / 10000)} | ${fmt(manyAnswersLean.length / 10000)} |`, "");
lines.push(`A worker answering a posted ticket (the fixture's) with its evaluation, tickets per second: \`JSON.stringify(policy.evaluate(JSON.parse(body), now))\` ${fmt(workerObjects.opsPerSec)}; \`policy.evaluateJson(body, now)\` ${fmt(workerText.opsPerSec)} (${(workerText.opsPerSec / workerObjects.opsPerSec).toFixed(1)}x).`, "");
lines.push("The same policy on 10,000 tickets at creation (no events), as an edge function routing new tickets evaluates them, tickets per second:", "");
lines.push("| call | with traces | `{trace: false}` |", "|---|---:|---:|");
lines.push(`| evaluateMany | ${fmt(freshMany.opsPerSec)} | ${fmt(freshManyLean.opsPerSec)} |`);
lines.push(`| evaluateManyJson | ${fmt(freshText.opsPerSec)} | ${fmt(freshTextLean.opsPerSec)} |`);
lines.push(`| making the answers' objects alone (\`objects-bound.mjs\`) | ${fmt(freshBuildOnly)} | ${fmt(freshBuildOnlyLean)} |`, "");
const perCall = (w) => escalonMs[w.name];
lines.push("Goals: escalon wasm ≥ 2,000,000 ops/s per call on every workload: " + (WORKLOADS.every((w) => perCall(w) >= 2e6) ? "met with epoch milliseconds" : "not met") +
  (WORKLOADS.every((w) => escalon[w.name] >= 2e6) ? " and with text" : ", not with RFC 3339 text") +
  "; within 2x of native: " + (WORKLOADS.every((w) => native[w.name] && perCall(w) * 2 >= native[w.name]) ? "met per call (epoch ms)" : WORKLOADS.every((w) => native[w.name] && escalonBatch[w.name] * 2 >= native[w.name]) ? "met by the batch call only" : "not met") +
  "; evaluateMany ≥ 200,000 tickets/s on the 12-event tickets: " + (manyPerSec >= 2e5 ? "met" : "not met") +
  ` (200,000/s leaves 5 µs a ticket; making the answers' objects alone, with no escalon code, takes ${(1e6 / buildOnlyLean).toFixed(2)} µs without traces and ${(1e6 / buildOnly).toFixed(2)} µs with them).`, "");
lines.push("Agreement with escalon on the same inputs (answers equal to the millisecond / total run):", "");
for (const lib of Object.keys(agreement)) lines.push(`- ${lib}: ` + WORKLOADS.map((w) => `${w.name} ${agreement[lib][w.name]} equal, ${convention[lib][w.name] ?? 0} closing-time convention`).join("; "));
for (const h of hangs) lines.push(`- dayjs-business-time ${h}`);
lines.push("", "First disagreements other than the closing-time convention (escalon's answer, then the library's):", "");
for (const lib of Object.keys(examples)) for (const x of examples[lib]) lines.push(`- ${lib}, ${x.workload} from ${x.start}: escalon ${x.escalon}, library ${x.library}`);
lines.push("", "Time to the first answer in a new Node process (a cold start: load the library, set up the calendar, one `+8h`; `startup.mjs`, median of 9 processes), milliseconds:", "");
lines.push("| | load | set up and first answer | total | first answer |", "|---|---:|---:|---:|---|");
for (const r of startup(root)) lines.push(`| ${r.name} | ${r.load.toFixed(1)} | ${r.first.toFixed(1)} | ${r.total.toFixed(1)} | ${r.right ? "right" : `wrong: ${r.answer}`} |`);
const text = lines.join("\n") + "\n";
writeFileSync(new URL("benches/js/RESULTS.md", root), text);
console.log(text);
