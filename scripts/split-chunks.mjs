// Trunk post-build step: places the wasm chunks that scripts/bin/wasm-bindgen split off (the
// split_point! declarations, see src/ui/split.rs) next to the app. Each chunk is optimised with
// wasm-opt -Oz (Trunk optimises only the main module), stripped of the producers and target
// features sections (about 180 bytes a chunk, for nothing at run time), named by its content hash, and so is
// the loader `__wasm_split.js`; the loader is pointed at Trunk's hashed main module (the same URL
// the page imported, or the app would start twice), the main module at the hashed loader, and the
// main module's integrity hash in index.html is updated to match.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || 'dist';
const source = path.join(process.env.TRUNK_SOURCE_DIR || '.', 'target', 'wasm-split');
const LOADER = '__wasm_split.js';

const contentHash = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const fail = (message) => {
  console.error(`split-chunks: ${message}`);
  process.exit(1);
};

if (!fs.existsSync(path.join(source, LOADER))) {
  fail(`${source}/${LOADER} is missing: build with scripts/env.sh sourced, so that scripts/bin/wasm-bindgen splits the wasm`);
}
const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
const mainJs = fs.readdirSync(dir).find((name) => /^tallyfy-launcher-[0-9a-f]+\.js$/.test(name));
if (!mainJs) fail(`no tallyfy-launcher-<hash>.js in ${dir}`);

let loader = fs.readFileSync(path.join(source, LOADER), 'utf8');
const mainImport = 'import { initSync } from "./main.js";';
if (!loader.includes(mainImport)) fail(`${LOADER} does not import initSync from ./main.js as expected`);
loader = loader.replace(mainImport, `import { initSync } from "./${mainJs}";`);

// Every chunk the loader names (the main module is the one wasm-bindgen already took).
const chunks = [...loader.matchAll(/new URL\("\.\/([^"]+\.wasm)", import\.meta\.url\)/g)].map((m) => m[1]);
let raw = 0;
for (const chunk of new Set(chunks)) {
  const from = path.join(source, chunk);
  const optimised = path.join(dir, `${chunk}.tmp`);
  execFileSync('wasm-opt', [`--output=${optimised}`, '-Oz', '--strip-producers', '--strip-target-features', from], { stdio: 'inherit' });
  const bytes = fs.readFileSync(optimised);
  fs.rmSync(optimised);
  const name = `${path.basename(chunk, '.wasm')}-${contentHash(bytes)}.wasm`;
  fs.writeFileSync(path.join(dir, name), bytes);
  loader = loader.split(`"./${chunk}"`).join(`"./${name}"`);
  raw += bytes.length;
}

const loaderName = `__wasm_split-${contentHash(loader)}.js`;
fs.writeFileSync(path.join(dir, loaderName), loader);

// The main module imports the loader by its plain name: point those imports at the hashed one
// (the wasm's import keys keep the plain name).
const mainPath = path.join(dir, mainJs);
const main = fs.readFileSync(mainPath, 'utf8');
const plain = ` from "./${LOADER}"`;
if (chunks.length && !main.includes(plain)) fail(`${mainJs} does not import ${LOADER}`);
const rewritten = main.split(plain).join(` from "./${loaderName}"`);
fs.writeFileSync(mainPath, rewritten);
const integrity = `sha384-${crypto.createHash('sha384').update(rewritten).digest('base64')}`;
const preload = new RegExp(`(href="\\./${mainJs.replace(/\./g, '\\.')}"[^>]*integrity=")[^"]+(")`);
if (!preload.test(html)) fail(`index.html has no integrity hash for ${mainJs}`);
fs.writeFileSync(path.join(dir, 'index.html'), html.replace(preload, `$1${integrity}$2`));
// Consumed: a later build that skips the splitter then stops above instead of shipping these.
fs.rmSync(source, { recursive: true, force: true });
console.log(`split-chunks: ${new Set(chunks).size} chunks (${(raw / 1024).toFixed(1)} KB raw) and ${loaderName}`);
