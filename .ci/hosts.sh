#!/usr/bin/env bash
# Runs the vector requests, and a generated corpus of 10,000 random valid tickets against the
# sample policy, through real hosts (Node; workerd, Deno and Bun from npm; Debian's headless
# Chromium) and compares every answer byte for byte with the native conformance runner. Then uses
# the package as projects do: by its name from node_modules (Node's require and import, Deno,
# Bun, tsc under three module resolutions), bundled (Vite and webpack web apps with workers,
# loaded in Chromium; esbuild workerd bundles), and the npm README's snippets as written.
# Servers bind to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.ci/js/node_modules/.bin
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

node pkg-template/test/hosts/write-requests.mjs "$work/requests.jsonl"
target/release/examples/conformance < "$work/requests.jsonl" > "$work/native.jsonl"
echo "hosts: $(wc -l < "$work/requests.jsonl") request lines (vectors, and 10 batches of 1,000 generated tickets)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

node pkg-template/test/hosts/node-run.mjs "$work/requests.jsonl" "$work/node.jsonl"
cmp "$work/native.jsonl" "$work/node.jsonl" || { echo "Node answers differ from native"; exit 1; }
echo "node: every answer byte-identical to native"

node pkg-template/test/hosts/chromium-run.mjs "$work/requests.jsonl" "$work/chromium.jsonl" "$(free_port)"
cmp "$work/native.jsonl" "$work/chromium.jsonl" || { echo "Chromium answers differ from native"; exit 1; }
echo "chromium: every answer byte-identical to native"

# The package as npm publishes it: `npm pack` keeps only the files package.json lists, so a file
# an entry needs but the list leaves out breaks every test below. Installed as a dependency for
# the hosts and bundlers that import it by its name.
(cd pkg && npm pack --silent --pack-destination "$work" > /dev/null)
mkdir -p "$work/packed"
tar -xzf "$work"/escalon-*.tgz -C "$work/packed"
# Packaging lints on what is published: publint (exports, files, fields) and "are the types wrong"
# (every entry's types under node10, node16 and bundler resolution). An ES-module-only package
# is required from CommonJS only where Node loads ES modules with require, so that rule is off.
"$BIN/publint" --strict "$work/packed/package" > "$work/publint.log" 2>&1 || { cat "$work/publint.log"; exit 1; }
"$BIN/attw" "$work"/escalon-*.tgz --ignore-rules cjs-resolves-to-esm > "$work/attw.log" 2>&1 || { cat "$work/attw.log"; exit 1; }
echo "package: publint and are-the-types-wrong find no problem in the packed tarball"
install_package() { mkdir -p "$1/node_modules" && cp -r "$work/packed/package" "$1/node_modules/escalon"; }
install_package "$work/app"
echo '{"private": true, "dependencies": {"escalon": "*"}}' > "$work/app/package.json"

# workerd: the package's workerd entry, imported as the bare specifier "escalon"; the same worker
# bundled by esbuild as wrangler bundles one (the workerd conditions, the .wasm left as a module
# of its own); and a bundled worker that goes through escalon/init.
cp pkg-template/test/hosts/conformance-worker.js pkg-template/test/hosts/init-worker.js "$work/app/"
for w in conformance init; do
  (cd "$work/app" && "$OLDPWD/$BIN/esbuild" "$w-worker.js" --bundle --format=esm --log-level=warning \
    --conditions=workerd,worker,browser --external:'*.wasm' --outfile="$work/bundled-$w-worker.js")
done
bundled_port=$(free_port)
init_port=$(free_port)
# Every wasm-bindgen snippet module (the EscalonError class, the ASCII text helpers), as workerd
# module lines.
snippet_modules=$(cd pkg && find snippets -name '*.js' | sort | sed 's|.*|    (name = "&", esModule = embed "pkg/&"),|')
[ "$(echo "$snippet_modules" | wc -l)" -ge 2 ] || { echo "hosts: expected the snippet modules in pkg/snippets"; exit 1; }
port=$(free_port)
readme_port=$(free_port)
cp -r pkg "$work/pkg"
cp pkg-template/test/hosts/conformance-worker.js "$work/conformance-worker.js"
# The README's worker snippet, with POLICY_DOCUMENT from a JSON module.
node -e '
  const fs = require("fs");
  const readme = fs.readFileSync("pkg-template/README.md", "utf8");
  const snippet = /## Cloudflare Workers \(workerd\)\n\n```js\n([\s\S]*?)```/.exec(readme)[1];
  fs.writeFileSync(process.argv[1], "import POLICY_DOCUMENT from \"./policy.json\";\n" + snippet);
  const fixture = JSON.parse(fs.readFileSync("benches/fixtures/realistic.json", "utf8"));
  fs.writeFileSync(process.argv[2], JSON.stringify(fixture.policy));
  fs.writeFileSync(process.argv[3], JSON.stringify(fixture.ticket));
' "$work/readme-worker.js" "$work/policy.json" "$work/ticket.json"
cat > "$work/config.capnp" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "conformance", worker = .conformance),
    (name = "bundled", worker = .bundled),
    (name = "init", worker = .init),
    (name = "readme", worker = .readme),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:$port", http = (), service = "conformance"),
    (name = "bundled", address = "127.0.0.1:$bundled_port", http = (), service = "bundled"),
    (name = "init", address = "127.0.0.1:$init_port", http = (), service = "init"),
    (name = "readme", address = "127.0.0.1:$readme_port", http = (), service = "readme"),
  ],
);
const conformance :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "conformance-worker.js"),
    (name = "escalon", esModule = embed "pkg/workerd.js"),
    (name = "init-workerd.js", esModule = embed "pkg/init-workerd.js"),
    (name = "escalon.js", esModule = embed "pkg/escalon.js"),
    (name = "escalon_bg.wasm", wasm = embed "pkg/escalon_bg.wasm"),
$snippet_modules
  ],
  compatibilityDate = "2025-01-01",
);
const bundled :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "bundled-conformance-worker.js"),
    (name = "escalon_bg.wasm", wasm = embed "pkg/escalon_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
const init :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "bundled-init-worker.js"),
    (name = "escalon_bg.wasm", wasm = embed "pkg/escalon_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
const readme :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "readme-worker.js"),
    (name = "policy.json", json = embed "policy.json"),
    (name = "escalon", esModule = embed "pkg/workerd.js"),
    (name = "init-workerd.js", esModule = embed "pkg/init-workerd.js"),
    (name = "escalon.js", esModule = embed "pkg/escalon.js"),
    (name = "escalon_bg.wasm", wasm = embed "pkg/escalon_bg.wasm"),
$snippet_modules
  ],
  compatibilityDate = "2025-01-01",
);
CAPNP
"$BIN/workerd" serve "$work/config.capnp" > "$work/workerd.log" 2>&1 &
node pkg-template/test/hosts/post-lines.mjs "http://127.0.0.1:$port/" "$work/requests.jsonl" "$work/workerd.jsonl"
cmp "$work/native.jsonl" "$work/workerd.jsonl" || { echo "workerd answers differ from native"; diff <(head -c 2000 "$work/native.jsonl") <(head -c 2000 "$work/workerd.jsonl") || true; cat "$work/workerd.log"; exit 1; }
echo "workerd: every answer byte-identical to native"
node pkg-template/test/hosts/post-lines.mjs "http://127.0.0.1:$bundled_port/" "$work/requests.jsonl" "$work/bundled.jsonl"
cmp "$work/native.jsonl" "$work/bundled.jsonl" || { echo "workerd (esbuild bundle) answers differ from native"; cat "$work/workerd.log"; exit 1; }
echo "workerd: the worker bundled by esbuild gives every answer byte-identical to native"
# The Calendar class with text instants, in both: 8 business hours from Friday 2026-03-06 16:00Z
# (11:00 EST) are 6h to 17:00 and 2h from Monday 09:00 EDT (DST began Sunday the 8th), which is
# 15:00Z; the same instant written with an offset; a non-ASCII instant is a typed error.
for p in "$port" "$bundled_port"; do
  for case in '"2026-03-06T16:00:00Z"|{"answer":"2026-03-09T15:00:00Z"}' '"2026-03-06T11:00:00.000-05:00"|{"answer":"2026-03-09T15:00:00Z"}' '"2026-03-06T16:00:00Zé"|{"error":{"code":"instant.invalid","path":"/at"}}'; do
    body='{"calendar": {"timeZone": "America/New_York", "hours": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]], "wed": [["09:00", "17:00"]], "thu": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]]}}, "at": '"${case%%|*}"', "duration": "8h"}'
    got=$(curl -sS --max-time 10 -X POST --data-binary "$body" "http://127.0.0.1:$p/calendar")
    [ "$got" = "${case#*|}" ] || { echo "workerd: Calendar.add(${case%%|*}) answered $got, expected ${case#*|}"; cat "$work/workerd.log"; exit 1; }
  done
done
echo "workerd: the Calendar class answers text instants (a DST weekend, an offset, a typed error), plain and bundled"
node pkg-template/test/hosts/post-lines.mjs "http://127.0.0.1:$init_port/" "$work/requests.jsonl" "$work/init.jsonl"
cmp "$work/native.jsonl" "$work/init.jsonl" || { echo "workerd (escalon/init) answers differ from native"; cat "$work/workerd.log"; exit 1; }
echo "workerd: a bundled worker through escalon/init gives every answer byte-identical to native"
readme_out=$(curl -sS --max-time 10 -X POST --data-binary @"$work/ticket.json" "http://127.0.0.1:$readme_port/")
node -e '
  const e = JSON.parse(process.argv[1]);
  if (e.ticket !== "BENCH-1" || Object.keys(e.metrics).length !== 4) throw new Error("README worker: unexpected answer " + process.argv[1].slice(0, 200));
' "$readme_out"
bad_out=$(curl -sS --max-time 10 -w '\n%{http_code}' -X POST --data-binary '{"id": "T-1", "createdAt": "yesterday"}' "http://127.0.0.1:$readme_port/")
node -e '
  const [body, status] = process.argv[1].split("\n");
  const e = JSON.parse(body);
  if (status !== "400" || e.code !== "instant.invalid" || e.path !== "/createdAt") throw new Error("README worker: a bad ticket got " + process.argv[1]);
' "$bad_out"
echo "workerd: the README worker snippet answers a posted ticket, and a bad one with a 400 and its error"

# Bundlers: a web app that imports the package by its name, built for production by Vite and by
# webpack and loaded in Chromium, as a vendor's UI ships it; its page shows due times worked out
# by hand (1h after 09:00Z on 24x7; 8 business hours from Friday 16:00 EST in New York end
# Monday 16:00 EDT), a typed error, and the answer of a web worker the bundler built.
install_package "$work/web"
cp pkg-template/test/hosts/web-app/* "$work/web/"
# The npm README's web worker snippet, with a policy of one 1h target as its POLICY_DOCUMENT.
node -e '
  const fs = require("fs");
  const readme = fs.readFileSync("pkg-template/README.md", "utf8");
  const snippet = /## Web workers \(`escalon\/init`\)\n[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)[1];
  const policy = { version: 1, priorities: ["P2"], priority: { default: "P2" }, slas: [{ name: "Standard", calendar: "24x7", targets: { P2: { "first-response": "1h" } } }] };
  fs.writeFileSync(process.argv[1], `const POLICY_DOCUMENT = ${JSON.stringify(policy)};\n` + snippet);
' "$work/web/worker.js"
app='{"dueAt":"2026-06-15T10:00:00Z","state":"running","add":"2026-03-09T20:00:00Z","error":[true,true,"instant.invalid","/at"],"worker":["2026-06-15T10:00:00Z",["instant.invalid","/createdAt"]]}'
(cd "$work/web" && "$OLDPWD/$BIN/vite" build --logLevel warn --outDir vite-dist)
node pkg-template/test/hosts/web-run.mjs "$work/web/vite-dist" "$(free_port)" "" "$app"
echo "vite: a production build imports the package by its name and answers in Chromium, in a worker too"
(cd "$work/web" && "$OLDPWD/$BIN/webpack" --mode production --no-stats --performance-hints false --entry ./main.js \
  --output-path webpack-dist \
  && "$OLDPWD/$BIN/webpack" --mode production --no-stats --performance-hints false --target webworker \
  --entry ./classic-worker.js --output-path webpack-dist --output-filename classic-worker.js)
cp "$work/web/webpack.html" "$work/web/webpack-dist/index.html"
cp "$work/web/classic-worker.html" "$work/web/webpack-dist/"
node pkg-template/test/hosts/web-run.mjs "$work/web/webpack-dist" "$(free_port)" "" "$app"
node pkg-template/test/hosts/web-run.mjs "$work/web/webpack-dist" "$(free_port)" classic-worker.html '{"worker":"2026-06-15T10:00:00Z"}'
echo "webpack: a production build imports the package by its name and answers in Chromium, in a worker too, and in a worker built for the webworker target"

# TypeScript: the declarations found through the package's name, under each module resolution a
# project may use, with a `lib` that stops at ES2022 and library checks on.
install_package "$work/ts"
cp pkg-template/test/hosts/by-name.ts "$work/ts/"
echo '{"type": "module"}' > "$work/ts/package.json"
for resolution in node16 nodenext bundler; do
  module=$([ "$resolution" = bundler ] && echo es2022 || echo "$resolution")
  (cd "$work/ts" && "$OLDPWD/$BIN/tsc" --noEmit --strict --skipLibCheck false --target es2022 --lib es2022,dom \
    --module "$module" --moduleResolution "$resolution" by-name.ts)
done
echo "typescript: the types resolve through the package's name (node16, nodenext, bundler; lib ES2022)"

# Deno: the package's browser/ESM entry.
DENO_NO_UPDATE_CHECK=1 "$BIN/deno" run --quiet --allow-read --allow-write="$work" \
  pkg-template/test/hosts/deno-run.mjs "$work/requests.jsonl" "$work/deno.jsonl"
cmp "$work/native.jsonl" "$work/deno.jsonl" || { echo "Deno answers differ from native"; exit 1; }
echo "deno: every answer byte-identical to native"
# Deno with a node_modules directory: "escalon" by its name resolves to the browser entry (the
# "deno" condition), which fetches the .wasm from a file URL.
cp pkg-template/test/hosts/deno-by-name.mjs "$work/app/"
(cd "$work/app" && DENO_NO_UPDATE_CHECK=1 "$OLDPWD/$BIN/deno" run --quiet --node-modules-dir=manual --allow-read deno-by-name.mjs)
echo "deno: the package imported by its name from node_modules answers"

# Node from CommonJS: require("escalon") loads the Node entry (an ES module without top-level
# await, which Node 20.19 and later load with require).
(cd "$work/app" && node -e '
  const { Calendar, EscalonError } = require("escalon");
  if (!require.resolve("escalon").endsWith("/node_modules/escalon/node.js")) throw new Error("require resolved " + require.resolve("escalon"));
  if (new Calendar("24x7").add("2015-01-01T10:30:00Z", "10h") !== "2015-01-01T20:30:00Z") throw new Error("24x7 add is wrong through require");
  try { new Calendar("nope"); throw new Error("no error"); } catch (e) { if (!(e instanceof EscalonError)) throw e; }
')
echo "node: require(\"escalon\") from CommonJS loads the Node entry"
# escalon/init in Node: init() instantiates on first call, then every call works.
(cd "$work/app" && node --input-type=module -e '
  import init, { Calendar, EscalonError } from "escalon/init";
  import { fileURLToPath } from "node:url";
  if (!fileURLToPath(import.meta.resolve("escalon/init")).endsWith("/node_modules/escalon/init-node.js")) throw new Error("escalon/init resolved " + import.meta.resolve("escalon/init"));
  if (!fileURLToPath(import.meta.resolve("escalon")).endsWith("/node_modules/escalon/node.js")) throw new Error("escalon resolved " + import.meta.resolve("escalon"));
  if ((await init()) !== undefined || (await init()) !== undefined) throw new Error("init() should resolve to undefined, twice");
  if (new Calendar("24x7").add("2015-01-01T10:30:00Z", "10h") !== "2015-01-01T20:30:00Z") throw new Error("24x7 add is wrong through escalon/init");
  try { new Calendar("nope"); throw new Error("no error"); } catch (e) { if (!(e instanceof EscalonError)) throw e; }
')
echo "node: escalon/init resolves to its Node file and works after init()"

# Bun (JavaScriptCore): the package imported by its name.
cp pkg-template/test/hosts/bun-run.mjs "$work/app/bun-run.mjs"
"$BIN/bun" "$work/app/bun-run.mjs" "$work/requests.jsonl" "$work/bun.jsonl"
cmp "$work/native.jsonl" "$work/bun.jsonl" || { echo "Bun answers differ from native"; exit 1; }
echo "bun: every answer byte-identical to native"
# The package's own test suites (API, hot path, vectors, schemas) under Bun's test runner, on
# JavaScriptCore; init.test.mjs alone, since Bun runs every file of one call in one process.
(cd pkg-template/test && "../../$BIN/bun" test ./api.test.mjs ./hot-path.test.mjs ./vectors.test.mjs ./schema.test.mjs \
  && "../../$BIN/bun" test ./init.test.mjs) > "$work/bun-test.log" 2>&1 || { cat "$work/bun-test.log"; echo "bun test failed"; exit 1; }
echo "bun: the package's API, hot-path, vector, schema and init tests pass on JavaScriptCore"
# The README's Node snippet, unchanged (it imports "escalon"), run by Bun: it prints what its
# comments say.
node -e '
  const fs = require("fs");
  const readme = fs.readFileSync("pkg-template/README.md", "utf8");
  const snippet = /## Node\n\n```js\n([\s\S]*?)```/.exec(readme)[1];
  fs.writeFileSync(process.argv[1], snippet);
  const said = [...snippet.matchAll(/console\.log\(.*\); \/\/ (.*)/g)].map((m) => m[1]);
  fs.writeFileSync(process.argv[2], said.join("\n") + "\n");
' "$work/app/readme.mjs" "$work/app/readme-expected.txt"
(cd "$work/app" && "$OLDPWD/$BIN/bun" readme.mjs) > "$work/app/readme-printed.txt"
cmp "$work/app/readme-expected.txt" "$work/app/readme-printed.txt" || { echo "Bun: the README's Node snippet printed something else"; cat "$work/app/readme-printed.txt"; exit 1; }
echo "bun: the README's Node snippet prints what its comments say"
