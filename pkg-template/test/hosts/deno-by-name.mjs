// Deno, in a directory with node_modules/escalon: the bare name resolves through the package's
// exports map (the "deno" condition gives the browser entry, which fetches the .wasm from a
// file URL), and both entries answer.
import { Calendar, EscalonError } from "escalon";
import init, { Policy } from "escalon/init";

const entry = import.meta.resolve("escalon");
if (!entry.endsWith("/node_modules/escalon/index.js")) throw new Error(`Deno resolved escalon to ${entry}`);
if (new Calendar("24x7").add("2015-01-01T10:30:00Z", "10h") !== "2015-01-01T20:30:00Z") throw new Error("24x7 add is wrong in Deno");
await init();
const policy = new Policy({
  version: 1,
  priorities: ["P2"],
  priority: { default: "P2" },
  slas: [{ name: "Standard", calendar: "24x7", targets: { P2: { "first-response": "1h" } } }],
});
const due = policy.evaluate({ id: "T-1", createdAt: "2026-06-15T09:00:00Z" }, "2026-06-15T09:30:00Z").metrics["first-response"].dueAt;
if (due !== "2026-06-15T10:00:00Z") throw new Error(`Deno: first response due ${due}`);
try {
  new Calendar("nope");
  throw new Error("no error");
} catch (e) {
  if (!(e instanceof EscalonError)) throw e;
}
