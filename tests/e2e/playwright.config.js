// End-to-end tests: Debian's Chromium (no browser download) driving the release build, served
// by the sandbox binary's static host on one loopback port, against sandboxes on other ports
// (so every API call is really cross-origin). See fixtures.js.
import { defineConfig } from '@playwright/test';
import { APP_PORT, SANDBOX_BIN, DIST_DIR } from './paths.js';

export default defineConfig({
  testDir: './specs',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: 0,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}/`,
    browserName: 'chromium',
    headless: true,
    chromiumSandbox: false,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `${SANDBOX_BIN} --no-api --app-dir ${DIST_DIR} --app-port ${APP_PORT}`,
    url: `http://127.0.0.1:${APP_PORT}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
