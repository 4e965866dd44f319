// Node entry: reads the .wasm next to this file synchronously, then re-exports.
import { readFileSync } from "node:fs";
import { initSync } from "./escalon.js";

initSync({ module: readFileSync(new URL("./escalon_bg.wasm", import.meta.url)) });

export { Calendar, Policy, validatePolicy, handleRequest, version } from "./escalon.js";
export { EscalonError } from "__ERROR_MODULE__";
