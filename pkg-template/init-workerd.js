// `escalon/init` in workerd (Cloudflare Workers): the .wasm is imported as a compiled module, and
// `init()` instantiates it the first time it is called, so code shared with the browser entry
// runs unchanged.
import wasmModule from "./escalon_bg.wasm";
import { initSync } from "./escalon.js";

let done = false;

/** Instantiates the compiled module; later calls do nothing. */
export default function init() {
  if (!done) {
    initSync({ module: wasmModule });
    done = true;
  }
  return Promise.resolve();
}

export { Calendar, Policy, validatePolicy, handleRequest, version } from "./escalon.js";
export { EscalonError } from "__ERROR_MODULE__";
