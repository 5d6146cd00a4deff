// The README's screenshot of the Launch screen, taken in headless Chromium. Every run takes it
// (into test-results/); UPDATE_SCREENSHOT=1 also writes docs/launch-screen.png to commit.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, openTemplate, fillRequired } from '../helpers.js';
import { ROOT } from '../paths.js';

test.use({ viewport: { width: 1280, height: 1000 }, colorScheme: 'light' });

test('the Launch screen, for the README', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page, 'Globex Corporation');
  await page.getByLabel('Notes').fill('Signed on the 3-year plan.');
  await page.getByRole('group', { name: 'Modules' }).getByLabel('SSO').check();
  await page.getByLabel('Process name').fill('Onboard {{Customer name}} – {{today:%d %b %Y}}');
  await expect(page.getByTestId('name-preview')).toContainText('Onboard Globex Corporation');
  await page.evaluate(() => window.scrollTo(0, 0));
  const shot = await page.screenshot();
  expect(shot.length).toBeGreaterThan(20_000);
  fs.mkdirSync('test-results', { recursive: true });
  fs.writeFileSync('test-results/launch-screen.png', shot);
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.writeFileSync(path.join(ROOT, 'docs/launch-screen.png'), shot);
  }
});
