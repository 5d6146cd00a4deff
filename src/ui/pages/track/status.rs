//! Where the figures stand: their age (stale when older than the schedule allows), a running
//! refresh's progress, and what the last refresh could not read.

use leptos::prelude::*;

use crate::domain::time_ago::time_ago;
use crate::ui::browser::clock::local_time;
use crate::ui::state::track::{use_track_view, RefreshProgress};
use crate::ui::state::use_app;
use crate::ui::text::plural;

/// Figures older than this are marked stale even with automatic refresh off.
const STALE_AFTER_MS: i64 = 10 * 60 * 1000;

/// How old the figures are; marked stale when older than the refresh interval allows.
#[component]
pub fn FreshnessNote() -> impl IntoView {
    let app = use_app();
    let view = use_track_view();
    let store = view.store;
    move || {
        let now = view.clock.get();
        let minutes = app.settings.with(|s| s.track_refresh_minutes);
        let schedule = if minutes == 0 {
            "Automatic refresh is off (Settings).".to_string()
        } else {
            format!(
                "Refreshes every {minutes} {} while this tab is visible.",
                plural(minutes as usize, "minute", "minutes")
            )
        };
        let (class, text) = match store.board.with(|b| b.read_ms) {
            None => ("meta stale", format!("Not read from Tallyfy yet: the figures are this browser's history, as launched. {schedule}")),
            Some(at) => {
                let limit = (i64::from(minutes) * 2 * 60_000).max(STALE_AFTER_MS);
                let stale = now - at > limit || !store.problems.with(Vec::is_empty);
                (
                    if stale { "meta stale" } else { "meta" },
                    format!(
                        "{}Figures as of {} ({}). {schedule}",
                        if stale { "Stale: " } else { "" },
                        local_time(at),
                        time_ago(now, at)
                    ),
                )
            }
        };
        view! { <p class=class data-testid="track-age">{text}</p> }
    }
}

/// What a running refresh is reading.
#[component]
pub fn RefreshIndicator(progress: RefreshProgress) -> impl IntoView {
    let text = if progress.templates == 0 {
        "Refreshing…".to_string()
    } else {
        format!(
            "Reading \"{}\" ({} of {} templates), page {}{}: {} processes so far.",
            progress.template,
            progress.template_number,
            progress.templates,
            progress.page,
            progress
                .pages
                .map(|p| format!(" of {p}"))
                .unwrap_or_default(),
            progress.processes
        )
    };
    let (value, max) = match progress.pages {
        Some(pages) => (progress.page.saturating_sub(1), pages.max(1)),
        None => (0, 1),
    };
    view! {
        <div class="refresh-progress" role="status" data-testid="track-progress">
            <progress max=max.to_string() value=value.to_string() aria-label="Refresh progress"></progress>
            <span class="meta">{text}</span>
        </div>
    }
}

/// What the last refresh could not read, if anything.
#[component]
pub fn RefreshProblems() -> impl IntoView {
    let store = use_track_view().store;
    move || {
        let problems = store.problems.get();
        (!problems.is_empty()).then(|| {
            view! {
                <div class="notice warning" role="alert">
                    {problems.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                </div>
            }
        })
    }
}
