//! The screens' tables of records (History, Track, a bulk job's rows): column headers, rows a
//! page at a time, and "Show more" while some are not shown.

use leptos::prelude::*;

/// A scrolling table with a header row of `headers`; `children` are its rows.
#[component]
pub fn DataTable(
    /// The table's class.
    class: &'static str,
    /// The column headers, in order.
    headers: &'static [&'static str],
    /// The table's test id.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The rows (a `<tbody>`, or one per record).
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class=class data-testid=testid>
                <thead>
                    <tr>{headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr>
                </thead>
                {children()}
            </table>
        </div>
    }
}

/// "Show more" under a table while `more` says rows are hidden; each press shows `page` more.
#[component]
pub fn ShowMore(
    /// Whether some rows are not shown.
    #[prop(into)]
    more: Signal<bool>,
    /// How many rows are shown.
    shown: RwSignal<usize>,
    /// How many a press adds.
    page: usize,
    /// The button's words.
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    view! {
        <Show when=move || more.get()>
            <button type="button" class="secondary" on:click=move |_| shown.update(|s| *s += page)>{label.unwrap_or("Show more")}</button>
        </Show>
    }
}
