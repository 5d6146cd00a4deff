//! The app shell: name, navigation, notices, and the current screen.

use leptos::prelude::*;

use super::bulk_session::provide_bulk_session;
use super::history_store::provide_history;
use super::launch_session::{
    provide_launch_session, use_launch_session, LaunchSession, PendingFill,
};
use super::pages::bulk::BulkPage;
use super::pages::history::HistoryPage;
use super::pages::launch::LaunchPage;
use super::pages::settings::SettingsPage;
use super::preset_store::provide_presets;
use super::route::{Page, Route};
use super::state::{provide_app_state, use_app, AppState, Level};
use crate::api::request::validate_base;
use crate::domain::settings::DEFAULT_API_BASE;
use crate::domain::share::ShareLink;

/// Registers the service worker that keeps the app shell for offline use (http(s) only).
fn register_service_worker() {
    let window = window();
    let secure_enough = window
        .location()
        .protocol()
        .is_ok_and(|p| p.starts_with("http"));
    let navigator = window.navigator();
    if secure_enough && js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        // A failure only means no offline copy; the app works the same.
        let _ = navigator.service_worker().register("./sw.js");
    }
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Replaces the address bar's hash without a reload or a history entry.
pub fn replace_hash(hash: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
    }
}

/// A link's `api` and `org` parameters, waiting for the user's yes when they change the API.
#[derive(Clone, Debug, PartialEq)]
struct PendingSwitch {
    api: String,
    org: Option<String>,
}

/// Applies a link's parameters: the API base and organization (`#/settings?api=...&org=...`,
/// asking before switching to another API), and on the Launch screen a pre-fill link's
/// template and values. The parameters are then removed from the address bar.
fn apply_link(
    app: AppState,
    session: LaunchSession,
    route: &Route,
    pending: RwSignal<Option<PendingSwitch>>,
) {
    if route.params.is_empty() {
        return;
    }
    replace_hash(route.page.hash());
    let (link, problems) = ShareLink::decode(&route.query);
    for problem in problems {
        app.notify(Level::Warning, problem);
    }
    let api = link
        .api_base
        .clone()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty());
    let org = link
        .org
        .clone()
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty());
    let current = app
        .settings
        .with_untracked(|s| s.api_base.trim_end_matches('/').to_string());
    let mut asked = false;
    match api {
        Some(api) if validate_base(&api).is_err() => {
            app.notify(
                Level::Warning,
                format!(
                    "The link's API base URL \"{api}\" was not used: {}",
                    validate_base(&api).unwrap_err()
                ),
            );
        }
        Some(api) if api.trim_end_matches('/') != current && current != DEFAULT_API_BASE => {
            pending.set(Some(PendingSwitch {
                api,
                org: org.clone(),
            }));
            asked = true;
        }
        Some(api) => app.settings.update(|s| s.api_base = api),
        None => {}
    }
    if let (Some(org), false) = (org, asked) {
        app.settings.update(|s| s.org_id = org);
    }
    if route.page == Page::Launch && !link.is_empty() {
        if link.template_id.is_none() {
            app.notify(
                Level::Warning,
                "The link names no template, so its values could not be filled in.",
            );
        } else {
            session.open(PendingFill::Link(link));
        }
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let route = Route::parse(&current_hash());
    let app = provide_app_state(route.clone());
    let history = provide_history(app);
    let session = provide_launch_session(app, history);
    provide_bulk_session(app, history);
    provide_presets(app);
    register_service_worker();
    let pending_switch = RwSignal::new(None::<PendingSwitch>);
    apply_link(app, session, &route, pending_switch);

    let _hash_listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let route = Route::parse(&current_hash());
        apply_link(app, session, &route, pending_switch);
        app.route.set(route);
    });

    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <a class="brand" href="#/launch">
                <span class="logo" aria-hidden="true">"▶"</span>
                "Tallyfy Launcher"
            </a>
            <nav aria-label="Main">
                <ul>
                    {Page::ALL
                        .into_iter()
                        .map(|page| {
                            view! {
                                <li>
                                    <a
                                        href=page.hash()
                                        aria-current=move || (app.route.with(|r| r.page) == page).then_some("page")
                                    >
                                        {page.title()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
        <Notices pending_switch=pending_switch />
        <main id="main" tabindex="-1">
            {move || match app.route.with(|r| r.page) {
                Page::Launch => view! { <LaunchPage /> }.into_any(),
                Page::Settings => view! { <SettingsPage /> }.into_any(),
                Page::History => view! { <HistoryPage /> }.into_any(),
                Page::Bulk => view! { <BulkPage /> }.into_any(),
            }}
        </main>
    }
}

/// Notices and the API-switch question, above every screen.
#[component]
fn Notices(pending_switch: RwSignal<Option<PendingSwitch>>) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="notices" aria-live="polite">
            {move || pending_switch.get().map(|switch| {
                let current = app.settings.with_untracked(|s| s.api_base.clone());
                let message = format!(
                    "This link points to the API at {} but your settings use {current}. Switch to the link's API? Your token will be sent there.",
                    switch.api
                );
                let accepted = switch.clone();
                view! {
                    <div class="notice warning" role="alertdialog" aria-label="Switch API base URL?">
                        <p>{message}</p>
                        <button type="button" on:click=move |_| {
                            app.settings.update(|s| {
                                s.api_base = accepted.api.clone();
                                if let Some(org) = &accepted.org {
                                    s.org_id = org.clone();
                                }
                            });
                            pending_switch.set(None);
                            // A link's template loads from the API just switched to.
                            use_launch_session().retry_pending();
                        }>"Switch"</button>
                        <button type="button" class="secondary" on:click=move |_| pending_switch.set(None)>
                            "Keep my settings"
                        </button>
                    </div>
                }
            })}
            <For
                each=move || app.notices.get()
                key=|notice| notice.id
                children=move |notice| {
                    let id = notice.id;
                    let class = match notice.level {
                        Level::Info => "notice info",
                        Level::Warning => "notice warning",
                    };
                    view! {
                        <div class=class>
                            <p>{notice.text}</p>
                            <button type="button" class="secondary" aria-label="Dismiss notice" on:click=move |_| {
                                app.notices.update(|list| list.retain(|n| n.id != id));
                            }>"Dismiss"</button>
                        </div>
                    }
                }
            />
        </div>
    }
}
