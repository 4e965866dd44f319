// Entry for bundles where top-level await is not allowed, such as the classic web workers Vite
// builds by default: nothing is initialised on import; `await init()` once before any other call.
// Nothing here decides anything: every rule lives in the WebAssembly module.
import initModule from "./escalon.js";

let ready = null;

/** Fetches and instantiates the .wasm next to this file. Later calls give the same promise; after
 * a failure (the fetch, say), the next call tries again. */
export default function init() {
  ready ??= initModule({ module_or_path: new URL("./escalon_bg.wasm", import.meta.url) }).then(
    () => undefined,
    (e) => {
      ready = null;
      throw e;
    },
  );
  return ready;
}

export { Calendar, Policy, validatePolicy, handleRequest, version } from "./escalon.js";
export { EscalonError } from "__ERROR_MODULE__";
