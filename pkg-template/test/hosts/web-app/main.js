// A web app that installs escalon and imports it by its name, as a vendor's UI does. Vite and
// webpack build it for production: the wasm becomes a hashed asset, and the package's
// `sideEffects` list (its three entry files, which initialise the module when imported) must keep
// that initialisation; with `"sideEffects": false` both builds dropped it and every call failed.
// The test loads each build in Chromium and reads what the page shows once its worker answered.
import { Policy, Calendar, EscalonError } from "escalon";

const out = {};
const policy = new Policy({
  version: 1,
  priorities: ["P1", "P2"],
  priority: { default: "P2" },
  slas: [{ name: "Standard", calendar: "24x7", targets: { P2: { "first-response": "1h" } } }],
});
const e = policy.evaluate({ id: "T-1", createdAt: "2026-06-15T09:00:00Z", status: "open" }, "2026-06-15T09:30:00Z");
out.dueAt = e.metrics["first-response"].dueAt;
out.state = e.metrics["first-response"].state;
// New York, Mon-Fri 09:00-17:00: 8 business hours from Friday 2026-03-06 16:00 EST are 1h on
// Friday and 7h on Monday 2026-03-09 (EDT since Sunday), so 16:00 EDT = 20:00Z.
const ny = new Calendar({
  timeZone: "America/New_York",
  hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["09:00", "17:00"]]])),
});
out.add = ny.add("2026-03-06T16:00:00-05:00", "8h");
try {
  ny.add("not an instant", "1h");
} catch (err) {
  out.error = [err instanceof EscalonError, err instanceof Error, err.code, err.path];
}
// The same evaluation in a web worker, which the bundler builds on its own: worker.js is the npm
// README's web worker snippet, written next to this file by the test. Vite builds workers as
// classic scripts by default, where top-level await is not allowed, so the worker imports
// `escalon/init` and initialises the module itself. Two tickets are posted at once, while the
// worker is still loading: the snippet must answer both, the second (a bad one) with its error.
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
worker.onerror = (e) => {
  document.getElementById("out").textContent = `worker error: ${e.message}`;
};
const answers = [];
worker.onmessage = ({ data }) => {
  answers.push(data.evaluation ? data.evaluation.metrics["first-response"].dueAt : [data.error.code, data.error.path]);
  if (answers.length < 2) return;
  out.worker = answers;
  document.getElementById("out").textContent = JSON.stringify(out);
};
worker.postMessage({ id: "T-1", createdAt: "2026-06-15T09:00:00Z", status: "open" });
worker.postMessage({ id: "T-2", createdAt: "yesterday" });
