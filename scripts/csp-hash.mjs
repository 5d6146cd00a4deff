// Trunk post-build hook, two edits to the Content-Security-Policy of dist/index.html:
// 1. the SHA-256 of the inline module script Trunk writes (it starts the app, and its text
//    changes with every build), so the policy can forbid every other inline script;
// 2. the API origins this build may call besides Tallyfy's and loopback: LAUNCHER_API_ORIGINS,
//    space-separated, e.g. LAUNCHER_API_ORIGINS="https://tools.example.com" for a team proxy.
//    Each must be https://host[:port] (http only for 127.0.0.1 or localhost); anything else
//    fails the build, so a typo cannot open the policy.
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

// The placeholder inside the policy (the comment above the meta tag names it too).
const originsPlaceholder = ' LAUNCHER_API_ORIGINS;';
if (!html.includes(originsPlaceholder)) {
  console.error(`csp-hash: ${originsPlaceholder} not found in ${file}`);
  process.exit(1);
}
const origins = (process.env.LAUNCHER_API_ORIGINS || '').split(/\s+/).filter(Boolean);
const originPattern = /^(https:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?|http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5}|:\*)?)$/;
for (const origin of origins) {
  if (!originPattern.test(origin)) {
    console.error(`csp-hash: LAUNCHER_API_ORIGINS has "${origin}", which is not https://host[:port] (or http://127.0.0.1 / http://localhost)`);
    process.exit(1);
  }
}
html = html.replace(originsPlaceholder, `${origins.map((o) => ' ' + o).join('')};`);
fs.writeFileSync(file, html);
console.log(`csp-hash: allowed ${hashes.length} inline script(s) by hash; extra API origins: ${origins.join(' ') || 'none'}`);
