//! The saved job, shared between tabs: one tab runs it (under the browser's Web Lock), the
//! others only show its progress; reading, saving, and changing it under the lock.

use super::*;

impl BulkSession {
    /// Reopens the saved job. When another tab is running it, this tab only shows its progress
    /// (and never writes it) until that tab lets go; otherwise the job was interrupted: it
    /// reopens paused, its in-flight row marked unknown.
    pub(super) fn reopen_saved_job(&self) {
        let session = *self;
        spawn_local(async move {
            if is_held(JOB_LOCK).await {
                session.watch_job_elsewhere();
                return;
            }
            session.elsewhere.set(false);
            let stored = storage::load_or_back_up(
                storage::JOB_KEY,
                storage::JOB_BACKUP_KEY,
                BulkJob::restore,
            );
            if let Some(notice) = stored.unreadable_notice("A saved bulk launch") {
                storage::remove(Area::Local, storage::JOB_KEY);
                session.app.notify(
                    Level::Warning,
                    format!("{notice} Check History for the rows it launched."),
                );
            }
            if let Stored::Read((job, interrupted)) = stored {
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
        });
    }

    /// Shows the job another tab is running, and takes it over (paused) once that tab lets go.
    pub(super) fn watch_job_elsewhere(&self) {
        self.elsewhere.set(true);
        self.show_stored_job();
        let session = *self;
        spawn_local(async move {
            wait_until_free(JOB_LOCK).await;
            session.let_last_save_arrive().await;
            session.reopen_saved_job();
        });
    }

    /// Another tab's last save can reach this tab's storage after its lock is released (each
    /// tab sees the others' writes a moment later): while the saved copy still looks mid-run
    /// (running, or a row in flight), wait a little for that save, so a job that finished or
    /// paused is not taken for an interrupted one (its last row marked unknown, or a stale copy
    /// written back over the final one).
    async fn let_last_save_arrive(&self) {
        const GRACE_MS: u32 = 1_500;
        const STEP_MS: u32 = 100;
        for _ in 0..GRACE_MS / STEP_MS {
            let mid_run = storage::get(Area::Local, storage::JOB_KEY)
                .and_then(|text| BulkJob::read_only(&text).ok())
                .is_some_and(|job| job.in_flight.is_some() || job.state == JobState::Running);
            if !mid_run {
                return;
            }
            crate::api::clock::sleep_ms(STEP_MS).await;
        }
    }

    /// Shows the stored job as it is, without changing it (it belongs to another tab).
    pub(super) fn show_stored_job(&self) {
        let stored = storage::get(Area::Local, storage::JOB_KEY)
            .and_then(|text| BulkJob::read_only(&text).ok());
        self.job.set(stored);
    }

    /// Follows the other tab's progress while it runs the job.
    pub(super) fn follow_other_tabs(&self) {
        let session = *self;
        let listener = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() == Some(storage::JOB_KEY) && session.elsewhere.get_untracked()
            {
                session.show_stored_job();
            }
        });
        on_cleanup(move || listener.remove());
    }

    /// Saves the job; the error says why the browser refused.
    pub(super) fn save_job(&self) -> Result<(), String> {
        let stored = self
            .job
            .with_untracked(|job| job.as_ref().map(BulkJob::to_stored));
        match stored {
            Some(text) => storage::set(Area::Local, storage::JOB_KEY, &text),
            None => {
                storage::remove(Area::Local, storage::JOB_KEY);
                Ok(())
            }
        }
    }

    /// Saves the job, or pauses it with a message: a job that cannot be saved must not send
    /// (after a reload its stale copy would send rows again).
    pub(super) fn save_or_pause(&self, when: &str) -> bool {
        match self.save_job() {
            Ok(()) => true,
            Err(reason) => {
                self.edit_job(|job| job.state = JobState::Paused);
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

    pub(super) fn set_state(&self, state: JobState) {
        self.edit_job(|job| job.state = state);
        // A refusal is told by the runner, which will not send unsaved.
        let _ = self.save_job();
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
    pub(super) fn take_stored_copy(&self) {
        self.elsewhere.set(false);
        let stored = storage::get(Area::Local, storage::JOB_KEY)
            .and_then(|text| BulkJob::restore(&text).ok())
            .map(|(job, _)| job);
        let current = self
            .job
            .with_untracked(|j| j.as_ref().map(|j| j.id.clone()));
        if let Some(stored) = stored.filter(|s| Some(&s.id) == current.as_ref()) {
            self.job.set(Some(stored));
        }
    }

    pub(super) fn set_running(&self) -> bool {
        self.edit_job(|job| job.state = JobState::Running);
        self.save_or_pause("when it resumed")
    }

    /// Changes the job and saves it: at once in the tab running it, otherwise under the job
    /// lock on the saved copy, so a tab never writes over another tab's progress.
    pub(super) fn change_job(&self, change: impl FnOnce(&mut BulkJob) + 'static) {
        if self.running.get_untracked() {
            self.edit_job(change);
            // A refusal is told, and honoured, by the runner: it sends nothing unsaved.
            let _ = self.save_job();
            return;
        }
        let session = *self;
        spawn_local(async move {
            let outcome = run_exclusively(JOB_LOCK, async {
                session.take_stored_copy();
                session.edit_job(change);
                let _ = session.save_or_pause("after the change");
            })
            .await;
            if outcome == Exclusive::HeldElsewhere {
                session.refuse_held_elsewhere();
            }
        });
    }

    pub(super) fn refuse_held_elsewhere(&self) {
        self.app.notify(
            Level::Warning,
            "A bulk launch is running in another tab of this browser: this tab sends and changes nothing while it runs. Pause or finish it there first.",
        );
        self.watch_job_elsewhere();
    }
}
