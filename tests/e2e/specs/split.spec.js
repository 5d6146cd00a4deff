// The code-split build (issue 14): a part of the app whose wasm chunk cannot be downloaded says
// so and offers to try again; the page never crashes.
import { test, expect, connect } from '../fixtures.js';
import { searchTemplates, templateButton } from '../helpers.js';

// Without the service worker, every chunk comes from the network, as on a first visit.
test.use({ serviceWorkers: 'block' });

// Every screen in its own chunk (src/ui/screens.rs), and the kick-off form.
const screen = (link, heading) => [
  `the ${link} screen`,
  `${link.toLowerCase()}_screen_chunk`,
  (page) => page.getByRole('link', { name: link, exact: true }).click(),
  (page) => page.getByRole('heading', { name: heading, level: 1 }),
];

for (const [what, chunk, open, shown] of [
  screen('Bulk', 'Bulk launch'),
  screen('History', 'History'),
  screen('Track', 'Track'),
  screen('Settings', 'Settings'),
  ['the kick-off form', 'launch_form_chunk', async (page) => {
    await searchTemplates(page, 'Employee onboarding');
    await templateButton(page, 'Employee onboarding').click();
  },
    (page) => page.getByLabel('Employee name')],
]) {
  test(`${what}: a chunk that fails to download shows Try again, and then loads`, async ({ page, sandbox, seed }) => {
    const blocked = `**/split_${chunk}-*.wasm`;
    await connect(page, sandbox, seed);
    // A fresh start (the token is remembered) with the chunk unreachable; routing turns off the
    // HTTP cache, so nothing fetched while connecting is reused.
    await page.route(blocked, (route) => route.abort('internetdisconnected'));
    await page.goto('./#/launch');
    await page.reload();
    await open(page);
    const problem = page.getByRole('alert').filter({ hasText: 'could not be downloaded' });
    await expect(problem).toBeVisible();
    await expect(page.locator('#crash-notice')).toHaveCount(0);
    await page.unroute(blocked);
    await problem.getByRole('button', { name: 'Try again' }).click();
    await expect(shown(page)).toBeVisible();
    await expect(page.locator('#crash-notice')).toHaveCount(0);
  });
}
