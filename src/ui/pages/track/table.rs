//! The board's table of processes: a screenful at a time, each row with its link, origin,
//! status and overdue flag, progress, and next task.

use leptos::prelude::*;

use crate::api::address::web_app_run_link;
use crate::domain::track::{assignees_text, origin_text, Origin, TrackedRun};
use crate::ui::browser::clock::local_time;
use crate::ui::components::data_table::{DataTable, ShowMore};
use crate::ui::state::track::{use_track_view, TrackView, PAGE};
use crate::ui::state::use_app;

/// The selected processes, a screenful at a time.
#[component]
pub fn ProcessTable() -> impl IntoView {
    let view = use_track_view();
    let TrackView {
        store,
        selected,
        times,
        shown,
        ..
    } = view;
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
        <DataTable class="track-table" headers=&["Process", "Template", "Launched", "Status", "Progress", "Next task"]>
            <tbody>
                <For
                    each=move || rows.get()
                    key=|(r, _)| (r.id.clone(), r.status_text.clone(), r.tasks_complete, r.read_ms, r.next_task.as_ref().and_then(|t| t.deadline_ms))
                    children=move |(run, launched)| view! { <ProcessRow run=run launched=launched view=view /> }
                />
            </tbody>
        </DataTable>
        <ShowMore more=Signal::derive(move || selected.with(Vec::len) > rows.with(Vec::len)) shown page=PAGE />
    }
}

/// One process.
#[component]
fn ProcessRow(
    run: TrackedRun,
    /// Its local launch time (empty when unknown).
    launched: String,
    view: TrackView,
) -> impl IntoView {
    let app = use_app();
    let (person, batch_name, clock) = (
        move |id| view.person(id),
        move |job: &str| view.batch_name(job),
        view.clock,
    );
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
    // Each cell is one text (lines kept by CSS) rather than spans and breaks: a keystroke
    // that brings new rows builds fewer nodes.
    let mut launched_lines = vec![launched];
    if let Some(id) = run.started_by {
        launched_lines.push(format!("by {}", person(id)));
    }
    launched_lines.push(match &run.origin {
        Origin::Bulk(job) => format!("from {}", batch_name(job)),
        other => origin_text(other, &batch_name),
    });
    let progress = format!(
        "{} of {} tasks ({:.0} %)",
        run.tasks_complete, run.tasks_total, run.percent
    );
    let next = match &run.next_task {
        Some(task) => {
            let who = assignees_text(task, &person);
            let mut lines = vec![
                task.title.clone(),
                format!(
                    "Assigned to {}",
                    if who.is_empty() { "nobody" } else { &who }
                ),
            ];
            if let Some(due) = task.deadline_ms {
                lines.push(format!("Due {}", local_time(due)));
            }
            lines.join("\n")
        }
        None => "—".to_string(),
    };
    let status = if run.status_text.is_empty() {
        "unknown".to_string()
    } else {
        run.status_text.clone()
    };
    let not_current = run.read_ms.is_none();
    let status_kind = run.status.label();
    let lateness = run.lateness();
    let overdue = move || lateness.at(clock.get());
    let due_soon = move || run.due_soon && lateness.open && !overdue();
    let problem = run.has_problem() && run.status != crate::domain::track::Status::Problem;
    view! {
        <tr data-run-id=run.id.clone()>
            <th scope="row"><a href=link target="_blank" rel="noopener noreferrer">{name.clone()}</a></th>
            <td>{run.template_title.clone()}</td>
            <td class="lines">{launched_lines.join("\n")}</td>
            <td class="lines">
                <span class=format!("badge status-{status_kind}")>{status}</span>
                {move || overdue().then(|| view! { " "<span class="badge badge-overdue" data-testid="overdue">"overdue"</span> })}
                {move || due_soon().then(|| view! { " "<span class="badge badge-due-soon" data-testid="due-soon">"due soon"</span> })}
                {problem.then(|| view! { " "<span class="badge status-problem" data-testid="open-issue">"open issue"</span> })}
                {not_current.then_some("\nas launched (not in the last read)")}
            </td>
            <td class="lines">
                <progress max="100" value=format!("{:.0}", run.percent) aria-label=format!("{name}: {progress}")></progress>
                {format!("\n{progress}")}
            </td>
            <td class="lines">{next}</td>
        </tr>
    }
}
