// Node entry: reads the .wasm next to this file synchronously on import (escalon/init's Node
// loader, whose init() does its work before it returns), then re-exports.
import init from "./init-node.js";

init();

export * from "./init-node.js";
