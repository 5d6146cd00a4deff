// A link can never take the token, no input can crash the app, nothing launches twice, nothing
// is lost across tabs and storage failures, and the rate limit covers every request. One test
// (or more) per way it was once broken, each starting from the state a user can really be in.
import fs from 'node:fs';
import { test, expect, connect, acceptSwitch, startSandbox } from '../fixtures.js';
import {
  ALL_TYPES, openTemplate, fillRequired, launches, searchTemplates, templateButton, parseCsv,
  bulkRows, setUpBulkJob, setRate, fillStorage,
} from '../helpers.js';
import { DIST_DIR } from '../paths.js';

/** Every request the decoy received that carried the token. */
async function tokenRequestsTo(decoy, token) {
  const received = await (await fetch(`${decoy.origin}/__sandbox/requests`)).json();
  return received.filter((r) => JSON.stringify(r.headers).includes(token));
}

/** Records Content-Security-Policy violations from the first script on. */
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

// --- 1. The token goes only where the user chose -------------------------------------------

test('a hostile link opened on the default API base reaches no other host with the token', async ({ page, sandbox, seed }) => {
  const decoy = await startSandbox();
  try {
    // What most users have: Tallyfy's default API base, and a token.
    await page.goto('./#/settings');
    await expect(page.getByLabel('API base URL')).toHaveValue('https://go.tallyfy.com/api');
    await page.getByLabel('API token', { exact: true }).fill(seed.token);
    const template = seed.templates.find((t) => t.title === ALL_TYPES);
    await page.goto(`./#/launch?api=${encodeURIComponent(decoy.api)}&org=${seed.org_id}&template=${template.id}&v.Customer+name=Planted`);
    const question = page.getByRole('alertdialog', { name: 'Switch API base URL?' });
    await expect(question).toBeVisible();
    // The new host is named on a line of its own.
    await expect(question.locator('.switch-host')).toHaveText(decoy.origin);
    await page.waitForTimeout(1500);
    expect(await tokenRequestsTo(decoy, seed.token)).toEqual([]);
    await question.getByRole('button', { name: 'Keep my settings' }).click();
    await page.waitForTimeout(1000);
    expect(await tokenRequestsTo(decoy, seed.token)).toEqual([]);
    expect(await (await fetch(`${decoy.origin}/__sandbox/requests`)).json()).toEqual([]);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByLabel('API base URL')).toHaveValue('https://go.tallyfy.com/api');
    await expect(page.getByLabel('Organization', { exact: true })).toHaveValue('');
    // Stored settings never held the decoy either.
    expect(await page.evaluate(() => localStorage.getItem('tallyfy-launcher/settings/v1') || '')).not.toContain(decoy.origin);
  } finally {
    decoy.child.kill();
  }
});

test('a link from an empty profile asks before it sets the API base, and the token typed next stays home', async ({ page, seed }) => {
  const decoy = await startSandbox();
  try {
    await page.goto(`./#/settings?api=${encodeURIComponent(decoy.api)}&org=${seed.org_id}`);
    const question = page.getByRole('alertdialog', { name: 'Switch API base URL?' });
    await expect(question).toContainText(decoy.origin);
    await question.getByRole('button', { name: 'Keep my settings' }).click();
    await page.getByLabel('API token', { exact: true }).fill(seed.token);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForTimeout(1000);
    expect(await (await fetch(`${decoy.origin}/__sandbox/requests`)).json()).toEqual([]);
  } finally {
    decoy.child.kill();
  }
});

test('a link naming another organization asks first; declining keeps every request in the chosen one', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  await page.goto(`./#/launch?org=someone-elses-org&template=${template.id}`);
  const question = page.getByRole('alertdialog', { name: 'Switch organization?' });
  await expect(question).toContainText('someone-elses-org');
  await question.getByRole('button', { name: 'Keep my settings' }).click();
  await expect(page.getByRole('heading', { name: ALL_TYPES, level: 2 })).toBeVisible();
  const paths = (await sandbox.apiRequests()).map((r) => r.path);
  expect(paths.filter((p) => p.includes('someone-elses-org'))).toEqual([]);
});

test('the built page lets the browser connect only to Tallyfy, loopback and the build\'s own origins', async ({ page, sandbox, seed }) => {
  await watchViolations(page);
  await connect(page, sandbox, seed);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const connectSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'));
  expect(connectSrc).toContain('https://go.tallyfy.com');
  expect(connectSrc).not.toMatch(/\shttps:(\s|$)/);
  expect(connectSrc).not.toContain('[::1]');
  // Even if the app's own checks were bypassed, the browser refuses another host.
  await page.evaluate(() => fetch('https://evil.example/api/me').catch(() => {}));
  await expect.poll(() => page.evaluate(() => window.__violations.filter((v) => v.startsWith('connect-src')))).toEqual(['connect-src https://evil.example/api/me']);
  // And the app says so before trying, in words.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('API base URL').fill('https://evil.example/api');
  await page.getByLabel('API base URL').blur();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection-status')).toContainText('may call only these API addresses');
});

test('a redirect from the API is never followed: the launch is not carried to another host', async ({ page, sandbox, seed }) => {
  const decoy = await startSandbox();
  try {
    await connect(page, sandbox, seed);
    await openTemplate(page, 'all field', ALL_TYPES);
    await fillRequired(page);
    await sandbox.fault({ method: 'POST', path_contains: '/runs', times: 1, status: 307, headers: { Location: `${decoy.api}/organizations/${seed.org_id}/runs` } });
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('redirect');
    await page.waitForTimeout(500);
    expect(await (await fetch(`${decoy.origin}/__sandbox/requests`)).json()).toEqual([]);
  } finally {
    decoy.child.kill();
  }
});

test('a token pasted with a line break and a zero-width space works, and the user is told', async ({ page, sandbox, seed }) => {
  await page.goto(`./#/settings?api=${encodeURIComponent(sandbox.api)}&org=${seed.org_id}`);
  await acceptSwitch(page);
  const half = Math.floor(seed.token.length / 2);
  await page.getByLabel('API token', { exact: true }).fill(`${seed.token.slice(0, half)}\n\u200B${seed.token.slice(half)}`);
  await expect(page.getByText('were removed: tokens never contain them')).toBeVisible();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection-status')).toContainText('Connected as', { timeout: 5000 });
});

// --- 2. No input kills the app -----------------------------------------------------------

const FORMULAS = ['Hallo {{Größe}}', 'Заявка {{Имя}}', '{{名前}} 様', '{{today+-200000000000d}}', '{{now+-9999999999999h}}'];

test('each formula that froze the page gets a message, typed, from a link and in bulk, and the app keeps working', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  const name = page.getByLabel('Process name');
  const preview = page.getByTestId('name-preview');
  for (const formula of FORMULAS) {
    await name.fill(formula);
    await expect(preview).toContainText(/Unknown placeholder|Cannot read the date offset/);
    // Still alive: the next keystroke is handled.
    await name.fill('Alive');
    await expect(preview).toContainText('Alive');
  }
  // From a share link's name.
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  for (const formula of FORMULAS) {
    await page.goto(`./#/launch?template=${template.id}&name=${encodeURIComponent(formula)}`);
    await expect(name).toHaveValue(formula);
    await expect(preview).toContainText(/Unknown placeholder|Cannot read the date offset/);
  }
  // From a bulk formula, at "Check rows".
  await setUpBulkJob(page, bulkRows(2));
  await page.getByLabel('From a formula over the row\'s columns').check();
  for (const formula of FORMULAS) {
    await page.getByLabel('Name formula').fill(formula);
    await page.getByRole('button', { name: 'Check rows' }).click();
    await expect(page.getByTestId('bulk-check-summary')).toContainText('2 rows checked: 2 with problems');
  }
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
  expect(await launches(sandbox)).toHaveLength(0);
});

test('a saved bulk job, history or presets of the wrong shape give messages, never a dead page', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await setUpBulkJob(page, bulkRows(2));
  await page.getByRole('button', { name: 'Launch 2 rows' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 2 · Failed 0 · Unknown 0 · Remaining 0', { timeout: 20_000 });
  // A job from another version or edited by hand: its lists no longer line up.
  await page.evaluate(() => {
    const job = JSON.parse(localStorage.getItem('tallyfy-launcher/bulk/job'));
    job.bodies = [];
    job.outcomes = [null, null];
    localStorage.setItem('tallyfy-launcher/bulk/job', JSON.stringify(job));
    localStorage.setItem('tallyfy-launcher/presets', '{"kind": "presets", "presets": 7}');
    localStorage.setItem('tallyfy-launcher/history', '{"schema": 2, "records": 5}');
  });
  await page.reload();
  await expect(page.getByText('A saved bulk launch could not be read')).toBeVisible();
  await expect(page.getByText('The saved presets could not be read')).toBeVisible();
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.getByText('The saved launch history could not be read')).toBeVisible();
  await page.getByRole('link', { name: 'Bulk', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Bulk launch', level: 1 })).toBeVisible();
  expect(await launches(sandbox)).toHaveLength(2);
});

// --- 3. Nothing launches twice -------------------------------------------------------------

test('two tabs and one bulk job: the second tab follows it, and every row launches exactly once', async ({ page, context, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await setRate(page, 2, 2); // one launch a second
  await setUpBulkJob(page, bulkRows(8));
  await page.getByRole('button', { name: 'Launch 8 rows' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText(/Launched [12] /, { timeout: 20_000 });

  const second = await context.newPage();
  await second.goto('./#/bulk');
  await expect(second.getByTestId('bulk-elsewhere')).toBeVisible();
  await expect(second.getByText(/was interrupted/)).toHaveCount(0);
  await expect(second.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  // It shows the running tab's progress as it goes.
  await expect(second.getByTestId('bulk-counts')).toHaveText(/Launched [3-8] /, { timeout: 20_000 });

  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 8 · Failed 0 · Unknown 0 · Remaining 0', { timeout: 30_000 });
  await expect(second.getByTestId('bulk-counts')).toHaveText('Launched 8 · Failed 0 · Unknown 0 · Remaining 0');
  await expect(second.getByTestId('bulk-elsewhere')).toHaveCount(0);
  const names = (await launches(sandbox)).map((r) => JSON.parse(r.body).name).sort();
  expect(names).toEqual(['Hire 1', 'Hire 2', 'Hire 3', 'Hire 4', 'Hire 5', 'Hire 6', 'Hire 7', 'Hire 8']);
});

test('a paused job resumed in another tab is sent from the saved copy: no row twice', async ({ page, context, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await setRate(page, 2, 2);
  await setUpBulkJob(page, bulkRows(5));
  await page.getByRole('button', { name: 'Launch 5 rows' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText(/Launched 1 /, { timeout: 20_000 });
  const second = await context.newPage();
  await second.goto('./#/bulk');
  await expect(second.getByTestId('bulk-elsewhere')).toBeVisible();
  await page.getByRole('button', { name: 'Pause' }).click();
  // Once the first tab lets go, the second may resume: it sends only what is left.
  await expect(second.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 10_000 });
  await second.getByRole('button', { name: 'Resume' }).click();
  await expect(second.getByTestId('bulk-counts')).toHaveText('Launched 5 · Failed 0 · Unknown 0 · Remaining 0', { timeout: 30_000 });
  // The first tab, now behind, cannot resume over it.
  const names = (await launches(sandbox)).map((r) => JSON.parse(r.body).name).sort();
  expect(names).toEqual(['Hire 1', 'Hire 2', 'Hire 3', 'Hire 4', 'Hire 5']);
});

test('a bulk job under a full storage quota pauses, and after a reload re-sends nothing', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await setRate(page, 2, 2);
  await setUpBulkJob(page, bulkRows(6));
  await page.getByRole('button', { name: 'Launch 6 rows' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText(/Launched 2 /, { timeout: 20_000 });
  // Fill the origin's storage to the last character, as a large history does.
  await fillStorage(page);
  await expect(page.getByText(/The bulk launch is paused: its progress could not be saved/)).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText('Paused ·')).toBeVisible();
  const sentWhenFull = (await launches(sandbox)).length;
  await page.waitForTimeout(2500);
  expect((await launches(sandbox)).length).toBe(sentWhenFull);

  // Space again, and a reload: the job reopens paused; Resume sends each remaining row once.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler-')).forEach((k) => localStorage.removeItem(k)));
  await page.reload();
  await page.getByRole('link', { name: 'Bulk', exact: true }).click();
  await expect(page.getByText('Paused ·')).toBeVisible();
  await page.waitForTimeout(1500);
  expect((await launches(sandbox)).length).toBe(sentWhenFull);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText(/Remaining 0/, { timeout: 30_000 });
  // Each row went exactly once: a row whose outcome could not be saved came back "unknown"
  // and was not sent again by itself.
  const names = (await launches(sandbox)).map((r) => JSON.parse(r.body).name).sort();
  expect(names).toEqual(['Hire 1', 'Hire 2', 'Hire 3', 'Hire 4', 'Hire 5', 'Hire 6']);
});

test('the bulk runner launches where the job started: a half-typed API base or a cleared organization pauses it', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  const decoy = await startSandbox();
  try {
    await connect(page, sandbox, seed);
    await setRate(page, 1, 2);
    await setUpBulkJob(page, bulkRows(4));
    await page.getByRole('button', { name: 'Launch 4 rows' }).click();
    await expect(page.getByTestId('bulk-counts')).toHaveText(/Launched 1 /, { timeout: 20_000 });
    // Typing in Settings while the job runs in the background.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByLabel('API base URL').fill(decoy.api);
    await page.getByLabel('API base URL').blur();
    await expect(page.getByText(/The bulk launch is paused: it launches into organization/)).toBeVisible({ timeout: 10_000 });
    expect(await tokenRequestsTo(decoy, seed.token)).toEqual([]);
    // Back, and the organization cleared: paused again, not stuck "Running".
    await page.getByLabel('API base URL').fill(sandbox.api);
    await page.getByLabel('API base URL').blur();
    await page.getByLabel('Organization', { exact: true }).fill('');
    await page.getByRole('link', { name: 'Bulk', exact: true }).click();
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByText(/Settings now say no organization/)).toBeVisible();
    await expect(page.getByText('Paused ·')).toBeVisible();
    const names = (await launches(sandbox)).map((r) => JSON.parse(r.body).name);
    expect(new Set(names).size).toBe(names.length);
    expect(await tokenRequestsTo(decoy, seed.token)).toEqual([]);
  } finally {
    decoy.child.kill();
  }
});

test('after a launch whose answer was lost, Launch asks before sending again', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  await sandbox.fault({ method: 'POST', path_contains: '/runs', times: 1, status: 502, body: '<html>Bad gateway</html>', content_type: 'text/html' });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText(/may have/);
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const question = page.getByRole('alertdialog', { name: 'Launch the same process again?' });
  await expect(question).toContainText('may have gone through');
  await question.getByRole('button', { name: "Don't launch" }).click();
  expect(await launches(sandbox)).toHaveLength(1);
});

// --- 4. Nothing is lost --------------------------------------------------------------------

test('a tab never writes over a history it cannot read; one bad record costs only itself', async ({ page, context, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  await page.getByLabel('Process name').fill('First');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  // Another tab (a newer version) writes a history this one cannot read.
  const newer = JSON.stringify({ schema: 3, records: [{ id: 'future' }] });
  const other = await context.newPage();
  await other.goto('./#/history');
  await other.evaluate((doc) => localStorage.setItem('tallyfy-launcher/history', doc), newer);
  await expect(page.getByText(/This tab no longer saves history/)).toBeVisible();
  await page.getByLabel('Process name').fill('Second');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  expect(await page.evaluate(() => localStorage.getItem('tallyfy-launcher/history'))).toBe(newer);
  await other.close();

  // One unreadable record among good ones: the rest load, it is reported and kept.
  await page.evaluate(() => localStorage.removeItem('tallyfy-launcher/history'));
  await page.reload();
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  await page.getByLabel('Process name').fill('Good one');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  await page.evaluate(() => {
    const doc = JSON.parse(localStorage.getItem('tallyfy-launcher/history'));
    doc.records.push({ id: 'bad', at_ms: 'not a number' });
    localStorage.setItem('tallyfy-launcher/history', JSON.stringify(doc));
  });
  await page.reload();
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.getByText(/1 saved history record could not be read/)).toBeVisible();
  await expect(page.locator('tbody.history-record')).toHaveCount(1);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await page.getByLabel('Process name').fill('After the bad one');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  expect(await page.evaluate(() => localStorage.getItem('tallyfy-launcher/history'))).toContain('not a number');
});

test('an unreadable history is backed up under a dated key, the three newest kept, and the notice says so only when it was', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  for (const bad of ['{broken', '{also broken', '{third', '{fourth', '{fifth']) {
    await page.evaluate((text) => localStorage.setItem('tallyfy-launcher/history', text), bad);
    await page.reload();
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await expect(page.getByText(/could not be read .* A copy was kept in this browser's storage under "tallyfy-launcher\/history\/unreadable-backup\/\d+"/)).toBeVisible();
  }
  const backups = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tallyfy-launcher/history/unreadable-backup/')).map((k) => localStorage.getItem(k)).sort());
  // The oldest two gave way, one at a time, to the newer ones.
  expect(backups).toEqual(['{fifth', '{fourth', '{third']);
});

test('settings, token and presets follow other tabs: a forgotten token stays forgotten', async ({ page, context, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const second = await context.newPage();
  await second.goto('./#/settings');
  await expect(second.getByLabel('API token', { exact: true })).toHaveValue(seed.token);
  await page.getByRole('button', { name: 'Forget token' }).click();
  await expect(second.getByLabel('API token', { exact: true })).toHaveValue('');
  await second.getByLabel('History limit (records)').fill('700');
  await second.getByLabel('History limit (records)').blur();
  await expect(page.getByLabel('History limit (records)')).toHaveValue('700');
  expect(await page.evaluate(() => localStorage.getItem('tallyfy-launcher/token'))).toBeNull();

  // A preset saved in one tab survives a save in the other.
  await page.getByLabel('API token', { exact: true }).fill(seed.token);
  for (const [tab, preset] of [[page, 'From tab one'], [second, 'From tab two']]) {
    await openTemplate(tab, 'quick', 'Quick request (no kick-off form)');
    await tab.getByText('Presets', { exact: true }).click();
    await tab.getByLabel('Preset name').fill(preset);
    await tab.getByRole('button', { name: 'Save as preset' }).click();
  }
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('tallyfy-launcher/presets')));
  expect(saved.presets.map((p) => p.name).sort()).toEqual(['From tab one', 'From tab two']);
});

test('every CSV cell is formula-safe, and imported run links become links only when safe', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  await page.getByLabel('Process name').fill('Plain name');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  await page.getByRole('link', { name: 'History', exact: true }).click();
  const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  // A teammate's export, tampered with: every text a server or a file can put in a cell.
  const doc = JSON.parse(fs.readFileSync(await exported.path(), 'utf8'));
  const record = doc.records[0];
  record.id = 'tampered';
  record.api_base = '=cmd|calc';
  record.org_id = '+org';
  record.template_title = '@title';
  record.request.checklist_id = '-tpl';
  record.outcome.launched.run.id = '=HYPERLINK("http://evil.example")';
  record.outcome.launched.run.status = '-active';
  record.outcome.launched.link = 'javascript:alert(1)';
  await page.getByLabel('Import JSON').setInputFiles({ name: 'h.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect(page.getByTestId('history-message')).toContainText('Imported 1 new record');
  await expect(page.locator('tbody.history-record')).toHaveCount(2);
  // The app's own run keeps its link; the tampered one is shown as text only.
  await expect(page.getByRole('link', { name: /Open run/ })).toHaveCount(1);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const rows = parseCsv(fs.readFileSync(await file.path(), 'utf8'));
  expect(rows.length).toBe(3);
  for (const row of rows) {
    for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  }
});

test('the service worker never keeps an API answer, even from the same origin inside its scope', async ({ page }) => {
  test.setTimeout(90_000);
  const own = await startSandbox(['--app-dir', DIST_DIR, '--same-origin']);
  try {
    const seed = await (await fetch(`${own.origin}/__sandbox/seed`)).json();
    await page.goto(`${own.origin}/#/settings?api=${encodeURIComponent(own.api)}&org=${seed.org_id}`);
    await acceptSwitch(page);
    await page.getByLabel('API token', { exact: true }).fill(seed.token);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
    await page.getByLabel('Process name').fill('Status check');
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh status' }).click();
    await expect(page.getByTestId('history-message')).toContainText('is active');
    const runs = await (await fetch(`${own.origin}/__sandbox/runs`)).json();
    await fetch(`${own.origin}/__sandbox/runs/${runs[0].id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'complete' }) });
    await page.getByRole('button', { name: 'Refresh status' }).click();
    await expect(page.getByTestId('history-message')).toContainText('is complete');
    const cached = await page.evaluate(async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    });
    expect(cached.length).toBeGreaterThan(2);
    expect(cached.filter((u) => u.includes('/api/'))).toEqual([]);
  } finally {
    own.child.kill();
  }
});

// --- 5. The rate limit covers every request ----------------------------------------------

test('a template read answered 429 recovers by itself after Retry-After', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  await sandbox.fault({ method: 'GET', path_contains: `/checklists/${template.id}`, times: 1, status: 429, headers: { 'Retry-After': '2' } });
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await searchTemplates(page, 'all field');
  await templateButton(page, ALL_TYPES).click();
  await expect(page.getByTestId('read-wait')).toContainText('trying again in');
  await expect(page.getByRole('heading', { name: ALL_TYPES, level: 2 })).toBeVisible({ timeout: 10_000 });
  const reads = (await sandbox.apiRequests()).filter((r) => r.path.endsWith(`/checklists/${template.id}`));
  expect(reads.map((r) => r.status)).toEqual([429, 200]);
});

test('opening Bulk against an API that allows 3 requests per 2 s ends with the template loaded, no error', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await sandbox.config({ rate_limit: { max: 3, window_ms: 2000 } });
  await page.getByRole('link', { name: 'Bulk', exact: true }).click();
  await searchTemplates(page, 'Employee onboarding');
  await templateButton(page, 'Employee onboarding').click();
  await expect(page.getByText('Launching "Employee onboarding" (5 kick-off fields).')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
});
