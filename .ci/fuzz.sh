#!/usr/bin/env bash
# Fuzzes every target in fuzz/ for a fixed number of executions (default 2,000: the smoke run of
# `make test`; `make fuzz RUNS=1000000` for a long run). Seeds come from the vector files. Needs
# cargo-fuzz (installed from crates.io when missing); libFuzzer's instrumentation flags are
# unstable, so the build opts in with RUSTC_BOOTSTRAP on the one stable toolchain here.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-2000}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2
node .ci/fuzz-seeds.mjs fuzz/corpus
for target in calendar_document policy_document evaluate ticket_document calendar_ops duration; do
  log=$(mktemp)
  dict=()
  [ -f "fuzz/dicts/$target.dict" ] && dict=("-dict=dicts/$target.dict")
  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- -runs="$runs" -max_len=65536 -timeout=10 "${dict[@]}") >"$log" 2>&1 || {
    tail -40 "$log"; echo "fuzz: $target failed"; exit 1; }
  execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  echo "fuzz: $target: ${execs:-?} executions, 0 crashes"
  rm -f "$log"
done
