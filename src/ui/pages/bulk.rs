//! The Bulk screen: a spreadsheet in, every row checked, launches paced, outcomes out.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::address::trusted_run_link;
use crate::domain::bulk::{
    Duplicate, JobState, NameSource, RowCheck, RowOutcome, Separator, Target,
};
use crate::domain::formula::default_formula;
use crate::domain::template::Template;
use crate::domain::values::DateOrder;
use crate::ui::browser::clock::{local_time, now_ms};
use crate::ui::browser::files::{download, read_chosen_file, read_file};
use crate::ui::components::template_picker::TemplatePicker;
use crate::ui::state::bulk::use_bulk_session;
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::use_app;

/// Result rows shown at first, and added by "Show more".
const PAGE: usize = 100;

/// The Bulk screen.
#[component]
pub fn BulkPage() -> impl IntoView {
    let bulk = use_bulk_session();
    // Owner columns are looked up by email among the members.
    let launch = use_launch_session();
    Effect::new(move |_| launch.ensure_directory());
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

/// Step 2: paste rows or choose / drop a CSV file.
#[component]
fn RowsInput() -> impl IntoView {
    let bulk = use_bulk_session();
    let file_input = NodeRef::<html::Input>::new();
    let load_message = RwSignal::new(None::<String>);
    let on_file = move |_| {
        let Some(input) = file_input.get() else {
            return;
        };
        spawn_local(async move {
            match read_chosen_file(&input).await {
                Ok((name, text)) => {
                    bulk.text.set(text);
                    load_message.set(Some(format!("Read {name}.")));
                    bulk.file_name.set(Some(name));
                }
                Err(e) => load_message.set(Some(format!("The file could not be read: {e}."))),
            }
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
            match read_file(file).await {
                Ok((name, text)) => {
                    bulk.text.set(text);
                    load_message.set(Some(format!("Read {name}.")));
                    bulk.file_name.set(Some(name));
                }
                Err(e) => load_message.set(Some(format!("The file could not be read: {e}."))),
            }
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
                    <select id="bulk-separator" on:change=move |ev| bulk.separator.set(match event_target_value(&ev).as_str() {
                        "comma" => Separator::Comma,
                        "semicolon" => Separator::Semicolon,
                        "tab" => Separator::Tab,
                        _ => Separator::Detect,
                    })>
                        {[Separator::Detect, Separator::Comma, Separator::Semicolon, Separator::Tab].into_iter().map(|s| view! {
                            <option value=s.label() selected=move || bulk.separator.get() == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="bulk-date-order">"Dates like 03/04/2026 mean"</label>
                    <select id="bulk-date-order" on:change=move |ev| bulk.date_order.set(if event_target_value(&ev) == "month" { DateOrder::MonthFirst } else { DateOrder::DayFirst })>
                        <option value="day">"3 April (day first)"</option>
                        <option value="month">"4 March (month first)"</option>
                    </select>
                </div>
            </div>
        </div>
    }
}

fn target_value(target: &Target) -> String {
    match target {
        Target::Field(id) => format!("field:{id}"),
        Target::ProcessName => "name".into(),
        Target::Owner => "owner".into(),
        Target::Summary => "summary".into(),
        Target::Ignore => "ignore".into(),
        Target::Unknown | Target::Ambiguous(_) => String::new(),
    }
}

fn target_from(value: &str) -> Target {
    match value {
        "name" => Target::ProcessName,
        "owner" => Target::Owner,
        "summary" => Target::Summary,
        "ignore" => Target::Ignore,
        v => v
            .strip_prefix("field:")
            .map(|id| Target::Field(id.to_string()))
            .unwrap_or(Target::Unknown),
    }
}

/// Step 3: which column fills what, and where process names come from.
#[component]
fn ColumnMapping(template: Template) -> impl IntoView {
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
                    (
                        i,
                        h.clone(),
                        sheet
                            .rows
                            .first()
                            .and_then(|r| r.get(i))
                            .cloned()
                            .unwrap_or_default(),
                        targets.get(i).cloned().unwrap_or(Target::Unknown),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let fields = template.fields.clone();
    let title = template.title.clone();
    view! {
        <div class="card stack">
            <h2>"3. Columns"</h2>
            <Show when=move || bulk.sheet.with(|s| s.is_ok()) fallback=|| view! { <p class="help">"Add rows first."</p> }>
                <div class="table-scroll">
                    <table class="mapping">
                        <thead><tr><th scope="col">"Column"</th><th scope="col">"First row"</th><th scope="col">"Fills"</th></tr></thead>
                        <tbody>
                            {
                                let fields = fields.clone();
                                move || rows().into_iter().map(|(_, header, sample, target)| {
                                    let unresolved = target.unresolved();
                                    let candidates = match &target { Target::Ambiguous(ids) => ids.clone(), _ => Vec::new() };
                                    let current = target_value(&target);
                                    let header_for_change = header.clone();
                                    let label = format!("Column \"{header}\" fills");
                                    let options = fields.iter().map(|f| {
                                        let value = format!("field:{}", f.id);
                                        let selected = current == value;
                                        let text = if candidates.contains(&f.id) {
                                            format!("{} ({}) – possible match", f.display_name(), f.field_type.ui_name())
                                        } else {
                                            format!("{} ({})", f.display_name(), f.field_type.ui_name())
                                        };
                                        view! { <option value=value selected=selected>{text}</option> }
                                    }).collect_view();
                                    view! {
                                        <tr class:unresolved=unresolved>
                                            <th scope="row">{header.clone()}</th>
                                            <td class="sample">{sample}</td>
                                            <td>
                                                <select aria-label=label aria-invalid=unresolved.to_string() on:change=move |ev| {
                                                    let chosen = target_from(&event_target_value(&ev));
                                                    bulk.overrides.update(|o| { o.insert(header_for_change.clone(), chosen); });
                                                }>
                                                    <option value="" selected=current.is_empty()>
                                                        {match &target { Target::Ambiguous(_) => "(several fields match: choose one)", _ => "(no match: choose or ignore)" }}
                                                    </option>
                                                    <option value="ignore" selected=current == "ignore">"Ignore this column"</option>
                                                    <option value="name" selected=current == "name">"Process name"</option>
                                                    <option value="owner" selected=current == "owner">"Owner (member email or id)"</option>
                                                    <option value="summary" selected=current == "summary">"Summary"</option>
                                                    {options}
                                                </select>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()
                            }
                        </tbody>
                    </table>
                </div>
            </Show>
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
        </div>
    }
}

/// Step 4: check every row, choose which to launch, launch.
#[component]
fn CheckStep() -> impl IntoView {
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
            return Some(format!("{included_bad} included row{} ha{} problems: fix them in the spreadsheet, or exclude them.", if included_bad == 1 { "" } else { "s" }, if included_bad == 1 { "s" } else { "ve" }));
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
                    <div class="warning" role="alert"><ul>{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul></div>
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
                            bulk.checked.with(|c| c.as_ref().map(|c| c.rows.len()).unwrap_or(0)), with_problems, duplicates, if duplicates == 1 { "" } else { "s" }, included)}
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
                    {move || format!("Launch {} row{}", counts().0, if counts().0 == 1 { "" } else { "s" })}
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
fn CheckTable(show_all: RwSignal<bool>, dry_run: RwSignal<Option<usize>>) -> impl IntoView {
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
        <div class="table-scroll">
            <table class="check-table" data-testid="bulk-check-table">
                <thead><tr><th scope="col">"Row"</th><th scope="col">"Include"</th><th scope="col">"Process name"</th><th scope="col">"Problems"</th><th scope="col">"Request"</th></tr></thead>
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
                                <td><input type="checkbox" aria-label=format!("Include row {row}")
                                    prop:checked=move || bulk.included.with(|inc| inc.get(index).copied().unwrap_or(false))
                                    on:change=move |ev| { let on = event_target_checked(&ev); bulk.included.update(|inc| if let Some(i) = inc.get_mut(index) { *i = on; }); } /></td>
                                <td>{check.name.clone()}</td>
                                <td>
                                    <ul class="problems">{problems}</ul>
                                    {duplicate.map(|d| view! { <p class="warning small-note">{d}</p> })}
                                </td>
                                <td>
                                    <button type="button" class="secondary small" aria-label=format!("Show request for row {row}")
                                        on:click=move |_| dry_run.update(|d| *d = if *d == Some(row) { None } else { Some(row) })>"Show request"</button>
                                    <Show when=move || dry_run.get() == Some(row)>
                                        <pre class="dry-run" data-testid="bulk-dry-run">{body.as_ref().map(|b| b.to_pretty_json()).unwrap_or_else(|| "This row cannot be sent until its problems are fixed.".into())}</pre>
                                    </Show>
                                </td>
                            </tr>
                        }
                    } />
                </tbody>
            </table>
        </div>
    }
}

/// The job: progress, pacing, controls and every row's outcome.
#[component]
fn JobPanel() -> impl IntoView {
    let app = use_app();
    let bulk = use_bulk_session();
    let shown = RwSignal::new(PAGE);
    let confirm_discard = RwSignal::new(false);
    let progress = move || {
        bulk.job
            .with(|j| j.as_ref().map(|j| j.progress()).unwrap_or_default())
    };
    let state = move || bulk.job.with(|j| j.as_ref().map(|j| j.state));
    let title = move || {
        bulk.job.with(|j| {
            j.as_ref()
                .map(|j| j.template.title.clone())
                .unwrap_or_default()
        })
    };
    let total = move || {
        let p = progress();
        p.done + p.failed + p.unknown + p.remaining
    };
    let rate_now = move || {
        bulk.clock.track();
        let now = now_ms();
        crate::api::transport::recent_sends()
            .iter()
            .filter(|(t, _)| now - *t < 60_000.0)
            .count()
    };
    let eta = move || {
        let pacer = app.settings.with(|s| s.pacer());
        let seconds = (progress().remaining as f64 * pacer.spacing_ms() / 1000.0).ceil() as u64;
        crate::domain::outcome::describe_wait(seconds * 1000)
    };
    let here = move || !bulk.elsewhere.get();
    let can_resume =
        move || here() && state() == Some(JobState::Paused) && progress().remaining != 0;
    let can_cancel = move || {
        here()
            && matches!(state(), Some(JobState::Running) | Some(JobState::Paused))
            && progress().remaining != 0
    };
    let can_rerun = move || here() && progress().failed != 0 && state() != Some(JobState::Running);
    let run_link = move |link: &str| {
        app.settings
            .with_untracked(|s| trusted_run_link(link, &s.api_base, &s.web_app_url))
    };
    let more_rows = move || {
        let listed = bulk.job.with(|j| {
            j.as_ref()
                .map(|j| {
                    j.included
                        .iter()
                        .zip(&j.outcomes)
                        .filter(|(included, outcome)| **included || outcome.is_some())
                        .count()
                })
                .unwrap_or(0)
        });
        listed != listed.min(shown.get())
    };
    let download_results = move |_| {
        let csv = bulk
            .job
            .with_untracked(|j| j.as_ref().map(|j| j.results_csv()).unwrap_or_default());
        let _ = download(
            &format!(
                "bulk-results-{}.csv",
                local_time(now_ms() as i64).replace([' ', ':'], "-")
            ),
            "text/csv",
            &csv,
        );
    };
    let rows = move || {
        bulk.job.with(|j| {
            let Some(j) = j else { return Vec::new() };
            let name_of = |i: usize| {
                j.bodies
                    .get(i)
                    .and_then(Option::as_ref)
                    .map(|b| b.name.clone())
                    .unwrap_or_default()
            };
            j.outcomes
                .iter()
                .enumerate()
                .filter(|(i, outcome)| {
                    j.included.get(*i).copied().unwrap_or(false) || outcome.is_some()
                })
                .take(shown.get())
                .map(|(i, outcome)| (i, name_of(i), outcome.clone(), j.in_flight == Some(i)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="card stack" role="group" aria-labelledby="job-title">
            <h2 id="job-title">{move || format!("Launching \"{}\"", title())}</h2>
            <progress aria-label="Bulk launch progress" max=move || total().max(1).to_string()
                value=move || { let p = progress(); (p.done + p.failed + p.unknown).to_string() }></progress>
            <p data-testid="bulk-counts" role="status">
                {move || { let p = progress(); format!("Launched {} · Failed {} · Unknown {} · Remaining {}", p.done, p.failed, p.unknown, p.remaining) }}
            </p>
            <Show when=move || bulk.elsewhere.get()>
                <p class="notice info" role="status" data-testid="bulk-elsewhere">
                    "Running in another tab of this browser: this tab shows its progress and sends nothing. Pause or finish it there; once that tab lets go, it can be resumed here."
                </p>
            </Show>
            <p class="meta">
                {move || format!("{} · limit {} · {} requests in the last minute · about {} left",
                    match state() {
                        Some(JobState::Running) if bulk.elsewhere.get() => "Running in another tab",
                        Some(JobState::Running) => "Running",
                        Some(JobState::Paused) => "Paused",
                        Some(JobState::Cancelled) => "Cancelled",
                        Some(JobState::Finished) => "Finished",
                        None => "",
                    },
                    app.settings.with(|s| format!("{} requests per {} s", s.rate_limit, s.rate_window_secs)), rate_now(), eta())}
            </p>
            {move || bulk.waiting.get().map(|until| view! {
                <p class="meta" data-testid="bulk-pacing">{move || { bulk.clock.track(); format!("Next launch in {:.1} s (pacing).", ((until - now_ms()) / 1000.0).max(0.0)) }}</p>
            })}
            {move || bulk.retry.waiting.get().map(|w| view! {
                <p class="notice info" role="status" data-testid="bulk-retry">
                    {move || format!("Tallyfy is rate limiting (429): retrying this row in {} s (retry {} of {}).", bulk.retry.seconds_left().unwrap_or(0), w.retry, w.max)}
                </p>
            })}
            <div class="actions">
                <Show when=move || here() && state() == Some(JobState::Running)>
                    <button type="button" class="secondary" on:click=move |_| bulk.pause()>"Pause"</button>
                </Show>
                <Show when=can_resume>
                    <button type="button" on:click=move |_| bulk.resume()>"Resume"</button>
                </Show>
                <Show when=can_cancel>
                    <button type="button" class="danger" on:click=move |_| bulk.cancel()>"Cancel"</button>
                </Show>
                <Show when=can_rerun>
                    <button type="button" class="secondary" on:click=move |_| bulk.rerun_failed()>"Re-run failed rows"</button>
                </Show>
                <button type="button" class="secondary" on:click=download_results>"Download results (CSV)"</button>
                <Show when=move || here() && state() != Some(JobState::Running) && !bulk.running.get()>
                    <button type="button" class="secondary" on:click=move |_| confirm_discard.set(true)>"Start a new job"</button>
                </Show>
            </div>
            <Show when=move || confirm_discard.get()>
                <div class="notice warning" role="alertdialog" aria-label="Start a new job?">
                    <p>{move || if progress().remaining > 0 {
                        format!("{} rows have not been sent. Start a new job anyway? This job's launches stay in History; download its results first to keep them together.", progress().remaining)
                    } else {
                        "Start a new job? This job's launches stay in History; download its results first to keep them together.".to_string()
                    }}</p>
                    <button type="button" on:click=move |_| { bulk.discard(); confirm_discard.set(false); }>"Start a new job"</button>
                    <button type="button" class="secondary" on:click=move |_| confirm_discard.set(false)>"Keep this job"</button>
                </div>
            </Show>
            <div class="table-scroll">
                <table class="check-table" data-testid="bulk-results">
                    <thead><tr><th scope="col">"Row"</th><th scope="col">"Process name"</th><th scope="col">"Outcome"</th><th scope="col">"Run or error"</th></tr></thead>
                    <tbody>
                        <For each=rows key=|(i, _, outcome, flying)| (*i, outcome.as_ref().map(RowOutcome::label), *flying) children=move |(i, name, outcome, flying)| {
                            let label = match (&outcome, flying) {
                                (_, true) => "sending…",
                                (Some(o), _) => o.label(),
                                (None, _) => "waiting",
                            };
                            let detail = match &outcome {
                                Some(RowOutcome::Launched { run_id, link }) => match run_link(link) {
                    Some(href) => view! { <a href=href target="_blank" rel="noopener noreferrer">{run_id.clone()}</a> }.into_any(),
                    None => view! { <span>{run_id.clone()}</span> }.into_any(),
                },
                                Some(RowOutcome::Failed { error }) => view! { <span>{error.to_string()}</span> }.into_any(),
                                Some(RowOutcome::Unknown { reason }) => view! {
                                    <span>{reason.clone()}</span>
                                    " "
                                    <Show when=here>
                                        <button type="button" class="secondary small" on:click=move |_| bulk.send_row_again(i)>{format!("Send row {} again", i + 1)}</button>
                                    </Show>
                                }.into_any(),
                                None => ().into_any(),
                            };
                            view! {
                                <tr data-row=i + 1>
                                    <th scope="row">{i + 1}</th>
                                    <td>{name}</td>
                                    <td><span class=format!("badge badge-{}", label.replace('…', "").replace(' ', "-"))>{label}</span></td>
                                    <td>{detail}</td>
                                </tr>
                            }
                        } />
                    </tbody>
                </table>
            </div>
            <Show when=more_rows>
                <button type="button" class="secondary" on:click=move |_| shown.update(|s| *s += PAGE)>"Show more rows"</button>
            </Show>
        </div>
    }
}
