// The Launch screen's ergonomics (issue 16): the chosen template folds to one line so the form
// starts near the top, on a desk and on a phone.
import { test, expect, connect } from '../fixtures.js';
import { searchTemplates, templateButton } from '../helpers.js';

test('a chosen template folds to one line, focus goes to its first field, and Change keeps the search', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await searchTemplates(page, 'Employee onboarding');
  await templateButton(page, 'Employee onboarding').click();
  const chosen = page.getByTestId('chosen-template');
  await expect(chosen).toHaveText(/^Employee onboarding · 5 kick-off fields\s*Change template$/);
  await expect(page.getByLabel('Search templates')).toBeHidden();
  await expect(page.locator('.kickoff').first().locator('input, select, textarea').first()).toBeFocused();

  await page.getByRole('button', { name: 'Change template' }).click();
  await expect(page.getByLabel('Search templates')).toHaveValue('Employee onboarding');
  await expect(page.getByLabel('Search templates')).toBeFocused();
  await expect(chosen).toHaveCount(0);
  // The form stays while another is chosen.
  await expect(page.getByRole('heading', { name: 'Employee onboarding', level: 2 })).toBeVisible();
  await searchTemplates(page, 'quick');
  await templateButton(page, /^Quick request/).click();
  await expect(chosen).toContainText('Quick request');

  // A restored form (after a reload) starts folded too.
  await page.reload();
  await expect(chosen).toContainText('Quick request');
});

test('keyboard: / goes to the template search, Enter opens a result, Escape answers the launch-again question', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await expect(page.getByLabel('Search templates')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search templates')).toBeFocused();
  await page.keyboard.type('quick');
  await expect(page.getByRole('region', { name: 'Matching templates' })).toHaveAttribute('aria-busy', 'false');
  await templateButton(page, /^Quick request/).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chosen-template')).toContainText('Quick request');
  // In a text box "/" is just a character.
  await page.getByLabel('Process name').fill('a/b');
  await page.getByLabel('Process name').press('/');
  await expect(page.getByLabel('Process name')).toHaveValue('a/b/');
  await expect(page.getByTestId('chosen-template')).toBeVisible();
  // Elsewhere, "/" reopens the folded picker at its search.
  await page.getByRole('heading', { name: 'Launch a process', level: 1 }).click();
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search templates')).toBeFocused();
  await expect(page.getByLabel('Search templates')).toHaveValue('quick');

  await page.getByLabel('Process name').fill('Twice');
  await page.getByLabel('Process name').press('Control+Enter');
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  await page.getByLabel('Process name').press('Control+Enter');
  const question = page.getByRole('alertdialog', { name: 'Launch the same process again?' });
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: "Don't launch" }).focus();
  await page.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  expect((await sandbox.apiRequests()).filter((r) => r.method === 'POST')).toHaveLength(1);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true, hasTouch: true });

  test('the first field is on the first screen after choosing a template', async ({ page, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    await page.getByRole('link', { name: 'Launch', exact: true }).click();
    await searchTemplates(page, 'Employee onboarding');
    await templateButton(page, 'Employee onboarding').click();
    const first = page.locator('.kickoff').first().locator('input, select, textarea').first();
    await expect(first).toBeFocused();
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await first.boundingBox();
    expect(box.y + box.height).toBeLessThanOrEqual(844);
  });
});
