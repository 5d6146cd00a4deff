//! The Track screen: a live board of the processes launched from the tracked templates (those
//! chosen here and those this browser launched from), by anyone (Workato, a teammate, this
//! app), with filters, pictures, a one-line summary and a CSV export. Refreshed on demand and,
//! while the tab is visible, on a schedule (Settings), within its share of the rate limit. The
//! screen renders; `state::track` reads, counts and acts.

pub mod charts;
mod filters;
mod status;
mod summary;
mod table;
mod tracked;

use leptos::prelude::*;

use crate::ui::state::track::{provide_track_view, use_track_view};
use charts::{DayChart, ProgressChart, StatusBar};
use filters::BoardFilters;
use status::{FreshnessNote, RefreshIndicator, RefreshProblems};
use summary::{CountingNote, SummaryBar};
use table::ProcessTable;
use tracked::TrackedTemplates;

/// How often the screen checks whether a scheduled refresh is due, and ages its figures.
const TICK: std::time::Duration = std::time::Duration::from_secs(15);

/// The Track screen.
#[component]
pub fn TrackPage() -> impl IntoView {
    let view = provide_track_view();
    view.keep_fresh(TICK);
    let store = view.store;
    view! {
        <section class="page track" aria-labelledby="track-title">
            <h1 id="track-title">"Track"</h1>
            <p class="help">"Every process launched from the tracked templates, whoever launched it (this browser, a bulk job, Workato, a teammate), read from Tallyfy."</p>
            <div class="card toolbar track-refresh">
                <button type="button" class="primary" disabled=move || store.refreshing.with(Option::is_some)
                    on:click=move |_| view.refresh()>"Refresh now"</button>
                <FreshnessNote />
            </div>
            {move || store.refreshing.get().map(|p| view! { <RefreshIndicator progress=p /> })}
            <RefreshProblems />
            <TrackedTemplates />
            <Show
                when=move || store.board.with(|b| !b.runs.is_empty())
                fallback=move || view! {
                    <p class="help" data-testid="track-empty">"Nothing to track yet. Launch a process (Launch or Bulk), or track a template above: its processes then show here, including those launched elsewhere."</p>
                }
            >
                <BoardFilters />
                <SummaryBar />
                <Charts />
                <CountingNote />
                <ProcessTable />
            </Show>
        </section>
    }
}

/// The three pictures; their tables stay open as they redraw.
#[component]
fn Charts() -> impl IntoView {
    let view = use_track_view();
    let open = [
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    ];
    view! {
        <div class="charts">
            {move || view! { <StatusBar tally=view.tally.get() title=view.title.get() table_open=open[0] /> }}
            {move || view! { <DayChart bars=view.bars.get() table_open=open[1] /> }}
            {move || view! { <ProgressChart buckets=view.buckets.get() table_open=open[2] /> }}
        </div>
    }
}
