// The template picker (a chosen template folds to one line so the form starts near the top;
// quick picks), the keys that move around the Launch screen, and every screen's layout at 390 and
// 1280 px in both schemes.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, bulkRows, fillRequired, openPicker, openTemplate, searchTemplates, setUpBulkJob, templateButton } from '../helpers.js';
import { ROOT } from '../paths.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

test('a chosen template folds to one line, focus goes to its first field, and Change keeps the search', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await searchTemplates(page, 'Employee onboarding');
  await templateButton(page, 'Employee onboarding').click();
  const chosen = page.getByTestId('chosen-template');
  await expect(chosen).toHaveText(/^Employee onboarding · 5 kick-off fields\s*Pin to quick picks\s*Change template$/);
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

test('a template launched once is a recent quick pick after a reload; a pinned one travels with exported presets', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const quick = 'Quick request (no kick-off form)';
  await openTemplate(page, 'quick', quick);
  await page.getByLabel('Process name').fill('Once');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  await page.reload();
  await expect(page.getByTestId('chosen-template')).toContainText(quick);
  await openPicker(page);
  const picks = page.getByRole('region', { name: 'Quick picks' });
  await expect(picks.getByRole('button', { name: /launched/ })).toHaveAccessibleName(/^Quick request \(no kick-off form\) launched (just now|1 minute ago)$/);

  await searchTemplates(page, 'Employee onboarding');
  await templateButton(page, 'Employee onboarding').click();
  const pin = page.getByRole('button', { name: 'Pin to quick picks' });
  await expect(pin).toHaveAttribute('aria-pressed', 'false');
  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  await openPicker(page);
  const choices = picks.locator('.template-choice');
  await expect(choices).toHaveText([
    /^Employee onboardingPinned · not launched from this browser yet$/,
    /^Quick request \(no kick-off form\)launched/,
  ]);
  // One click on a quick pick opens it.
  await choices.nth(1).click();
  await expect(page.getByTestId('chosen-template')).toContainText(quick);

  // Pins travel with exported presets, for a teammate or another browser.
  await page.getByText('Presets', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export presets' }).click()]);
  await expect(page.getByText('Exported 0 presets, 1 pinned template and 0 tracked templates.')).toBeVisible();
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  const employee = seed.templates.find((t) => t.title === 'Employee onboarding');
  expect(exported.pins).toEqual([{ template_id: employee.id, title: 'Employee onboarding' }]);
  await openPicker(page);
  await picks.getByRole('button', { name: 'Unpin Employee onboarding' }).click();
  await expect(choices).toHaveCount(1);
  await page.getByLabel('Import presets').setInputFiles(file);
  await expect(page.getByText('Imported 0 new presets and replaced 0, and pinned 1 template.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('chosen-template')).toContainText(quick);
  await openPicker(page);
  await expect(choices.first()).toHaveText(/^Employee onboardingPinned/);
  await expect(picks.getByRole('button', { name: 'Unpin Employee onboarding' })).toHaveAttribute('aria-pressed', 'true');
});

/** While a form is on its way the picker stays folded behind "Filling the form…" (it never opens to
 * be typed in and then folds away); then the form arrives folded to one line. */
async function pickerStaysFoldedWhileFilling(page) {
  const filling = page.getByTestId('form-filling');
  await expect(filling).toBeVisible();
  while (await filling.isVisible()) {
    await expect(page.getByLabel('Search templates')).toBeHidden();
    await page.waitForTimeout(100);
  }
  await expect(page.getByTestId('chosen-template')).toContainText(ALL_TYPES);
  await expect(page.getByLabel('Search templates')).toBeHidden();
}

for (const way of ['the form restored after a reload', 'a pre-fill link', 'Launch again from History']) {
  test(`${way}: the picker stays folded while its template loads and its people are read`, async ({ page, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    const template = seed.templates.find((t) => t.title === ALL_TYPES);
    if (way === 'the form restored after a reload') {
      await openTemplate(page, 'onboarding', ALL_TYPES);
      await page.getByLabel('Process name').fill('Restored');
    } else if (way === 'Launch again from History') {
      await openTemplate(page, 'onboarding', ALL_TYPES);
      await fillRequired(page, 'Again');
      await page.getByRole('button', { name: 'Launch', exact: true }).click();
      await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
      await page.getByRole('link', { name: 'History', exact: true }).click();
    }
    // A slow template read, then slower members: both halves of "a form on its way".
    await sandbox.fault({ method: 'GET', path_contains: `/checklists/${template.id}`, delay_ms: 1200, times: 1 });
    await sandbox.fault({ method: 'GET', path_contains: '/users', delay_ms: 1500, times: 1 });
    if (way === 'the form restored after a reload') {
      await page.reload();
    } else if (way === 'Launch again from History') {
      await page.getByRole('button', { name: 'Launch again' }).click();
    } else {
      await page.goto('about:blank');
      await page.goto(`./#/launch?template=${template.id}&v.Customer+name=Linked`);
    }
    await pickerStaysFoldedWhileFilling(page);
    const [label, value] = { 'a pre-fill link': ['Customer name', 'Linked'], 'Launch again from History': ['Customer name', 'Again'] }[way] || ['Process name', 'Restored'];
    await expect(page.getByLabel(label)).toHaveValue(value);
    await page.getByRole('button', { name: 'Change template' }).click();
    await expect(page.getByLabel('Search templates')).toBeVisible();
  });
}

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
    // Launch is on that same first screen: the bar sticks to the bottom while the form runs on.
    const launch = page.getByRole('button', { name: 'Launch', exact: true });
    const bar = await launch.boundingBox();
    expect(bar.y).toBeGreaterThanOrEqual(0);
    expect(bar.y + bar.height).toBeLessThanOrEqual(844);
  });

  test('Launch stays in reach of a long form without covering the field being typed in', async ({ page, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    await openTemplate(page, 'all field', ALL_TYPES);
    const bar = page.getByTestId('launch-bar');
    const inView = async () => {
      const b = await page.getByRole('button', { name: 'Launch', exact: true }).boundingBox();
      return b.y >= 0 && b.y + b.height <= 844;
    };
    expect(await inView()).toBe(true);
    // Tab through the whole form: every field that takes focus is clear of the bar, and the bar
    // stays on the screen.
    let fields = 0;
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      const overlap = await page.evaluate(() => {
        const active = document.activeElement;
        const barEl = document.querySelector('[data-testid="launch-bar"]');
        if (!active || !active.closest('form.launch-form') || barEl.contains(active)) return null;
        const a = active.getBoundingClientRect();
        const b = barEl.getBoundingClientRect();
        return { label: active.id || active.name || active.tagName, bottom: a.bottom, top: a.top, barTop: b.top };
      });
      if (!overlap) continue;
      fields += 1;
      expect(overlap.bottom, `${overlap.label} is hidden behind the Launch bar`).toBeLessThanOrEqual(overlap.barTop + 1);
      expect(overlap.top).toBeGreaterThanOrEqual(0);
      expect(await inView()).toBe(true);
    }
    expect(fields).toBeGreaterThan(10);
    await expect(bar).toBeVisible();

    // The Request panel folds under the form behind one button.
    const toggle = page.getByRole('button', { name: 'Request: show what Launch sends' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByTestId('request-body')).toBeHidden();
    await toggle.click();
    await expect(page.getByRole('button', { name: 'Request: hide' })).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('request-body')).toContainText('"checklist_id"');
  });
});

/** Controls smaller than 44 × 44 px (a checkbox or radio counts its label's box). */
async function smallTouchTargets(page) {
  return page.evaluate(() => {
    const selector = 'button, a.button, label.button, nav a, select, summary, input, textarea';
    const small = [];
    for (const el of document.querySelectorAll(selector)) {
      if (el.closest('[hidden], .visually-hidden') || el.classList.contains('visually-hidden')) continue;
      let box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (el.type === 'checkbox' || el.type === 'radio') {
        const label = el.closest('label') ?? document.querySelector(`label[for="${el.id}"]`);
        if (label) box = label.getBoundingClientRect();
      }
      if (box.height < 43.5 || box.width < 43.5) {
        small.push(`${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? el.id).trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  });
}

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
        if (width < 600) expect(await smallTouchTargets(page), `touch targets under 44 px on ${screen}`).toEqual([]);
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
