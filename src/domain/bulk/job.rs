//! A bulk job: the rows, their bodies and outcomes, saved after every row so that it survives
//! a reload and never sends a row twice by itself.

use serde::{Deserialize, Serialize};

use super::{RowCheck, Sheet};
use crate::domain::launch::LaunchBody;
use crate::domain::outcome::ApiError;
use crate::domain::run::RunInfo;
use crate::domain::syntax::csv::write_safe_csv;
use crate::domain::template::Template;

/// How a row ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RowOutcome {
    Launched {
        run_id: String,
        /// Link to the run.
        link: String,
    },
    /// Definitely not launched (refused, invalid, rate limited to the end).
    Failed { error: ApiError },
    /// Maybe launched: the server failed or the answer was lost. Never re-sent by itself.
    Unknown {
        /// What happened.
        reason: String,
    },
}

impl RowOutcome {
    /// How a row ended, from its launch attempt: launched (with the run's link), definitely
    /// failed, or maybe launched (a 5xx, a lost or unreadable answer: never re-sent by itself).
    /// `None` when the user paused or cancelled during a 429 wait: nothing was launched, and the
    /// row is still to send.
    pub fn from_attempt(
        result: &Result<RunInfo, ApiError>,
        cancelled: bool,
        link: Option<String>,
    ) -> Option<RowOutcome> {
        match result {
            Ok(run) => Some(RowOutcome::Launched {
                run_id: run.id.clone(),
                link: link.unwrap_or_default(),
            }),
            Err(ApiError::RateLimited { .. }) if cancelled => None,
            Err(error) if error.launch_may_have_happened() => Some(RowOutcome::Unknown {
                reason: format!(
                    "{error} It may have launched: check Tallyfy, then send it again or leave it."
                ),
            }),
            Err(error) => Some(RowOutcome::Failed {
                error: error.clone(),
            }),
        }
    }

    /// Short word for tables and CSV.
    pub fn label(&self) -> &'static str {
        match self {
            RowOutcome::Launched { .. } => "launched",
            RowOutcome::Failed { .. } => "failed",
            RowOutcome::Unknown { .. } => "unknown",
        }
    }
}

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    /// Sending rows.
    Running,
    /// Stopped by the user or by a reload; Resume continues.
    Paused,
    /// Cancelled: nothing more is sent.
    Cancelled,
    /// Every included row has an outcome.
    Finished,
}

impl JobState {
    /// The state for people.
    pub fn label(self) -> &'static str {
        match self {
            JobState::Running => "Running",
            JobState::Paused => "Paused",
            JobState::Cancelled => "Cancelled",
            JobState::Finished => "Finished",
        }
    }
}

/// A bulk job: everything needed to resume it after a reload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkJob {
    pub id: String,
    pub template: Template,
    pub sheet: Sheet,
    /// The checked body of each row (`None` when invalid).
    pub bodies: Vec<Option<LaunchBody>>,
    /// Which rows are launched.
    pub included: Vec<bool>,
    /// Each row's outcome so far.
    pub outcomes: Vec<Option<RowOutcome>>,
    /// The row whose request is being sent (0-based).
    pub in_flight: Option<usize>,
    /// Where the job is.
    pub state: JobState,
    /// API base and organization the job launches into.
    pub api_base: String,
    pub org_id: String,
}

/// Counts for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Launched.
    pub done: usize,
    /// Definitely failed.
    pub failed: usize,
    /// Maybe launched.
    pub unknown: usize,
    /// Still to send.
    pub remaining: usize,
}

impl BulkJob {
    /// A job over checked rows; rows with problems are excluded.
    pub fn new(
        id: String,
        template: Template,
        sheet: Sheet,
        checks: &[RowCheck],
        included: Vec<bool>,
        api_base: String,
        org_id: String,
    ) -> BulkJob {
        let bodies: Vec<Option<LaunchBody>> = checks.iter().map(|c| c.body.clone()).collect();
        let included = included
            .into_iter()
            .zip(&bodies)
            .map(|(inc, body)| inc && body.is_some())
            .collect();
        let rows = sheet.rows.len();
        BulkJob {
            id,
            template,
            sheet,
            bodies,
            included,
            outcomes: vec![None; rows],
            in_flight: None,
            state: JobState::Paused,
            api_base,
            org_id,
        }
    }

    /// Reads a saved job as it is (another tab's, to show): checked, never changed.
    pub fn read_only(text: &str) -> Result<BulkJob, String> {
        let job: BulkJob = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let rows = job.sheet.rows.len();
        if job.outcomes.len() != rows || job.included.len() != rows || job.bodies.len() != rows {
            return Err("its rows, bodies and outcomes do not line up".into());
        }
        if job.in_flight.is_some_and(|row| row >= rows) {
            return Err("it names a row in flight that it does not have".into());
        }
        Ok(job)
    }

    /// Reads a saved job to carry on with it, and says whether it was interrupted (running, or
    /// with a request on its way, when the page went away). A row whose request was in flight
    /// is marked unknown (it may have launched) and never re-sent; a running job reopens paused.
    pub fn restore(text: &str) -> Result<(BulkJob, bool), String> {
        let mut job = BulkJob::read_only(text)?;
        let interrupted = job.state == JobState::Running || job.in_flight.is_some();
        if let Some(row) = job.in_flight.take() {
            if let Some(slot) = job.outcomes.get_mut(row) {
                *slot = Some(RowOutcome::Unknown {
                    reason: "The page was closed or reloaded while this row's request was on its way: it may have launched. Check Tallyfy before launching it again.".into(),
                });
            }
        }
        if job.state == JobState::Running {
            job.state = JobState::Paused;
        }
        Ok((job, interrupted))
    }

    /// The job as stored.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Whether row `i` is to be sent: included, with a valid body.
    fn sendable(&self, i: usize) -> bool {
        self.included.get(i).copied().unwrap_or(false)
            && self.bodies.get(i).is_some_and(Option::is_some)
    }

    /// The first included row without an outcome.
    pub fn next_row(&self) -> Option<usize> {
        self.outcomes
            .iter()
            .enumerate()
            .find(|(i, outcome)| outcome.is_none() && self.sendable(*i))
            .map(|(i, _)| i)
    }

    /// Records how row `i` ended (`None` makes it to send again); rows out of range are ignored.
    pub fn set_outcome(&mut self, i: usize, outcome: Option<RowOutcome>) {
        if let Some(slot) = self.outcomes.get_mut(i) {
            *slot = outcome;
        }
    }

    /// Counts for the progress bar.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        for (i, outcome) in self.outcomes.iter().enumerate() {
            match outcome {
                Some(RowOutcome::Launched { .. }) => p.done += 1,
                Some(RowOutcome::Failed { .. }) => p.failed += 1,
                Some(RowOutcome::Unknown { .. }) => p.unknown += 1,
                None if self.sendable(i) => p.remaining += 1,
                None => {}
            }
        }
        p
    }

    /// Clears definite failures so "Re-run failed rows" sends them (and only them) again.
    pub fn rerun_failed(&mut self) -> usize {
        let mut n = 0;
        for outcome in &mut self.outcomes {
            if matches!(outcome, Some(RowOutcome::Failed { .. })) {
                *outcome = None;
                n += 1;
            }
        }
        if n > 0 && matches!(self.state, JobState::Finished | JobState::Cancelled) {
            self.state = JobState::Paused;
        }
        n
    }

    /// The input columns plus outcome, run id, link and error, as CSV, every cell formula-safe.
    pub fn results_csv(&self) -> String {
        let mut header = self.sheet.headers.clone();
        header.extend(["outcome", "run_id", "run_link", "error"].map(String::from));
        let rows = self.sheet.rows.iter().enumerate().map(|(i, cells)| {
            let (outcome, run_id, link, error) = match self.outcomes.get(i).cloned().flatten() {
                Some(RowOutcome::Launched { run_id, link }) => {
                    ("launched", run_id, link, String::new())
                }
                Some(RowOutcome::Failed { error }) => {
                    ("failed", String::new(), String::new(), error.to_string())
                }
                Some(RowOutcome::Unknown { reason }) => {
                    ("unknown", String::new(), String::new(), reason)
                }
                None if !self.included.get(i).copied().unwrap_or(false) => {
                    ("excluded", String::new(), String::new(), String::new())
                }
                None => ("not sent", String::new(), String::new(), String::new()),
            };
            let mut row = cells.clone();
            row.extend([outcome.to_string(), run_id, link, error]);
            row
        });
        write_safe_csv(std::iter::once(header).chain(rows))
    }
}
