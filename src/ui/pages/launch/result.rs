//! What follows pressing Launch: the launch-again question, the countdown before a retry after
//! 429, and the result.

use crate::domain::time_ago::time_ago;
use crate::ui::browser::clock::now_ms;
use leptos::prelude::*;

use crate::domain::outcome::ErrorKind;
use crate::domain::rejection::Rejection;
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::components::error_details::ErrorDetails;
use crate::ui::state::launch::{use_launch_session, LaunchResult};
use crate::ui::text::plural;

/// "You launched this 3 minutes ago: launch again?"
#[component]
pub(super) fn DuplicatePrompt() -> impl IntoView {
    let session = use_launch_session();
    move || {
        session.duplicate.get().map(|question| {
            let when = time_ago(now_ms() as i64, question.at_ms);
            view! {
                <div id="duplicate-question" class="notice warning" role="alertdialog" aria-label="Launch the same process again?" tabindex="-1"
                    on:keydown=move |ev| if ev.key() == "Escape" { session.duplicate.set(None) }>
                    <p>{match &question.run_id {
                        Some(run_id) => format!("You launched this same process {when} (\"{}\", run {run_id}). Launching again creates a second process.", question.name),
                        None => format!("You tried to launch this same process {when} (\"{}\") and the answer was lost or unclear: the last launch may have gone through. Check Tallyfy before sending it again; launching again may create a second process.", question.name),
                    }}</p>
                    <button type="button" on:click=move |_| session.launch(true)>"Launch again anyway"</button>
                    <button type="button" class="secondary" on:click=move |_| session.duplicate.set(None)>"Don't launch"</button>
                </div>
            }
        })
    }
}

/// The visible countdown while waiting to retry after a 429.
#[component]
pub(super) fn RetryCountdown() -> impl IntoView {
    let session = use_launch_session();
    let retry = session.retry;
    move || {
        retry.waiting.get().map(|waiting| {
            view! {
                <div class="notice info" role="status" data-testid="retry-countdown">
                    <p>{move || format!(
                        "Tallyfy is rate limiting requests (429). Retrying in {} s (retry {} of {})…",
                        retry.seconds_left().unwrap_or(0), waiting.retry, waiting.max
                    )}</p>
                    <button type="button" class="secondary" on:click=move |_| retry.cancel.set(true)>"Cancel retry"</button>
                </div>
            }
        })
    }
}

/// The outcome of the last launch.
#[component]
pub(super) fn ResultPanel() -> impl IntoView {
    let session = use_launch_session();
    view! {
        <section id="launch-result" class="result" tabindex="-1" aria-live="polite" aria-label="Launch result">
            {move || session.result.get().map(result_view)}
        </section>
    }
}

fn result_view(result: LaunchResult) -> AnyView {
    let session = use_launch_session();
    let retries = (result.retries > 0).then(|| {
        view! { <p class="meta">{format!("After {} automatic {} (rate limited).", result.retries, plural(result.retries as usize, "retry", "retries"))}</p> }
    });
    match result.outcome {
        Ok(run) => {
            let owner = run
                .owner_id
                .map(|id| id.to_string())
                .unwrap_or_else(|| "—".into());
            view! {
                <div class="success-box">
                    <h3>"Process launched"</h3>
                    <dl class="facts">
                        <dt>"Name"</dt><dd>{run.name.clone()}</dd>
                        <dt>"Run ID"</dt><dd><code>{run.id.clone()}</code></dd>
                        <dt>"Status"</dt><dd>{run.status.clone()}</dd>
                        <dt>"Owner"</dt><dd>{owner}</dd>
                        <dt>"Created"</dt><dd>{run.created_at.clone()}</dd>
                    </dl>
                    {retries}
                    {result.link.map(|link| view! {
                        <p><a href=link target="_blank" rel="noopener noreferrer">"Open in Tallyfy"</a></p>
                    })}
                    <p class="help">"The form keeps its values for the next launch; Clear form empties it."</p>
                </div>
            }
            .into_any()
        }
        Err(error) => {
            let kind = error.kind();
            let rejection = session
                .form
                .with_untracked(|f| f.as_ref().and_then(|f| Rejection::of(&f.template, &error)));
            let may_have_happened = error.launch_may_have_happened();
            let curl = result.curl.clone();
            let copied = RwSignal::new(None::<String>);
            view! {
                <div class="failure-box">
                    <h3>{if result.cancelled { "Launch cancelled" } else { "Launch failed" }}</h3>
                    {result.cancelled.then(|| view! { <p>"You cancelled the automatic retry. Nothing was launched: Tallyfy had refused the request with 429."</p> })}
                    <ErrorDetails error=error.clone() headline_only=rejection.is_some() />
                    {rejection.map(|r| view! { <RejectionNotes rejection=r /> })}
                    {retries}
                    {may_have_happened.then(|| view! {
                        <p class="warning">
                            "The launch may have happened even though no confirmation came back, so it was not retried. Check the organization's processes before launching again. "
                            {result.processes_link.clone().map(|link| view! { <a href=link target="_blank" rel="noopener noreferrer">"Open the processes in Tallyfy"</a> })}
                        </p>
                    })}

                    {matches!(kind, ErrorKind::Unauthorized | ErrorKind::NotConfigured | ErrorKind::WrongEndpoint).then(|| view! { <p><a href="#/settings">"Open Settings"</a></p> })}
                    {(kind == ErrorKind::Network).then(|| view! {
                        <p>"The browser may not be allowed to call Tallyfy's API from this page. You can still launch: open the same form pre-filled in Tallyfy, where you press Launch yourself."</p>
                        <button type="button" on:click=move |_| session.tallyfy_panel.set(true)>"Open pre-filled in Tallyfy"</button>
                    })}
                    {(kind == ErrorKind::Network && !curl.is_empty()).then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| {
                            copy_and_report(curl.clone(), "the curl command (the token is read from $TALLYFY_TOKEN)", copied);
                        }>"Copy as curl"</button>
                        <p class="meta" role="status">{move || copied.get()}</p>
                    })}
                </div>
            }
            .into_any()
        }
    }
}

/// What a 422 rejected, by title: which controls show it, what names something this form does
/// not have (with Reload the template), and the rest.
#[component]
fn RejectionNotes(rejection: Rejection) -> impl IntoView {
    let session = use_launch_session();
    let lines = rejection.lines();
    view! {
        <ul class="rejected" data-testid="rejected">
            {lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
        </ul>
        {rejection.marked_anything().then(|| view! {
            <p>"What Tallyfy rejected is marked above. Your values are kept: fix them and launch again."</p>
        })}
        {rejection.needs_reload().then(|| view! {
            <p>"Tallyfy names a step, role or field this form does not have: the template may have changed since the form loaded."</p>
            <button type="button" on:click=move |_| session.reload_template()>"Reload the template"</button>
        })}
    }
}
