//! The board: merging the sources, selecting with filters, and what the pictures and exports
//! are made of.

use std::collections::{BTreeMap, HashMap};

use super::process::{assignees_text, origin_text, Origin, Segment, Status, TrackedRun};
use crate::domain::history::HistoryRecord;
use crate::domain::syntax::csv::write_safe_csv;

/// The most templates one refresh reads (each is one request a page).
pub const MAX_TRACKED_TEMPLATES: usize = 50;

/// The templates a refresh reads, and the titles of those left out past the cap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplatesToRead {
    /// (id, title), in the order they are read.
    pub read: Vec<(String, String)>,
    /// Titles of the templates not read this time.
    pub left_out: Vec<String>,
}

/// A bulk job, as the batch filter names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The job's id.
    pub id: String,
    /// When its first launch was, ms.
    pub first_ms: i64,
    /// Processes it launched.
    pub count: usize,
}

/// Every process on the board, newest first, and when the organization was last read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Board {
    pub runs: Vec<TrackedRun>,
    /// When the last refresh finished (ms), if one did.
    pub read_ms: Option<i64>,
}

/// Which processes to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardFilter {
    /// A template id.
    pub template: Option<String>,
    pub status: Option<StatusFilter>,
    /// A bulk job id.
    pub batch: Option<String>,
    /// Launched on or after this instant (ms).
    pub from_ms: Option<i64>,
    /// Launched before this instant (ms).
    pub to_ms: Option<i64>,
    /// Words in the name (or template, or run id).
    pub text: String,
}

/// The status filter: one of Tallyfy's statuses, or a state worked out from several fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Tallyfy's status (`problem` also takes `issue` and an open issue).
    Is(Status),
    /// Late: see [`TrackedRun::is_overdue`].
    Overdue,
    /// Tallyfy's `due_soon`, not late.
    DueSoon,
}

impl StatusFilter {
    /// Every choice, in the order the filter lists them.
    pub const ALL: [StatusFilter; 8] = [
        StatusFilter::Is(Status::Active),
        StatusFilter::Is(Status::Complete),
        StatusFilter::Is(Status::Problem),
        StatusFilter::Is(Status::Delayed),
        StatusFilter::Is(Status::Archived),
        StatusFilter::Is(Status::Other),
        StatusFilter::Overdue,
        StatusFilter::DueSoon,
    ];

    /// The word shown, also the choice's key in the select.
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Is(status) => status.label(),
            StatusFilter::Overdue => "overdue",
            StatusFilter::DueSoon => "due soon",
        }
    }

    /// The choice a select's value names.
    pub fn from_label(label: &str) -> Option<StatusFilter> {
        StatusFilter::ALL.into_iter().find(|f| f.label() == label)
    }

    /// Whether `run` passes at `now_ms`.
    pub fn passes(self, run: &TrackedRun, now_ms: i64) -> bool {
        match self {
            StatusFilter::Is(Status::Problem) => run.has_problem(),
            StatusFilter::Is(status) => run.status == status,
            StatusFilter::Overdue => run.is_overdue(now_ms),
            StatusFilter::DueSoon => run.is_due_soon(now_ms),
        }
    }
}

/// How many processes are in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    /// Per [`Segment`], in [`Segment::ALL`] order.
    pub segments: [usize; 5],
    /// Open processes (active, delayed, problem, other).
    pub open: usize,
    /// Open processes Tallyfy says are due soon (and not late).
    pub due_soon: usize,
}

impl Tally {
    /// The count of one segment.
    pub fn of(&self, segment: Segment) -> usize {
        self.segments[segment.index()]
    }
}

impl Board {
    /// Merges a fresh read of the organization's processes (`listed`) with this browser's
    /// history: a listed process launched here gets its origin (Launch screen or bulk job);
    /// a process in the history that the list did not have stays, with the figures the history
    /// holds and no read time (so it shows as not current). Newest first; one entry per id.
    pub fn merge(listed: Vec<TrackedRun>, history: &[HistoryRecord], read_ms: i64) -> Board {
        let mut from_history: HashMap<String, TrackedRun> = history
            .iter()
            .filter_map(TrackedRun::from_record)
            .map(|run| (run.id.clone(), run))
            .collect();
        let mut seen = std::collections::HashSet::new();
        let mut runs = Vec::with_capacity(listed.len() + from_history.len());
        for mut run in listed {
            if !seen.insert(run.id.clone()) {
                continue;
            }
            if let Some(local) = from_history.remove(&run.id) {
                run.origin = local.origin;
                if run.template_title.is_empty() {
                    run.template_title = local.template_title;
                }
                if run.launched_ms.is_none() {
                    run.launched_ms = local.launched_ms;
                }
            }
            runs.push(run);
        }
        runs.extend(from_history.into_values());
        runs.sort_by(|a, b| {
            b.launched_ms
                .cmp(&a.launched_ms)
                .then_with(|| a.id.cmp(&b.id))
        });
        Board {
            runs,
            read_ms: Some(read_ms),
        }
    }

    /// The board before any refresh: only what this browser's history knows.
    pub fn from_history(history: &[HistoryRecord]) -> Board {
        let mut board = Board::merge(Vec::new(), history, 0);
        board.read_ms = None;
        board
    }

    /// The templates a refresh reads, at most [`MAX_TRACKED_TEMPLATES`]: those the user chose
    /// to track first, then those this browser launched from into `api_base` and `org`, the
    /// most recently launched first. An imported history cannot make a refresh send without end.
    pub fn templates_to_read(
        history: &[HistoryRecord],
        api_base: &str,
        org: &str,
        chosen: &[(String, String)],
    ) -> TemplatesToRead {
        let mut latest: HashMap<&str, (i64, &str)> = HashMap::new();
        for record in history
            .iter()
            .filter(|r| r.run().is_some() && r.api_base == api_base && r.org_id == org)
        {
            let id = record.template_id();
            if id.is_empty() {
                continue;
            }
            let entry = latest
                .entry(id)
                .or_insert((record.at_ms, record.template_title.as_str()));
            if record.at_ms > entry.0 {
                *entry = (record.at_ms, record.template_title.as_str());
            }
        }
        let mut launched: Vec<(&str, (i64, &str))> = latest.into_iter().collect();
        launched.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
        let mut all: Vec<(String, String)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let candidates = chosen
            .iter()
            .map(|(id, title)| (id.as_str(), title.as_str()))
            .chain(launched.iter().map(|(id, (_, title))| (*id, *title)));
        for (id, title) in candidates {
            if seen.insert(id.to_string()) {
                all.push((id.to_string(), title.to_string()));
            }
        }
        let left_out = all.split_off(all.len().min(MAX_TRACKED_TEMPLATES));
        TemplatesToRead {
            read: all,
            left_out: left_out.into_iter().map(|(_, title)| title).collect(),
        }
    }

    /// The templates on the board (id, title), by title.
    pub fn templates(&self) -> Vec<(String, String)> {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for run in &self.runs {
            if !run.template_id.is_empty() {
                seen.entry(run.template_id.clone())
                    .or_insert_with(|| run.template_title.clone());
            }
        }
        let mut list: Vec<(String, String)> = seen.into_iter().collect();
        list.sort_by_key(|(_, title)| title.to_lowercase());
        list
    }

    /// The bulk jobs on the board, newest first.
    pub fn batches(&self) -> Vec<Batch> {
        let mut jobs: BTreeMap<String, Batch> = BTreeMap::new();
        for run in &self.runs {
            if let Origin::Bulk(job) = &run.origin {
                let at = run.launched_ms.unwrap_or(i64::MAX);
                let batch = jobs.entry(job.clone()).or_insert_with(|| Batch {
                    id: job.clone(),
                    first_ms: at,
                    count: 0,
                });
                batch.first_ms = batch.first_ms.min(at);
                batch.count += 1;
            }
        }
        let mut list: Vec<Batch> = jobs.into_values().collect();
        list.sort_by_key(|b| std::cmp::Reverse(b.first_ms));
        list
    }

    /// The positions of the processes `filter` selects, in board order.
    pub fn select(&self, filter: &BoardFilter, now_ms: i64) -> Vec<usize> {
        let words: Vec<String> = filter
            .text
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        self.runs
            .iter()
            .enumerate()
            .filter(|(_, run)| {
                filter
                    .template
                    .as_ref()
                    .is_none_or(|t| &run.template_id == t)
                    && filter
                        .batch
                        .as_ref()
                        .is_none_or(|b| run.origin == Origin::Bulk(b.clone()))
                    && filter.status.is_none_or(|s| s.passes(run, now_ms))
                    && filter
                        .from_ms
                        .is_none_or(|from| run.launched_ms.is_some_and(|at| at >= from))
                    && filter
                        .to_ms
                        .is_none_or(|to| run.launched_ms.is_some_and(|at| at < to))
                    && words.iter().all(|w| run.search_text.contains(w.as_str()))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Counts of the selected processes.
    pub fn tally(&self, selected: &[usize], now_ms: i64) -> Tally {
        let mut tally = Tally::default();
        for run in selected.iter().filter_map(|&i| self.runs.get(i)) {
            tally.total += 1;
            tally.segments[run.segment(now_ms).index()] += 1;
            if !matches!(run.status, Status::Complete | Status::Archived) {
                tally.open += 1;
            }
            if run.is_due_soon(now_ms) {
                tally.due_soon += 1;
            }
        }
        tally
    }

    /// The one line to paste in a chat: "Onboarding batch 27 Nov: 180 complete, 15 active,
    /// 5 overdue" (`title` names the selection).
    pub fn summary_line(title: &str, tally: &Tally) -> String {
        if tally.total == 0 {
            return format!("{title}: no processes");
        }
        let mut parts = vec![
            format!("{} complete", tally.of(Segment::Complete)),
            format!("{} active", tally.open),
            format!("{} overdue", tally.of(Segment::Overdue)),
        ];
        if tally.due_soon > 0 {
            parts.push(format!("{} due soon", tally.due_soon));
        }
        if tally.of(Segment::Problem) > 0 {
            parts.push(format!("{} with a problem", tally.of(Segment::Problem)));
        }
        if tally.of(Segment::Archived) > 0 {
            parts.push(format!("{} archived", tally.of(Segment::Archived)));
        }
        format!("{title}: {} of {}", parts.join(", "), tally.total)
    }

    /// The selected processes as CSV (every cell formula-safe). `time` formats an instant,
    /// `person` names a member id, `batch` names a bulk job.
    pub fn to_csv(
        &self,
        selected: &[usize],
        now_ms: i64,
        time: &dyn Fn(i64) -> String,
        person: &dyn Fn(i64) -> String,
        batch: &dyn Fn(&str) -> String,
    ) -> String {
        let header = [
            "Process",
            "Template",
            "Status",
            "Overdue",
            "Due soon",
            "Tasks complete",
            "Tasks in all",
            "Progress %",
            "Next task",
            "Assigned to",
            "Deadline",
            "Launched",
            "Launched by",
            "Launched from",
            "Run ID",
        ]
        .map(str::to_string)
        .to_vec();
        let rows = selected
            .iter()
            .filter_map(|&i| self.runs.get(i))
            .map(|run| {
                let next = run.next_task.as_ref();
                vec![
                    run.name.clone(),
                    run.template_title.clone(),
                    run.status_text.clone(),
                    if run.is_overdue(now_ms) { "yes" } else { "no" }.to_string(),
                    if run.is_due_soon(now_ms) { "yes" } else { "no" }.to_string(),
                    run.tasks_complete.to_string(),
                    run.tasks_total.to_string(),
                    format!("{:.0}", run.percent),
                    next.map(|t| t.title.clone()).unwrap_or_default(),
                    next.map(|t| assignees_text(t, person)).unwrap_or_default(),
                    next.and_then(|t| t.deadline_ms)
                        .map(time)
                        .unwrap_or_default(),
                    run.launched_ms.map(time).unwrap_or_default(),
                    run.started_by.map(person).unwrap_or_default(),
                    origin_text(&run.origin, batch),
                    run.id.clone(),
                ]
            });
        write_safe_csv(std::iter::once(header).chain(rows))
    }
}
