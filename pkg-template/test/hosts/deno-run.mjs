// Deno: loads the package's browser/ESM entry (which fetches the .wasm next to it) and answers
// each request line, printing one response per line.
import { handleRequest, Calendar } from "../../../pkg/index.js";

const text = await Deno.readTextFile(Deno.args[0]);
const out = text.trimEnd().split("\n").map((line) => handleRequest(line));
const cal = new Calendar("24x7");
if (cal.add("2015-01-01T10:30:00Z", "10h") !== "2015-01-01T20:30:00Z") throw new Error("24x7 add is wrong in Deno");
await Deno.writeTextFile(Deno.args[1], out.join("\n") + "\n");
