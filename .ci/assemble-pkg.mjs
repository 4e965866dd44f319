// Assembles pkg/ from the wasm-bindgen output (already in pkg/) and pkg-template/: copies the
// package files, stamps the version from Cargo.toml, points the entries at the error class
// snippet, prints the .wasm size raw and gzipped, and fails when over .ci/size-budget.
import { readFileSync, writeFileSync, readdirSync, statSync, cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const pkg = join(root, "pkg");
const template = join(root, "pkg-template");

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error("no version in Cargo.toml");

function find(dir, name) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      const hit = find(p, name);
      if (hit) return hit;
    } else if (entry === name) {
      return p;
    }
  }
  return null;
}
const errorModule = find(join(pkg, "snippets"), "escalon_error.js");
if (!errorModule) throw new Error("the EscalonError snippet is missing from pkg/snippets");
const errorSpecifier = "./" + errorModule.slice(pkg.length + 1);

for (const file of ["index.js", "node.js", "workerd.js", "init.js", "init-node.js", "init-workerd.js", "index.d.ts", "init.d.ts", "README.md"]) {
  const text = readFileSync(join(template, file), "utf8").replaceAll("__ERROR_MODULE__", errorSpecifier);
  writeFileSync(join(pkg, file), text);
}
if (existsSync(join(template, "schema"))) cpSync(join(template, "schema"), join(pkg, "schema"), { recursive: true });
const manifest = JSON.parse(readFileSync(join(template, "package.json"), "utf8"));
manifest.version = version;
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

const wasm = readFileSync(join(pkg, "escalon_bg.wasm"));
const gz = gzipSync(wasm, { level: 9 }).length;
console.log(`escalon ${version}: escalon_bg.wasm ${wasm.length} bytes raw, ${gz} bytes gzip -9`);
const budget = Object.fromEntries(
  readFileSync(join(root, ".ci/size-budget"), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => l.split(/\s+/))
    .map(([k, v]) => [k, Number(v)]),
);
if (wasm.length > budget.raw || gz > budget.gzip) {
  console.error(`size budget exceeded: raw ${wasm.length} > ${budget.raw} or gzip ${gz} > ${budget.gzip} (.ci/size-budget)`);
  process.exit(1);
}
