//! Moving focus once the DOM has caught up with a change, and waiting for it to be painted.

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
