//! The parts of the Launch screen split off its first screen (see `ui::screens`): the kick-off
//! form and the launch tools. The screen is usable (search, pick) before they arrive, and they
//! are fetched in idle time after start.

use leptos::prelude::*;

use super::{LaunchForm, LaunchTools};
use crate::ui::split::split_point;
use crate::ui::state::form::FormModel;

split_point! {
    launch_form_chunk: fn launch_form_view(form: FormModel) { view! { <LaunchForm form=form /> } }
    load pub(super) load_launch_form, preload preload_launch_form
}

split_point! {
    launch_tools_chunk: fn launch_tools_view() { view! { <LaunchTools /> } }
    load pub(super) load_launch_tools, preload preload_launch_tools
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
    let _ = preload_launch_tools().await;
}

/// Fetches the kick-off form's code only (a failure is left for the moment it is needed).
pub async fn preload_form() {
    let _ = preload_launch_form().await;
}
