#!/usr/bin/env bash
# Sets up what is missing, builds the app, and serves it on http://127.0.0.1:8080 with the
# sandbox API on http://127.0.0.1:8787. Prints a link that opens the app pointed at the sandbox,
# and the demo token to paste. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

echo "[run] building the app (release) and the sandbox"
# The sandbox builds in its own target folder so cargo can compile it beside the app's wasm.
CARGO_TARGET_DIR=target/sandbox cargo build --locked --quiet -p tallyfy-sandbox &
sandbox_build=$!
trunk build --release
wait "$sandbox_build"

echo "[run] serving; press Ctrl+C to stop"
exec target/sandbox/debug/tallyfy-sandbox --port "${SANDBOX_PORT:-8787}" --app-dir dist --app-port "${APP_PORT:-8080}"
