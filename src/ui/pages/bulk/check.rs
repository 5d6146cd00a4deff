//! Step 4: every row checked, the rows to launch chosen, and the launch.

use leptos::prelude::*;

use crate::domain::bulk::{Duplicate, RowCheck};
use crate::ui::browser::clock::local_time;
use crate::ui::components::data_table::DataTable;
use crate::ui::components::problem_list::ProblemList;
use crate::ui::state::bulk::use_bulk_session;
use crate::ui::state::use_app;
use crate::ui::text::plural;

/// Step 4: check every row, choose which to launch, launch.
#[component]
pub(super) fn CheckStep() -> impl IntoView {
    let app = use_app();
    let bulk = use_bulk_session();
    let show_all = RwSignal::new(false);
    let dry_run = RwSignal::new(None::<usize>);
    let problems = Memo::new(move |_| bulk.setup_problems());
    let stale = move || {
        !bulk
            .checked
            .with(|c| c.as_ref().is_some_and(|c| c.key == bulk.check_key.get()))
    };
    let counts = move || {
        bulk.checked.with(|c| {
            let Some(c) = c else { return (0, 0, 0, 0) };
            bulk.included.with(|inc| {
                let included = inc.iter().filter(|i| **i).count();
                let with_problems = c.rows.iter().filter(|r| !r.problems.is_empty()).count();
                let included_bad = c
                    .rows
                    .iter()
                    .zip(inc)
                    .filter(|(r, i)| **i && !r.problems.is_empty())
                    .count();
                let duplicates = c.rows.iter().filter(|r| r.duplicate.is_some()).count();
                (included, with_problems, included_bad, duplicates)
            })
        })
    };
    let launch_blocker = move || -> Option<String> {
        if !problems.with(Vec::is_empty) {
            return Some("Fix the problems listed above first.".into());
        }
        if bulk.checked.with(Option::is_none) {
            return Some("Check the rows first.".into());
        }
        if stale() {
            return Some(
                "The rows, columns or template changed since the check: check again.".into(),
            );
        }
        let (included, _, included_bad, _) = counts();
        if included_bad > 0 {
            return Some(format!("{included_bad} included {} {} problems: fix them in the spreadsheet, or exclude them.", plural(included_bad, "row", "rows"), plural(included_bad, "has", "have")));
        }
        if included == 0 {
            return Some("No row is included.".into());
        }
        if let Err(e) = app.connection_tracked() {
            return Some(e.to_string());
        }
        None
    };
    view! {
        <div class="card stack">
            <h2>"4. Check and launch"</h2>
            {move || {
                let list = problems.get();
                (!list.is_empty()).then(|| view! {
                    <div class="warning" role="alert"><ProblemList items=list /></div>
                })
            }}
            <div class="actions">
                <button type="button" disabled=move || !problems.with(Vec::is_empty) on:click=move |_| { bulk.check(); dry_run.set(None); }>"Check rows"</button>
            </div>
            {move || bulk.checked.get().map(|_| {
                let (included, with_problems, _, duplicates) = counts();
                view! {
                    <p role="status" data-testid="bulk-check-summary">
                        {format!("{} rows checked: {} with problems, {} possible duplicate{}, {} included.",
                            bulk.checked.with(|c| c.as_ref().map(|c| c.rows.len()).unwrap_or(0)), with_problems, duplicates, plural(duplicates, "", "s"), included)}
                    </p>
                    <div class="actions">
                        <button type="button" class="secondary" disabled=move || counts().1 == 0 on:click=move |_| {
                            let bad: Vec<bool> = bulk.checked.with_untracked(|c| c.as_ref().map(|c| c.rows.iter().map(|r| !r.problems.is_empty()).collect()).unwrap_or_default());
                            bulk.included.update(|inc| for (i, b) in inc.iter_mut().zip(bad) { if b { *i = false; } });
                        }>"Exclude rows with problems"</button>
                        <label class="check">
                            <input type="checkbox" prop:checked=move || show_all.get() on:change=move |ev| show_all.set(event_target_checked(&ev)) />
                            "Show every row (not only those with problems or possible duplicates)"
                        </label>
                    </div>
                    <CheckTable show_all=show_all dry_run=dry_run />
                }
            })}
            <div class="actions">
                <button type="button" disabled=move || launch_blocker().is_some() on:click=move |_| bulk.start()>
                    {move || format!("Launch {} {}", counts().0, plural(counts().0, "row", "rows"))}
                </button>
                <span class="help">{move || launch_blocker().unwrap_or_else(|| {
                    let (max, secs) = app.settings.with(|s| (s.rate_limit, s.rate_window_secs));
                    format!("Paced to {max} requests per {secs} s (Settings).")
                })}</span>
            </div>
        </div>
    }
}

fn column_name(headers: &[String], column: Option<usize>) -> String {
    column
        .and_then(|c| headers.get(c))
        .map(|h| format!("{h}: "))
        .unwrap_or_default()
}

/// The check's rows: problems beside their column, duplicates, include boxes, dry run.
#[component]
pub(super) fn CheckTable(
    show_all: RwSignal<bool>,
    dry_run: RwSignal<Option<usize>>,
) -> impl IntoView {
    let bulk = use_bulk_session();
    let headers = move || {
        bulk.sheet
            .with(|s| s.as_ref().map(|s| s.headers.clone()).unwrap_or_default())
    };
    let shown = move || -> Vec<RowCheck> {
        bulk.checked.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.rows
                        .iter()
                        .filter(|r| {
                            show_all.get() || !r.problems.is_empty() || r.duplicate.is_some()
                        })
                        .take(1_000)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <DataTable class="check-table" headers=&["Row", "Include", "Process name", "Problems", "Request"] testid="bulk-check-table">
            <tbody>
                <For each=shown key=|r| (r.row, r.problems.len()) children=move |check: RowCheck| {
                    let row = check.row;
                    let index = row - 1;
                    let headers = headers();
                    let problems = check.problems.iter().map(|p| view! { <li>{format!("{}{}", column_name(&headers, p.column), p.message)}</li> }).collect_view();
                    let duplicate = check.duplicate.clone().map(|d| match d {
                        Duplicate::SameAsRow(first) => format!("Possible duplicate: same as row {first}."),
                        Duplicate::LaunchedRecently { at_ms, run_id } => format!("Possible duplicate: launched {} (run {run_id}).", local_time(at_ms)),
                    });
                    let body = check.body.clone();
                    view! {
                        <tr class:has-problems=!check.problems.is_empty()>
                            <th scope="row">{row}</th>
                            <td><label class="check row-check"><input type="checkbox"
                                prop:checked=move || bulk.included.with(|inc| inc.get(index).copied().unwrap_or(false))
                                on:change=move |ev| { let on = event_target_checked(&ev); bulk.included.update(|inc| if let Some(i) = inc.get_mut(index) { *i = on; }); } />
                                <span class="visually-hidden">{format!("Include row {row}")}</span></label></td>
                            <td>{check.name.clone()}</td>
                            <td>
                                <ul class="problems">{problems}</ul>
                                {duplicate.map(|d| view! { <p class="warning small-note">{d}</p> })}
                            </td>
                            <td>
                                <button type="button" class="secondary small" aria-label=format!("Show request for row {row}")
                                    on:click=move |_| dry_run.update(|d| *d = if *d == Some(row) { None } else { Some(row) })>"Show request"</button>
                                <Show when=move || dry_run.get() == Some(row)>
                                    <pre class="dry-run" data-testid="bulk-dry-run" tabindex="0" aria-label="Request for this row">{body.as_ref().map(|b| b.to_pretty_json()).unwrap_or_else(|| "This row cannot be sent until its problems are fixed.".into())}</pre>
                                </Show>
                            </td>
                        </tr>
                    }
                } />
            </tbody>
        </DataTable>
    }
}
