#!/usr/bin/env bash
# What the embedded IANA time zone database costs: pkg/escalon_bg.wasm (every zone) against the
# same build, wasm-bindgen and wasm-opt steps with chrono-tz's zone filter (the `tz-filter`
# feature and CHRONO_TZ_TIMEZONE_FILTER) keeping five zones, then UTC alone (the code, no zone data).
# Prints raw, gzip -9 and brotli sizes, and checks that a filtered build answers in a kept zone and
# gives a typed error for a left-out one. Run by `make size` after `make pkg`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/escalon_bg.wasm ] || { echo "run make pkg first"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
five='^(UTC|America/New_York|Europe/London|Europe/Berlin|Asia/Kolkata)$'
for name in five utc; do
  if [ "$name" = five ]; then filter=$five; else filter='^UTC$'; fi
  CARGO_TARGET_DIR=target/tz-filter CHRONO_TZ_TIMEZONE_FILTER="$filter" \
    cargo build --quiet --target wasm32-unknown-unknown --release --lib --features tz-filter
  wasm-bindgen --target web --out-dir "$work/$name" --out-name escalon target/tz-filter/wasm32-unknown-unknown/release/escalon.wasm
  .ci/js/node_modules/.bin/wasm-opt -O3 "$work/$name/escalon_bg.wasm" -o "$work/$name/escalon_bg.wasm"
done
node --input-type=module - "$work" <<'JS'
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
const work = process.argv[2];
const size = (file) => {
  const b = readFileSync(file);
  const br = brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return [b.length, gzipSync(b, { level: 9 }).length, br];
};
const rows = [
  ["every zone (the package)", size("pkg/escalon_bg.wasm")],
  ["5 zones (chrono-tz's filter)", size(`${work}/five/escalon_bg.wasm`)],
  ["UTC only (the code and its crates, no zone data)", size(`${work}/utc/escalon_bg.wasm`)],
];
const fmt = (n) => n.toLocaleString("en-US");
console.log("| build | raw | gzip -9 | brotli |\n|---|---:|---:|---:|");
for (const [name, s] of rows) console.log(`| ${name} | ${s.map(fmt).join(" | ")} |`);
const [all, , utc] = rows.map((r) => r[1]);
console.log(`The time zone database of every zone: ${fmt(all[0] - utc[0])} bytes raw, ${fmt(all[1] - utc[1])} gzip -9, ${fmt(all[2] - utc[2])} brotli.`);
// A filtered build works in the zones it kept and rejects the others with a typed error.
const { initSync, Calendar } = await import(`${work}/five/escalon.js`);
initSync({ module: readFileSync(`${work}/five/escalon_bg.wasm`) });
const hours = { mon: [["09:00", "17:00"]] };
if (new Calendar({ timeZone: "America/New_York", hours }).add("2026-03-09T13:00:00Z", "1h") !== "2026-03-09T14:00:00Z") throw new Error("the 5-zone build is wrong in New York");
try {
  new Calendar({ timeZone: "Asia/Tokyo", hours });
  throw new Error("the 5-zone build accepted Asia/Tokyo");
} catch (e) {
  if (e.code !== "calendar.unknown_time_zone") throw e;
  console.log(`The 5-zone build answers in America/New_York and rejects Asia/Tokyo: ${e.code}.`);
}
JS
