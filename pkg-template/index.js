// Browser and generic ESM entry: fetches the .wasm next to this file, then re-exports.
// Nothing here decides anything: every rule lives in the WebAssembly module.
import init from "./escalon.js";

await init({ module_or_path: new URL("./escalon_bg.wasm", import.meta.url) });

export { Calendar, Policy, validatePolicy, handleRequest, version } from "./escalon.js";
export { EscalonError } from "__ERROR_MODULE__";
