// Shared steps for the end-to-end specs.
import { expect } from './fixtures.js';

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

/** Types a search and waits until the list shows its results (not an older list). */
export async function searchTemplates(page, search) {
  await page.getByLabel('Search templates').fill(search);
  await expect(page.getByRole('region', { name: 'Matching templates' })).toHaveAttribute('aria-busy', 'false');
}

/** Opens the Launch screen and loads a template found by searching. */
export async function openTemplate(page, search, title) {
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await searchTemplates(page, search);
  await templateButton(page, title).click();
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
