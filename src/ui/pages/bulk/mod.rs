//! The Bulk screen: a spreadsheet in, every row checked, launches paced, outcomes out.
//!
//! [`setup`] takes the rows and maps their columns; [`check`] checks them and starts the job;
//! [`job`] shows its progress and every row's outcome.

mod check;
mod job;
mod setup;

use leptos::prelude::*;

use crate::ui::pages::picker::TemplatePicker;
use crate::ui::state::bulk::use_bulk_session;
use crate::ui::state::use_app;

use check::CheckStep;
use job::JobPanel;
use setup::{ColumnMapping, RowsInput};

/// The Bulk screen.
#[component]
pub fn BulkPage() -> impl IntoView {
    let bulk = use_bulk_session();
    // Owner columns are looked up by email among the members.
    // Members are needed to check owner cells; loaded once per connection.
    use_app().want_directory();
    view! {
        <section class="page bulk" aria-labelledby="bulk-title">
            <h1 id="bulk-title">"Bulk launch"</h1>
            <p class="lead">"Launch one process per spreadsheet row: every row is checked first, launches are paced to the rate limit, and the job survives a reload."</p>
            {move || if bulk.job.with(Option::is_some) {
                view! { <JobPanel /> }.into_any()
            } else {
                view! { <Setup /> }.into_any()
            }}
        </section>
    }
}

/// Steps 1 to 4: template, rows, columns, check.
#[component]
fn Setup() -> impl IntoView {
    let bulk = use_bulk_session();
    view! {
        <div class="card">
            <h2>"1. Template"</h2>
            {move || bulk.template.get().map(|t| view! {
                <p class="success">{format!("Launching \"{}\" ({} kick-off fields).", t.title, t.fields.len())}</p>
            })}
            <TemplatePicker
                on_pick=Callback::new(move |id: String| bulk.load_template(id))
                status=Signal::derive(move || bulk.template_status.get())
            />
        </div>
        <RowsInput />
        {move || bulk.template.get().map(|template| view! { <ColumnMapping template=template /> })}
        <CheckStep />
    }
}
