//! The Track screen: a live board of the processes launched from the templates this browser
//! launched from (by anyone: Workato, a teammate, this app), with filters, pictures, a
//! one-line summary and a CSV export. Refreshed on demand and, while the tab is visible, on a
//! schedule (Settings), within its share of the rate limit.

pub mod charts;
mod table;

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::track::{
    day_bars, local_days, progress_buckets, Board, BoardFilter, Status, StatusFilter,
};
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::browser::clock::{local_time, now_ms};
use crate::ui::browser::files::download;
use crate::ui::state::history::use_history;
use crate::ui::state::track::{use_track, RefreshProgress};
use crate::ui::state::use_app;
use crate::ui::text::plural;
use charts::{DayChart, ProgressChart, StatusBar};
use table::ProcessTable;

/// Rows shown at first, and added by "Show more" (a screenful: a keystroke rebuilds only these).
const PAGE: usize = 25;
/// How often the screen checks whether a scheduled refresh is due, and ages its figures.
const TICK: std::time::Duration = std::time::Duration::from_secs(15);
/// Figures older than this are marked stale even with automatic refresh off.
const STALE_AFTER_MS: i64 = 10 * 60 * 1000;

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

/// "3 minutes ago".
fn age_text(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    match minutes {
        0 => "just now".to_string(),
        m if m < 120 => format!("{m} {} ago", plural(m as usize, "minute", "minutes")),
        m => format!("{} hours ago", m / 60),
    }
}

/// A bulk job as the filter and the table name it.
fn batch_label(first_ms: i64, count: usize) -> String {
    format!(
        "bulk job of {} ({count} {})",
        local_time(first_ms).chars().take(16).collect::<String>(),
        plural(count, "process", "processes")
    )
}

/// The Track screen.
#[component]
pub fn TrackPage() -> impl IntoView {
    let app = use_app();
    let history = use_history();
    let store = use_track();
    store.show_history(&history);
    app.want_directory();

    let filter = RwSignal::new(BoardFilter::default());
    let shown = RwSignal::new(PAGE);
    let clock = RwSignal::new(now_ms() as i64);
    let message = RwSignal::new(None::<String>);

    let refresh = move || spawn_local(store.refresh(app, history));
    let due = move || {
        let minutes = app.settings.with_untracked(|s| s.track_refresh_minutes);
        let read = store.board.with_untracked(|b| b.read_ms);
        let now = now_ms() as i64;
        match read {
            None => true,
            Some(at) => minutes > 0 && now - at >= i64::from(minutes) * 60_000,
        }
    };
    if app.connection().is_ok() && due() {
        refresh();
    }
    if let Ok(timer) = set_interval_with_handle(
        move || {
            clock.set(now_ms() as i64);
            let visible = !document().hidden();
            let idle = store.refreshing.get_untracked().is_none();
            if visible && idle && app.connection().is_ok() && due() {
                refresh();
            }
        },
        TICK,
    ) {
        on_cleanup(move || timer.clear());
    }

    let board = store.board;
    let selected = Memo::new(move |_| {
        let now = clock.get();
        filter.with(|f| board.with(|b| b.select(f, now)))
    });
    let tally = Memo::new(move |_| {
        let now = clock.get();
        selected.with(|s| board.with(|b| b.tally(s, now)))
    });
    // Local times once per board: formatting them costs more than a keystroke's filtering.
    let times = Memo::new(move |_| board.with(|b| local_days(b, &local_time)));
    let days = Memo::new(move |_| {
        times.with(|t| {
            t.iter()
                .map(|time| time.chars().take(10).collect())
                .collect::<Vec<String>>()
        })
    });
    let batches = Memo::new(move |_| board.with(Board::batches));
    let templates = Memo::new(move |_| board.with(Board::templates));
    // Names worked out once per change, not per row: the directory signal is derived (each
    // read rebuilds it) and a bulk job's label formats a local time.
    let batch_labels = Memo::new(move |_| {
        batches.with(|list| {
            list.iter()
                .map(|b| (b.id.clone(), batch_label(b.first_ms, b.count)))
                .collect::<HashMap<String, String>>()
        })
    });
    let member_names = Memo::new(move |_| {
        app.directory.with(|d| {
            d.members
                .iter()
                .flatten()
                .map(|m| (m.id, m.describe()))
                .collect::<HashMap<i64, String>>()
        })
    });
    let batch_name = move |job: &str| {
        batch_labels.with_untracked(|labels| {
            labels
                .get(job)
                .cloned()
                .unwrap_or_else(|| format!("bulk job {job}"))
        })
    };
    let person = move |id: i64| {
        member_names.with_untracked(|names| {
            names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("member {id}"))
        })
    };
    let selection_title = move || {
        filter.with(|f| {
            if let Some(job) = &f.batch {
                let label = batch_name(job);
                let mut chars = label.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or(label)
            } else if let Some(template) = &f.template {
                templates.with_untracked(|list| {
                    list.iter()
                        .find(|(id, _)| id == template)
                        .map(|(_, title)| title.clone())
                        .unwrap_or_else(|| template.clone())
                })
            } else {
                "All tracked processes".to_string()
            }
        })
    };
    // Memos: a keystroke that leaves a picture's figures unchanged does not redraw it.
    let title = Memo::new(move |_| selection_title());
    let bars = Memo::new(move |_| {
        let now = clock.get();
        selected.with(|s| board.with(|b| days.with(|d| day_bars(b, s, now, d))))
    });
    let buckets = Memo::new(move |_| selected.with(|s| board.with(|b| progress_buckets(b, s))));
    // Which charts' tables are open: they stay open as the charts redraw.
    let tables_open = [
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    ];
    let set_filter = move |change: &dyn Fn(&mut BoardFilter)| {
        filter.update(|f| change(f));
        shown.set(PAGE);
    };

    let copy_summary = move |_| {
        let line = Board::summary_line(&title.get_untracked(), &tally.get_untracked());
        copy_and_report(line, "the summary", message);
    };
    let export = move |_| {
        let now = now_ms() as i64;
        let (count, text) = selected.with_untracked(|s| {
            board.with_untracked(|b| (s.len(), b.to_csv(s, now, &local_time, &person, &batch_name)))
        });
        let stamp = local_time(now).replace([' ', ':'], "-");
        let name = format!("tallyfy-board-{stamp}.csv");
        message.set(Some(match download(&name, "text/csv", &text) {
            Ok(()) => format!(
                "Exported {count} {} to {name}.",
                plural(count, "process", "processes")
            ),
            Err(e) => format!("The export failed: {e}."),
        }));
    };

    view! {
        <section class="page track" aria-labelledby="track-title">
            <h1 id="track-title">"Track"</h1>
            <p class="help">"Every process launched from the templates you launched from here, whoever launched it (this browser, a bulk job, Workato, a teammate), read from Tallyfy."</p>
            <div class="card toolbar track-refresh">
                <button type="button" class="primary" disabled=move || store.refreshing.with(Option::is_some)
                    on:click=move |_| refresh()>"Refresh now"</button>
                <FreshnessNote clock=clock />
            </div>
            {move || store.refreshing.get().map(|p| view! { <RefreshIndicator progress=p /> })}
            {move || {
                let problems = store.problems.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="notice warning" role="alert">
                        {problems.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    </div>
                })
            }}
            <Show
                when=move || board.with(|b| !b.runs.is_empty())
                fallback=move || view! {
                    <p class="help" data-testid="track-empty">"Nothing to track yet. Launch a process (Launch or Bulk): its template's processes then show here, including those launched elsewhere."</p>
                }
            >
                <div class="card toolbar">
                    <div class="field grow">
                        <label for="track-search">"Search processes"</label>
                        <input id="track-search" type="search" autocomplete="off" placeholder="Process name, template or run ID"
                            prop:value=move || filter.with(|f| f.text.clone())
                            on:input=move |ev| { let text = event_target_value(&ev); set_filter(&|f| f.text = text.clone()); } />
                    </div>
                    <div class="field">
                        <label for="track-template">"Template"</label>
                        <select id="track-template" on:change=move |ev| {
                            let value = event_target_value(&ev);
                            set_filter(&|f| f.template = (!value.is_empty()).then(|| value.clone()));
                        }>
                            <option value="">"All templates"</option>
                            {move || templates.get().into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="track-status">"Status"</label>
                        <select id="track-status" on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let status = if value == "overdue" {
                                Some(StatusFilter::Overdue)
                            } else {
                                Status::ALL.into_iter().find(|s| s.label() == value).map(StatusFilter::Is)
                            };
                            set_filter(&|f| f.status = status);
                        }>
                            <option value="">"Any status"</option>
                            {Status::ALL.into_iter().map(|s| view! { <option value=s.label()>{s.label()}</option> }).collect_view()}
                            <option value="overdue">"overdue"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="track-batch">"Batch"</label>
                        <select id="track-batch" on:change=move |ev| {
                            let value = event_target_value(&ev);
                            set_filter(&|f| f.batch = (!value.is_empty()).then(|| value.clone()));
                        }>
                            <option value="">"Any batch"</option>
                            {move || batches.get().into_iter().map(|b| view! { <option value=b.id.clone()>{batch_label(b.first_ms, b.count)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="track-from">"Launched from"</label>
                        <input id="track-from" type="date" on:change=move |ev| {
                            let from = local_midnight_ms(&event_target_value(&ev));
                            set_filter(&|f| f.from_ms = from);
                        } />
                    </div>
                    <div class="field">
                        <label for="track-to">"to"</label>
                        <input id="track-to" type="date" on:change=move |ev| {
                            // The whole day the user picked counts.
                            let to = local_midnight_ms(&event_target_value(&ev)).map(|ms| ms + 86_400_000);
                            set_filter(&|f| f.to_ms = to);
                        } />
                    </div>
                </div>
                <div class="track-summary" data-testid="track-summary">
                    <p class="summary-line">{move || Board::summary_line(&title.get(), &tally.get())}</p>
                    <div class="actions">
                        <button type="button" class="secondary" on:click=copy_summary>"Copy summary"</button>
                        <button type="button" class="secondary" on:click=export>"Export CSV"</button>
                    </div>
                    <p class="meta" role="status" data-testid="track-message">{move || message.get()}</p>
                </div>
                <div class="charts">
                    {move || view! { <StatusBar tally=tally.get() title=title.get() table_open=tables_open[0] /> }}
                    {move || view! { <DayChart bars=bars.get() table_open=tables_open[1] /> }}
                    {move || view! { <ProgressChart buckets=buckets.get() table_open=tables_open[2] /> }}
                </div>
                <ProcessTable selected=selected times=times shown=shown clock=clock batch_name=batch_name person=person />
            </Show>
        </section>
    }
}

/// How old the figures are; marked stale when older than the refresh interval allows.
#[component]
fn FreshnessNote(clock: RwSignal<i64>) -> impl IntoView {
    let app = use_app();
    let store = use_track();
    move || {
        let now = clock.get();
        let minutes = app.settings.with(|s| s.track_refresh_minutes);
        let schedule = if minutes == 0 {
            "Automatic refresh is off (Settings).".to_string()
        } else {
            format!(
                "Refreshes every {minutes} {} while this tab is visible.",
                plural(minutes as usize, "minute", "minutes")
            )
        };
        match store.board.with(|b| b.read_ms) {
            None => view! {
                <p class="meta stale" data-testid="track-age">
                    {format!("Not read from Tallyfy yet: the figures are this browser's history, as launched. {schedule}")}
                </p>
            }
            .into_any(),
            Some(at) => {
                let limit = (i64::from(minutes) * 2 * 60_000).max(STALE_AFTER_MS);
                let stale = now - at > limit || !store.problems.with(Vec::is_empty);
                view! {
                    <p class=if stale { "meta stale" } else { "meta" } data-testid="track-age">
                        {format!(
                            "{}Figures as of {} ({}). {schedule}",
                            if stale { "Stale: " } else { "" },
                            local_time(at),
                            age_text(now - at)
                        )}
                    </p>
                }
                .into_any()
            }
        }
    }
}

/// What a running refresh is reading.
#[component]
fn RefreshIndicator(progress: RefreshProgress) -> impl IntoView {
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
