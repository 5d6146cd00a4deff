// Recurring launches (issue 17): the Schedule tool turns the filled form into a shell script
// (with its crontab line), a GitHub Actions workflow and a Workato recipe outline. The script is
// run here, against the sandbox, with a fixed clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES, fillRequired, launches, openTemplate } from '../helpers.js';

const SECTION = 'Schedule (cron, GitHub Actions, Workato)';
const PAGE_STEP = 'Page the on-call manager';
const NOTIFY_STEP = 'Notify the customer';

// The page and the scripts both read dates in UTC here, so every figure below is exact.
test.use({ timezoneId: 'UTC' });
const FORMULA = 'Weekly {{Customer name}} – {{today:%d %b %Y}} due {{today+7d}} at {{now+2h:%H:%M}}, review {{today+1m:%d %b}}';

/** A filled form with a name formula, its Schedule section open at weekly, Monday 07:30. */
async function scheduleForm(page, sandbox, seed) {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'all field', ALL_TYPES);
  await fillRequired(page, "O'Globex $HOME `id`");
  await page.getByLabel('Process name').fill(FORMULA);
  await page.getByText(SECTION, { exact: true }).click();
  await page.getByLabel('Repeat').selectOption({ label: 'Every week' });
  await page.getByLabel('On', { exact: true }).selectOption({ label: 'Monday' });
  await page.getByLabel('At (UTC)').fill('07:30');
}

async function exportAs(page, target) {
  await page.getByRole('group', { name: 'Export as' }).getByRole('button', { name: target }).click();
  await expect(page.getByRole('button', { name: target })).toHaveAttribute('aria-pressed', 'true');
  return page.getByTestId('schedule-export').textContent();
}

/** Runs the script as cron would: a bare environment, the token and a fixed clock. */
function run(file, env) {
  return spawnSync('sh', [file], {
    env: { PATH: process.env.PATH, TZ: 'UTC', TALLYFY_NOW: '2026-12-07T07:30:00Z', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('the shell script launches once with the names dates worked out when it runs, and fails loudly without sending twice', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  // The page's clock stands at the script's fixed time: both must name the process alike.
  await page.clock.setFixedTime(new Date('2026-12-07T07:30:00Z'));
  await scheduleForm(page, sandbox, seed);
  const preview = JSON.parse(await page.getByTestId('request-body').textContent());
  const script = await exportAs(page, 'Shell script and crontab');
  expect(script).not.toContain(seed.token);
  await expect(page.getByTestId('schedule-crontab')).toContainText("30 7 * * 1 '/path/to/launch-customer-onboarding-all-field-types.sh'");
  await expect(page.getByTestId('schedule-crontab')).toContainText('CRON_TZ=UTC');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schedule-'));
  const file = path.join(dir, 'launch.sh');
  fs.writeFileSync(file, script);
  const lint = spawnSync('shellcheck', ['-s', 'sh', file], { encoding: 'utf8' });
  expect(lint.error, 'shellcheck is installed (scripts/setup.sh --test)').toBeUndefined();
  expect(lint.stdout + lint.stderr, 'shellcheck').toBe('');
  expect(lint.status).toBe(0);

  // Launched once, named from the fixed clock (not the day it was exported), with the prerun
  // the Launch screen would send.
  const ok = run(file, { TALLYFY_TOKEN: seed.token });
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  const name = "Weekly O'Globex $HOME `id` – 07 Dec 2026 due 2026-12-14 at 09:30, review 07 Jan";
  expect(ok.stdout).toContain(`Launched "${name.replace(/"/g, '\\"')}"`);
  let sent = await launches(sandbox);
  expect(sent).toHaveLength(1);
  const body = JSON.parse(sent[0].body);
  expect(body.name).toBe(name);
  expect(preview.name, 'the Launch screen names it alike at the same time').toBe(name);
  expect(body.prerun).toEqual(preview.prerun);
  expect(body.checklist_id).toBe(preview.checklist_id);
  expect(sent[0].headers.authorization).toBe(`Bearer ${seed.token}`);
  expect(sent[0].headers['x-tallyfy-client']).toBe('APIClient');

  // Month sums keep the day or take the month's last, as the Launch screen's own formulas do.
  const monthEnd = run(file, { TALLYFY_TOKEN: seed.token, TALLYFY_NOW: '2027-01-31T23:30:00Z' });
  expect(monthEnd.status).toBe(0);
  sent = await launches(sandbox);
  expect(JSON.parse(sent[1].body).name).toBe("Weekly O'Globex $HOME `id` – 31 Jan 2027 due 2027-02-07 at 01:30, review 28 Feb");

  // A 422: non-zero, with Tallyfy's message.
  await sandbox.fault({ method: 'POST', path_contains: '/runs', status: 422, times: 1, body: JSON.stringify({ message: 'The given data was invalid.', errors: { 'prerun.x': ['Plan is required'] } }) });
  const invalid = run(file, { TALLYFY_TOKEN: seed.token });
  expect(invalid.status).not.toBe(0);
  expect(invalid.stderr).toContain('Tallyfy answered 422: The given data was invalid.');
  expect(invalid.stderr).toContain('Plan is required');
  expect(await launches(sandbox)).toHaveLength(3);

  // A 500: non-zero, with the message, and never sent again (a second send would succeed).
  await sandbox.fault({ method: 'POST', path_contains: '/runs', status: 500, times: 1, body: JSON.stringify({ message: 'Server Error' }) });
  const broken = run(file, { TALLYFY_TOKEN: seed.token });
  expect(broken.status).not.toBe(0);
  expect(broken.stderr).toContain('Tallyfy answered 500: Server Error. It is not sent again');
  expect(await launches(sandbox)).toHaveLength(4);

  // A 429 waits as Retry-After says, then sends again.
  await sandbox.fault({ method: 'POST', path_contains: '/runs', status: 429, times: 1, headers: { 'Retry-After': '1' }, body: JSON.stringify({ message: 'Too Many Attempts.' }) });
  const limited = run(file, { TALLYFY_TOKEN: seed.token });
  expect(limited.stderr).toContain('sending again in 1 s');
  expect(limited.status).toBe(0);
  sent = await launches(sandbox);
  expect(sent).toHaveLength(6);
  expect(sent[5].status).toBe(201);

  // No token: nothing is sent.
  const bare = run(file, {});
  expect(bare.status).not.toBe(0);
  expect(bare.stderr).toContain('set TALLYFY_TOKEN');
  expect(await launches(sandbox)).toHaveLength(6);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the GitHub workflow and the Workato recipe carry the cron line, the secret and the date formulas', async ({ page, sandbox, seed }) => {
  await scheduleForm(page, sandbox, seed);
  const workflow = await exportAs(page, 'GitHub Actions workflow');
  expect(workflow).toContain('- cron: "30 7 * * 1"');
  expect(workflow).toContain('TALLYFY_TOKEN: ${{ secrets.TALLYFY_TOKEN }}');
  expect(workflow).toContain('shell: sh');
  expect(workflow).not.toContain(seed.token);
  const workato = await exportAs(page, 'Workato recipe');
  expect(workato).toContain('Cron expression: 30 7 * * 1');
  expect(workato).toContain("now.utc.strftime('%d %b %Y') + ' due ' + (now.utc + 7.days).strftime('%Y-%m-%d') + ' at ' + (now.utc + 2.hours).strftime('%H:%M')");
  expect(workato).toContain('X-Tallyfy-Client: APIClient');
  expect(workato).not.toContain(seed.token);

  // Monthly on day 1, every weekday, every day.
  await page.getByLabel('Repeat').selectOption({ label: 'Every month' });
  await page.getByLabel('Day of the month (1 to 28)').fill('1');
  expect(await exportAs(page, 'GitHub Actions workflow')).toContain('- cron: "30 7 1 * *"');
  await page.getByLabel('Day of the month (1 to 28)').fill('31');
  await expect(page.getByTestId('schedule-problem')).toContainText('choose 1 to 28');
  await page.getByLabel('Repeat').selectOption({ label: 'Every weekday (Monday to Friday)' });
  expect(await exportAs(page, 'GitHub Actions workflow')).toContain('- cron: "30 7 * * 1-5"');

  // A form with a problem gives no schedule, and says why.
  await page.getByLabel('Contact email').fill('not-an-email');
  await expect(page.getByTestId('schedule-problem')).toContainText('The form has 1 problem');
});

test('a preset can be scheduled: its values fill the form and the Schedule section opens', async ({ page, sandbox, seed }) => {
  await scheduleForm(page, sandbox, seed);
  await page.getByText('Presets', { exact: true }).click();
  await page.getByLabel('Preset name').fill('Weekly Globex');
  await page.getByRole('button', { name: 'Save as preset' }).click();
  await page.reload();
  await page.getByText('Presets', { exact: true }).click();
  await page.getByRole('button', { name: 'Clear form' }).click();
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: `Weekly Globex (${ALL_TYPES})` });
  await page.getByRole('button', { name: 'Schedule this preset' }).click();
  await expect(page.getByLabel('Repeat')).toBeFocused();
  await expect(page.getByLabel('Customer name')).toHaveValue("O'Globex $HOME `id`");
  const script = await exportAs(page, 'Shell script and crontab');
  expect(script).toContain("'Weekly O'\\''Globex $HOME `id` – '");
});

test('a step deadline given as a delay moves with each run; a fixed one stays, and the tool says so', async ({ page, sandbox, seed }) => {
  await connect(page, sandbox, seed);
  await openTemplate(page, 'escalation', 'Incident escalation');
  await page.getByRole('textbox', { name: 'Incident', exact: true }).fill('Outage');
  await page.getByRole('group', { name: 'Severity' }).getByLabel('High').check();
  await page.getByLabel(`${PAGE_STEP}: assign to`).fill('bob@example.com');
  await page.getByLabel(`${PAGE_STEP}: deadline`).fill('+2d');
  await page.getByLabel(`${NOTIFY_STEP}: assign to`).fill('bob@example.com');
  await page.getByLabel(`${NOTIFY_STEP}: deadline`).fill('2026-12-24 10:00');
  await page.getByLabel('Role "On-call manager": assign to').fill('carol@example.com');
  const preview = JSON.parse(await page.getByTestId('request-body').textContent());
  await page.getByText(SECTION, { exact: true }).click();
  await expect(page.getByTestId('schedule-notes')).toHaveText(`Step "${NOTIFY_STEP}" has the fixed deadline 2026-12-24 10:00: every run gets that same deadline. Write a delay such as +3d to have it move with each run.`);
  const script = await exportAs(page, 'Shell script and crontab');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schedule-'));
  const file = path.join(dir, 'launch.sh');
  fs.writeFileSync(file, script);
  const done = run(file, { TALLYFY_TOKEN: seed.token });
  expect(done.stderr).toBe('');
  expect(done.status).toBe(0);
  const [sent] = await launches(sandbox);
  const body = JSON.parse(sent.body);
  const paging = seed.templates.find((t) => t.title === 'Incident escalation').steps.data.find((s) => s.title === PAGE_STEP).id;
  expect(body.tasks[paging].deadline).toBe('2026-12-09T07:30:00Z');
  expect({ ...body, tasks: { ...body.tasks, [paging]: { ...body.tasks[paging], deadline: 'moved' } } })
    .toEqual({ ...preview, tasks: { ...preview.tasks, [paging]: { ...preview.tasks[paging], deadline: 'moved' } } });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the exported script notices a changed template: it launches nothing and names the change, unchanged it launches once, the override launches anyway', async ({ page, sandbox, seed }) => {
  test.setTimeout(90_000);
  await connect(page, sandbox, seed);
  await openTemplate(page, 'escalation', 'Incident escalation');
  await page.getByRole('textbox', { name: 'Incident', exact: true }).fill('Outage');
  await page.getByRole('group', { name: 'Severity' }).getByLabel('High').check();
  await page.getByLabel(`${NOTIFY_STEP}: assign to`).fill('bob@example.com');
  await page.getByLabel(`${NOTIFY_STEP}: deadline`).fill('+1d');
  await page.getByText(SECTION, { exact: true }).click();
  const script = await exportAs(page, 'Shell script and crontab');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schedule-'));
  const file = path.join(dir, 'launch.sh');
  fs.writeFileSync(file, script);
  const template = seed.templates.find((t) => t.title === 'Incident escalation');
  const field = (label) => template.prerun.find((f) => f.label === label);
  const notify = template.steps.data.find((s) => s.title === NOTIFY_STEP).id;

  // Unchanged: the template is read, then the launch goes once.
  const ok = run(file, { TALLYFY_TOKEN: seed.token });
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(await launches(sandbox)).toHaveLength(1);
  const byScript = (r) => r.headers['user-agent'].startsWith('curl/');
  const reads = (await sandbox.apiRequests()).filter((r) => byScript(r) && r.method === 'GET' && r.path.endsWith(`/checklists/${template.id}`));
  expect(reads).toHaveLength(1);
  expect(reads[0].query).toBe('with=steps');

  // One change at a time: nothing launched, the change named, a non-zero exit.
  const severity = field('Severity');
  const edits = [
    [{ remove_fields: [field('Incident').id] }, 'field "Incident" is no longer in the template'],
    [{ fields: { [severity.id]: { options: severity.options.filter((o) => o.text !== 'High') } } }, 'field "Severity" no longer has the option "High"'],
    [{ remove_steps: [notify] }, `step "${NOTIFY_STEP}" is no longer in the template`],
  ];
  for (const [edit, said] of edits) {
    await sandbox.reset();
    await sandbox.control('POST', `/templates/${template.id}`, edit);
    const changed = run(file, { TALLYFY_TOKEN: seed.token });
    expect(changed.status).not.toBe(0);
    expect(changed.stderr).toContain('the template changed since this script was written, so nothing was launched:');
    expect(changed.stderr).toContain(`\n${said}\n`);
    expect(changed.stderr).toContain('--no-check (or TALLYFY_SKIP_TEMPLATE_CHECK=1)');
    expect(await launches(sandbox)).toHaveLength(0);
  }

  // The override: launched without reading the template (Tallyfy drops a value for a field it
  // no longer has).
  await sandbox.reset();
  await sandbox.control('POST', `/templates/${template.id}`, edits[0][0]);
  const forced = run(file, { TALLYFY_TOKEN: seed.token, TALLYFY_SKIP_TEMPLATE_CHECK: '1' });
  expect(forced.stderr).toBe('');
  expect(forced.status).toBe(0);
  expect(await launches(sandbox)).toHaveLength(1);
  expect((await sandbox.apiRequests()).filter((r) => byScript(r) && r.path.includes('/checklists/'))).toHaveLength(0);
  const flagged = spawnSync('sh', [file, '--no-check'], { env: { PATH: process.env.PATH, TZ: 'UTC', TALLYFY_TOKEN: seed.token }, encoding: 'utf8' });
  expect(flagged.status).toBe(0);
  expect(await launches(sandbox)).toHaveLength(2);
  fs.rmSync(dir, { recursive: true, force: true });
});
