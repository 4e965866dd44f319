// `escalon/init`: the same classes, functions and types as `escalon`, and `init()`, which must be
// awaited once before any other call.
export * from "./index.js";

/** Instantiates escalon's WebAssembly module. Await it once before any other call; later calls
 * give the same promise (after a failure, the next call tries again). */
export default function init(): Promise<void>;
