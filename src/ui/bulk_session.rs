//! The Bulk screen's state and the job runner, kept at the app root: a job keeps running while
//! the user looks at other screens, is saved after every row, and reopens paused after a reload.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::history_store::HistoryStore;
use super::launch_runner::{launch_with_retries, RetryWatch};
use super::launch_session::{load_latest_template, TemplateStatus};
use super::state::{AppState, Level};
use super::storage::{self, Area};
use super::timer::{now_ms, sleep_ms};
use super::zone::{now_local, BrowserZone};
use crate::api::transport::recent_sends;
use crate::domain::bulk::{
    auto_map, check_rows, mapping_problems, read_sheet, BulkJob, CheckInput, JobState, NameSource,
    RowCheck, RowOutcome, Separator, Sheet, Target,
};
use crate::domain::formula::default_formula;
use crate::domain::history::Source;
use crate::domain::outcome::ApiError;
use crate::domain::retry::RetryPolicy;
use crate::domain::template::Template;
use crate::domain::values::{DateOrder, EncodeContext};

/// Where the job is saved.
const JOB_KEY: &str = "tallyfy-launcher/bulk/job";
/// Where an unreadable saved job is kept.
const JOB_BACKUP_KEY: &str = "tallyfy-launcher/bulk/job/unreadable-backup";

/// The result of "Check rows", with what it was computed from.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// Each row's check.
    pub rows: Vec<RowCheck>,
    /// The inputs' fingerprint; a different one means the check is stale.
    pub key: String,
}

/// What the runner is waiting for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Waiting {
    /// The next paced slot (ms since epoch).
    Pacing(f64),
}

/// The Bulk screen's state.
#[derive(Clone, Copy)]
pub struct BulkSession {
    /// The template rows launch.
    pub template: RwSignal<Option<Template>>,
    /// Loading the template.
    pub template_status: RwSignal<TemplateStatus>,
    /// The pasted or loaded CSV text.
    pub text: RwSignal<String>,
    /// The chosen file's name.
    pub file_name: RwSignal<Option<String>>,
    /// Separator choice.
    pub separator: RwSignal<Separator>,
    /// How slashed dates are read.
    pub date_order: RwSignal<DateOrder>,
    /// The user's choices for columns, by header.
    pub overrides: RwSignal<BTreeMap<String, Target>>,
    /// Where process names come from.
    pub name_source: RwSignal<NameSource>,
    /// The spreadsheet as read.
    pub sheet: Memo<Result<Sheet, String>>,
    /// What each column feeds (automatic matches plus the user's choices).
    pub targets: Memo<Vec<Target>>,
    /// The last check.
    pub checked: RwSignal<Option<Checked>>,
    /// Which rows are included.
    pub included: RwSignal<Vec<bool>>,
    /// The job, when one exists.
    pub job: RwSignal<Option<BulkJob>>,
    /// Pacing wait, while waiting.
    pub waiting: RwSignal<Option<Waiting>>,
    /// Ticks while waiting, for countdowns.
    pub clock: RwSignal<f64>,
    /// 429 countdown and cancel.
    pub retry: RetryWatch,
    /// Whether the runner loop is active.
    pub running: RwSignal<bool>,
    app: AppState,
    history: HistoryStore,
}

/// Creates the session, reopens a saved job, and provides it.
pub fn provide_bulk_session(app: AppState, history: HistoryStore) -> BulkSession {
    let text = RwSignal::new(String::new());
    let separator = RwSignal::new(Separator::Detect);
    let sheet = Memo::new(move |_| text.with(|t| read_sheet(t, separator.get())));
    let template: RwSignal<Option<Template>> = RwSignal::new(None);
    let overrides: RwSignal<BTreeMap<String, Target>> = RwSignal::new(BTreeMap::new());
    let targets = Memo::new(move |_| {
        // Only the headers: the rows can be many.
        let Some(headers) = sheet.with(|s| s.as_ref().map(|s| s.headers.clone()).ok()) else {
            return Vec::new();
        };
        let auto = template.with(|t| {
            t.as_ref()
                .map(|t| auto_map(&headers, t))
                .unwrap_or_default()
        });
        overrides.with(|chosen| {
            headers
                .iter()
                .zip(auto)
                .map(|(header, auto)| chosen.get(header).cloned().unwrap_or(auto))
                .collect()
        })
    });
    let session = BulkSession {
        template,
        template_status: RwSignal::new(TemplateStatus::Idle),
        text,
        file_name: RwSignal::new(None),
        separator,
        date_order: RwSignal::new(DateOrder::DayFirst),
        overrides,
        name_source: RwSignal::new(NameSource::Column),
        sheet,
        targets,
        checked: RwSignal::new(None),
        included: RwSignal::new(Vec::new()),
        job: RwSignal::new(None),
        waiting: RwSignal::new(None),
        clock: RwSignal::new(0.0),
        retry: RetryWatch::new(),
        running: RwSignal::new(false),
        app,
        history,
    };
    session.reopen_saved_job();
    provide_context(session);
    session
}

/// The bulk session; the root component provides it.
pub fn use_bulk_session() -> BulkSession {
    use_context::<BulkSession>().expect("BulkSession is provided by the root App component")
}

impl BulkSession {
    fn reopen_saved_job(&self) {
        let Some(text) = storage::get(Area::Local, JOB_KEY) else {
            return;
        };
        match BulkJob::restore(&text) {
            Ok(job) => {
                let progress = job.progress();
                if progress.remaining > 0 {
                    self.app.notify(
                        Level::Info,
                        format!(
                            "A bulk launch of \"{}\" was interrupted and has been reopened, paused: {} launched, {} maybe launched, {} still to send. Resume it on the Bulk screen.",
                            job.template.title, progress.done, progress.unknown, progress.remaining
                        ),
                    );
                }
                self.job.set(Some(job));
                self.save_job();
            }
            Err(reason) => {
                let _ = storage::set(Area::Local, JOB_BACKUP_KEY, &text);
                storage::remove(Area::Local, JOB_KEY);
                self.app.notify(
                    Level::Warning,
                    format!(
                        "A saved bulk launch could not be read ({reason}). It was kept in this browser's storage under \"{JOB_BACKUP_KEY}\"; check History for the rows it launched."
                    ),
                );
            }
        }
    }

    fn save_job(&self) {
        let stored = self
            .job
            .with_untracked(|job| job.as_ref().map(BulkJob::to_stored));
        match stored {
            Some(text) => {
                if let Err(reason) = storage::set(Area::Local, JOB_KEY, &text) {
                    self.app.notify(
                        Level::Warning,
                        format!("The bulk job's progress could not be saved ({reason}): keep this tab open until it finishes, and download the results."),
                    );
                }
            }
            None => storage::remove(Area::Local, JOB_KEY),
        }
    }

    /// Loads the template rows are launched from.
    pub fn load_template(&self, id: String) {
        let session = *self;
        load_latest_template(&self.app, self.template_status, id, move |template| {
            if let NameSource::Formula(_) = session.name_source.get_untracked() {
                session
                    .name_source
                    .set(NameSource::Formula(default_formula(&template.title)));
            }
            session.template.set(Some(template));
        });
    }

    /// What the current inputs are; a check made from other inputs is stale.
    pub fn fingerprint(&self) -> String {
        format!(
            "{:?}|{:?}|{:?}|{:?}|{}|{}",
            self.template.with(|t| t.as_ref().map(|t| t.id.clone())),
            self.targets.get(),
            self.name_source.get(),
            self.date_order.get(),
            self.text.with(|t| t.len()),
            self.text.with(|t| {
                // A cheap content hash: the text can be large.
                t.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                })
            })
        )
    }

    /// Problems with the template, rows or mapping that prevent checking.
    pub fn setup_problems(&self) -> Vec<String> {
        let Some(template) = self.template.get() else {
            return vec!["Choose the template to launch.".into()];
        };
        self.sheet.with(|sheet| match sheet {
            Ok(sheet) => mapping_problems(
                &sheet.headers,
                &self.targets.get(),
                &template,
                &self.name_source.get(),
            ),
            Err(reason) => vec![reason.clone()],
        })
    }

    /// Checks every row and includes the ones without problems.
    pub fn check(&self) {
        let Some(template) = self.template.get_untracked() else {
            return;
        };
        if self.sheet.with_untracked(Result::is_err) {
            return;
        }
        self.history.ensure_loaded();
        let directory = self.app.directory.get_untracked();
        let ctx = EncodeContext {
            zone: &BrowserZone,
            directory: &directory,
            date_order: self.date_order.get_untracked(),
        };
        let targets = self.targets.get_untracked();
        let name = self.name_source.get_untracked();
        let rows = self.sheet.with_untracked(|sheet| {
            let Ok(sheet) = sheet else {
                return Vec::new();
            };
            self.history.history.with_untracked(|history| {
                check_rows(&CheckInput {
                    template: &template,
                    sheet,
                    targets: &targets,
                    name: &name,
                    ctx: &ctx,
                    now: now_local(),
                    history: Some(history),
                    now_ms: now_ms() as i64,
                })
            })
        });
        self.included.set(rows.iter().map(|_| true).collect());
        self.checked.set(Some(Checked {
            rows,
            key: untrack(|| self.fingerprint()),
        }));
    }

    /// Starts a job over the checked, included rows.
    pub fn start(&self) {
        let Some(checked) = self.checked.get_untracked() else {
            return;
        };
        let (Some(template), Ok(sheet)) =
            (self.template.get_untracked(), self.sheet.get_untracked())
        else {
            return;
        };
        let Ok(connection) = self.app.connection() else {
            return;
        };
        let id = format!("{:x}", now_ms() as i64);
        let mut job = BulkJob::new(
            id,
            template,
            sheet,
            &checked.rows,
            self.included.get_untracked(),
            connection.base().to_string(),
            connection.org().to_string(),
        );
        job.state = JobState::Running;
        self.job.set(Some(job));
        self.save_job();
        self.run();
    }

    fn set_state(&self, state: JobState) {
        self.job.update(|job| {
            if let Some(job) = job {
                job.state = state;
            }
        });
        self.save_job();
    }

    /// Stops after the request in flight; Resume continues.
    pub fn pause(&self) {
        self.set_state(JobState::Paused);
        self.retry.cancel.set(true);
    }

    /// Continues a paused job from the first row without an outcome.
    pub fn resume(&self) {
        self.set_state(JobState::Running);
        self.run();
    }

    /// Finishes the request in flight and launches nothing more.
    pub fn cancel(&self) {
        self.set_state(JobState::Cancelled);
        self.retry.cancel.set(true);
    }

    /// Sends the rows that definitely failed again (and only those).
    pub fn rerun_failed(&self) {
        self.job.update(|job| {
            if let Some(job) = job {
                job.rerun_failed();
            }
        });
        self.resume();
    }

    /// Marks an unknown row to be sent again (the user checked Tallyfy: it did not launch).
    pub fn send_row_again(&self, row: usize) {
        self.job.update(|job| {
            if let Some(job) = job {
                if matches!(
                    job.outcomes.get(row),
                    Some(Some(RowOutcome::Unknown { .. }))
                ) {
                    job.outcomes[row] = None;
                    if job.state == JobState::Finished {
                        job.state = JobState::Paused;
                    }
                }
            }
        });
        self.save_job();
    }

    /// Forgets the job (its launches stay in History).
    pub fn discard(&self) {
        self.job.set(None);
        self.save_job();
    }

    fn run(&self) {
        if self.running.get_untracked() {
            return;
        }
        self.running.set(true);
        let session = *self;
        spawn_local(async move {
            session.run_loop().await;
            session.waiting.set(None);
            session.running.set(false);
        });
    }

    async fn run_loop(&self) {
        let policy = RetryPolicy::default();
        loop {
            let next = self
                .job
                .with_untracked(|job| job.as_ref().map(|j| (j.state, j.next_row())));
            let Some((state, next)) = next else { return };
            if state != JobState::Running {
                return;
            }
            let Some(row) = next else {
                self.set_state(JobState::Finished);
                return;
            };
            let Some(body) = self.job_body(row) else {
                return;
            };
            // Pace: wait for the slot, then ask again (other calls may have happened).
            let pacer = self.app.settings.with_untracked(|s| s.pacer());
            loop {
                let now = now_ms();
                let slot = pacer.next_slot(&recent_sends(), now);
                if slot <= now {
                    break;
                }
                if self.job.with_untracked(|j| j.as_ref().map(|j| j.state))
                    != Some(JobState::Running)
                {
                    self.waiting.set(None);
                    return;
                }
                self.waiting.set(Some(Waiting::Pacing(slot)));
                self.clock.set(now);
                sleep_ms((slot - now).clamp(1.0, 200.0) as u32).await;
            }
            self.waiting.set(None);
            let connection = match self.app.connection() {
                Ok(c) => c,
                Err(error) => {
                    self.app
                        .notify(Level::Warning, format!("The bulk launch stopped: {error}"));
                    self.set_state(JobState::Paused);
                    return;
                }
            };
            let Ok(request) = connection.launch(&body) else {
                return;
            };
            self.job.update(|job| {
                if let Some(job) = job {
                    job.in_flight = Some(row);
                }
            });
            self.save_job();
            let attempt = launch_with_retries(&request, policy, self.retry).await;
            let title = self.job.with_untracked(|j| {
                j.as_ref()
                    .map(|j| j.template.title.clone())
                    .unwrap_or_default()
            });
            let job_id = self
                .job
                .with_untracked(|j| j.as_ref().map(|j| j.id.clone()).unwrap_or_default());
            let web_app = self.app.settings.with_untracked(|s| s.web_app_url.clone());
            let outcome = match &attempt.result {
                Ok(_) => None,
                // Paused or cancelled during a 429 wait: nothing launched, the row stays to do.
                Err(ApiError::RateLimited { .. }) if attempt.cancelled => Some(None),
                Err(error) if error.launch_may_have_happened() => Some(Some(RowOutcome::Unknown {
                    reason: format!("{error} It may have launched: check Tallyfy, then send it again or leave it."),
                })),
                Err(error) => Some(Some(RowOutcome::Failed { error: error.clone() })),
            };
            let link = if attempt.cancelled {
                None
            } else {
                self.history.record_attempt(
                    &connection,
                    &title,
                    &body,
                    &attempt,
                    &web_app,
                    Source::Bulk {
                        job: job_id,
                        row: row + 1,
                    },
                )
            };
            let launched = attempt
                .result
                .as_ref()
                .ok()
                .map(|run| RowOutcome::Launched {
                    run_id: run.id.clone(),
                    link: link.unwrap_or_default(),
                });
            self.job.update(|job| {
                if let Some(job) = job {
                    job.in_flight = None;
                    job.outcomes[row] = match (&launched, &outcome) {
                        (Some(done), _) => Some(done.clone()),
                        (None, Some(result)) => result.clone(),
                        (None, None) => None,
                    };
                }
            });
            self.save_job();
        }
    }

    fn job_body(&self, row: usize) -> Option<crate::domain::launch::LaunchBody> {
        self.job.with_untracked(|job| {
            job.as_ref()
                .and_then(|j| j.bodies.get(row).cloned().flatten())
        })
    }
}
