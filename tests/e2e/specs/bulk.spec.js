// Bulk launch (issue 5, acceptance 2 to 4).
import fs from 'node:fs';
import { test, expect, connect } from '../fixtures.js';
import { busiestWindow } from '../measure.js';
import { launches, parseCsv, BULK_HEADER as HEADER, bulkRows as rows, setUpBulkJob as setUpJob, setRate } from '../helpers.js';

test('three bad rows are listed, excluded, and 27 launch paced under the limit with no 429', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await setRate(page, 10, 5); // the sandbox's limit
  const csv = rows(30, {
    5: 'Hire 5,Person 5,not-an-email,05/04/2026,London',
    12: 'Hire 12,Person 12,p12@example.com,12/04/2026,Paris',
    20: 'Hire 20,Person 20,p20@example.com,31/02/2026,Remote',
  });
  await setUpJob(page, csv);

  await expect(page.getByTestId('bulk-check-summary')).toHaveText('30 rows checked: 3 with problems, 0 possible duplicates, 30 included.');
  const table = page.getByTestId('bulk-check-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tbody tr').nth(0)).toContainText('Work email: "not-an-email" is not an email address');
  await expect(table.locator('tbody tr').nth(1)).toContainText('Office: "Paris" is not one of the options: "London", "New York", "Remote"');
  await expect(table.locator('tbody tr').nth(2)).toContainText('Start date: "31/02/2026" is not a date');
  await expect(page.getByRole('button', { name: 'Launch 30 rows' })).toBeDisabled();

  // A dry run shows the exact body of a row.
  await page.getByLabel('Show every row (not only those with problems or possible duplicates)').check();
  await page.getByRole('button', { name: 'Show request for row 1', exact: true }).click();
  const dry = JSON.parse(await page.getByTestId('bulk-dry-run').innerText());
  expect(dry.name).toBe('Hire 1');
  expect(Object.values(dry.prerun)).toContain('person1@example.com');

  await page.getByRole('button', { name: 'Exclude rows with problems' }).click();
  await sandbox.config({ rate_limit: { max: 10, window_ms: 5000 } });
  const before = (await sandbox.apiRequests()).length;
  await page.getByRole('button', { name: 'Launch 27 rows' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 27 · Failed 0 · Unknown 0 · Remaining 0', { timeout: 60_000 });

  const during = (await sandbox.apiRequests()).slice(before);
  const posts = during.filter((r) => r.method === 'POST');
  expect(posts).toHaveLength(27);
  expect(during.filter((r) => r.status === 429)).toHaveLength(0);
  expect(busiestWindow(during.map((r) => r.at_ms), 5000)).toBeLessThanOrEqual(10);
  const names = posts.map((r) => JSON.parse(r.body).name).sort();
  expect(new Set(names).size).toBe(27);
  expect(names).not.toContain('Hire 5');

  // The results download holds the input columns plus each outcome.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download results (CSV)' }).click()]);
  const results = parseCsv(fs.readFileSync(await download.path(), 'utf8'));
  expect(results[0]).toEqual([...HEADER.split(','), 'outcome', 'run_id', 'run_link', 'error']);
  expect(results.slice(1).filter((r) => r[5] === 'launched')).toHaveLength(27);
  expect(results.slice(1).filter((r) => r[5] === 'excluded').map((r) => r[0]).sort()).toEqual(['Hire 12', 'Hire 20', 'Hire 5']);
  // And each launch is in History.
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.getByTestId('history-count')).toContainText('(27 in all)');
});

test('a 429 row is retried and launched; a 500 row is unknown and never re-sent', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await setRate(page, 10, 1);
  await setUpJob(page, rows(5));
  await sandbox.fault([
    { method: 'POST', path_contains: '/runs', skip: 1, times: 1, status: 429, headers: { 'Retry-After': '1' } },
    { method: 'POST', path_contains: '/runs', skip: 3, times: 1, status: 500 },
  ]);
  await page.getByRole('button', { name: 'Launch 5 rows' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 4 · Failed 0 · Unknown 1 · Remaining 0', { timeout: 20_000 });
  const sent = (await launches(sandbox)).map((r) => [JSON.parse(r.body).name, r.status]);
  expect(sent).toEqual([['Hire 1', 201], ['Hire 2', 429], ['Hire 2', 201], ['Hire 3', 201], ['Hire 4', 500], ['Hire 5', 201]]);
  const results = page.getByTestId('bulk-results');
  await expect(results.locator('tr[data-row="4"]')).toContainText('unknown');
  await expect(results.locator('tr[data-row="4"]')).toContainText('It may have launched');
  await expect(page.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await page.waitForTimeout(1500);
  expect((await launches(sandbox)).length).toBe(6);
});

test('a reload mid-job reopens it paused; Resume finishes; every row is sent exactly once', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await setRate(page, 2, 3); // one launch every 1.5 s
  await setUpJob(page, rows(6));
  await page.getByRole('button', { name: 'Launch 6 rows' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText(/Launched 2 /, { timeout: 20_000 });
  // Reload while waiting for the next paced slot (not while a request is on its way).
  await expect(page.getByTestId('bulk-pacing')).toBeVisible();
  await page.reload();
  await expect(page.getByText(/was interrupted and has been reopened, paused/)).toBeVisible();
  await page.getByRole('link', { name: 'Bulk', exact: true }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 2 · Failed 0 · Unknown 0 · Remaining 4');
  await expect(page.getByText('Paused ·')).toBeVisible();
  const sentBefore = (await launches(sandbox)).length;
  expect(sentBefore).toBe(2);
  await page.waitForTimeout(2000);
  expect((await launches(sandbox)).length).toBe(2);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 6 · Failed 0 · Unknown 0 · Remaining 0', { timeout: 30_000 });
  const names = (await launches(sandbox)).map((r) => JSON.parse(r.body).name).sort();
  expect(names).toEqual(['Hire 1', 'Hire 2', 'Hire 3', 'Hire 4', 'Hire 5', 'Hire 6']);
});
