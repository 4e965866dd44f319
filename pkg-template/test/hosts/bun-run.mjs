// Bun (JavaScriptCore, the one host here that is not V8): imports the package by its name, as an
// installed dependency, so Bun's own reading of the `exports` map picks the entry; then answers
// each request line, printing one response per line.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { handleRequest, Calendar, EscalonError } from "escalon";
import init, { Calendar as CalendarAfterInit } from "escalon/init";

const entry = fileURLToPath(import.meta.resolve("escalon"));
if (!entry.endsWith("/node_modules/escalon/node.js")) throw new Error(`Bun resolved escalon to ${entry}`);
await init();
if (new CalendarAfterInit("24x7").add("2015-01-01T10:30:00Z", "1h") !== "2015-01-01T11:30:00Z") throw new Error("escalon/init is wrong in Bun");
const cal = new Calendar("24x7");
if (cal.add(new Date("2015-01-01T10:30:00Z"), "10h") !== "2015-01-01T20:30:00Z") throw new Error("24x7 add is wrong in Bun");
let thrown;
try {
  cal.add("not an instant", "1h");
} catch (e) {
  thrown = e;
}
if (!(thrown instanceof EscalonError) || !(thrown instanceof Error) || thrown.code !== "instant.invalid" || thrown.path !== "/at") {
  throw new Error(`Bun: a bad instant did not throw the EscalonError expected: ${thrown}`);
}
const lines = readFileSync(process.argv[2], "utf8").trimEnd().split("\n");
writeFileSync(process.argv[3], lines.map((l) => handleRequest(l)).join("\n") + "\n");
