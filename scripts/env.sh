# shellcheck shell=bash
# Sourced by the scripts: puts the installed tools (cargo's bin, the project-local wasm-opt) first,
# and before them scripts/bin, whose wasm-bindgen splits the wasm at its split points first.
export PATH="$PWD/scripts/bin:$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
# Trunk must never download anything (see Trunk.toml); this says it twice.
export TRUNK_OFFLINE=true
