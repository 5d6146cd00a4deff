//! The sandbox's processes: tasks from the template's steps (assignees, deadlines), advancing
//! them through the control endpoint, the shapes Tallyfy documents (`next_task` as a collection,
//! `late_tasks`, `due_date_passed`, `due_soon`, `has_open_issue`), and the list's filters
//! (archived only when asked for).

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use serde_json::{json, Map, Value};
use tallyfy_sandbox::runs::{advance, matches, present, tasks_for};
use tallyfy_sandbox::seed;

fn template(title: &str) -> seed::Template {
    seed::demo()
        .templates
        .into_iter()
        .find(|t| t.title == title)
        .expect(title)
}

fn run(template: &seed::Template) -> Value {
    json!({ "id": "run1", "checklist_id": template.id, "checklist_title": template.title,
            "status": "active", "tags": ["tag-a"] })
}

#[test]
fn a_template_without_steps_gets_three_tasks_owned_by_the_launcher() {
    let template = template("Employee onboarding");
    let launched = Utc::now();
    let tasks = tasks_for("run1", &template, &Map::new(), launched);
    assert_eq!(
        tasks.len(),
        if template.steps.is_empty() {
            3
        } else {
            template.steps.len()
        }
    );
    assert!(tasks.iter().all(|t| t.deadline > launched));
    let shown = present(
        &run(&template),
        &tasks,
        &["next_task", "tasks_meta", "checklist"],
        Utc::now(),
    );
    assert_eq!(shown["progress"]["complete"], 0);
    // A collection, as documented: the first open task by earliest deadline.
    assert_eq!(
        shown["next_task"]["data"][0]["title"],
        tasks[0].title.as_str()
    );
    assert_eq!(shown["next_task"]["data"].as_array().unwrap().len(), 1);
    assert_eq!(shown["late_tasks"], 0);
    assert_eq!(shown["due_date_passed"], false);
    assert_eq!(shown["has_open_issue"], false);
    assert!(
        shown.get("tasks_meta").is_none(),
        "documented nowhere: never sent"
    );
    assert_eq!(shown["checklist"]["data"]["title"], template.title.as_str());
    // Without `with`, no relation.
    let plain = present(&run(&template), &tasks, &[], Utc::now());
    assert!(plain.get("next_task").is_none() && plain.get("checklist").is_none());
}

#[test]
fn assignments_sent_at_launch_own_their_steps() {
    let template = template("Incident escalation");
    let step = &template.steps[0];
    let deadline = "2026-12-24T10:00:00Z";
    let mut assigned = Map::new();
    assigned.insert(
        step.id.clone(),
        json!({ "deadline": deadline, "owners": { "users": [1010], "guests": [], "groups": [] } }),
    );
    let tasks = tasks_for("run1", &template, &assigned, Utc::now());
    assert_eq!(tasks.len(), template.steps.len());
    assert_eq!(tasks[0].owners["users"], json!([1010]));
    assert_eq!(tasks[0].deadline.to_rfc3339(), "2026-12-24T10:00:00+00:00");
}

#[test]
fn advancing_completes_tasks_marks_overdue_and_finishes_the_run() {
    let template = template("Employee onboarding");
    let mut shown = run(&template);
    let mut tasks = tasks_for("run1", &template, &Map::new(), Utc::now());
    let total = tasks.len();
    let change = |v: Value| v.as_object().unwrap().clone();
    advance(
        &mut shown,
        &mut tasks,
        &change(json!({ "complete_tasks": 1, "overdue": true })),
    );
    let now = Utc::now();
    let view = present(&shown, &tasks, &["next_task"], now);
    assert_eq!(view["progress"]["complete"], 1);
    assert_eq!(view["late_tasks"], 1);
    assert_eq!(
        view["next_task"]["data"][0]["title"],
        tasks[1].title.as_str()
    );
    assert!(tasks[1].deadline < now - Duration::hours(23));
    assert_eq!(view["due_soon"], false, "late, not due soon");
    advance(
        &mut shown,
        &mut tasks,
        &change(json!({ "status": "problem" })),
    );
    assert_eq!(shown["status"], "problem");
    advance(
        &mut shown,
        &mut tasks,
        &change(json!({ "complete_tasks": total })),
    );
    let view = present(&shown, &tasks, &["next_task"], Utc::now());
    assert_eq!(shown["status"], "complete");
    assert_eq!(view["progress"]["percent"], 100);
    assert_eq!(
        view["next_task"],
        json!({ "data": [] }),
        "every task done: an empty list"
    );
    assert_eq!(view["late_tasks"], 0);
    assert_eq!(view["due_date_passed"], false);
}

#[test]
fn due_soon_issues_and_archiving_show_as_documented() {
    let template = template("Employee onboarding");
    let change = |v: Value| v.as_object().unwrap().clone();
    let mut shown = run(&template);
    let mut tasks = tasks_for(
        "run1",
        &template,
        &Map::new(),
        Utc::now() - Duration::days(30),
    );
    let now = Utc::now();
    let view = present(&shown, &tasks, &[], now);
    assert_eq!(
        view["due_date_passed"], true,
        "every deadline was a month ago"
    );
    assert!(view["late_tasks"].as_u64().unwrap() > 0);
    let mut tasks_soon = tasks_for("run1", &template, &Map::new(), now);
    advance(
        &mut shown,
        &mut tasks_soon,
        &change(json!({ "due_soon": true })),
    );
    let view = present(&shown, &tasks_soon, &["next_task"], Utc::now());
    assert_eq!(
        (view["due_soon"].clone(), view["late_tasks"].clone()),
        (json!(true), json!(0))
    );
    advance(
        &mut shown,
        &mut tasks,
        &change(json!({ "status": "issue", "has_open_issue": true })),
    );
    assert_eq!(present(&shown, &tasks, &[], now)["has_open_issue"], true);
    let params = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert!(
        matches(&shown, &tasks, &params(&[("status", "problem")])),
        "problem takes issue"
    );
    advance(
        &mut shown,
        &mut tasks,
        &change(json!({ "status": "archived" })),
    );
    assert!(
        !matches(&shown, &tasks, &params(&[])),
        "archived: left out unless asked for"
    );
    assert!(matches(&shown, &tasks, &params(&[("archived", "only")])));
    assert!(matches(&shown, &tasks, &params(&[("status", "archived")])));
    advance(
        &mut shown,
        &mut tasks,
        &change(json!({ "status": "active" })),
    );
    assert!(matches(&shown, &tasks, &params(&[])));
    assert!(!matches(&shown, &tasks, &params(&[("archived", "only")])));
}

#[test]
fn the_list_filters_by_template_status_owner_and_tag() {
    let template = template("Employee onboarding");
    let shown = run(&template);
    let tasks = tasks_for("run1", &template, &Map::new(), Utc::now());
    let params = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert!(matches(&shown, &tasks, &params(&[])));
    assert!(matches(
        &shown,
        &tasks,
        &params(&[("checklist_id", &template.id)])
    ));
    assert!(!matches(
        &shown,
        &tasks,
        &params(&[("checklist_id", "other")])
    ));
    assert!(matches(
        &shown,
        &tasks,
        &params(&[("status", "complete,active")])
    ));
    assert!(!matches(&shown, &tasks, &params(&[("status", "complete")])));
    assert!(matches(
        &shown,
        &tasks,
        &params(&[("owners", &seed::ME_ID.to_string())])
    ));
    assert!(!matches(&shown, &tasks, &params(&[("owners", "999")])));
    assert!(matches(&shown, &tasks, &params(&[("tag", "tag-a")])));
    assert!(!matches(&shown, &tasks, &params(&[("tag", "tag-b")])));
}
