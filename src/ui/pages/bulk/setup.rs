//! Steps 2 and 3: the rows (pasted, chosen or dropped) and what each column fills.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::bulk::{column_choices, NameSource, Separator, Target};
use crate::domain::formula::default_formula;
use crate::domain::template::Template;
use crate::domain::values::DateOrder;
use crate::ui::browser::files::{read_chosen_file, read_file};
use crate::ui::state::bulk::use_bulk_session;

/// Step 2: paste rows or choose / drop a CSV file.
#[component]
pub(super) fn RowsInput() -> impl IntoView {
    let bulk = use_bulk_session();
    let file_input = NodeRef::<html::Input>::new();
    let load_message = RwSignal::new(None::<String>);
    // A file chosen or dropped: its rows, or why it could not be read.
    let take = move |read: Result<(String, String), String>| match read {
        Ok((name, text)) => {
            bulk.text.set(text);
            load_message.set(Some(format!("Read {name}.")));
            bulk.file_name.set(Some(name));
        }
        Err(e) => load_message.set(Some(format!("The file could not be read: {e}."))),
    };
    let on_file = move |_| {
        let Some(input) = file_input.get() else {
            return;
        };
        spawn_local(async move {
            take(read_chosen_file(&input).await);
            input.set_value("");
        });
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        spawn_local(async move {
            take(read_file(file).await);
        });
    };
    let summary = move || {
        bulk.sheet.with(|sheet| match sheet {
        Ok(sheet) => {
            let ragged = if sheet.ragged.is_empty() {
                String::new()
            } else {
                let rows: Vec<String> = sheet
                    .ragged
                    .iter()
                    .take(5)
                    .map(|(r, n)| format!("row {r} has {n} values"))
                    .collect();
                format!(
                    " Some rows do not have {} values ({}): short rows were padded with empty cells, extra values are ignored.",
                    sheet.headers.len(),
                    rows.join(", ")
                )
            };
            (
                false,
                format!(
                    "{} data rows, {} columns ({} separated).{ragged}",
                    sheet.rows.len(),
                    sheet.headers.len(),
                    match sheet.separator {
                        '\t' => "tab".to_string(),
                        ';' => "semicolon".to_string(),
                        c => format!("\"{c}\""),
                    }
                ),
            )
        }
        Err(reason) => (true, reason.clone()),
        })
    };
    view! {
        <div class="card stack" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <h2>"2. Rows"</h2>
            <p class="help">"Paste rows from a spreadsheet, or choose or drop a .csv file. The first row must be the column headers."</p>
            <div class="actions">
                <label class="button secondary" for="bulk-file">"Choose a CSV file"</label>
                <input id="bulk-file" node_ref=file_input class="visually-hidden" type="file" accept=".csv,text/csv,text/plain" on:change=on_file />
                <span class="meta" role="status">{move || load_message.get()}</span>
            </div>
            <div class="field">
                <label for="bulk-rows">"Rows (CSV, first row is the header)"</label>
                <textarea id="bulk-rows" rows="8" spellcheck="false" class="mono"
                    aria-describedby="bulk-rows-summary"
                    prop:value=move || bulk.text.get()
                    on:input=move |ev| bulk.text.set(event_target_value(&ev))></textarea>
                <p id="bulk-rows-summary" class=move || if summary().0 && !bulk.text.with(|t| t.trim().is_empty()) { "error" } else { "help" }>
                    {move || if bulk.text.with(|t| t.trim().is_empty()) { String::new() } else { summary().1 }}
                </p>
            </div>
            <div class="toolbar">
                <div class="field">
                    <label for="bulk-separator">"Separator"</label>
                    <select id="bulk-separator" on:change=move |ev| {
                        if let Some(chosen) = picked(&ev, &Separator::ALL) {
                            bulk.separator.set(chosen);
                        }
                    }>
                        {Separator::ALL.into_iter().enumerate().map(|(i, s)| view! {
                            <option value=i.to_string() selected=move || bulk.separator.get() == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="bulk-date-order">"Dates like 03/04/2026 mean"</label>
                    <select id="bulk-date-order" on:change=move |ev| {
                        if let Some((order, _)) = picked(&ev, &DateOrder::ALL) {
                            bulk.date_order.set(order);
                        }
                    }>
                        {DateOrder::ALL.into_iter().enumerate().map(|(i, (order, text))| view! {
                            <option value=i.to_string() selected=move || bulk.date_order.get() == order>{text}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
        </div>
    }
}

/// The choice a `<select>` whose option values are indexes into `choices` has picked.
fn picked<T: Clone>(ev: &leptos::ev::Event, choices: &[T]) -> Option<T> {
    event_target_value(ev)
        .parse::<usize>()
        .ok()
        .and_then(|i| choices.get(i).cloned())
}

/// Step 3: which column fills what, and where process names come from.
#[component]
pub(super) fn ColumnMapping(template: Template) -> impl IntoView {
    let bulk = use_bulk_session();
    let rows = move || {
        let targets = bulk.targets.get();
        bulk.sheet.with(|sheet| {
            let Ok(sheet) = sheet else {
                return Vec::new();
            };
            sheet
                .headers
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let sample = sheet.rows.first().and_then(|r| r.get(i)).cloned();
                    let target = targets.get(i).cloned().unwrap_or(Target::Unknown);
                    (h.clone(), sample.unwrap_or_default(), target)
                })
                .collect::<Vec<_>>()
        })
    };
    let title = template.title.clone();
    let template = StoredValue::new(template);
    view! {
        <div class="card stack">
            <h2>"3. Columns"</h2>
            <Show when=move || bulk.sheet.with(|s| s.is_ok()) fallback=|| view! { <p class="help">"Add rows first."</p> }>
                <div class="table-scroll">
                    <table class="mapping">
                        <thead><tr><th scope="col">"Column"</th><th scope="col">"First row"</th><th scope="col">"Fills"</th></tr></thead>
                        <tbody>
                            {move || rows().into_iter().map(|(header, sample, target)| {
                                let choices = template.with_value(|t| column_choices(t, &target));
                                view! { <ColumnRow header sample target choices /> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Show>
            <NameSourceChoice title />
        </div>
    }
}

/// One column: its header, its first cell, and what it fills (a select of `choices`).
#[component]
fn ColumnRow(
    header: String,
    sample: String,
    target: Target,
    choices: Vec<(Target, String)>,
) -> impl IntoView {
    let bulk = use_bulk_session();
    let unresolved = target.unresolved();
    let label = format!("Column \"{header}\" fills");
    let current = match &target {
        Target::Ambiguous(_) => Target::Unknown,
        other => other.clone(),
    };
    // The select's values are the choices' indexes.
    let targets: Vec<Target> = choices.iter().map(|(t, _)| t.clone()).collect();
    let options = choices
        .into_iter()
        .enumerate()
        .map(|(i, (choice, text))| view! { <option value=i.to_string() selected=choice == current>{text}</option> })
        .collect_view();
    let header_for_change = header.clone();
    view! {
        <tr class:unresolved=unresolved>
            <th scope="row">{header}</th>
            <td class="sample">{sample}</td>
            <td>
                <select aria-label=label aria-invalid=unresolved.to_string() on:change=move |ev| {
                    if let Some(chosen) = picked(&ev, &targets) {
                        bulk.overrides.update(|o| { o.insert(header_for_change.clone(), chosen); });
                    }
                }>
                    {options}
                </select>
            </td>
        </tr>
    }
}

/// Where process names come from: a column, or a formula over the row's columns.
#[component]
fn NameSourceChoice(title: String) -> impl IntoView {
    let bulk = use_bulk_session();
    view! {
        <fieldset class="stack">
            <legend>"Process names"</legend>
            <label class="check">
                <input type="radio" name="bulk-name-source" prop:checked=move || bulk.name_source.get() == NameSource::Column
                    on:change=move |_| bulk.name_source.set(NameSource::Column) />
                "From the column mapped to \"Process name\""
            </label>
            <label class="check">
                <input type="radio" name="bulk-name-source" prop:checked=move || matches!(bulk.name_source.get(), NameSource::Formula(_))
                    on:change={ let title = title.clone(); move |_| bulk.name_source.set(NameSource::Formula(default_formula(&title))) } />
                "From a formula over the row's columns"
            </label>
            <Show when=move || matches!(bulk.name_source.get(), NameSource::Formula(_))>
                <div class="field">
                    <label for="bulk-name-formula">"Name formula"</label>
                    <input id="bulk-name-formula" type="text" aria-describedby="bulk-name-help"
                        prop:value=move || match bulk.name_source.get() { NameSource::Formula(f) => f, NameSource::Column => String::new() }
                        on:input=move |ev| bulk.name_source.set(NameSource::Formula(event_target_value(&ev))) />
                    <p id="bulk-name-help" class="help">"Column headers as placeholders, such as {{Employee name}}, and dates: {{today}}, {{today+7d}}."</p>
                </div>
            </Show>
        </fieldset>
    }
}
