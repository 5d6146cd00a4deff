//! The current launch as a Workato HTTP action.

use leptos::prelude::*;

use super::status_line;
use crate::api::request::TOKEN_PLACEHOLDER;
use crate::api::ApiRequest;
use crate::domain::template::Template;
use crate::domain::workato_recipe::recipe_body;
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::state::launch::{use_launch_session, LaunchPreview};
use crate::ui::state::use_app;

/// The current launch as a Workato HTTP action: URL, headers (token as a placeholder), body.
#[component]
pub(super) fn WorkatoExport() -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let message = RwSignal::new(None::<String>);
    // The launch request as the form stands: its URL and headers, and the body it would send.
    let request = move || -> Result<(ApiRequest, Template), String> {
        let LaunchPreview { template, body, .. } =
            session.preview().get().ok_or("Load a template first.")?;
        let request = app
            .connection_tracked()
            .and_then(|c| c.launch(&body))
            .map_err(|e| e.to_string())?;
        Ok((request, template))
    };
    let export = move || request().map(|(request, _)| request.workato_export());
    // The request only lends its URL and headers; the body is the template's.
    let recipe = move || {
        request().map(|(request, template)| request.workato_recipe(&recipe_body(&template)))
    };
    view! {
        <div class="stack">
            <p class="help">{format!("Paste these into a Workato HTTP action (method POST, request content type JSON). Replace {TOKEN_PLACEHOLDER} with the token from Workato's connection, never a token pasted into the recipe.")}</p>
            <pre data-testid="workato-export" tabindex="0" aria-label="Workato export">{move || export().unwrap_or_else(|e| e)}</pre>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    copy_and_report(export().unwrap_or_default(), "the Workato export", message);
                }>"Copy Workato export"</button>
            </div>
            <h3>"A reusable recipe body for this template"</h3>
            <p class="help">"For a recipe that launches this template again and again: every kick-off field keyed by its ID, in the shape its type needs, in Workato's formula mode. Replace each trigger[\"…\"] with a data pill from your trigger, and delete the lines starting with #."</p>
            <pre data-testid="workato-recipe" tabindex="0" aria-label="Reusable recipe body">{move || recipe().unwrap_or_else(|e| e)}</pre>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    copy_and_report(recipe().unwrap_or_default(), "the reusable recipe body", message);
                }>"Copy recipe body"</button>
            </div>
            {status_line(message)}
        </div>
    }
}
