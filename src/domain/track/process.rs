//! One process on the Track board, read leniently from an item of `GET …/runs` (with
//! `with=checklist,next_task`) in the shapes Tallyfy documents, or made from a launch in this
//! browser's history. Lateness comes only from documented fields: `late_tasks`,
//! `due_date_passed` and the next task's deadline (`tasks_meta` is documented nowhere).

use chrono::{DateTime, NaiveDateTime};
use serde_json::Value;

use crate::domain::history::{HistoryRecord, Source};
use crate::domain::json::{bool_of, int_of, string_of};

/// A process's status as Tallyfy reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Active,
    Complete,
    /// Tallyfy's `problem` (also read from `issue`).
    Problem,
    Delayed,
    Archived,
    /// Anything else the server says.
    Other,
}

impl Status {
    /// Every status, for the filter.
    pub const ALL: [Status; 6] = [
        Status::Active,
        Status::Complete,
        Status::Problem,
        Status::Delayed,
        Status::Archived,
        Status::Other,
    ];

    /// Reads Tallyfy's word for it.
    pub fn parse(text: &str) -> Status {
        match text.trim().to_ascii_lowercase().as_str() {
            "active" | "in-progress" | "in_progress" => Status::Active,
            "complete" | "completed" => Status::Complete,
            "problem" | "issue" | "has-problem" => Status::Problem,
            "delayed" => Status::Delayed,
            "archived" => Status::Archived,
            _ => Status::Other,
        }
    }

    /// The word shown.
    pub fn label(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Complete => "complete",
            Status::Problem => "problem",
            Status::Delayed => "delayed",
            Status::Archived => "archived",
            Status::Other => "other",
        }
    }
}

/// The next task of a process: what it is, who has it, when it is due.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct NextTask {
    pub title: String,
    /// Member ids it is assigned to.
    pub users: Vec<i64>,
    /// Guest emails.
    pub guests: Vec<String>,
    /// Group ids.
    pub groups: Vec<String>,
    /// Due, ms since the epoch.
    pub deadline_ms: Option<i64>,
}

/// What makes a process late, kept apart from the clock (a row re-checks it as time passes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lateness {
    /// Not complete or archived.
    pub open: bool,
    /// The server says so: `late_tasks` above 0, `due_date_passed`, or the `delayed` status.
    pub marked: bool,
    /// The next task's deadline, ms.
    pub deadline_ms: Option<i64>,
}

impl Lateness {
    /// Whether the process is late at `now_ms`.
    pub fn at(self, now_ms: i64) -> bool {
        self.open && (self.marked || self.deadline_ms.is_some_and(|d| d < now_ms))
    }
}

/// Where a process came from, as far as this browser knows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// Launched here from the Launch screen (or a link opened on it).
    LaunchScreen,
    /// Launched here by a bulk job (its id).
    Bulk(String),
    /// Not in this browser's history: Workato, a teammate, Tallyfy itself.
    Elsewhere,
}

/// One process on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackedRun {
    /// Run id.
    pub id: String,
    pub name: String,
    pub template_id: String,
    pub template_title: String,
    pub status: Status,
    /// The status word as the server wrote it.
    pub status_text: String,
    /// Tasks complete and in all (0 of 0 when the server did not say).
    pub tasks_complete: u32,
    pub tasks_total: u32,
    /// Progress, 0 to 100.
    pub percent: f64,
    /// Launched, ms since the epoch.
    pub launched_ms: Option<i64>,
    /// Member id of who launched it.
    pub started_by: Option<i64>,
    pub next_task: Option<NextTask>,
    /// Overdue tasks, as the server counted them (`late_tasks`).
    pub overdue_tasks: u32,
    /// The process's own due date has passed (`due_date_passed`).
    pub due_date_passed: bool,
    /// Tallyfy's `due_soon`: due shortly, not late yet.
    pub due_soon: bool,
    /// An issue was reported on it and is still open (`has_open_issue`).
    pub open_issue: bool,
    pub origin: Origin,
    /// When these figures were read from the server (ms); `None` when they come only from
    /// this browser's history (the last list did not have the process).
    pub read_ms: Option<i64>,
    /// Lower-case name, template and id, for search.
    pub search_text: String,
}

/// `{"data": {...}}` or the object itself (Tallyfy wraps included relations).
fn unwrapped(value: Option<&Value>) -> Option<&Value> {
    let value = value?;
    match value.get("data") {
        Some(inner) if inner.is_object() => Some(inner),
        _ if value.is_object() => Some(value),
        _ => None,
    }
}

/// The first item of an included collection: `{"data": [ {...} ]}` as Tallyfy documents
/// `next_task`, and also a bare list, `{"data": {...}}` or the object itself. `None` for an empty
/// list (every task done).
fn first_of(value: Option<&Value>) -> Option<&Value> {
    let value = value?;
    let inner = value.get("data").unwrap_or(value);
    match inner {
        Value::Array(items) => items.iter().find(|i| i.is_object()),
        Value::Object(_) => Some(inner),
        _ => None,
    }
}

/// An instant as the API writes it (RFC 3339, or `YYYY-MM-DD HH:MM:SS` in UTC), in ms.
pub fn instant_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp_millis())
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|t| t.and_utc().timestamp_millis())
        })
}

fn count_of(value: Option<&Value>) -> Option<u32> {
    match value? {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite() && *f >= 0.0),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite() && *f >= 0.0),
        _ => None,
    }
    .map(|f| f.min(f64::from(u32::MAX)) as u32)
}

fn list_of<T>(value: Option<&Value>, read: impl Fn(Option<&Value>) -> Option<T>) -> Vec<T> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|i| read(Some(i))).collect(),
        _ => Vec::new(),
    }
}

impl NextTask {
    fn from_json(value: &Value) -> Option<NextTask> {
        let title = string_of(value.get("title"))
            .or_else(|| string_of(value.get("name")))
            .unwrap_or_default();
        let owners = value.get("owners");
        let task = NextTask {
            title,
            users: list_of(owners.and_then(|o| o.get("users")), int_of),
            guests: list_of(owners.and_then(|o| o.get("guests")), string_of),
            groups: list_of(owners.and_then(|o| o.get("groups")), string_of),
            deadline_ms: string_of(value.get("deadline"))
                .as_deref()
                .and_then(instant_ms),
        };
        (!task.title.is_empty() || task.deadline_ms.is_some()).then_some(task)
    }
}

impl TrackedRun {
    /// Reads one item of a process list, or `None` when it has no id.
    pub fn from_json(item: &Value, read_ms: i64) -> Option<TrackedRun> {
        let id = string_of(item.get("id")).filter(|id| !id.trim().is_empty())?;
        let checklist = unwrapped(item.get("checklist"));
        let template_id = string_of(item.get("checklist_id"))
            .or_else(|| checklist.and_then(|c| string_of(c.get("id"))))
            .unwrap_or_default();
        let template_title = string_of(item.get("checklist_title"))
            .or_else(|| checklist.and_then(|c| string_of(c.get("title"))))
            .unwrap_or_default();
        let status_text = string_of(item.get("status")).unwrap_or_default();
        let progress = item.get("progress");
        let tasks_total = count_of(progress.and_then(|p| p.get("total"))).unwrap_or(0);
        let tasks_complete = count_of(progress.and_then(|p| p.get("complete"))).unwrap_or(0);
        let tasks_complete = if tasks_total > 0 {
            tasks_complete.min(tasks_total)
        } else {
            tasks_complete
        };
        let percent = progress
            .and_then(|p| p.get("percent"))
            .and_then(|p| count_of(Some(p)))
            .map(f64::from)
            .or_else(|| {
                (tasks_total > 0)
                    .then(|| f64::from(tasks_complete) * 100.0 / f64::from(tasks_total))
            })
            .unwrap_or(0.0)
            .clamp(0.0, 100.0);
        let mut run = TrackedRun {
            id,
            name: string_of(item.get("name")).unwrap_or_default(),
            template_id,
            template_title,
            status: Status::parse(&status_text),
            status_text,
            tasks_complete,
            tasks_total,
            percent,
            launched_ms: string_of(item.get("created_at"))
                .or_else(|| string_of(item.get("started_at")))
                .as_deref()
                .and_then(instant_ms),
            started_by: int_of(item.get("started_by")),
            next_task: first_of(item.get("next_task")).and_then(NextTask::from_json),
            overdue_tasks: count_of(item.get("late_tasks")).unwrap_or(0),
            due_date_passed: bool_of(item.get("due_date_passed")),
            due_soon: bool_of(item.get("due_soon")),
            open_issue: bool_of(item.get("has_open_issue")),
            origin: Origin::Elsewhere,
            read_ms: Some(read_ms),
            search_text: String::new(),
        };
        run.index();
        Some(run)
    }

    /// The process a launch recorded in this browser's history made, with the figures known
    /// then (or at its last "Refresh status"); `None` for attempts that made no process.
    pub fn from_record(record: &HistoryRecord) -> Option<TrackedRun> {
        let run = record.run()?;
        let mut tracked = TrackedRun {
            id: run.id.clone(),
            name: record.process_name().to_string(),
            template_id: record.template_id().to_string(),
            template_title: record.template_title.clone(),
            status: Status::parse(&run.status),
            status_text: run.status.clone(),
            tasks_complete: 0,
            tasks_total: 0,
            percent: run
                .progress_percent
                .filter(|p| p.is_finite())
                .unwrap_or(0.0)
                .clamp(0.0, 100.0),
            launched_ms: Some(record.at_ms),
            started_by: None,
            next_task: None,
            overdue_tasks: 0,
            due_date_passed: false,
            due_soon: false,
            open_issue: false,
            origin: Origin::of(&record.source),
            read_ms: None,
            search_text: String::new(),
        };
        tracked.index();
        Some(tracked)
    }

    fn index(&mut self) {
        self.search_text =
            format!("{}\n{}\n{}", self.name, self.template_title, self.id).to_lowercase();
    }

    /// Whether it is late: the server counted a late task or says its due date passed, the
    /// next task's deadline has passed, or Tallyfy marks it delayed. A finished or archived
    /// process is never overdue.
    pub fn is_overdue(&self, now_ms: i64) -> bool {
        self.lateness().at(now_ms)
    }

    /// What decides whether the process is late, apart from the time.
    pub fn lateness(&self) -> Lateness {
        Lateness {
            open: self.open(),
            marked: self.overdue_tasks > 0
                || self.due_date_passed
                || self.status == Status::Delayed,
            deadline_ms: self.next_task.as_ref().and_then(|t| t.deadline_ms),
        }
    }

    /// Whether it needs attention: Tallyfy's `problem` or `issue` status, or an open issue.
    pub fn has_problem(&self) -> bool {
        self.open() && (self.status == Status::Problem || self.open_issue)
    }

    /// Due soon as Tallyfy says, and not late (late says more).
    pub fn is_due_soon(&self, now_ms: i64) -> bool {
        self.open() && self.due_soon && !self.is_overdue(now_ms)
    }

    fn open(&self) -> bool {
        !matches!(self.status, Status::Complete | Status::Archived)
    }

    /// Where it sits in the pictures.
    pub fn segment(&self, now_ms: i64) -> Segment {
        match self.status {
            Status::Complete => Segment::Complete,
            Status::Archived => Segment::Archived,
            _ if self.has_problem() => Segment::Problem,
            _ if self.is_overdue(now_ms) => Segment::Overdue,
            _ => Segment::OnTrack,
        }
    }
}

impl Origin {
    /// Where a history record's launch came from.
    pub fn of(source: &Source) -> Origin {
        match source {
            Source::Single => Origin::LaunchScreen,
            Source::Bulk { job, .. } => Origin::Bulk(job.clone()),
        }
    }
}

/// The parts of the pictures: every process is in exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    Complete,
    /// Active (or another open status), nothing late.
    OnTrack,
    Overdue,
    Problem,
    Archived,
}

impl Segment {
    /// Every segment, in the order the pictures stack them.
    pub const ALL: [Segment; 5] = [
        Segment::Complete,
        Segment::OnTrack,
        Segment::Overdue,
        Segment::Problem,
        Segment::Archived,
    ];

    /// The word in legends and tables.
    pub fn label(self) -> &'static str {
        match self {
            Segment::Complete => "complete",
            Segment::OnTrack => "on track",
            Segment::Overdue => "overdue",
            Segment::Problem => "problem",
            Segment::Archived => "archived",
        }
    }

    /// One word, for styles.
    pub fn slug(self) -> &'static str {
        match self {
            Segment::Complete => "complete",
            Segment::OnTrack => "on-track",
            Segment::Overdue => "overdue",
            Segment::Problem => "problem",
            Segment::Archived => "archived",
        }
    }

    /// Position in [`Segment::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Who has a task, in words: members by `person`, then guests, then groups.
pub fn assignees_text(task: &NextTask, person: &dyn Fn(i64) -> String) -> String {
    let mut names: Vec<String> = task.users.iter().map(|&id| person(id)).collect();
    names.extend(task.guests.iter().cloned());
    names.extend(task.groups.iter().map(|g| format!("group {g}")));
    names.join(", ")
}

/// Where a process came from, in words.
pub fn origin_text(origin: &Origin, batch: &dyn Fn(&str) -> String) -> String {
    match origin {
        Origin::LaunchScreen => "this browser: Launch screen".to_string(),
        Origin::Bulk(job) => format!("this browser: {}", batch(job)),
        Origin::Elsewhere => "elsewhere (not in this browser's history)".to_string(),
    }
}
