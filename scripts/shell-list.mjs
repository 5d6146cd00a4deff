// Trunk post-build hook: writes into dist/sw.js the exact list of files that make up the app
// shell (every file of this build but the worker itself and the packs, which hold files the
// shell has: the worker answers them from those, see scripts/split-chunks.mjs), and a build id
// made from their names, so the worker caches only these files and a new build installs a new
// shell.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || 'dist';
const worker = path.join(dir, 'sw.js');
const files = fs.readdirSync(dir)
  .filter((name) => name !== 'sw.js' && !/\.(br|gz|pack)$/.test(name) && fs.statSync(path.join(dir, name)).isFile())
  .sort();
const hash = crypto.createHash('sha256');
// Names only: the assets' names carry their content hashes.
for (const name of files) hash.update(name);
const build = hash.digest('hex').slice(0, 16);

let text = fs.readFileSync(worker, 'utf8');
const listMarker = 'const SHELL_FILES = []; /* SHELL_FILES: replaced at build time */';
const buildMarker = "const BUILD = 'dev'; /* BUILD: replaced at build time */";
if (!text.includes(listMarker) || !text.includes(buildMarker)) {
  console.error('shell-list: the markers are missing from sw.js');
  process.exit(1);
}
text = text
  .replace(listMarker, `const SHELL_FILES = ${JSON.stringify(files.map((f) => `./${f}`))};`)
  .replace(buildMarker, `const BUILD = '${build}';`);
fs.writeFileSync(worker, text);
console.log(`shell-list: ${files.length} shell files, build ${build}`);
