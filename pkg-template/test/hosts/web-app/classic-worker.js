// A web worker built on its own by webpack with `--target webworker`, which resolves the
// package's exports with the "worker" condition; the package has no entry under that name (its
// workerd entry imports the .wasm as a module, which only workerd can), so the worker gets the
// browser entry, whose top-level await webpack supports. Says "ready", then answers as worker.js.
import { Policy } from "escalon";

const policy = new Policy({
  version: 1,
  priorities: ["P2"],
  priority: { default: "P2" },
  slas: [{ name: "Standard", calendar: "24x7", targets: { P2: { "first-response": "1h" } } }],
});
self.onmessage = ({ data }) => self.postMessage(policy.evaluate(data, "2026-06-15T09:30:00Z").metrics["first-response"].dueAt);
self.postMessage("ready");
