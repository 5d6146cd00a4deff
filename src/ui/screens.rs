//! The screens other than Launch, each split into its own wasm chunk (`crate::ui::split`): one
//! table (`lazy`) says how each is loaded, fetched ahead in idle time, and warmed up while its
//! chunk arrives; the first screen then downloads only what Launch needs.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::ui::pages::bulk::BulkPage;
use crate::ui::pages::history::HistoryPage;
use crate::ui::pages::settings::SettingsPage;
use crate::ui::pages::track::TrackPage;
use crate::ui::route::Page;
use crate::ui::split::{split_point, when_loaded, ChunkError};
use crate::ui::state::history::use_history;

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
    /// Work to start while the chunk arrives (its download and compilation run off the main
    /// thread). Called in the screen's owner, so it can read contexts.
    warm_up: fn(),
}

/// The table: how each page other than Launch is loaded. A new lazily loaded page is a variant
/// of `Page` (with its title and hash), its `split_point!` above and an arm here; the compiler
/// asks for the arm.
fn lazy(page: Page) -> Option<LazyPage> {
    let nothing = || {};
    match page {
        Page::Launch => None,
        Page::Bulk => Some(LazyPage {
            load: || Box::pin(load_bulk()),
            preload: || Box::pin(preload_bulk_screen()),
            warm_up: nothing,
        }),
        Page::History => Some(LazyPage {
            load: || Box::pin(load_history()),
            preload: || Box::pin(preload_history_screen()),
            // Read the stored history while the screen's code arrives, not after it.
            warm_up: || {
                let history = use_history();
                set_timeout(move || history.ensure_loaded(), std::time::Duration::ZERO);
            },
        }),
        Page::Track => Some(LazyPage {
            load: || Box::pin(load_track()),
            preload: || Box::pin(preload_track_screen()),
            warm_up: nothing,
        }),
        Page::Settings => Some(LazyPage {
            load: || Box::pin(load_settings()),
            preload: || Box::pin(preload_settings_screen()),
            warm_up: nothing,
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
    (screen.warm_up)();
    when_loaded(move || (screen.load)(), Some("Loading the screen…")).into_any()
}

/// Fetches the other screens' code while the browser is idle after start, so switching to them
/// later costs no visible wait. Does nothing when the screens are not split off.
pub fn prefetch_in_idle_time() {
    // After the first screen's own start-up work and requests have begun, when the browser is idle.
    #[cfg(feature = "split")]
    set_timeout(
        || request_idle_callback(prefetch_everything),
        std::time::Duration::from_millis(300),
    );
}

#[cfg(feature = "split")]
fn prefetch_everything() {
    // A chunk that fails here is fetched again when it is needed (failures are not kept).
    leptos::task::spawn_local(async {
        crate::ui::pages::launch::prefetch().await;
        for page in Page::ALL {
            if let Some(screen) = lazy(page) {
                let _ = (screen.preload)().await;
            }
        }
    });
}
