// Accessibility (issue 7): axe-core on every screen, in light and dark, fails on any violation.
import { createRequire } from 'node:module';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, openTemplate, searchTemplates, templateButton } from '../helpers.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

// axe is injected as a script: the test (not the app) bypasses the page's CSP to do so.
test.use({ bypassCSP: true });

async function audit(page, screen) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} :: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 220)}`),
    }));
  });
  expect(result, `axe violations on ${screen}`).toEqual([]);
}

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test(`every screen passes axe (${scheme})`, async ({ page, sandbox, seed }) => {
      test.setTimeout(90_000);
      await connect(page, sandbox, seed);
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect(page.getByTestId('connection-status')).toContainText('Connected as');
      await audit(page, 'Settings');

      await openTemplate(page, 'all field', ALL_TYPES);
      // With every field's error showing, and the tools open.
      await page.getByRole('button', { name: 'Launch', exact: true }).click();
      await expect(page.getByText('Nothing was launched')).toBeVisible();
      await page.getByText('Presets', { exact: true }).click();
      await page.getByText('Share link', { exact: true }).click();
      await audit(page, 'Launch with errors');

      await page.getByRole('textbox', { name: 'Customer name', exact: true }).fill('Axe');
      await page.getByRole('textbox', { name: 'Contact email', exact: true }).fill('axe@example.com');
      await page.getByLabel('Start date').fill('2026-01-02');
      await page.getByRole('group', { name: 'Priority' }).getByLabel('Low').check();
      await page.getByRole('combobox', { name: 'Plan', exact: true }).selectOption('Bronze');
      await page.getByRole('button', { name: 'Launch', exact: true }).click();
      await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
      await page.getByText('Define the kick-off form yourself').click();
      await page.getByRole('button', { name: 'Add field' }).click();
      await audit(page, 'Launch with result and editor');

      // Steps to assign, process options, Tallyfy's own link and the Workato recipe body.
      await openTemplate(page, 'escalation', 'Incident escalation');
      await page.getByLabel('Page the on-call manager: deadline').fill('soon');
      await page.getByRole('button', { name: 'Launch', exact: true }).click();
      await expect(page.getByTestId('assignments').getByText('Deadline "soon" is not a date')).toBeVisible();
      await page.getByText('Process options: starred, tags, folders').click();
      await expect(page.getByRole('group', { name: 'Tags' })).toBeVisible();
      await page.getByRole('button', { name: 'Open pre-filled in Tallyfy' }).click();
      await page.getByText('Export for Workato', { exact: true }).click();
      await audit(page, 'Launch with steps to assign');

      await page.getByRole('link', { name: 'History', exact: true }).click();
      await page.getByRole('button', { name: 'Details' }).first().click();
      await audit(page, 'History');

      await page.getByRole('link', { name: 'Bulk', exact: true }).click();
      await searchTemplates(page, 'Employee onboarding');
      await templateButton(page, 'Employee onboarding').click();
      await page.getByLabel('Rows (CSV, first row is the header)').fill('Process name,Employee name,Work email,Start date,Office,Colour\nOne,A,a@x.example,01/04/2026,London,red\nTwo,B,bad,01/04/2026,Paris,blue');
      await page.getByLabel('Column "Colour" fills').selectOption({ label: 'Ignore this column' });
      await page.getByRole('button', { name: 'Check rows' }).click();
      await audit(page, 'Bulk check');
      await page.getByRole('button', { name: 'Exclude rows with problems' }).click();
      await page.getByRole('button', { name: 'Launch 1 row' }).click();
      await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 1 · Failed 0 · Unknown 0 · Remaining 0');
      await audit(page, 'Bulk job');
    });
  });
}
