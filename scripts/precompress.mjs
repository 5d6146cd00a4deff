// Writes `<file>.br` (brotli, quality 11, Node's zlib) and `<file>.gz` (zopfli, from .tools/,
// installed by scripts/setup.sh: a valid gzip file about 5% smaller than gzip -9 writes, so a host
// that serves precompressed files sends fewer bytes) next to every built file. Zopfli is slow
// (about 40 s for dist/ on one core), so the files are shared among one worker per core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

if (isMainThread) {
  const dir = process.env.TRUNK_STAGING_DIR || 'dist';
  const names = fs.readdirSync(dir).filter((name) => !/\.(br|gz)$/.test(name) && fs.statSync(path.join(dir, name)).isFile());
  // Largest first, dealt round-robin, so the workers finish together.
  names.sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size);
  const count = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4));
  const shares = Array.from({ length: count }, (_, i) => names.filter((_, j) => j % count === i));
  const totals = await Promise.all(shares.map((files) => new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { dir, files, root } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code === 0 || reject(new Error(`precompress: a worker stopped (${code})`)));
  })));
  const sum = (key) => totals.reduce((total, t) => total + t[key], 0);
  const kb = (n) => (n / 1024).toFixed(1);
  console.log(`precompress: ${kb(sum('raw'))} KB raw, ${kb(sum('gz'))} KB gzip (zopfli), ${kb(sum('br'))} KB brotli`);
} else {
  let zopfli;
  try {
    zopfli = createRequire(path.resolve(workerData.root, '.tools', 'package.json'))('@gfx/zopfli');
  } catch {
    console.error('precompress: zopfli is not installed in .tools/: run scripts/setup.sh');
    process.exit(1);
  }
  const totals = { raw: 0, gz: 0, br: 0 };
  for (const name of workerData.files) {
    const file = path.join(workerData.dir, name);
    const bytes = fs.readFileSync(file);
    const brotli = zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    const gzip = Buffer.from(await zopfli.gzipAsync(bytes, { numiterations: 15 }));
    fs.writeFileSync(`${file}.br`, brotli);
    fs.writeFileSync(`${file}.gz`, gzip);
    totals.raw += bytes.length;
    totals.br += brotli.length;
    totals.gz += gzip.length;
  }
  parentPort.postMessage(totals);
}
