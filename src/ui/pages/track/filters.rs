//! The board's filters: search, template, status, batch and launch dates. Each select's value
//! is read back into its type (no magic strings).

use leptos::prelude::*;

use crate::domain::track::StatusFilter;
use crate::ui::state::track::{use_track_view, TrackView};

/// Local midnight at the start of a `YYYY-MM-DD` date (from a date input), in ms.
fn local_midnight_ms(date: &str) -> Option<i64> {
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let date = js_sys::Date::new_with_year_month_day(y, m as i32 - 1, d as i32);
    let ms = date.get_time();
    ms.is_finite().then_some(ms as i64)
}

/// A select's value: `None` for the empty "any" choice.
fn chosen(ev: &leptos::ev::Event) -> Option<String> {
    Some(event_target_value(ev)).filter(|v| !v.is_empty())
}

/// The toolbar of filters.
#[component]
pub fn BoardFilters() -> impl IntoView {
    let view = use_track_view();
    view! {
        <div class="card toolbar">
            <div class="field grow">
                <label for="track-search">"Search processes"</label>
                <input id="track-search" type="search" autocomplete="off" placeholder="Process name, template or run ID"
                    prop:value=move || view.filter.with(|f| f.text.clone())
                    on:input=move |ev| { let text = event_target_value(&ev); view.set_filter(|f| f.text = text); } />
            </div>
            <div class="field">
                <label for="track-template">"Template"</label>
                <select id="track-template" on:change=move |ev| { let id = chosen(&ev); view.set_filter(|f| f.template = id); }>
                    <option value="">"All templates"</option>
                    {move || view.templates.get().into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="track-status">"Status"</label>
                <select id="track-status" on:change=move |ev| {
                    let status = chosen(&ev).and_then(|v| StatusFilter::from_label(&v));
                    view.set_filter(|f| f.status = status);
                }>
                    <option value="">"Any status"</option>
                    {StatusFilter::ALL.into_iter().map(|s| view! { <option value=s.label()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <BatchFilter view=view />
            <div class="field">
                <label for="track-from">"Launched from"</label>
                <input id="track-from" type="date" on:change=move |ev| {
                    let from = local_midnight_ms(&event_target_value(&ev));
                    view.set_filter(|f| f.from_ms = from);
                } />
            </div>
            <div class="field">
                <label for="track-to">"to"</label>
                <input id="track-to" type="date" on:change=move |ev| {
                    // The whole day the user picked counts.
                    let to = local_midnight_ms(&event_target_value(&ev)).map(|ms| ms + 86_400_000);
                    view.set_filter(|f| f.to_ms = to);
                } />
            </div>
        </div>
    }
}

/// The bulk job filter.
#[component]
fn BatchFilter(view: TrackView) -> impl IntoView {
    view! {
        <div class="field">
            <label for="track-batch">"Batch"</label>
            <select id="track-batch" on:change=move |ev| { let job = chosen(&ev); view.set_filter(|f| f.batch = job); }>
                <option value="">"Any batch"</option>
                {move || view.batches.get().into_iter().map(|b| {
                    let label = view.batch_name(&b.id);
                    view! { <option value=b.id>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
