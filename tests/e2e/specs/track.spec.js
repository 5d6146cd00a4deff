// The Track board (issue 15): a bulk batch and a run launched elsewhere, advanced through the
// sandbox's control endpoint, then counted, drawn and flagged as the sandbox says; the refresh
// keeps to its share of the rate limit, shows its progress, and keeps figures when a read fails;
// axe on the board in both schemes; the README's screenshot.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { test, expect, connect } from '../fixtures.js';
import { bulkRows, setUpBulkJob, setRate } from '../helpers.js';
import { ROOT } from '../paths.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const SEGMENTS = ['complete', 'on track', 'overdue', 'problem', 'archived'];
const BUCKETS = ['0–24 %', '25–49 %', '50–74 %', '75–99 %', '100 %'];

/** Launches `count` Employee onboarding rows through Bulk and waits for all of them. */
async function launchBatch(page, count) {
  await setUpBulkJob(page, bulkRows(count));
  await page.getByRole('button', { name: `Launch ${count} rows` }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText(`Launched ${count} · Failed 0 · Unknown 0 · Remaining 0`, { timeout: 60_000 });
}

/** Launches a run straight on the sandbox's API, as Workato or a teammate would. */
async function launchElsewhere(request, sandbox, seed, name) {
  const template = seed.templates.find((t) => t.title === 'Employee onboarding');
  const prerun = {};
  for (const field of template.prerun) {
    if (!field.required) continue;
    prerun[field.id] = {
      text: 'Ada', email: 'ada@example.com', date: '2026-04-01T00:00:00.000Z',
      dropdown: field.options?.[0] && { id: field.options[0].id, text: field.options[0].text },
    }[field.field_type] ?? 'Ada';
  }
  const send = () => request.post(`${sandbox.api}/organizations/${seed.org_id}/runs`, {
    headers: { authorization: `Bearer ${seed.token}`, accept: 'application/json', 'x-tallyfy-client': 'APIClient', 'content-type': 'application/json' },
    data: JSON.stringify({ checklist_id: template.id, name, prerun }),
  });
  let response = await send();
  // The batch just before may have used this window's requests: wait as the API says, once.
  if (response.status() === 429) {
    await new Promise((done) => setTimeout(done, 1000 * Number(response.headers()['retry-after'] ?? 5)));
    response = await send();
  }
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).data;
}

/** A chart's table as { row label: [numbers] }. */
async function chartTable(page, testId) {
  const table = page.getByTestId(testId);
  await expect(table).toBeVisible();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  return Object.fromEntries(rows.map(([label, ...cells]) => [label, cells.map(Number)]));
}

/** The sandbox's next task for a run (a collection, as Tallyfy documents it), or undefined. */
const nextTaskOf = (run) => run.next_task.data[0];

/** Whether the sandbox's documented fields make a run late. */
function isLate(run, now) {
  const next = nextTaskOf(run);
  return run.late_tasks > 0 || run.due_date_passed || run.status === 'delayed' || Boolean(next && Date.parse(next.deadline) < now);
}

/** Where the sandbox says a run stands, as the board draws it. */
function segmentOf(run, now) {
  if (run.status === 'complete') return 'complete';
  if (run.status === 'archived') return 'archived';
  if (run.status === 'problem' || run.status === 'issue' || run.has_open_issue) return 'problem';
  return isLate(run, now) ? 'overdue' : 'on track';
}

/** Due soon as the board shows it: Tallyfy's flag on an open process that is not late. */
const isDueSoon = (run, now) => !['complete', 'archived'].includes(run.status) && run.due_soon && !isLate(run, now);

function bucketOf(run) {
  const percent = run.status === 'complete' ? 100 : run.progress.percent;
  return percent >= 100 ? 4 : Math.min(3, Math.floor(percent / 25));
}

test('a bulk batch, advanced in the sandbox, is counted, drawn and flagged as the sandbox says in Tallyfy\'s documented shapes', async ({ page, request, sandbox, seed }) => {
  test.setTimeout(120_000);
  await connect(page, sandbox, seed);
  await setRate(page, 30, 5);
  // The API allows a little more than the app keeps to: a send at the edge of a window may
  // arrive in the next one (this test is about the figures; pacing is tested below).
  await sandbox.config({ rate_limit: { max: 32, window_ms: 5000 } });
  await launchBatch(page, 30);

  const runs = await sandbox.runs();
  expect(runs).toHaveLength(30);
  for (const run of runs.slice(0, 5)) await sandbox.setRun(run.id, { status: 'complete' });
  for (const run of runs.slice(5, 10)) await sandbox.setRun(run.id, { complete_tasks: 1 });
  for (const run of runs.slice(10, 13)) await sandbox.setRun(run.id, { overdue: true });
  for (const run of runs.slice(13, 15)) await sandbox.setRun(run.id, { status: 'problem' });
  await sandbox.setRun(runs[15].id, { complete_tasks: 2 });
  for (const run of runs.slice(16, 18)) await sandbox.setRun(run.id, { due_soon: true });
  await sandbox.setRun(runs[18].id, { status: 'issue', has_open_issue: true });
  await sandbox.setRun(runs[19].id, { has_open_issue: true });
  await sandbox.setRun(runs[20].id, { status: 'archived' });
  const outside = await launchElsewhere(request, sandbox, seed, 'Launched by Workato');

  const before = (await sandbox.apiRequests()).length;
  await page.getByRole('link', { name: 'Track', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Track', level: 1 })).toBeVisible();
  await expect(page.getByTestId('track-age')).toContainText('Figures as of', { timeout: 20_000 });
  // Archived processes are listed only when asked for: the board asks once this is ticked.
  await page.getByText(/^Tracked templates/).click();
  await page.getByLabel(/Include archived processes/).check();
  await expect.poll(async () => (await sandbox.apiRequests()).some((r) => r.query.includes('archived=only')), { timeout: 20_000 }).toBeTruthy();
  await expect(page.getByTestId('track-progress')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('track-age')).toContainText('Figures as of');
  const reads = (await sandbox.apiRequests()).slice(before).filter((r) => r.path.endsWith('/runs'));
  expect(reads.length).toBeGreaterThan(0);
  for (const read of reads) {
    expect(read.method).toBe('GET');
    expect(read.query).toContain('with=checklist,next_task&');
    expect(read.query).not.toContain('tasks_meta');
    expect(read.headers.authorization).toBe(`Bearer ${seed.token}`);
    expect(read.status).toBe(200);
  }
  expect(reads.some((r) => r.query.includes('archived=only'))).toBeTruthy();

  // The sandbox's own view of every run, as the board should draw it.
  const now = Date.now();
  const state = (await sandbox.runs()).map((r) => ({ ...r, segment: segmentOf(r, now) }));
  const batch = state.filter((r) => r.id !== outside.id);
  const count = (list, segment) => list.filter((r) => r.segment === segment).length;
  expect(count(batch, 'complete')).toBe(5);
  expect(count(batch, 'overdue')).toBe(3);
  expect(count(batch, 'problem')).toBe(4);
  expect(count(batch, 'archived')).toBe(1);
  const dueSoon = batch.filter((r) => isDueSoon(r, now)).length;
  expect(dueSoon).toBe(2);

  // The batch: summary, the status bar's table, the progress table, the flags.
  await page.getByLabel('Batch').selectOption({ index: 1 });
  const summary = page.getByTestId('track-summary').locator('.summary-line');
  const open = batch.filter((r) => !['complete', 'archived'].includes(r.status)).length;
  await expect(summary).toHaveText(new RegExp(`^Bulk job of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(30 processes\\): 5 complete, ${open} active, 3 overdue, ${dueSoon} due soon, 4 with a problem, 1 archived of 30$`));
  await page.getByText('Where they stand as a table').click();
  const status = await chartTable(page, 'table-status');
  for (const segment of SEGMENTS) expect(status[segment], segment).toEqual([count(batch, segment)]);
  expect(status.all).toEqual([30]);
  await page.getByText('Progress as a table').click();
  const progress = await chartTable(page, 'table-progress');
  BUCKETS.forEach((label, i) => expect(progress[label], label).toEqual([batch.filter((r) => bucketOf(r) === i).length]));
  await page.getByText('Launches per day as a table').click();
  const days = await chartTable(page, 'table-days');
  const totals = Object.values(days).map((cells) => cells[cells.length - 1]);
  expect(totals.reduce((a, b) => a + b, 0)).toBe(30);
  await expect(page.locator('.track-table tbody tr')).toHaveCount(25);
  await page.getByRole('button', { name: 'Show more' }).click();
  await expect(page.locator('.track-table tbody tr')).toHaveCount(30);
  for (const run of batch) {
    const row = page.locator(`tr[data-run-id="${run.id}"]`);
    await expect(row.getByTestId('overdue')).toHaveCount(run.segment === 'overdue' ? 1 : 0);
    await expect(row.getByTestId('due-soon')).toHaveCount(isDueSoon(run, now) ? 1 : 0);
    await expect(row.getByTestId('open-issue')).toHaveCount(run.has_open_issue && run.status === 'active' ? 1 : 0);
    await expect(row).toContainText(`${run.progress.complete} of ${run.progress.total} tasks`);
    await expect(row).toContainText(run.status);
    const next = nextTaskOf(run);
    if (next && !['complete', 'archived'].includes(run.status)) await expect(row).toContainText(next.title);
    else if (!next) await expect(row.locator('td').last()).toHaveText('—');
  }
  const late = page.locator(`tr[data-run-id="${batch.find((r) => r.segment === 'overdue').id}"]`);
  await expect(late).toContainText('Due ');
  await expect(late).toContainText('from bulk job of');

  // Overdue as a status filter; a search; the run launched elsewhere under its template.
  await page.getByLabel('Status').selectOption('overdue');
  await expect(page.locator('.track-table tbody tr')).toHaveCount(3);
  // The charts redrew for the new selection; the tables opened before stay open.
  expect(await chartTable(page, 'table-status')).toMatchObject({ overdue: [3], all: [3] });
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Batch').selectOption('');
  await page.getByLabel('Template').selectOption({ label: 'Employee onboarding' });
  await expect(page.getByTestId('track-count')).toContainText('of 31 matching processes');
  const elsewhere = page.locator(`tr[data-run-id="${outside.id}"]`);
  await expect(elsewhere).toContainText('Launched by Workato');
  await expect(elsewhere).toContainText('elsewhere (not in this browser');
  await page.getByLabel('Search processes').fill('workato');
  await expect(page.locator('.track-table tbody tr')).toHaveCount(1);

  // Export and summary.
  await page.getByLabel('Search processes').fill('');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.trim().split('\n')).toHaveLength(32);
  expect(csv.split('\n')[0]).toContain('Process,Template,Status,Overdue');

  // The board survives switching screens: back on Track, the same figures, no new read.
  const age = await page.getByTestId('track-age').innerText();
  const requestsBefore = (await sandbox.apiRequests()).length;
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('link', { name: 'Track', exact: true }).click();
  await expect(page.getByTestId('track-age')).toHaveText(age);
  await expect(page.getByTestId('track-count')).toContainText('(31 on the board)');
  expect((await sandbox.apiRequests()).filter((r) => r.path.endsWith('/runs')).length).toBe(
    (await sandbox.apiRequests()).slice(0, requestsBefore).filter((r) => r.path.endsWith('/runs')).length,
  );
});

test('a refresh keeps to its share of the limit, shows its progress, and keeps figures when a read fails', async ({ page, sandbox, seed }) => {
  test.setTimeout(120_000);
  await connect(page, sandbox, seed);
  // 8 requests per 2 s; the board may use half: 4 per 2 s.
  await setRate(page, 8, 2);
  await page.getByLabel('Track refresh: share of the rate limit (%)').fill('50');
  await page.getByLabel('Track refresh: share of the rate limit (%)').blur();
  await sandbox.config({ rate_limit: { max: 8, window_ms: 2000 } });
  await launchBatch(page, 2);
  const template = seed.templates.find((t) => t.title === 'Employee onboarding');
  await sandbox.control('POST', '/runs', { checklist_id: template.id, count: 1100, days: 20 });

  const before = (await sandbox.apiRequests()).length;
  await page.getByRole('link', { name: 'Track', exact: true }).click();
  await expect(page.getByTestId('track-progress')).toContainText(/page \d+ of 12/);
  await expect(page.getByTestId('track-age')).toContainText('Figures as of', { timeout: 60_000 });
  await expect(page.getByTestId('track-count')).toContainText('(1102 on the board)');
  const reads = (await sandbox.apiRequests()).slice(before).filter((r) => r.path.endsWith('/runs'));
  expect(reads).toHaveLength(12);
  expect(reads.filter((r) => r.status === 429)).toHaveLength(0);
  const times = reads.map((r) => r.at_ms).sort((a, b) => a - b);
  for (let i = 0; i + 4 < times.length; i++) expect(times[i + 4] - times[i], 'at most 4 reads in any 2 s').toBeGreaterThanOrEqual(2000);

  // A failing read: the figures stay, marked stale, and the problem is named.
  await sandbox.fault({ method: 'GET', path_contains: '/runs', status: 500, times: 1 });
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('alert')).toContainText('"Employee onboarding" could not be read (page 1)');
  await expect(page.getByTestId('track-age')).toContainText('Stale: Figures as of');
  await expect(page.getByTestId('track-count')).toContainText('(1102 on the board)');
});

test('Forget token stops a refresh between pages: nothing more is sent with the old token', async ({ page, sandbox, seed }) => {
  test.setTimeout(120_000);
  await connect(page, sandbox, seed);
  await sandbox.config({ rate_limit: null });
  await launchBatch(page, 2);
  const template = seed.templates.find((t) => t.title === 'Employee onboarding');
  await sandbox.control('POST', '/runs', { checklist_id: template.id, count: 1100, days: 20 });
  // Each page takes a while, so the refresh is still running when the token is forgotten.
  await sandbox.fault({ method: 'GET', path_contains: '/runs', delay_ms: 600 });
  const reads = async () => (await sandbox.apiRequests()).filter((r) => r.path.endsWith('/runs') && r.method === 'GET');
  await page.getByRole('link', { name: 'Track', exact: true }).click();
  await expect(page.getByTestId('track-progress')).toContainText(/page [3-9] of 12/, { timeout: 30_000 });
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('button', { name: 'Forget token' }).click();
  const atForget = (await reads()).length;
  await page.getByRole('link', { name: 'Track', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('The refresh stopped: the API token, base or organization changed in Settings', { timeout: 10_000 });
  await page.waitForTimeout(2_000);
  // At most the page already on its way when the button was pressed; the last page never.
  const after = await reads();
  expect(after.length - atForget).toBeLessThanOrEqual(1);
  expect(after.length).toBeLessThan(12);
  expect(after.every((r) => r.headers.authorization === `Bearer ${seed.token}`)).toBeTruthy();
});

test('a teammate tracks a template this browser never launched from, and the choice travels with the presets', async ({ page, request, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await sandbox.config({ rate_limit: null });
  const template = seed.templates.find((t) => t.title === 'Employee onboarding');
  await sandbox.control('POST', '/runs', { checklist_id: template.id, count: 3, days: 2, name: 'From Workato' });
  await page.getByRole('link', { name: 'Track', exact: true }).click();
  await expect(page.getByTestId('track-empty')).toContainText('Nothing to track yet');
  await page.getByText(/^Tracked templates/).click();
  await page.getByRole('button', { name: 'Track another template' }).click();
  await page.getByLabel('Search templates').fill('onboarding');
  await page.getByRole('region', { name: 'Matching templates' }).getByRole('button', { name: /^Employee onboarding( \d+ kick-off fields?)?$/ }).click();
  await expect(page.getByTestId('track-message')).toContainText('Tracking "Employee onboarding"');
  await expect(page.getByTestId('track-count')).toContainText('(3 on the board)', { timeout: 20_000 });
  await expect(page.getByText(/^Tracked templates \(1 chosen\)/)).toBeVisible();
  // Kept with the presets, and exported with them.
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await page.getByText('Presets', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export presets' }).click()]);
  const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(file.tracked).toEqual([{ template_id: template.id, title: 'Employee onboarding' }]);
  // Removed: not read again.
  await page.getByRole('link', { name: 'Track', exact: true }).click();
  await page.getByText(/^Tracked templates/).click();
  await page.getByRole('button', { name: 'Stop tracking Employee onboarding' }).click();
  await expect(page.getByText(/^Tracked templates \(0 chosen\)/)).toBeVisible();
  const before = (await sandbox.apiRequests()).length;
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByTestId('track-age')).toContainText('Figures as of');
  await page.waitForTimeout(500);
  expect((await sandbox.apiRequests()).slice(before).filter((r) => r.path.endsWith('/runs'))).toHaveLength(0);
});

test('a board with no launches says what to do', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await page.getByRole('link', { name: 'Track', exact: true }).click();
  await expect(page.getByTestId('track-empty')).toContainText('Nothing to track yet');
});

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme, bypassCSP: true, viewport: { width: 1280, height: 1100 } });

    test(`the board passes axe and every chart has its table (${scheme})`, async ({ page, sandbox, seed }) => {
      test.setTimeout(90_000);
      await connect(page, sandbox, seed);
      await sandbox.config({ rate_limit: null });
      await launchBatch(page, 12);
      const runs = await sandbox.runs();
      for (const run of runs.slice(0, 4)) await sandbox.setRun(run.id, { status: 'complete' });
      for (const run of runs.slice(4, 6)) await sandbox.setRun(run.id, { complete_tasks: 1 });
      await sandbox.setRun(runs[6].id, { overdue: true });
      await sandbox.setRun(runs[7].id, { status: 'problem' });
      const template = seed.templates.find((t) => t.title === 'Employee onboarding');
      await sandbox.control('POST', '/runs', { checklist_id: template.id, count: 40, days: 9, name: 'Onboarding (Workato)' });
      await page.getByRole('link', { name: 'Track', exact: true }).click();
      await expect(page.getByTestId('track-age')).toContainText('Figures as of', { timeout: 20_000 });
      if (scheme === 'light') {
        await page.evaluate(() => window.scrollTo(0, 0));
        const shot = await page.screenshot();
        expect(shot.length).toBeGreaterThan(20_000);
        fs.mkdirSync('test-results', { recursive: true });
        fs.writeFileSync('test-results/track-board.png', shot);
        if (process.env.UPDATE_SCREENSHOT === '1') fs.writeFileSync(path.join(ROOT, 'docs/track-board.png'), shot);
      }
      // Every chart is a picture with its figures as a table (built when opened).
      for (const summary of await page.locator('.chart details summary').all()) await summary.click();
      for (const id of ['chart-days', 'chart-status', 'chart-progress']) {
        const chart = page.getByTestId(id);
        await expect(chart.locator('svg[role="img"]')).toHaveCount(1);
        await expect(chart.locator('details[open] table')).toHaveCount(1);
      }
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({ rule: v.id, nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} :: ${n.failureSummary}`) }));
      });
      expect(violations, `axe violations on Track (${scheme})`).toEqual([]);
    });
  });
}
