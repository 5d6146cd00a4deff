//! Moving focus once the DOM has caught up with a change, waiting for it to be painted, and
//! starting a task before what is being built renders.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the first field marked invalid in the form, after the DOM has caught up.
pub fn focus_first_invalid() {
    request_animation_frame(|| {
        let found = document()
            .query_selector(".launch-form [aria-invalid='true']")
            .ok()
            .flatten();
        if let Some(element) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
}

/// Focuses an element by id, after the DOM has caught up.
pub fn focus_id(id: &'static str) {
    request_animation_frame(move || {
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

/// Runs `then` in the frame after the one that paints what is being built now.
pub fn after_first_paint(then: impl FnOnce() + 'static) {
    // A frame callback requested from inside one runs in the next frame.
    request_animation_frame(move || request_animation_frame(then));
}

/// Runs `task` like a spawned task, but starts it now: a spawned task first runs once the
/// current work (the whole app's first render, at start) is done, so a request it makes would
/// wait for that render; polled once here, the request goes out at once.
pub fn spawn_started(task: impl std::future::Future<Output = ()> + 'static) {
    use std::task::{Context, Waker};
    let mut task = Box::pin(task);
    // Polled with a waker that does nothing: the spawned task's next poll hands it the real one
    // (a future keeps the waker of its latest poll), and it is polled right after this work.
    if task
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_pending()
    {
        leptos::task::spawn_local(task);
    }
}
