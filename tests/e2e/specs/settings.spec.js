// Foundation: the Settings screen against the sandbox (issue 2, acceptance 1 to 3).
import { test, expect, connect } from '../fixtures.js';

const BROWSER_HEADERS = new Set([
  'host', 'connection', 'user-agent', 'origin', 'referer', 'accept-encoding', 'accept-language',
  'content-length', 'pragma', 'cache-control', 'priority',
]);

test('Test connection succeeds with the demo token and sends exactly the API headers', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  // Nothing to say about the token: no empty notice bar under it (issue 25 §4).
  await expect(page.locator('.warning, .notice')).toHaveCount(0);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection-status')).toContainText('Connected as Alice Admin (alice@example.com)');

  const me = (await sandbox.apiRequests()).find((r) => r.path === '/api/me');
  expect(me, 'the sandbox received GET /api/me').toBeTruthy();
  expect(me.method).toBe('GET');
  const own = Object.fromEntries(
    Object.entries(me.headers).filter(([name]) => !BROWSER_HEADERS.has(name) && !name.startsWith('sec-')),
  );
  // A GET has no body, so no Content-Type: the other three, exactly, and nothing else of ours.
  expect(own).toEqual({
    authorization: `Bearer ${seed.token}`,
    accept: 'application/json',
    'x-tallyfy-client': 'APIClient',
  });
  // The organization picker is filled from GET /me/organizations.
  await expect(page.getByLabel('Choose from your account')).toContainText(seed.org_name);
});

test('a wrong token shows the 401 explanation and offers to re-enter it', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, { ...seed, token: 'not-the-right-token' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  const status = page.getByTestId('connection-status');
  await expect(status).toContainText('The API token was refused (401');
  await expect(status).toContainText('stop working when you log out of Tallyfy');
  await expect(status).toContainText('Request ID (X-Request-Id): sbx-');
  await page.getByRole('button', { name: 'Re-enter token' }).click();
  await expect(page.getByLabel('API token', { exact: true })).toBeFocused();
});

test('Test connection is a doctor: each kind of failure is named with its fix, and the diagnostics copy without the token', async ({ page, context, sandbox, seed }) => {
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await connect(page, sandbox, seed);
  const status = page.getByTestId('connection-status');
  const runTest = async () => {
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(status).not.toContainText('Testing the connection');
    return status.getByTestId('connection-checks');
  };
  const setBase = async (base) => {
    await page.getByLabel('API base URL').fill(base);
    await page.getByLabel('API base URL').press('Enter');
  };
  // Healthy: three checks passed.
  let checks = await runTest();
  await expect(checks.locator('li.passed')).toHaveCount(3);
  await expect(checks).toContainText('Connected as Alice Admin (alice@example.com)');
  await expect(checks).toContainText(`(${seed.org_id}) is one of yours.`);
  await expect(checks).toContainText('Its templates can be read');

  const classes = [
    ['CORS', async () => sandbox.config({ cors: false }), 'The browser refused the call: the API at'],
    ['closed port', async () => setBase('http://127.0.0.1:9/api'), "The API's host could not be reached"],
    ['wrong base', async () => setBase(`${sandbox.origin}/not-the-api`), 'The API base URL is wrong:'],
    ['bad token', async () => page.getByLabel('API token', { exact: true }).fill('not-the-token'), 'The token was refused'],
    ['unknown organization', async () => page.getByLabel('Organization', { exact: true }).fill('no-such-org'), 'no-such-org is not one of your organizations'],
    // Retried by itself a few times, as every read is; then named.
    ['rate limit', async () => sandbox.fault({ method: 'GET', path_contains: '/me', status: 429, headers: { 'Retry-After': '1' } }), 'Tallyfy is limiting requests (429)'],
  ];
  const said = new Set();
  for (const [kind, arrange, words] of classes) {
    await sandbox.reset();
    await setBase(sandbox.api);
    await page.getByLabel('API token', { exact: true }).fill(seed.token);
    await page.getByLabel('Organization', { exact: true }).fill(seed.org_id);
    await arrange();
    checks = await runTest();
    await expect(checks.locator('li.failed'), kind).toHaveCount(1);
    await expect(checks.locator('li.failed'), kind).toContainText(words);
    await expect(checks.locator('li.failed'), kind).toContainText('Fix:');
    said.add(await checks.locator('li.failed').innerText());
  }
  expect(said.size, 'every kind has its own words').toBe(classes.length);
  // The last one, copied: what a support request needs, never the token.
  await page.getByRole('button', { name: 'Copy diagnostics' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('Tallyfy Launcher connection check');
  expect(copied).toContain(`API base URL: ${sandbox.api}`);
  expect(copied).toContain('✗ The API and your token (GET /me): Tallyfy is limiting requests (429)');
  expect(copied).not.toContain(seed.token);
});

test('settings survive a reload; an unremembered token is gone in a new session', async ({ page, browser, sandbox, seed, baseURL }) => {
  await connect(page, sandbox, seed, { remember: false });
  await page.reload();
  await expect(page.getByLabel('API base URL')).toHaveValue(sandbox.api);
  await expect(page.getByLabel('Organization', { exact: true })).toHaveValue(seed.org_id);
  // Same tab: the session keeps the token.
  await expect(page.getByLabel('API token', { exact: true })).toHaveValue(seed.token);
  const local = await page.evaluate(() => JSON.stringify(localStorage));
  expect(local).not.toContain(seed.token);

  // A new tab is a new session: the same storage state minus sessionStorage.
  const state = await page.context().storageState();
  const other = await browser.newContext({ storageState: state, baseURL });
  const tab = await other.newPage();
  await tab.goto('./#/settings');
  await expect(tab.getByLabel('API base URL')).toHaveValue(sandbox.api);
  await expect(tab.getByLabel('Organization', { exact: true })).toHaveValue(seed.org_id);
  await expect(tab.getByLabel('API token', { exact: true })).toHaveValue('');
  await other.close();
});

test('a remembered token comes back after a reload, and Forget token erases it', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed, { remember: true });
  await page.reload();
  await expect(page.getByLabel('API token', { exact: true })).toHaveValue(seed.token);
  await page.getByRole('button', { name: 'Forget token' }).click();
  await expect(page.getByLabel('API token', { exact: true })).toHaveValue('');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(seed.token);
});

test('the token never shows in the URL, unremembered storage, or the console', async ({ page, sandbox, seed }) => {
  const console = [];
  page.on('console', (message) => console.push(message.text()));
  page.on('pageerror', (error) => console.push(String(error)));
  await connect(page, sandbox, seed, { remember: false });
  const token = page.getByLabel('API token', { exact: true });
  await expect(token).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show token' }).click();
  await expect(token).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide token' }).click();
  await expect(token).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection-status')).toContainText('Connected as');
  await page.reload();
  // The setup link's parameters were removed from the address bar once read.
  expect(page.url()).not.toContain('api=');
  expect(page.url()).not.toContain(seed.token);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(seed.token);
  expect(console.join('\n')).not.toContain(seed.token);
});

test('a corrupted stored setting gives a clear message and defaults, not a blank page', async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => localStorage.setItem('tallyfy-launcher/settings/v1', '{"api_base": 42,'));
  await page.reload();
  await expect(page.getByText('Your saved settings could not be read')).toBeVisible();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('API base URL')).toHaveValue('https://go.tallyfy.com/api');
  await expect(page.getByText(/A copy was kept in this browser's storage under "tallyfy-launcher\/settings\/unreadable-backup\/\d+"/)).toBeVisible();
  const backups = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('tallyfy-launcher/settings/unreadable-backup/')).map(([, v]) => v));
  expect(backups).toEqual(['{"api_base": 42,']);
});

test('a link to another API base asks before switching', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await page.goto(`./#/settings?api=${encodeURIComponent('http://127.0.0.1:9/api')}&org=other`);
  const question = page.getByRole('alertdialog', { name: 'Switch API base URL?' });
  await expect(question).toContainText('http://127.0.0.1:9/api');
  await question.getByRole('button', { name: 'Keep my settings' }).click();
  await expect(page.getByLabel('API base URL')).toHaveValue(sandbox.api);
  await expect(page.getByLabel('Organization', { exact: true })).toHaveValue(seed.org_id);
});
