// History (issue 4, acceptance 2 to 4).
import fs from 'node:fs';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, fieldId, openTemplate, fillRequired, launches, parseCsv } from '../helpers.js';

async function launchOnce(page) {
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText(/Process launched|Launch failed/);
}

function row(page, name) {
  return page.locator('tbody.history-record').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

test('launches are kept across a reload, searchable, relaunchable, refreshable and exportable', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page, 'Globex');
  await page.getByLabel('Process name').fill('Onboard {{Customer name}}');
  await launchOnce(page);

  const planId = fieldId(seed, ALL_TYPES, 'Plan');
  await sandbox.fault({
    method: 'POST', path_contains: '/runs', times: 1, status: 422,
    body: JSON.stringify({ message: 'The given data was invalid.', errors: { [`prerun.${planId}`]: ['Invalid dropdown choice selected.'] } }),
  });
  await page.getByLabel('Customer name').fill('Initech');
  await launchOnce(page);

  await page.reload();
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.getByTestId('history-count')).toContainText('Showing 2 of 2 matching records');
  await expect(row(page, 'Onboard Globex')).toContainText('launched');
  await expect(row(page, 'Onboard Initech')).toContainText('failed');

  // Search by the error text.
  await page.getByLabel('Search history').fill('invalid dropdown');
  await expect(page.getByTestId('history-count')).toContainText('Showing 1 of 1');
  await expect(row(page, 'Onboard Initech')).toBeVisible();
  await expect(row(page, 'Onboard Globex')).toHaveCount(0);
  await page.getByLabel('Search history').fill('');

  // Refresh status picks up what the sandbox changed.
  const [run] = await sandbox.runs();
  await sandbox.setRun(run.id, { status: 'complete' });
  await row(page, 'Onboard Globex').getByRole('button', { name: 'Refresh status' }).click();
  await expect(page.getByTestId('history-message')).toContainText('"Onboard Globex" is complete (100 % complete).');
  await expect(row(page, 'Onboard Globex')).toContainText('complete');

  // Export CSV: a file whose rows match.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const rows = parseCsv(fs.readFileSync(await download.path(), 'utf8'));
  expect(rows[0].slice(0, 6)).toEqual(['time_utc', 'process_name', 'template_title', 'template_id', 'outcome', 'run_id']);
  const byName = Object.fromEntries(rows.slice(1).map((r) => [r[1], r]));
  expect(Object.keys(byName).sort()).toEqual(['Onboard Globex', 'Onboard Initech']);
  expect(byName['Onboard Globex'][4]).toBe('launched');
  expect(byName['Onboard Globex'][5]).toBe(run.id);
  expect(byName['Onboard Globex'][6]).toBe('complete');
  expect(byName['Onboard Initech'][4]).toBe('failed');
  expect(byName['Onboard Initech'][8]).toBe('422');

  // Launch again refills the form with that record's values.
  await row(page, 'Onboard Initech').getByRole('button', { name: 'Launch again' }).click();
  await expect(page.getByRole('heading', { name: ALL_TYPES, level: 2 })).toBeVisible();
  await expect(page.getByLabel('Customer name')).toHaveValue('Initech');
  await expect(page.getByLabel('Contact email')).toHaveValue('ops@globex.example');
  await expect(page.getByLabel('Plan')).toHaveValue('3');
  await expect(page.getByLabel('Process name')).toHaveValue('Onboard Initech');
  await expect(page.getByRole('group', { name: 'Priority' }).getByLabel('High')).toBeChecked();
});

test('details, delete, clear all, import and the Keep history switch', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  for (const name of ['First', 'Second']) {
    await page.getByLabel('Process name').fill(name);
    await launchOnce(page);
  }
  await page.getByRole('link', { name: 'History', exact: true }).click();
  const first = row(page, 'First');
  await first.getByRole('button', { name: 'Details' }).click();
  await expect(first.getByTestId('record-details')).toContainText('"name": "First"');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const exported = fs.readFileSync(await download.path(), 'utf8');
  expect(JSON.parse(exported).records).toHaveLength(2);

  await row(page, 'Second').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('history-count')).toContainText('Showing 1 of 1');
  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.getByRole('alertdialog', { name: 'Delete all history?' }).getByRole('button', { name: 'Delete all records' }).click();
  await expect(page.getByTestId('history-message')).toContainText('All history records were deleted.');
  await page.reload();
  await expect(page.getByTestId('history-count')).toContainText('No launches recorded yet.');

  await page.getByLabel('Import JSON').setInputFiles({ name: 'teammate.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(page.getByTestId('history-message')).toContainText('Imported 2 new records from teammate.json; 0 were already here.');
  await page.getByLabel('Import JSON').setInputFiles({ name: 'teammate.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(page.getByTestId('history-message')).toContainText('Imported 0 new records from teammate.json; 2 were already here.');
  await page.getByLabel('Import JSON').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"kind":"presets"}') });
  await expect(page.getByTestId('history-message')).toContainText('other.json could not be imported');

  // Keep history off: nothing new is stored, and the screen says so.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Keep history').uncheck();
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  await page.getByLabel('Process name').fill('Not recorded');
  await launchOnce(page);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.getByText('Keep history is off (Settings)')).toBeVisible();
  await expect(page.getByTestId('history-count')).toContainText('Showing 2 of 2');
  expect(await launches(sandbox)).toHaveLength(3);
});

test('the token is nowhere in storage, the export or the details view', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed, { remember: false });
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  await launchOnce(page);
  await sandbox.fault({ method: 'POST', path_contains: '/runs', times: 1, status: 401, body: '{"message":"Unauthenticated."}' });
  await page.getByLabel('Customer name').fill('Other');
  await launchOnce(page);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  const records = page.locator('tbody.history-record');
  await expect(records).toHaveCount(2);
  for (let i = 0; i < 2; i++) await records.nth(i).getByRole('button', { name: 'Details' }).click();
  const details = await page.locator('main').innerText();
  expect(details).toContain('Request body');
  expect(details).not.toContain(seed.token);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).toContain('tallyfy-launcher/history');
  expect(stored).not.toContain(seed.token);
  for (const button of ['Export CSV', 'Export JSON']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text.length).toBeGreaterThan(100);
    expect(text).not.toContain(seed.token);
  }
});

test('two tabs launching at the same time both end with both records', async ({ page, context, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const other = await context.newPage();
  await other.goto('./#/launch');
  for (const [tab, name] of [[page, 'From tab one'], [other, 'From tab two']]) {
    await openTemplate(tab, 'quick', 'Quick request (no kick-off form)');
    await tab.getByLabel('Process name').fill(name);
  }
  await Promise.all([page, other].map((tab) => tab.getByRole('button', { name: 'Launch', exact: true }).click()));
  for (const tab of [page, other]) {
    await expect(tab.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  }
  expect(await launches(sandbox)).toHaveLength(2);
  for (const tab of [page, other]) {
    await tab.getByRole('link', { name: 'History', exact: true }).click();
    await expect(row(tab, 'From tab one')).toBeVisible();
    await expect(row(tab, 'From tab two')).toBeVisible();
  }
  // And what is stored holds both.
  await other.close();
  await page.reload();
  await expect(page.getByTestId('history-count')).toContainText('Showing 2 of 2');
});

test('History opened first shows the newest records read alone, an older history is written newest first, and a delete keeps the rest', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  for (const name of ['First', 'Second', 'Third']) {
    await page.getByLabel('Process name').fill(name);
    await launchOnce(page);
  }
  const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('tallyfy-launcher/history')));
  const names = (doc) => doc.records.map((r) => r.request.name);
  const written = await stored();
  expect(written.newest_first).toBe(true);
  expect(names(written)).toEqual(['Third', 'Second', 'First']);
  const listed = page.locator('tbody.history-record th');

  // As an older version wrote it: oldest first, not said to be newest first. Read whole, listed
  // newest first, and written again newest first once History is ready.
  await page.evaluate((doc) => {
    const { newest_first: _, ...older } = doc;
    older.records = [...doc.records].reverse();
    localStorage.setItem('tallyfy-launcher/history', JSON.stringify(older));
  }, written);
  await page.goto('./#/history');
  await page.reload();
  await expect(listed).toHaveText(['Third', 'Second', 'First']);
  await expect.poll(async () => (await stored()).newest_first, { timeout: 10_000 }).toBe(true);
  expect(names(await stored())).toEqual(['Third', 'Second', 'First']);

  // Opened first again: the newest page at once, and a delete from it keeps every other record.
  await page.reload();
  await expect(listed).toHaveText(['Third', 'Second', 'First']);
  await expect(page.getByTestId('history-count')).toHaveText('Showing 3 of 3 matching records (3 in all).');
  await row(page, 'Second').getByRole('button', { name: 'Delete' }).click();
  await expect(listed).toHaveText(['Third', 'First']);
  await page.reload();
  await expect(listed).toHaveText(['Third', 'First']);
  expect(names(await stored())).toEqual(['Third', 'First']);
});
