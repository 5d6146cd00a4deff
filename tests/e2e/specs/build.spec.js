// The release build as a static host receives it: every file has brotli and gzip copies that
// decompress to exactly that file (written after the CSP and shell-list edits, so they match).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { test, expect } from '@playwright/test';
import { DIST_DIR } from '../paths.js';

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
