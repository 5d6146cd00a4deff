//! Schedules that notice a changed template (issue 25 §3): the exported script reads the template
//! first and, when anything it relies on changed (a field or step removed, a field of another
//! type, an option removed or renamed, a field now required), launches nothing and says what, in
//! the same words as the app (`Relied::drift`). Any combination of edits, with hostile labels and
//! option texts, each run with a stub curl; unchanged it launches once; --no-check or
//! TALLYFY_SKIP_TEMPLATE_CHECK=1 launches without reading the template.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use chrono::DateTime;
use common::foreign::{run_script, Answer, CurlCall};
use proptest::prelude::*;
use serde_json::{json, Value};
use tallyfy_launcher::api::{Connection, Secret};
use tallyfy_launcher::domain::assign::Assignment;
use tallyfy_launcher::domain::directory::Directory;
use tallyfy_launcher::domain::launch::LaunchDraft;
use tallyfy_launcher::domain::relied::Relied;
use tallyfy_launcher::domain::schedule::{Repeat, Schedule, ScheduledLaunch};
use tallyfy_launcher::domain::template::Template;
use tallyfy_launcher::domain::values::{DateOrder, EncodeContext, FieldInput, FixedZone};

const TOKEN: &str = "tok-check";
/// The awks a script may meet: Debian's and Ubuntu's (mawk), GNU's, BWK's (as on macOS), and
/// busybox's (Alpine). `scripts/setup.sh --test` installs them.
const AWKS: [&str; 4] = ["mawk", "gawk", "original-awk", "busybox awk"];
const RUN: &str = r#"{"data":{"id":"r1","name":"Weekly"}}"#;

/// The template as exported: a text field (required), a dropdown, a radio, a checklist, a long
/// text; three steps.
fn original() -> Value {
    json!({"data": {"id": "tpl1", "title": "Orders", "prerun": [
        {"id": "f1", "label": "Customer", "field_type": "text", "required": true, "position": 1},
        {"id": "f2", "label": "Tier", "field_type": "dropdown", "position": 2,
         "options": [{"id": 1, "text": "Gold"}, {"id": 2, "text": " Silver "}]},
        {"id": "f3", "label": "Speed", "field_type": "radio", "position": 3,
         "options": [{"id": 1, "text": "Slow"}, {"id": 2, "text": "Fast"}]},
        {"id": "f4", "label": "Extras", "field_type": "multiselect", "position": 4,
         "options": [{"id": 1, "text": "Wrap"}, {"id": 2, "text": "Card"}, {"id": 3, "text": "Bow"}]},
        {"id": "f5", "label": "Notes", "field_type": "textarea", "position": 5}
    ], "steps": {"data": [
        {"id": "s1", "title": "Pack", "position": 1},
        {"id": "s2", "title": "Ship", "position": 2},
        {"id": "s3", "title": "Bill", "position": 3}
    ]}}})
}

/// The script for the form filled in full, checking the template.
fn script() -> String {
    let template = Template::from_json(&original()).unwrap();
    let mut values = BTreeMap::new();
    values.insert("f1".to_string(), FieldInput::Text("Acme".into()));
    values.insert("f2".to_string(), FieldInput::Choice(Some(2)));
    values.insert("f3".to_string(), FieldInput::Choice(Some(2)));
    values.insert("f4".to_string(), FieldInput::Multi(vec![1, 3]));
    values.insert("f5".to_string(), FieldInput::Text("Fragile".into()));
    let mut steps = BTreeMap::new();
    for step in ["s1", "s3"] {
        steps.insert(
            step.to_string(),
            Assignment {
                people: "guest@partner.example".into(),
                ..Assignment::default()
            },
        );
    }
    let draft = LaunchDraft {
        template_id: "tpl1".into(),
        name_formula: "Weekly".into(),
        values,
        steps,
        ..LaunchDraft::default()
    };
    let zone = FixedZone(chrono::FixedOffset::east_opt(0).unwrap());
    let directory = Directory::default();
    let ctx = EncodeContext {
        zone: &zone,
        directory: &directory,
        date_order: DateOrder::DayFirst,
    };
    let (body, problems) = draft.assemble(
        &template,
        &ctx,
        DateTime::parse_from_rfc3339("2026-12-07T07:30:00Z").unwrap(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    let connection =
        Connection::new("https://go.tallyfy.com/api", "org1", &Secret::new(TOKEN)).unwrap();
    let launch = connection.launch(&body).unwrap();
    let read = connection.template("tpl1").unwrap();
    ScheduledLaunch::new(
        "Orders",
        &launch.url,
        launch.public_headers(),
        &body,
        None,
        &BTreeMap::new(),
    )
    .checking(&read.url, Relied::of_body(&template, &body))
    .shell_script(&Schedule::new(Repeat::Daily, "07:30").unwrap())
    .unwrap()
}

/// One edit a template author can make.
#[derive(Clone, Debug)]
enum Edit {
    RemoveField(usize),
    Retype(usize, &'static str),
    RenameOption(usize, usize, String),
    RemoveOption(usize, usize),
    AddRequired(String),
    MakeRequired(usize),
    RemoveStep(usize),
    Relabel(usize, String),
    Reorder,
}

/// Text an author may write: any script, quotes, backslashes, JSON escapes, controls.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z ]{1,8}",
        "\\PC{1,6}",
        prop::sample::select(vec![
            "\"", "\\", "\\u0041", "'", "$(id)", "%s", "\t", "\u{7f}", "é 😀", "/", "\u{2028}"
        ])
        .prop_map(str::to_string),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..5usize).prop_map(Edit::RemoveField),
        (
            (0..5usize),
            prop::sample::select(vec!["text", "textarea", "dropdown", "date", "short_text"])
        )
            .prop_map(|(i, t)| Edit::Retype(i, t)),
        ((1..4usize), (0..3usize), text()).prop_map(|(i, j, t)| Edit::RenameOption(i, j, t)),
        ((1..4usize), (0..3usize)).prop_map(|(i, j)| Edit::RemoveOption(i, j)),
        text().prop_map(Edit::AddRequired),
        (0..5usize).prop_map(Edit::MakeRequired),
        (0..3usize).prop_map(Edit::RemoveStep),
        ((0..5usize), text()).prop_map(|(i, t)| Edit::Relabel(i, t)),
        Just(Edit::Reorder),
    ]
}

fn apply(template: &mut Value, edit: &Edit) {
    let fields = template["data"]["prerun"].as_array_mut().unwrap();
    match edit {
        Edit::RemoveField(i) if *i < fields.len() => {
            fields.remove(*i);
        }
        Edit::Retype(i, kind) if *i < fields.len() => fields[*i]["field_type"] = json!(kind),
        Edit::RenameOption(i, j, text) if *i < fields.len() => {
            if let Some(options) = fields[*i]["options"]
                .as_array_mut()
                .filter(|o| *j < o.len())
            {
                options[*j]["text"] = json!(text);
            }
        }
        Edit::RemoveOption(i, j) if *i < fields.len() => {
            if let Some(options) = fields[*i]["options"]
                .as_array_mut()
                .filter(|o| *j < o.len())
            {
                options.remove(*j);
            }
        }
        Edit::AddRequired(label) => {
            let n = fields.len();
            fields.push(json!({"id": format!("new{n}"), "label": label, "field_type": "text", "required": true, "position": 0}));
        }
        Edit::MakeRequired(i) if *i < fields.len() => fields[*i]["required"] = json!(true),
        Edit::Relabel(i, label) if *i < fields.len() => fields[*i]["label"] = json!(label),
        Edit::RemoveStep(k) => {
            let steps = template["data"]["steps"]["data"].as_array_mut().unwrap();
            if *k < steps.len() {
                steps.remove(*k);
            }
        }
        Edit::Reorder => fields.reverse(),
        _ => {}
    }
}

/// What the app says changed, as the script prints it (control characters as spaces).
fn expected(template: &Value) -> Vec<String> {
    let script_text = |text: String| -> String {
        text.chars()
            .map(|c| {
                if (c as u32) < 32 || c == '\u{7f}' {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    };
    let after = Template::from_json(template).unwrap();
    relied_of_script()
        .drift(&after)
        .into_iter()
        .map(|d| script_text(d.to_string()))
        .collect()
}

/// What the script relies on, read back from its `relied='…'` line (so the test checks the
/// script against the very value it carries).
fn relied_of_script() -> Relied {
    let script = script();
    let line = script
        .lines()
        .find(|l| l.starts_with("relied='"))
        .expect("the relied line");
    let json = line
        .trim_start_matches("relied='")
        .trim_end_matches('\'')
        .replace("'\\''", "'");
    serde_json::from_str(&json).expect("relied is JSON")
}

fn run(template: &Value, awk: &str) -> CurlCall {
    let template = template.to_string();
    run_script(
        &script(),
        TOKEN,
        &[Answer(200, &[], &template), Answer(201, &[], RUN)],
        &[("AWK", awk)],
        &[],
    )
}

/// The lines the script printed between its first line and its advice.
fn changes(stderr: &str) -> Vec<String> {
    let (_, after) = stderr
        .split_once("so nothing was launched:\n")
        .unwrap_or(("", ""));
    let (list, _) = after
        .split_once("\nExport the schedule again")
        .unwrap_or(("", ""));
    list.lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect()
}

fn posted(call: &CurlCall) -> bool {
    call.calls
        .iter()
        .any(|args| args.iter().any(|a| a == "POST"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the author changed, the script says exactly what the app says and launches
    /// nothing; with nothing that matters changed, it launches once.
    #[test]
    fn the_script_says_what_changed_as_the_app_does(
        edits in prop::collection::vec(edit(), 0..5),
        awk in prop::sample::select(AWKS.to_vec()),
    ) {
        let mut template = original();
        for edit in &edits {
            apply(&mut template, edit);
        }
        let wanted = expected(&template);
        let call = run(&template, awk);
        prop_assert_eq!(&call.calls[0][..2], &["--globoff".to_string(), "-sS".to_string()][..]);
        prop_assert!(call.calls[0].iter().any(|a| a.ends_with("/checklists/tpl1?with=steps")), "{:?}", call.calls[0]);
        if wanted.is_empty() {
            prop_assert_eq!(call.status, 0, "{}", call.stderr);
            prop_assert_eq!(call.calls.len(), 2);
            prop_assert!(posted(&call));
        } else {
            prop_assert_ne!(call.status, 0);
            prop_assert!(!posted(&call), "launched despite {:?}", wanted);
            prop_assert_eq!(changes(&call.stderr), wanted, "{}", call.stderr);
        }
    }
}

#[test]
fn each_kind_of_change_is_named_and_the_override_launches_anyway() {
    let cases: [(Edit, &str); 6] = [
        (
            Edit::RemoveField(4),
            "field \"Notes\" is no longer in the template",
        ),
        (
            Edit::Retype(1, "text"),
            "field \"Tier\" is now of type text (it was dropdown)",
        ),
        (
            Edit::RemoveOption(3, 2),
            "field \"Extras\" no longer has the option \"Bow\"",
        ),
        (
            Edit::RenameOption(1, 1, "Silver".into()),
            "field \"Tier\": the option \" Silver \" is now called \"Silver\"",
        ),
        (
            Edit::AddRequired("Cost centre".into()),
            "field \"Cost centre\" is now required, and this does not fill it",
        ),
        (
            Edit::RemoveStep(2),
            "step \"Bill\" is no longer in the template",
        ),
    ];
    for ((edit, said), awk) in cases.into_iter().zip(AWKS.iter().cycle()) {
        let mut template = original();
        apply(&mut template, &edit);
        let call = run(&template, awk);
        assert_ne!(call.status, 0, "{edit:?}");
        assert_eq!(changes(&call.stderr), [said], "{edit:?}: {}", call.stderr);
        assert!(call
            .stderr
            .contains("--no-check (or TALLYFY_SKIP_TEMPLATE_CHECK=1)"));
        assert!(!posted(&call));
        for (env, args) in [
            (&[("TALLYFY_SKIP_TEMPLATE_CHECK", "1")][..], &[][..]),
            (&[][..], &["--no-check"][..]),
        ] {
            let forced = run_script(&script(), TOKEN, &[Answer(201, &[], RUN)], env, args);
            assert_eq!(forced.status, 0, "{}", forced.stderr);
            assert_eq!(forced.calls.len(), 1, "no template read");
            assert!(posted(&forced));
        }
    }
    // Unchanged (labels and order may change): launched once.
    let mut template = original();
    apply(&mut template, &Edit::Reorder);
    apply(&mut template, &Edit::Relabel(0, "Client".into()));
    for awk in AWKS {
        let call = run(&template, awk);
        assert_eq!(call.status, 0, "{awk}: {}", call.stderr);
        assert_eq!(call.stdout, "Launched \"Weekly\": process r1\n");
    }
}

#[test]
fn a_template_that_cannot_be_read_launches_nothing() {
    for (answer, said) in [
        (Answer(404, &[], r#"{"message":"Checklist not found.","code":"RESOURCE_NOT_FOUND"}"#), "Tallyfy answered 404 when the template was read: Checklist not found. Nothing was launched."),
        (Answer(200, &[], "<html>proxy</html>"), "the template's answer could not be read. Nothing was launched."),
        (Answer(500, &[], "{}"), "Tallyfy answered 500 when the template was read"),
    ] {
        let call = run_script(&script(), TOKEN, &[answer, Answer(201, &[], RUN)], &[], &[]);
        assert_ne!(call.status, 0);
        assert!(call.stderr.contains(said), "{}", call.stderr);
        assert!(!posted(&call));
    }
    // A 429 on the read is waited out like the launch's.
    let call = run_script(
        &script(),
        TOKEN,
        &[
            Answer(429, &["Retry-After: 1"], "{}"),
            Answer(200, &[], &original().to_string()),
            Answer(201, &[], RUN),
        ],
        &[],
        &[],
    );
    assert_eq!(call.status, 0, "{}", call.stderr);
    assert_eq!(call.calls.len(), 3);
}
