// The release build as a static host receives it: every file has brotli and gzip copies that
// decompress to exactly that file (written after the CSP and shell-list edits, so they match).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { test, expect } from '@playwright/test';
import { DIST_DIR } from '../paths.js';
import { sharedChunks, splitPacks } from '../measure.js';

test('every built file has .br and .gz copies identical to it once decompressed', async () => {
  const files = fs.readdirSync(DIST_DIR).filter((n) => !/\.(br|gz)$/.test(n) && fs.statSync(path.join(DIST_DIR, n)).isFile());
  expect(files).toEqual(expect.arrayContaining(['index.html', 'sw.js']));
  expect(files.some((n) => n.endsWith('.wasm'))).toBeTruthy();
  for (const name of files) {
    const original = fs.readFileSync(path.join(DIST_DIR, name));
    const br = zlib.brotliDecompressSync(fs.readFileSync(path.join(DIST_DIR, `${name}.br`)));
    const gz = zlib.gunzipSync(fs.readFileSync(path.join(DIST_DIR, `${name}.gz`)));
    expect(br.equals(original), `${name}.br`).toBeTruthy();
    expect(gz.equals(original), `${name}.gz`).toBeTruthy();
  }
});

test('the wasm is split: the loader imports the page\'s own main module, every chunk it names exists under its content hash, the service worker keeps them all, and the main module\'s integrity hash matches', async () => {
  const crypto = await import('node:crypto');
  const files = fs.readdirSync(DIST_DIR);
  const html = fs.readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8');
  const mainJs = files.find((n) => /^tallyfy-launcher-[0-9a-f]+\.js$/.test(n));
  const loaderName = files.find((n) => /^__wasm_split-[0-9a-f]{10}\.js$/.test(n));
  expect(mainJs).toBeTruthy();
  expect(loaderName, 'a content-hashed chunk loader').toBeTruthy();
  const main = fs.readFileSync(path.join(DIST_DIR, mainJs), 'utf8');
  // (The main script is minified: `from"./x.js"`.)
  expect(main).toMatch(new RegExp(`from ?"\\./${loaderName.replace(/\./g, '\\.')}"`));
  expect(main).not.toMatch(/from ?"\.\/__wasm_split\.js"/);
  const loader = fs.readFileSync(path.join(DIST_DIR, loaderName), 'utf8');
  expect(loader).toContain(`import { initSync } from "./${mainJs}";`);
  // The loader's table (scripts/split-chunks.mjs): shared chunks by number (each one's hash),
  // split modules by name.
  const modules = [...loader.matchAll(/"(split_[a-z0-9_]+-[0-9a-f]+\.wasm)"/g)].map((m) => m[1]);
  const chunks = [...sharedChunks(DIST_DIR), ...new Set(modules)];
  expect(chunks.filter((c) => c.startsWith('chunk_')).length, 'shared chunks').toBeGreaterThan(10);
  // Settings, History, Bulk, the kick-off form and the launch tools, plus what they share.
  for (const screen of ['settings_screen_chunk', 'history_screen_chunk', 'bulk_screen_chunk', 'launch_form_chunk', 'launch_tools_chunk']) {
    expect(chunks.some((c) => c.startsWith(`split_${screen}`)), screen).toBeTruthy();
  }
  const worker = fs.readFileSync(path.join(DIST_DIR, 'sw.js'), 'utf8');
  const hashOf = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 10);
  // The shared chunks are named by the content of them all (each one's length, then its bytes,
  // in number order): any change to one renames them all.
  const shared = chunks.filter((c) => c.startsWith('chunk_'));
  const sharedHash = hashOf(Buffer.concat(shared.flatMap((chunk) => {
    const bytes = fs.readFileSync(path.join(DIST_DIR, chunk));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    return [length, bytes];
  })));
  for (const chunk of chunks) {
    const bytes = fs.readFileSync(path.join(DIST_DIR, chunk));
    const hash = chunk.startsWith('chunk_') ? sharedHash : hashOf(bytes);
    expect(chunk.endsWith(`-${hash}.wasm`), `${chunk} is named by its content`).toBeTruthy();
    expect(worker, `sw.js keeps ${chunk}`).toContain(`"./${chunk}"`);
  }
  // Every shared chunk file there is, the loader names (no other shared chunk was built).
  expect(files.filter((n) => /^chunk_\d+-[0-9a-f]+\.wasm$/.test(n)).sort()).toEqual([...shared].sort());
  expect(worker).toContain(`"./${loaderName}"`);
  // The packs (the form's and each screen's): each named by its content, exactly its
  // split module's files (as the loader lists them) after a count and their lengths; the worker
  // keeps the files, not the packs, and knows which files each pack holds (it answers packs).
  const packs = splitPacks(DIST_DIR);
  expect(packs.map((p) => p.split).sort()).toEqual(['bulk_screen_chunk', 'history_screen_chunk', 'launch_form_chunk', 'settings_screen_chunk', 'track_screen_chunk']);
  for (const { file, files: inLoaderOrder } of packs) {
    const pack = fs.readFileSync(path.join(DIST_DIR, file));
    expect(file.endsWith(`-${crypto.createHash('sha256').update(pack).digest('hex').slice(0, 10)}.pack`), file).toBeTruthy();
    expect(pack.readUInt32LE(0)).toBe(inLoaderOrder.length);
    let at = 4 + 4 * inLoaderOrder.length;
    inLoaderOrder.forEach((name, i) => {
      const bytes = fs.readFileSync(path.join(DIST_DIR, name));
      expect(pack.readUInt32LE(4 + 4 * i), name).toBe(bytes.length);
      expect(pack.subarray(at, at + bytes.length).equals(bytes), name).toBeTruthy();
      at += bytes.length;
    });
    expect(at, file).toBe(pack.length);
  }
  const shellFiles = JSON.parse(worker.match(/const SHELL_FILES = (\[.*?\]);/)[1]);
  expect(shellFiles.filter((f) => f.endsWith('.pack'))).toEqual([]);
  const workerPacks = JSON.parse(worker.match(/const PACKS = (\{.*?\});/)[1]);
  expect(workerPacks).toEqual(Object.fromEntries(packs.map((p) => [`./${p.file}`, p.files.map((f) => `./${f}`)])));
  for (const files of Object.values(workerPacks)) for (const f of files) expect(shellFiles).toContain(f);
  const integrity = `sha384-${crypto.createHash('sha384').update(main).digest('base64')}`;
  expect(html).toContain(`href="./${mainJs}" crossorigin="anonymous" integrity="${integrity}"`);
});

// The first screen's script and style sheet are minified and the page carries no comments
// (scripts/minify.mjs); the integrity hashes still match what is served.
test('the first screen ships minified: its script, style sheet and page, with integrity hashes that match', async () => {
  const crypto = await import('node:crypto');
  const files = fs.readdirSync(DIST_DIR);
  const html = fs.readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8');
  expect(html).not.toContain('<!--');
  expect(html).toContain('<meta http-equiv="Content-Security-Policy"');
  for (const pattern of [/^tallyfy-launcher-[0-9a-f]+\.js$/, /^main-[0-9a-f]+\.css$/]) {
    const name = files.find((n) => pattern.test(n));
    const text = fs.readFileSync(path.join(DIST_DIR, name), 'utf8');
    // Minified: a few long lines, no indentation.
    expect(text.split('\n').length, name).toBeLessThan(10);
    expect(text, name).not.toMatch(/\n {2}/);
    const integrity = `sha384-${crypto.createHash('sha384').update(text).digest('base64')}`;
    expect(html, name).toContain(`href="./${name}"`);
    expect(html, name).toMatch(new RegExp(`href="\\./${name.replace(/\./g, '\\.')}"[^>]*integrity="${integrity.replace(/[+/]/g, '\\$&')}"`));
  }
});
