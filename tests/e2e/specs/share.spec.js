// Sharing (issue 6, acceptance 2 to 4): pre-fill links, hand-made forms, sub-path hosting and
// offline use.
import { test, expect, connect, acceptSwitch, startSandbox } from '../fixtures.js';
import { ALL_TYPES, fieldId, openTemplate, fillRequired, launches } from '../helpers.js';
import { DIST_DIR } from '../paths.js';

test('a share link fills the form in a fresh profile, launches nothing, and leaves no trace in the address bar', async ({ page, browser, sandbox, seed, baseURL }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page, 'Globex & Sons');
  await page.getByText('Share link', { exact: true }).click();
  for (const label of ['Customer name', 'Contact email', 'Plan']) {
    await page.getByLabel(`Include ${label}`, { exact: true }).check();
  }
  const link = await page.getByLabel('Share link', { exact: true }).inputValue();
  expect(link).toContain('#/launch?');
  expect(link).toContain('v.Customer+name=Globex+%26+Sons');
  expect(link).not.toContain(seed.token);
  expect(link).not.toContain('Priority');

  // A fresh profile: no settings, no token.
  const fresh = await browser.newContext({ baseURL });
  const other = await fresh.newPage();
  await other.goto(link);
  // The link names the sandbox as API base: a fresh profile is asked before it switches.
  await expect(other.getByRole('alertdialog', { name: 'Switch API base URL?' })).toContainText(sandbox.origin);
  await acceptSwitch(other);
  await expect(other.getByTestId('pending-link')).toContainText('A pre-fill link is waiting');
  // The data left the address bar as soon as it was read.
  expect(other.url()).toMatch(/#\/launch$/);
  expect(other.url()).not.toContain('Globex');
  await other.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(other.getByLabel('API base URL')).toHaveValue(sandbox.api);
  await other.getByLabel('API token', { exact: true }).fill(seed.token);
  await other.getByRole('link', { name: 'Launch', exact: true }).click();
  await expect(other.getByRole('heading', { name: ALL_TYPES, level: 2 })).toBeVisible();
  await expect(other.getByLabel('Customer name')).toHaveValue('Globex & Sons');
  await expect(other.getByLabel('Contact email')).toHaveValue('ops@globex.example');
  await expect(other.getByLabel('Plan')).toHaveValue('3');
  await expect(other.getByLabel('Start date')).toHaveValue('');
  // Nothing was launched by opening the link.
  expect(await launches(sandbox)).toHaveLength(0);
  expect(other.url()).not.toContain(seed.token);
  await other.goBack();
  expect(other.url()).not.toContain('Globex');
  await fresh.close();
});

test('a damaged link says what could not be read and loads the rest', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  await page.goto(`./#/launch?template=${template.id}&v.Customer+name=Initech&v.Colour=red&v.Plan=%E2%8&token=abc`);
  await expect(page.getByText('A part of the link could not be read')).toBeVisible();
  await expect(page.getByText('carried an API token')).toBeVisible();
  await expect(page.getByLabel('Customer name')).toHaveValue('Initech');
  await expect(page.getByText('The link names a field "Colour"')).toBeVisible();
});

/** Defines one kick-off field in the editor. */
async function defineField(page, n, { id, label, type, required = false, options, columns }) {
  await page.getByRole('button', { name: 'Add field' }).click();
  await page.getByLabel(`Field ${n} ID`).fill(id);
  await page.getByLabel(`Field ${n} label`).fill(label);
  await page.getByLabel(`Field ${n} type`).selectOption(type);
  if (required) await page.getByLabel(`Field ${n} required`).check();
  if (options) await page.getByLabel(new RegExp(`^Field ${n} options`)).fill(options);
  if (columns) await page.getByLabel(`Field ${n} columns (one per line)`).fill(columns);
}

/** Fills the same values into a form for the all-types fields (hand-made or loaded). */
async function fillEveryType(page) {
  await page.getByLabel('Customer name').fill('Hand & Made');
  await page.getByLabel('Notes').fill('two\nlines');
  await page.getByLabel('Contact email').fill('hand@made.example');
  await page.getByLabel('Start date').fill('2026-05-04');
  await page.getByRole('group', { name: 'Priority' }).getByLabel('Normal').check();
  await page.getByLabel('Plan').selectOption('Silver');
  await page.getByRole('group', { name: 'Modules' }).getByLabel('Reporting').check();
  await page.getByLabel('Line items: Item', { exact: true }).fill('Desk');
  await page.getByLabel('Line items: Quantity', { exact: true }).fill('1');
  await page.getByRole('group', { name: 'Account team' }).getByLabel('Carol Chen (carol@example.com)').check();
  await page.getByLabel('Contract: file 1 URL').fill('https://files.example/a.pdf');
  await page.getByLabel('Process name').fill('Same either way');
}

test('a form defined by hand sends the same body as the template read from the API', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  const id = (label) => fieldId(seed, ALL_TYPES, label);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await page.getByText('Define the kick-off form yourself').click();
  await page.getByLabel('Template ID (for the form you define)').fill(template.id);
  await page.getByLabel('Template title').fill('Hand-made onboarding');
  const fields = [
    { id: id('Customer name'), label: 'Customer name', type: 'text', required: true },
    { id: id('Notes'), label: 'Notes', type: 'textarea' },
    { id: id('Contact email'), label: 'Contact email', type: 'email', required: true },
    { id: id('Start date'), label: 'Start date', type: 'date', required: true },
    { id: id('Priority'), label: 'Priority', type: 'radio', required: true, options: 'Low\nNormal\nHigh' },
    { id: id('Plan'), label: 'Plan', type: 'dropdown', required: true, options: '1: Bronze\n2: Silver\n3: Gold' },
    { id: id('Modules'), label: 'Modules', type: 'multiselect', options: 'SSO\nReporting\nAPI access' },
    { id: id('Line items'), label: 'Line items', type: 'table', columns: 'Item\nQuantity' },
    { id: id('Account team'), label: 'Account team', type: 'assignees_form' },
    { id: id('Contract'), label: 'Contract', type: 'file' },
  ];
  for (const [i, field] of fields.entries()) await defineField(page, i + 1, field);
  await page.getByRole('button', { name: 'Use this form' }).click();
  await expect(page.getByRole('heading', { name: 'Hand-made onboarding', level: 2 })).toBeVisible();
  // The form outlives the editor that made it: another screen and back, and it is still there.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Hand-made onboarding', level: 2 })).toBeVisible();
  await expect(page.getByTestId('template-check')).toContainText('Its fields were defined by hand.');
  await fillEveryType(page);
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');

  // The same values in the template as the API has it.
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillEveryType(page);
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  // Same template, same body, minutes apart: the duplicate guard asks first.
  await page.getByRole('button', { name: 'Launch again anyway' }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');

  const [handMade, fromApi] = (await launches(sandbox)).map((r) => JSON.parse(r.body));
  expect(handMade).toEqual(fromApi);
  expect(Object.keys(handMade.prerun)).toHaveLength(10);
  expect(handMade.prerun[id('Plan')]).toEqual({ id: 2, text: 'Silver' });
});

test('presets save, export, and import with a question before replacing', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'onboarding', 'Employee onboarding');
  await page.getByLabel('Employee name').fill('Preset Person');
  await page.getByText('Presets', { exact: true }).click();
  await page.getByLabel('Preset name').fill('New starter');
  await page.getByRole('button', { name: 'Save as preset' }).click();
  await expect(page.getByText('Preset "New starter" saved.')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export presets' }).click()]);
  const file = await download.path();
  await page.getByRole('button', { name: 'Clear form' }).click();
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'New starter (Employee onboarding)' });
  await page.getByRole('button', { name: 'Fill the form from the preset' }).click();
  await expect(page.getByLabel('Employee name')).toHaveValue('Preset Person');
  await page.getByLabel('Import presets').setInputFiles(file);
  const question = page.getByRole('alertdialog', { name: 'Replace presets with the same name?' });
  await expect(question).toContainText('New starter');
  await question.getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByText('Imported 0 new presets and replaced 1.')).toBeVisible();
  await page.getByLabel('Import presets').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"kind": "history"}') });
  await expect(page.getByText('bad.json could not be imported: the file holds "history", not presets')).toBeVisible();
});

test('a presets file that names one template and defines another shows what Tallyfy has, or says it is not checked', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  const onboarding = seed.templates.find((t) => t.title === 'Employee onboarding');
  const employee = onboarding.prerun.find((f) => f.label === 'Employee name');
  // The review's file: "Expense claim" with its own field, pointing at the onboarding template.
  const disguised = {
    name: 'Expense claim',
    template_id: onboarding.id,
    template_title: 'Expense claim',
    values: { [employee.id]: { text: '120' } },
    template: { id: onboarding.id, title: 'Expense claim', fields: [{ id: employee.id, label: 'Amount', field_type: 'text' }] },
  };
  const unknownId = 'f'.repeat(32);
  const unreadable = {
    name: 'Private',
    template_id: unknownId,
    template_title: 'Private template',
    values: { f1: { text: 'why' } },
    template: { id: unknownId, title: 'Private template', fields: [{ id: 'f1', label: 'Reason', field_type: 'text' }] },
  };
  const file = JSON.stringify({ app: 'tallyfy-launcher', kind: 'presets', schema: 1, presets: [disguised, unreadable] });
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  await page.getByText('Presets', { exact: true }).click();
  await page.getByLabel('Import presets').setInputFiles({ name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByText('Imported 2 new presets')).toBeVisible();
  const fillFrom = async (label) => {
    const presets = page.getByText('Presets', { exact: true });
    if (!(await presets.evaluate((el) => el.closest('details')?.open ?? false))) await presets.click();
    await page.getByLabel('Preset', { exact: true }).selectOption({ label });
    await page.getByRole('button', { name: 'Fill the form from the preset' }).click();
  };

  // Readable: Tallyfy's template and title, the file's title named as the file's.
  await fillFrom('Expense claim (Expense claim)');
  await expect(page.getByRole('heading', { name: 'Employee onboarding', level: 2 })).toBeVisible();
  await expect(page.getByTestId('template-check')).toHaveText(`The preset calls this template "Expense claim"; Tallyfy calls it "Employee onboarding". The form is Tallyfy's template ${onboarding.id}, and Launch starts that one.`);
  await expect(page.getByLabel('Employee name')).toHaveValue('120');
  await expect(page.getByLabel('Amount', { exact: true })).toHaveCount(0);

  // Not readable with this token: the file's form, marked as not checked, on the form itself.
  await fillFrom('Private (Private template)');
  await expect(page.getByRole('heading', { name: 'Private template', level: 2 })).toBeVisible();
  const notice = page.getByTestId('template-check');
  await expect(notice).toContainText(`Not checked with Tallyfy: Launch sends this form to template ${unknownId}, whatever Tallyfy calls it`);
  await expect(notice).toContainText('Its fields come from the file; Tallyfy did not give this template to this token: Not found (404');
  await expect(page.getByLabel('Reason')).toHaveValue('why');

  // Without a token nothing can be checked; once there is one, "Check with Tallyfy" does it,
  // keeping what was typed.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('button', { name: 'Forget token' }).click();
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await fillFrom('Expense claim (Expense claim)');
  await expect(page.getByRole('heading', { name: 'Expense claim', level: 2 })).toBeVisible();
  await expect(notice).toContainText('Not checked with Tallyfy');
  await expect(notice).toContainText('Its fields come from the file; Tallyfy could not be asked: No API token');
  await page.getByLabel('Amount', { exact: true }).fill('95');
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('API token', { exact: true }).fill(seed.token);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await notice.getByRole('button', { name: 'Check with Tallyfy' }).click();
  await expect(page.getByRole('heading', { name: 'Employee onboarding', level: 2 })).toBeVisible();
  await expect(notice).toContainText('The preset calls this template "Expense claim"; Tallyfy calls it "Employee onboarding"');
  await expect(page.getByLabel('Employee name')).toHaveValue('95');
});

test('the release build works from a sub-path and opens offline after one visit', async ({ page }) => {
  test.setTimeout(90_000);
  // Its own API and static host, both stopped later.
  const own = await startSandbox(['--app-dir', DIST_DIR, '--app-port', '0', '--app-prefix', '/tools/launcher/']);
  const appUrl = own.appUrl;
  expect(appUrl).toMatch(/\/tools\/launcher\/$/);
  const seed = await (await fetch(`${own.origin}/__sandbox/seed`)).json();
  await page.goto(`${appUrl}#/settings?api=${encodeURIComponent(own.api)}&org=${seed.org_id}`);
  await acceptSwitch(page);
  await page.getByLabel('API token', { exact: true }).fill(seed.token);
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  await page.getByLabel('Process name').fill('From a sub-path');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  await page.evaluate(() => navigator.serviceWorker.ready);

  own.child.kill();
  await new Promise((r) => setTimeout(r, 300));
  // Offline, launching says the network is unreachable and keeps the form.
  await page.getByLabel('Process name').fill('While offline');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('did not reach Tallyfy');
  await expect(page.getByLabel('Process name')).toHaveValue('While offline');
  // And the app itself opens with its host stopped.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Launch a process' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tallyfy Launcher' })).toBeVisible();
  // Every part split off the first screen comes from the worker's copy too: the launch tools
  // and the other screens.
  await expect(page.getByRole('heading', { name: 'More ways to fill, share and schedule' })).toBeVisible();
  for (const [link, heading] of [['Bulk', 'Bulk launch'], ['History', 'History'], ['Track', 'Track'], ['Settings', 'Settings']]) {
    await page.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { name: heading, exact: true, level: 1 })).toBeVisible();
  }
  await expect(page.getByLabel('API token', { exact: true })).toBeVisible();
});

// A link that only opens a template names no people, so its form shows while the members and
// groups are still on their way (issue 28: a linked form's first field); a link that names people
// waits for them, so it can find them.
test('a link that names no people shows its form before the members answer; one that does waits for them', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const linked = seed.templates.find((t) => t.title === ALL_TYPES);
  await sandbox.fault({ method: 'GET', path_contains: '/users', delay_ms: 8000, times: 1 });
  await page.goto(`./?plain#/launch?template=${linked.id}`);
  await expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp', { timeout: 5000 });

  await sandbox.fault({ method: 'GET', path_contains: '/users', delay_ms: 3000 });
  const params = new URLSearchParams({ template: linked.id, owner: 'bob@example.com' });
  await page.goto(`./?owned#/launch?${params}`);
  await page.waitForTimeout(2000);
  await expect(page.getByLabel('Customer name')).toHaveCount(0);
  await expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp', { timeout: 15000 });
  await expect(page.getByLabel('Owner').locator('option:checked')).toHaveText(/bob@example\.com/);
});

// Options are named in links as people write them, in any script and any case (domain::case,
// lowercased by the browser's toLowerCase): the form shows, and Launch sends, the options named.
test('a link names options in any script and any case, and Launch sends those options', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  const id = (label) => template.prerun.find((f) => f.label === label).id;
  const options = (texts) => texts.map((text, i) => ({ id: i + 1, text }));
  const edited = await sandbox.control('POST', `/templates/${template.id}`, {
    copy_as: 'options-in-any-script',
    fields: {
      [id('Priority')]: { options: options(['Été', 'ΟΔΟΣ', 'Київ']) },
      [id('Plan')]: { options: options(['İstanbul', 'ǅemal', 'Σίσυφος']) },
      [id('Modules')]: { options: options(['ÆØÅ', 'Straße', 'Ωμέγα']) },
    },
  });
  const params = new URLSearchParams({
    template: edited.data.id,
    'v.Customer name': 'Acme',
    'v.Contact email': 'ops@acme.example',
    'v.Start date': '2026-03-15',
    // A final sigma for a capital one, titlecase ǅ as capitals, lower case for upper.
    'v.Priority': 'οδος',
    'v.Plan': 'ǄEMAL',
    'v.Modules': 'æøå;ΩΜΈΓΑ',
  });
  await page.goto(`./#/launch?${params}`);
  await expect(page.getByLabel('Customer name')).toHaveValue('Acme');
  await expect(page.getByRole('radio', { name: 'ΟΔΟΣ' })).toBeChecked();
  await expect(page.getByLabel('Plan').locator('option:checked')).toHaveText('ǅemal');
  const modules = page.getByRole('group', { name: 'Modules' });
  await expect(modules.getByLabel('ÆØÅ')).toBeChecked();
  await expect(modules.getByLabel('Ωμέγα')).toBeChecked();
  await expect(modules.getByLabel('Straße')).not.toBeChecked();
  await expect(page.getByTestId('not-carried')).toHaveCount(0);

  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  const { prerun } = JSON.parse((await launches(sandbox)).at(-1).body);
  expect(prerun[id('Priority')]).toBe('ΟΔΟΣ');
  expect(prerun[id('Plan')]).toEqual({ id: 2, text: 'ǅemal' });
  expect(prerun[id('Modules')]).toEqual([{ id: 1, text: 'ÆØÅ', selected: true }, { id: 3, text: 'Ωμέγα', selected: true }]);
});
