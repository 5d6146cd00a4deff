// The Launch screen against the sandbox (issue 3, acceptance 2 to 4).
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, fieldId, templateButton, openTemplate, launches, fillRequired, openPicker, searchTemplates } from '../helpers.js';

// A zone with daylight saving, so local-to-UTC conversion is really exercised.
test.use({ timezoneId: 'America/New_York' });

test('every field type is filled, launched, and arrives exactly as the API expects', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  const id = (label) => fieldId(seed, ALL_TYPES, label);

  // The template's default pre-fills the form.
  await expect(page.getByLabel('Customer name')).toHaveValue('Acme Corp');
  await fillRequired(page);
  await page.getByLabel('Notes').fill('Line one\nLine two');
  await page.getByLabel('Kick-off meeting', { exact: true }).fill('2026-03-16');
  await page.getByLabel('Kick-off meeting (time)').fill('09:30');
  const modules = page.getByRole('group', { name: 'Modules' });
  await modules.getByLabel('SSO').check();
  await modules.getByLabel('API access').check();
  // Tallyfy takes one table row at launch: the form offers one.
  await page.getByLabel('Line items: Item', { exact: true }).fill('Pens');
  await page.getByLabel('Line items: Quantity', { exact: true }).fill('4');
  await expect(page.getByRole('button', { name: /Add row/ })).toHaveCount(0);
  const team = page.getByRole('group', { name: 'Account team' });
  await team.getByLabel('Bob Builder (bob@example.com)').check();
  await team.getByLabel('Finance').check();
  await page.getByLabel('Account team: guest emails').fill('guest@partner.example');
  await page.getByLabel('Contract: file 1 URL').fill('https://files.example/docs/contract.pdf');
  await page.getByLabel('Process name').fill('Onboard {{Customer name}} ({{Plan}}) {{today:%Y}}');
  await page.getByLabel('Owner').selectOption({ label: 'Carol Chen (carol@example.com)' });
  await page.getByLabel('Summary').fill('Signed last week');

  const year = String(new Date().getFullYear());
  await expect(page.getByTestId('name-preview')).toHaveText(`Preview: Onboard Globex (Gold) ${year}`);
  // The request panel shows the exact request, token masked.
  await expect(page.getByTestId('request-line')).toHaveText(`POST ${sandbox.api}/organizations/${seed.org_id}/runs`);
  await expect(page.getByTestId('request-headers')).toContainText('Authorization: Bearer ••••••••');
  await expect(page.getByTestId('request-headers')).not.toContainText(seed.token);

  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const result = page.getByRole('region', { name: 'Launch result' });
  await expect(result).toContainText('Process launched');

  const sent = await launches(sandbox);
  expect(sent).toHaveLength(1);
  const body = JSON.parse(sent[0].body);
  const finance = seed.groups.find((g) => g.name === 'Finance').id;
  expect(body).toEqual({
    checklist_id: seed.templates.find((t) => t.title === ALL_TYPES).id,
    name: `Onboard Globex (Gold) ${year}`,
    summary: 'Signed last week',
    owner_id: 1003,
    prerun: {
      [id('Customer name')]: 'Globex',
      [id('Notes')]: 'Line one\nLine two',
      [id('Contact email')]: 'ops@globex.example',
      [id('Start date')]: '2026-03-15T00:00:00.000Z',
      // 09:30 in New York on 16 March 2026 (daylight time, UTC-4).
      [id('Kick-off meeting')]: '2026-03-16T13:30:00.000Z',
      [id('Priority')]: 'High',
      [id('Plan')]: { id: 3, text: 'Gold' },
      [id('Modules')]: [
        { id: 1, text: 'SSO', selected: true },
        { id: 3, text: 'API access', selected: true },
      ],
      [id('Line items')]: ['Pens', '4'],
      [id('Account team')]: { users: [1002], guests: ['guest@partner.example'], groups: [finance] },
      [id('Contract')]: [{ filename: 'contract.pdf', source: 'url', url: 'https://files.example/docs/contract.pdf' }],
    },
  });
  expect(sent[0].headers['content-type']).toBe('application/json');

  const [run] = await sandbox.runs();
  await expect(result).toContainText(run.id);
  await expect(result).toContainText('active');
  const link = result.getByRole('link', { name: 'Open in Tallyfy' });
  await expect(link).toHaveAttribute('href', `${sandbox.origin}/${seed.org_id}/processes/${run.id}`);
  // The form stays filled for the next launch.
  await expect(page.getByLabel('Customer name')).toHaveValue('Globex');
});

test('a required field left empty blocks the launch with the message beside it', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  await page.getByLabel('Contact email').fill('');
  await page.getByLabel('Notes').fill('keep me');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();

  const email = page.getByLabel('Contact email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toBeFocused();
  await expect(email).toHaveAccessibleDescription(/This field is required\./);
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was launched' })).toContainText('Contact email: This field is required.');
  expect(await launches(sandbox)).toHaveLength(0);
  await expect(page.getByLabel('Notes')).toHaveValue('keep me');
});

test('an error shows when a field is left, not before', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  const email = page.getByLabel('Contact email');
  await email.fill('not-an-email');
  await expect(email).toHaveAttribute('aria-invalid', 'false');
  await email.blur();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/"not-an-email" is not an email address/);
});

test('a sandbox 422 on a field shows beside that field and keeps the values', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  const planId = fieldId(seed, ALL_TYPES, 'Plan');
  await sandbox.fault({
    method: 'POST', path_contains: '/runs', times: 1, status: 422,
    body: JSON.stringify({ message: 'The given data was invalid.', errors: { [`prerun.${planId}`]: ['Invalid dropdown choice selected.'] } }),
  });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const result = page.getByRole('region', { name: 'Launch result' });
  await expect(result).toContainText('Launch failed');
  await expect(result).toContainText('(422)');
  const plan = page.getByLabel('Plan');
  await expect(plan).toHaveAttribute('aria-invalid', 'true');
  await expect(plan).toHaveAccessibleDescription(/Invalid dropdown choice selected\./);
  await expect(page.getByLabel('Customer name')).toHaveValue('Globex');
  await expect(plan).toHaveValue('3');
  // Editing the field clears the server's complaint.
  await plan.selectOption('Silver');
  await expect(plan).toHaveAttribute('aria-invalid', 'false');
});

test('a 429 with Retry-After: 2 is retried by itself, with a countdown, and succeeds', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  await sandbox.fault({ method: 'POST', path_contains: '/runs', times: 1, status: 429, headers: { 'Retry-After': '2' } });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByTestId('retry-countdown')).toContainText('Retrying in');
  await expect(page.getByRole('button', { name: 'Launching…' })).toBeDisabled();
  const result = page.getByRole('region', { name: 'Launch result' });
  await expect(result).toContainText('Process launched', { timeout: 10_000 });
  await expect(result).toContainText('After 1 automatic retry');
  const sent = await launches(sandbox);
  expect(sent.map((r) => r.status)).toEqual([429, 201]);
  expect(sent[1].at_ms - sent[0].at_ms).toBeGreaterThanOrEqual(1900);
});

test('a 500 is not retried, says the launch may have happened, and keeps the values', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  await sandbox.fault({ method: 'POST', path_contains: '/runs', times: 1, status: 500 });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const result = page.getByRole('region', { name: 'Launch result' });
  await expect(result).toContainText('server error (500)');
  await expect(result).toContainText('may have happened');
  await expect(result.getByRole('link', { name: 'Open the processes in Tallyfy' })).toHaveAttribute(
    'href', `${sandbox.origin}/${seed.org_id}/processes`,
  );
  await page.waitForTimeout(1500);
  expect((await launches(sandbox)).map((r) => r.status)).toEqual([500]);
  await expect(page.getByLabel('Customer name')).toHaveValue('Globex');
  await expect(page.getByLabel('Plan')).toHaveValue('3');
});

test('a dropped connection explains CORS and offers the curl command', async ({ page, context, sandbox, seed }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  // Every attempt is dropped: Chromium itself re-sends a request once when a reused keep-alive
  // connection closes without an answer, so a single drop would be invisible here.
  await sandbox.fault({ method: 'POST', path_contains: '/runs', action: 'drop' });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const result = page.getByRole('region', { name: 'Launch result' });
  await expect(result).toContainText('did not reach Tallyfy');
  await result.getByRole('button', { name: 'Copy as curl' }).click();
  await expect(result).toContainText('Copied the curl command');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`curl --globoff -X POST '${sandbox.api}/organizations/${seed.org_id}/runs'`);
  expect(copied).toContain('Bearer $TALLYFY_TOKEN');
  expect(copied).not.toContain(seed.token);
  const sent = await launches(sandbox);
  expect(sent.length).toBeGreaterThanOrEqual(1);
  expect(sent.every((r) => r.status === 0)).toBe(true);
  expect(await sandbox.runs()).toHaveLength(0);
});

test('the hostile template cannot run script and its markup shows as text', async ({ page, sandbox, seed }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await connect(page, sandbox, seed);
  await openTemplate(page, 'hostile', /Hostile/);
  // Labels are text: the markup is visible, not interpreted.
  await expect(page.getByText('<script>window.__pwned=1</script>Name')).toBeVisible();
  await expect(page.getByText('<img src=x onerror="window.__pwned=2">Comment')).toBeVisible();
  // Guidance keeps its harmless formatting, and none of its scripts, images, frames or links.
  await expect(page.locator('.guidance').getByText('Hello')).toBeVisible();
  expect(await page.locator('main script, main img, main iframe, main a[href^="javascript"]').count()).toBe(0);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});

test('a pasted name instead of an id is explained, and an unknown id is a clear 404', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await page.getByLabel('Template ID').fill('Employee onboarding');
  await page.getByRole('button', { name: 'Load template' }).click();
  await expect(page.getByText('"Employee onboarding" is not a template ID')).toBeVisible();
  await page.getByRole('button', { name: 'Search for "Employee onboarding"' }).click();
  await expect(page.getByLabel('Search templates')).toHaveValue('Employee onboarding');
  await expect(templateButton(page, 'Employee onboarding')).toBeVisible();

  await page.getByLabel('Template ID').fill('0123456789abcdef0123456789abcdef');
  await page.getByRole('button', { name: 'Load template' }).click();
  await expect(page.getByText('Template not found, or your token cannot see it: check the template ID (not its name) and the organization.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('switching templates keeps values of fields that share an id; Clear form empties it', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'onboarding', 'Employee onboarding');
  await page.getByLabel('Employee name').fill('Dana Scully');
  await page.getByLabel('Office').selectOption('Remote');
  // The contractor version shares "Employee name" (same field id) but has no "Office".
  await openTemplate(page, 'contractors', 'Employee onboarding – contractors');
  await expect(page.getByLabel('Employee name')).toHaveValue('Dana Scully');
  await page.getByLabel('Contract end').fill('2026-12-31');
  await openTemplate(page, 'customer order', 'Customer order');
  await page.getByLabel('Order number').fill('PO-1');
  // Back to the first template by id: everything typed for it is still there.
  const onboarding = seed.templates.find((t) => t.title === 'Employee onboarding');
  await openPicker(page);
  await page.getByLabel('Template ID').fill(onboarding.id);
  await page.getByRole('button', { name: 'Load template' }).click();
  await expect(page.getByRole('heading', { name: 'Employee onboarding', level: 2 })).toBeVisible();
  await expect(page.getByLabel('Employee name')).toHaveValue('Dana Scully');
  await expect(page.getByLabel('Office')).toHaveValue('3');
  await page.getByRole('button', { name: 'Clear form' }).click();
  await expect(page.getByLabel('Employee name')).toHaveValue('');
  await expect(page.getByLabel('Office')).toHaveValue('');
});

test('the same launch within ten minutes asks first; Ctrl+Enter launches', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  await page.getByLabel('Process name').fill('Fixed name');
  await page.getByLabel('Process name').press('Control+Enter');
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const question = page.getByRole('alertdialog', { name: 'Launch the same process again?' });
  await expect(question).toContainText('You launched this same process');
  await question.getByRole('button', { name: "Don't launch" }).click();
  expect(await launches(sandbox)).toHaveLength(1);
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await page.getByRole('button', { name: 'Launch again anyway' }).click();
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Process launched');
  expect(await launches(sandbox)).toHaveLength(2);
});

// The form's chunk reads the template's answer (the first screen carries no template reader):
// an answer that is not a template fails in the picker, as any failed load does, and Retry
// loads it; a linked template's fill waits for it meanwhile.
for (const how of ['picked', 'linked']) {
  test(`a ${how} template whose answer is not a template says so, and Retry fills it`, async ({ page, sandbox, seed }) => {
    await connect(page, sandbox, seed);
    const template = seed.templates.find((t) => t.title === 'Employee onboarding');
    await sandbox.fault({ method: 'GET', path_contains: `/checklists/${template.id}`, status: 200, times: 1, body: JSON.stringify({ unexpected: true }) });
    if (how === 'picked') {
      await page.getByRole('link', { name: 'Launch', exact: true }).click();
      await searchTemplates(page, 'Employee onboarding');
      await templateButton(page, 'Employee onboarding').click();
    } else {
      await page.goto(`./?linked=1#/launch?${new URLSearchParams({ template: template.id, 'v.Employee name': 'Linked Lee' })}`);
    }
    const problem = page.getByRole('alert').filter({ hasText: 'Tallyfy answered 200 but the response could not be read' });
    await expect(problem).toBeVisible();
    await expect(page.getByLabel('Employee name')).toHaveCount(0);
    await problem.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByLabel('Employee name')).toHaveValue(how === 'linked' ? 'Linked Lee' : '');
    await expect(problem).toHaveCount(0);
  });
}
