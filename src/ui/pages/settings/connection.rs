//! Where the launcher calls and with which token: the API base URL (a full address, or a path on
//! this site for a same-origin proxy), the token (masked, remembered or for this tab, forgettable)
//! and the organization.

use leptos::html;
use leptos::prelude::*;

use crate::api::address::validate_base;
use crate::api::Secret;
use crate::domain::settings::DEFAULT_API_BASE;
use crate::ui::state::doctor::Diagnosis;
use crate::ui::state::use_app;

/// The API base URL, with its problem.
#[component]
pub(super) fn ApiBaseField() -> impl IntoView {
    let settings = use_app().settings;
    let base_problem = move || settings.with(|s| validate_base(&s.api_base).err());
    view! {
        <div class="field">
            <label for="api-base">"API base URL"</label>
            <input
                id="api-base"
                // Text, not url: a path on this site (/tallyfy-api) is a valid base,
                // which the browser's URL check would refuse. The app checks it itself.
                type="text"
                inputmode="url"
                autocomplete="off"
                spellcheck="false"
                placeholder=DEFAULT_API_BASE
                aria-invalid=move || base_problem().is_some().to_string()
                aria-describedby="api-base-help api-base-error"
                prop:value=move || settings.with(|s| s.api_base.clone())
                // Committed when the user leaves the box or presses Enter, never per
                // keystroke: a half-typed host must never receive a request.
                on:change=move |ev| settings.update(|s| s.api_base = event_target_value(&ev).trim().to_string())
            />
            <p id="api-base-help" class="help">
                "Tallyfy: " <code>{DEFAULT_API_BASE}</code>
                ". A proxy or the sandbox may use http:// on 127.0.0.1 or localhost; a proxy on this launcher's own site is a path, such as /tallyfy-api."
            </p>
            <p id="api-base-error" class="error" role="alert">
                {move || base_problem().unwrap_or_default()}
            </p>
        </div>

    }
}

/// The token: typed or pasted (noise inside removed, with a note), shown on request, kept on
/// this device or for this tab, forgotten on request.
#[component]
pub(super) fn TokenField(token_input: NodeRef<html::Input>) -> impl IntoView {
    let app = use_app();
    let settings = app.settings;
    let show_token = RwSignal::new(false);
    let token_cleaned = RwSignal::new(false);
    view! {
        <div class="field">
            <label for="api-token">"API token"</label>
            <div class="input-row">
                <input
                    id="api-token"
                    node_ref=token_input
                    type=move || if show_token.get() { "text" } else { "password" }
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="api-token-help"
                    prop:value=move || app.token.with(|t| t.expose().to_string())
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        token_cleaned.set(Secret::had_noise_inside(&typed));
                        app.token.set(Secret::new(&typed));
                    }
                />
                <button
                    type="button"
                    class="secondary"
                    aria-pressed=move || show_token.get().to_string()
                    aria-controls="api-token"
                    on:click=move |_| show_token.update(|s| *s = !*s)
                >
                    {move || if show_token.get() { "Hide token" } else { "Show token" }}
                </button>
            </div>
            <p id="api-token-help" class="help">
                "In Tallyfy: Settings > Integrations > REST API. Personal tokens last about 6 months and stop working when you log out of Tallyfy."
            </p>
            // The live region stays; the yellow note is there only when it has something to say.
            <div role="status">
                {move || token_cleaned.get().then(|| view! {
                    <p class="warning">"Spaces, line breaks or invisible characters inside the pasted token were removed: tokens never contain them."</p>
                })}
            </div>
            <p class="error" role="alert">
                {move || app.token.with(Secret::problem)}
            </p>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || settings.with(|s| s.remember_token)
                    on:change=move |ev| settings.update(|s| s.remember_token = event_target_checked(&ev))
                />
                "Remember token on this device"
            </label>
            <p class="help">
                {move || if settings.with(|s| s.remember_token) {
                    "Kept in this browser's local storage until you forget it."
                } else {
                    "Kept for this tab only: closing the tab forgets it."
                }}
            </p>
            <div>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || app.token.with(|t| t.is_empty())
                    on:click=move |_| {
                        app.token.set(Secret::default());
                        show_token.set(false);
                    }
                >
                    "Forget token"
                </button>
            </div>
        </div>

    }
}

/// The organization id, with the picker a successful test fills.
#[component]
pub(super) fn OrganizationField(test: Action<(), Diagnosis>) -> impl IntoView {
    let settings = use_app().settings;
    view! {
        <div class="field">
            <label for="org-id">"Organization"</label>
            <input
                id="org-id"
                type="text"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="org-help"
                prop:value=move || settings.with(|s| s.org_id.clone())
                on:input=move |ev| settings.update(|s| s.org_id = event_target_value(&ev).trim().to_string())
            />
            <p id="org-help" class="help">
                "The organization ID (Tallyfy > Settings > Organization). After a successful test you can pick it from your account."
            </p>
            <OrganizationPicker test=test />
        </div>

    }
}

/// A select filled from `GET /me/organizations` after a test.
#[component]
fn OrganizationPicker(test: Action<(), Diagnosis>) -> impl IntoView {
    let settings = use_app().settings;
    let organizations = move || {
        test.value()
            .get()
            .and_then(|d| d.organizations)
            .filter(|orgs| !orgs.is_empty())
    };
    move || {
        organizations().map(|orgs| {
            view! {
                <label class="sub-label" for="org-picker">"Choose from your account"</label>
                <select
                    id="org-picker"
                    prop:value=move || settings.with(|s| s.org_id.clone())
                    on:change=move |ev| settings.update(|s| s.org_id = event_target_value(&ev))
                >
                    <option value="">"(choose an organization)"</option>
                    {orgs
                        .into_iter()
                        .map(|org| {
                            let label = format!("{} ({})", org.name, org.id);
                            view! { <option value=org.id.clone() selected=move || settings.with(|s| s.org_id == org.id)>{label}</option> }
                        })
                        .collect_view()}
                </select>
            }
        })
    }
}
