# escalon: the two commands a new user runs are `make serve` and `make test`.
# Every target installs what it needs itself (rustup target, wasm-bindgen-cli, npm packages,
# Debian's chromium), so a fresh clone on a fresh machine works.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo

.PHONY: test test-rust bench setup-rust

## make test: every test (formatting, lints, unit, integration, doc tests, docs).
test: test-rust

setup-rust:
	@command -v rustfmt >/dev/null || rustup component add rustfmt
	@command -v cargo-clippy >/dev/null || rustup component add clippy

test-rust: setup-rust
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) test
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps

## make bench: the criterion benchmarks.
bench:
	$(CARGO) bench --bench calendar
