//! App-wide state, provided once at the root and read with [`use_app`].

use leptos::prelude::*;

use super::route::Route;
use super::storage::{self, Area};
use crate::api::{Connection, Secret};
use crate::domain::directory::Directory;
use crate::domain::outcome::ApiError;
use crate::domain::settings::Settings;

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
    /// Level.
    pub level: Level,
    /// Text (plain).
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
    /// Members and groups, once loaded.
    pub directory: RwSignal<Directory>,
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

    /// The connection the settings describe, or what is missing.
    pub fn connection(&self) -> Result<Connection, ApiError> {
        let settings = self.settings.get_untracked();
        Connection::new(
            &settings.api_base,
            &settings.org_id,
            &self.token.get_untracked(),
        )
    }

    /// The same, tracked (for views that must update when settings change).
    pub fn connection_tracked(&self) -> Result<Connection, ApiError> {
        let settings = self.settings.get();
        Connection::new(&settings.api_base, &settings.org_id, &self.token.get())
    }
}

/// Loads settings and token, provides the state, and starts persisting it.
pub fn provide_app_state(route: Route) -> AppState {
    let mut startup_notices = Vec::new();
    let settings = match storage::get(Area::Local, storage::SETTINGS_KEY) {
        None => Settings::default(),
        Some(text) => match Settings::from_stored(&text) {
            Ok(settings) => settings,
            Err(reason) => {
                let _ = storage::set(Area::Local, storage::SETTINGS_BACKUP_KEY, &text);
                startup_notices.push(format!(
                    "Your saved settings could not be read ({reason}), so the defaults are in use. Check them in Settings; the unreadable copy is kept in this browser's storage under \"{}\".",
                    storage::SETTINGS_BACKUP_KEY
                ));
                Settings::default()
            }
        },
    };
    let area = if settings.remember_token {
        Area::Local
    } else {
        Area::Session
    };
    let token = storage::get(area, storage::TOKEN_KEY)
        .map(|t| Secret::new(&t))
        .unwrap_or_default();

    let state = AppState {
        settings: RwSignal::new(settings),
        token: RwSignal::new(token),
        notices: RwSignal::new(Vec::new()),
        route: RwSignal::new(route),
        directory: RwSignal::new(Directory::default()),
    };
    for text in startup_notices {
        state.notify(Level::Warning, text);
    }

    Effect::new(move |_| {
        let stored = state.settings.with(|s| s.to_stored());
        if let Err(reason) = storage::set(Area::Local, storage::SETTINGS_KEY, &stored) {
            state.notify(
                Level::Warning,
                format!(
                    "Settings could not be saved: {reason}. They apply until you close this tab."
                ),
            );
        }
    });
    Effect::new(move |_| {
        let remember = state.settings.with(|s| s.remember_token);
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
    provide_context(state);
    state
}

/// The app state; the root component provides it.
pub fn use_app() -> AppState {
    use_context::<AppState>().expect("AppState is provided by the root App component")
}
