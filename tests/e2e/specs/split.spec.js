// The code-split build (issue 14): a part of the app whose wasm chunk cannot be downloaded says
// so and offers to try again; the page never crashes.
import { test, expect, connect } from '../fixtures.js';
import { searchTemplates, templateButton } from '../helpers.js';

// Without the service worker, every chunk comes from the network, as on a first visit.
test.use({ serviceWorkers: 'block' });

for (const [what, chunk, open, shown] of [
  ['the Bulk screen', 'bulk_screen_chunk', (page) => page.getByRole('link', { name: 'Bulk', exact: true }).click(),
    (page) => page.getByRole('heading', { name: 'Bulk launch', level: 1 })],
  ['the kick-off form', 'launch_form_chunk', async (page) => {
    await searchTemplates(page, 'Employee onboarding');
    await templateButton(page, 'Employee onboarding').click();
  },
    (page) => page.getByLabel('Employee name')],
]) {
  test(`${what}: a chunk that fails to download shows Try again, and then loads`, async ({ page, sandbox, seed }) => {
    const blocked = `**/split_${chunk}-*.wasm`;
    await page.route(blocked, (route) => route.abort('internetdisconnected'));
    await connect(page, sandbox, seed);
    await page.getByRole('link', { name: 'Launch', exact: true }).click();
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
