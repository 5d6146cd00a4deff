//! Sending the rows: one at a time, paced, under the job lock, into the API base and
//! organization the job started with; saved before each row goes.

use super::*;
use crate::domain::outcome::ApiError;
use crate::ui::state::app::resolved_base;

impl BulkSession {
    /// Starts a job over the checked, included rows (unless another tab is running one).
    pub fn start(&self) {
        self.run_exclusively(|session| session.create_job());
    }

    pub(super) fn create_job(&self) -> bool {
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
    pub(super) fn run_exclusively(&self, prepare: impl FnOnce(&BulkSession) -> bool + 'static) {
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
            session.edit_job(|job| {
                job.rerun_failed();
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

    /// Pauses the job with a message when it can no longer launch where it started: it sends
    /// only to the API base and organization it was started with, and Settings now differ (or
    /// were cleared).
    pub(super) fn connection_or_pause(&self) -> Option<Connection> {
        let (base, org) = self
            .job
            .with_untracked(|j| j.as_ref().map(|j| (j.api_base.clone(), j.org_id.clone())))?;
        let (now_base, now_org) = self
            .app
            .settings
            .with_untracked(|s| (resolved_base(&s.api_base), s.org_id.trim().to_string()));
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

    pub(super) async fn run_loop(&self) {
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
                let now = monotonic_ms();
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
                self.waiting.set(Some(slot));
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
            self.edit_job(|job| job.in_flight = Some(row));
            // The row counts as "maybe sent" in storage before it goes: if the page dies, it is
            // never sent again by itself.
            if !self.save_or_pause(&format!("before sending row {}", row + 1)) {
                self.edit_job(|job| job.in_flight = None);
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
            // A wait the user cancelled launched nothing: it is not a record.
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
            // Refused, not launched, and every next row would meet the same refusal (Tallyfy's
            // hourly cap, or a browser that will not call the API from this page): the row stays
            // to send, and the job waits for the user to resume it.
            let stop = match &attempt.result {
                Err(ApiError::RateLimited { hourly: true, .. }) => Some(format!(
                    "Tallyfy's hourly limit for this organization was reached at row {}. Resume it later; rows already sent will not be sent again.",
                    row + 1
                )),
                Err(refused @ ApiError::Refused { .. }) => Some(format!(
                    "row {} was not sent. {refused} Resume once the API answers this page; rows already sent will not be sent again.",
                    row + 1
                )),
                _ => None,
            };
            let outcome = RowOutcome::from_attempt(&attempt.result, attempt.cancelled, link);
            self.edit_job(|job| {
                job.in_flight = None;
                if stop.is_some() {
                    job.set_outcome(row, None);
                    job.state = JobState::Paused;
                } else {
                    job.set_outcome(row, outcome);
                }
            });
            if !self.save_or_pause(&format!("after row {} was sent", row + 1)) {
                return;
            }
            if let Some(why) = stop {
                self.app
                    .notify(Level::Warning, format!("The bulk launch is paused: {why}"));
                return;
            }
        }
    }

    pub(super) fn job_body(&self, row: usize) -> Option<crate::domain::launch::LaunchBody> {
        self.job.with_untracked(|job| {
            job.as_ref()
                .and_then(|j| j.bodies.get(row).cloned().flatten())
        })
    }
}
