// What the benchmark (bench/bench.mjs) and the size budget (specs/first-screen-size.spec.js)
// measure, in one place: compressed sizes, which built files a page fetched before a moment,
// which files a split chunk needs, and the busiest window of a request log.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Kilobytes, one decimal. */
export const KB = (bytes) => (bytes / 1024).toFixed(1);
/** The file's size as a static host's gzip -9 copy. */
const gzipSize = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
/** A built file's gzip size as shipped: its `.gz` copy (zopfli, scripts/precompress.mjs), which
 * a host that serves precompressed files sends; gzip -9 for a file without one. */
export const shippedGzipSize = (distDir, name) => {
  const copy = path.join(distDir, `${name}.gz`);
  return fs.existsSync(copy) ? fs.statSync(copy).size : gzipSize(fs.readFileSync(path.join(distDir, name)));
};
/** The file's size as a static host's brotli -q11 copy. */
export const brotliSize = (bytes) => zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** The built file an app URL names (`…/` is index.html), or null for anything else. */
export function distFile(distDir, appUrl, url) {
  if (!url.startsWith(appUrl)) return null;
  const name = decodeURIComponent(url.slice(appUrl.length).split(/[?#]/)[0]) || 'index.html';
  return fs.existsSync(path.join(distDir, name)) ? name : null;
}

/** The gzip bytes of built files as shipped, by name, and their sum. */
export function gzipOf(distDir, names) {
  const each = [...names].sort().map((name) => ({ name, gzip: shippedGzipSize(distDir, name) }));
  return { each, total: each.reduce((sum, f) => sum + f.gzip, 0) };
}

/** Init script: `window.__launchReady` is the moment the Launch screen's search box enters the DOM. */
export const markLaunchReady = () => {
  const check = () => {
    if (window.__launchReady === undefined && document.getElementById('template-search')) {
      window.__launchReady = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
};

/** Init script: `window.__formReady` is the moment the kick-off form's first field enters the DOM. */
export const markFormReady = () => {
  const check = () => {
    if (window.__formReady === undefined && document.querySelector('.launch-form .field :is(input, textarea, select)')) {
      window.__formReady = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
};

/** Init script: `window.__longTasks` holds each task over 50 ms (the browser reports no shorter
 * ones) since the page began, as [start, duration] in milliseconds. */
export const recordLongTasks = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) window.__longTasks.push([task.startTime, task.duration]);
  }).observe({ type: 'longtask', buffered: true });
};

/** Opens `url` on a cold cache (the CDP session `cdp` has the cache disabled) and waits for
 * `window[mark]`; every request the page started until then, with the bytes it took. */
export async function fetchedUntil(page, cdp, url, mark) {
  await page.goto('about:blank');
  await cdp.send('Network.clearBrowserCache');
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction((m) => typeof window[m] === 'number', mark);
  return page.evaluate((m) => {
    const ready = window[m];
    const entries = [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource').filter((e) => e.startTime <= ready),
    ];
    return { ms: ready, fetched: entries.map((e) => ({ url: e.name, sent: e.encodedBodySize })) };
  }, mark);
}

/** The chunk loader's text (scripts/split-chunks.mjs writes the shared chunks' numbers and the
 * one hash they are all named with, `chunk_<n>-<hash>.wasm`, each split module with the ranges of
 * numbers it needs, and each pack with its list). */
function loaderText(distDir) {
  const loader = fs.readdirSync(distDir).find((n) => /^__wasm_split-[0-9a-f]+\.js$/.test(n));
  return fs.readFileSync(path.join(distDir, loader), 'utf8');
}

/** Every shared chunk's file the loader names, by number. */
function sharedChunkTable(text) {
  const table = text.match(/const SHARED = \{ hash: "([0-9a-f]{10})", numbers: "([0-9,-]+)" \};/);
  if (!table) throw new Error('the loader has no table of shared chunks');
  const [, hash, numbers] = table;
  return new Map(rangeNumbers(numbers).map((n) => [n, `chunk_${n}-${hash}.wasm`]));
}

/** `1-3,5` as 1, 2, 3, 5. */
function rangeNumbers(ranges) {
  return ranges.split(',').filter(Boolean).flatMap((range) => {
    const [from, to = from] = range.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/** The files of every shared chunk the loader names, in number order. */
export function sharedChunks(distDir) {
  return [...sharedChunkTable(loaderText(distDir))].sort(([a], [b]) => a - b).map(([, file]) => file);
}

/** The shared chunks' files named by the ranges of numbers `ranges` (`1-3,5`), in order. */
function sharedChunksIn(text, ranges) {
  const shared = sharedChunkTable(text);
  return rangeNumbers(ranges).map((n) => {
    if (!shared.has(n)) throw new Error(`the loader names no shared chunk ${n}`);
    return shared.get(n);
  });
}

/** The wasm files a split chunk needs: its own module and every shared chunk it depends on, as
 * the loader lists them. */
export function splitChunkFiles(distDir, split) {
  const text = loaderText(distDir);
  const module = text.match(new RegExp(`__wasm_split_load_${split} = (?:withPack\\([a-z_]+, )?load\\("([^"]+)", "([0-9,-]*)"\\)`));
  if (!module) throw new Error(`the loader has no split module ${split}`);
  return [module[1], ...sharedChunksIn(text, module[2])];
}

/** The pack of a split chunk (its module and every shared chunk it needs, as one file:
 * scripts/split-chunks.mjs), or null if it has none. */
export function splitPackFile(distDir, split) {
  return splitPacks(distDir).find((p) => p.split === split)?.file ?? null;
}

/** Every pack the loader names: its split module, its file, and the files it holds in order
 * (the shared chunks by number, then the split modules it carries, its own last). */
export function splitPacks(distDir) {
  const text = loaderText(distDir);
  const pattern = /const ([a-z_]+) = \["(split_[a-z_]+-[0-9a-f]+\.pack)", \[\.\.\.numbers\("([0-9,-]*)"\)\.map\(\(n\) => files\[n\]\), ((?:"[^"]+\.wasm"(?:, )?)+)\]\];/g;
  return [...text.matchAll(pattern)].map(([, split, file, ranges, modules]) => (
    { split, file, files: [...sharedChunksIn(text, ranges), ...modules.match(/[^", ]+\.wasm/g)] }
  ));
}

/** The most requests in any window of `window` ms. */
export function busiestWindow(times, window) {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0; i < sorted.length; i++) {
    let n = 0;
    while (i + n < sorted.length && sorted[i + n] - sorted[i] < window) n++;
    best = Math.max(best, n);
  }
  return best;
}
