//! Checking, sending and recording a launch: a chunk of its own in the split build (it reads and
//! writes History for the repeat question and the record), fetched once the form is on screen,
//! so a linked form shows without waiting for it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{DuplicateQuestion, LaunchJob, LaunchResult, LaunchSession, DUPLICATE_WINDOW_MS};
use crate::domain::history::Source;
use crate::domain::launch::LaunchBody;
use crate::domain::retry::RetryPolicy;
use crate::ui::browser::clock::{now_local, now_ms};
use crate::ui::browser::dom::{focus_first_invalid, focus_id};
use crate::ui::split::{split_point, ChunkError};
use crate::ui::state::attempt::{launch_with_retries, Attempt};

/// Said beside the form when the code that launches did not download (nothing was sent).
pub const NOT_DOWNLOADED: &str = "The part of the launcher that sends a launch could not be downloaded: the connection may have dropped. Nothing was sent; check the connection, then press Launch again. Nothing you entered is lost.";

/// What the chunk is asked to do: both write History.
enum SendCall {
    /// Check the form and launch it (`true`: the repeat question was answered).
    Launch(bool),
    /// Record that the form was opened pre-filled in Tallyfy: its template, body and link.
    RecordOpened(String, Box<LaunchBody>, String),
}

split_point! {
    launch_send_chunk: fn send_call(session: LaunchSession, call: SendCall) {
        match call {
            SendCall::Launch(confirmed) => {
                // Set by `launch` to hold the button while this code downloaded; sending sets
                // it again.
                session.in_flight.set(false);
                // A fill that started while this code downloaded replaces the form: what was
                // shown when Launch was pressed is gone.
                if !untrack(|| session.filling()) {
                    session.check_and_send(confirmed);
                }
            }
            SendCall::RecordOpened(title, body, link) => {
                let settings = session.app.settings.get_untracked();
                session.history.record_opened(&settings, &title, &body, &link);
            }
        }
    }
    load load_send_call, preload preload_launch_send
}

/// Runs the launch in its chunk (fetching the chunk first in the split build).
pub(super) async fn launch_in_its_chunk(
    session: LaunchSession,
    confirmed: bool,
) -> Result<(), ChunkError> {
    load_send_call(session, SendCall::Launch(confirmed))
        .await
        .map(|_| ())
}

/// Fetches the code that launches (a failure is left for Launch, which fetches again).
pub async fn prefetch_launch_send() {
    let _ = preload_launch_send().await;
}

impl LaunchSession {
    /// Records in History that the form (`template_title`, `body`) was opened pre-filled in
    /// Tallyfy with `link`, once the code that writes History is there (it may not download:
    /// the record is then missing, and nothing else is lost).
    pub fn record_opened(&self, template_title: String, body: LaunchBody, link: String) {
        let session = *self;
        spawn_local(async move {
            let call = SendCall::RecordOpened(template_title, Box::new(body), link);
            let _ = load_send_call(session, call).await;
        });
    }

    /// Checks the form and sends it, unless a recent launch of the same body asks first.
    fn check_and_send(&self, confirmed: bool) {
        // The moment of sending: the name's and deadlines' dates are worked out for it.
        self.clock.set(now_local());
        let Some(preview) = self.preview().get_untracked() else {
            return;
        };
        self.feedback.show_all.set(true);
        self.duplicate.set(None);
        let body = match preview.ready() {
            Ok(body) => body.clone(),
            Err(problems) => {
                self.problems.set(problems.summary(&preview.template));
                focus_first_invalid();
                return;
            }
        };
        self.problems.set(Vec::new());
        let prepared = self
            .app
            .connection()
            .and_then(|c| Ok((c.launch(&body)?, c)));
        let (request, connection) = match prepared {
            Ok(prepared) => prepared,
            Err(error) => {
                self.result.set(Some(LaunchResult {
                    outcome: Err(error),
                    link: None,
                    processes_link: None,
                    retries: 0,
                    cancelled: false,
                    curl: String::new(),
                }));
                focus_id("launch-result");
                return;
            }
        };
        if !confirmed {
            let now = now_ms() as i64;
            let earlier = self.history.recent_attempt(&body, now, DUPLICATE_WINDOW_MS);
            if let Some(earlier) = earlier {
                self.duplicate.set(Some(DuplicateQuestion {
                    at_ms: earlier.at_ms,
                    run_id: earlier.run().map(|r| r.id.clone()),
                    name: earlier.process_name().to_string(),
                }));
                focus_id("duplicate-question");
                return;
            }
        }
        let job = LaunchJob {
            connection,
            request,
            body,
            template_title: preview.template.title.clone(),
            web_app_url: self.app.settings.with_untracked(|s| s.web_app_url.clone()),
        };
        self.send(job);
    }

    fn send(&self, job: LaunchJob) {
        let session = *self;
        self.in_flight.set(true);
        self.result.set(None);
        spawn_local(async move {
            let attempt =
                launch_with_retries(&job.request, RetryPolicy::default(), session.retry).await;
            session.finish(job, attempt);
        });
    }

    fn finish(&self, job: LaunchJob, attempt: Attempt) {
        let link = self.history.record_attempt(
            &job.connection,
            &job.template_title,
            &job.body,
            &attempt,
            &job.web_app_url,
            Source::Single,
        );
        if let Err(error) = &attempt.result {
            self.feedback.show_server(error);
        }
        self.result.set(Some(LaunchResult {
            outcome: attempt.result,
            link,
            processes_link: Some(job.connection.processes_link(&job.web_app_url)),
            retries: attempt.retries,
            cancelled: attempt.cancelled,
            curl: job.request.to_curl(false),
        }));
        self.in_flight.set(false);
        focus_id("launch-result");
    }
}
