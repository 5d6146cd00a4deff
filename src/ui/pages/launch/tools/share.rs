//! Pre-fill links for teammates, with the values the user ticks.

use leptos::prelude::*;

use super::super::open_in_tallyfy::tallyfy_links;
use super::status_line;
use crate::domain::share::{ShareChoices, ShareLink};
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::state::launch::{use_launch_session, LaunchPreview};
use crate::ui::state::use_app;

/// Builds a pre-fill link with the values the user ticks.
#[component]
pub(super) fn SharePanel() -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let picked = RwSignal::new(std::collections::BTreeSet::<String>::new());
    let include_name = RwSignal::new(true);
    let include_owner = RwSignal::new(false);
    let include_summary = RwSignal::new(false);
    let include_connection = RwSignal::new(true);
    let include_assignments = RwSignal::new(true);
    let message = RwSignal::new(None::<String>);
    let filled = move || {
        session.preview().with(|p| {
            p.iter()
                .flat_map(|p| {
                    p.template
                        .fields
                        .iter()
                        .filter(|f| !p.draft.input_for(f).is_blank())
                })
                .map(|f| (f.id.clone(), f.display_name().to_string()))
                .collect::<Vec<_>>()
        })
    };
    let link = move || -> Option<String> {
        let LaunchPreview {
            template, draft, ..
        } = session.preview().get()?;
        let settings = app.settings.get();
        let choices = ShareChoices {
            fields: picked.get(),
            name: include_name.get(),
            owner: include_owner.get(),
            summary: include_summary.get(),
            assignments: include_assignments.get(),
            connection: include_connection
                .get()
                .then(|| (settings.api_base.clone(), settings.org_id.clone())),
        };
        let share = ShareLink::for_draft(&template, &draft, &app.directory.get(), &choices);
        let location = window().location();
        let base = format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        );
        Some(format!("{base}#/launch?{}", share.encode()))
    };
    let checkbox = |label: &'static str, signal: RwSignal<bool>| {
        view! {
            <label class="check">
                <input type="checkbox" prop:checked=move || signal.get() on:change=move |ev| signal.set(event_target_checked(&ev)) />
                {label}
            </label>
        }
    };
    view! {
        <div class="stack">
            <p class="help">"A link that opens this form filled in (it never launches by itself, and never carries your token). Tick the values to include."</p>
            <fieldset>
                <legend>"Values to include"</legend>
                <div class="choices">
                    {move || filled().into_iter().map(|(id, label)| {
                        let id_for_check = id.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&id_for_check))
                                    on:change=move |ev| { let on = event_target_checked(&ev); let id = id.clone(); picked.update(|p| { if on { p.insert(id); } else { p.remove(&id); } }); } />
                                {format!("Include {label}")}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="choices">
                {checkbox("Include the process-name formula", include_name)}
                {checkbox("Include the owner", include_owner)}
                {checkbox("Include the summary", include_summary)}
                {move || session.form.with(|f| f.as_ref().is_some_and(|f| !f.template.steps.is_empty())).then(|| checkbox("Include the step assignments", include_assignments))}
                {checkbox("Include the API base URL and organization", include_connection)}
            </div>
            <div class="field">
                <label for="share-link">"Share link"</label>
                <textarea id="share-link" rows="3" readonly class="mono" prop:value=move || link().unwrap_or_default()></textarea>
            </div>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    copy_and_report(link().unwrap_or_default(), "the share link", message);
                }>"Copy share link"</button>
            </div>
            {status_line(message)}
            <TallyfyLinksForTeammates />
        </div>
    }
}

/// Tallyfy's own pre-filled links, for teammates who have no API token at all.
#[component]
fn TallyfyLinksForTeammates() -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let message = RwSignal::new(None::<String>);
    let links = move || {
        session
            .preview()
            .with(|p| p.as_ref().map(|p| tallyfy_links(&app, p, false)))
    };
    move || {
        links().map(|found| match found {
            Err(why) => view! { <p class="help">{why}</p> }.into_any(),
            Ok(found) => {
                let launch = found.launch.clone();
                let public = found.public.clone();
                view! {
                    <fieldset>
                        <legend>"For teammates without an API token"</legend>
                        <p class="help">"Tallyfy's own launch form, pre-filled with this form's values: anyone logged in to Tallyfy can open it and press Launch there."
                            {(!found.left_out.is_empty()).then(|| format!(" It leaves out: {}", found.left_out.join(" ")))}</p>
                        <div class="field">
                            <label for="tallyfy-share-link">"Tallyfy launch link"</label>
                            <textarea id="tallyfy-share-link" rows="3" readonly class="mono" prop:value=launch.clone()></textarea>
                        </div>
                        <button type="button" class="secondary" on:click=move |_| copy_and_report(launch.clone(), "Tallyfy's launch link", message)>"Copy Tallyfy link"</button>
                        {public.map(|public| {
                            let copy = public.clone();
                            view! {
                                <div class="field">
                                    <label for="public-kickoff-link">"Public kick-off form (anyone with the link, no Tallyfy login)"</label>
                                    <textarea id="public-kickoff-link" rows="3" readonly class="mono" prop:value=public></textarea>
                                </div>
                                <button type="button" class="secondary" on:click=move |_| copy_and_report(copy.clone(), "the public kick-off link", message)>"Copy public link"</button>
                            }
                        })}
                        {status_line(message)}
                    </fieldset>
                }
                .into_any()
            }
        })
    }
}
