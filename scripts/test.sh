#!/usr/bin/env bash
# Sets up what is missing (build tools, Chromium, chromedriver, the e2e packages) and runs every
# test: formatting and lints, native tests, component tests in headless Chromium, then the
# end-to-end tests against the release build. Exits non-zero on the first failure; the output
# ends with the end-to-end runner's own summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
source scripts/env.sh

step() { printf '\n\033[1m=== %s ===\033[0m\n' "$*"; }

step "formatting and lints (native and wasm, and the shell scripts)"
shellcheck -x scripts/*.sh scripts/bin/wasm-bindgen .ci/run
cargo fmt --all -- --check
cargo clippy --locked --workspace --all-targets --quiet -- -D warnings
cargo clippy --locked -p tallyfy-launcher --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
# The release build's code path: the screens split off at their split points.
cargo clippy --locked -p tallyfy-launcher --target wasm32-unknown-unknown --features split --quiet -- -D warnings

step "native tests"
cargo test --locked --workspace

step "component tests (wasm-bindgen-test in headless Chromium)"
# The runner gives a whole suite 20 s by default; the guidance suite parses ~100k documents in
# debug code (~25 s here, more on a slower machine).
WASM_BINDGEN_TEST_TIMEOUT=240 CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --locked -p tallyfy-launcher --target wasm32-unknown-unknown --test components --test browser_json --test browser_case --test browser_tasks --test browser_early --test browser_transport --test browser_history --test browser_fields

step "release build and sandbox"
trunk build --release
cargo build --locked -p tallyfy-sandbox

step "end-to-end tests (Playwright driving Debian's Chromium)"
cd tests/e2e
npx playwright test
