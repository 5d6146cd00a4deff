//! The Bulk screen's state and the job runner, kept at the app root: a job keeps running while
//! the user looks at other screens, is saved after every row, and reopens paused after a reload.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::transport::recent_sends;
use crate::api::Connection;
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
use crate::ui::browser::clock::now_local;
use crate::ui::browser::clock::{now_ms, sleep_ms};
use crate::ui::browser::locks::{is_held, run_exclusively, wait_until_free, Exclusive};
use crate::ui::browser::storage::{self, Area};
use crate::ui::state::history::HistoryStore;
use crate::ui::state::launch_runner::{launch_with_retries, RetryWatch};
use crate::ui::state::template_loader::{load_latest_template, TemplateStatus};
use crate::ui::state::{AppState, Level};

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
    /// Whether another tab is running the saved job (this tab then only shows its progress).
    pub elsewhere: RwSignal<bool>,
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
        elsewhere: RwSignal::new(false),
        app,
        history,
    };
    session.reopen_saved_job();
    session.follow_other_tabs();
    provide_context(session);
    session
}

/// The lock a tab holds while it runs the bulk job: one job runs in one tab.
const JOB_LOCK: &str = "tallyfy-launcher/bulk/job";

/// The bulk session; the root component provides it.
pub fn use_bulk_session() -> BulkSession {
    // Safe: provided once at the root before any screen mounts; only a wiring bug misses it.
    use_context::<BulkSession>().expect("BulkSession is provided by the root App component")
}

impl BulkSession {
    /// Reopens the saved job. When another tab is running it, this tab only shows its progress
    /// (and never writes it) until that tab lets go; otherwise the job was interrupted: it
    /// reopens paused, its in-flight row marked unknown.
    fn reopen_saved_job(&self) {
        let session = *self;
        spawn_local(async move {
            if is_held(JOB_LOCK).await {
                session.watch_job_elsewhere();
                return;
            }
            session.elsewhere.set(false);
            let Some(text) = storage::get(Area::Local, JOB_KEY) else {
                return;
            };
            match BulkJob::restore(&text) {
                Ok((job, interrupted)) => {
                    let progress = job.progress();
                    if interrupted && progress.remaining > 0 {
                        session.app.notify(
                            Level::Info,
                            format!(
                                "A bulk launch of \"{}\" was interrupted and has been reopened, paused: {} launched, {} maybe launched, {} still to send. Resume it on the Bulk screen.",
                                job.template.title, progress.done, progress.unknown, progress.remaining
                            ),
                        );
                    }
                    session.job.set(Some(job));
                    // Best effort: the copy in storage is read again before any row is sent.
                    let _ = session.save_job();
                }
                Err(reason) => {
                    let kept = storage::keep_backup(JOB_BACKUP_KEY, &text);
                    storage::remove(Area::Local, JOB_KEY);
                    session.app.notify(
                        Level::Warning,
                        format!(
                            "A saved bulk launch could not be read ({reason}). {} Check History for the rows it launched.",
                            kept.describe()
                        ),
                    );
                }
            }
        });
    }

    /// Shows the job another tab is running, and takes it over (paused) once that tab lets go.
    fn watch_job_elsewhere(&self) {
        self.elsewhere.set(true);
        self.show_stored_job();
        let session = *self;
        spawn_local(async move {
            wait_until_free(JOB_LOCK).await;
            session.reopen_saved_job();
        });
    }

    /// Shows the stored job as it is, without changing it (it belongs to another tab).
    fn show_stored_job(&self) {
        let stored =
            storage::get(Area::Local, JOB_KEY).and_then(|text| BulkJob::read_only(&text).ok());
        self.job.set(stored);
    }

    /// Follows the other tab's progress while it runs the job.
    fn follow_other_tabs(&self) {
        let session = *self;
        let listener = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() == Some(JOB_KEY) && session.elsewhere.get_untracked() {
                session.show_stored_job();
            }
        });
        on_cleanup(move || listener.remove());
    }

    /// Saves the job; the error says why the browser refused.
    fn save_job(&self) -> Result<(), String> {
        let stored = self
            .job
            .with_untracked(|job| job.as_ref().map(BulkJob::to_stored));
        match stored {
            Some(text) => storage::set(Area::Local, JOB_KEY, &text),
            None => {
                storage::remove(Area::Local, JOB_KEY);
                Ok(())
            }
        }
    }

    /// Saves the job, or pauses it with a message: a job that cannot be saved must not send
    /// (after a reload its stale copy would send rows again).
    fn save_or_pause(&self, when: &str) -> bool {
        match self.save_job() {
            Ok(()) => true,
            Err(reason) => {
                self.job.update(|job| {
                    if let Some(job) = job {
                        job.state = JobState::Paused;
                    }
                });
                self.app.notify(
                    Level::Warning,
                    format!(
                        "The bulk launch is paused: its progress could not be saved {when} ({reason}), so nothing more is sent. Free some space (export History, then delete old records or lower its limit in Settings) and press Resume; rows already sent will not be sent again."
                    ),
                );
                false
            }
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
            date_order: self.date_order.get_untracked(),
            ..EncodeContext::browser(&directory)
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

    /// Starts a job over the checked, included rows (unless another tab is running one).
    pub fn start(&self) {
        self.run_exclusively(|session| session.create_job());
    }

    fn create_job(&self) -> bool {
        let Some(checked) = self.checked.get_untracked() else {
            return false;
        };
        let (Some(template), Ok(sheet)) =
            (self.template.get_untracked(), self.sheet.get_untracked())
        else {
            return false;
        };
        let connection = match self.app.connection() {
            Ok(connection) => connection,
            Err(error) => {
                self.app.notify(
                    Level::Warning,
                    format!("The bulk launch did not start: {error}"),
                );
                return false;
            }
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
        self.save_or_pause("when it started")
    }

    /// Takes the job lock, lets `prepare` set the job up (it says whether to go on), then runs
    /// the rows; the lock is let go when the runner stops. Another tab holding the lock means
    /// this tab sends nothing.
    fn run_exclusively(&self, prepare: impl FnOnce(&BulkSession) -> bool + 'static) {
        if self.running.get_untracked() {
            return;
        }
        self.running.set(true);
        let session = *self;
        spawn_local(async move {
            let outcome = run_exclusively(JOB_LOCK, async {
                if prepare(&session) {
                    session.run_loop().await;
                }
            })
            .await;
            session.waiting.set(None);
            session.running.set(false);
            if outcome == Exclusive::HeldElsewhere {
                session.refuse_held_elsewhere();
            }
        });
    }

    fn set_state(&self, state: JobState) {
        self.job.update(|job| {
            if let Some(job) = job {
                job.state = state;
            }
        });
        // A refusal is told by the runner, which will not send unsaved.
        let _ = self.save_job();
    }

    /// Stops after the request in flight; Resume continues.
    pub fn pause(&self) {
        self.retry.cancel.set(true);
        self.change_job(|job| job.state = JobState::Paused);
    }

    /// Continues a paused job from the first row without an outcome.
    pub fn resume(&self) {
        self.run_exclusively(|session| {
            session.take_stored_copy();
            session.set_running()
        });
    }

    /// Finishes the request in flight and launches nothing more.
    pub fn cancel(&self) {
        self.retry.cancel.set(true);
        self.change_job(|job| job.state = JobState::Cancelled);
    }

    /// Sends the rows that definitely failed again (and only those).
    pub fn rerun_failed(&self) {
        self.run_exclusively(|session| {
            session.take_stored_copy();
            session.job.update(|job| {
                if let Some(job) = job {
                    job.rerun_failed();
                }
            });
            session.set_running()
        });
    }

    /// Marks an unknown row to be sent again (the user checked Tallyfy: it did not launch).
    pub fn send_row_again(&self, row: usize) {
        self.change_job(move |job| {
            if matches!(
                job.outcomes.get(row),
                Some(Some(RowOutcome::Unknown { .. }))
            ) {
                job.set_outcome(row, None);
                if job.state == JobState::Finished {
                    job.state = JobState::Paused;
                }
            }
        });
    }

    /// Forgets the job (its launches stay in History).
    pub fn discard(&self) {
        if self.running.get_untracked() {
            return;
        }
        let session = *self;
        spawn_local(async move {
            let outcome = run_exclusively(JOB_LOCK, async {
                session.job.set(None);
                let _ = session.save_job();
            })
            .await;
            if outcome == Exclusive::HeldElsewhere {
                session.refuse_held_elsewhere();
            }
        });
    }

    /// Replaces this tab's copy of the job with the saved one (same job): the saved copy is the
    /// one truth about which rows were sent. Call while holding the job lock.
    fn take_stored_copy(&self) {
        self.elsewhere.set(false);
        let stored = storage::get(Area::Local, JOB_KEY)
            .and_then(|text| BulkJob::restore(&text).ok())
            .map(|(job, _)| job);
        let current = self
            .job
            .with_untracked(|j| j.as_ref().map(|j| j.id.clone()));
        if let Some(stored) = stored.filter(|s| Some(&s.id) == current.as_ref()) {
            self.job.set(Some(stored));
        }
    }

    fn set_running(&self) -> bool {
        self.job.update(|job| {
            if let Some(job) = job {
                job.state = JobState::Running;
            }
        });
        self.save_or_pause("when it resumed")
    }

    /// Changes the job and saves it: at once in the tab running it, otherwise under the job
    /// lock on the saved copy, so a tab never writes over another tab's progress.
    fn change_job(&self, change: impl FnOnce(&mut BulkJob) + 'static) {
        if self.running.get_untracked() {
            self.job.update(|job| {
                if let Some(job) = job {
                    change(job);
                }
            });
            // A refusal is told, and honoured, by the runner: it sends nothing unsaved.
            let _ = self.save_job();
            return;
        }
        let session = *self;
        spawn_local(async move {
            let outcome = run_exclusively(JOB_LOCK, async {
                session.take_stored_copy();
                session.job.update(|job| {
                    if let Some(job) = job {
                        change(job);
                    }
                });
                let _ = session.save_or_pause("after the change");
            })
            .await;
            if outcome == Exclusive::HeldElsewhere {
                session.refuse_held_elsewhere();
            }
        });
    }

    fn refuse_held_elsewhere(&self) {
        self.app.notify(
            Level::Warning,
            "A bulk launch is running in another tab of this browser: this tab sends and changes nothing while it runs. Pause or finish it there first.",
        );
        self.watch_job_elsewhere();
    }

    /// Pauses the job with a message when it can no longer launch where it started: it sends
    /// only to the API base and organization it was started with, and Settings now differ (or
    /// were cleared).
    fn connection_or_pause(&self) -> Option<Connection> {
        let (base, org) = self
            .job
            .with_untracked(|j| j.as_ref().map(|j| (j.api_base.clone(), j.org_id.clone())))?;
        let (now_base, now_org) = self.app.settings.with_untracked(|s| {
            (
                s.api_base.trim().trim_end_matches('/').to_string(),
                s.org_id.trim().to_string(),
            )
        });
        let problem = if now_base != base.trim_end_matches('/') || now_org != org {
            Some(format!(
                "it launches into organization {org} at {base}, where it started, but Settings now say {} at {}. Put Settings back to resume it, or start a new job.",
                if now_org.is_empty() { "no organization".to_string() } else { format!("organization {now_org}") },
                now_base
            ))
        } else {
            self.app
                .connection_to(&base, &org)
                .err()
                .map(|e| e.to_string())
        };
        match problem {
            None => self.app.connection_to(&base, &org).ok(),
            Some(problem) => {
                self.set_state(JobState::Paused);
                self.app.notify(
                    Level::Warning,
                    format!("The bulk launch is paused: {problem}"),
                );
                None
            }
        }
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
            let Some(connection) = self.connection_or_pause() else {
                return;
            };
            let request = match connection.launch(&body) {
                Ok(request) => request,
                Err(error) => {
                    self.set_state(JobState::Paused);
                    self.app.notify(
                        Level::Warning,
                        format!("The bulk launch is paused: {error}"),
                    );
                    return;
                }
            };
            self.job.update(|job| {
                if let Some(job) = job {
                    job.in_flight = Some(row);
                }
            });
            // The row counts as "maybe sent" in storage before it goes: if the page dies, it is
            // never sent again by itself.
            if !self.save_or_pause(&format!("before sending row {}", row + 1)) {
                self.job.update(|job| {
                    if let Some(job) = job {
                        job.in_flight = None;
                    }
                });
                return;
            }
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
                    job.set_outcome(
                        row,
                        match (&launched, &outcome) {
                            (Some(done), _) => Some(done.clone()),
                            (None, Some(result)) => result.clone(),
                            (None, None) => None,
                        },
                    );
                }
            });
            if !self.save_or_pause(&format!("after row {} was sent", row + 1)) {
                return;
            }
        }
    }

    fn job_body(&self, row: usize) -> Option<crate::domain::launch::LaunchBody> {
        self.job.with_untracked(|job| {
            job.as_ref()
                .and_then(|j| j.bodies.get(row).cloned().flatten())
        })
    }
}
