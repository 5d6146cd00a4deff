//! The screens other than Launch, each split into its own wasm chunk (`crate::ui::split`): one
//! table (`lazy`) says how each is loaded and fetched ahead in idle time; the first screen then
//! downloads only what Launch needs.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::ui::pages::bulk::BulkPage;
use crate::ui::pages::history::HistoryPage;
use crate::ui::pages::settings::SettingsPage;
use crate::ui::pages::track::TrackPage;
use crate::ui::route::Page;
use crate::ui::split::{idle, split_point, when_loaded, ChunkError};
use crate::ui::state::bulk::{start_bulk_session, BulkSlot};
use crate::ui::state::history::use_history;
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::presets::{presets_as_read, PresetAction};
use crate::ui::state::use_app;

split_point! {
    settings_screen_chunk: fn settings_screen() { view! { <SettingsPage /> } }
    load load_settings, preload preload_settings_screen
}

split_point! {
    history_screen_chunk: fn history_screen() { view! { <HistoryPage /> } }
    load load_history, preload preload_history_screen
}

split_point! {
    track_screen_chunk: fn track_screen() { view! { <TrackPage /> } }
    load load_track, preload preload_track_screen
}

split_point! {
    bulk_screen_chunk: fn bulk_screen() { view! { <BulkPage /> } }
    load load_bulk, preload preload_bulk_screen
}

type Loading<T> = Pin<Box<dyn Future<Output = Result<T, ChunkError>>>>;

/// A screen that lives in a chunk of its own.
struct LazyPage {
    /// Fetches the chunk (when split) and builds the view.
    load: fn() -> Loading<AnyView>,
    /// Only fetches the chunk (for idle time; unused when the screens are not split off).
    #[cfg_attr(not(feature = "split"), allow(dead_code))]
    preload: fn() -> Loading<()>,
}

/// The table: how each page other than Launch is loaded. A new lazily loaded page is a variant
/// of `Page` (with its title and hash), its `split_point!` above and an arm here; the compiler
/// asks for the arm.
fn lazy(page: Page) -> Option<LazyPage> {
    match page {
        Page::Launch => None,
        Page::Bulk => Some(LazyPage {
            load: || Box::pin(load_bulk()),
            preload: || Box::pin(preload_bulk_screen()),
        }),
        Page::History => Some(LazyPage {
            load: || Box::pin(load_history()),
            preload: || Box::pin(preload_history_screen()),
        }),
        Page::Track => Some(LazyPage {
            load: || Box::pin(load_track()),
            preload: || Box::pin(preload_track_screen()),
        }),
        Page::Settings => Some(LazyPage {
            load: || Box::pin(load_settings()),
            preload: || Box::pin(preload_settings_screen()),
        }),
    }
}

/// A screen other than Launch: shown as soon as its code is there (at once when it was
/// prefetched), with a short note while it loads.
#[component]
pub fn LazyScreen(
    /// Bulk, History, Track or Settings.
    page: Page,
) -> impl IntoView {
    let Some(screen) = lazy(page) else {
        return ().into_any();
    };
    let load = move || {
        let loading = (screen.load)();
        async move {
            let view = loading.await;
            if view.is_ok() {
                LOADED.with(|l| l.borrow_mut().push(page));
            }
            view
        }
    };
    when_loaded(load, Some("Loading the screen…")).into_any()
}

/// Once the screen the user asked for is on the page (its chunk loaded; on Launch, the linked
/// or restored form filled), and the browser is idle: reads the stored history and presets and
/// reopens a saved bulk job (their code is in chunks), registers the service worker (its first
/// install caches the whole shell) and fetches the other screens' code, so switching to them
/// later costs no visible wait. Before that moment, none of it competes with what the user
/// waits for.
pub fn after_the_asked_screen(bulk: BulkSlot) {
    // Read in the caller's owner: the task below runs outside it.
    let (app, session) = (use_app(), use_launch_session());
    let (history, presets) = (use_history(), presets_as_read());
    leptos::task::spawn_local(async move {
        crate::api::clock::sleep_ms(300).await;
        idle().await;
        session.settled().await;
        // A screen whose chunk never arrives holds nothing back for long.
        for _ in 0..200 {
            let page = app.route.with_untracked(|r| r.page);
            if page == Page::Launch || LOADED.with(|l| l.borrow().contains(&page)) {
                break;
            }
            crate::api::clock::sleep_ms(100).await;
        }
        idle().await;
        history.read_in_background().await;
        presets.later(PresetAction::Read).await;
        start_bulk_session(bulk).await;
        register_service_worker();
        #[cfg(feature = "split")]
        prefetch_everything().await;
    });
}

thread_local! {
    /// The split-off screens whose code has arrived.
    static LOADED: std::cell::RefCell<Vec<Page>> = const { std::cell::RefCell::new(Vec::new()) };
}

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

/// Fetches the kick-off form's and the tools' code, then every other screen's. A chunk that fails
/// here is fetched again when it is needed (failures are not kept).
#[cfg(feature = "split")]
async fn prefetch_everything() {
    crate::ui::pages::launch::prefetch().await;
    for page in Page::ALL {
        if let Some(screen) = lazy(page) {
            let _ = (screen.preload)().await;
        }
    }
}
