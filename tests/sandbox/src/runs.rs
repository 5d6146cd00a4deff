//! Processes (runs) as the sandbox keeps them: each with its tasks (from the template's steps,
//! with assignees and deadlines), so progress, the next task and overdue tasks move when tests
//! or the demo advance them; and the process list with Tallyfy's filters and paging.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use crate::seed::{Step, Template, ME_ID};

/// Steps given to a run whose template has none, so every process has tasks to track.
const GENERIC_STEPS: [&str; 3] = ["Review the request", "Do the work", "Close out"];

/// One task of a run.
#[derive(Clone, Debug)]
pub struct RunTask {
    /// Task id.
    pub id: String,
    /// The step it comes from (timeline id).
    pub step_id: String,
    /// Title.
    pub title: String,
    /// Order in the process.
    pub position: u32,
    /// `{users, guests, groups}`.
    pub owners: Value,
    /// When it is due.
    pub deadline: DateTime<Utc>,
    /// When it was completed.
    pub completed_at: Option<DateTime<Utc>>,
}

impl RunTask {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "step_id": self.step_id,
            "title": self.title,
            "position": self.position,
            "owners": self.owners,
            "deadline": stamp(self.deadline),
            "status": if self.completed_at.is_some() { "completed" } else { "not-started" },
            "completed_at": self.completed_at.map(stamp),
        })
    }
}

/// An instant as Tallyfy writes it.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A step's deadline from launch: Tallyfy's `{value, unit}` object, else a day per position.
fn step_deadline(step: &Step, launched: DateTime<Utc>) -> DateTime<Utc> {
    let value = step.deadline.get("value").and_then(Value::as_i64);
    let unit = step.deadline.get("unit").and_then(Value::as_str);
    let offset = match (value, unit) {
        (Some(n), Some("minutes")) => Duration::minutes(n),
        (Some(n), Some("hours")) => Duration::hours(n),
        (Some(n), Some("weeks")) => Duration::weeks(n),
        (Some(n), Some("months")) => Duration::days(30 * n),
        (Some(n), _) => Duration::days(n),
        (None, _) => Duration::days(i64::from(step.position.max(1))),
    };
    launched + offset
}

/// The tasks a launch creates: one per step, owned as the launch assigned it (`assigned`, keyed
/// by step id: `{deadline, owners}`), else as the template does, else by the launcher.
pub fn tasks_for(
    run_id: &str,
    template: &Template,
    assigned: &Map<String, Value>,
    launched: DateTime<Utc>,
) -> Vec<RunTask> {
    let steps: Vec<Step> = if template.steps.is_empty() {
        GENERIC_STEPS
            .iter()
            .enumerate()
            .map(|(i, title)| Step {
                id: format!("{run_id}-step-{}", i + 1),
                alias: format!("step-{}", i + 1),
                title: (*title).to_string(),
                position: i as u32 + 1,
                assignees: Vec::new(),
                guests: Vec::new(),
                groups: Vec::new(),
                roles: Vec::new(),
                deadline: json!({ "value": i + 1, "unit": "days" }),
            })
            .collect()
    } else {
        template.steps.clone()
    };
    steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let given = assigned.get(&step.id);
            let owners = given
                .and_then(|t| t.get("owners"))
                .cloned()
                .unwrap_or_else(|| {
                    let users = if step.assignees.is_empty()
                        && step.guests.is_empty()
                        && step.groups.is_empty()
                    {
                        vec![ME_ID]
                    } else {
                        step.assignees.clone()
                    };
                    json!({ "users": users, "guests": step.guests, "groups": step.groups })
                });
            let deadline = given
                .and_then(|t| t.get("deadline"))
                .and_then(Value::as_str)
                .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
                .map(|d| d.with_timezone(&Utc))
                .unwrap_or_else(|| step_deadline(step, launched));
            RunTask {
                id: format!("{run_id}-task-{}", i + 1),
                step_id: step.id.clone(),
                title: step.title.clone(),
                position: step.position,
                owners,
                deadline,
                completed_at: None,
            }
        })
        .collect()
}

/// A change the control endpoint makes to a run, besides setting its fields.
pub fn advance(run: &mut Value, tasks: &mut [RunTask], changes: &Map<String, Value>) {
    let now = Utc::now();
    if let Some(n) = changes.get("complete_tasks").and_then(Value::as_u64) {
        for task in tasks
            .iter_mut()
            .filter(|t| t.completed_at.is_none())
            .take(n as usize)
        {
            task.completed_at = Some(now);
        }
        if tasks.iter().all(|t| t.completed_at.is_some()) {
            run["status"] = json!("complete");
            run["completed_at"] = json!(stamp(now));
        }
    }
    if changes.get("overdue").and_then(Value::as_bool) == Some(true) {
        if let Some(task) = tasks.iter_mut().find(|t| t.completed_at.is_none()) {
            task.deadline = now - Duration::days(1);
        }
    }
    for (key, value) in changes {
        match key.as_str() {
            "complete_tasks" | "overdue" => {}
            "status" if value == "complete" => {
                for task in tasks.iter_mut().filter(|t| t.completed_at.is_none()) {
                    task.completed_at = Some(now);
                }
                run["completed_at"] = json!(stamp(now));
                run["status"] = value.clone();
            }
            _ => run[key.as_str()] = value.clone(),
        }
    }
}

/// The run as the API shows it: progress from its tasks, and what `with` asks to include
/// (`checklist`, `next_task`, `tasks_meta`; `task_list` for the control endpoints).
pub fn present(run: &Value, tasks: &[RunTask], with: &[&str], now: DateTime<Utc>) -> Value {
    let mut out = run.clone();
    let total = tasks.len();
    let complete = tasks.iter().filter(|t| t.completed_at.is_some()).count();
    let percent = (complete * 100).checked_div(total).unwrap_or(0);
    out["progress"] = json!({ "complete": complete, "total": total, "percent": percent });
    let open = || tasks.iter().filter(|t| t.completed_at.is_none());
    let overdue = open().filter(|t| t.deadline < now).count();
    // The run keeps the assignments sent at launch under "tasks"; the task list itself is shown
    // only to the control endpoints (`task_list`).
    if with.contains(&"task_list") {
        out["task_list"] = json!(tasks.iter().map(RunTask::to_json).collect::<Vec<_>>());
    }
    if with.contains(&"next_task") {
        out["next_task"] = match open().next() {
            Some(task) => json!({ "data": task.to_json() }),
            None => Value::Null,
        };
    }
    if with.contains(&"tasks_meta") {
        out["tasks_meta"] = json!({ "data": {
            "total": total, "completed": complete, "overdue": overdue,
        }});
    }
    if with.contains(&"checklist") {
        out["checklist"] = json!({ "data": {
            "id": run["checklist_id"], "title": run["checklist_title"],
        }});
    }
    out
}

/// Whether a run passes the list's filters: `checklist_id`, `status`, `owners` (member ids,
/// comma-separated: any task owned by one of them), `tag` (tag id).
pub fn matches(run: &Value, tasks: &[RunTask], params: &BTreeMap<String, String>) -> bool {
    let filter = |key: &str| params.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());
    if let Some(id) = filter("checklist_id") {
        if run["checklist_id"] != id {
            return false;
        }
    }
    if let Some(status) = filter("status") {
        if !status.split(',').any(|s| run["status"] == s.trim()) {
            return false;
        }
    }
    if let Some(owners) = filter("owners") {
        let wanted: Vec<i64> = owners
            .split(',')
            .filter_map(|o| o.trim().parse().ok())
            .collect();
        let owned = tasks.iter().any(|t| {
            t.owners["users"]
                .as_array()
                .is_some_and(|u| u.iter().any(|id| wanted.iter().any(|w| id == w)))
        });
        if !owned {
            return false;
        }
    }
    if let Some(tag) = filter("tag") {
        let tagged = run["tags"]
            .as_array()
            .is_some_and(|tags| tags.iter().any(|t| t == tag));
        if !tagged {
            return false;
        }
    }
    true
}
