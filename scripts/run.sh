#!/usr/bin/env bash
# Sets up what is missing, builds the app, and serves it on http://127.0.0.1:8080 with the
# sandbox API on http://127.0.0.1:8787. Prints a link that opens the app pointed at the sandbox,
# and the demo token to paste. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

echo "[run] building the app (release) and the sandbox"
# One target folder for everything (the tests use the same sandbox binary): the sandbox first,
# then the app.
cargo build --locked --quiet -p tallyfy-sandbox
trunk build --release

echo "[run] serving; press Ctrl+C to stop"
exec target/debug/tallyfy-sandbox --port "${SANDBOX_PORT:-8787}" --app-dir dist --app-port "${APP_PORT:-8080}"
