// The content security policy is in force, author HTML cannot execute, the token goes only to
// the configured API base, and no stored or exported artifact contains it.
import fs from 'node:fs';
import { test, expect, connect, startSandbox } from '../fixtures.js';
import { ALL_TYPES, openTemplate, fillRequired, launches, searchTemplates, templateButton } from '../helpers.js';

/** Records Content-Security-Policy violations from the first script on. */
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

test('the built page carries the policy, the app runs under it, and injected script is blocked', async ({ page, sandbox, seed }) => {
  await watchViolations(page);
  await connect(page, sandbox, seed);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'none'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]{44}'/);
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("frame-src 'none'");
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  for (const screen of ['Bulk', 'History', 'Settings']) await page.getByRole('link', { name: screen, exact: true }).click();
  // The app's own use of the page breaks none of the policy.
  expect(await page.evaluate(() => window.__violations)).toEqual([]);

  // The hostile template's handlers are refused even while its guidance is parsed (inertly),
  // and nothing of it runs.
  await openTemplate(page, 'hostile', /Hostile/);
  await page.waitForTimeout(300);
  const refused = await page.evaluate(() => window.__violations);
  // Not vacuous: the guidance's inline handlers were seen, and refused.
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.every((v) => v.startsWith('script-src-attr'))).toBe(true);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

  // An inline script added at run time (as an injection would be) does not run.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.appendChild(script);
  });
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => window.__injected)).toBeUndefined();
  expect((await page.evaluate(() => window.__violations)).join(' ')).toContain('script-src');
});

test('the token is sent only to the configured API base', async ({ page, sandbox, seed }) => {
  // A second loopback server the page is pointed at in every other way.
  const decoy = await startSandbox();
  try {
    await connect(page, sandbox, seed);
    // Links to it as the web app (Open in Tallyfy) and in a file value.
    await page.getByLabel('Tallyfy web app address (for "Open in Tallyfy" links)').fill(decoy.origin);
    // A link naming the decoy as API base: the user keeps their settings.
    const template = seed.templates.find((t) => t.title === ALL_TYPES);
    await page.goto(`./#/launch?api=${encodeURIComponent(decoy.api)}&template=${template.id}&v.Contract=${encodeURIComponent(`${decoy.origin}/files/contract.pdf`)}`);
    await page.getByRole('alertdialog', { name: 'Switch API base URL?' }).getByRole('button', { name: 'Keep my settings' }).click();
    await expect(page.getByLabel('Contract: file 1 URL')).toHaveValue(`${decoy.origin}/files/contract.pdf`);
    await fillRequired(page);
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    const result = page.getByRole('region', { name: 'Launch result' });
    await expect(result.getByRole('link', { name: 'Open in Tallyfy' })).toHaveAttribute('href', new RegExp(`^${decoy.origin}/`));
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh status' }).click();
    await expect(page.getByTestId('history-message')).toContainText('is active');

    const decoyControl = `${decoy.origin}/__sandbox/requests`;
    const received = await (await fetch(decoyControl)).json();
    expect(received.filter((r) => JSON.stringify(r.headers).includes(seed.token))).toEqual([]);
    expect(received).toEqual([]);
    // The configured base did get it, on every call.
    const calls = await sandbox.apiRequests();
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.every((r) => r.headers.authorization === `Bearer ${seed.token}`)).toBe(true);
  } finally {
    decoy.child.kill();
  }
});

test('no stored or exported artifact contains the token', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed, { remember: true });
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  const texts = [];
  // A preset and its export.
  await page.getByText('Presets', { exact: true }).click();
  await page.getByLabel('Preset name').fill('Secretless');
  await page.getByRole('button', { name: 'Save as preset' }).click();
  const [presets] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export presets' }).click()]);
  texts.push(fs.readFileSync(await presets.path(), 'utf8'));
  // The share link and the Workato export.
  await page.getByText('Share link', { exact: true }).click();
  texts.push(await page.getByLabel('Share link', { exact: true }).inputValue());
  await page.getByText('Export for Workato', { exact: true }).click();
  texts.push(await page.getByTestId('workato-export').innerText());
  expect(texts[texts.length - 1]).toContain('{{your Tallyfy API token}}');
  // A bulk job and its results.
  await page.getByRole('link', { name: 'Bulk', exact: true }).click();
  await searchTemplates(page, 'Employee onboarding');
  await templateButton(page, 'Employee onboarding').click();
  await page.getByLabel('Rows (CSV, first row is the header)').fill('Process name,Employee name,Work email,Start date,Office\nOne,A,a@x.example,01/04/2026,London');
  await page.getByRole('button', { name: 'Check rows' }).click();
  await page.getByRole('button', { name: 'Launch 1 row' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 1 · Failed 0 · Unknown 0 · Remaining 0');
  const [results] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download results (CSV)' }).click()]);
  texts.push(fs.readFileSync(await results.path(), 'utf8'));
  // History exports.
  await page.getByRole('link', { name: 'History', exact: true }).click();
  for (const name of ['Export CSV', 'Export JSON']) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    texts.push(fs.readFileSync(await file.path(), 'utf8'));
  }
  // Everything stored, except the one place "Remember token" keeps it on purpose.
  const stored = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k !== 'tallyfy-launcher/token'));
  expect(stored.map(([k]) => k).sort()).toEqual(expect.arrayContaining(['tallyfy-launcher/bulk/job', 'tallyfy-launcher/history', 'tallyfy-launcher/presets', 'tallyfy-launcher/settings/v1']));
  texts.push(JSON.stringify(stored));
  for (const text of texts) {
    expect(text.length).toBeGreaterThan(20);
    expect(text).not.toContain(seed.token);
  }
  expect(await launches(sandbox)).toHaveLength(2);
});
