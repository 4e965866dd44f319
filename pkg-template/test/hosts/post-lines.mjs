// Posts each request line to a server on 127.0.0.1 (one at a time, a bounded loop) and writes
// the answers, one per line. Waits up to 20 s for the server to come up.
import { readFileSync, writeFileSync } from "node:fs";

const [url, input, output] = process.argv.slice(2);
const lines = readFileSync(input, "utf8").trimEnd().split("\n");
const deadline = Date.now() + 20000;
for (;;) {
  try {
    await fetch(url, { method: "POST", body: "{}" });
    break;
  } catch (e) {
    if (Date.now() > deadline) throw new Error(`no server at ${url}: ${e}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const out = [];
for (const line of lines) {
  const r = await fetch(url, { method: "POST", body: line });
  out.push(await r.text());
}
writeFileSync(output, out.join("\n") + "\n");
