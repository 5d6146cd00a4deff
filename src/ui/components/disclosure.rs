//! A fold (`<details>`) whose contents exist only while it is open.

use leptos::prelude::*;

/// A `<details>` with `summary`, whose contents are built only while it is open: a closed one
/// costs nothing, and its controls never stand in for the page's. `open` keeps the state when
/// what holds it redraws, and lets other parts open it.
#[component]
pub fn Disclosure(
    /// The always-visible line.
    #[prop(into)]
    summary: Signal<String>,
    /// Whether it is open.
    open: RwSignal<bool>,
    /// Classes of the `<details>`.
    #[prop(optional)]
    class: &'static str,
    /// What it folds.
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <details class=class prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{summary}</summary>
            <Show when=move || open.get()>{children()}</Show>
        </details>
    }
}
