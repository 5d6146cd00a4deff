#!/usr/bin/env bash
# Builds the release bundle and prints the benchmark table: bytes of every file the page loads
# (raw and gzip), time to interactive, and the render and update timings, each beside its budget.
# Pass step names to run only some: sizes interactive bigForm.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
source scripts/env.sh
trunk build --release
cargo build --locked -q -p tallyfy-sandbox
node bench/bench.mjs "$@"
