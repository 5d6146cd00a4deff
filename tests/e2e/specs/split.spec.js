// The code-split build (issue 14): a part of the app whose wasm chunk cannot be downloaded says
// so and offers to try again; the page never crashes.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, fieldId, fillRequired, launches, openTemplate, searchTemplates, templateButton } from '../helpers.js';
import { splitChunkFiles, splitPackFile, splitPacks } from '../measure.js';
import { DIST_DIR } from '../paths.js';

// Without the service worker, every chunk comes from the network, as on a first visit.
test.use({ serviceWorkers: 'block' });

// Every screen in its own chunk (src/ui/screens.rs), the kick-off form, and what follows its fields.
const screen = (link, heading) => [
  `the ${link} screen`,
  `${link.toLowerCase()}_screen_chunk`,
  (page) => page.getByRole('link', { name: link, exact: true }).click(),
  (page) => page.getByRole('heading', { name: heading, level: 1 }),
];

for (const [what, chunk, open, shown] of [
  screen('Bulk', 'Bulk launch'),
  screen('History', 'History'),
  screen('Track', 'Track'),
  screen('Settings', 'Settings'),
  ['the kick-off form', 'launch_form_chunk', async (page) => {
    await searchTemplates(page, 'Employee onboarding');
    await templateButton(page, 'Employee onboarding').click();
  },
    (page) => page.getByLabel('Employee name')],
  // What follows the fields (process name, owner, options, the result), the Request panel and
  // the launch tools: the Launch screen's second chunk.
  ['what follows the kick-off form\'s fields', 'launch_tools_chunk', async (page) => {
    await searchTemplates(page, 'Employee onboarding');
    await templateButton(page, 'Employee onboarding').click();
    await expect(page.getByLabel('Employee name')).toBeVisible();
  },
    (page) => page.getByLabel('Process name')],
]) {
  test(`${what}: a chunk that fails to download shows Try again, and then loads`, async ({ page, sandbox, seed }) => {
    // Its own file, and its pack if it has one (see below).
    const blocked = new RegExp(`/split_${chunk}-[0-9a-f]+\\.(wasm|pack)$`);
    await connect(page, sandbox, seed);
    // A fresh start (the token is remembered) with the chunk unreachable; routing turns off the
    // HTTP cache, so nothing fetched while connecting is reused.
    await page.route(blocked, (route) => route.abort('internetdisconnected'));
    await page.goto('./#/launch');
    await page.reload();
    await open(page);
    const problem = page.getByRole('alert').filter({ hasText: 'could not be downloaded' });
    await expect(problem).toBeVisible();
    await expect(page.locator('#crash-notice')).toHaveCount(0);
    await page.unroute(blocked);
    await problem.getByRole('button', { name: 'Try again' }).click();
    await expect(shown(page)).toBeVisible();
    await expect(page.locator('#crash-notice')).toHaveCount(0);
  });
}

// The form saved before a reload comes back through code of its own (the fill chunk, which also
// places a link's values). A link opened meanwhile wins, whenever that code arrives: before the
// link's template, while the link's fill waits for the members, or once the form's own code is
// there and the link's values wait for the fill chunk too.
const formCodeFetched = (page) => page.evaluate(() => performance.getEntriesByType('resource').some((e) => /split_launch_form_chunk-/.test(e.name)));
for (const stage of ['template', 'members', 'form code']) {
  test(`a form saved before a reload gives way to a link whose ${stage} came first`, async ({ page, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    await openTemplate(page, 'Employee onboarding', 'Employee onboarding');
    await page.getByLabel('Employee name').fill('Saved Sam');
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('tallyfy-launcher/launch/draft') || '')).toContain('Saved Sam');
    // The members answer slowly, so the link's fill waits for them.
    await sandbox.fault({ method: 'GET', path_contains: '/users', delay_ms: 1500 });
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/split_fill_chunk-*.wasm', async (route) => { await held; await route.continue(); });
    const linked = seed.templates.find((t) => t.title === ALL_TYPES);
    const params = new URLSearchParams({ template: linked.id, 'v.Customer name': 'Linked' });
    await page.goto(`./?stage=${stage.replace(' ', '-')}#/launch?${params}`);
    const read = () => sandbox.apiRequests().then((all) => all.some((r) => r.method === 'GET' && r.path.endsWith(`/checklists/${linked.id}`)));
    if (stage === 'members') await expect.poll(read).toBeTruthy();
    if (stage === 'form code') {
      await expect.poll(() => formCodeFetched(page)).toBeTruthy();
      await expect(page.getByTestId('form-filling')).toBeVisible();
    }
    release();
    await expect(page.getByLabel('Customer name')).toHaveValue('Linked');
    // Long enough for a late restore to have loaded its template and filled the form.
    await page.waitForTimeout(2500);
    await expect(page.getByLabel('Customer name')).toHaveValue('Linked');
    await expect(page.getByLabel('Employee name')).toHaveCount(0);
    await page.unroute('**/split_fill_chunk-*.wasm');
  });
}

// A link's values are read by the fill chunk, not by the form's own code: a link that only opens
// a template never waits for it, and one with values that cannot get it says so, loses nothing
// and fills the form on Try again.
test('a link that only opens a template does not need the fill chunk; a link with values waits for it, and retries', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const fillCode = /\/split_fill_chunk-[0-9a-f]+\.wasm$/;
  await page.route(fillCode, (route) => route.abort('internetdisconnected'));
  const linked = seed.templates.find((t) => t.title === ALL_TYPES);
  await page.goto(`./?bare#/launch?template=${linked.id}`);
  await expect(page.getByLabel('Customer name')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be downloaded' })).toHaveCount(0);
  await expect(page.getByTestId('form-filling')).toHaveCount(0);

  const params = new URLSearchParams({ template: linked.id, 'v.Customer name': 'Linked Co' });
  await page.goto(`./?values#/launch?${params}`);
  const problem = page.getByRole('alert').filter({ hasText: 'could not be downloaded' });
  await expect(problem).toBeVisible();
  await expect(page.locator('#crash-notice')).toHaveCount(0);
  await page.unroute(fillCode);
  await problem.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByLabel('Customer name')).toHaveValue('Linked Co');
  await expect(problem).toHaveCount(0);
});

// A template's own defaults other than a text field's text (a date, a choice: what the form's
// code has no reader for) are read by the fill chunk too: however the template is opened (a bare
// link, picked from the list), a fill chunk that cannot be downloaded is said, and Try again
// shows the form with every default.
for (const [how, open] of [
  ['a link that only opens it', (page, id) => page.goto(`./?defaults#/launch?template=${id}`)],
  ['picked from the list', async (page) => {
    await page.goto('./?picked#/launch');
    await searchTemplates(page, ALL_TYPES);
    await templateButton(page, ALL_TYPES).click();
  }],
]) {
  test(`a template whose defaults need reading, ${how}, waits for the fill chunk and retries`, async ({ page, sandbox, seed }) => {
    const linked = seed.templates.find((t) => t.title === ALL_TYPES);
    await sandbox.control('POST', `/templates/${linked.id}`, {
      fields: {
        [fieldId(seed, ALL_TYPES, 'Start date')]: { default_value: '2026-03-02' },
        [fieldId(seed, ALL_TYPES, 'Plan')]: { default_value: { id: 2, text: 'Silver' } },
      },
    });
    await connect(page, sandbox, seed);
    const fillCode = /\/split_fill_chunk-[0-9a-f]+\.wasm$/;
    await page.route(fillCode, (route) => route.abort('internetdisconnected'));
    await open(page, linked.id);
    const problem = page.getByRole('alert').filter({ hasText: 'could not be downloaded' });
    await expect(problem).toBeVisible();
    await expect(page.getByLabel('Customer name')).toHaveCount(0);
    await expect(page.locator('#crash-notice')).toHaveCount(0);
    await page.unroute(fillCode);
    await problem.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByLabel('Start date')).toHaveValue('2026-03-02');
    await expect(page.getByLabel('Plan')).toHaveValue('2');
    await expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp');
    await expect(problem).toHaveCount(0);
  });
}

// The table, people and file inputs come with the Launch screen's second chunk: a linked form's
// first field is there to type into without it, those three say they are loading, and a second
// chunk that cannot be downloaded is said once, with Try again, losing nothing typed.
test('a linked form\'s first field does not wait for the table, people and file inputs; their chunk failing is said once', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const second = /\/split_launch_tools_chunk-[0-9a-f]+\.wasm$/;
  await page.route(second, (route) => route.abort('internetdisconnected'));
  const linked = seed.templates.find((t) => t.title === ALL_TYPES);
  await page.goto(`./?later#/launch?template=${linked.id}`);
  await page.getByLabel('Customer name').fill('Typed first');
  const loading = page.locator('.launch-form .field').filter({ hasText: 'Loading this field…' });
  await expect(loading).toHaveCount(3);
  const problem = page.getByRole('alert').filter({ hasText: 'could not be downloaded' });
  await expect(problem).toHaveCount(1);
  await expect(page.locator('#crash-notice')).toHaveCount(0);
  await page.unroute(second);
  await problem.getByRole('button', { name: 'Try again' }).click();
  await expect(loading).toHaveCount(0);
  await expect(page.locator('.launch-form .field').filter({ hasText: 'Contract' }).locator('input[type=url]')).toBeVisible();
  await expect(page.locator('.launch-form .field').filter({ hasText: 'Line items' }).locator('input').first()).toBeVisible();
  await expect(page.getByLabel('Customer name')).toHaveValue('Typed first');
});

// A template picked while a link's values wait for the fill chunk wins: the late fill does not
// replace the form the user chose, and one whose code then fails is not offered again.
for (const outcome of ['arrives', 'fails']) {
  test(`a template picked while a link's values wait for their code stays in the form when that code ${outcome}`, async ({ page, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/split_fill_chunk-*.wasm', async (route) => {
      await held;
      await (outcome === 'arrives' ? route.continue() : route.abort('internetdisconnected'));
    });
    const linked = seed.templates.find((t) => t.title === ALL_TYPES);
    const params = new URLSearchParams({ template: linked.id, 'v.Customer name': 'Linked Co' });
    await page.goto(`./?held-${outcome}#/launch?${params}`);
    await expect.poll(() => formCodeFetched(page)).toBeTruthy();
    await expect(page.getByTestId('form-filling')).toBeVisible();
    // "/" opens the picker from anywhere but a text box (searchTemplates would wait for the fill).
    await page.keyboard.press('/');
    await page.getByLabel('Search templates').fill('Employee onboarding');
    await expect(page.getByRole('region', { name: 'Matching templates' })).toHaveAttribute('aria-busy', 'false');
    await templateButton(page, 'Employee onboarding').click();
    await expect(page.getByLabel('Employee name')).toBeVisible();
    release();
    await expect(page.getByTestId('form-filling')).toHaveCount(0);
    await page.waitForTimeout(1000);
    await expect(page.getByLabel('Employee name')).toBeVisible();
    await expect(page.getByLabel('Customer name')).toHaveCount(0);
    await expect(page.getByRole('alert').filter({ hasText: 'could not be downloaded' })).toHaveCount(0);
    await page.unroute('**/split_fill_chunk-*.wasm');
  });
}

// The code that checks, sends and records a launch is a chunk of its own (issue 28: a linked
// form does not wait for History's code). Pressed twice while it downloads, Launch sends once;
// when it cannot be downloaded, the form says so, sends nothing and keeps what was typed.
test('Launch fetches its own code: pressed twice while it downloads it sends once, and a failed download sends nothing', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const chunk = '**/split_launch_send_chunk-*.wasm';
  await page.route(chunk, (route) => route.abort('internetdisconnected'));
  await page.reload();
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page, 'Held Co');
  const launch = page.getByRole('button', { name: 'Launch', exact: true });
  await launch.click();
  await expect(page.getByText('could not be downloaded')).toBeVisible();
  expect(await launches(sandbox)).toHaveLength(0);
  await expect(page.getByLabel('Customer name')).toHaveValue('Held Co');
  await page.unroute(chunk);

  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(chunk, async (route) => { await held; await route.continue(); });
  await launch.click();
  // The button waits, and the keyboard shortcut (which a disabled button does not stop) sends nothing more.
  await expect(page.getByRole('button', { name: 'Launching…' })).toBeDisabled();
  await page.getByLabel('Customer name').press('Control+Enter');
  release();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  await page.waitForTimeout(1000);
  expect(await launches(sandbox)).toHaveLength(1);
  await page.unroute(chunk);
});

// A Launch link to a template (or a form saved before a reload) fetches the form's code beside
// the app's own main module, not after it has started (issue 28; the chunk loader asks for it as
// it is evaluated), and a bookmark to a screen that screen's: with the main module held,
// that code is already asked for; a plain start asks for no chunk before the app runs.
test('a linked form\'s or a bookmarked screen\'s code downloads beside the main module; a plain start fetches no chunk early', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const linked = seed.templates.find((t) => t.title === ALL_TYPES);
  const form = /split_launch_form_chunk-.*\.(wasm|pack)$/;
  const history = /split_history_screen_chunk-.*\.(wasm|pack)$/;
  const settings = /split_settings_screen_chunk-.*\.(wasm|pack)$/;
  // A link; then the same tab reloaded on #/launch, its form saved; then a tab with nothing
  // saved; then History and Settings.
  for (const [hash, early, saved] of [[`#/launch?template=${linked.id}`, form, false], ['#/launch', form, true], ['#/launch', null, false], ['#/history', history, false], ['#/settings', settings, false]]) {
    if (!saved) await page.evaluate(() => sessionStorage.clear());
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const chunksBeforeMain = [];
    let mainHeld = false;
    await page.route('**/tallyfy-launcher-*_bg.wasm', async (route) => { mainHeld = true; await held; await route.continue().catch(() => {}); });
    page.on('request', (request) => {
      if (mainHeld && /\/(split|chunk)_[a-z0-9_]+-[0-9a-f]+\.(wasm|pack)$/.test(request.url())) chunksBeforeMain.push(request.url());
    });
    // A query of its own each time, so the page loads afresh (a change of hash alone would not).
    await page.goto(`./?${early ? 'early' : 'plain'}${saved ? '-saved' : ''}-${encodeURIComponent(hash.slice(2, 9))}${hash}`, { waitUntil: 'commit' });
    await expect.poll(() => mainHeld).toBeTruthy();
    await page.waitForTimeout(1000);
    if (early) expect(chunksBeforeMain.some((u) => early.test(u)), `${hash}, saved form: ${saved}`).toBeTruthy();
    else expect(chunksBeforeMain, `${hash}, saved form: ${saved}`).toEqual([]);
    release();
    await page.unroute('**/tallyfy-launcher-*_bg.wasm');
    page.removeAllListeners('request');
    if (early === form) {
      await expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp');
      // The form is saved once it has painted (its writer is a chunk of its own), and the next
      // start reopens it.
      await expect.poll(() => page.evaluate(() => sessionStorage.getItem('tallyfy-launcher/launch/draft') || '')).toContain('Acme Corp');
    }
    else if (early === history) await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
    else if (early === settings) await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    else await expect(page.getByLabel('Search templates')).toBeVisible();
  }
});

// Starting a download costs the page's thread time (0.5-1 ms each with the CPU 4× slower), and a
// screen's code is up to ~70 files: started together, they made tasks of 60-140 ms on a phone
// while the other screens' code downloaded after the first screen. The loader starts them a few
// per task (scripts/split-chunks.mjs), and all of them still arrive.
test('the chunk loader starts at most 8 downloads at once, and every screen\'s code still arrives', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await page.addInitScript(() => {
    // Each run of fetches made without the page's code yielding (one task's synchronous work).
    window.__bursts = [];
    let burst = null;
    const fetchIt = window.fetch;
    window.fetch = function (resource, options) {
      const url = String(resource instanceof Request ? resource.url : resource);
      if (/\.(wasm|pack)$/.test(url)) {
        if (!burst) {
          burst = [];
          window.__bursts.push(burst);
          queueMicrotask(() => { burst = null; });
        }
        burst.push(url.split('/').pop());
      }
      return fetchIt.call(this, resource, options);
    };
  });
  await page.goto('./?paced#/launch');
  await expect(page.getByLabel('Search templates')).toBeVisible();
  // The idle preloading fetches every screen's code and the form's.
  const wanted = [...new Set(['launch_form_chunk', 'launch_tools_chunk', 'history_screen_chunk', 'bulk_screen_chunk', 'settings_screen_chunk', 'track_screen_chunk']
    .flatMap((split) => splitChunkFiles(DIST_DIR, split)))];
  const fetched = () => page.evaluate(() => window.__bursts.flat());
  await expect.poll(async () => {
    const now = await fetched();
    return wanted.filter((f) => !now.includes(f));
  }, { timeout: 30_000 }).toEqual([]);
  const bursts = await page.evaluate(() => window.__bursts.map((b) => b.length));
  expect(wanted.length).toBeGreaterThan(100);
  expect(Math.max(...bursts), `downloads started at once: ${bursts.join(' ')}`).toBeLessThanOrEqual(8);
  // Nothing was fetched twice.
  const all = await fetched();
  expect(all.length).toBe(new Set(all).size);
  await expect(page.locator('#crash-notice')).toHaveCount(0);
});

// A linked form's code, and each screen's opened first, as one pack each (issue 28;
// scripts/split-chunks.mjs): a page no service worker serves asks for the pack and for none of
// its separate files. A pack that cannot be downloaded, is missing, or is cut short costs
// nothing but time: the files come instead.
for (const [what, split, hash, shown] of [
  ['a linked form', 'launch_form_chunk', (seed) => `#/launch?template=${seed.templates.find((t) => t.title === ALL_TYPES).id}`,
    (page) => expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp')],
  ...[['History', 'History'], ['Settings', 'Settings'], ['Bulk', 'Bulk launch'], ['Track', 'Track']].map(([screen, heading]) => [
    `${screen} opened first`, `${screen.toLowerCase()}_screen_chunk`, () => `#/${screen.toLowerCase()}`,
    (page) => expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible(),
  ]),
]) {
  test(`${what}: its code comes as one pack; a pack that fails gives way to the separate files`, async ({ page, sandbox, seed }) => {
    const packed = splitPacks(DIST_DIR).find((p) => p.split === split).files;
    await connect(page, sandbox, seed);
    const pack = new RegExp(`/split_${split}-[0-9a-f]+\\.pack$`);
    const faults = {
      none: null,
      unreachable: (route) => route.abort('internetdisconnected'),
      missing: (route) => route.fulfill({ status: 404, body: 'not found' }),
      'cut short': async (route) => {
        const response = await route.fetch();
        const body = await response.body();
        await route.fulfill({ response, body: body.subarray(0, Math.floor(body.length / 2)) });
      },
    };
    for (const [fault, handler] of Object.entries(faults)) {
      // Away first, so nothing the last page was still fetching is counted.
      await page.goto('about:blank');
      const asked = [];
      const listener = (request) => asked.push(new URL(request.url()).pathname.split('/').pop());
      page.on('request', listener);
      // Routing turns the HTTP cache off, so every run fetches afresh.
      await page.route(pack, handler ?? ((route) => route.continue()));
      await page.goto(`./?${encodeURIComponent(fault)}${hash(seed)}`);
      await shown(page);
      await page.waitForTimeout(500);
      await page.unroute(pack);
      page.off('request', listener);
      expect(asked.filter((n) => pack.test(`/${n}`)), fault).toHaveLength(1);
      const separate = asked.filter((n) => packed.includes(n));
      // Without the pack, the screen's own code comes file by file (a store the pack carries
      // along comes when it is first needed).
      if (handler) expect(splitChunkFiles(DIST_DIR, split).filter((f) => !separate.includes(f)), fault).toEqual([]);
      else expect(separate, fault).toEqual([]);
      await expect(page.locator('#crash-notice')).toHaveCount(0);
    }
  });
}

test.describe('with the service worker in charge', () => {
  test.use({ serviceWorkers: 'allow' });

  // A first visit on a link: the page downloads the form's pack before any worker is there; the
  // worker, installing, takes the form's files from that download instead of fetching them again.
  test('a first visit on a link downloads the form\'s code once: the worker takes its files from the pack', async ({ page, context, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    // As before any visit: no worker, nothing kept (the token stays, as for a returning user).
    await page.evaluate(async () => {
      for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
      for (const name of await caches.keys()) await caches.delete(name);
    });
    await page.goto('about:blank');
    const fromNetwork = [];
    // The page's requests and the worker's.
    context.on('request', (request) => fromNetwork.push(new URL(request.url()).pathname.split('/').pop()));
    const linked = seed.templates.find((t) => t.title === ALL_TYPES);
    await page.goto(`./?first-visit#/launch?template=${linked.id}`);
    await expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const formFiles = splitChunkFiles(DIST_DIR, 'launch_form_chunk');
    const cached = () => page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname.split('/').pop())))).flat());
    await expect.poll(async () => {
      const kept = new Set(await cached());
      return formFiles.filter((f) => !kept.has(f));
    }, { timeout: 20_000 }).toEqual([]);
    // The page asks for the pack once; the worker asks for it `only-if-cached` (it cannot reach
    // the network); nobody asks for the form's separate files.
    expect(fromNetwork.filter((n) => n === splitPackFile(DIST_DIR, 'launch_form_chunk')).length).toBeLessThanOrEqual(2);
    expect(fromNetwork.filter((n) => formFiles.includes(n))).toEqual([]);
    expect(fromNetwork.filter((n) => /\.wasm$/.test(n)).length, 'the worker fetched the other files').toBeGreaterThan(10);
    // And what the worker keeps serves the form offline-ready: the same bytes as the build's.
    const kept = await page.evaluate(async (name) => [...new Uint8Array(await (await caches.match(`./${name}`)).arrayBuffer())], formFiles[0]);
    expect(Buffer.from(kept).equals(fs.readFileSync(path.join(DIST_DIR, formFiles[0])))).toBeTruthy();
  });

  // The worker keeps the separate files, not the packs: it answers a pack from those, offline
  // too, with the very bytes the build wrote.
  test('a page the worker serves gets the form\'s pack from the files the worker keeps, offline too', async ({ page, context, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    const linked = seed.templates.find((t) => t.title === ALL_TYPES);
    await page.goto('about:blank');
    const asked = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname.split('/').pop()));
    await page.goto(`./?worker#/launch?template=${linked.id}`);
    await expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp');
    const form = splitPackFile(DIST_DIR, 'launch_form_chunk');
    expect(asked.filter((n) => n.endsWith('.pack'))).toEqual([form]);
    expect(asked.filter((n) => splitChunkFiles(DIST_DIR, 'launch_form_chunk').includes(n))).toEqual([]);
    const cached = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)))).flat());
    expect(cached.filter((u) => u.endsWith('.pack'))).toEqual([]);
    await context.setOffline(true);
    for (const { file } of splitPacks(DIST_DIR)) {
      const bytes = await page.evaluate(async (name) => [...new Uint8Array(await (await fetch(`./${name}`)).arrayBuffer())], file);
      expect(Buffer.from(bytes).equals(fs.readFileSync(path.join(DIST_DIR, file))), file).toBeTruthy();
    }
    await context.setOffline(false);
  });
});
