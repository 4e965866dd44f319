// Runs the what-if comparison off the page's thread: two policies summarize the same tickets.
// The handler is set at once and waits for the package, so a message sent while the module is
// still loading is answered, not lost (with a static import, the package's top-level await
// delayed the handler, and a comparison asked for during that time never came back).
const escalon = import("./pkg/index.js");

self.onmessage = async ({ data }) => {
  let Policy;
  try {
    ({ Policy } = await escalon);
  } catch (e) {
    self.postMessage({ which: "escalon", error: `could not load the package: ${e.message}` });
    return;
  }
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
