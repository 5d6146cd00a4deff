// Trunk post-build hook: puts the SHA-256 of the inline module script Trunk writes (which starts
// the app, and whose text changes with every build) into the Content-Security-Policy, so the
// policy can forbid every other inline script.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const file = path.join(process.env.TRUNK_STAGING_DIR || 'dist', 'index.html');
const placeholder = "'sha256-TRUNK_INLINE_SCRIPT'";
let html = fs.readFileSync(file, 'utf8');
if (!html.includes(placeholder)) {
  console.error(`csp-hash: ${placeholder} not found in ${file}`);
  process.exit(1);
}
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length === 0) {
  console.error('csp-hash: no inline script found');
  process.exit(1);
}
const hashes = inline.map((text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`);
html = html.replace(placeholder, hashes.join(' '));
fs.writeFileSync(file, html);
console.log(`csp-hash: allowed ${hashes.length} inline script(s) by hash`);
