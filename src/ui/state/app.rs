//! App-wide state, provided once at the root and read with [`use_app`].

use leptos::prelude::*;

use crate::api::address::{is_own_path, origin_of, policy_allows, validate_base};
use crate::api::client::{on_read_wait, ReadWait};
use crate::api::early;
use crate::api::transport::set_rate_limits;
use crate::api::{Connection, Secret};
use crate::domain::directory::Directory;
use crate::domain::outcome::ApiError;
use crate::domain::settings::Settings;
use crate::ui::browser::storage::{self, Area, Stored};
use crate::ui::route::Route;
use crate::ui::state::directory::DirectoryStore;

/// How loud a notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// For information.
    Info,
    /// Something went wrong but the app carries on.
    Warning,
}

/// A message shown at the top of every screen until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// Identity, for dismissing.
    pub id: u64,
    pub level: Level,
    pub text: String,
}

/// The state every screen shares.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Settings (persisted to `localStorage` by an effect).
    pub settings: RwSignal<Settings>,
    /// The API token (persisted to local or session storage as "Remember" says).
    pub token: RwSignal<Secret>,
    /// Notices at the top of the page.
    pub notices: RwSignal<Vec<Notice>>,
    /// The current route.
    pub route: RwSignal<Route>,
    /// Members and groups, once read (see [`AppState::want_directory`]).
    pub directory: Signal<Directory>,
    /// Reads them, once per connection a screen asks for.
    directory_store: DirectoryStore,
    /// A rate-limited read waiting to be sent again, while it waits.
    pub read_wait: RwSignal<Option<ReadWait>>,
}

impl AppState {
    /// Shows a notice.
    pub fn notify(&self, level: Level, text: impl Into<String>) {
        let text = text.into();
        self.notices.update(|list| {
            if list.iter().any(|n| n.text == text) {
                return;
            }
            let id = list.iter().map(|n| n.id).max().unwrap_or(0) + 1;
            list.push(Notice { id, level, text });
        });
    }

    /// Asks for the members and groups of the current connection (screens that name people call
    /// it when they open; each connection is read once).
    pub fn want_directory(&self) {
        if let Ok(connection) = self.connection() {
            self.directory_store.want(connection);
        }
    }

    /// Whether members and groups asked for are in (or could not be read), or none were
    /// asked for (tracked).
    pub fn directory_settled(&self) -> bool {
        self.directory_store.settled()
    }

    /// Why members and groups could not be read, if they could not (tracked).
    pub fn directory_failure(&self) -> Option<ApiError> {
        self.directory_store.failure()
    }

    /// The connection the settings describe, or what is missing.
    pub fn connection(&self) -> Result<Connection, ApiError> {
        let settings = self.settings.get_untracked();
        self.connection_to(&settings.api_base, &settings.org_id)
    }

    /// The same, tracked (for views that must update when settings change).
    pub fn connection_tracked(&self) -> Result<Connection, ApiError> {
        self.settings.track();
        self.token.track();
        self.connection()
    }

    /// A connection to a given API base and organization with this tab's token (a bulk job
    /// launches where it started, whatever Settings say later). Refused when the page's
    /// Content-Security-Policy would block the base: the browser would refuse it anyway, with
    /// an unhelpful message.
    /// A path on this site (`/tallyfy-api`) becomes this page's origin and the path: requests
    /// go to the same place, and what the app writes out (curl commands, schedules, Workato)
    /// names a full address that works outside the page.
    pub fn connection_to(&self, base: &str, org: &str) -> Result<Connection, ApiError> {
        let page = page_origin();
        if is_own_path(base) && !secure_origin(&page) {
            return Err(ApiError::NotConfigured(format!(
                "The API base {} is on this site, which is served over http:// ({page}): the token would travel unencrypted. Serve the launcher over https://, or give the API's full https:// address.",
                base.trim()
            )));
        }
        let connection = Connection::new(&resolved_base(base), org, &self.token.get_untracked())?;
        if let Some(policy) = page_connect_policy() {
            if !policy_allows(&policy, &page_origin(), connection.base()) {
                return Err(ApiError::NotConfigured(format!(
                    "This copy of the launcher may call only these API addresses: {}. {} is not one of them: choose one of those in Settings > API base URL, or ask whoever hosts the launcher to add it when building (README: Hosting it for a team).",
                    policy
                        .split_whitespace()
                        .filter(|s| *s != "'self'")
                        .collect::<Vec<_>>()
                        .join(", "),
                    origin_of(connection.base())
                )));
            }
        }
        Ok(connection)
    }
}

/// An API base as requests name it: a path on this site (`/tallyfy-api`) becomes this page's
/// origin and the path; a full address stays (without a trailing slash).
pub fn resolved_base(base: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    if is_own_path(base) {
        format!("{}{base}", page_origin())
    } else {
        base.to_string()
    }
}

/// Whether a page at `origin` keeps a header secret on the way: https, or this machine.
fn secure_origin(origin: &str) -> bool {
    let lower = origin.to_ascii_lowercase();
    lower.starts_with("https://")
        || ["http://127.0.0.1", "http://localhost"]
            .iter()
            .any(|local| lower == *local || lower.starts_with(&format!("{local}:")))
}

/// The page's origin, such as `https://tools.example.com`.
fn page_origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// The `connect-src` list of the page's Content-Security-Policy meta tag, if it has one.
fn page_connect_policy() -> Option<String> {
    let meta = document()
        .query_selector("meta[http-equiv='Content-Security-Policy']")
        .ok()
        .flatten()?;
    let content = meta.get_attribute("content")?;
    content
        .split(';')
        .map(str::trim)
        .find_map(|directive| directive.strip_prefix("connect-src "))
        .map(str::to_string)
}

/// This copy's defaults: Tallyfy's, or the API base and organization a team built it for
/// (`tallyfy-launcher-api` and `tallyfy-launcher-org` in index.html, from
/// `scripts/pre-point.mjs`). A base the app would refuse is not taken.
fn copy_defaults() -> Settings {
    let meta = |name: &str| {
        document()
            .query_selector(&format!("meta[name='{name}']"))
            .ok()
            .flatten()
            .and_then(|m| m.get_attribute("content"))
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
    };
    let mut settings = Settings::default();
    if let Some(api) = meta("tallyfy-launcher-api").and_then(|a| validate_base(&a).ok()) {
        settings.api_base = api;
    }
    if let Some(org) = meta("tallyfy-launcher-org") {
        settings.org_id = org;
    }
    settings
}

/// Reads stored settings through the browser's JSON reader (see [`crate::domain::json_text`]).
fn read_settings(text: &str) -> Result<Settings, String> {
    Settings::from_value(&crate::domain::json_text::parse(text)?)
}

/// Loads settings and token, provides the state, and starts persisting it.
pub fn provide_app_state(route: Route) -> AppState {
    let mut startup_notices = Vec::new();
    let stored = storage::load_or_back_up(
        storage::SETTINGS_KEY,
        storage::SETTINGS_BACKUP_KEY,
        read_settings,
    );
    if let Some(notice) = stored.unreadable_notice("Your saved settings") {
        startup_notices.push(format!(
            "{notice} The defaults are in use: check them in Settings."
        ));
    }
    let settings = match stored {
        Stored::Read(settings) => settings,
        Stored::Absent | Stored::Unreadable { .. } => copy_defaults(),
    };
    let area = if settings.remember_token {
        Area::Local
    } else {
        Area::Session
    };
    let token = storage::get(area, storage::TOKEN_KEY)
        .map(|t| Secret::new(&t))
        .unwrap_or_default();

    let directory_store = DirectoryStore::new();
    let state = AppState {
        settings: RwSignal::new(settings),
        token: RwSignal::new(token),
        notices: RwSignal::new(Vec::new()),
        route: RwSignal::new(route),
        directory: directory_store.directory(),
        directory_store,
        read_wait: RwSignal::new(None),
    };
    on_read_wait(move |wait| state.read_wait.set(wait));
    // Every request keeps to the rate limit in Settings, launches and reads alike.
    let pacers = Memo::new(move |_| {
        state
            .settings
            .with(|s| (Settings::pacer(s), Settings::read_pacer(s)))
    });
    Effect::new(move |_| {
        let (all, reads) = pacers.get();
        set_rate_limits(all, reads);
    });
    for text in startup_notices {
        state.notify(Level::Warning, text);
    }

    Effect::new(move |_| {
        let stored = state
            .settings
            .with(|s| crate::domain::json_text::stringify(&s.to_value()));
        if let Err(reason) = storage::set(Area::Local, storage::SETTINGS_KEY, &stored) {
            state.notify(
                Level::Warning,
                format!(
                    "Settings could not be saved: {reason}. They apply until you close this tab."
                ),
            );
        }
    });
    // Tracks only "Remember" and the token: a change to any other setting must never write a
    // token back (another tab may have just forgotten it).
    let remember = Memo::new(move |_| state.settings.with(|s| s.remember_token));
    Effect::new(move |_| {
        let remember = remember.get();
        let token = state.token.get();
        // The token lives in exactly one place, or nowhere.
        let (keep, clear) = if remember {
            (Area::Local, Area::Session)
        } else {
            (Area::Session, Area::Local)
        };
        storage::remove(clear, storage::TOKEN_KEY);
        if token.is_empty() {
            storage::remove(keep, storage::TOKEN_KEY);
        } else if let Err(reason) = storage::set(keep, storage::TOKEN_KEY, token.expose()) {
            state.notify(
                Level::Warning,
                format!(
                    "The token could not be saved: {reason}. It works until you close this tab."
                ),
            );
        }
    });
    follow_other_tabs(state);
    provide_context(state);
    state
}

/// Adopts what another tab stores: its settings, and its token (a token it forgot is forgotten
/// here too). The browser reports only changes, so adopting never echoes back.
fn follow_other_tabs(state: AppState) {
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        match event.key().as_deref() {
            Some(storage::SETTINGS_KEY) => {
                let adopted = event.new_value().and_then(|text| read_settings(&text).ok());
                if let Some(settings) = adopted {
                    if state.settings.with_untracked(|s| *s != settings) {
                        state.settings.set(settings);
                    }
                }
            }
            Some(storage::TOKEN_KEY) if state.settings.with_untracked(|s| s.remember_token) => {
                let token = event
                    .new_value()
                    .map(|t| Secret::new(&t))
                    .unwrap_or_default();
                if state.token.with_untracked(|t| *t != token) {
                    state.token.set(token);
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || listener.remove());
}

/// Keeps the recipe of a linked template's early request (`api::early`) for the current
/// connection, or none without one, while the calling view lives. The Settings screen and the
/// Launch screen's tools call it (where a connection is made, and where it is used), so its
/// code is not on the first screen.
pub fn keep_early_recipe(app: AppState) {
    Effect::new(move |_| {
        let (api, org) = app
            .settings
            .with(|s| (s.api_base.clone(), s.org_id.clone()));
        let recipe = app
            .connection_tracked()
            .ok()
            .and_then(|c| early::recipe(&c, &api, &org));
        match recipe {
            Some(recipe) => {
                let text = crate::domain::json_text::stringify(&recipe);
                // Best effort: without it, a link's template is asked for once the app runs.
                let _ = storage::set(Area::Local, storage::EARLY_TEMPLATE_KEY, &text);
            }
            None => storage::remove(Area::Local, storage::EARLY_TEMPLATE_KEY),
        }
    });
}

/// The app state; the root component provides it.
pub fn use_app() -> AppState {
    // Safe: provided once at the root before any screen mounts; only a wiring bug misses it.
    use_context::<AppState>().expect("AppState is provided by the root App component")
}
