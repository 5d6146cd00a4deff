// The size ratchet (issue 28): what a first visit downloads before the Launch screen is usable,
// and before a linked template's first field is, may not grow past the figures committed in
// bench/budget.json (by more than 1 KB), and a cut must lower them (within 4 KB) so it stays cut.
// Sizes are the built files' gzip -9 sizes: exact, the same on every run.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, openTemplate } from '../helpers.js';
import { DIST_DIR, ROOT } from '../paths.js';
import { KB, distFile, fetchedUntil, gzipOf, markFormReady, markLaunchReady, splitPackFile } from '../measure.js';

const BUDGET_FILE = path.join(ROOT, 'bench/budget.json');
const OVER = 1024;
const STALE = 4 * 1024;

test.use({ serviceWorkers: 'block' });

/** The built files the page fetched (an empty cache, no service worker) until `mark`. */
async function filesUntil(page, url, mark) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const appUrl = new URL('./', page.url()).href;
  const { fetched } = await fetchedUntil(page, cdp, url, mark);
  return new Set(fetched.map(({ url: u }) => distFile(DIST_DIR, appUrl, u)).filter(Boolean));
}

/** Fails with what to do when `measured` is over the budget, or the budget is stale. */
function holds(what, measured, budget, each) {
  const list = each.map((f) => `  ${f.name}: ${KB(f.gzip)} KB`).join('\n');
  expect(measured, `${what}: ${measured} B gzip is over the budget of ${budget} B by more than 1 KB. Cut it, or raise the budget in bench/budget.json with a "changes" entry saying why.\n${list}`).toBeLessThanOrEqual(budget + OVER);
  expect(measured, `${what}: ${measured} B gzip is ${budget - measured} B under the budget of ${budget} B: lower the budget in bench/budget.json to ${measured} (with a "changes" entry) so the cut stays cut.\n${list}`).toBeGreaterThanOrEqual(budget - STALE);
}

test('the first screen and a linked form stay within the committed size budget', async ({ page, sandbox, seed }) => {
  const budget = JSON.parse(fs.readFileSync(BUDGET_FILE, 'utf8'));
  // Every budget is explained: the last change recorded is the budget in force.
  const last = budget.changes.at(-1);
  expect(last.why.trim().length, 'the last change says why').toBeGreaterThan(10);
  expect([last.first_screen_gzip_bytes, last.linked_form_gzip_bytes]).toEqual([budget.first_screen_gzip_bytes, budget.linked_form_gzip_bytes]);

  await connect(page, sandbox, seed);
  await page.context().addInitScript(markLaunchReady);
  await page.context().addInitScript(markFormReady);

  const first = await filesUntil(page, './#/launch', '__launchReady');
  expect(first.has('index.html')).toBeTruthy();
  expect([...first].some((n) => n.endsWith('.wasm')), 'the main module').toBeTruthy();
  const firstSizes = gzipOf(DIST_DIR, first);
  console.log(`first screen: ${first.size} files, ${firstSizes.total} B gzip (${KB(firstSizes.total)} KB)`);
  holds('The first screen', firstSizes.total, budget.first_screen_gzip_bytes, firstSizes.each);

  // A linked form: the first screen and the form's chunk with what it shares (as one pack, no
  // service worker serving the page), all of which the browser fetched before the first field
  // showed, and nothing else (checked below).
  // From a tab with a form saved before (as a returning user's may have): the link wins over it,
  // and the saved form's code is not fetched.
  await openTemplate(page, 'Employee onboarding', 'Employee onboarding');
  await page.getByLabel('Employee name').fill('Saved Sam');
  await expect.poll(() => page.evaluate(() => sessionStorage.getItem('tallyfy-launcher/launch/draft') || '')).toContain('Saved Sam');
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  const linked = await filesUntil(page, `./#/launch?template=${template.id}`, '__formReady');
  const form = [splitPackFile(DIST_DIR, 'launch_form_chunk')];
  expect(form[0], 'the form chunk and what it shares, as one pack').toBeTruthy();
  for (const name of [...first, ...form]) expect(linked.has(name), `${name} was fetched before the first field`).toBeTruthy();
  // Nothing else is asked for before the first field is there (what follows the fields, the
  // tools, idle-time prefetch): no download competes with it, and starting none costs it time.
  // (The browser fetches the icon on its own.)
  const others = [...linked].filter((name) => !first.has(name) && !form.includes(name) && !name.startsWith('favicon-'));
  expect(others, 'files fetched before the first field beyond the first screen and the form\'s pack').toEqual([]);
  const linkedSizes = gzipOf(DIST_DIR, new Set([...first, ...form]));
  console.log(`linked form: ${linkedSizes.each.length} files, ${linkedSizes.total} B gzip (${KB(linkedSizes.total)} KB)`);
  holds('A linked form', linkedSizes.total, budget.linked_form_gzip_bytes, linkedSizes.each);
});
