// The code-split build (issue 14): a part of the app whose wasm chunk cannot be downloaded says
// so and offers to try again; the page never crashes.
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, fillRequired, launches, openTemplate, searchTemplates, templateButton } from '../helpers.js';
import { splitChunkFiles } from '../measure.js';
import { DIST_DIR } from '../paths.js';

// Without the service worker, every chunk comes from the network, as on a first visit.
test.use({ serviceWorkers: 'block' });

// Every screen in its own chunk (src/ui/screens.rs), and the kick-off form.
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

// The form saved before a reload comes back through code of its own (a chunk). A link opened
// meanwhile wins, whenever that code arrives: before the link's template, while the link's fill
// waits for the members, or after the linked form is shown.
for (const stage of ['template', 'members', 'shown']) {
  test(`a form saved before a reload gives way to a link whose ${stage} came first`, async ({ page, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    await openTemplate(page, 'Employee onboarding', 'Employee onboarding');
    await page.getByLabel('Employee name').fill('Saved Sam');
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('tallyfy-launcher/launch/draft') || '')).toContain('Saved Sam');
    // The members answer slowly, so the link's fill waits for them.
    await sandbox.fault({ method: 'GET', path_contains: '/users', delay_ms: 1500 });
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/split_saved_form_chunk-*.wasm', async (route) => { await held; await route.continue(); });
    const linked = seed.templates.find((t) => t.title === ALL_TYPES);
    const params = new URLSearchParams({ template: linked.id, 'v.Customer name': 'Linked' });
    await page.goto(`./?stage=${stage}#/launch?${params}`);
    const read = () => sandbox.apiRequests().then((all) => all.some((r) => r.method === 'GET' && r.path.endsWith(`/checklists/${linked.id}`)));
    if (stage === 'members') await expect.poll(read).toBeTruthy();
    if (stage === 'shown') await expect(page.getByLabel('Customer name')).toHaveValue('Linked');
    release();
    await expect(page.getByLabel('Customer name')).toHaveValue('Linked');
    // Long enough for a late restore to have loaded its template and filled the form.
    await page.waitForTimeout(2500);
    await expect(page.getByLabel('Customer name')).toHaveValue('Linked');
    await expect(page.getByLabel('Employee name')).toHaveCount(0);
    await page.unroute('**/split_saved_form_chunk-*.wasm');
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
// it is evaluated): with the main module held, the form's chunk is already asked for; a plain
// start asks for no chunk before the app runs.
test('a linked form\'s code downloads beside the main module; a plain start fetches no chunk early', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const linked = seed.templates.find((t) => t.title === ALL_TYPES);
  // A link; then the same tab reloaded on #/launch, its form saved; then a tab with nothing saved.
  for (const [hash, early, saved] of [[`#/launch?template=${linked.id}`, true, false], ['#/launch', true, true], ['#/launch', false, false]]) {
    if (!saved) await page.evaluate(() => sessionStorage.clear());
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const chunksBeforeMain = [];
    let mainHeld = false;
    await page.route('**/tallyfy-launcher-*_bg.wasm', async (route) => { mainHeld = true; await held; await route.continue().catch(() => {}); });
    page.on('request', (request) => {
      if (mainHeld && /split_launch_form_chunk-.*\.(wasm|pack)$/.test(request.url())) chunksBeforeMain.push(request.url());
    });
    await page.goto(`./?${early ? 'early' : 'plain'}${saved ? '-saved' : ''}${hash}`, { waitUntil: 'commit' });
    await expect.poll(() => mainHeld).toBeTruthy();
    await page.waitForTimeout(1000);
    expect(chunksBeforeMain.length > 0, `${hash}, saved form: ${saved}`).toBe(early);
    release();
    await page.unroute('**/tallyfy-launcher-*_bg.wasm');
    page.removeAllListeners('request');
    if (early) await expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp');
    else await expect(page.getByLabel('Search templates')).toBeVisible();
  }
});

// The form's code as one pack (issue 28; scripts/split-chunks.mjs): a page no service worker
// serves asks for the pack and for none of the form's separate files. A pack that cannot be
// downloaded, is missing, or is cut short costs nothing but time: the files come instead.
test('a linked form\'s code comes as one pack; a pack that fails gives way to the separate files', async ({ page, sandbox, seed }) => {
  const formFiles = splitChunkFiles(DIST_DIR, 'launch_form_chunk');
  await connect(page, sandbox, seed);
  const linked = seed.templates.find((t) => t.title === ALL_TYPES);
  const pack = /\/split_launch_form_chunk-[0-9a-f]+\.pack$/;
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
    const asked = [];
    const listener = (request) => asked.push(new URL(request.url()).pathname.split('/').pop());
    page.on('request', listener);
    // Routing turns the HTTP cache off, so every run fetches afresh.
    await page.route(pack, handler ?? ((route) => route.continue()));
    await page.goto(`./?${encodeURIComponent(fault)}#/launch?template=${linked.id}`);
    await expect(page.getByLabel('Customer name'), fault).toHaveValue('Acme Corp');
    await page.waitForTimeout(500);
    await page.unroute(pack);
    page.off('request', listener);
    expect(asked.filter((n) => pack.test(`/${n}`)), fault).toHaveLength(1);
    const separate = asked.filter((n) => formFiles.includes(n));
    if (handler) expect(new Set(separate), fault).toEqual(new Set(formFiles));
    else expect(separate, fault).toEqual([]);
    await expect(page.locator('#crash-notice')).toHaveCount(0);
  }
});

test.describe('with the service worker in charge', () => {
  test.use({ serviceWorkers: 'allow' });

  // The worker keeps the separate files (not the pack): a page it serves takes those.
  test('a linked form\'s code comes from the files the worker keeps, never the pack', async ({ page, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    const asked = [];
    page.on('request', (request) => asked.push(request.url()));
    const linked = seed.templates.find((t) => t.title === ALL_TYPES);
    await page.goto(`./?worker#/launch?template=${linked.id}`);
    await expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp');
    expect(asked.filter((u) => u.endsWith('.pack'))).toEqual([]);
    expect(asked.filter((u) => /\/split_launch_form_chunk-[0-9a-f]+\.wasm$/.test(u))).toHaveLength(1);
    const cached = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)))).flat());
    expect(cached.some((u) => /\/split_launch_form_chunk-[0-9a-f]+\.wasm$/.test(u))).toBeTruthy();
    expect(cached.filter((u) => u.endsWith('.pack'))).toEqual([]);
  });
});
