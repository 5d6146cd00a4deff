// Tallyfy as it really is: steps assigned at launch through every way of launching, every page
// of members and groups, template naming, a pasted Workato body that reports what it cannot
// carry, the reusable Workato body, and Tallyfy's own pre-filled launch link.
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, fieldId, launches, openTemplate, fillRequired, searchTemplates, templateButton, bulkRows, setUpBulkJob, evaluateWorkato } from '../helpers.js';

const ESCALATION = 'Incident escalation';
const NEW_HIRE = 'New hire (Workato recipe)';
const PAGE_STEP = 'Page the on-call manager';
const NOTIFY_STEP = 'Notify the customer';

// Deadlines typed as local times are read in the browser's zone: UTC here, so they are exact.
test.use({ timezoneId: 'UTC' });

function template(seed, title) {
  return seed.templates.find((t) => t.title === title);
}

function step(seed, title) {
  return template(seed, ESCALATION).steps.data.find((s) => s.title === title);
}

function group(seed, name) {
  return seed.groups.find((g) => g.name === name).id;
}

/** Fills the escalation form and assigns two steps and the role. */
async function assignEscalation(page) {
  await page.getByRole('textbox', { name: 'Incident', exact: true }).fill('Outage');
  await page.getByRole('group', { name: 'Severity' }).getByLabel('High').check();
  await page.getByLabel(`${PAGE_STEP}: assign to`).fill('member101@example.com, Team 11, guest@partner.example');
  await page.getByLabel(`${PAGE_STEP}: deadline`).fill('+2d');
  await page.getByLabel(`${NOTIFY_STEP}: assign to`).fill('bob@example.com');
  await page.getByLabel(`${NOTIFY_STEP}: deadline`).fill('2026-12-24 10:00');
  await page.getByLabel('Role "On-call manager": assign to').fill('carol@example.com');
}

/** Presses Launch (answering "launch again" if the same body went out minutes ago) and waits. */
async function launch(page) {
  const result = page.locator('#launch-result');
  // The last launch's result may still be showing: wait for this one's (a new run id).
  const before = await result.innerText();
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const again = page.getByRole('button', { name: 'Launch again anyway' });
  const fresh = result.filter({ hasNotText: before || '\u0000' });
  await expect(fresh.getByText('Process launched').or(again).first()).toBeVisible();
  if (await again.isVisible()) await again.click();
  await expect(result).not.toHaveText(before);
  await expect(result).toContainText('Process launched');
}

/** The assignments the escalation form above sends, with the "+2d" deadline checked apart. */
function expectEscalationAssignments(seed, body, launchedAt) {
  const paging = step(seed, PAGE_STEP).id;
  const notify = step(seed, NOTIFY_STEP).id;
  const relative = Date.parse(body.tasks[paging].deadline) - launchedAt;
  expect(Math.abs(relative - 2 * 24 * 3600 * 1000)).toBeLessThan(10 * 60 * 1000);
  expect({ ...body.tasks, [paging]: { ...body.tasks[paging], deadline: 'in two days' } }).toEqual({
    [paging]: {
      deadline: 'in two days',
      owners: { users: [1101], guests: ['guest@partner.example'], groups: [group(seed, 'Team 11')] },
    },
    [notify]: { deadline: '2026-12-24T10:00:00Z', owners: { users: [1002], guests: [], groups: [] } },
  });
  expect(body.roles).toEqual({ 'role-oncall-manager': { users: [1003], guests: [], groups: [] } });
}

test('steps left to the launcher are assigned to a member, a group and a guest with deadlines, and Launch again sends them again', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'escalation', ESCALATION);
  const section = page.getByTestId('assignments');
  // Steps the template leaves to the launcher (a role step, a step with nobody) come first.
  const titles = await section.locator('.step-assignment .step-title strong').allInnerTexts();
  expect(titles).toEqual([PAGE_STEP, NOTIFY_STEP, 'Triage', 'Post-incident review']);
  await expect(section.locator('.step-assignment').nth(0)).toContainText('assigned at launch');
  await expect(section.locator('.step-assignment').nth(0)).toContainText('Template: role: On-call manager; 2 days from launch.');
  await expect(section.locator('.step-assignment').nth(2)).toContainText('Template: Alice Admin; 1 day from launch.');
  await expect(section.locator('.step-assignment').nth(2)).not.toContainText('assigned at launch');
  await assignEscalation(page);
  // A step assignment with a problem is shown at the step, and nothing is sent.
  await page.getByLabel(`${NOTIFY_STEP}: deadline`).fill('next week');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(section.getByText('Deadline "next week" is not a date')).toBeVisible();
  expect(await launches(sandbox)).toHaveLength(0);
  await page.getByLabel(`${NOTIFY_STEP}: deadline`).fill('2026-12-24 10:00');
  const launchedAt = Date.now();
  await launch(page);

  const sent = await launches(sandbox);
  expect(sent).toHaveLength(1);
  const body = JSON.parse(sent[0].body);
  expectEscalationAssignments(seed, body, launchedAt);
  // The sandbox took the documented shape and kept it on the run.
  const [run] = await sandbox.runs();
  expect(run.tasks).toEqual(body.tasks);
  expect(run.roles).toEqual(body.roles);

  // Launch again (from History) sends the same assignments, the recorded deadlines exactly.
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('button', { name: 'Launch again' }).first().click();
  await expect(page.getByLabel(`${PAGE_STEP}: assign to`)).toHaveValue('member101@example.com, Team 11, guest@partner.example');
  await launch(page);
  const again = JSON.parse((await launches(sandbox))[1].body);
  expect(again.tasks).toEqual(body.tasks);
  expect(again.roles).toEqual(body.roles);
});

test('step assignments survive a preset and a share link', async ({ page, context, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'escalation', ESCALATION);
  await assignEscalation(page);
  // A preset.
  await page.getByText('Presets', { exact: true }).click();
  await page.getByLabel('Preset name').fill('On-call escalation');
  await page.getByRole('button', { name: 'Save as preset' }).click();
  await page.getByRole('button', { name: 'Clear form' }).click();
  await expect(page.getByLabel(`${PAGE_STEP}: assign to`)).toHaveValue('');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: `On-call escalation (${ESCALATION})` });
  await page.getByRole('button', { name: 'Fill the form from the preset' }).click();
  await expect(page.getByLabel(`${PAGE_STEP}: deadline`)).toHaveValue('+2d');
  let launchedAt = Date.now();
  await launch(page);
  expectEscalationAssignments(seed, JSON.parse((await launches(sandbox))[0].body), launchedAt);

  // A share link, opened in another tab.
  await page.getByText('Share link', { exact: true }).click();
  for (const label of ['Incident', 'Severity']) {
    await page.getByLabel(`Include ${label}`, { exact: true }).check();
  }
  await expect(page.getByLabel('Include the step assignments')).toBeChecked();
  const link = await page.getByLabel('Share link', { exact: true }).inputValue();
  expect(link).toContain(`a.${encodeURIComponent(PAGE_STEP).replace(/%20/g, '+')}=`);
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByLabel(`${NOTIFY_STEP}: assign to`)).toHaveValue('bob@example.com');
  launchedAt = Date.now();
  await launch(other);
  expectEscalationAssignments(seed, JSON.parse((await launches(sandbox))[1].body), launchedAt);
});

test('a 422 on a step, a role, a field and the owner marks each control with its title; one naming a lost step offers Reload', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await openTemplate(page, 'escalation', ESCALATION);
  await assignEscalation(page);
  await page.getByLabel('Owner').selectOption({ label: 'Bob Builder (bob@example.com)' });
  const notify = step(seed, NOTIFY_STEP).id;
  const incident = fieldId(seed, ESCALATION, 'Incident');
  const invalid = (errors) => ({
    method: 'POST', path_contains: '/runs', status: 422, times: 1,
    body: JSON.stringify({ message: 'The given data was invalid.', errors }),
  });
  await sandbox.fault(invalid({
    [`tasks.${notify}.owners.users.0`]: ['The selected user is invalid.'],
    'roles.role-oncall-manager': ['The selected role member is invalid.'],
    [`prerun.${incident}`]: ['The incident is too vague.'],
    owner_id: ['The selected owner id is invalid.'],
  }));
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const result = page.getByRole('region', { name: 'Launch result' });
  await expect(result).toContainText('Launch failed');
  const marked = [
    [page.getByRole('textbox', { name: 'Incident', exact: true }), 'The incident is too vague.'],
    [page.getByLabel(`${NOTIFY_STEP}: assign to`), 'The selected user is invalid.'],
    [page.getByLabel(`${NOTIFY_STEP}: deadline`), 'The selected user is invalid.'],
    [page.getByLabel('Role "On-call manager": assign to'), 'The selected role member is invalid.'],
    [page.getByLabel('Owner'), 'The selected owner id is invalid.'],
  ];
  for (const [control, message] of marked) {
    await expect(control).toHaveAttribute('aria-invalid', 'true');
    await expect(control).toHaveAccessibleDescription(new RegExp(message.replace('.', '\\.')));
  }
  const rejected = page.getByTestId('rejected');
  await expect(rejected).toContainText(`step "${NOTIFY_STEP}": The selected user is invalid.`);
  await expect(rejected).toContainText('role "On-call manager": The selected role member is invalid.');
  await expect(rejected).toContainText('field "Incident": The incident is too vague.');
  await expect(rejected).toContainText('Owner: The selected owner id is invalid.');
  await expect(result).toContainText('What Tallyfy rejected is marked above.');
  await expect(result).not.toContainText(notify);
  await expect(result.getByRole('button', { name: 'Reload the template' })).toHaveCount(0);
  // Editing a control clears Tallyfy's message there, and only there.
  await page.getByLabel(`${NOTIFY_STEP}: assign to`).fill('carol@example.com');
  await expect(page.getByLabel(`${NOTIFY_STEP}: assign to`)).toHaveAttribute('aria-invalid', 'false');
  await expect(page.getByLabel('Owner')).toHaveAttribute('aria-invalid', 'true');

  // A step the form does not have (the template changed after the form loaded): named as such,
  // nothing "marked above", and Reload the template keeps what was typed.
  const lost = 'f'.repeat(32);
  await sandbox.fault(invalid({ [`tasks.${lost}`]: ['The selected step is invalid.'] }));
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByTestId('rejected')).toContainText(`a step this form does not have (${lost}): The selected step is invalid.`);
  await expect(result).not.toContainText('marked above');
  await result.getByRole('button', { name: 'Reload the template' }).click();
  await expect(page.getByRole('heading', { name: ESCALATION, level: 2 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Incident', exact: true })).toHaveValue('Outage');
  await expect(page.getByLabel(`${NOTIFY_STEP}: assign to`)).toHaveValue('carol@example.com');
});

test('a bulk CSV with step columns assigns each row, checked only once the members are known', async ({ page, sandbox, seed }) => {
  // Members load slowly: the rows may not be checked before they arrive (a member's email
  // would otherwise go out as a guest invitation).
  await sandbox.fault({ method: 'GET', path_contains: '/users', delay_ms: 2000 });
  await connect(page, sandbox, seed);
  await page.getByRole('link', { name: 'Bulk', exact: true }).click();
  await searchTemplates(page, 'escalation');
  await templateButton(page, ESCALATION).click();
  await expect(page.getByText(`Launching "${ESCALATION}" (2 kick-off fields).`)).toBeVisible();
  const csv = [
    `Incident,Severity,Assign: ${PAGE_STEP},Deadline: ${PAGE_STEP},${NOTIFY_STEP},Deadline: ${NOTIFY_STEP},Role: On-call manager`,
    'Outage,High,"member101@example.com, Team 11, guest@partner.example",+2d,bob@example.com,2026-12-24 10:00,carol@example.com',
    'Slow pages,Low,,,,,',
  ].join('\n');
  await page.getByLabel('Rows (CSV, first row is the header)').fill(csv);
  await expect(page.getByLabel(`Column "Deadline: ${NOTIFY_STEP}" fills`)).toHaveValue(/\d+/);
  await expect(page.getByText("Reading the organization's members and groups")).toBeVisible();
  await expect(page.getByRole('button', { name: 'Check rows' })).toBeDisabled();
  await page.getByRole('button', { name: 'Check rows' }).click();
  const launchedAt = Date.now();
  await page.getByRole('button', { name: 'Launch 2 rows' }).click();
  await expect.poll(async () => (await launches(sandbox)).length, { timeout: 20_000 }).toBe(2);
  const [first, second] = (await launches(sandbox)).map((r) => JSON.parse(r.body));
  expectEscalationAssignments(seed, first, launchedAt);
  // Empty step cells keep the template's assignees: nothing is sent for them.
  expect(second.tasks).toBeUndefined();
  expect(second.roles).toBeUndefined();
});

test('a template that names its processes launches with the name Tallyfy gives it', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'escalation', ESCALATION);
  const name = page.getByLabel('Process name');
  await expect(name).toHaveAttribute('readonly', '');
  await expect(name).toHaveValue('Escalation: {{Incident}} ({{Severity}})');
  await expect(page.getByTestId('name-preview')).toHaveText("Tallyfy names this process from the template's format; the launch sends no name.");
  // Beside a read-only box, no advice on typing a name or leaving it empty (issue 25 §4).
  await expect(page.locator('#process-name-help')).toHaveText(/^This template names its processes itself \("Escalation: \{\{Incident\}\} \(\{\{Severity\}\}\)"\) and does not let the launcher change the name\.\s*$/);
  await page.getByRole('textbox', { name: 'Incident', exact: true }).fill('Outage');
  await page.getByRole('group', { name: 'Severity' }).getByLabel('High').check();
  await launch(page);
  const body = JSON.parse((await launches(sandbox))[0].body);
  expect(body).not.toHaveProperty('name');
  await expect(page.getByRole('region', { name: 'Launch result' })).toContainText('Escalation: Outage (High)');
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.getByRole('rowheader', { name: 'Escalation: Outage (High)' })).toBeVisible();
});

test('the 101st member and the 11th group are accepted; a link naming a member by email sends the member, not a guest', async ({ page, sandbox, seed }) => {
  expect(seed.users).toHaveLength(120);
  expect(seed.groups).toHaveLength(15);
  // Members load slowly: the link below is read before they arrive, as on a slow network.
  await sandbox.fault({ method: 'GET', path_contains: '/users', delay_ms: 1500 });
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page);
  await page.getByLabel('Owner').selectOption({ label: 'Member101 Staff (member101@example.com)' });
  const team = page.getByRole('group', { name: 'Account team' });
  await page.getByLabel('Account team: find a member').fill('member101');
  await team.getByLabel('Member101 Staff (member101@example.com)').check();
  await team.getByLabel('Team 11').check();
  await launch(page);
  const body = JSON.parse((await launches(sandbox))[0].body);
  expect(body.owner_id).toBe(1101);
  expect(body.prerun[fieldId(seed, ALL_TYPES, 'Account team')]).toEqual({ users: [1101], guests: [], groups: [group(seed, 'Team 11')] });
  // Both lists were read to their last page: members span two pages of 100; the 15 groups
  // fit the one page of 100 asked for (the API's own default would be 10).
  const reads = (await sandbox.apiRequests()).filter((r) => r.method === 'GET').map((r) => `${r.path.split('/').pop()}?${r.query}`);
  for (const read of ['users?page=1&per_page=100', 'users?page=2&per_page=100', 'groups?page=1&per_page=100']) {
    expect(reads.some((r) => r.startsWith(read)), `${read} in ${reads}`).toBeTruthy();
  }

  // A link naming members and a group by text, read before the members have loaded.
  const params = new URLSearchParams({
    template: template(seed, ALL_TYPES).id,
    'v.Customer name': 'Linked',
    'v.Contact email': 'ops@linked.example',
    'v.Start date': '2026-03-15',
    'v.Priority': 'Low',
    'v.Plan': 'Gold',
    'v.Account team': 'member101@example.com; Team 11; outside@partner.example',
    owner: 'member101@example.com',
  });
  await page.goto(`./?reload=1#/launch?${params}`);
  await expect(page.getByLabel('Customer name')).toHaveValue('Linked');
  await launch(page);
  const linked = JSON.parse((await launches(sandbox))[1].body);
  expect(linked.owner_id).toBe(1101);
  expect(linked.prerun[fieldId(seed, ALL_TYPES, 'Account team')]).toEqual({
    users: [1101], guests: ['outside@partner.example'], groups: [group(seed, 'Team 11')],
  });
});

test("the seed's Workato body reports what it cannot carry; the reusable recipe body launches with sample values", async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  const hire = template(seed, NEW_HIRE);
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await page.getByText('Paste a launch body (Workato or seed)').click();
  await page.getByLabel('Launch body (JSON)').fill(JSON.stringify({
    blueprint_id: hire.id,
    title: 'Onboard Jane Doe',
    owner_id: 'hr_manager_id',
    organization_id: seed.org_id,
    prerun: { employee_name: 'Jane Doe', start_date: '2026-12-01', remote_worker: true },
  }));
  await page.getByRole('button', { name: 'Read body' }).click();
  const notCarried = page.getByTestId('not-carried');
  await expect(notCarried).toContainText('owner_id "hr_manager_id" is not a member id');
  await expect(page.getByRole('group', { name: 'Remote worker' }).getByLabel('Yes')).toBeChecked();
  await expect(page.getByLabel('Employee name')).toHaveValue('Jane Doe');
  expect(await launches(sandbox)).toHaveLength(0);
  await launch(page);
  const body = JSON.parse((await launches(sandbox))[0].body);
  expect(body.prerun[fieldId(seed, NEW_HIRE, 'Remote worker')]).toBe('Yes');
  expect(body).not.toHaveProperty('owner_id');

  // The reusable recipe body, evaluated by Ruby as Workato's formula mode, with sample pills.
  await page.getByText('Export for Workato', { exact: true }).click();
  const recipe = await page.getByTestId('workato-recipe').innerText();
  expect(recipe).toContain(`URL: ${sandbox.api}/organizations/${seed.org_id}/runs`);
  expect(recipe).toContain('{{your Tallyfy API token}}');
  const start = recipe.indexOf('{', recipe.indexOf('Body (formula mode'));
  const end = recipe.indexOf('\n\nKick-off fields');
  const alias = (label) => hire.prerun.find((f) => f.label === label).alias;
  const samples = {
    process_name: 'Onboard Sam',
    [alias('Employee name')]: 'Sam Smith',
    [alias('Start date')]: '2026-12-07',
    [alias('Remote worker')]: 'No',
    [alias('Department')]: 'Sales',
    [alias('Laptop')]: 'MacBook Air',
  };
  const filled = evaluateWorkato(recipe.slice(start, end), samples);
  const answer = await page.request.post(`${sandbox.api}/organizations/${seed.org_id}/runs`, {
    headers: { Authorization: `Bearer ${seed.token}`, Accept: 'application/json', 'X-Tallyfy-Client': 'APIClient', 'Content-Type': 'application/json' },
    data: filled,
  });
  expect(answer.status()).toBe(201);
  const run = (await answer.json()).data;
  expect(run.name).toBe('Onboard Sam');
  expect(run.prerun).toEqual({
    [fieldId(seed, NEW_HIRE, 'Employee name')]: 'Sam Smith',
    [fieldId(seed, NEW_HIRE, 'Start date')]: '2026-12-07T00:00:00.000Z',
    [fieldId(seed, NEW_HIRE, 'Remote worker')]: 'No',
    [fieldId(seed, NEW_HIRE, 'Department')]: { id: 2, text: 'Sales' },
    [fieldId(seed, NEW_HIRE, 'Laptop')]: { text: 'MacBook Air' },
  });
});

test('with CORS off, "Open pre-filled in Tallyfy" gives a link whose ko_fields are the form values by alias', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'new hire', NEW_HIRE);
  await page.getByLabel('Employee name').fill('Jane & Joe');
  await page.getByLabel('Start date').fill('2026-12-01');
  await page.getByRole('group', { name: 'Remote worker' }).getByLabel('Yes').check();
  await page.getByLabel('Department').selectOption('Support');
  // "Laptop" is filled from a list in Tallyfy (no options come with it): it takes its text.
  await page.getByRole('textbox', { name: 'Laptop', exact: true }).fill('ThinkPad X1');
  await page.getByLabel('Process name').fill('Onboard {{Employee name}}');
  await sandbox.config({ cors: false });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const result = page.getByRole('region', { name: 'Launch result' });
  // The browser refused the preflight, so the POST never left: said plainly (issue 25 §4).
  await expect(result).toContainText('The browser refused the request before sending it');
  await expect(result).toContainText('Nothing was sent, so nothing was launched');
  await expect(result).not.toContainText('may have happened');
  expect(await launches(sandbox)).toHaveLength(0);
  await result.getByRole('button', { name: 'Open pre-filled in Tallyfy' }).click();
  const panel = page.getByTestId('open-in-tallyfy');
  await expect(panel).toBeVisible();
  const href = await panel.getByTestId('tallyfy-launch-link').getAttribute('href');
  const url = new URL(href);
  const hire = template(seed, NEW_HIRE);
  expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.origin}/${seed.org_id}/process/${hire.id}/create`);
  expect(url.searchParams.get('default_run_name')).toBe('Onboard Jane & Joe');
  const alias = (label) => hire.prerun.find((f) => f.label === label).alias;
  expect(JSON.parse(url.searchParams.get('ko_fields'))).toEqual([
    { [alias('Employee name')]: 'Jane & Joe' },
    { [alias('Start date')]: '2026-12-01T00:00:00.000Z' },
    { [alias('Remote worker')]: 'Yes' },
    { [alias('Department')]: { id: 3, text: 'Support' } },
    { [alias('Laptop')]: { text: 'ThinkPad X1' } },
  ]);
  expect(href).not.toContain(seed.token);
  expect(url.searchParams.has('launchprocess'), 'off by default: the user reviews in Tallyfy').toBe(false);
  await panel.getByLabel(/Launch at once in Tallyfy/).check();
  await expect(panel.getByTestId('tallyfy-launch-link')).toHaveAttribute('href', `${href}&launchprocess=true`);
  await panel.getByLabel(/Launch at once in Tallyfy/).uncheck();
  // Opening it is recorded in History as "opened in Tallyfy".
  const [popup] = await Promise.all([page.waitForEvent('popup'), panel.getByTestId('tallyfy-launch-link').click()]);
  await popup.close();
  await page.getByRole('link', { name: 'History', exact: true }).click();
  const rows = page.locator('tbody.history-record');
  await expect(rows.filter({ hasText: 'opened in Tallyfy' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'opened in Tallyfy' }).getByRole('link', { name: /Open form/ })).toHaveAttribute('href', href);
});

test('a process can be starred, tagged and filed from the organization\'s lists, and Launch again keeps them', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'escalation', ESCALATION);
  await page.getByRole('textbox', { name: 'Incident', exact: true }).fill('Outage');
  await page.getByRole('group', { name: 'Severity' }).getByLabel('High').check();
  await page.getByText('Process options: starred, tags, folders').click();
  await page.getByLabel('Star the process').check();
  await page.getByRole('group', { name: 'Tags' }).getByLabel('Urgent').check();
  await page.getByRole('group', { name: 'Folders' }).getByLabel('Escalations').check();
  await launch(page);
  const tag = seed.tags.find((t) => t.title === 'Urgent').id;
  const folder = seed.folders.find((f) => f.name === 'Escalations').id;
  const body = JSON.parse((await launches(sandbox))[0].body);
  expect([body.starred, body.tags, body.folders]).toEqual([true, [tag], [folder]]);
  const [run] = await sandbox.runs();
  expect([run.starred, run.tags, run.folders]).toEqual([true, [tag], [folder]]);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('button', { name: 'Launch again' }).first().click();
  await expect(page.getByLabel('Star the process')).toBeChecked();
  await launch(page);
  const again = JSON.parse((await launches(sandbox))[1].body);
  expect([again.starred, again.tags, again.folders]).toEqual([true, [tag], [folder]]);
});

test("Tallyfy's hourly cap is named, never waited out: a launch says so, and a bulk job pauses with the row still to send", async ({ page, sandbox, seed }) => {
  const cap = {
    method: 'POST', path_contains: '/runs', status: 429, headers: { 'Retry-After': '1' },
    body: JSON.stringify({ error: true, message: 'Guest invite limit reached', code: 'RATE_LIMIT_EXCEEDED' }),
  };
  await sandbox.fault({ ...cap, times: 1 });
  await connect(page, sandbox, seed);
  await openTemplate(page, 'quick', 'Quick request (no kick-off form)');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const result = page.getByRole('region', { name: 'Launch result' });
  await expect(result).toContainText("Tallyfy's hourly limit for this organization is reached");
  await expect(result).toContainText('Guest invite limit reached');
  // Not retried by itself (a burst 429 would be).
  expect(await launches(sandbox)).toHaveLength(1);

  // Bulk: two rows go, the third meets the cap, the job pauses with that row still to send.
  await sandbox.fault({ ...cap, skip: 2, times: 1 });
  await setUpBulkJob(page, bulkRows(4));
  await page.getByRole('button', { name: 'Launch 4 rows' }).click();
  await expect(page.getByText("Tallyfy's hourly limit for this organization was reached at row 3")).toBeVisible();
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 2 · Failed 0 · Unknown 0 · Remaining 2');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 4 · Failed 0 · Unknown 0 · Remaining 0', { timeout: 20_000 });
  const names = (await launches(sandbox)).map((r) => JSON.parse(r.body).name).filter((n) => n.startsWith('Hire'));
  expect(names).toEqual(['Hire 1', 'Hire 2', 'Hire 3', 'Hire 3', 'Hire 4']);
});

test('a bulk job meeting a browser that refuses the API (CORS) pauses with the row still to send, nothing sent', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await setUpBulkJob(page, bulkRows(3));
  await sandbox.config({ cors: false });
  await page.getByRole('button', { name: 'Launch 3 rows' }).click();
  await expect(page.getByText(/The bulk launch is paused: row 1 was not sent\. The browser refused the request before sending it/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 0 · Failed 0 · Unknown 0 · Remaining 3');
  expect(await launches(sandbox)).toHaveLength(0);
  await sandbox.config({ cors: true });
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('bulk-counts')).toHaveText('Launched 3 · Failed 0 · Unknown 0 · Remaining 0', { timeout: 20_000 });
  expect(await launches(sandbox)).toHaveLength(3);
});

test('a preset and Launch again say what changed in their template since, cause by cause', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await openTemplate(page, 'escalation', ESCALATION);
  await assignEscalation(page);
  await page.getByText('Presets', { exact: true }).click();
  await page.getByLabel('Preset name').fill('Outage drill');
  await page.getByRole('button', { name: 'Save as preset' }).click();
  await expect(page.getByText('Preset "Outage drill" saved.')).toBeVisible();
  await launch(page);

  // The template's author removes the option the form chose and a step it assigns.
  const escalation = template(seed, ESCALATION);
  const severity = escalation.prerun.find((f) => f.label === 'Severity');
  await sandbox.control('POST', `/templates/${escalation.id}`, {
    fields: { [severity.id]: { options: severity.options.filter((o) => o.text !== 'High') } },
    remove_steps: [step(seed, NOTIFY_STEP).id],
  });

  await page.getByRole('button', { name: 'Clear form' }).click();
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: `Outage drill (${ESCALATION})` });
  await page.getByRole('button', { name: 'Fill the form from the preset' }).click();
  const notCarried = page.getByTestId('not-carried');
  await expect(notCarried).toContainText('Since the preset was saved, field "Severity" no longer has the option "High".');
  await expect(notCarried).toContainText(`Since the preset was saved, step "${NOTIFY_STEP}" is no longer in the template.`);
  await expect(page.getByRole('textbox', { name: 'Incident', exact: true })).toHaveValue('Outage');

  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('button', { name: 'Launch again' }).first().click();
  await expect(notCarried).toContainText('Since this launch, field "Severity" no longer has the option "High".');
  await expect(notCarried).toContainText(`step ${step(seed, NOTIFY_STEP).id} is no longer in the template`);
});
