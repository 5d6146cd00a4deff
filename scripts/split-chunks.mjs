// Trunk post-build step: places the wasm chunks that scripts/bin/wasm-bindgen split off (the
// split_point! declarations, see src/ui/split.rs) next to the app. Each chunk is optimised with
// wasm-opt -Oz (Trunk optimises only the main module), stripped of the producers and target
// features sections (about 180 bytes a chunk, for nothing at run time), named by its content
// hash, and so is the loader `__wasm_split.js`, rewritten as a table (it is part of the first
// screen) that can also fetch the form and each screen with their chunks as one pack each,
// written here; the loader is pointed at Trunk's hashed main module (the same URL the page imported, or
// the app would start twice), the main module at the hashed loader, and the main module's
// integrity hash in index.html is updated to match.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || 'dist';
const source = path.join(process.env.TRUNK_SOURCE_DIR || '.', 'target', 'wasm-split');
const LOADER = '__wasm_split.js';
// The split modules whose code also comes as one pack each (see `ahead` in the loader), the
// address (the part after `#`) on which the page starts fetching it early, and the split modules
// it carries along: the form, which a linked or restored page waits for, and each screen, which a
// bookmark or a link to it waits for (a teammate's first link goes to Settings). The loader picks
// the first that matches.
const PACKED = [
  ['launch_form_chunk', 'linked or restored form'],
  // With the store the screen reads, which is loaded first.
  ['history_screen_chunk', '#/history', ['history_store_chunk']],
  ['settings_screen_chunk', '#/settings'],
  ['bulk_screen_chunk', '#/bulk', ['bulk_store_chunk']],
  ['track_screen_chunk', '#/track'],
];

// Ten hex digits (40 bits) tell a file's versions apart; the loader, part of the first screen,
// names every chunk's hash, and six digits more on each of ~160 cost ~0.6 KB compressed.
const contentHash = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 10);
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

/** The loader as wasm-split writes it spends five lines and a comment on each of its 100-odd
 * chunks, and it is part of the first screen: this writes the same loaders from a table (shared
 * chunks by number, each split module with its dependencies as ranges of numbers), after checking
 * that every chunk was read and that each split module's dependencies are the shared chunks whose
 * comments name it. */
function compactLoader(text) {
  const fetcher = String.raw`=> \{\n\s*const src = fetch\(new URL\("\./([^"]+)", import\.meta\.url\)\);\n\s*src\.catch\(\(\) => \{\}\);\n\s*return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, \[`;
  const sharedRe = new RegExp(String.raw`/\* ([a-z_, ]+) \*/\nconst __chunk_(\d+) = makeLoad\(\(\) ${fetcher}\]\);\n`, 'g');
  const splitRe = new RegExp(String.raw`export const __wasm_split_load_([a-z_]+) = wrapAsyncCb\(makeLoad\(\(\) ${fetcher}([^\]]*)\]\)\);\n?`, 'g');
  const start = text.search(/\/\* [a-z_, ]+ \*\/\nconst __chunk_/);
  if (start < 0) fail(`${LOADER} has no shared chunk where expected`);
  const header = text.slice(0, start);
  const shared = [...text.slice(start).matchAll(sharedRe)];
  const splits = [...text.slice(start).matchAll(splitRe)];
  const read = shared.reduce((n, m) => n + m[0].length, 0) + splits.reduce((n, m) => n + m[0].length, 0);
  if (read !== text.length - start) fail(`${LOADER} has chunk loaders in a shape this script does not know`);
  const files = new Map(shared.map(([, , number, file]) => [Number(number), file]));
  const modules = new Map();
  for (const [, split, file, deps] of splits) {
    const numbers = deps.split(', ').filter(Boolean).map((d) => Number(d.replace('__chunk_', '')));
    const named = shared.filter(([, users]) => users.split(', ').includes(split)).map(([, , n]) => Number(n));
    if ([...numbers].sort((a, b) => a - b).join() !== named.sort((a, b) => a - b).join()) {
      fail(`${split}'s dependencies differ from the shared chunks that name it`);
    }
    modules.set(split, { file, numbers });
  }
  // The packs first: the split modules' loaders below name them.
  const lines = [];
  for (const [split, , alongside = []] of PACKED) {
    const members = [...alongside, split].map((name) => modules.get(name) ?? fail(`${LOADER} has no ${name}`));
    const numbers = [...new Set(members.flatMap((m) => m.numbers))].sort((a, b) => a - b);
    const list = [...numbers.map((n) => files.get(n)), ...members.map((m) => m.file)];
    const named = members.map((m) => `"${m.file}"`).join(', ');
    lines.push(`const ${split} = ["${writePack(split, list)}", [...numbers("${ranges(numbers)}").map((n) => files[n]), ${named}]];`);
  }
  for (const [split, { file, numbers }] of modules) {
    const loadIt = `load("${file}", "${ranges(numbers)}")`;
    const packed = PACKED.some(([name]) => name === split);
    lines.push(`export const __wasm_split_load_${split} = ${packed ? `withPack(${split}, ${loadIt})` : loadIt};`);
  }
  // Shared chunks are named chunk_<n>-<hash>.wasm, all with the same hash: the table holds it
  // once, with the chunks' numbers.
  const hashes = new Set([...files].map(([n, file]) => (
    file.match(new RegExp(`^chunk_${n}-([0-9a-f]+)\\.wasm$`))?.[1] ?? fail(`shared chunk ${n} is named ${file}`)
  )));
  if (hashes.size !== 1) fail(`the shared chunks carry ${hashes.size} hashes, not one`);
  return `${header}// Shared chunks by number, then each split module with the numbers of the chunks it needs.
const url = (file) => new URL(\`./\${file}\`, import.meta.url);
// Files fetched and compiled ahead of their load (below), each as a promise of its module
// (undefined if that failed: then the file is fetched on its own, as it is if the module does not
// instantiate), and the files whose loading has started.
const early = {};
const started = new Set();
// Starting a fetch costs the page's thread about 0.4 ms on average (0.5–1 ms with the CPU 4×
// slower, a few up to 10 ms), and a split module can need 70 files: started together, they made
// one task of 60–140 ms on a phone just after the first paint. So starts wait in a queue, and
// each task starts at most PACE of them (a message, not a timer: hidden tabs slow timers to one
// a second).
const PACE = 8;
const queue = [];
const tick = new MessageChannel();
tick.port1.onmessage = () => {
    for (const start of queue.splice(0, PACE)) start();
    if (queue.length) tick.port2.postMessage(0);
};
const paced = (start) => new Promise((resolve) => {
    if (queue.push(() => resolve(start())) === 1) tick.port2.postMessage(0);
});
const fetcher = (file) => () => {
    started.add(file);
    const compiled = early[file];
    const src = compiled ? undefined : paced(() => fetch(url(file)));
    src?.catch(() => {});
    return async (imports) => {
        const module = compiled && await compiled;
        const own = () => WebAssembly.instantiateStreaming(src ?? fetch(url(file)), imports);
        return module ? WebAssembly.instantiate(module, imports).catch(own) : own();
    };
};
// Fetches and compiles a split module and every chunk it needs before they are loaded, unless
// one of them has started, as one pack: one request instead of dozens, smaller compressed as one
// (a count, the lengths, the modules). A service worker answers it from the files it keeps.
const ahead = ([pack, list]) => {
    if (list.some((f) => started.has(f) || f in early)) return;
    const modules = fetch(url(pack)).then(async (response) => {
        if (!response.ok) throw new Error(\`\${pack}: HTTP \${response.status}\`);
        const bytes = new Uint8Array(await response.arrayBuffer());
        const view = new DataView(bytes.buffer);
        if (view.getUint32(0, true) !== list.length) throw new Error(\`\${pack} does not hold \${list.length} modules\`);
        let at = 4 + 4 * list.length;
        const modules = list.map((_, i) => bytes.subarray(at, (at += view.getUint32(4 + 4 * i, true))));
        if (at !== bytes.length) throw new Error(\`\${pack} is cut short or too long\`);
        return modules;
    });
    modules.catch((e) => console.warn(e));
    list.forEach((f, i) => { early[f] = modules.then((m) => WebAssembly.compile(m[i])).catch(() => undefined); });
};
const withPack = (itsPack, loader) => (...args) => {
    ahead(itsPack);
    return loader(...args);
};
const numbers = (text) => text.split(",").filter(Boolean).flatMap((range) => {
    const [from, to = from] = range.split("-").map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
});
const SHARED = { hash: "${[...hashes][0]}", numbers: "${ranges([...files.keys()])}" };
const files = {};
const shared = {};
for (const n of numbers(SHARED.numbers)) {
    files[n] = \`chunk_\${n}-\${SHARED.hash}.wasm\`;
    shared[n] = makeLoad(fetcher(files[n]), []);
}
const load = (file, deps) => wrapAsyncCb(makeLoad(fetcher(file), numbers(deps).map((n) => shared[n])));
${lines.join('\n')}
${EARLY_FETCH}`;
}

/** Writes the pack of `split`: the count of modules and each one's length (little-endian u32s),
 * then the modules of `files` in that order; returns its name (by content hash). */
function writePack(split, list) {
  const modules = list.map((file) => fs.readFileSync(path.join(dir, file)));
  const header = Buffer.alloc(4 + 4 * modules.length);
  header.writeUInt32LE(modules.length, 0);
  modules.forEach((m, i) => header.writeUInt32LE(m.length, 4 + 4 * i));
  const bytes = Buffer.concat([header, ...modules]);
  const name = `split_${split}-${contentHash(bytes)}.pack`;
  fs.writeFileSync(path.join(dir, name), bytes);
  packs[`./${name}`] = list.map((file) => `./${file}`);
  return name;
}

/** Code the loader runs as soon as it is evaluated (with the main module's script, before the
 * main module has downloaded): when the page opens on a Launch link to a template, or with a form
 * saved before a reload, the form's code starts downloading (and compiling) at once, and on
 * another screen that screen's, so it overlaps the main module's download instead of following
 * the app's start. Storage refused (a privacy setting) means nothing was saved. */
const EARLY_FETCH = `{
    const hash = location.hash;
    const query = new URLSearchParams(hash.slice(hash.indexOf("?") + 1 || hash.length));
    let saved = false;
    try { saved = sessionStorage.getItem("tallyfy-launcher/launch/draft") !== null; } catch {}
    if ((["", "#", "#/"].includes(hash) || hash.startsWith("#/launch")) && (query.has("template") || saved)) ahead(launch_form_chunk);
${PACKED.filter(([, at]) => at.startsWith('#/')).map(([split, at]) => `    else if (hash.startsWith("${at}")) ahead(${split});`).join('\n')}
}
`;

/** `1,2,3,5,7,8` as `1-3,5,7-8`. */
function ranges(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < sorted.length; i += 1) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j += 1;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return out.join(',');
}

// Every chunk the loader names (the main module is the one wasm-bindgen already took).
const chunks = [...loader.matchAll(/new URL\("\.\/([^"]+\.wasm)", import\.meta\.url\)/g)].map((m) => m[1]);
const optimisedChunks = [...new Set(chunks)].map((chunk) => {
  const from = path.join(source, chunk);
  const optimised = path.join(dir, `${chunk}.tmp`);
  // --low-memory-unused as for the main module (index.html says why).
  execFileSync('wasm-opt', [`--output=${optimised}`, '-Oz', '--low-memory-unused', '--strip-producers', '--strip-target-features', from], { stdio: 'inherit' });
  const bytes = fs.readFileSync(optimised);
  fs.rmSync(optimised);
  return { chunk, bytes };
});
// Each split module is named by its content; the shared chunks (chunk_<n>.wasm) by the content
// of them all (each one's length, then its bytes, in number order), which changes whenever any
// does: the loader, part of the first screen, then names one hash instead of ~200 (~2 KB
// compressed), and little is lost to caches, since a change anywhere in the app changes most
// shared chunks anyway (a one-word text changed 110 of 144).
const sharedNumber = (chunk) => Number(chunk.match(/^chunk_(\d+)\.wasm$/)?.[1] ?? NaN);
const sharedChunks = optimisedChunks.filter(({ chunk }) => !Number.isNaN(sharedNumber(chunk)))
  .sort((a, b) => sharedNumber(a.chunk) - sharedNumber(b.chunk));
const sharedHash = contentHash(Buffer.concat(sharedChunks.flatMap(({ bytes }) => {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  return [length, bytes];
})));
let raw = 0;
for (const { chunk, bytes } of optimisedChunks) {
  const hash = Number.isNaN(sharedNumber(chunk)) ? contentHash(bytes) : sharedHash;
  const name = `${path.basename(chunk, '.wasm')}-${hash}.wasm`;
  fs.writeFileSync(path.join(dir, name), bytes);
  loader = loader.split(`"./${chunk}"`).join(`"./${name}"`);
  raw += bytes.length;
}

// Each pack's name and the files it holds (writePack), for the service worker.
const packs = {};
// Whole-line comments (wasm-split's and the ones above) and indentation are for readers of this
// script, not for every visitor's download (the loader has no string spanning lines).
loader = compactLoader(loader).replace(/^[ \t]*\/\/.*\n/gm, '').replace(/^[ \t]+/gm, '');
const loaderName = `__wasm_split-${contentHash(loader)}.js`;
fs.writeFileSync(path.join(dir, loaderName), loader);

// The service worker answers each pack from the files it holds (sw.js).
const workerPath = path.join(dir, 'sw.js');
const packsMarker = 'const PACKS = {}; /* PACKS: replaced at build time */';
const workerText = fs.readFileSync(workerPath, 'utf8');
if (!workerText.includes(packsMarker)) fail('the PACKS marker is missing from sw.js');
fs.writeFileSync(workerPath, workerText.replace(packsMarker, `const PACKS = ${JSON.stringify(packs)};`));

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
