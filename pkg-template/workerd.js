// Cloudflare Workers / workerd entry: the .wasm is imported as a compiled module.
import wasmModule from "./escalon_bg.wasm";
import { initSync } from "./escalon.js";

initSync({ module: wasmModule });

export { Calendar, Policy, validatePolicy, handleRequest, version } from "./escalon.js";
export { EscalonError } from "__ERROR_MODULE__";
