//! The job: progress, pacing, controls and every row's outcome.

use leptos::prelude::*;

use crate::api::address::trusted_run_link;
use crate::domain::bulk::{JobState, RowOutcome};
use crate::ui::browser::clock::{local_time, monotonic_ms, now_ms};
use crate::ui::browser::files::download;
use crate::ui::components::confirm::ConfirmNotice;
use crate::ui::components::data_table::{DataTable, ShowMore};
use crate::ui::state::bulk::use_bulk_session;
use crate::ui::state::use_app;

/// Result rows shown at first, and added by "Show more".
const PAGE: usize = 100;
/// The job's state, read the same way by each part of the panel.
#[derive(Clone, Copy)]
struct JobView {
    bulk: crate::ui::state::bulk::BulkSession,
}

impl JobView {
    fn progress(self) -> crate::domain::bulk::Progress {
        self.bulk
            .job
            .with(|j| j.as_ref().map(|j| j.progress()).unwrap_or_default())
    }
    fn state(self) -> Option<JobState> {
        self.bulk.job.with(|j| j.as_ref().map(|j| j.state))
    }
    /// Whether this tab runs the job (not another tab of this browser).
    fn here(self) -> bool {
        !self.bulk.elsewhere.get()
    }
}

/// The job: progress, pacing, controls and every row's outcome.
#[component]
pub(super) fn JobPanel() -> impl IntoView {
    let bulk = use_bulk_session();
    let title = move || {
        bulk.job.with(|j| {
            j.as_ref()
                .map(|j| j.template.title.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="card stack" role="group" aria-labelledby="job-title">
            <h2 id="job-title">{move || format!("Launching \"{}\"", title())}</h2>
            <JobStatus />
            <JobControls />
            <JobResults />
        </div>
    }
}

/// Progress, counts, pace and the waits (pacing, a 429's retry).
#[component]
fn JobStatus() -> impl IntoView {
    let app = use_app();
    let bulk = use_bulk_session();
    let job = JobView { bulk };
    let progress = move || job.progress();
    let state = move || job.state();
    let total = move || {
        let p = progress();
        p.done + p.failed + p.unknown + p.remaining
    };
    let rate_now = move || {
        bulk.clock.track();
        let now = monotonic_ms();
        crate::api::transport::recent_sends()
            .iter()
            .filter(|(t, _)| now - *t < 60_000.0)
            .count()
    };
    let eta = move || {
        let pacer = app.settings.with(|s| s.pacer());
        let seconds = (progress().remaining as f64 * pacer.spacing_ms() / 1000.0).ceil() as u64;
        crate::domain::outcome::describe_wait(seconds * 1000)
    };
    view! {
        <progress aria-label="Bulk launch progress" max=move || total().max(1).to_string()
            value=move || { let p = progress(); (p.done + p.failed + p.unknown).to_string() }></progress>
        <p data-testid="bulk-counts" role="status">
            {move || { let p = progress(); format!("Launched {} · Failed {} · Unknown {} · Remaining {}", p.done, p.failed, p.unknown, p.remaining) }}
        </p>
        <Show when=move || bulk.elsewhere.get()>
            <p class="notice info" role="status" data-testid="bulk-elsewhere">
                "Running in another tab of this browser: this tab shows its progress and sends nothing. Pause or finish it there; once that tab lets go, it can be resumed here."
            </p>
        </Show>
        <p class="meta">
            {move || format!("{} · limit {} · {} requests in the last minute · about {} left",
                match state() {
                    Some(JobState::Running) if bulk.elsewhere.get() => "Running in another tab",
                    Some(state) => state.label(),
                    None => "",
                },
                app.settings.with(|s| format!("{} requests per {} s", s.rate_limit, s.rate_window_secs)), rate_now(), eta())}
        </p>
        {move || bulk.waiting.get().map(|until| view! {
            <p class="meta" data-testid="bulk-pacing">{move || { bulk.clock.track(); format!("Next launch in {:.1} s (pacing).", ((until - monotonic_ms()) / 1000.0).max(0.0)) }}</p>
        })}
        {move || bulk.retry.waiting.get().map(|w| view! {
            <p class="notice info" role="status" data-testid="bulk-retry">
                {move || format!("Tallyfy is rate limiting (429): retrying this row in {} s (retry {} of {}).", bulk.retry.seconds_left().unwrap_or(0), w.retry, w.max)}
            </p>
        })}
    }
}

/// Pause, Resume, Cancel, Re-run failed rows, the results file, and starting over.
#[component]
fn JobControls() -> impl IntoView {
    let bulk = use_bulk_session();
    let job = JobView { bulk };
    let confirm_discard = RwSignal::new(false);
    let progress = move || job.progress();
    let state = move || job.state();
    let here = move || job.here();
    let can_resume =
        move || here() && state() == Some(JobState::Paused) && progress().remaining != 0;
    let can_cancel = move || {
        here()
            && matches!(state(), Some(JobState::Running) | Some(JobState::Paused))
            && progress().remaining != 0
    };
    let can_rerun = move || here() && progress().failed != 0 && state() != Some(JobState::Running);
    let download_results = move |_| {
        let csv = bulk
            .job
            .with_untracked(|j| j.as_ref().map(|j| j.results_csv()).unwrap_or_default());
        let _ = download(
            &format!(
                "bulk-results-{}.csv",
                local_time(now_ms() as i64).replace([' ', ':'], "-")
            ),
            "text/csv",
            &csv,
        );
    };
    view! {
        <div class="actions">
            <Show when=move || here() && state() == Some(JobState::Running)>
                <button type="button" class="secondary" on:click=move |_| bulk.pause()>"Pause"</button>
            </Show>
            <Show when=can_resume>
                <button type="button" on:click=move |_| bulk.resume()>"Resume"</button>
            </Show>
            <Show when=can_cancel>
                <button type="button" class="danger" on:click=move |_| bulk.cancel()>"Cancel"</button>
            </Show>
            <Show when=can_rerun>
                <button type="button" class="secondary" on:click=move |_| bulk.rerun_failed()>"Re-run failed rows"</button>
            </Show>
            <button type="button" class="secondary" on:click=download_results>"Download results (CSV)"</button>
            <Show when=move || here() && state() != Some(JobState::Running) && !bulk.running.get()>
                <button type="button" class="secondary" on:click=move |_| confirm_discard.set(true)>"Start a new job"</button>
            </Show>
        </div>
        <Show when=move || confirm_discard.get()>
            <ConfirmNotice title="Start a new job?">
                <p>{move || if progress().remaining > 0 {
                    format!("{} rows have not been sent. Start a new job anyway? This job's launches stay in History; download its results first to keep them together.", progress().remaining)
                } else {
                    "Start a new job? This job's launches stay in History; download its results first to keep them together.".to_string()
                }}</p>
                <button type="button" on:click=move |_| { bulk.discard(); confirm_discard.set(false); }>"Start a new job"</button>
                <button type="button" class="secondary" on:click=move |_| confirm_discard.set(false)>"Keep this job"</button>
            </ConfirmNotice>
        </Show>
    }
}

/// Every row's outcome, a hundred at a time.
#[component]
fn JobResults() -> impl IntoView {
    let app = use_app();
    let bulk = use_bulk_session();
    let job = JobView { bulk };
    let here = move || job.here();
    let shown = RwSignal::new(PAGE);
    let run_link = move |link: &str| {
        app.settings
            .with_untracked(|s| trusted_run_link(link, &s.api_base, &s.web_app_url))
    };
    let more_rows = move || {
        let listed = bulk.job.with(|j| {
            j.as_ref()
                .map(|j| {
                    j.included
                        .iter()
                        .zip(&j.outcomes)
                        .filter(|(included, outcome)| **included || outcome.is_some())
                        .count()
                })
                .unwrap_or(0)
        });
        listed != listed.min(shown.get())
    };
    let rows = move || {
        bulk.job.with(|j| {
            let Some(j) = j else { return Vec::new() };
            let name_of = |i: usize| {
                j.bodies
                    .get(i)
                    .and_then(Option::as_ref)
                    .map(|b| b.name.clone())
                    .unwrap_or_default()
            };
            j.outcomes
                .iter()
                .enumerate()
                .filter(|(i, outcome)| {
                    j.included.get(*i).copied().unwrap_or(false) || outcome.is_some()
                })
                .take(shown.get())
                .map(|(i, outcome)| (i, name_of(i), outcome.clone(), j.in_flight == Some(i)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <DataTable class="check-table" headers=&["Row", "Process name", "Outcome", "Run or error"] testid="bulk-results">
            <tbody>
                <For each=rows key=|(i, _, outcome, flying)| (*i, outcome.as_ref().map(RowOutcome::label), *flying) children=move |(i, name, outcome, flying)| {
                    // The badge's text, and its class (one word).
                    let (label, class) = match (&outcome, flying) {
                        (_, true) => ("sending…", "sending"),
                        (Some(o), _) => (o.label(), o.label()),
                        (None, _) => ("waiting", "waiting"),
                    };
                    let detail = match &outcome {
                        Some(RowOutcome::Launched { run_id, link }) => match run_link(link) {
            Some(href) => view! { <a href=href target="_blank" rel="noopener noreferrer">{run_id.clone()}</a> }.into_any(),
            None => view! { <span>{run_id.clone()}</span> }.into_any(),
            },
                        Some(RowOutcome::Failed { error }) => view! { <span>{error.to_string()}</span> }.into_any(),
                        Some(RowOutcome::Unknown { reason }) => view! {
                            <span>{reason.clone()}</span>
                            " "
                            <Show when=here>
                                <button type="button" class="secondary small" on:click=move |_| bulk.send_row_again(i)>{format!("Send row {} again", i + 1)}</button>
                            </Show>
                        }.into_any(),
                        None => ().into_any(),
                    };
                    view! {
                        <tr data-row=i + 1>
                            <th scope="row">{i + 1}</th>
                            <td>{name}</td>
                            <td><span class=format!("badge badge-{class}")>{label}</span></td>
                            <td>{detail}</td>
                        </tr>
                    }
                } />
            </tbody>
        </DataTable>
        <ShowMore more=Signal::derive(more_rows) shown page=PAGE label="Show more rows" />
    }
}
