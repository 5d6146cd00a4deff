//! The board's table of processes: a screenful at a time, each row with its link, origin,
//! status and overdue flag, progress, and next task.

use leptos::prelude::*;

use super::PAGE;
use crate::api::address::web_app_run_link;
use crate::domain::track::{assignees_text, origin_text, Origin, TrackedRun};
use crate::ui::browser::clock::local_time;
use crate::ui::state::track::use_track;
use crate::ui::state::use_app;

/// The selected processes, a screenful at a time.
#[component]
pub fn ProcessTable<B, P>(
    selected: Memo<Vec<usize>>,
    /// Each process's local launch time, in board order.
    times: Memo<Vec<String>>,
    shown: RwSignal<usize>,
    clock: RwSignal<i64>,
    batch_name: B,
    person: P,
) -> impl IntoView
where
    B: Fn(&str) -> String + Copy + Send + Sync + 'static,
    P: Fn(i64) -> String + Copy + Send + Sync + 'static,
{
    let store = use_track();
    let rows = Memo::new(move |_| {
        let limit = shown.get();
        selected.with(|s| {
            store.board.with(|b| {
                times.with(|t| {
                    s.iter()
                        .take(limit)
                        .filter_map(|&i| {
                            Some((
                                b.runs.get(i)?.clone(),
                                t.get(i).cloned().unwrap_or_default(),
                            ))
                        })
                        .collect::<Vec<(TrackedRun, String)>>()
                })
            })
        })
    });
    view! {
        <p class="meta" data-testid="track-count">
            {move || format!(
                "Showing {} of {} matching processes ({} on the board).",
                rows.with(Vec::len),
                selected.with(Vec::len),
                store.board.with(|b| b.runs.len())
            )}
        </p>
        <div class="table-scroll">
            <table class="track-table">
                <thead>
                    <tr>
                        <th scope="col">"Process"</th>
                        <th scope="col">"Template"</th>
                        <th scope="col">"Launched"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Progress"</th>
                        <th scope="col">"Next task"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|(r, _)| (r.id.clone(), r.status_text.clone(), r.tasks_complete, r.read_ms, r.next_task.as_ref().and_then(|t| t.deadline_ms))
                        children=move |(run, launched)| view! { <ProcessRow run=run launched=launched clock=clock batch_name=batch_name person=person /> }
                    />
                </tbody>
            </table>
        </div>
        <Show when=move || { selected.with(Vec::len) > rows.with(Vec::len) }>
            <button type="button" class="secondary" on:click=move |_| shown.update(|s| *s += PAGE)>"Show more"</button>
        </Show>
    }
}

/// One process.
#[component]
fn ProcessRow<B, P>(
    run: TrackedRun,
    /// Its local launch time (empty when unknown).
    launched: String,
    clock: RwSignal<i64>,
    batch_name: B,
    person: P,
) -> impl IntoView
where
    B: Fn(&str) -> String + Copy + Send + Sync + 'static,
    P: Fn(i64) -> String + Copy + Send + Sync + 'static,
{
    let app = use_app();
    let link = app
        .settings
        .with_untracked(|s| web_app_run_link(&s.api_base, &s.web_app_url, &s.org_id, &run.id));
    let name = if run.name.trim().is_empty() {
        format!("(unnamed process {})", run.id)
    } else {
        run.name.clone()
    };
    let launched = if launched.is_empty() {
        "unknown".to_string()
    } else {
        launched
    };
    let by = run.started_by.map(|id| format!("by {}", person(id)));
    let origin = match &run.origin {
        Origin::Bulk(job) => format!("from {}", batch_name(job)),
        other => origin_text(other, &batch_name),
    };
    let progress = format!(
        "{} of {} tasks ({:.0} %)",
        run.tasks_complete, run.tasks_total, run.percent
    );
    let next = run.next_task.clone();
    let not_current = run.read_ms.is_none();
    let status = run.status_text.clone();
    let for_overdue = run.clone();
    let overdue = move || for_overdue.is_overdue(clock.get());
    view! {
        <tr data-run-id=run.id.clone()>
            <th scope="row">
                <a href=link target="_blank" rel="noopener noreferrer">{name.clone()}<span class="visually-hidden">" (opens in Tallyfy)"</span></a>
            </th>
            <td>{run.template_title.clone()}</td>
            <td>
                <span>{launched}</span>
                {by.map(|b| view! { <br /><span class="meta">{b}</span> })}
                <br /><span class="meta">{origin}</span>
            </td>
            <td>
                <span class=format!("badge status-{}", run.status.label())>{if status.is_empty() { "unknown".to_string() } else { status }}</span>
                <Show when=overdue>
                    " "<span class="badge badge-overdue" data-testid="overdue">"overdue"</span>
                </Show>
                {not_current.then(|| view! { <br /><span class="meta">"as launched (not in the last read)"</span> })}
            </td>
            <td>
                <progress max="100" value=format!("{:.0}", run.percent) aria-label=format!("{name}: {progress}")></progress>
                <br /><span class="meta">{progress.clone()}</span>
            </td>
            <td>
                {match next {
                    Some(task) => view! {
                        <span>{task.title.clone()}</span>
                        <br /><span class="meta">{format!("Assigned to {}", {
                            let who = assignees_text(&task, &person);
                            if who.is_empty() { "nobody".to_string() } else { who }
                        })}</span>
                        {task.deadline_ms.map(|d| view! { <br /><span class="meta">{format!("Due {}", local_time(d))}</span> })}
                    }.into_any(),
                    None => view! { <span class="meta">"—"</span> }.into_any(),
                }}
            </td>
        </tr>
    }
}
