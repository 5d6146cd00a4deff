//! The Launch screen.

use leptos::prelude::*;

/// The Launch screen.
#[component]
pub fn LaunchPage() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="launch-title">
            <h1 id="launch-title">"Launch a process"</h1>
        </section>
    }
}
