//! What a form shows below its fields and beside them: assignments, process name, owner,
//! summary, options, the problems found at Launch and the launch-again question; after the
//! Launch bar, Open in Tallyfy, the retry countdown and the result; beside the form, the exact
//! request; and the inputs of table, people and file fields. They come with the launch tools in
//! the Launch screen's second chunk (`launch_tools_chunk`), asked for once the fields are there,
//! so a linked form's first field waits only for the code that shows fields.

use leptos::prelude::*;

use super::assignments::AssignmentsSection;
use super::inputs::{OwnerField, ProcessNameField, SummaryField};
use super::open_in_tallyfy::OpenInTallyfyPanel;
use super::process_options::ProcessOptionsSection;
use super::result::{DuplicatePrompt, ResultPanel, RetryCountdown};
use super::tools::LaunchTools;
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::components::fields::Control;
use crate::ui::components::problem_list::ProblemList;
use crate::ui::state::form::FormModel;
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::use_app;
use crate::ui::text::plural;

/// A part of the Launch screen that comes with its second chunk.
// Made once per part and moved straight into the chunk, never stored: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub(super) enum LaunchRest {
    /// What follows the fields, up to the Launch bar.
    BelowFields(FormModel),
    /// What follows the Launch bar.
    AfterLaunchBar,
    /// The Request panel beside the form.
    Request,
    /// The launch tools under the form.
    Tools,
    /// A table, people or file field's input (see `LaterInputs`).
    Input(Control),
}

impl LaunchRest {
    /// The part's view.
    pub(super) fn view(self) -> AnyView {
        match self {
            LaunchRest::BelowFields(form) => view! { <BelowFields form=form /> }.into_any(),
            LaunchRest::AfterLaunchBar => view! {
                <OpenInTallyfyPanel />
                <RetryCountdown />
                <ResultPanel />
            }
            .into_any(),
            LaunchRest::Request => view! { <RequestPanel /> }.into_any(),
            LaunchRest::Tools => view! { <LaunchTools /> }.into_any(),
            LaunchRest::Input(control) => control.later_input(),
        }
    }
}

/// Assignments, process name, owner, summary, options, the problems found at Launch and the
/// launch-again question.
#[component]
fn BelowFields(form: FormModel) -> impl IntoView {
    // What Launch would send, as the session computes it on every keystroke.
    let preview = use_launch_session().preview();
    let name_problem =
        Signal::derive(move || preview.with(|p| p.as_ref().and_then(|p| p.problems.name.clone())));
    let name_preview = Signal::derive(move || {
        preview.with(|p| p.as_ref().map(|p| p.body.name.clone()).unwrap_or_default())
    });
    let assignment_problems = Signal::derive(move || {
        preview.with(|p| {
            p.as_ref()
                .map(|p| p.problems.assignments.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <AssignmentsSection form=form.clone() problems=assignment_problems />
        <ProcessNameField form=form.clone() problem=name_problem preview=name_preview />
        <OwnerField form=form.clone() />
        <SummaryField form=form.clone() />
        <ProcessOptionsSection options=form.options />
        <LaunchProblems />
        <DuplicatePrompt />
    }
}

/// Every problem found when Launch was pressed, announced at once.
#[component]
fn LaunchProblems() -> impl IntoView {
    let session = use_launch_session();
    view! {
        <div role="alert" class="problem-list">
            {move || {
                let problems = session.problems.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="error-box">
                        <ProblemList intro=format!("Nothing was launched. Fix {} before launching:", if problems.len() == 1 { "this problem".to_string() } else { format!("these {} problems", problems.len()) }) items=problems />
                    </div>
                })
            }}
        </div>
    }
}

/// The exact request Launch will send, with copy buttons.
#[component]
fn RequestPanel() -> impl IntoView {
    let app = use_app();
    let preview = use_launch_session().preview();
    let body = move || preview.with(|p| p.as_ref().map(|p| p.body.clone()).unwrap_or_default());
    let reveal = RwSignal::new(false);
    let copied = RwSignal::new(None::<String>);
    let request = move || app.connection_tracked().and_then(|c| c.launch(&body()));
    let body_text = move || preview.with(|p| p.as_ref().map(|p| p.body.to_pretty_json()));
    let problems = move || preview.with(|p| p.as_ref().map_or(0, |p| p.problems.count()));
    let copy = move |text: String, what: &'static str| copy_and_report(text, what, copied);
    // On a phone the panel folds under the form behind a "Request" button (the button and the
    // folding exist only in the phone layout, style/main.css); on a desk it is always open.
    let unfolded = RwSignal::new(false);
    view! {
        <aside class="card request-panel" aria-labelledby="request-title">
            <h2 id="request-title" class="request-heading">"Request"</h2>
            <button type="button" class="secondary request-toggle" aria-controls="request-content"
                aria-expanded=move || unfolded.get().to_string()
                on:click=move |_| unfolded.update(|open| *open = !*open)>
                {move || if unfolded.get() { "Request: hide" } else { "Request: show what Launch sends" }}
            </button>
            <div id="request-content" class=move || if unfolded.get() { "request-content" } else { "request-content folded" }>
            <p class="help">"Exactly what Launch sends, updated as you type."</p>
            {move || match request() {
                Err(error) => view! { <p class="help">{error.to_string()}</p> }.into_any(),
                Ok(request) => {
                    let headers = request.headers(reveal.get()).into_iter().map(|(name, value)| view! {
                        <li><code>{format!("{name}: {value}")}</code></li>
                    }).collect_view();
                    view! {
                        <p><code data-testid="request-line">{format!("{} {}", request.method.as_str(), request.url)}</code></p>
                        <ul class="headers" data-testid="request-headers">{headers}</ul>
                    }.into_any()
                }
            }}
            {move || (problems() > 0).then(|| view! {
                <p class="warning">{format!("Not ready to launch: {} {} (shown in the form). Fields with problems are left out below.", problems(), plural(problems(), "problem", "problems"))}</p>
            })}
            <pre data-testid="request-body" tabindex="0" aria-label="JSON body">{body_text}</pre>
            <label class="check">
                <input type="checkbox" prop:checked=move || reveal.get() on:change=move |ev| reveal.set(event_target_checked(&ev)) />
                "Show the real token here and in copied curl commands"
            </label>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    match app.connection().and_then(|c| c.launch(&untrack(body))) {
                        Ok(request) => copy(request.to_curl(reveal.get_untracked()), if reveal.get_untracked() { "the curl command, with the real token" } else { "the curl command (token read from $TALLYFY_TOKEN)" }),
                        Err(e) => copied.set(Some(e.to_string())),
                    }
                }>"Copy as curl"</button>
                <button type="button" class="secondary" on:click=move |_| copy(untrack(body).to_pretty_json(), "the JSON body")>"Copy JSON body"</button>
            </div>
            <p class="meta" role="status">{move || copied.get()}</p>
            </div>
        </aside>
    }
}
