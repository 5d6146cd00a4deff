// A linked template is asked for as the page opens (src/api/early_template.js, inlined into
// index.html): once, while the page is still being read, and the app shows that answer instead
// of asking again. After Settings change it asks the new base only (stale recipes are refused
// by the script itself: tests/browser_early.rs), and a link naming another API is not asked for
// early at all.
import { test, expect, connect, startSandbox } from '../fixtures.js';
import { ALL_TYPES } from '../helpers.js';

const RECIPE_KEY = 'tallyfy-launcher/early-template';

/** Records, from before any page script, each fetch of a template and the document's state. */
async function recordTemplateFetches(page) {
  await page.addInitScript(() => {
    window.__templateFetches = [];
    const send = window.fetch;
    window.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (/\/checklists\/[^/?]+\?/.test(url)) window.__templateFetches.push({ url, state: document.readyState });
      return send(input, init);
    };
  });
}

/** Opens the Launch screen until its tools show, which keep the recipe for the connection. */
async function keepRecipe(page) {
  await page.goto('./#/launch');
  await expect(page.getByRole('heading', { name: 'More ways to fill, share and schedule' })).toBeVisible();
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), RECIPE_KEY)).not.toBeNull();
}

test('a linked template is asked for once, as the page opens, and its form shows that answer', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await keepRecipe(page);
  const recipe = await page.evaluate((key) => localStorage.getItem(key), RECIPE_KEY);
  expect(recipe).not.toContain(seed.token);
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  const before = (await sandbox.apiRequests()).length;

  const linked = await page.context().newPage();
  await recordTemplateFetches(linked);
  await linked.goto(`./#/launch?template=${template.id}`);
  await expect(linked.getByRole('heading', { name: ALL_TYPES, level: 2 })).toBeVisible();
  await expect(linked.getByLabel('Customer name')).toBeEditable();

  // Asked once, by the page as it was read: the app's own request took that answer.
  expect(await linked.evaluate(() => window.__templateFetches.map((f) => f.state))).toEqual(['loading']);
  const asked = (await sandbox.apiRequests()).slice(before).filter((r) => r.path.endsWith(`/checklists/${template.id}`));
  // Exactly the address the Request panel and the exports show (no stray "&").
  expect(asked.map((r) => `${r.method} ${r.query}`)).toEqual(['GET with=steps']);
  expect(JSON.stringify(asked[0].headers)).toContain(`Bearer ${seed.token}`);
});

test('after Settings change, a link is asked for early from the new base only, and a link naming another API not at all', async ({ page, sandbox, seed }) => {
  const other = await startSandbox();
  try {
    await connect(page, sandbox, seed);
    await keepRecipe(page);
    // The members and groups the Launch screen reads, read to their end on the old base.
    await expect.poll(async () => (await sandbox.apiRequests()).some((r) => r.path.endsWith('/groups'))).toBeTruthy();
    // The user points Settings at another API: the Settings screen keeps the recipe too.
    await page.goto('./#/settings');
    await page.getByLabel('API base URL').fill(other.api);
    await page.getByLabel('API base URL').press('Enter');
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), RECIPE_KEY)).toContain(other.api);
    const before = (await sandbox.requests()).length;

    const template = seed.templates.find((t) => t.title === ALL_TYPES);
    const linked = await page.context().newPage();
    await recordTemplateFetches(linked);
    await linked.goto(`./#/launch?template=${template.id}`);
    await expect(linked.getByLabel('Customer name')).toBeEditable();
    const fetches = await linked.evaluate(() => window.__templateFetches);
    expect(fetches).toEqual([{ url: `${other.api}/organizations/${seed.org_id}/checklists/${template.id}?with=steps`, state: 'loading' }]);
    expect((await sandbox.requests()).slice(before)).toEqual([]);

    // A link that names another API than Settings' is not asked for early: the app asks first.
    const elsewhere = await page.context().newPage();
    await recordTemplateFetches(elsewhere);
    await elsewhere.goto(`./#/launch?api=${encodeURIComponent(sandbox.api)}&template=${template.id}`);
    await expect(elsewhere.getByRole('alertdialog', { name: 'Switch API base URL?' })).toBeVisible();
    expect(await elsewhere.evaluate(() => window.__templateFetches)).toEqual([]);
    expect((await sandbox.requests()).slice(before)).toEqual([]);
  } finally {
    other.child.kill();
  }
});
