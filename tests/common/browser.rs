//! What the browser tests share: an element to mount into, and a wait for effects to run.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A fresh element to mount into, attached to the document.
pub fn container() -> web_sys::HtmlElement {
    let element = document()
        .create_element("div")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

/// Lets effects run and the DOM follow.
pub async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}
