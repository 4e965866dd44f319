// Node: answers each request line through the package's Node entry.
import { readFileSync, writeFileSync } from "node:fs";
import { handleRequest } from "../../../pkg/node.js";

const lines = readFileSync(process.argv[2], "utf8").trimEnd().split("\n");
writeFileSync(process.argv[3], lines.map((l) => handleRequest(l)).join("\n") + "\n");
