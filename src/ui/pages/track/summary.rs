//! The selection in one line (to copy into a chat), the CSV export, and how the figures are
//! counted, field by field.

use leptos::prelude::*;

use crate::domain::track::Board;
use crate::ui::state::track::use_track_view;

/// The summary line with Copy summary and Export CSV.
#[component]
pub fn SummaryBar() -> impl IntoView {
    let view = use_track_view();
    view! {
        <div class="track-summary" data-testid="track-summary">
            <p class="summary-line">{move || Board::summary_line(&view.title.get(), &view.tally.get())}</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| view.copy_summary()>"Copy summary"</button>
                <button type="button" class="secondary" on:click=move |_| view.export_csv()>"Export CSV"</button>
            </div>
            <p class="meta" role="status" data-testid="track-message">{move || view.message.get()}</p>
        </div>
    }
}

/// Which of Tallyfy's fields each figure comes from.
#[component]
pub fn CountingNote() -> impl IntoView {
    view! {
        <details class="counting" data-testid="track-counting">
            <summary>"How this is counted"</summary>
            <ul>
                <li><strong>"complete, archived, active"</strong>": the process's "<code>"status"</code>" as Tallyfy gives it; archived processes are read only when asked for (Include archived processes)."</li>
                <li><strong>"overdue"</strong>": an open process with "<code>"late_tasks"</code>" above 0, or "<code>"due_date_passed"</code>", or status "<code>"delayed"</code>", or whose next task's deadline has passed."</li>
                <li><strong>"due soon"</strong>": Tallyfy's "<code>"due_soon"</code>" on an open process that is not overdue (counted within on track)."</li>
                <li><strong>"problem"</strong>": status "<code>"problem"</code>" or "<code>"issue"</code>", or "<code>"has_open_issue"</code>"."</li>
                <li><strong>"progress"</strong>": "<code>"progress.complete"</code>" of "<code>"progress.total"</code>" tasks ("<code>"progress.percent"</code>")."</li>
                <li><strong>"next task"</strong>": the first task of "<code>"next_task"</code>" (Tallyfy's first open task by deadline), its owners and deadline."</li>
            </ul>
        </details>
    }
}
