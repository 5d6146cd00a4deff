// The first paint comes from index.html itself, before the app runs: the app's frame and a line
// saying the launcher is loading, replaced by the app without the frame moving. The page names
// itself (a description, an icon) and the console stays clean.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, connect } from '../fixtures.js';
import { APP_PORT, DIST_DIR } from '../paths.js';

/** What index.html paints by itself (JavaScript off): its banner's box. */
async function firstPaint(browser) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${APP_PORT}/#/launch`);
  await expect(page.getByRole('status')).toHaveText('Loading the launcher…');
  await expect(page.getByRole('banner')).toContainText('Tallyfy Launcher');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Launch', 'Bulk', 'History', 'Track', 'Settings']);
  const box = await page.getByRole('banner').boundingBox();
  await context.close();
  return box;
}

test('the page describes itself and carries a content-hashed icon', async () => {
  const html = fs.readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8');
  expect(html).toMatch(/<meta name="description" content="[^"]{40,}"/);
  const icon = html.match(/<link rel="icon" href="\.\/(favicon-[0-9a-f]+\.svg)"/);
  expect(icon, 'a content-hashed icon').toBeTruthy();
  expect(fs.readFileSync(path.join(DIST_DIR, icon[1]), 'utf8')).toContain('<svg');
});

test('the app replaces the first paint without moving the frame, and the console stays clean', async ({ browser, page, sandbox, seed }) => {
  const boot = await firstPaint(browser);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/api/')) problems.push(`${r.status()} ${r.url()}`); });
  await connect(page, sandbox, seed);
  await page.goto('./#/launch');
  await page.reload();
  await expect(page.getByLabel('Search templates')).toBeVisible();
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByText('Loading the launcher…')).toHaveCount(0);
  const app = await page.getByRole('banner').boundingBox();
  expect(Math.abs(app.height - boot.height), `first paint ${boot.height} px, app ${app.height} px`).toBeLessThanOrEqual(1);
  expect(problems).toEqual([]);
});
