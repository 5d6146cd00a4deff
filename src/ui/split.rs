//! The wasm-split machinery, in one place: `split_point!` declares a part of the app that, when
//! the crate is built with the `split` feature (as `trunk build` does, see README "Building by
//! hand"), lives in a wasm chunk of its own; `when_loaded` shows such a part once its chunk is
//! there (or says it could not be downloaded, with Try again); `idle` waits for the browser to
//! be idle, when chunks are fetched ahead. Without the feature (native builds, clippy, component
//! tests) a split point is an ordinary function, called directly.
//!
//! The rest of the build's split truth: `index.html` turns the feature on
//! (`data-cargo-features`), `.cargo/config.toml` keeps relocations in the linked wasm,
//! `scripts/bin/wasm-bindgen` runs `wasm-split-cli` before wasm-bindgen, and
//! `scripts/split-chunks.mjs` optimises, names and links the chunks.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

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
        fn $view($($arg: $ty),*) -> Result<AnyView, $crate::ui::split::ChunkError> {
            Ok(IntoAny::into_any($body))
        }

        $vis async fn $load($($arg: $ty),*) -> Result<AnyView, $crate::ui::split::ChunkError> {
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
        async fn $preload() -> Result<(), $crate::ui::split::ChunkError> {
            Ok(())
        }
    };
}
pub(crate) use split_point;

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
            result.unwrap_or_else(|_| chunk_missing(move || attempt.update(|n| *n += 1)).into_any())
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

/// Says that a part of the app could not be downloaded, with a Try again button that calls
/// `retry`.
pub fn chunk_missing(retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="notice warning" role="alert">
            <p>"This part of the launcher could not be downloaded: the connection may have dropped. Check it, then try again. Nothing you entered is lost."</p>
            <button type="button" on:click=move |_| retry()>"Try again"</button>
        </div>
    }
}
