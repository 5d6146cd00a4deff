// Hosting it for a team (issue 26): the build, pointed at its team's API base and organization
// (scripts/pre-point.mjs), served by real nginx and real Caddy with the configurations in deploy/,
// each also passing /tallyfy-api/ to a Tallyfy-like API that allows no other origin (the sandbox
// with CORS off): the browser never makes a cross-origin call. Settings come from the build, and
// the launch, a 429 waited out, a 500 sent once, a paced bulk job and the Track refresh all work
// through the proxy; the service worker works under a sub-path; the access log holds no token.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, startSandbox, Sandbox } from '../fixtures.js';
import { bulkRows, launches, openTemplate, setRate, setUpBulkJob } from '../helpers.js';
import { DIST_DIR } from '../paths.js';
import { splitPackFile } from '../measure.js';
import { prePointDir } from '../../../scripts/pre-point.mjs';
import { startCaddy, startNginx } from '../servers.js';

const SERVERS = [
  // nginx serves the copy under a sub-path; Caddy at the root of its site.
  { name: 'nginx', start: startNginx, sub: 'tools/launcher/', upstream: (api) => `${api.api}/` },
  { name: 'Caddy', start: startCaddy, sub: '', upstream: (api) => api.origin },
];

/** Presses Launch with a fresh name (so the repeat question never asks) and waits for it. */
async function launchNamed(page, name) {
  await page.getByLabel('Process name').fill(name);
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
}

for (const server of SERVERS) {
  test(`${server.name}: a pre-pointed copy and Tallyfy's API on one origin work with no CORS at all`, async ({ page, request }) => {
    test.setTimeout(180_000);
    const own = await startSandbox();
    const sandbox = new Sandbox(request, own.origin);
    const seed = await sandbox.seed();
    await sandbox.config({ cors: false });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hosted-'));
    fs.chmodSync(root, 0o755);
    const site = path.join(root, server.sub);
    fs.cpSync(DIST_DIR, site, { recursive: true });
    prePointDir(site, { api: '/tallyfy-api', org: seed.org_id });
    const web = await server.start({ root: server.name === 'nginx' ? root : site, upstream: server.upstream(own) });
    try {
      const app = `${web.url}${server.sub}`;
      // Settings come from the build: a teammate pastes only the token.
      await page.goto(`${app}#/settings`);
      await expect(page.getByLabel('API base URL')).toHaveValue('/tallyfy-api');
      await expect(page.getByLabel('Organization', { exact: true })).toHaveValue(seed.org_id);
      await page.getByLabel('API token', { exact: true }).fill(seed.token);
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect(page.getByTestId('connection-status')).toContainText('Connected as Alice Admin');

      // A launch, through the proxy: the headers arrive as sent, with no Origin (server to server).
      await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
      // The request (and every curl or schedule written from it) names the full address.
      await expect(page.getByRole('complementary', { name: 'Request' })).toContainText(`POST ${web.url}tallyfy-api/organizations/${seed.org_id}/runs`);
      const result = page.getByRole('region', { name: 'Launch result' });
      await launchNamed(page, 'Hosted 1');
      await expect(result).toContainText('Process launched');
      const [first] = await launches(sandbox);
      expect(first.headers.authorization).toBe(`Bearer ${seed.token}`);
      expect(first.headers['x-tallyfy-client']).toBe('APIClient');
      expect(first.headers.origin).toBeUndefined();

      // A 429 is waited out as Retry-After says (the proxy passes it), then sent again.
      await sandbox.fault({ method: 'POST', path_contains: '/runs', status: 429, times: 1, headers: { 'Retry-After': '1' }, body: JSON.stringify({ message: 'Too Many Attempts.' }) });
      await launchNamed(page, 'Hosted 2');
      await expect(result).toContainText('Process launched', { timeout: 20_000 });
      await expect(result).toContainText('After 1 automatic retry');
      // A 500 is never sent again.
      await sandbox.fault({ method: 'POST', path_contains: '/runs', status: 500, times: 1, body: JSON.stringify({ message: 'Server Error' }) });
      const before = (await launches(sandbox)).length;
      await launchNamed(page, 'Hosted 3');
      await expect(result).toContainText('may have happened');
      await page.waitForTimeout(1_000);
      expect((await launches(sandbox)).length).toBe(before + 1);

      // A bulk job, paced to the limit: no 429 from the API's own limiter.
      await setRate(page, 3, 2);
      await sandbox.config({ rate_limit: { max: 3, window_ms: 2000 } });
      const beforeBulk = (await sandbox.apiRequests()).length;
      await setUpBulkJob(page, bulkRows(4));
      await page.getByRole('button', { name: 'Launch 4 rows' }).click();
      await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 4 · Failed 0 · Unknown 0 · Remaining 0', { timeout: 60_000 });
      expect((await sandbox.apiRequests()).slice(beforeBulk).filter((r) => r.status === 429)).toHaveLength(0);

      // The Track board refreshes through the proxy.
      await sandbox.config({ rate_limit: null });
      await page.getByRole('link', { name: 'Track', exact: true }).click();
      await expect(page.getByTestId('track-age')).toContainText('Figures as of', { timeout: 30_000 });
      await expect(page.getByTestId('track-count')).toContainText('on the board');

      // The form's pack (the form's code as one file, for a page no worker serves) comes as
      // any hashed file does: compressed, kept a year, the same bytes.
      const packName = splitPackFile(DIST_DIR, 'launch_form_chunk');
      const pack = await request.get(`${app}${packName}`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(pack.status()).toBe(200);
      expect(pack.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
      expect(pack.headers()['cache-control']).toContain('immutable');
      expect((await pack.body()).equals(fs.readFileSync(path.join(DIST_DIR, packName)))).toBeTruthy();

      // The service worker keeps the copy, in its own folder.
      const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
      expect(scope).toBe(app);

      // The access log names the calls, never the token.
      const log = web.accessLog();
      expect(log).toContain('/tallyfy-api/');
      expect(log).not.toContain(seed.token);
      expect(log.toLowerCase()).not.toContain('bearer');
    } finally {
      await web.stop();
      own.child.kill();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
}

test('a pre-pointed copy that is not on the https (or loopback) origin refuses to send the token', async () => {
  const { problem } = await import('../../../scripts/pre-point.mjs');
  expect(problem({ api: '/tallyfy-api', org: 'abc_1' })).toBeNull();
  expect(problem({ api: 'https://proxy.example.com/api' })).toBeNull();
  for (const api of ['//evil.example/api', 'http://evil.example/api', '/a/../b', 'javascript:alert(1)', '/api?x=1']) {
    expect(problem({ api }), api).not.toBeNull();
  }
  expect(problem({ org: 'a b' })).not.toBeNull();
});
