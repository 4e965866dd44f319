// Runs the what-if comparison off the page's thread: two policies summarize the same tickets.
import { Policy } from "./pkg/index.js";

self.onmessage = ({ data }) => {
  const started = performance.now();
  const summaries = [];
  for (const [which, doc] of [["policy A", data.a], ["policy B", data.b]]) {
    try {
      const p = new Policy(doc);
      summaries.push(p.summarize(data.tickets, data.now));
      p.free();
    } catch (e) {
      self.postMessage({ which, error: `${e.code ?? "error"} ${e.path ?? ""}: ${e.message}` });
      return;
    }
  }
  self.postMessage({ summaries, count: summaries[0].tickets, ms: performance.now() - started });
};
