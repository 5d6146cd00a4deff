//! Connection settings: API base URL, token, organization, and Test connection.

use leptos::html;
use leptos::prelude::*;

use crate::api::address::validate_base;
use crate::api::client::call;
use crate::api::response::data_list;
use crate::api::Secret;
use crate::domain::directory::{Member, Organization};
use crate::domain::outcome::{ApiError, ErrorKind};
use crate::domain::settings::DEFAULT_API_BASE;
use crate::ui::components::error_box::ErrorDetails;
use crate::ui::state::use_app;

/// What Test connection found.
#[derive(Clone, Debug, PartialEq)]
struct ConnectionCheck {
    me: Member,
    organizations: Result<Vec<Organization>, ApiError>,
}

async fn check_connection(connection: crate::api::Connection) -> Result<ConnectionCheck, ApiError> {
    let body = call(&connection.me()).await?;
    let me = body
        .get("data")
        .and_then(Member::from_json)
        .ok_or_else(|| ApiError::BadResponse {
            status: 200,
            detail: "the answer to GET /me has no user in it".into(),
            request_id: None,
        })?;
    let organizations = call(&connection.organizations()).await.map(|body| {
        data_list(&body)
            .iter()
            .filter_map(Organization::from_json)
            .collect()
    });
    Ok(ConnectionCheck { me, organizations })
}

/// The Settings screen.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    let settings = app.settings;
    let show_token = RwSignal::new(false);
    let token_cleaned = RwSignal::new(false);
    let token_input = NodeRef::<html::Input>::new();

    let test = Action::new_local(move |_: &()| {
        let connection = app.connection();
        async move {
            let check = check_connection(connection?).await?;
            // Pick the organization when the account has exactly one and none is set.
            if let Ok([only]) = check.organizations.as_deref() {
                if settings.with_untracked(|s| s.org_id.trim().is_empty()) {
                    settings.update(|s| s.org_id = only.id.clone());
                }
            }
            Ok(check)
        }
    });

    let base_problem = move || settings.with(|s| validate_base(&s.api_base).err());
    let focus_token = move || {
        if let Some(input) = token_input.get() {
            let _ = input.focus();
            input.select();
        }
    };

    view! {
        <section class="page settings" aria-labelledby="settings-title">
            <h1 id="settings-title">"Settings"</h1>
            <p class="lead">
                "Where the launcher sends requests and with which token. The token stays in this browser and is sent only to the API base URL below."
            </p>

            <form class="card stack" on:submit=move |ev| {
                ev.prevent_default();
                test.dispatch(());
            }>
                <div class="field">
                    <label for="api-base">"API base URL"</label>
                    <input
                        id="api-base"
                        type="url"
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
                        ". A proxy or the sandbox may use http:// on 127.0.0.1 or localhost."
                    </p>
                    <p id="api-base-error" class="error" role="alert">
                        {move || base_problem().unwrap_or_default()}
                    </p>
                </div>

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

                <div class="actions">
                    <button type="submit" disabled=move || test.pending().get()>
                        "Test connection"
                    </button>
                </div>
                <div class="status-area" role="status" aria-live="polite" data-testid="connection-status">
                    {move || {
                        if test.pending().get() {
                            return view! { <p class="pending"><span class="spinner" aria-hidden="true"></span>"Testing the connection…"</p> }.into_any();
                        }
                        match test.value().get() {
                            None => ().into_any(),
                            Some(Ok(check)) => view! {
                                <p class="success">
                                    {format!("Connected as {} ({})", check.me.full_name, check.me.email)}
                                </p>
                                {match check.organizations {
                                    Err(e) => view! {
                                        <p class="warning">{format!("Could not list your organizations: {e}")}</p>
                                    }.into_any(),
                                    Ok(_) => ().into_any(),
                                }}
                            }.into_any(),
                            Some(Err(error)) => {
                                let unauthorized = error.kind() == ErrorKind::Unauthorized;
                                view! {
                                    <ErrorDetails error=error />
                                    <Show when=move || unauthorized>
                                        <button type="button" class="secondary" on:click=move |_| focus_token()>
                                            "Re-enter token"
                                        </button>
                                    </Show>
                                }.into_any()
                            }
                        }
                    }}
                </div>
            </form>
            <PreferencesCard />
        </section>
    }
}

/// History, links and pacing preferences.
#[component]
fn PreferencesCard() -> impl IntoView {
    let settings = use_app().settings;
    view! {
        <div class="card stack" role="group" aria-labelledby="prefs-title">
            <h2 id="prefs-title">"History, links and pacing"</h2>
            <label class="check">
                <input type="checkbox" prop:checked=move || settings.with(|s| s.keep_history)
                    on:change=move |ev| settings.update(|s| s.keep_history = event_target_checked(&ev)) />
                "Keep history"
            </label>
            <p class="help">"When off, new launches are not recorded in this browser (the History screen says so)."</p>
            <div class="field narrow">
                <label for="history-cap">"History limit (records)"</label>
                <input id="history-cap" type="number" min="100" max="100000" step="100" aria-describedby="history-cap-help"
                    prop:value=move || settings.with(|s| s.history_cap.to_string())
                    on:change=move |ev| {
                        if let Ok(cap) = event_target_value(&ev).trim().parse::<usize>() {
                            settings.update(|s| s.history_cap = cap.clamp(100, 100_000));
                        }
                    } />
                <p id="history-cap-help" class="help">"When the limit is reached, the oldest records are removed (you are told first). Browsers keep about 5 MB per site, roughly 5,000 typical records."</p>
            </div>
            <div class="field">
                <label for="web-app-url">"Tallyfy web app address (for \"Open in Tallyfy\" links)"</label>
                <input id="web-app-url" type="url" placeholder="Derived from the API base URL" aria-describedby="web-app-help"
                    prop:value=move || settings.with(|s| s.web_app_url.clone())
                    on:input=move |ev| settings.update(|s| s.web_app_url = event_target_value(&ev).trim().to_string()) />
                <p id="web-app-help" class="help">"Leave empty for https://go.tallyfy.com (or the host of your API base URL). Set it when the API base is a proxy."</p>
            </div>
            <fieldset class="stack narrow">
                <legend>"Bulk launch pacing"</legend>
                <p id="rate-help" class="help">"The API's rate limit, which bulk launches keep to (the launcher's other calls count too). Tallyfy allows about 100 requests per 60 seconds per organization."</p>
                <div class="input-row">
                    <div class="field">
                        <label for="rate-limit">"Requests"</label>
                        <input id="rate-limit" type="number" min="1" max="10000" aria-describedby="rate-help"
                            prop:value=move || settings.with(|s| s.rate_limit.to_string())
                            on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                                    settings.update(|s| s.rate_limit = n.clamp(1, 10_000));
                                }
                            } />
                    </div>
                    <div class="field">
                        <label for="rate-window">"per seconds"</label>
                        <input id="rate-window" type="number" min="1" max="3600" aria-describedby="rate-help"
                            prop:value=move || settings.with(|s| s.rate_window_secs.to_string())
                            on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                                    settings.update(|s| s.rate_window_secs = n.clamp(1, 3_600));
                                }
                            } />
                    </div>
                </div>
            </fieldset>
            <fieldset class="stack narrow">
                <legend>"Track board"</legend>
                <p id="track-help" class="help">"While the Track screen is open and this tab is visible, the board reads Tallyfy again on this schedule (0: only when you press Refresh). A refresh uses at most this share of the rate limit above, so launches keep the rest."</p>
                <div class="input-row">
                    <div class="field">
                        <label for="track-refresh">"Track refresh: every (minutes)"</label>
                        <input id="track-refresh" type="number" min="0" max="1440" aria-describedby="track-help"
                            prop:value=move || settings.with(|s| s.track_refresh_minutes.to_string())
                            on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                                    settings.update(|s| s.track_refresh_minutes = n.min(1_440));
                                }
                            } />
                    </div>
                    <div class="field">
                        <label for="track-share">"Track refresh: share of the rate limit (%)"</label>
                        <input id="track-share" type="number" min="1" max="100" aria-describedby="track-help"
                            prop:value=move || settings.with(|s| s.track_share_percent.to_string())
                            on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                                    settings.update(|s| s.track_share_percent = n.clamp(1, 100));
                                }
                            } />
                    </div>
                </div>
            </fieldset>
        </div>
    }
}

/// A select filled from `GET /me/organizations` after a successful test.
#[component]
fn OrganizationPicker(test: Action<(), Result<ConnectionCheck, ApiError>>) -> impl IntoView {
    let settings = use_app().settings;
    let organizations = move || match test.value().get() {
        Some(Ok(ConnectionCheck {
            organizations: Ok(orgs),
            ..
        })) if !orgs.is_empty() => Some(orgs),
        _ => None,
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
