//! The History screen: every launch attempt, newest first; search, filter, details, launch
//! again, refresh status, export and import, delete and clear.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::address::trusted_run_link;
use crate::api::client::call;
use crate::domain::history::{
    export_csv, export_json, parse_export, Badge, History, HistoryPreview, HistoryQuery,
    HistoryRecord, Outcome,
};
use crate::domain::run::RunInfo;
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::browser::clock::{local_time, now_ms};
use crate::ui::browser::files::{download, read_chosen_file};
use crate::ui::components::confirm::ConfirmNotice;
use crate::ui::components::data_table::{DataTable, ShowMore};
use crate::ui::state::history::{use_history, HistoryStore};
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::use_app;
use crate::ui::text::plural;

/// Rows shown at first, and added by "Show more" (a screenful: only what is visible is built).
const PAGE: usize = 25;

/// What History lists: the whole history once it is read, until then the newest records read
/// alone (opened first).
#[derive(Clone, Copy)]
struct Listing {
    store: HistoryStore,
    first_page: StoredValue<Option<HistoryPreview>>,
}

impl Listing {
    /// The records read alone, while the whole history is not read (reactive).
    fn with_first_page<T>(&self, read: impl FnOnce(&HistoryPreview) -> T) -> Option<T> {
        if self.store.loaded.get() {
            return None;
        }
        self.first_page.with_value(|p| p.as_ref().map(read))
    }

    /// How many records the history holds.
    fn total(&self) -> usize {
        self.with_first_page(|p| p.total)
            .unwrap_or_else(|| self.store.history.with(History::len))
    }

    /// Distinct (template id, title) pairs, by title.
    fn templates(&self) -> Vec<(String, String)> {
        self.with_first_page(HistoryPreview::templates)
            .unwrap_or_else(|| self.store.history.with(History::templates))
    }
}

/// The files History exports.
#[derive(Clone, Copy)]
enum ExportFormat {
    /// A spreadsheet, every cell formula-safe.
    Csv,
    /// A file another browser's History imports.
    Json,
}

/// Writes the records `query` finds to a file; what happened, in words.
fn export_history(store: HistoryStore, query: &HistoryQuery, format: ExportFormat) -> String {
    store.ensure_loaded();
    let (count, text) = store.history.with_untracked(|h| {
        store.index().with_untracked(|idx| {
            let found = h.search(idx, query);
            match format {
                ExportFormat::Csv => (found.len(), export_csv(&found, local_time)),
                ExportFormat::Json => (found.len(), export_json(&found, now_ms() as i64)),
            }
        })
    });
    let stamp = local_time(now_ms() as i64).replace([' ', ':'], "-");
    let (name, mime) = match format {
        ExportFormat::Csv => (format!("tallyfy-launches-{stamp}.csv"), "text/csv"),
        ExportFormat::Json => (format!("tallyfy-launches-{stamp}.json"), "application/json"),
    };
    match download(&name, mime, &text) {
        Ok(()) => format!(
            "Exported {count} {} to {name}.",
            plural(count, "record", "records")
        ),
        Err(e) => format!("The export failed: {e}."),
    }
}

/// Reads the History export chosen in `input` and merges it in; what happened, in words.
async fn import_history(store: HistoryStore, input: &web_sys::HtmlInputElement) -> String {
    let outcome = match read_chosen_file(input).await {
        Ok((name, text)) => match parse_export(&text) {
            Ok(records) => {
                let report = store.import(records, now_ms() as i64);
                let (added, duplicates) = (report.added, report.duplicates);
                let restored = match report.restored {
                    0 => String::new(),
                    1 => " 1 of them had been deleted here and is restored.".to_string(),
                    n => format!(" {n} of them had been deleted here and are restored."),
                };
                format!(
                    "Imported {added} new {} from {name}; {duplicates} {} already here.{restored}",
                    plural(added, "record", "records"),
                    plural(duplicates, "was", "were")
                )
            }
            Err(reason) => format!("{name} could not be imported: {reason}. Choose a file made by History > Export JSON."),
        },
        Err(reason) => format!("Nothing was imported: {reason}."),
    };
    input.set_value("");
    outcome
}

/// The History screen.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let app = use_app();
    let store = use_history();
    // Opened first, the newest records are read alone; the whole history follows once this
    // screen is ready (`ui::screens::after_the_asked_screen`), or when something needs it.
    let listing = Listing {
        store,
        first_page: StoredValue::new(store.first_page(PAGE)),
    };

    let query = RwSignal::new(HistoryQuery::default());
    let shown = RwSignal::new(PAGE);
    let message = RwSignal::new(None::<String>);
    // Searching, filtering and showing more read the whole history.
    Effect::new(move |_| {
        if query.with(|q| *q != HistoryQuery::default()) || shown.get() > PAGE {
            store.ensure_loaded();
        }
    });

    // Built once per change of the history (by the store); every keystroke scans plain strings.
    let index = store.index();
    let results = Memo::new(move |_| {
        let query = query.get();
        let limit = shown.get();
        let first_page =
            listing.with_first_page(|p| (p.total, p.newest.iter().take(limit).cloned().collect()));
        if let Some(first_page) = first_page {
            return first_page;
        }
        store.history.with(|h| {
            index.with(|idx| {
                let found = h.search(idx, &query);
                let visible: Vec<HistoryRecord> =
                    found.iter().take(limit).map(|r| (*r).clone()).collect();
                (found.len(), visible)
            })
        })
    });
    view! {
        <section class="page history" aria-labelledby="history-title">
            <h1 id="history-title">"History"</h1>
            <Show when=move || !app.settings.with(|s| s.keep_history)>
                <p class="warning">"Keep history is off (Settings): new launches are not recorded. The records below stay until you delete them."</p>
            </Show>
            {move || store.write_problem.get().map(|problem| view! {
                <div class="warning" role="alert">
                    <p>{problem}</p>
                    <button type="button" class="secondary" on:click=move |_| {
                        message.set(Some(export_history(store, &query.get_untracked(), ExportFormat::Json)));
                    }>"Export JSON now"</button>
                </div>
            })}
            <HistoryFilters listing query shown />
            <HistoryActions listing query message />
            <HistoryTable listing results shown message />
        </section>
    }
}

/// Search, outcome and template: a change shows the first page again.
#[component]
fn HistoryFilters(
    listing: Listing,
    query: RwSignal<HistoryQuery>,
    shown: RwSignal<usize>,
) -> impl IntoView {
    let store = listing.store;
    let templates = Memo::new(move |_| listing.templates());
    let set_query = move |change: &dyn Fn(&mut HistoryQuery)| {
        query.update(|q| change(q));
        shown.set(PAGE);
    };
    view! {
        // Every template is listed, and a search finds everything, from the first touch.
        <div class="card toolbar" on:focusin=move |_| store.ensure_loaded()>
            <div class="field grow">
                <label for="history-search">"Search history"</label>
                <input id="history-search" type="search" autocomplete="off" placeholder="Process name, template, run ID or error text"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |ev| { let text = event_target_value(&ev); set_query(&|q| q.text = text.clone()); } />
            </div>
            <div class="field">
                <label for="history-outcome">"Outcome"</label>
                <select id="history-outcome" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let badge = Badge::ALL.into_iter().find(|b| b.label() == value);
                    set_query(&|q| q.badge = badge);
                }>
                    <option value="">"All outcomes"</option>
                    {Badge::ALL.into_iter().map(|b| view! { <option value=b.label()>{b.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="history-template">"Template"</label>
                <select id="history-template" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let template = (!value.is_empty()).then_some(value);
                    set_query(&|q| q.template_id = template.clone());
                }>
                    <option value="">"All templates"</option>
                    {move || templates.get().into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
                </select>
            </div>
        </div>
    }
}

/// Export, import and Clear all (asked first), and what the last one did.
#[component]
fn HistoryActions(
    listing: Listing,
    query: RwSignal<HistoryQuery>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let store = listing.store;
    let confirm_clear = RwSignal::new(false);
    let import_input = NodeRef::<html::Input>::new();
    let total = move || listing.total();
    let export = move |format: ExportFormat| {
        message.set(Some(export_history(store, &query.get_untracked(), format)));
    };
    let on_import = move |_| {
        let Some(input) = import_input.get() else {
            return;
        };
        spawn_local(async move {
            let outcome = import_history(store, &input).await;
            message.set(Some(outcome));
        });
    };
    view! {
        <div class="actions toolbar-actions">
            <button type="button" class="secondary" on:click=move |_| export(ExportFormat::Csv)>"Export CSV"</button>
            <button type="button" class="secondary" on:click=move |_| export(ExportFormat::Json)>"Export JSON"</button>
            <label class="button secondary" for="history-import">"Import JSON"</label>
            <input id="history-import" node_ref=import_input class="visually-hidden" type="file" accept="application/json,.json" on:change=on_import />
            <button type="button" class="danger" disabled=move || total() == 0 on:click=move |_| confirm_clear.set(true)>"Clear all"</button>
        </div>
        <Show when=move || confirm_clear.get()>
            <ConfirmNotice title="Delete all history?">
                <p>{move || format!("Delete all {} records? This cannot be undone: export first to keep a copy.", total())}</p>
                <button type="button" class="danger" on:click=move |_| {
                    store.clear(now_ms() as i64);
                    confirm_clear.set(false);
                    message.set(Some("All history records were deleted.".into()));
                }>"Delete all records"</button>
                <button type="button" class="secondary" on:click=move |_| confirm_clear.set(false)>"Cancel"</button>
            </ConfirmNotice>
        </Show>
        <p class="meta" role="status" data-testid="history-message">{move || message.get()}</p>
    }
}

/// How many records match, and a page of them at a time.
#[component]
fn HistoryTable(
    listing: Listing,
    results: Memo<(usize, Vec<HistoryRecord>)>,
    shown: RwSignal<usize>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let total = move || listing.total();
    view! {
        <p class="meta" data-testid="history-count">
            {move || {
                let (matching, visible) = results.with(|(n, v)| (*n, v.len()));
                if total() == 0 {
                    "No launches recorded yet.".to_string()
                } else {
                    format!("Showing {visible} of {matching} matching records ({} in all).", total())
                }
            }}
        </p>
        <DataTable class="history-table" headers=&["Time", "Process name", "Template", "Outcome", "Run", "Actions"]>
            <For
                each=move || results.with(|(_, v)| v.clone())
                key=|r| (r.id.clone(), r.run().map(|run| run.status.clone()))
                children=move |record| view! { <HistoryRow record=record message=message /> }
            />
        </DataTable>
        <ShowMore more=Signal::derive(move || results.with(|(n, v)| *n > v.len())) shown page=PAGE />
    }
}

/// One record: its summary row and, when opened, its details.
#[component]
fn HistoryRow(record: HistoryRecord, message: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let store = use_history();
    let session = use_launch_session();
    let open = RwSignal::new(false);
    let badge = record.badge();
    let details_id = format!("details-{}", record.id);
    let name = record.process_name().to_string();
    let status_text = record.run().map(|r| r.status.clone());
    let body = record.request.clone();
    let for_refresh = record.clone();
    let id_for_delete = record.id.clone();

    let refresh = move |_| {
        let mut record = for_refresh.clone();
        let Some(run_id) = record.run().map(|r| r.id.clone()) else {
            return;
        };
        let request = app.connection().and_then(|c| c.run(&run_id));
        spawn_local(async move {
            let fetched = match request {
                Ok(request) => call(&request).await,
                Err(e) => Err(e),
            };
            match fetched.map(|body| RunInfo::from_json(&body)) {
                Ok(Some(run)) => {
                    if let Outcome::Launched { run: stored, .. } = &mut record.outcome {
                        stored.status = run.status.clone();
                        stored.progress_percent = run.progress_percent;
                    }
                    message.set(Some(format!(
                        "\"{}\" is {}{}.",
                        record.process_name(),
                        run.status,
                        run.progress_percent
                            .map(|p| format!(" ({p:.0} % complete)"))
                            .unwrap_or_default()
                    )));
                    store.update(record);
                }
                Ok(None) => message.set(Some(
                    "The run could not be read from Tallyfy's answer.".into(),
                )),
                Err(e) => message.set(Some(format!("The status could not be refreshed: {e}"))),
            }
        });
    };

    let details = record.clone();
    view! {
        <tbody class="history-record">
            <tr>
                <td>{local_time(record.at_ms)}</td>
                <th scope="row">{name.clone()}</th>
                <td>{record.template_title.clone()}</td>
                <td>
                    <span class=format!("badge badge-{}", badge.slug())>{badge.label()}</span>
                    {status_text.map(|s| view! { <span class="meta">" (" {s} ")"</span> })}
                </td>
                <td>
                    {record.link().and_then(|link| {
                        use_app().settings.with_untracked(|s| trusted_run_link(link, &s.api_base, &s.web_app_url))
                    }).map(|link| view! {
                        <a href=link target="_blank" rel="noopener noreferrer">
                            {if badge == Badge::OpenedInTallyfy { "Open form" } else { "Open run" }}
                            <span class="visually-hidden">{format!(" {name} in Tallyfy")}</span>
                        </a>
                    })}
                </td>
                <td>
                    // The flex box sits inside the cell: a cell that is itself a flex box stops
                    // stretching to the row's height.
                    <div class="row-actions">
                        <button type="button" class="secondary small" aria-expanded=move || open.get().to_string() aria-controls=details_id.clone()
                            on:click=move |_| open.update(|o| *o = !*o)>"Details"</button>
                        <button type="button" class="secondary small" on:click=move |_| session.launch_again(body.clone())>"Launch again"</button>
                        {(badge == Badge::Launched).then(|| view! {
                            <button type="button" class="secondary small" on:click=refresh>"Refresh status"</button>
                        })}
                        <button type="button" class="danger small" on:click=move |_| store.delete(&id_for_delete)>"Delete"</button>
                    </div>
                </td>
            </tr>
            <Show when=move || open.get()>
                <tr class="details-row">
                    <td colspan="6" id=format!("details-{}", details.id)>
                        <RecordDetails record=details.clone() />
                    </td>
                </tr>
            </Show>
        </tbody>
    }
}

/// The full request and response of a record, copyable.
#[component]
fn RecordDetails(record: HistoryRecord) -> impl IntoView {
    let copied = RwSignal::new(None::<String>);
    let request = record.request.to_pretty_json();
    let response = match (&record.outcome, &record.response) {
        (Outcome::Launched { run, .. }, _) => serde_json::to_string_pretty(run).unwrap_or_default(),
        (Outcome::Failed { .. }, Some(body)) => {
            serde_json::to_string_pretty(body).unwrap_or_default()
        }
        (Outcome::Failed { .. }, None) => "(no response body)".to_string(),
        (Outcome::OpenedInTallyfy { .. }, _) => {
            "(not sent: opened in Tallyfy's own launch form)".to_string()
        }
    };
    let error = record.error().map(|e| e.to_string());
    let request_id = record
        .error()
        .and_then(|e| e.request_id().map(str::to_string));
    let copy = move |text: String, what: &'static str| copy_and_report(text, what, copied);
    let request_for_copy = request.clone();
    let response_for_copy = response.clone();
    view! {
        <div class="record-details" data-testid="record-details">
            <dl class="facts">
                <dt>"Sent to"</dt><dd><code>{format!("POST {}/organizations/{}/runs", record.api_base, record.org_id)}</code></dd>
                <dt>"Duration"</dt><dd>{format!("{} ms, {} automatic {}", record.duration_ms, record.retries, plural(record.retries as usize, "retry", "retries"))}</dd>
                {request_id.map(|id| view! { <dt>"Request ID"</dt><dd><code>{id}</code></dd> })}
                {error.map(|e| view! { <dt>"Error"</dt><dd>{e}</dd> })}
            </dl>
            <h2 class="small-heading">"Request body"</h2>
            <pre tabindex="0" aria-label="Request body">{request}</pre>
            <button type="button" class="secondary small" on:click=move |_| copy(request_for_copy.clone(), "the request body")>"Copy request body"</button>
            <h2 class="small-heading">"Response"</h2>
            <pre tabindex="0" aria-label="Response">{response}</pre>
            <button type="button" class="secondary small" on:click=move |_| copy(response_for_copy.clone(), "the response")>"Copy response"</button>
            <p class="meta" role="status">{move || copied.get()}</p>
        </div>
    }
}
