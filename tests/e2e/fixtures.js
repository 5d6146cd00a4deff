// Test fixtures: each worker runs its own sandbox on a free port; each test resets it, so every
// test starts from the seed, no faults, and an empty request log. Playwright gives each test a
// fresh browser context, so browser storage starts empty too.
import { test as base, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { SANDBOX_BIN } from './paths.js';

/** Starts a sandbox process and resolves once it prints its address (and, when it also
 * serves the app with --app-dir, the app's address as `appUrl`). */
export function startSandbox(args = []) {
  const servesApp = args.includes('--app-dir');
  return new Promise((resolve, reject) => {
    const child = spawn(SANDBOX_BIN, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), 15_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const api = out.match(/sandbox api listening on (http:\/\/\S+)\/api/);
      const app = out.match(/app listening on (http:\/\/\S+)/);
      if (api && (app || !servesApp)) {
        clearTimeout(timer);
        resolve({ child, origin: api[1], api: `${api[1]}/api`, appUrl: app && app[1] });
      }
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
  });
}

/** A handle on one sandbox: its control endpoints, for arranging and inspecting a test. */
export class Sandbox {
  constructor(request, origin) {
    this.request = request;
    this.origin = origin;
    this.api = `${origin}/api`;
  }
  async control(method, path, data) {
    const response = await this.request.fetch(`${this.origin}/__sandbox${path}`, {
      method,
      data: data === undefined ? undefined : JSON.stringify(data),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.ok(), `sandbox control ${method} ${path}`).toBeTruthy();
    return response.json();
  }
  reset() { return this.control('POST', '/reset'); }
  seed() { return this.control('GET', '/seed'); }
  /** Every API request received so far (preflights included), oldest first. */
  requests() { return this.control('GET', '/requests'); }
  /** API requests other than CORS preflights. */
  async apiRequests() { return (await this.requests()).filter((r) => r.method !== 'OPTIONS'); }
  runs() { return this.control('GET', '/runs'); }
  fault(rule) { return this.control('POST', '/faults', rule); }
  config(config) { return this.control('POST', '/config', config); }
  setRun(id, changes) { return this.control('POST', `/runs/${id}`, changes); }
}

export const test = base.extend({
  sandboxServer: [
    async ({}, use) => {
      const server = await startSandbox();
      await use(server);
      server.child.kill();
    },
    { scope: 'worker' },
  ],
  sandbox: async ({ sandboxServer, request }, use) => {
    const sandbox = new Sandbox(request, sandboxServer.origin);
    await sandbox.reset();
    await use(sandbox);
  },
  seed: async ({ sandbox }, use) => {
    await use(await sandbox.seed());
  },
});

export { expect };

/** Answers the question a link to another API base or organization raises: "Switch". */
export async function acceptSwitch(page) {
  await page.getByRole('alertdialog', { name: /^Switch (API base URL|organization)\?$/ }).getByRole('button', { name: /^Switch/ }).click();
}

/** Opens Settings through a setup link, confirms the switch, and pastes the token, as a user
 * would. */
export async function connect(page, sandbox, seed, { remember = true } = {}) {
  const params = new URLSearchParams({ api: sandbox.api, org: seed.org_id });
  await page.goto(`./#/settings?${params}`);
  await acceptSwitch(page);
  const remembered = page.getByLabel('Remember token on this device');
  if ((await remembered.isChecked()) !== remember) {
    await remembered.setChecked(remember);
  }
  await page.getByLabel('API token', { exact: true }).fill(seed.token);
}
