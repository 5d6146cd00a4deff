// Trunk post-build step, after split-chunks.mjs (which rewrites the main script's imports and
// sets its integrity hash): the first screen's script, style sheet and inline script minified
// with esbuild (installed into .tools/ by scripts/setup.sh), the page's comments (which document
// the source, not the build) removed, and the integrity hashes in index.html updated to match.
// The files keep Trunk's names: those change whenever their source does.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || 'dist';
const root = process.env.TRUNK_SOURCE_DIR || '.';
const fail = (message) => {
  console.error(`minify: ${message}`);
  process.exit(1);
};

let esbuild;
try {
  esbuild = createRequire(path.resolve(root, '.tools', 'package.json'))('esbuild');
} catch {
  fail('esbuild is not installed in .tools/: run scripts/setup.sh');
}

const page = path.join(dir, 'index.html');
let html = fs.readFileSync(page, 'utf8');
let saved = 0;
for (const [pattern, options] of [
  [/^tallyfy-launcher-[0-9a-f]+\.js$/, { loader: 'js', format: 'esm' }],
  [/^main-[0-9a-f]+\.css$/, { loader: 'css' }],
]) {
  const name = fs.readdirSync(dir).find((n) => pattern.test(n));
  if (!name) fail(`no file like ${pattern} in ${dir}`);
  const file = path.join(dir, name);
  const source = fs.readFileSync(file, 'utf8');
  const { code } = esbuild.transformSync(source, { ...options, minify: true, legalComments: 'none' });
  fs.writeFileSync(file, code);
  saved += source.length - code.length;
  const hash = `sha384-${crypto.createHash('sha384').update(code).digest('base64')}`;
  const attribute = new RegExp(`(href="\\./${name.replace(/\./g, '\\.')}"[^>]*integrity=")[^"]+(")`);
  if (!attribute.test(html)) fail(`index.html has no integrity hash for ${name}`);
  html = html.replace(attribute, `$1${hash}$2`);
}
const before = html.length;
html = html.replace(/<!--[\s\S]*?-->\s*/g, '');
// The page's own classic inline scripts (the early template request; not Trunk's start-up
// module), minified in place: csp-hash.mjs allows them by hash afterwards.
html = html.replace(/<script(?![^>]*\b(?:src|type)=)([^>]*)>([\s\S]*?)<\/script>/g, (_, attributes, source) => {
  const { code } = esbuild.transformSync(source, { loader: 'js', minify: true, legalComments: 'none' });
  return `<script${attributes}>${code.trim()}</script>`;
});
fs.writeFileSync(page, html);
console.log(`minify: ${((saved + before - html.length) / 1024).toFixed(1)} KB raw saved`);
