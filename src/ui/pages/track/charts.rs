//! The board's pictures, drawn as inline SVG by the app (no chart library): launches per day
//! stacked by where those processes stand, the current state of the selection as one bar, and
//! how far along the processes are. Each has a legend in words and its figures as a table.

use crate::ui::components::disclosure::Disclosure;
use leptos::prelude::*;

use crate::domain::track::{DayBar, Segment, Tally, PROGRESS_AXIS, PROGRESS_BUCKETS};

/// Height of the plotting area, in SVG units.
const PLOT_HEIGHT: f64 = 120.0;

/// A chart's figures as a table, folded under `summary`. The table is built only while it is
/// open, and stays open (`open`, kept by the screen) when the chart redraws.
#[component]
fn FoldedTable<T>(summary: &'static str, open: RwSignal<bool>, table: T) -> impl IntoView
where
    T: Fn() -> AnyView + Send + Sync + 'static,
{
    view! { <Disclosure summary=summary open=open>{table()}</Disclosure> }
}

/// The legend: each segment's colour swatch and name.
#[component]
fn Legend() -> impl IntoView {
    view! {
        <ul class="legend">
            {Segment::ALL.into_iter().map(|s| view! {
                <li><span class=format!("swatch seg-{}", s.slug()) aria-hidden="true"></span>{s.label()}</li>
            }).collect_view()}
        </ul>
    }
}

/// Launches per day, stacked by segment, with the same figures as a table.
#[component]
pub fn DayChart(bars: Vec<DayBar>, table_open: RwSignal<bool>) -> impl IntoView {
    let max = bars.iter().map(DayBar::total).max().unwrap_or(0).max(1) as f64;
    let step = 16.0;
    let width = (bars.len() as f64 * step).max(160.0);
    let launches: usize = bars.iter().map(DayBar::total).sum();
    let first = bars.first().map(|b| b.day.clone()).unwrap_or_default();
    let last = bars.last().map(|b| b.day.clone()).unwrap_or_default();
    let description = if bars.is_empty() {
        "No launches to draw.".to_string()
    } else {
        format!(
            "{launches} launches from {first} to {last}; the busiest day had {} (figures in the table below).",
            max as usize
        )
    };
    let rects = bars
        .iter()
        .enumerate()
        .flat_map(|(i, bar)| {
            let mut bottom = PLOT_HEIGHT;
            Segment::ALL
                .into_iter()
                .filter(|s| bar.segments[s.index()] > 0)
                .map(|s| {
                    let count = bar.segments[s.index()];
                    let height = count as f64 / max * PLOT_HEIGHT;
                    bottom -= height;
                    let tip = format!("{}: {count} {}", bar.day, s.label());
                    view! {
                        <rect class=format!("seg-{}", s.slug()) x=format!("{:.1}", i as f64 * step + 2.0) y=format!("{bottom:.1}")
                            width=format!("{:.1}", step - 4.0) height=format!("{height:.1}")>
                            <title>{tip}</title>
                        </rect>
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    let table = move || {
        let rows = bars
            .iter()
            .filter(|b| b.total() > 0)
            .map(|bar| {
                view! {
                    <tr>
                        <th scope="row">{bar.day.clone()}</th>
                        {bar.segments.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                        <td>{bar.total()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            // Focusable, so a keyboard can scroll a long table sideways.
            <div class="table-scroll" tabindex="0" role="region" aria-label="Launches per day (table)">
                <table class="chart-table" data-testid="table-days">
                    <thead><tr><th scope="col">"Day"</th>
                        {Segment::ALL.into_iter().map(|s| view! { <th scope="col">{s.label()}</th> }).collect_view()}
                        <th scope="col">"All"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <figure class="chart" data-testid="chart-days">
            <figcaption id="chart-days-title">"Launches per day, by where they stand now"</figcaption>
            <svg class="chart-svg" role="img" aria-labelledby="chart-days-title chart-days-desc"
                viewBox=format!("0 0 {width} {}", PLOT_HEIGHT + 18.0) preserveAspectRatio="xMinYMin meet">
                <desc id="chart-days-desc">{description}</desc>
                <line class="axis" x1="0" y1=PLOT_HEIGHT.to_string() x2=width.to_string() y2=PLOT_HEIGHT.to_string()></line>
                {rects}
                <text class="axis-label" x="0" y=(PLOT_HEIGHT + 14.0).to_string()>{first}</text>
                <text class="axis-label" x=width.to_string() y=(PLOT_HEIGHT + 14.0).to_string() text-anchor="end">{last}</text>
            </svg>
            <Legend />
            <FoldedTable summary="Launches per day as a table" open=table_open table=table />
        </figure>
    }
}

/// Where the selected processes stand now, as one bar split by segment.
#[component]
pub fn StatusBar(tally: Tally, title: String, table_open: RwSignal<bool>) -> impl IntoView {
    let total = tally.total.max(1) as f64;
    let mut left = 0.0;
    let parts = Segment::ALL
        .into_iter()
        .filter(|s| tally.of(*s) > 0)
        .map(|s| {
            let width = tally.of(s) as f64 / total * 100.0;
            let x = left;
            left += width;
            let tip = format!("{} {}", tally.of(s), s.label());
            view! {
                <rect class=format!("seg-{}", s.slug()) x=format!("{x:.2}") y="0" width=format!("{width:.2}") height="10">
                    <title>{tip}</title>
                </rect>
            }
        })
        .collect_view();
    let words = Segment::ALL
        .into_iter()
        .map(|s| format!("{} {}", tally.of(s), s.label()))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <figure class="chart" data-testid="chart-status">
            <figcaption id="chart-status-title">{format!("Where they stand: {title}")}</figcaption>
            <svg class="chart-svg bar" role="img" aria-labelledby="chart-status-title chart-status-desc" viewBox="0 0 100 10" preserveAspectRatio="none">
                <desc id="chart-status-desc">{format!("{} processes: {words}.", tally.total)}</desc>
                {parts}
            </svg>
            <Legend />
            <FoldedTable summary="Where they stand as a table" open=table_open table=move || view! {
                <table class="chart-table" data-testid="table-status">
                    <thead><tr><th scope="col">"State"</th><th scope="col">"Processes"</th></tr></thead>
                    <tbody>
                        {Segment::ALL.into_iter().map(|s| view! {
                            <tr><th scope="row">{s.label()}</th><td>{tally.of(s)}</td></tr>
                        }).collect_view()}
                        <tr><th scope="row">"all"</th><td>{tally.total}</td></tr>
                    </tbody>
                </table>
            }.into_any() />
        </figure>
    }
}

/// How many processes are how far along (0–24 %, …, 100 %).
#[component]
pub fn ProgressChart(buckets: [usize; 5], table_open: RwSignal<bool>) -> impl IntoView {
    let max = buckets.iter().copied().max().unwrap_or(0).max(1) as f64;
    let column = 40.0;
    let bars = buckets
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let height = count as f64 / max * PLOT_HEIGHT;
            let x = i as f64 * column;
            view! {
                <rect class="progress-bar" x=format!("{:.1}", x + 6.0) y=format!("{:.1}", PLOT_HEIGHT - height)
                    width=format!("{:.1}", column - 12.0) height=format!("{height:.1}")>
                    <title>{format!("{}: {count}", PROGRESS_BUCKETS[i])}</title>
                </rect>
                <text class="axis-label" x=format!("{:.1}", x + column / 2.0) y=(PLOT_HEIGHT + 14.0).to_string() text-anchor="middle">
                    {PROGRESS_AXIS[i]}
                </text>
            }
        })
        .collect_view();
    let words = PROGRESS_BUCKETS
        .iter()
        .zip(buckets)
        .map(|(label, n)| format!("{n} at {label}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <figure class="chart" data-testid="chart-progress">
            <figcaption id="chart-progress-title">"How far along (tasks complete, %)"</figcaption>
            <svg class="chart-svg" role="img" aria-labelledby="chart-progress-title chart-progress-desc"
                viewBox=format!("0 0 {} {}", column * 5.0, PLOT_HEIGHT + 18.0) preserveAspectRatio="xMinYMin meet">
                <desc id="chart-progress-desc">{format!("{words}.")}</desc>
                <line class="axis" x1="0" y1=PLOT_HEIGHT.to_string() x2=(column * 5.0).to_string() y2=PLOT_HEIGHT.to_string()></line>
                {bars}
            </svg>
            <FoldedTable summary="Progress as a table" open=table_open table=move || view! {
                <table class="chart-table" data-testid="table-progress">
                    <thead><tr><th scope="col">"Progress"</th><th scope="col">"Processes"</th></tr></thead>
                    <tbody>
                        {PROGRESS_BUCKETS.iter().zip(buckets).map(|(label, n)| view! {
                            <tr><th scope="row">{*label}</th><td>{n}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any() />
        </figure>
    }
}
