// `escalon/init` in Node and Bun: `init()` reads the .wasm next to this file synchronously the
// first time it is called, so code shared with the browser entry runs unchanged.
import { readFileSync } from "node:fs";
import { initSync } from "./escalon.js";

let done = false;

/** Instantiates the .wasm next to this file; later calls do nothing. */
export default function init() {
  if (!done) {
    initSync({ module: readFileSync(new URL("./escalon_bg.wasm", import.meta.url)) });
    done = true;
  }
  return Promise.resolve();
}

export { Calendar, Policy, validatePolicy, handleRequest, version } from "./escalon.js";
export { EscalonError } from "__ERROR_MODULE__";
