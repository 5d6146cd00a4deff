// Shared steps for the end-to-end specs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from './fixtures.js';
import { ROOT } from './paths.js';

export const ALL_TYPES = 'Customer onboarding (all field types)';

/** The id of a field of a seeded template, by template title and field label. */
export function fieldId(seed, templateTitle, label) {
  const template = seed.templates.find((t) => t.title === templateTitle);
  return template.prerun.find((f) => f.label === label).id;
}

/** The template button for an exact title (its accessible name ends with the field count). */
export function templateButton(page, title) {
  const name = typeof title === 'string'
    ? new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\d+ kick-off fields?)?$`)
    : title;
  return page.getByRole('region', { name: 'Matching templates' }).getByRole('button', { name });
}

/** Opens the template picker again when a chosen template has folded it to one line. */
export async function openPicker(page) {
  // On Launch: the screen first (a click on its link lands a moment after the address
  // changes), then a form this tab was filling comes back (it may wait for the members and
  // groups): only then is it settled whether the picker is folded.
  if (/^(#\/launch|#?\/?$)/.test(new URL(page.url()).hash || '#/launch')) {
    await expect(page.getByRole('heading', { name: 'Launch a process', level: 1 })).toBeVisible();
    await expect(page.getByTestId('form-filling')).toHaveCount(0);
  }
  const change = page.getByRole('button', { name: 'Change template' });
  await expect(change.or(page.getByLabel('Search templates')).first()).toBeVisible();
  if (await change.isVisible()) await change.click();
}

/** Types a search and waits until the list shows its results (not an older list). */
export async function searchTemplates(page, search) {
  await openPicker(page);
  await page.getByLabel('Search templates').fill(search);
  await expect(page.getByRole('region', { name: 'Matching templates' })).toHaveAttribute('aria-busy', 'false');
}

/** Opens the Launch screen and loads a template found by searching. */
export async function openTemplate(page, search, title) {
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await searchTemplates(page, search);
  await templateButton(page, title).click();
  // The picker folds when the picked template's form is shown: a form already there (the same
  // template, restored) must not be taken for it.
  await expect(page.getByLabel('Search templates')).toBeHidden();
  await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();
}

/** The launch requests the sandbox received. */
export async function launches(sandbox) {
  return (await sandbox.apiRequests()).filter((r) => r.method === 'POST' && r.path.endsWith('/runs'));
}

/** Fills the required fields of the all-types template with valid values. */
export async function fillRequired(page, name = 'Globex') {
  await page.getByLabel('Customer name').fill(name);
  await page.getByLabel('Contact email').fill('ops@globex.example');
  await page.getByLabel('Start date').fill('2026-03-15');
  await page.getByRole('group', { name: 'Priority' }).getByLabel('High').check();
  await page.getByLabel('Plan').selectOption('Gold');
}

/** A small RFC 4180 CSV reader for checking exports. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

export const BULK_HEADER = 'Process name,Employee name,Work email,Start date,Office';
const OFFICES = ['London', 'New York', 'Remote'];

/** Employee-onboarding rows for Bulk: `count` valid rows; `broken` maps a 1-based row to a replacement row. */
export function bulkRows(count, broken = {}) {
  const lines = [BULK_HEADER];
  for (let i = 1; i <= count; i++) {
    lines.push(broken[i] ?? `Hire ${i},Person ${i},person${i}@example.com,${String((i % 27) + 1).padStart(2, '0')}/04/2026,${OFFICES[i % 3]}`);
  }
  return lines.join('\n');
}

/** Opens Bulk, chooses Employee onboarding, pastes `csv` and checks the rows. */
export async function setUpBulkJob(page, csv) {
  await page.getByRole('link', { name: 'Bulk', exact: true }).click();
  await searchTemplates(page, 'Employee onboarding');
  await templateButton(page, 'Employee onboarding').click();
  await expect(page.getByText('Launching "Employee onboarding" (5 kick-off fields).')).toBeVisible();
  await page.getByLabel('Rows (CSV, first row is the header)').fill(csv);
  await page.getByRole('button', { name: 'Check rows' }).click();
}

/** Sets Settings > rate limit to `requests` per `seconds`. */
export async function setRate(page, requests, seconds) {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Requests', { exact: true }).fill(String(requests));
  await page.getByLabel('per seconds', { exact: true }).fill(String(seconds));
  await page.getByLabel('per seconds', { exact: true }).blur();
}

/** Fills the origin's localStorage to the last character (keys `filler-N`), as a large history
 * does: the app's next write is refused. */
export async function fillStorage(page) {
  await page.evaluate(() => {
    let size = 4 * 1024 * 1024;
    for (let i = 0; size >= 1; i++) {
      try {
        localStorage.setItem(`filler-${i}`, 'x'.repeat(size));
      } catch {
        size = Math.floor(size / 2);
      }
    }
  });
}

/** A Workato formula-mode text evaluated by a real Ruby with `pills` as `trigger`, as JSON
 * (the prelude is the native tests' own: tests/common/workato_prelude.rb). */
export function evaluateWorkato(formula, pills) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workato-'));
  try {
    fs.writeFileSync(path.join(dir, 'pills.json'), JSON.stringify(pills));
    fs.writeFileSync(path.join(dir, 'formula.rb'), formula);
    const prelude = fs.readFileSync(path.join(ROOT, 'tests/common/workato_prelude.rb'), 'utf8');
    const program = `${prelude}\nputs JSON.generate(eval(File.read(ENV.fetch('FORMULA')), binding, 'formula.rb'))`;
    const out = execFileSync('ruby', ['-W0', '-'], {
      input: program,
      env: { ...process.env, PILLS: path.join(dir, 'pills.json'), FORMULA: path.join(dir, 'formula.rb') },
    });
    return JSON.parse(out.toString());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
