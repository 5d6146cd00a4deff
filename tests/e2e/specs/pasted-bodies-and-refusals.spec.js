// A pasted Workato body, keyboard-only use, and a browser that refuses to store the history.
import fs from 'node:fs';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, fieldId, launches, fillStorage } from '../helpers.js';

test('an old Workato body is explained, converted to field ids, and fills the form', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  const old = {
    blueprint_id: template.id,
    title: 'Imported order',
    owner_id: 1002,
    organization_id: seed.org_id,
    prerun: { 'Customer name': 'Old Co', 'Contact email': 'old@co.example', Plan: { id: 1, text: 'Bronze' }, 'Favourite colour': 'red' },
  };
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await page.getByText('Paste a launch body (Workato or seed)').click();
  await page.getByLabel('Launch body (JSON)').fill(JSON.stringify(old));
  await page.getByRole('button', { name: 'Read body' }).click();
  await expect(page.getByText('This body is in the old Workato form')).toBeVisible();
  await expect(page.getByRole('heading', { name: ALL_TYPES, level: 2 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Customer name', exact: true })).toHaveValue('Old Co');
  await expect(page.getByRole('combobox', { name: 'Plan', exact: true })).toHaveValue('1');
  await expect(page.getByLabel('Process name')).toHaveValue('Imported order');
  await expect(page.getByLabel('Owner')).toHaveValue('1002');
  await expect(page.getByText('"Favourite colour" matches no field')).toBeVisible();
  await expect(page.getByTestId('request-body')).toContainText(`"${fieldId(seed, ALL_TYPES, 'Customer name')}": "Old Co"`);
  expect(await launches(sandbox)).toHaveLength(0);
});

test('the whole flow works from the keyboard alone', async ({ page, sandbox, seed }) => {
  await page.goto(`./#/settings?api=${encodeURIComponent(sandbox.api)}&org=${seed.org_id}`);
  // The switch question is answered from the keyboard too: Enter on "Switch".
  const question = page.getByRole('alertdialog', { name: 'Switch API base URL?' });
  await question.getByRole('button', { name: /^Switch/ }).focus();
  await page.keyboard.press('Enter');
  await expect(question).toHaveCount(0);
  await page.getByLabel('API token', { exact: true }).focus();
  await page.keyboard.type(seed.token);
  // Enter submits the settings form: Test connection.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connection-status')).toContainText('Connected as');

  // To Launch through the navigation, by Tab and Enter.
  await page.getByRole('link', { name: 'Launch', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Search templates').focus();
  await page.keyboard.type('quick');
  const choice = page.getByRole('button', { name: /^Quick request/ });
  await expect(page.getByRole('region', { name: 'Matching templates' })).toHaveAttribute('aria-busy', 'false');
  await choice.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Process name')).toBeVisible();
  await page.getByLabel('Process name').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Keyboard only');
  // Tab order reaches the Launch button; Space presses it.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.getByRole('button', { name: 'Launch', exact: true }).evaluate((b) => b === document.activeElement)) break;
  }
  await expect(page.getByRole('button', { name: 'Launch', exact: true })).toBeFocused();
  await page.keyboard.press('Space');
  const result = page.getByRole('region', { name: 'Launch result' });
  await expect(result).toContainText('Process launched');
  // Focus moves to the result.
  await expect(result).toBeFocused();
  // Focus is visible: the focused control draws an outline.
  await page.getByRole('button', { name: 'Clear form' }).focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const outline = await page.getByRole('button', { name: 'Clear form' }).evaluate((b) => getComputedStyle(b).outlineStyle);
  expect(outline).not.toBe('none');
});

test('when the browser refuses to store history, the user is told, offered an export, and nothing is lost', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  // Fill the page's storage to the last character so that writing the history fails.
  await fillStorage(page);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await page.getByLabel('Search templates').fill('quick');
  await expect(page.getByRole('region', { name: 'Matching templates' })).toHaveAttribute('aria-busy', 'false');
  await page.getByRole('button', { name: /^Quick request/ }).click();
  await page.getByLabel('Process name').fill('Kept in memory');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  await expect(page.getByText(/The launch history could not be saved: the browser's storage for this page is full/).first()).toBeVisible();
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.locator('tbody.history-record')).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON now' }).click()]);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(exported.records.map((r) => r.request.name)).toEqual(['Kept in memory']);
});
