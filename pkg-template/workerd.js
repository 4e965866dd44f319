// Cloudflare Workers / workerd entry: instantiates the .wasm, imported as a compiled module, on
// import (escalon/init's workerd loader, whose init() does its work before it returns), then
// re-exports.
import init from "./init-workerd.js";

init();

export * from "./init-workerd.js";
