//! The examples the documentation shows are what the app writes today: the schedule exports for
//! docs/schedules.md's "Weekly review" (the crontab lines, the whole shell script, the head of the
//! GitHub workflow, the Workato outline). `UPDATE_DOCS=1 cargo test --test docs_examples`
//! writes them in after a change to the exports.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use chrono::Weekday;
use serde_json::{json, Map};
use tallyfy_launcher::domain::formula::NameFormula;
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::relied::Relied;
use tallyfy_launcher::domain::schedule::{Repeat, Schedule, ScheduledLaunch};
use tallyfy_launcher::domain::template::Template;

/// The file that documents the schedules.
const DOC: &str = "docs/schedules.md";
/// The line that stands for the rest of the script in the workflow example.
const REST: &str = "          … (the shell script above, line for line)";

/// The README's example: "Weekly review", every Monday at 08:00 UTC.
fn example() -> (ScheduledLaunch, Schedule) {
    let mut prerun = Map::new();
    prerun.insert("5feada7098e2b4d86e6b3d75a3ec9392".into(), json!("Support"));
    prerun.insert(
        "8d0a822fff9ec0deda636225e2618bf0".into(),
        json!({"id": 2, "text": "Weekly"}),
    );
    let body = LaunchBody {
        checklist_id: "650889ace2f6e3459a54dccf0a674f72".into(),
        name: "Support weekly review".into(),
        prerun,
        ..LaunchBody::default()
    };
    let parts =
        NameFormula::parse("{{Team}} weekly review – {{today:%d %b %Y}} (due {{today+4d}})")
            .and_then(|f| f.parts(&[("Team".into(), "Support".into())]))
            .unwrap();
    let headers = [
        ("Accept", "application/json"),
        ("X-Tallyfy-Client", "APIClient"),
        ("Content-Type", "application/json"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .to_vec();
    let template = Template::from_json(&json!({"data": {
        "id": "650889ace2f6e3459a54dccf0a674f72", "title": "Weekly review", "prerun": [
            {"id": "5feada7098e2b4d86e6b3d75a3ec9392", "label": "Team", "field_type": "text", "required": true},
            {"id": "8d0a822fff9ec0deda636225e2618bf0", "label": "Cadence", "field_type": "dropdown",
             "options": [{"id": 1, "text": "Daily"}, {"id": 2, "text": "Weekly"}]}
        ]
    }}))
    .unwrap();
    let launch = ScheduledLaunch::new(
        "Weekly review",
        "https://go.tallyfy.com/api/organizations/ORG_ID/runs",
        headers,
        &body,
        Some(parts),
        &BTreeMap::new(),
    )
    .checking(
        "https://go.tallyfy.com/api/organizations/ORG_ID/checklists/650889ace2f6e3459a54dccf0a674f72?with=steps",
        Relied::of_body(&template, &body),
    );
    let schedule = Schedule::new(Repeat::Weekly(Weekday::Mon), "08:00").unwrap();
    (launch, schedule)
}

/// The fenced block that follows `after` in `doc`: its byte range (inside the fences).
fn block(doc: &str, after: &str) -> std::ops::Range<usize> {
    let at = doc
        .find(after)
        .unwrap_or_else(|| panic!("{DOC} has no {after:?}"));
    let open = at + doc[at..].find("```").expect("a fenced block");
    let start = open + doc[open..].find('\n').unwrap() + 1;
    let end = start + doc[start..].find("\n```").expect("its closing fence") + 1;
    start..end
}

#[test]
fn the_documented_schedule_exports_are_what_the_app_writes() {
    let (launch, schedule) = example();
    let script = launch.shell_script(&schedule).unwrap();
    let workflow = launch.github_workflow(&schedule).unwrap();
    // The workflow up to the script's own header comment, then a line standing for the rest.
    let head_lines = workflow
        .lines()
        .take_while(|l| !l.trim_start().starts_with("set -eu"))
        .collect::<Vec<_>>()
        .join("\n");
    let expected = [
        (
            "**1. A POSIX shell script",
            launch.crontab(&schedule, "/path/to/launch-weekly-review.sh"),
        ),
        ("<summary>The whole script</summary>", script),
        (
            "**2. A GitHub Actions workflow**",
            format!("{head_lines}\n{REST}\n"),
        ),
        (
            "**3. A Workato recipe outline**",
            launch.workato_outline(&schedule, "{{tallyfy_token}}"),
        ),
    ];
    let mut doc = std::fs::read_to_string(DOC).unwrap();
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for (after, text) in expected {
        let text = if text.ends_with('\n') {
            text
        } else {
            format!("{text}\n")
        };
        let range = block(&doc, after);
        if doc[range.clone()] != text {
            stale.push(after);
            doc.replace_range(range, &text);
        }
    }
    if update {
        std::fs::write(DOC, doc).unwrap();
    } else {
        assert!(
            stale.is_empty(),
            "{DOC}'s examples after {stale:?} are not what the app writes: run UPDATE_DOCS=1 cargo test --test docs_examples"
        );
    }
}
