#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Tallyfy Launcher needs, and skips what is
# already present. Safe to run again and again. Works offline except for the package registries
# (crates.io, npm, Debian), which is all this kind of machine can reach.
#
#   scripts/setup.sh          build tools: wasm target, trunk, wasm-bindgen CLI, wasm-split-cli,
#                             wasm-opt, esbuild
#   scripts/setup.sh --test   also Chromium, chromedriver, shellcheck, Ruby, python3-yaml, gawk,
#                             original-awk, busybox, nginx (with brotli_static), Caddy and
#                             envsubst (Debian) and the e2e npm packages
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14      # 0.22 needs rustc >= 1.96.1; this machine has 1.95
WASM_SPLIT_VERSION=0.2.4   # >= 0.2.3 understands wasm-bindgen >= 0.2.128; re-test on every bump
BINARYEN_VERSION=123.0.0   # matches Trunk 0.21's default; Debian's binaryen 108 breaks the wasm
ESBUILD_VERSION=0.25.12    # minifies the scripts and the style sheet of the first screen
ZOPFLI_VERSION=1.0.15      # writes the .gz copies (zopfli: a few per cent smaller than gzip -9)
TOOLS_DIR="$PWD/.tools"

with_test=false
[ "${1:-}" = "--test" ] && with_test=true

say()  { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
skip() { printf '\033[1m[setup]\033[0m skip: %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

# --- Rust toolchain, exactly the one rust-toolchain.toml pins ---------------------------------
# (To move to a newer Rust: change `channel` there; this installs it on every machine.)
channel=$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)
if rustup toolchain list | grep -q "^$channel-"; then
  skip "Rust $channel already installed"
else
  say "installing Rust $channel (pinned in rust-toolchain.toml)"
  rustup toolchain install "$channel" --profile minimal --component rustfmt,clippy --target wasm32-unknown-unknown
fi

# --- Rust wasm target ----------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  skip "wasm32-unknown-unknown target already installed"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# --- trunk -----------------------------------------------------------------------------------
if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  skip "trunk $TRUNK_VERSION already installed"
else
  say "installing trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# --- wasm-bindgen CLI, exactly the version Cargo.lock resolves ---------------------------------
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "[setup] cannot read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if wasm-bindgen --version 2>/dev/null | grep -q " $bindgen_version\$" \
   && wasm-bindgen-test-runner --version 2>/dev/null | grep -q " $bindgen_version\$"; then
  skip "wasm-bindgen CLI $bindgen_version already installed"
else
  say "installing wasm-bindgen-cli $bindgen_version (about 2 minutes)"
  # Not --locked: the crate's own lockfile names a webpki-roots the registry no longer has.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

# --- wasm-split-cli: splits the wasm at its split points (scripts/bin/wasm-bindgen runs it) ---
if cargo install --list 2>/dev/null | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:" \
   && command -v wasm-split-cli >/dev/null; then
  skip "wasm-split-cli $WASM_SPLIT_VERSION already installed"
else
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 1 minute)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --force
fi

# Installs an npm package (name@version) into .tools/, the build tools' own npm folder.
npm_into_tools() {
  mkdir -p "$TOOLS_DIR"
  [ -f "$TOOLS_DIR/package.json" ] || echo '{"private": true}' > "$TOOLS_DIR/package.json"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent "$1"
}

# --- wasm-opt (binaryen from npm, into .tools/) -------------------------------------------------
if wasm-opt --version 2>/dev/null | grep -qw "version ${BINARYEN_VERSION%%.*}"; then
  skip "wasm-opt (binaryen $BINARYEN_VERSION) already installed"
else
  say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION into .tools/"
  npm_into_tools "binaryen@$BINARYEN_VERSION"
fi

# --- esbuild (from npm, into .tools/): minifies the first screen's scripts and style sheet ------
if [ "$("$TOOLS_DIR/node_modules/.bin/esbuild" --version 2>/dev/null)" = "$ESBUILD_VERSION" ]; then
  skip "esbuild $ESBUILD_VERSION already installed"
else
  say "installing esbuild@$ESBUILD_VERSION from npm into .tools/"
  npm_into_tools "esbuild@$ESBUILD_VERSION"
fi

# --- zopfli (from npm, into .tools/): the .gz copies, smaller than gzip -9 writes them --------
if [ "$(node -p "require('$TOOLS_DIR/node_modules/@gfx/zopfli/package.json').version" 2>/dev/null)" = "$ZOPFLI_VERSION" ]; then
  skip "zopfli $ZOPFLI_VERSION already installed"
else
  say "installing @gfx/zopfli@$ZOPFLI_VERSION from npm into .tools/"
  npm_into_tools "@gfx/zopfli@$ZOPFLI_VERSION"
fi

$with_test || exit 0

# --- Chromium, chromedriver, shellcheck, Ruby, python3-yaml, the awks, nginx, Caddy (Debian) -----
# The tests lint the shell scripts the Schedule tool writes with shellcheck, evaluate the Workato
# texts (formula mode is Ruby) with a real Ruby, and read the GitHub workflow with libyaml
# (YAML 1.1 line breaks, as GitHub's reader has them) besides the e2e `yaml` package.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v ruby >/dev/null 2>&1 || missing+=(ruby)
/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
# The exported script's awk is tested under each awk a machine may have.
command -v gawk >/dev/null 2>&1 || missing+=(gawk)
command -v original-awk >/dev/null 2>&1 || missing+=(original-awk)
command -v busybox >/dev/null 2>&1 || missing+=(busybox)
# The hosting tests run the deploy/ configurations with the real servers.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
if [ ${#missing[@]} -eq 0 ]; then
  skip "chromium, chromedriver, shellcheck, ruby, python3-yaml, the awks, nginx, caddy and envsubst already installed ($(/usr/bin/chromium --version 2>/dev/null | head -n1); shellcheck $(shellcheck --version | sed -n 's/^version: //p'); $(ruby --version | cut -d' ' -f1-2))"
else
  say "installing ${missing[*]} from Debian"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

# --- end-to-end test packages (Playwright driving Debian's Chromium; no browser download) -------
stamp=tests/e2e/node_modules/.installed-from-lock
if [ -f "$stamp" ] && cmp -s tests/e2e/package-lock.json "$stamp"; then
  skip "e2e npm packages already installed"
else
  say "installing the e2e npm packages (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/e2e --no-audit --no-fund
  cp tests/e2e/package-lock.json "$stamp"
fi
