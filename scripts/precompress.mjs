// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) next to every built
// file, for static hosts that serve precompressed files; Node's own zlib, no tool to download.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR || 'dist';
let raw = 0;
let br = 0;
let gz = 0;
for (const name of fs.readdirSync(dir)) {
  const file = path.join(dir, name);
  if (/\.(br|gz)$/.test(name) || !fs.statSync(file).isFile()) continue;
  const bytes = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gzip = zlib.gzipSync(bytes, { level: 9 });
  fs.writeFileSync(`${file}.br`, brotli);
  fs.writeFileSync(`${file}.gz`, gzip);
  raw += bytes.length;
  br += brotli.length;
  gz += gzip.length;
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`precompress: ${kb(raw)} KB raw, ${kb(gz)} KB gzip, ${kb(br)} KB brotli`);
