// Time to the first answer in a fresh Node process, as an edge function or a page pays it on a
// cold start: loading the library (for escalon: reading, compiling and instantiating the .wasm),
// setting up the calendar, and the first `+8h`. Each candidate runs in RUNS new processes; the
// median is reported. The answer is checked: Tuesday 2026-03-10 10:00 EDT (14:00Z) plus 8 business
// hours on Mon–Fri 09–17 America/New_York is Wednesday 10:00 EDT, 2026-03-11T14:00:00Z (DST
// began on Sunday 2026-03-08, so both days are UTC-4).

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const RUNS = 9;
const START = "2026-03-10T14:00:00Z";
const EXPECTED = "2026-03-11T14:00:00Z";

// Each program prints {load, first, answer}: milliseconds to load the library, then to set up and
// answer once, and the answer.
function programs(root) {
  const pkg = new URL("pkg/node.js", root).href;
  const wasm = fileURLToPath(new URL("pkg/escalon_bg.wasm", root));
  const fixture = fileURLToPath(new URL("benches/fixtures/realistic.json", root));
  const base = new URL(".ci/js/", root).href;
  const hours = JSON.stringify(Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["09:00", "17:00"]]])));
  const lib = (setup) => `
    const req = (await import("node:module")).createRequire(${JSON.stringify(base)});
    const t0 = performance.now();
    ${setup}
  `;
  return {
    "escalon (wasm)": `
      const t0 = performance.now();
      const { Calendar } = await import(${JSON.stringify(pkg)});
      const t1 = performance.now();
      const answer = new Calendar({ timeZone: "America/New_York", hours: ${hours} }).add(${JSON.stringify(START)}, "8h");
      console.log(JSON.stringify({ load: t1 - t0, first: performance.now() - t1, answer }));`,
    "moment-business-time (with moment-timezone)": lib(`
      const moment = req("moment-timezone");
      req("moment-business-time");
      const t1 = performance.now();
      const hours = ["09:00:00", "17:00:00"];
      moment.updateLocale("en", { workinghours: { 0: null, 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: null } });
      const answer = moment.tz(${JSON.stringify(START)}, "America/New_York").addWorkingTime(8, "hours").toISOString().replace(".000Z", "Z");
      console.log(JSON.stringify({ load: t1 - t0, first: performance.now() - t1, answer }));`),
    "dayjs-business-time (with dayjs utc and timezone)": lib(`
      const dayjs = req("dayjs"); dayjs.extend(req("dayjs/plugin/utc")); dayjs.extend(req("dayjs/plugin/timezone")); dayjs.extend(req("dayjs-business-time"));
      const t1 = performance.now();
      const answer = dayjs.tz(${JSON.stringify(START)}, "America/New_York").addBusinessHours(8).toISOString().replace(".000Z", "Z");
      console.log(JSON.stringify({ load: t1 - t0, first: performance.now() - t1, answer }));`),
    // What the first answer costs by parts: compiling the module alone, and a first policy
    // evaluation (an edge function routing its first ticket), which no JS library offers.
    "escalon: WebAssembly.compile of the .wasm alone": `
      const bytes = (await import("node:fs")).readFileSync(${JSON.stringify(wasm)});
      const t0 = performance.now();
      await WebAssembly.compile(bytes);
      console.log(JSON.stringify({ load: performance.now() - t0, first: 0, answer: ${JSON.stringify(EXPECTED)} }));`,
    "escalon: first policy evaluation (realistic fixture)": `
      const fixture = JSON.parse((await import("node:fs")).readFileSync(${JSON.stringify(fixture)}, "utf8"));
      const t0 = performance.now();
      const { Policy } = await import(${JSON.stringify(pkg)});
      const t1 = performance.now();
      const e = new Policy(fixture.policy).evaluate(fixture.ticket, fixture.now);
      const answer = e.priority.value === "P1" && e.metrics["first-response"].state === "breached" ? ${JSON.stringify(EXPECTED)} : JSON.stringify(e.priority);
      console.log(JSON.stringify({ load: t1 - t0, first: performance.now() - t1, answer }));`,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs every program RUNS times in new processes; throws if escalon's answer is not the expected one. */
export function startup(root) {
  const rows = [];
  for (const [name, code] of Object.entries(programs(root))) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" }));
      // escalon must be right; a library's answer is reported as it is.
      if (name.startsWith("escalon") && out.answer !== EXPECTED) throw new Error(`${name} answered ${out.answer}, not ${EXPECTED}`);
      runs.push(out);
    }
    rows.push({ name, load: median(runs.map((r) => r.load)), first: median(runs.map((r) => r.first)), total: median(runs.map((r) => r.load + r.first)), answer: runs[0].answer, right: runs.every((r) => r.answer === EXPECTED) });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of startup(new URL("../../", import.meta.url))) console.log(r.name, r.load.toFixed(1), r.first.toFixed(1), r.total.toFixed(1), r.right ? "right" : r.answer);
}
