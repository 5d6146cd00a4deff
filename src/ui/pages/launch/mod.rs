//! The Launch screen: pick a template, fill its kick-off form, preview the exact request,
//! launch, and see the result.

mod assignments;
mod chosen;
mod chunks;
mod inputs;
mod open_in_tallyfy;
mod process_options;
mod rest;
mod result;
mod tools;

use leptos::prelude::*;

use crate::domain::outcome::ApiError;
use crate::ui::browser::dom::after_first_paint;
use crate::ui::components::fields::{KickoffFieldList, LaterInputs};
use crate::ui::components::problem_list::ProblemList;
use crate::ui::pages::picker::TemplatePicker;
use crate::ui::split::{chunk_missing, idle, when_loaded};
use crate::ui::state::form::FormModel;
use crate::ui::state::launch::{use_launch_session, TemplateCheck};
use crate::ui::state::template_loader::TemplateStatus;
use crate::ui::state::use_app;
use crate::ui::text::plural;
use chosen::{focus_first_field, focus_when_there, typing_in, ChosenTemplate};
pub use chunks::{form_work, prefetch, preload_form};
use chunks::{launch_rest, load_launch_form, load_rest_part, next_form_key};
use rest::LaunchRest;

/// Whether the Launch screen's second chunk (a form's rest and the tools) has loaded.
#[derive(Clone, Copy)]
struct SecondChunk(RwSignal<bool>);

/// The Launch screen.
#[component]
pub fn LaunchPage() -> impl IntoView {
    let session = use_launch_session();
    // Members and groups fill the owner picker and check assignees; once per connection.
    use_app().want_directory();
    // A link opened before a token was entered loads now that the user is back.
    if matches!(
        session.template_status.get_untracked(),
        TemplateStatus::Failed {
            error: ApiError::NotConfigured(_),
            ..
        }
    ) && use_app().connection().is_ok()
    {
        session.retry_pending();
    }
    // The picker folds to one line once a form is there (picked, restored, from a link, a preset
    // or Launch again), so the form starts near the top; it opens again for "Change template",
    // and while a template loads or fails (its spinner and errors live in the picker). Folded,
    // it stays in the page: the search is kept.
    // Coming back to a form, or to one still being filled (its template loading, or waiting for
    // the members and groups), folds the picker from the first frame.
    let choosing = RwSignal::new(
        session.form.with_untracked(Option::is_none) && !untrack(|| session.filling()),
    );
    let focus_form = RwSignal::new(false);
    Effect::new(move |_| {
        if session.form.with(Option::is_some) {
            choosing.set(false);
            if focus_form.get_untracked() {
                focus_form.set(false);
                focus_first_field();
            }
        }
    });
    // A template the user picked shows its loading in the picker; one a fill asked for (a link,
    // the restored form, Launch again) keeps the picker folded behind "Filling the form…", so
    // the picker never opens under the user's hands and folds again when the form arrives.
    Effect::new(move |_| match session.template_status.get() {
        TemplateStatus::Failed { .. } => choosing.set(true),
        TemplateStatus::Loading(_) if !untrack(|| session.filling()) => choosing.set(true),
        _ => {}
    });
    // "/" goes to the template search from anywhere on the screen but a text box.
    let slash = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing_in(&ev) {
            return;
        }
        ev.prevent_default();
        choosing.set(true);
        focus_when_there("#template-search");
    });
    on_cleanup(move || slash.remove());
    // Whether the screen's second chunk (a form's rest and the tools) is there: once it is, it
    // stays.
    let second_chunk = RwSignal::new(false);
    provide_context(SecondChunk(second_chunk));
    view! {
        <section class="page launch" aria-labelledby="launch-title">
            <h1 id="launch-title">"Launch a process"</h1>
            <PendingLinkNote />
            <Show when=move || session.placing_failed()>
                {chunk_missing(move || session.place_again())}
            </Show>
            <Show when=move || !choosing.get() && session.filling()>
                <p class="pending" role="status" data-testid="form-filling"><span class="spinner" aria-hidden="true"></span>"Filling the form…"</p>
            </Show>
            <ChosenTemplate choosing=choosing />
            <div class="picker-holder" hidden=move || !choosing.get()>
                <TemplatePicker
                    on_pick=Callback::new(move |id: String| {
                        focus_form.set(true);
                        session.load_template(id);
                    })
                    status=Signal::derive(move || session.template_status.get())
                />
            </div>
            // Each form is built afresh (a new key every time the session's form changes), never
            // patched into the last one's DOM: the form arrives asynchronously (see below).
            <For
                each=move || session.form.get().map(|form| (next_form_key(), form))
                key=|(key, _)| *key
                children=|(_, form)| when_loaded(move || load_launch_form(form.clone()), Some("Loading the form…"))
            />
            // The tools follow once the first screen is up and any linked or restored form is
            // filled (and the browser is idle), so they never hold up the search or the form.
            // Under a form they wait for the form's rest, which comes in the same chunk: a chunk
            // that did not download is said once, under the fields.
            <Show when=move || second_chunk.get() || session.form.with(Option::is_none)>{when_loaded(move || async move {
                idle().await;
                session.settled().await;
                load_rest_part(LaunchRest::Tools, second_chunk).await
            }, None)}</Show>
        </section>
    }
}

/// Says that a pre-fill link is waiting for its template, and how to load it.
#[component]
fn PendingLinkNote() -> impl IntoView {
    let session = use_launch_session();
    move || {
        session.pending_link().map(|link| {
            view! {
                <div class="notice info" role="status" data-testid="pending-link">
                    <p>{format!(
                        "A pre-fill link is waiting to fill template {} ({} value{}). If the template cannot load, check the API token and organization in Settings, then load it again. Nothing is launched until you press Launch.",
                        link.template_id.clone().unwrap_or_default(), link.values.len(), plural(link.values.len(), "", "s")
                    )}</p>
                    <button type="button" class="secondary" on:click=move |_| session.retry_pending()>"Load the linked template"</button>
                </div>
            }
        })
    }
}

/// The kick-off form and its Launch bar; what follows the fields, and the Request panel beside
/// them, come from the screen's second chunk (`rest`).
#[component]
fn LaunchForm(form: FormModel) -> impl IntoView {
    let session = use_launch_session();
    session.keep_saving_the_form();
    let title = form.template.title.clone();
    let field_count = form.inputs.len();
    let inputs = form.inputs.clone();

    // What follows the fields and the Request panel come with the screen's second chunk (the
    // tools'), asked for in the frame after the fields' first paint: starting its ~70 downloads
    // costs a phone about 100 ms, which the first field would otherwise wait for. The parts
    // after the first wait for it, so a chunk that did not download says so once.
    let rest_shown = RwSignal::new(false);
    let SecondChunk(rest_ready) =
        use_context().unwrap_or_else(|| SecondChunk(RwSignal::new(false)));
    // Given here, by the form's own chunk, rather than by the screen: main does not carry it.
    provide_context(LaterInputs {
        load: chunks::later_input,
        ready: rest_ready,
    });
    after_first_paint(move || {
        rest_shown.try_set(true);
    });

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "Enter" {
            ev.prevent_default();
            session.launch(false);
        }
    };

    view! {
        <div class="grid-2">
            <form class="card launch-form stack" novalidate on:keydown=on_keydown on:submit=move |ev| {
                ev.prevent_default();
                session.launch(false);
            }>
                <h2>{title}</h2>
                <DirectoryNote />
                <TemplateCheckNote />
                <NotCarriedList />
                <p class="help">
                    {if field_count == 0 { "This template has no kick-off form.".to_string() } else { format!("Kick-off form: {field_count} fields. * marks required fields.") }}
                </p>
                <KickoffFieldList inputs=inputs />
                {move || rest_shown.get().then(|| launch_rest(LaunchRest::BelowFields(form.clone()), rest_ready))}
                // On a phone this bar sticks to the bottom of the screen while the form is longer
                // than the screen (style/main.css), so Launch is always one tap away.
                <div class="actions launch-bar" data-testid="launch-bar">
                    <button type="submit" disabled=move || session.in_flight.get() || session.filling()>
                        {move || if session.in_flight.get() { "Launching…" } else if session.filling() { "Filling the form…" } else { "Launch" }}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| session.clear()>"Clear form"</button>
                </div>
                <div class="actions">
                    <button type="button" class="secondary" aria-expanded=move || session.tallyfy_panel.get().to_string()
                        on:click=move |_| session.tallyfy_panel.update(|open| *open = !*open)>"Open pre-filled in Tallyfy"</button>
                    <span class="help">"Keyboard: / searches templates, Ctrl+Enter launches, Escape answers \"Don't launch\"."</span>
                </div>
                <Show when=move || rest_ready.get()>{launch_rest(LaunchRest::AfterLaunchBar, rest_ready)}</Show>
            </form>
            <Show when=move || rest_ready.get()>{launch_rest(LaunchRest::Request, rest_ready)}</Show>
        </div>
    }
}

/// A note when members and groups could not be loaded.
#[component]
fn DirectoryNote() -> impl IntoView {
    let app = use_app();
    move || {
        app.directory_failure().map(|error| view! {
            <p class="warning">{format!("Members and groups could not be loaded, so the owner list and assignee pickers are empty: {error}")}</p>
        })
    }
}

/// Where the form's template came from, when a file named it: under another title than
/// Tallyfy's, or never checked with Tallyfy (the launch still goes to the template id).
#[component]
fn TemplateCheckNote() -> impl IntoView {
    let session = use_launch_session();
    move || {
        let (title, id) = session.form.with(|f| {
            f.as_ref()
                .map(|f| (f.template.title.clone(), f.template.id.clone()))
        })?;
        match session.template_check.get() {
            TemplateCheck::Tallyfy => None,
            TemplateCheck::Renamed { file_title } => Some(view! {
                <div class="notice info" role="status" data-testid="template-check">
                    <p>{format!("The preset calls this template \"{file_title}\"; Tallyfy calls it \"{title}\". The form is Tallyfy's template {id}, and Launch starts that one.")}</p>
                </div>
            }.into_any()),
            TemplateCheck::NotChecked { why } => Some(view! {
                <div class="notice warning" role="status" data-testid="template-check">
                    <p>{format!("Not checked with Tallyfy: Launch sends this form to template {id}, whatever Tallyfy calls it and whatever fields it has there. {why}")}</p>
                    <button type="button" class="secondary" on:click=move |_| session.recheck_template()>"Check with Tallyfy"</button>
                </div>
            }.into_any()),
        }
    }
}

/// What a link, preset, pasted body or recorded launch brought that the form could not take,
/// each with why; it stays until the form is filled again or cleared.
#[component]
fn NotCarriedList() -> impl IntoView {
    let session = use_launch_session();
    move || {
        let items = session.not_carried.get();
        (!items.is_empty()).then(|| view! {
            <div class="notice warning" role="status" data-testid="not-carried">
                <ProblemList intro=format!("{} {} could not be carried into this form, so {} not be sent:", items.len(), plural(items.len(), "value", "values"), plural(items.len(), "it will", "they will")) items=items />
                <button type="button" class="secondary" on:click=move |_| session.not_carried.set(Vec::new())>"Dismiss"</button>
            </div>
        })
    }
}
