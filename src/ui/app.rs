//! The app shell: name, navigation, notices, and the current screen.

use leptos::prelude::*;

use crate::api::address::{is_own_path, origin_of, validate_base};
use crate::api::client::cancel_read_waits;
use crate::domain::fill::Fill;
use crate::domain::share::ShareLink;
use crate::ui::pages::launch::LaunchPage;
use crate::ui::route::{Page, Route};
use crate::ui::screens::{after_the_asked_screen, LazyScreen};
use crate::ui::state::bulk::provide_bulk_slot;
use crate::ui::state::history::provide_history;
use crate::ui::state::launch::{provide_launch_session, use_launch_session, LaunchSession};
use crate::ui::state::presets::provide_presets;
use crate::ui::state::{provide_app_state, use_app, AppState, Level};

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Replaces the address bar's hash without a reload or a history entry.
pub fn replace_hash(hash: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
    }
}

/// A link's `api` and `org` parameters that differ from the settings, waiting for the user's
/// yes; the link's pre-fill waits with them, so nothing is requested before the answer.
#[derive(Clone, Debug, PartialEq)]
struct PendingSwitch {
    api: Option<String>,
    org: Option<String>,
    fill: Option<ShareLink>,
}

/// Applies a link's parameters: the API base and organization (`#/settings?api=...&org=...`),
/// and on the Launch screen a pre-fill link's template and values. A link never changes the API
/// base or the organization by itself: when either differs from the settings, the user is asked
/// first (from any starting state: default, empty or custom settings), and the pre-fill waits
/// for the answer. The parameters are then removed from the address bar.
fn apply_link(
    app: AppState,
    session: LaunchSession,
    route: &Route,
    pending: RwSignal<Option<PendingSwitch>>,
) {
    if route.query.is_empty() {
        return;
    }
    replace_hash(route.page.hash());
    let (link, problems) = ShareLink::decode(&route.query);
    for problem in problems {
        app.notify(Level::Warning, problem);
    }
    let (current_api, current_org) = app.settings.with_untracked(|s| {
        (
            s.api_base.trim().trim_end_matches('/').to_string(),
            s.org_id.trim().to_string(),
        )
    });
    let api = match link
        .api_base
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(api) => match validate_base(api) {
            Ok(api) => Some(api).filter(|api| *api != current_api),
            Err(reason) => {
                app.notify(
                    Level::Warning,
                    format!("The link's API base URL was not used: {reason}"),
                );
                None
            }
        },
        None => None,
    };
    let org = link
        .org
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty() && *o != current_org)
        .map(str::to_string);
    let fill = if route.page == Page::Launch && !link.is_empty() {
        if link.template_id.is_none() {
            app.notify(
                Level::Warning,
                "The link names no template, so its values could not be filled in.",
            );
            None
        } else {
            Some(link)
        }
    } else {
        None
    };
    if api.is_some() || org.is_some() {
        pending.set(Some(PendingSwitch { api, org, fill }));
    } else if let Some(fill) = fill {
        session.open(Fill::Link(fill));
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let route = Route::parse(&current_hash());
    let app = provide_app_state(route.clone());
    let history = provide_history(app);
    let session = provide_launch_session(app, history);
    session.do_form_work_with(crate::ui::pages::launch::form_work);
    let bulk = provide_bulk_slot(app, history);
    provide_presets(app);
    after_the_asked_screen(bulk);
    let pending_switch = RwSignal::new(None::<PendingSwitch>);
    apply_link(app, session, &route, pending_switch);
    session.restore_saved_form();
    if route.page == Page::Launch && untrack(|| session.filling()) {
        // A linked or restored form: its code downloads while its template does, not after.
        leptos::task::spawn_local(crate::ui::pages::launch::preload_form());
    }

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
                page => view! { <LazyScreen page=page /> }.into_any(),
            }}
        </main>
    }
}

/// The question a link's other API base or organization raises. The new host is named on its
/// own line, so a look-alike cannot hide in a sentence.
#[component]
fn SwitchQuestion(
    switch: PendingSwitch,
    pending_switch: RwSignal<Option<PendingSwitch>>,
) -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let (current_api, current_org) = app
        .settings
        .with_untracked(|s| (s.api_base.clone(), s.org_id.clone()));
    let title = if switch.api.is_some() {
        "Switch API base URL?"
    } else {
        "Switch organization?"
    };
    // A path is this site's own address: named as such, with the path.
    let host = switch.api.as_deref().map(|api| {
        if is_own_path(api) {
            format!("this site's {api}")
        } else {
            origin_of(api)
        }
    });
    let explanation = match (&switch.api, &switch.org) {
        (Some(api), _) => format!(
            "This link points the launcher at the API at {api}. Your settings use {current_api}. If you switch, your API token will be sent to that host, and your launches will go there."
        ),
        (None, Some(org)) => format!(
            "This link opens organization {org}. Your settings use {}. If you switch, your launches will go to that organization.",
            if current_org.trim().is_empty() { "none yet".to_string() } else { current_org.clone() }
        ),
        (None, None) => String::new(),
    };
    let org_line = switch
        .api
        .as_ref()
        .and(switch.org.clone())
        .map(|org| format!("It also names organization {org}."));
    let switch_label = match &host {
        Some(host) => format!(
            "Switch to {}",
            host.split_once("://").map_or(host.as_str(), |(_, h)| h)
        ),
        None => "Switch organization".to_string(),
    };
    let accepted = switch.clone();
    let declined = switch.clone();
    view! {
        <div class="notice warning switch-question" role="alertdialog" aria-label=title aria-describedby="switch-explanation">
            <div id="switch-explanation">
                <p><strong>{title}</strong></p>
                {host.map(|host| view! { <p class="switch-host"><code>{host}</code></p> })}
                <p>{explanation}</p>
                {org_line.map(|line| view! { <p>{line}</p> })}
                <p>"Switch only if you trust whoever gave you this link."</p>
            </div>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    pending_switch.set(None);
                    if let Some(fill) = declined.fill.clone() {
                        session.open(Fill::Link(fill));
                    }
                }>"Keep my settings"</button>
                <button type="button" on:click=move |_| {
                    app.settings.update(|s| {
                        if let Some(api) = &accepted.api {
                            s.api_base = api.clone();
                        }
                        if let Some(org) = &accepted.org {
                            s.org_id = org.clone();
                        }
                    });
                    pending_switch.set(None);
                    if let Some(fill) = accepted.fill.clone() {
                        session.open(Fill::Link(fill));
                    }
                }>{switch_label}</button>
            </div>
        </div>
    }
}

/// Notices and the API-switch question, above every screen.
#[component]
fn Notices(pending_switch: RwSignal<Option<PendingSwitch>>) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="notices" aria-live="polite">
            {move || pending_switch.get().map(|switch| view! { <SwitchQuestion switch pending_switch /> })}
            {move || app.read_wait.get().map(|wait| view! {
                <div class="notice info" role="status" data-testid="read-wait">
                    <p>{format!(
                        "Tallyfy asked the launcher to slow down (429): trying again in {} s (retry {} of {}).",
                        wait.seconds_left, wait.retry, wait.max
                    )}</p>
                    <button type="button" class="secondary" on:click=move |_| cancel_read_waits()>"Cancel"</button>
                </div>
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
