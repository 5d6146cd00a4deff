// The Launch screen's ergonomics (issue 16): the chosen template folds to one line so the form
// starts near the top, on a desk and on a phone.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, bulkRows, fillRequired, openTemplate, searchTemplates, setUpBulkJob, templateButton } from '../helpers.js';
import { ROOT } from '../paths.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

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

// Every screen, in a state with content, at a phone's width and a desk's, in both schemes: no
// horizontal overflow, axe passes, and a screenshot of each (the README shows the phone's Launch).
for (const [scheme, width, height] of [['dark', 390, 844], ['light', 390, 844], ['light', 1280, 1000], ['dark', 1280, 1000]]) {
  test.describe(`${width} px, ${scheme}`, () => {
    test.use({ viewport: { width, height }, colorScheme: scheme, bypassCSP: true, ...(width < 600 ? { isMobile: true, hasTouch: true } : {}) });

    test(`no screen overflows sideways and every screen passes axe (${width} px, ${scheme})`, async ({ page, sandbox, seed }) => {
      test.setTimeout(90_000);
      const check = async (screen) => {
        await page.evaluate(() => window.scrollTo(0, 0));
        const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
        expect(widths.scroll, `${screen} overflows sideways`).toBeLessThanOrEqual(widths.inner);
        const shot = await page.screenshot();
        fs.mkdirSync('test-results', { recursive: true });
        fs.writeFileSync(`test-results/${screen.toLowerCase()}-${width}-${scheme}.png`, shot);
        if (process.env.UPDATE_SCREENSHOT === '1' && screen === 'Launch' && width < 600 && scheme === 'dark') {
          fs.writeFileSync(path.join(ROOT, 'docs/launch-phone.png'), shot);
        }
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => ({ rule: v.id, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} :: ${n.failureSummary}`) }));
        });
        expect(violations, `axe on ${screen} (${width} px, ${scheme})`).toEqual([]);
      };
      await connect(page, sandbox, seed);
      await check('Settings');
      await openTemplate(page, 'all field', ALL_TYPES);
      await fillRequired(page, 'Globex');
      await page.getByLabel('Process name').fill('Onboard Globex');
      await check('Launch');
      await page.getByRole('button', { name: 'Launch', exact: true }).click();
      await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
      await setUpBulkJob(page, bulkRows(6, { 3: 'Hire 3,Person 3,not-an-email,03/04/2026,London' }));
      await expect(page.getByTestId('bulk-check-summary')).toContainText('6 rows checked');
      await check('Bulk');
      await page.getByRole('link', { name: 'History', exact: true }).click();
      await expect(page.locator('tbody.history-record')).toHaveCount(1);
      await check('History');
      await page.getByRole('link', { name: 'Track', exact: true }).click();
      await expect(page.getByTestId('track-age')).toContainText('Figures as of', { timeout: 20_000 });
      await check('Track');
    });
  });
}
