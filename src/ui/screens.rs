//! The screens other than Launch, each split into its own chunk of the wasm when the app is
//! built with the `split` feature (as `trunk build` does, through scripts/bin/wasm-bindgen): the
//! first screen then downloads only what Launch needs, and the others arrive on first visit or,
//! usually before that, in idle time after start. Without the feature (native builds, component
//! tests) each split point is an ordinary function, called directly.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::ui::pages::bulk::BulkPage;
use crate::ui::pages::history::HistoryPage;
use crate::ui::pages::settings::SettingsPage;
use crate::ui::pages::track::TrackPage;
use crate::ui::route::Page;
use crate::ui::state::history::use_history;

/// Why a split-off part of the app could not be shown: its chunk did not download.
pub type ChunkError = leptos::wasm_split::SplitLoaderError;

/// Declares a split point: a part of the app that, in the split build, lives in its own wasm
/// chunk. From `$chunk: fn $view(args) { view }` it makes `async fn $load(args)`, which fetches
/// the chunk first when the app is split (and otherwise builds the view at once), and
/// `async fn $preload()`, which only fetches it. A chunk that fails to download gives a
/// `ChunkError` (`fallible`), never a panic; the next call fetches it again.
macro_rules! split_point {
    (
        $chunk:ident: fn $view:ident($($arg:ident: $ty:ty),*) $body:block
        load $vis:vis $load:ident, preload $preload:ident
    ) => {
        #[cfg_attr(
            feature = "split",
            ::leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                preload(#[doc(hidden)] $preload),
                fallible
            )
        )]
        #[allow(unused_braces)]
        fn $view($($arg: $ty),*) -> Result<AnyView, $crate::ui::screens::ChunkError> {
            Ok(IntoAny::into_any($body))
        }

        $vis async fn $load($($arg: $ty),*) -> Result<AnyView, $crate::ui::screens::ChunkError> {
            #[cfg(feature = "split")]
            {
                $view($($arg),*).await
            }
            #[cfg(not(feature = "split"))]
            {
                $view($($arg),*)
            }
        }

        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        async fn $preload() -> Result<(), $crate::ui::screens::ChunkError> {
            Ok(())
        }
    };
}
pub(crate) use split_point;

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

/// The view of a screen other than Launch, once its code is loaded.
async fn load(page: Page) -> Result<AnyView, ChunkError> {
    match page {
        Page::Settings => load_settings().await,
        Page::History => load_history().await,
        Page::Bulk => load_bulk().await,
        Page::Track => load_track().await,
        Page::Launch => Ok(().into_any()),
    }
}

/// A screen other than Launch: shown as soon as its code is there (at once when it was
/// prefetched), with a short note while it loads.
#[component]
pub fn LazyScreen(
    /// Settings, History, Track or Bulk.
    page: Page,
) -> impl IntoView {
    let view = when_loaded(move || load(page), Some("Loading the screen…"));
    if page == Page::History {
        // Read the stored history while the screen's code arrives (the chunk's download and
        // compilation run off the main thread), rather than after it.
        let history = use_history();
        set_timeout(move || history.ensure_loaded(), std::time::Duration::ZERO);
    }
    view
}

/// Resolves when the browser is next idle (after the work of the current frame).
pub async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        request_idle_callback(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Shows the view `load` yields as soon as it is ready (in the same frame when its chunk is
/// already loaded), and until then `note`, if any. If the chunk could not be downloaded, says
/// so with a Retry button (nothing the user typed elsewhere is touched). Unlike `<Suspense>`,
/// nothing inside ever falls back to the note again when one of its own resources reloads.
pub fn when_loaded<Load, Fut>(load: Load, note: Option<&'static str>) -> impl IntoView
where
    Load: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    let attempt = RwSignal::new(0u32);
    let loading = RwSignal::new(true);
    // The view must be Send; it only ever runs on the browser's one thread.
    let load = SendWrapper::new(load);
    move || {
        attempt.track();
        loading.set(true);
        let load = (*load)();
        let view = Suspend::new(SendWrapper::new(async move {
            let result = load.await;
            loading.try_set(false);
            result.unwrap_or_else(|_| {
                view! {
                    <div class="notice warning" role="alert">
                        <p>"This part of the launcher could not be downloaded: the connection may have dropped. Check it, then try again. Nothing you entered is lost."</p>
                        <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>"Try again"</button>
                    </div>
                }
                .into_any()
            })
        }));
        view! {
            {move || {
                note.filter(|_| loading.get())
                    .map(|note| view! { <p class="help" role="status">{note}</p> })
            }}
            {view}
        }
    }
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
        let _ = preload_settings_screen().await;
        let _ = preload_history_screen().await;
        let _ = preload_bulk_screen().await;
        let _ = preload_track_screen().await;
    });
}
