//! Processes (runs) as the sandbox keeps them: each with its tasks (from the template's steps,
//! with assignees and deadlines), so progress, the next task and late tasks move when tests or
//! the demo advance them; and the process list with Tallyfy's filters and paging. Shapes follow
//! `../shared/tallyfy-api.md` §8: `next_task` is a collection (`{"data": [task]}`), lateness is
//! `late_tasks`, `due_date_passed` and `due_soon`, `has_open_issue`; no `tasks_meta` (its shape is
//! documented nowhere); archived processes are listed only when asked for.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use crate::seed::{Step, Template, ME_ID};

/// Steps given to a run whose template has none, so every process has tasks to track.
const GENERIC_STEPS: [&str; 3] = ["Review the request", "Do the work", "Close out"];

/// How close an open task's deadline makes a process "due soon" (Tallyfy does not document its
/// window; a fresh launch's first task, due a day later, is not).
const DUE_SOON: Duration = Duration::hours(12);

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
    // Due soon: the next open task is due in three hours, the others later than a day.
    if changes.get("due_soon").and_then(Value::as_bool) == Some(true) {
        let mut open = tasks.iter_mut().filter(|t| t.completed_at.is_none());
        if let Some(task) = open.next() {
            task.deadline = now + Duration::hours(3);
        }
        for (i, task) in open.enumerate() {
            task.deadline = task
                .deadline
                .max(now + DUE_SOON + Duration::days(i as i64 + 1));
        }
    }
    if let Some(status) = changes.get("status").and_then(Value::as_str) {
        run["archived_at"] = if status == "archived" {
            json!(stamp(now))
        } else {
            Value::Null
        };
    }
    for (key, value) in changes {
        match key.as_str() {
            "complete_tasks" | "overdue" | "due_soon" => {}
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

/// The run as the API shows it: progress and lateness from its tasks, and what `with` asks to
/// include (`checklist`, `next_task`; `task_list` for the control endpoints).
pub fn present(run: &Value, tasks: &[RunTask], with: &[&str], now: DateTime<Utc>) -> Value {
    let mut out = run.clone();
    let total = tasks.len();
    let complete = tasks.iter().filter(|t| t.completed_at.is_some()).count();
    let percent = (complete * 100).checked_div(total).unwrap_or(0);
    out["progress"] = json!({ "complete": complete, "total": total, "percent": percent });
    let open_run = !matches!(run["status"].as_str(), Some("complete" | "archived"));
    let mut open: Vec<&RunTask> = tasks.iter().filter(|t| t.completed_at.is_none()).collect();
    // Tallyfy's next task: the first open one by earliest deadline.
    open.sort_by_key(|t| (t.deadline, t.position));
    let late = open.iter().filter(|t| t.deadline < now).count();
    let due = tasks.iter().map(|t| t.deadline).max();
    let due_passed = open_run && due.is_some_and(|d| d < now);
    out["late_tasks"] = json!(late);
    out["due_date"] = json!(due.map(stamp));
    out["due_date_passed"] = json!(due_passed);
    out["due_soon"] = json!(
        open_run
            && late == 0
            && !due_passed
            && open.first().is_some_and(|t| t.deadline < now + DUE_SOON)
    );
    out["has_open_issue"] = json!(run["has_open_issue"].as_bool().unwrap_or(false));
    // The run keeps the assignments sent at launch under "tasks"; the task list itself is shown
    // only to the control endpoints (`task_list`).
    if with.contains(&"task_list") {
        out["task_list"] = json!(tasks.iter().map(RunTask::to_json).collect::<Vec<_>>());
    }
    if with.contains(&"next_task") {
        let next: Vec<Value> = open.first().map(|t| t.to_json()).into_iter().collect();
        out["next_task"] = json!({ "data": next });
    }
    if with.contains(&"checklist") {
        out["checklist"] = json!({ "data": {
            "id": run["checklist_id"], "title": run["checklist_title"],
        }});
    }
    out
}

/// Whether a run passes the list's filters: `checklist_id`, `status`, `archived` (`only`),
/// `owners` (member ids, comma-separated: any task owned by one of them), `tag` (tag id).
pub fn matches(run: &Value, tasks: &[RunTask], params: &BTreeMap<String, String>) -> bool {
    let filter = |key: &str| params.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());
    if let Some(id) = filter("checklist_id") {
        if run["checklist_id"] != id {
            return false;
        }
    }
    let archived = run["status"] == "archived" || !run["archived_at"].is_null();
    // Archived processes are listed only when asked for: `archived=only`, or the status.
    let asks_archived = filter("archived") == Some("only")
        || filter("status").is_some_and(|s| s.split(',').any(|s| s.trim() == "archived"));
    if archived != asks_archived {
        return false;
    }
    if let Some(status) = filter("status") {
        // The `problem` filter also returns `issue` processes.
        let passes = |wanted: &str| {
            run["status"] == wanted || (wanted == "problem" && run["status"] == "issue")
        };
        if !status.split(',').any(|s| passes(s.trim())) {
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
