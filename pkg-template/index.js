// Browser and generic ESM entry: fetches the .wasm next to this file (escalon/init's loader) with
// top-level await, then re-exports. Nothing here decides anything: every rule lives in the
// WebAssembly module.
import init from "./init.js";

await init();

export * from "./init.js";
