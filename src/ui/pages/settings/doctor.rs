//! What Test connection found, check by check: ✓ or ✗ with the kind of failure and its fix,
//! what the server said (with its request id), and Copy diagnostics for a support request.

use leptos::prelude::*;

use crate::domain::diagnosis::Outcome;
use crate::domain::outcome::ErrorKind;
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::components::error_details::ErrorDetails;
use crate::ui::state::doctor::Diagnosis;

/// The checks of the last test, or its progress.
#[component]
pub(super) fn DoctorResult(
    test: Action<(), Diagnosis>,
    /// Puts the focus on the token box (offered when the token was refused).
    reenter_token: Callback<()>,
) -> impl IntoView {
    let copied = RwSignal::new(None::<String>);
    view! {
        <div class="status-area" role="status" aria-live="polite" data-testid="connection-status">
            {move || {
                if test.pending().get() {
                    return view! { <p class="pending"><span class="spinner" aria-hidden="true"></span>"Testing the connection…"</p> }.into_any();
                }
                let Some(diagnosis) = test.value().get() else {
                    return ().into_any();
                };
                let report = diagnosis.report.clone();
                let unauthorized = diagnosis.checks.iter().any(|c| c.error.as_ref().is_some_and(|e| e.kind() == ErrorKind::Unauthorized));
                view! {
                    <ul class="checks" data-testid="connection-checks">
                        {diagnosis.checks.into_iter().map(|check| {
                            let class = match check.outcome {
                                Outcome::Passed => "passed",
                                Outcome::Failed => "failed",
                                Outcome::Skipped => "skipped",
                            };
                            view! {
                                <li class=class>
                                    <span class="mark" aria-hidden="true">{check.outcome.mark()}</span>
                                    <span><strong>{check.name}</strong>": "{check.text}</span>
                                    // What the server said, when it answered (the check's own words
                                    // say the rest).
                                    {check.error.filter(|e| e.status().is_some()).map(|error| view! { <ErrorDetails error=error /> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <div class="actions">
                        {unauthorized.then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| reenter_token.run(())>"Re-enter token"</button>
                        })}
                        <button type="button" class="secondary" on:click=move |_| copy_and_report(report.clone(), "the diagnostics (no token in them)", copied)>"Copy diagnostics"</button>
                    </div>
                    <p class="meta" role="status">{move || copied.get()}</p>
                }.into_any()
            }}
        </div>
    }
}
