// Benchmarks in headless Chromium against the release build and a local sandbox. Prints a table
// of figures beside their budgets; `scripts/bench.sh` builds and serves first. Timings are taken
// in the page (performance.now), each the median of several runs, on loopback.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { KB, brotliSize, busiestWindow, distFile, fetchedUntil, shippedGzipSize, markFormReady, markLaunchReady, recordLongTasks, splitChunkFiles, splitPackFile, splitPacks } from '../tests/e2e/measure.js';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
const DIST = path.join(ROOT, 'dist');
const SANDBOX = process.env.SANDBOX_BIN || path.join(ROOT, 'target/debug/tallyfy-sandbox');
const RUNS = Number(process.env.BENCH_RUNS || 7);
const only = process.argv.slice(2);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };

function start(args, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(SANDBOX, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
  });
}

const rows = [];
function row(figure, value, unit, budget, ok) {
  rows.push({ figure, value: `${value} ${unit}`.trim(), budget, verdict: ok === undefined ? '' : ok ? 'within' : 'OVER' });
}


async function connected(browser, appUrl, api, seed, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const params = new URLSearchParams({ api, org: seed.org_id });
  await page.goto(`${appUrl}#/settings?${params}`);
  await page.getByRole('alertdialog', { name: /^Switch/ }).getByRole('button', { name: /^Switch/ }).click();
  const remembered = page.getByLabel('Remember token on this device');
  if (!(await remembered.isChecked())) await remembered.setChecked(true);
  await page.getByLabel('API token', { exact: true }).fill(seed.token);
  return { context, page };
}

/** Init script: on a page opened at `hash`, sets `window.__shownAt` to the moment the element
 * `selector` first holds `text` and the task that rendered it has finished (input can be handled). */
const markWhenShown = ({ hash, selector, text }) => {
  if (!location.hash.startsWith(hash)) return;
  const check = () => {
    const element = document.querySelector(selector);
    if (window.__shownAt === undefined && element && element.textContent.includes(text)) {
      window.__shownAt = 'pending';
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__shownAt = performance.now(); };
      channel.port2.postMessage(0);
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
};

/** Types each of `words` into the input `id` (an input event each) and times it until the task
 * that applied it has finished (Leptos applies updates in microtasks). */
function keystrokeTimes(page, id, words) {
  return page.evaluate(async ({ id, words }) => {
    const nextTask = () => new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(0);
    });
    const input = document.getElementById(id);
    const times = [];
    for (const word of words) {
      const t0 = performance.now();
      input.value = word;
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await nextTask();
      times.push(performance.now() - t0);
    }
    return times;
  }, { id, words });
}

async function firstScreen(browser, appUrl, api, seed) {
  const { context, page } = await connected(browser, appUrl, api, seed, { serviceWorkers: 'block' });
  await context.addInitScript(markLaunchReady);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const { fetched } = await fetchedUntil(page, cdp, `${appUrl}#/launch`, '__launchReady');
  let raw = 0; let gz = 0; let br = 0; let wire = 0; let apiRequests = 0;
  const seen = new Set();
  for (const { url, sent } of fetched) {
    const name = distFile(DIST, appUrl, url);
    if (!name) {
      apiRequests += 1;
      continue;
    }
    seen.add(name);
    const bytes = fs.readFileSync(path.join(DIST, name));
    const [g, b] = [shippedGzipSize(DIST, name), brotliSize(bytes)];
    raw += bytes.length; gz += g; br += b; wire += sent;
    row(`  ${name}`, `${KB(bytes.length)} raw, ${KB(g)} gzip, ${KB(b)} br (${KB(sent)} KB sent)`, '');
  }
  row('First screen: app files fetched until Launch is interactive, gzip', KB(gz), 'KB', '≤ 200 KB', gz <= 200 * 1024);
  row('  the same, brotli', KB(br), 'KB');
  row('  the same, raw', KB(raw), 'KB');
  row('  bytes the static host actually sent (it serves the .br copies)', KB(wire), 'KB');
  row('  API requests started meanwhile (not counted)', String(apiRequests), '');
  const later = fs.readdirSync(DIST).filter((f) => /\.(js|wasm|css)$/.test(f) && !seen.has(f));
  let laterGz = 0;
  for (const f of later) laterGz += shippedGzipSize(DIST, f);
  row(`  files fetched later (other screens, the form, the tools, sw.js): ${later.length}`, KB(laterGz), 'KB gzip');
  await linkedForm(context, page, cdp, appUrl, seed, seen);
  await context.close();
}

/** A template opened from a link on a first visit: what was fetched until its first field showed,
 * and the ratchet's figure (the first screen and the form chunk with what it shares). */
async function linkedForm(context, page, cdp, appUrl, seed, firstScreenFiles) {
  await context.addInitScript(markFormReady);
  const template = seed.templates.find((t) => t.title === 'Customer onboarding (all field types)');
  const { ms, fetched } = await fetchedUntil(page, cdp, `${appUrl}#/launch?template=${template.id}`, '__formReady');
  const names = new Set(fetched.map(({ url }) => distFile(DIST, appUrl, url)).filter(Boolean));
  const gz = [...names].reduce((sum, n) => sum + shippedGzipSize(DIST, n), 0);
  row(`Linked form: app files fetched until its first field showed (${names.size} files, ${ms.toFixed(0)} ms on loopback), gzip`, KB(gz), 'KB', '≤ 280 KB', gz <= 280 * 1024);
  const needed = new Set([...firstScreenFiles, splitPackFile(DIST, 'launch_form_chunk') ?? splitChunkFiles(DIST, 'launch_form_chunk')].flat());
  const neededGz = [...needed].reduce((sum, n) => sum + shippedGzipSize(DIST, n), 0);
  row('  of which the first screen and the form chunk (the size ratchet\'s figure)', KB(neededGz), 'KB');
  const extra = [...names].filter((n) => !needed.has(n));
  row(`  fetched meanwhile besides (idle-time prefetch): ${extra.length} files`, KB(gz - neededGz), 'KB gzip');
  if (process.env.BENCH_LIST) console.log(extra.join("\n"));
}

async function phone(browser, _appUrl, api, seed) {
  const appUrl = gzipApp.url;
  const { context, page } = await connected(browser, appUrl, api, seed, { serviceWorkers: 'block' });
  await context.addInitScript(markLaunchReady);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // DevTools' "Slow 4G" as the issue defines it: 1.6 Mbit/s down, 150 ms latency, CPU 4× slower.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const firstPaint = () => page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  const times = [];
  const paints = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    times.push((await fetchedUntil(page, cdp, `${appUrl}#/launch`, '__launchReady')).ms);
    paints.push(await firstPaint());
  }
  row('Phone (slow 4G 1.6 Mbit/s + 150 ms, CPU 4×, gzip): navigation → Launch usable', median(times).toFixed(0), 'ms', '≤ 1500 ms', median(times) <= 1500);
  row('  the same: navigation → first paint (the frame and "Loading the launcher…")', median(paints).toFixed(0), 'ms');
  // A returning user (token kept) opening a link to a template, with a cold cache.
  await context.addInitScript(markFormReady);
  const template = seed.templates.find((t) => t.title === 'Customer onboarding (all field types)');
  const linked = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    linked.push((await fetchedUntil(page, cdp, `${appUrl}#/launch?template=${template.id}`, '__formReady')).ms);
  }
  row('  the same: navigation → a linked template\'s first field (returning user, cold cache)', median(linked).toFixed(0), 'ms', '≤ 2000 ms', median(linked) <= 2000);
  // Once the Launch screen is usable, the other screens' code downloads in idle time: the
  // longest task from then until the page has fetched nothing for 2 s, over three visits.
  await context.addInitScript(recordLongTasks);
  const idle = [];
  for (let i = 0; i < 3; i++) {
    await fetchedUntil(page, cdp, `${appUrl}#/launch`, '__launchReady');
    let count = -1;
    for (let waited = 0; waited < 30_000; waited += 2000) {
      const now = await page.evaluate(() => performance.getEntriesByType('resource').length);
      if (now === count) break;
      count = now;
      await page.waitForTimeout(2000);
    }
    idle.push(await page.evaluate(() => Math.max(0, ...window.__longTasks.filter(([start]) => start >= window.__launchReady).map(([, ms]) => ms))));
  }
  row('  the same: longest task once Launch is usable, while the other screens\' code downloads (0: none over 50 ms)', Math.max(...idle).toFixed(0), 'ms', '≤ 50 ms', Math.max(...idle) <= 50);
  await context.close();
  await firstVisitTotal(browser, appUrl, api, seed);
}

/** Everything a first visit downloads, the service worker's precache included: the page's files
 * and what the worker cached, by their gzip sizes (the worker caches once the asked screen is
 * ready and the browser idle, so this waits until its cache stops growing). */
async function firstVisitTotal(browser, appUrl, api, seed) {
  const { context, page } = await connected(browser, appUrl, api, seed);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await page.getByLabel('Search templates').waitFor();
  const cached = () => page.evaluate(async () => {
    const urls = [];
    for (const key of await caches.keys()) {
      for (const request of await (await caches.open(key)).keys()) urls.push(request.url);
    }
    return urls;
  });
  let last = -1;
  let urls = [];
  for (let waited = 0; waited < 30_000; waited += 1000) {
    await page.waitForTimeout(1000);
    urls = await cached();
    if (urls.length && urls.length === last) break;
    last = urls.length;
  }
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  // The worker takes the files of a pack the page fetched from that download (sw.js): not sent twice.
  const fetchedNames = new Set(fetched.map((u) => distFile(DIST, appUrl, u)).filter(Boolean));
  const fromPacks = new Set(splitPacks(DIST).filter((p) => fetchedNames.has(p.file)).flatMap((p) => p.files));
  const names = new Set([...urls, ...fetched, page.url()].map((u) => distFile(DIST, appUrl, u)).filter((n) => n && (fetchedNames.has(n) || !fromPacks.has(n))));
  const gz = [...names].reduce((sum, n) => sum + shippedGzipSize(DIST, n), 0);
  row(`First visit in total, page and service worker (${names.size} files, ${urls.length} cached by the worker, ${fromPacks.size} of them from packs the page fetched), gzip`, KB(gz), 'KB');
  await context.close();
}

async function interactive(browser, appUrl, api, seed) {
  const { context, page } = await connected(browser, appUrl, api, seed);
  // Interactive: the Launch screen's search box is in the page and the task that built it has
  // finished (input can be handled), timed in the page. Asked from here after Playwright's wait
  // for the box, the same moment reads 50-100 ms later: the wait polls, and each question is a
  // round trip to the browser.
  await context.addInitScript(markWhenShown, { hash: '#/launch', selector: 'label[for="template-search"]', text: 'Search templates' });
  const times = [];
  const harness = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${appUrl}#/launch`, { waitUntil: 'commit' });
    await page.reload({ waitUntil: 'commit' });
    await page.getByLabel('Search templates').waitFor();
    harness.push(await page.evaluate(() => performance.now()));
    await page.waitForFunction(() => typeof window.__shownAt === 'number');
    times.push(await page.evaluate(() => window.__shownAt));
  }
  row('Launch screen interactive (navigation start → search box in the page, its task finished)', median(times).toFixed(0), 'ms', '≤ 200 ms', median(times) <= 200);
  row('  the same, as the harness sees it (Playwright\'s wait for the box, then a round trip)', median(harness).toFixed(0), 'ms');
  // Switching screens a second after start: click → the screen's heading is in the DOM and the
  // task that built it has finished (the next task runs).
  const switches = {};
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${appUrl}#/launch`, { waitUntil: 'commit' });
    await page.reload({ waitUntil: 'commit' });
    await page.getByLabel('Search templates').waitFor();
    await page.waitForTimeout(1000);
    for (const [link, heading] of [['Bulk', 'bulk-title'], ['History', 'history-title'], ['Settings', 'settings-title'], ['Launch', 'launch-title']]) {
      const ms = await page.evaluate(({ link, heading }) => new Promise((resolve) => {
        const t0 = performance.now();
        const done = () => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now() - t0);
          channel.port2.postMessage(0);
        };
        const observer = new MutationObserver(() => {
          if (document.getElementById(heading)) { observer.disconnect(); done(); }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        [...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === link).click();
      }), { link, heading });
      (switches[link] ||= []).push(ms);
    }
  }
  for (const [link, times] of Object.entries(switches)) {
    row(`  switch to ${link} 1 s after start: click → interactive`, median(times).toFixed(1), 'ms', '≤ 100 ms', median(times) <= 100);
  }
  await context.close();
}

/** Types `search` into the template picker and waits for its results, with `title`'s button. */
async function searchPicker(page, search, title) {
  await page.getByLabel('Search templates').fill(search);
  await page.locator('[aria-label="Matching templates"][aria-busy="false"]').waitFor();
  await page.getByRole('button', { name: new RegExp(`^${title.replace(/[()]/g, '\\$&')}`) }).waitFor();
}

/** Clicks the 200-field template in the picker and times, from its response, the painted frames
 * holding the first screen of its fields and all 200, and the longest task meanwhile. `again`:
 * another template's form is on the page until this one replaces it. */
function openBigForm(page, id, again = false) {
  // From the template's response to the painted frame holding the first screen of fields
  // (the form renders a screenful at once, then the rest in chunks sized to a time budget),
  // and to the painted frame holding all 200.
  return page.evaluate(({ id, again }) => new Promise((resolve) => {
    // Tasks over 50 ms (the browser reports no shorter ones) while the form renders.
    let longest = 0;
    const tasks = new PerformanceObserver((list) => {
      for (const t of list.getEntries()) longest = Math.max(longest, t.duration);
    });
    tasks.observe({ type: 'longtask' });
    const clicked = performance.now();
    // The template's own response: the first request for it after the click.
    const since = () => {
      const entry = performance.getEntriesByType('resource').find((e) => e.name.includes(id) && e.startTime >= clicked);
      return performance.now() - entry.responseEnd;
    };
    const painted = (then) => requestAnimationFrame(() => setTimeout(then, 0));
    let first = null;
    const observer = new MutationObserver(() => {
      // Opened again: the other template's fields are on the page until the big form replaces them.
      if (again && ![...document.querySelectorAll('.launch-form h2')].some((h) => h.textContent.startsWith('Big form'))) return;
      const fields = document.querySelectorAll('.launch-form .kickoff');
      const count = fields.length;
      // The first screen: fields down to the bottom of the window. Asked only until it is
      // found: each question forces a layout, which would add to what is measured.
      const screenful = first === null && count > 0 && fields[count - 1].getBoundingClientRect().top >= innerHeight;
      if (first === null && (screenful || count >= 200)) {
        first = 'pending';
        painted(() => { first = since(); });
      }
      if (count >= 200) {
        observer.disconnect();
        painted(() => {
          tasks.disconnect();
          resolve({ first, all: since(), longest });
        });
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    [...document.querySelectorAll('.template-choice')].find((b) => b.textContent.startsWith('Big form')).click();
  }), { id, again });
}

async function bigForm(browser, appUrl, api, seed) {
  const big = seed.templates.find((t) => t.title === 'Big form (200 fields)');
  const { context, page: setup } = await connected(browser, appUrl, api, seed);
  await setup.close();
  const firsts = [];
  const renders = [];
  const longests = [];
  let page;
  for (let i = 0; i < RUNS; i++) {
    // A new tab each run: no form saved in the tab's session, so the template opens on an
    // empty Launch screen as it does for a user.
    if (page) await page.close();
    page = await context.newPage();
    await page.goto(`${appUrl}#/launch`);
    await searchPicker(page, 'Big form', big.title);
    const { first, all, longest } = await openBigForm(page, big.id);
    firsts.push(first);
    renders.push(all);
    longests.push(longest);
  }
  row('200-field template: first screen of fields (to the window\'s bottom) painted, from the response', median(firsts).toFixed(1), 'ms', '≤ 50 ms', median(firsts) <= 50);
  // The browser's own floor for the same DOM: the rendered form re-inserted as one HTML string.
  const floor = await page.evaluate(async () => {
    const html = document.querySelector('main').innerHTML;
    const times = [];
    for (let i = 0; i < 5; i++) {
      const host = document.createElement('div');
      const t0 = performance.now();
      host.innerHTML = html;
      document.body.appendChild(host);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      times.push(performance.now() - t0);
      host.remove();
      await new Promise((r) => setTimeout(r, 30));
    }
    return { times, nodes: document.querySelectorAll('main *').length };
  });
  row(`  the browser's floor: the same DOM as one HTML string (${floor.nodes} nodes, no framework)`, median(floor.times).toFixed(1), 'ms');
  const limit = 1.5 * median(floor.times);
  row('200-field template: all 200 fields painted, from the response', median(renders).toFixed(1), 'ms', `≤ ${limit.toFixed(0)} ms (1.5× floor)`, median(renders) <= limit);
  row('  longest main-thread task meanwhile (0: none over 50 ms)', Math.max(...longests).toFixed(1), 'ms', '≤ 50 ms', Math.max(...longests) <= 50);
  // Opened again in the same tab, after another template: the browser compiles each wasm
  // function when it first runs, so the runs above pay for compiling the form's code and these
  // do not. The difference is what a first form in a tab costs beyond its own work.
  const again = { firsts: [], alls: [] };
  const choose = async (search, title) => {
    await page.getByRole('button', { name: 'Change template' }).click();
    await searchPicker(page, search, title);
  };
  for (let i = 0; i < RUNS; i++) {
    const other = 'Customer onboarding (all field types)';
    await choose('Customer onboarding', other);
    await page.locator('.template-choice', { hasText: other }).click();
    await page.getByRole('heading', { name: other, level: 2 }).waitFor();
    await choose('Big form', big.title);
    const { first, all } = await openBigForm(page, big.id, true);
    again.firsts.push(first);
    again.alls.push(all);
  }
  row('  opened again in the tab (its code already compiled): first screen / all painted', `${median(again.firsts).toFixed(1)} / ${median(again.alls).toFixed(1)}`, 'ms');

  // Keystroke in a field the process name uses → preview and request body updated and painted.
  // Typed inside the page (the input event a keystroke fires), timed to the next painted frame.
  await page.getByLabel('Process name').fill('{{Field 001}} – {{today}}');
  await page.getByLabel('Field 001', { exact: true }).click();
  const keystrokes = await page.evaluate(async () => {
    const field = document.activeElement;
    const preview = document.getElementById('process-name-preview');
    const body = document.querySelector('[data-testid="request-body"]');
    const times = [];
    const updates = [];
    for (let i = 0; i < 30; i++) {
      let t0 = 0;
      const done = new Promise((resolve) => {
        const seen = new Set();
        const observer = new MutationObserver((records) => {
          for (const r of records) seen.add(preview.contains(r.target) ? 'preview' : 'body');
          if (seen.size === 2) {
            observer.disconnect();
            updates.push(performance.now() - t0);
            requestAnimationFrame(() => setTimeout(resolve, 0));
          }
        });
        observer.observe(preview, { childList: true, subtree: true, characterData: true });
        observer.observe(body, { childList: true, subtree: true, characterData: true });
      });
      t0 = performance.now();
      field.value += String.fromCharCode(97 + (i % 26));
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      await done;
      times.push(performance.now() - t0);
    }
    return { times, updates };
  });
  row('Keystroke → preview and request body updated in the DOM (median)', median(keystrokes.updates).toFixed(1), 'ms', '≤ 16 ms', median(keystrokes.updates) <= 16);
  row('  the same, until the next frame is painted (60 Hz frames: up to 16.7 ms of waiting)', median(keystrokes.times).toFixed(1), 'ms');
  row('Keystroke → painted (95th percentile)', p95(keystrokes.times).toFixed(1), 'ms');
  await context.close();
}

async function history(browser, appUrl, api, seed) {
  const { context, page } = await connected(browser, appUrl, api, seed);
  const stored = await page.evaluate(({ org, api }) => {
    const records = [];
    for (let i = 0; i < 10_000; i++) {
      const id = i.toString(16).padStart(8, '0');
      const failed = i % 10 === 7;
      records.push({
        id: `19ab${id}-${id}`, at_ms: 1_760_000_000_000 + i * 60_000, template_title: `Site audit ${i % 24}`,
        request: { checklist_id: `t${(i % 24).toString().padStart(31, '0')}`, name: `Audit ${i} – 2026-11-${(i % 28) + 1}`, prerun: { f1: `Site ${i}` } },
        outcome: failed
          ? { failed: { error: { server: { status: 500, message: 'Server Error', request_id: `sbx-${i}` } } } }
          : { launched: { run: { id: `r${id}`, status: 'active', created_at: '2026-11-26T10:00:00.000Z' } } },
        duration_ms: 120, retries: 0, source: 'single',
      });
    }
    // The form the app stores: the usual API base and organization once, usual links derived,
    // records newest first (and said to be, so History opened first reads only the newest).
    records.reverse();
    const text = JSON.stringify({ schema: 2, api_base: api, org_id: org, newest_first: true, records, deleted: [], cleared_before_ms: null });
    localStorage.setItem('tallyfy-launcher/history', text);
    return text.length;
  }, { org: seed.org_id, api });
  const open = async (settle) => {
    await page.goto(`${appUrl}#/launch`);
    await page.reload();
    await page.getByLabel('Search templates').waitFor();
    if (settle) await page.waitForTimeout(1000);
    return page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      const check = () => {
        const count = document.querySelector('[data-testid="history-count"]');
        if (count && count.textContent.includes('of 10000 matching')) {
          // Interactive: the task that rendered the list has finished, input can be handled.
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now() - t0);
          channel.port2.postMessage(0);
          return true;
        }
        return false;
      };
      const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      document.querySelector('a[href="#/history"]').click();
    }));
  };
  // Opened first: a bookmark to #/history on a fresh load. Timed from the moment the wasm starts
  // (the app's "app-start" mark) to the list being interactive, and from navigation start.
  await context.addInitScript(markWhenShown, { hash: '#/history', selector: '[data-testid="history-count"]', text: 'of 10000 matching' });
  const firstFromStart = [];
  const firstFromNavigation = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${appUrl}#/history`, { waitUntil: 'commit' });
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => typeof window.__shownAt === 'number');
    const { list, start } = await page.evaluate(() => ({
      list: window.__shownAt,
      start: performance.getEntriesByName('app-start')[0].startTime,
    }));
    firstFromStart.push(list - start);
    firstFromNavigation.push(list);
  }
  row('History, 10,000 records, opened first (#/history): app start → list interactive', median(firstFromStart).toFixed(1), 'ms', '≤ 100 ms', median(firstFromStart) <= 100);
  row('  the same, from navigation start', median(firstFromNavigation).toFixed(1), 'ms');
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    cold.push(await open(false));
    warm.push(await open(true));
  }
  row(`History, 10,000 records (${(stored / 1e6).toFixed(1)} MB): click → list interactive, 1 s after start`, median(warm).toFixed(1), 'ms', '≤ 100 ms', median(warm) <= 100);
  row('  the same, clicked as soon as the app is ready (the newest records read on the click)', median(cold).toFixed(1), 'ms');
  const searches = await keystrokeTimes(page, 'history-search', ['a', 'au', 'aud', 'audi', 'audit', 'audit 1', 'audit 12', 'audit 123', 'audit 12', 'audit 1', 'audit', 'server', 'serv', 's', '', 'site audit 7']);
  row('History search keystroke → list updated, task finished (median)', median(searches).toFixed(1), 'ms');
  row('History search keystroke (95th percentile)', p95(searches).toFixed(1), 'ms', '≤ 16 ms', p95(searches) <= 16);
  await context.close();
}

async function bulk(browser, appUrl, api, seed) {
  const { context, page } = await connected(browser, appUrl, api, seed);
  const offices = ['London', 'New York', 'Remote'];
  const csvRows = (n) => ['Process name,Employee name,Work email,Start date,Office',
    ...Array.from({ length: n }, (_, i) => `Hire ${i + 1},Person ${i + 1},p${i + 1}@example.com,${String((i % 27) + 1).padStart(2, '0')}/04/2026,${offices[i % 3]}`)].join('\n');
  await page.getByRole('link', { name: 'Bulk', exact: true }).click();
  await page.getByLabel('Search templates').fill('Employee onboarding');
  await page.locator('[aria-label="Matching templates"][aria-busy="false"]').waitFor();
  await page.getByRole('button', { name: /^Employee onboarding \d/ }).click();
  await page.getByText('Launching "Employee onboarding"').waitFor();
  const checks = [];
  for (let i = 0; i < RUNS; i++) {
    checks.push(await page.evaluate((text) => new Promise((resolve) => {
      const area = document.getElementById('bulk-rows');
      const t0 = performance.now();
      area.value = text + `\nExtra ${performance.now()},x,x@example.com,01/04/2026,London`;
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Check rows');
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        button.click();
        const done = new MessageChannel();
        done.port1.onmessage = () => {
          const summary = document.querySelector('[data-testid="bulk-check-summary"]');
          resolve({ ms: performance.now() - t0, text: summary ? summary.textContent : '' });
        };
        done.port2.postMessage(0);
      };
      channel.port2.postMessage(0);
    }), csvRows(1000)));
  }
  const times = checks.map((c) => c.ms);
  if (!checks[0].text.startsWith('1001 rows checked')) throw new Error(`check did not run: ${checks[0].text}`);
  row('Bulk: 1,000 rows parsed and checked (text in → check table shown)', median(times).toFixed(1), 'ms', '≤ 100 ms', median(times) <= 100);

  // Sustained rate against a sandbox enforcing R per window, with the rate setting at R.
  const R = 20; const WINDOW = 4000; const N = 61;
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Requests', { exact: true }).fill(String(R));
  await page.getByLabel('per seconds', { exact: true }).fill(String(WINDOW / 1000));
  await page.getByLabel('per seconds', { exact: true }).blur();
  await page.getByRole('link', { name: 'Bulk', exact: true }).click();
  await page.getByLabel('Rows (CSV, first row is the header)').fill(csvRows(N));
  await page.getByRole('button', { name: 'Check rows' }).click();
  const control = api.replace(/\/api$/, '/__sandbox');
  await fetch(`${control}/config`, { method: 'POST', body: JSON.stringify({ rate_limit: { max: R, window_ms: WINDOW } }) });
  const before = (await (await fetch(`${control}/requests`)).json()).length;
  await page.getByRole('button', { name: `Launch ${N} rows` }).click();
  await page.getByTestId('bulk-counts').filter({ hasText: `Launched ${N} ` }).waitFor({ timeout: 120_000 });
  const log = (await (await fetch(`${control}/requests`)).json()).slice(before).filter((r) => r.method !== 'OPTIONS');
  const posts = log.filter((r) => r.method === 'POST').map((r) => r.at_ms);
  const rejected = log.filter((r) => r.status === 429).length;
  const sustained = ((posts.length - 1) / (posts[posts.length - 1] - posts[0])) * WINDOW;
  row(`Bulk: ${N} launches vs a sandbox limit of ${R} per ${WINDOW / 1000} s: sustained rate`, `${sustained.toFixed(2)} per window (${((100 * sustained) / R).toFixed(1)} %)`, '', '≥ 98 %', sustained >= 0.98 * R);
  row('Bulk: 429s answered by the sandbox during the job', String(rejected), '', '0', rejected === 0);
  await fetch(`${control}/config`, { method: 'POST', body: JSON.stringify({ rate_limit: null }) });
  await context.close();
}


/** The Track board with 1,000 processes of one template (made on the sandbox) plus one this
 * browser launched: render after the last page is in, filter keystrokes, and a refresh
 * against the sandbox's limiter with the board's share at half the limit. */
async function track(browser, appUrl, api, seed) {
  const control = api.replace(/\/api$/, '/__sandbox');
  await fetch(`${control}/reset`, { method: 'POST' });
  const template = seed.templates.find((t) => t.title === 'Employee onboarding');
  await fetch(`${control}/runs`, { method: 'POST', body: JSON.stringify({ checklist_id: template.id, count: 1000, days: 20, name: 'Onboarding' }) });
  const { context, page } = await connected(browser, appUrl, api, seed);
  const setLimit = async (requests, seconds, share) => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Requests', { exact: true }).fill(String(requests));
    await page.getByLabel('per seconds', { exact: true }).fill(String(seconds));
    await page.getByLabel('Track refresh: share of the rate limit (%)').fill(String(share));
    await page.getByLabel('Track refresh: share of the rate limit (%)').blur();
  };
  await setLimit(1000, 10, 100);
  // One launch in this browser's history makes the template tracked.
  await page.evaluate(({ org, api, template }) => {
    const record = {
      id: '19ab00000000-0', at_ms: Date.now(), template_title: template.title,
      request: { checklist_id: template.id, name: 'Hire 1', prerun: {} },
      outcome: { launched: { run: { id: 'r-local', status: 'active', created_at: new Date().toISOString() } } },
      duration_ms: 100, retries: 0, source: 'single',
    };
    localStorage.setItem('tallyfy-launcher/history', JSON.stringify({ schema: 2, api_base: api, org_id: org, records: [record], deleted: [], cleared_before_ms: null }));
  }, { org: seed.org_id, api, template: { id: template.id, title: template.title } });
  await context.addInitScript(markWhenShown, { hash: '#/track', selector: '[data-testid="track-count"]', text: '(1001 on the board)' });
  const renders = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${appUrl}#/track`, { waitUntil: 'commit' });
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => typeof window.__shownAt === 'number', null, { timeout: 60_000 });
    renders.push(await page.evaluate(() => {
      const reads = performance.getEntriesByType('resource').filter((e) => e.name.includes('/runs?'));
      return window.__shownAt - Math.max(...reads.map((e) => e.responseEnd));
    }));
  }
  row('Track, 1,001 processes: last page in → board rendered and interactive', median(renders).toFixed(1), 'ms', '≤ 100 ms', median(renders) <= 100);
  const keystrokes = await keystrokeTimes(page, 'track-search', ['o', 'on', 'onb', 'onboarding', 'onboarding 1', 'onboarding 12', 'onboarding 123', 'onboarding 12', 'onboarding 1', 'onboarding', 'hire', 'h', '', 'x', 'onboarding 99', '']);
  if (process.env.BENCH_LIST) console.log(keystrokes.map((k) => k.toFixed(1)).join(' '));
  row('Track search keystroke → board updated (95th percentile)', p95(keystrokes).toFixed(1), 'ms', '≤ 16 ms', p95(keystrokes) <= 16);

  // A refresh against a sandbox limit of R per window, the board's share at half of it.
  const R = 20; const WINDOW = 4000;
  await setLimit(R, WINDOW / 1000, 50);
  await page.getByRole('link', { name: 'Track', exact: true }).click();
  await fetch(`${control}/config`, { method: 'POST', body: JSON.stringify({ rate_limit: { max: R, window_ms: WINDOW } }) });
  const before = (await (await fetch(`${control}/requests`)).json()).length;
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Refresh now' }).click();
  // The button is disabled while the refresh runs.
  const refreshing = (wanted) => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Refresh now').disabled === wanted;
  await page.waitForFunction(refreshing, true, { timeout: 10_000 }).catch(() => {});
  await page.waitForFunction(refreshing, false, { timeout: 120_000 });
  const took = Date.now() - t0;
  const log = (await (await fetch(`${control}/requests`)).json()).slice(before).filter((r) => r.method !== 'OPTIONS');
  const reads = log.filter((r) => r.path.endsWith('/runs'));
  const rejected = log.filter((r) => r.status === 429).length;
  const busiest = busiestWindow(reads.map((r) => r.at_ms), WINDOW);
  row(`Track refresh of 1,001 processes (${reads.length} pages, ${(took / 1000).toFixed(1)} s): busiest ${WINDOW / 1000} s window`, `${busiest} reads`, '', `≤ ${R / 2} (50 %)`, busiest <= R / 2);
  row('Track refresh: 429s answered by the sandbox', String(rejected), '', '0', rejected === 0);
  await fetch(`${control}/config`, { method: 'POST', body: JSON.stringify({ rate_limit: null }) });
  await context.close();
}

const api = await start(['--port', '0'], /sandbox api listening on (http:\/\/\S+\/api)/);
const app = await start(['--no-api', '--app-dir', DIST, '--app-port', '0'], /app listening on (http:\/\/\S+\/)/);
// The same files from a host that serves gzip only (as GitHub Pages does), for the phone profile.
const gzipApp = await start(['--no-api', '--app-dir', DIST, '--app-port', '0', '--app-encoding', 'gzip'], /app listening on (http:\/\/\S+\/)/);
const seed = await (await fetch(api.url.replace(/\/api$/, '/__sandbox/seed'))).json();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const steps = { firstScreen, phone, interactive, bigForm, history, bulk, track };
  for (const [name, step] of Object.entries(steps)) {
    if (only.length && !only.includes(name)) continue;
    await step(browser, app.url, api.url, seed);
  }
} finally {
  await browser.close();
  api.child.kill();
  app.child.kill();
  gzipApp.child.kill();
}

const width = Math.max(...rows.map((r) => r.figure.length));
const vw = Math.max(...rows.map((r) => r.value.length));
console.log(`\n${'Figure'.padEnd(width)}  ${'Measured'.padEnd(vw)}  Budget      Verdict`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(vw)}  ----------  -------`);
for (const r of rows) console.log(`${r.figure.padEnd(width)}  ${r.value.padEnd(vw)}  ${(r.budget || '').padEnd(10)}  ${r.verdict}`);
console.log(`\n(${RUNS} runs per timing, median; Chromium ${browser.version()}, loopback)`);
