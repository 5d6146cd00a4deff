//! The parts of the Launch screen split off its first screen (see `ui::screens`): the kick-off
//! form, and in a second chunk what a form shows below and beside its fields with the launch
//! tools. The screen is usable (search, pick) before they arrive, and they are fetched in idle
//! time after start.

use leptos::prelude::*;

use super::rest::LaunchRest;
use super::LaunchForm;
use std::future::Future;
use std::pin::Pin;

use crate::ui::components::fields::{Control, ViewOnItsWay};
use crate::ui::split::{split_point, when_loaded, ChunkError};
use crate::ui::state::form::FormModel;
use crate::ui::state::launch::FormWork;

/// What the form's chunk is asked for: the form's view, or work on the form's state (placing
/// a template, reopening a saved form). One chunk carries both, so a linked form downloads the
/// code that builds it and the code that shows it together.
// Made once per call and moved straight into the chunk, never stored: its size does not matter.
#[allow(clippy::large_enum_variant)]
enum FormCall {
    View(FormModel),
    Work(FormWork),
}

split_point! {
    launch_form_chunk: fn form_call(call: FormCall) {
        match call {
            FormCall::View(form) => view! { <LaunchForm form=form /> }.into_any(),
            FormCall::Work(work) => {
                work.run();
                ().into_any()
            }
        }
    }
    load load_form_call, preload preload_launch_form
}

/// The kick-off form's view, once its chunk is there.
pub(super) async fn load_launch_form(form: FormModel) -> Result<AnyView, ChunkError> {
    load_form_call(FormCall::View(form)).await
}

/// Runs work on the form's state in the form's chunk (given to the launch session at the root).
pub fn form_work(work: FormWork) -> Pin<Box<dyn Future<Output = Result<(), ChunkError>>>> {
    Box::pin(async move { load_form_call(FormCall::Work(work)).await.map(|_| ()) })
}

// What follows a form's fields shares a chunk with the launch tools rather than having one of
// its own: every split module multiplies the shared chunks wasm-split cuts (one more made 63 more:
// +1 KB on the first screen, History's pack 100 modules to compile instead of 74), and the tools
// are wanted once a form is there anyway.
split_point! {
    launch_tools_chunk: fn launch_rest_view(part: LaunchRest) { part.view() }
    load load_launch_rest, preload preload_launch_tools
}

/// The input of a table, people or file field, from the screen's second chunk (given to the
/// fields as [`LaterInputs`](crate::ui::components::fields::LaterInputs)).
pub(super) fn later_input(control: Control) -> ViewOnItsWay {
    Box::pin(load_launch_rest(LaunchRest::Input(control)))
}

/// A part of the Launch screen from its second chunk, once it is there; `loaded` turns true when
/// it is (or says it could not be downloaded, with Try again).
pub(super) fn launch_rest(part: LaunchRest, loaded: RwSignal<bool>) -> impl IntoView {
    when_loaded(move || load_rest_part(part.clone(), loaded), None)
}

/// Loads a part of the second chunk and, once it is there, turns `loaded` true: every part that
/// loads says so the same way.
pub(super) async fn load_rest_part(
    part: LaunchRest,
    loaded: RwSignal<bool>,
) -> Result<AnyView, ChunkError> {
    let view = load_launch_rest(part).await;
    if view.is_ok() {
        loaded.try_set(true);
    }
    view
}

/// A key no earlier form had: each form is built afresh, never patched into the last one's DOM.
pub(super) fn next_form_key() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Fetches the kick-off form's and the launch tools' code; a failure is left for the moment they
/// are needed, which fetches again.
pub async fn prefetch() {
    let _ = preload_launch_form().await;
    crate::ui::state::launch::prefetch_launch_send().await;
    let _ = preload_launch_tools().await;
}

/// Fetches the kick-off form's code only (a failure is left for the moment it is needed).
pub async fn preload_form() {
    let _ = preload_launch_form().await;
}
