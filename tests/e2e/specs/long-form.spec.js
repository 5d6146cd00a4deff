// A form longer than the window: its first screen of fields paints first and the rest arrives in
// later frames (issue 28). Whatever the user types meanwhile, and the fields added later, are all
// kept, restored and sent.
import { test, expect, connect } from '../fixtures.js';
import { fieldId, openTemplate, launches } from '../helpers.js';

const BIG = 'Big form (200 fields)';

test('a long form keeps what is typed before the rest arrives, and sends fields added later', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'Big form', BIG);
  const id = (label) => fieldId(seed, BIG, label);
  const field = (label) => page.getByLabel(label, { exact: true });
  const list = page.locator('.kickoff-list');

  // Typed at once, while later fields are still being added below.
  await field('Field 001').fill('typed first');
  await expect(page.locator('.kickoff')).toHaveCount(200);
  await field('Field 197').fill('near the end');
  await field('Field 199').fill('late@example.com');
  await page.getByRole('group', { name: 'Field 194' }).getByLabel('Two').check();
  await field('Field 195').selectOption('Three');
  await expect(list).toHaveAttribute('aria-busy', 'false');
  await expect(field('Field 001')).toHaveValue('typed first');

  // A reload restores the saved form, the fields far down included.
  await page.reload();
  await expect(page.getByRole('heading', { name: BIG, level: 2 })).toBeVisible();
  await expect(field('Field 199')).toHaveValue('late@example.com');
  await expect(field('Field 001')).toHaveValue('typed first');
  await expect(page.getByRole('group', { name: 'Field 194' }).getByLabel('Two')).toBeChecked();

  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  const sent = await launches(sandbox);
  expect(sent).toHaveLength(1);
  expect(JSON.parse(sent[0].body).prerun).toEqual({
    [id('Field 001')]: 'typed first',
    [id('Field 194')]: 'Two',
    [id('Field 195')]: { id: 3, text: 'Three' },
    [id('Field 197')]: 'near the end',
    [id('Field 199')]: 'late@example.com',
  });
});

test('a launch attempt right after opening a long form shows every field and its problem', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'Big form', BIG);
  // An email field on the first screen, the Launch button below all 200.
  await page.getByLabel('Field 003', { exact: true }).fill('not an email');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByLabel('Field 003', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.kickoff')).toHaveCount(200);
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was launched' })).toContainText('Field 003');
  expect(await launches(sandbox)).toHaveLength(0);
});
