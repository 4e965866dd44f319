# escalon: the two commands a new user runs are `make serve` and `make test`.
# Every target installs what it needs itself (rustup target, wasm-bindgen-cli, npm packages,
# Debian's chromium and chromium-driver), so a fresh clone on a fresh machine works.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
PORT ?= 8080
WASM_BINDGEN_VERSION := 0.2.130
JS := .ci/js
BIN := $(JS)/node_modules/.bin
WASM := target/wasm32-unknown-unknown/release/escalon.wasm

.PHONY: serve test pkg bench size fuzz test-rust test-wasm test-js test-e2e test-fuzz test-size setup-rust setup-wasm setup-js setup-chromium

## make serve: build the package and serve the playground on 127.0.0.1:$(PORT).
serve: pkg
	rm -rf www/pkg && cp -r pkg www/pkg
	@echo "escalon playground: http://127.0.0.1:$(PORT)/"
	python3 -m http.server --bind 127.0.0.1 --directory www $(PORT)

## make test: every test.
test: test-rust test-wasm test-js test-e2e test-fuzz test-size

setup-rust:
	@command -v rustfmt >/dev/null || rustup component add rustfmt
	@command -v cargo-clippy >/dev/null || rustup component add clippy

setup-wasm: setup-rust
	@rustup target list --installed | grep -q '^wasm32-unknown-unknown$$' || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 5 minutes)"; \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

setup-js: $(JS)/node_modules/.installed

$(JS)/node_modules/.installed: $(JS)/package.json $(JS)/package-lock.json
	cd $(JS) && npm ci --no-audit --no-fund
	touch $@

setup-chromium:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  apt-get install -y chromium chromium-driver || { apt-get update && apt-get install -y chromium chromium-driver; }; \
	fi

test-rust: setup-rust
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) test
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps
	@if grep -rnE 'wasm_bindgen|js_sys|JsValue' src --include=*.rs | grep -v '^src/wasm/'; then \
	  echo "binding code outside src/wasm/"; exit 1; fi
	@command -v cargo-deny >/dev/null || $(CARGO) install cargo-deny --version 0.20.2 --no-default-features
	$(CARGO) deny --offline --config .ci/deny.toml check licenses bans sources

## make pkg: the npm package in pkg/.
pkg: setup-wasm setup-js
	$(CARGO) build --target wasm32-unknown-unknown --release --lib
	rm -rf pkg
	wasm-bindgen --target web --out-dir pkg --out-name escalon $(WASM)
	$(BIN)/wasm-opt -O3 pkg/escalon_bg.wasm -o pkg/escalon_bg.wasm
	node .ci/assemble-pkg.mjs

test-wasm: setup-wasm setup-chromium
	$(CARGO) clippy --target wasm32-unknown-unknown --lib -- -D warnings
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  $(CARGO) test --target wasm32-unknown-unknown --test wasm
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
	  WASM_BINDGEN_USE_BROWSER=1 WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/.ci/webdriver.json \
	  $(CARGO) test --target wasm32-unknown-unknown --test wasm

test-js: pkg
	$(CARGO) build --release --example conformance
	node --expose-gc --test pkg-template/test/*.test.mjs
	$(BIN)/tsc -p pkg-template/test/tsconfig.json
	bash .ci/hosts.sh

test-e2e: pkg setup-chromium
	rm -rf www/pkg && cp -r pkg www/pkg
	node --test www/e2e/

## make size: what the time zone database costs (the package's .wasm against chrono-tz's zone filter).
## `make test` runs it too: it checks that a zone-filtered build still builds, answers in a kept
## zone and rejects a left-out one with a typed error.
size: pkg
	bash .ci/size-report.sh

test-size: size

## make bench: the criterion benchmarks, then the JS comparison in one Node process.
bench: pkg
	$(CARGO) bench --bench calendar --bench evaluate
	node benches/js/compare.mjs

## make fuzz: fuzz every target (RUNS executions each; the smoke run in `make test` does 2,000).
RUNS ?= 1000000
fuzz: setup-js
	RUNS=$(RUNS) bash .ci/fuzz.sh

test-fuzz: setup-js
	RUNS=2000 bash .ci/fuzz.sh
