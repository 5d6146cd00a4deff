// A copy of the launcher that comes pointed at a team's API base and organization, so a teammate
// only pastes a token (README: hosting it for a team). It writes the two values into
// dist/index.html's `tallyfy-launcher-api` and `tallyfy-launcher-org` meta tags, which the app
// reads for its defaults when this browser has no settings yet; a full https:// base is added to
// the page's connect-src if the policy does not allow it already. Anything that is not a plain
// base fails, so a typo cannot ship.
//
// In the build (post-build.mjs): from LAUNCHER_DEFAULT_API and LAUNCHER_DEFAULT_ORG.
// On a build already made:  node scripts/pre-point.mjs dist --api /tallyfy-api --org <org id>
//                           (rewrites dist/index.html and its .br/.gz copies).
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import zlib from 'node:zlib';

const OWN_PATH = /^\/[A-Za-z0-9._~!$&()*+,;=:@%-]+(\/[A-Za-z0-9._~!$&()*+,;=:@%-]+)*$/;
const FULL = /^(https:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?|http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?)(\/[A-Za-z0-9._~!$&()*+,;=:@%-]+)*$/;
const ORG = /^[A-Za-z0-9_-]{1,64}$/;

/** What is wrong with a pre-pointed API base or organization, or null. */
export function problem({ api = '', org = '' }) {
  const base = api.replace(/\/+$/, '');
  if (base && !(OWN_PATH.test(base) && !base.split('/').some((p) => p === '.' || p === '..')) && !FULL.test(base)) {
    return `the API base "${api}" is neither a path on the launcher's own site (like /tallyfy-api) nor https://host[:port][/path]`;
  }
  if (org && !ORG.test(org)) return `the organization "${org}" is not an organization id (letters, digits, - and _)`;
  return null;
}

/** index.html pointed at `api` and `org` (either may be empty: left as it is). */
export function prePoint(html, { api = '', org = '' }) {
  const why = problem({ api, org });
  if (why) throw new Error(why);
  const base = api.replace(/\/+$/, '');
  const set = (name, value) => {
    const tag = new RegExp(`<meta name="${name}" content="[^"]*" />`);
    if (!tag.test(html)) throw new Error(`index.html has no <meta name="${name}"> tag`);
    html = html.replace(tag, `<meta name="${name}" content="${value}" />`);
  };
  if (base) set('tallyfy-launcher-api', base);
  if (org) set('tallyfy-launcher-org', org);
  if (FULL.test(base)) {
    const origin = new URL(base).origin;
    html = html.replace(/connect-src ([^;"]*)/, (all, sources) => (
      sources.split(/\s+/).includes(origin) ? all : `connect-src ${sources.trim()} ${origin}`
    ));
  }
  return html;
}

/** Rewrites `dir`/index.html (and its precompressed copies when there are some). */
export function prePointDir(dir, values) {
  const file = path.join(dir, 'index.html');
  const html = prePoint(fs.readFileSync(file, 'utf8'), values);
  fs.writeFileSync(file, html);
  if (fs.existsSync(`${file}.br`)) fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(Buffer.from(html)));
  if (fs.existsSync(`${file}.gz`)) fs.writeFileSync(`${file}.gz`, zlib.gzipSync(Buffer.from(html), { level: 9 }));
}

const invoked = process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url);
if (invoked) {
  const [dir, ...rest] = process.argv.slice(2);
  const values = {};
  for (let i = 0; i < rest.length; i += 2) values[rest[i].replace(/^--/, '')] = rest[i + 1] ?? '';
  if (!dir || Object.keys(values).some((k) => k !== 'api' && k !== 'org')) {
    console.error('usage: node scripts/pre-point.mjs <dist folder> [--api /tallyfy-api] [--org <org id>]');
    process.exit(2);
  }
  try {
    prePointDir(dir, values);
    console.log(`pre-point: ${dir}/index.html points at ${values.api || '(its default API base)'}, organization ${values.org || '(none)'}`);
  } catch (e) {
    console.error(`pre-point: ${e.message}`);
    process.exit(1);
  }
}

/** The post-build step: from LAUNCHER_DEFAULT_API and LAUNCHER_DEFAULT_ORG, before the
 * precompressed copies are written. */
export function fromEnvironment() {
  const values = { api: process.env.LAUNCHER_DEFAULT_API || '', org: process.env.LAUNCHER_DEFAULT_ORG || '' };
  const dir = process.env.TRUNK_STAGING_DIR || 'dist';
  try {
    const file = path.join(dir, 'index.html');
    fs.writeFileSync(file, prePoint(fs.readFileSync(file, 'utf8'), values));
    console.log(`pre-point: API base ${values.api || '(Tallyfy)'}, organization ${values.org || '(none)'}`);
  } catch (e) {
    console.error(`pre-point: LAUNCHER_DEFAULT_API / LAUNCHER_DEFAULT_ORG: ${e.message}`);
    process.exit(1);
  }
}
