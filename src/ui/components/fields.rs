//! One input per kick-off field type. Each field owns a signal of its [`FieldInput`]; errors
//! appear beside the field once it has been left (or on Launch), are linked to it with
//! `aria-describedby`, and mark it `aria-invalid`.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;

use super::safe_html::SafeHtml;
use crate::domain::directory::Directory;
use crate::domain::template::{Field, FieldType};
use crate::domain::values::{encode, EncodeContext, FieldInput, FileEntry};
use crate::ui::state::use_app;

/// Which errors the form shows: a field's own once left, all after a Launch attempt, and the
/// server's (from a 422) until that field is edited.
#[derive(Clone, Copy)]
pub struct FieldFeedback {
    /// Fields the user has left.
    pub touched: RwSignal<HashSet<String>>,
    /// Show every field's error (after Launch was pressed).
    pub show_all: RwSignal<bool>,
    /// The server's messages by field id.
    pub server_errors: RwSignal<BTreeMap<String, Vec<String>>>,
}

impl FieldFeedback {
    /// Fresh feedback state, provided to the fields below.
    pub fn provide() -> FieldFeedback {
        let feedback = FieldFeedback {
            touched: RwSignal::new(HashSet::new()),
            show_all: RwSignal::new(false),
            server_errors: RwSignal::new(BTreeMap::new()),
        };
        provide_context(feedback);
        feedback
    }

    /// Forgets every shown error.
    pub fn reset(&self) {
        self.touched.set(HashSet::new());
        self.show_all.set(false);
        self.server_errors.set(BTreeMap::new());
    }
}

fn use_feedback() -> FieldFeedback {
    // Safe: the launch session provides it before any form mounts; only a wiring bug misses it.
    use_context::<FieldFeedback>().expect("FieldFeedback is provided by the form")
}

/// A DOM id for a field id (which may contain anything when defined by hand).
pub fn dom_id(prefix: &str, field_id: &str) -> String {
    let safe: String = field_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{safe}")
}

/// Encodes with the browser's zone and the loaded members and groups.
pub fn encode_here(
    field: &Field,
    input: &FieldInput,
    directory: &Directory,
) -> Result<Option<serde_json::Value>, String> {
    let ctx = EncodeContext::browser(directory);
    encode(field, input, &ctx)
}

/// Fields rendered with the form itself: more than a tall screen shows, so what the user sees
/// paints at once.
pub const FIRST_SCREEN_FIELDS: usize = 20;
/// Fields added in each later frame, so that no frame holds up input for long.
pub const FIELDS_PER_FRAME: usize = 30;

/// The kick-off fields in order: the first screenful at once, the rest a chunk per frame after
/// each paint. A 200-field form would otherwise keep the page blank until every field is laid
/// out (the browser alone needs ~80 ms for that DOM on a 2-core machine).
#[component]
pub fn KickoffFieldList(
    /// Each field with its input, in display order.
    inputs: Vec<(Field, RwSignal<FieldInput>)>,
) -> impl IntoView {
    let total = inputs.len();
    let shown = RwSignal::new(total.min(FIRST_SCREEN_FIELDS));
    if total > FIRST_SCREEN_FIELDS {
        reveal_after_paint(shown, total);
        // A launch attempt shows every error and focuses the first: all fields must exist.
        let feedback = use_feedback();
        Effect::new(move |_| {
            if feedback.show_all.get() && shown.get_untracked() < total {
                shown.set(total);
            }
        });
    }
    let inputs = StoredValue::new(inputs);
    view! {
        <For each=move || 0..shown.get() key=|i| *i children=move |i| {
            inputs
                .with_value(|all| all.get(i).cloned())
                .map(|(field, input)| view! { <KickoffField field=field input=input /> })
        } />
    }
}

/// Adds a chunk in each frame after the one that paints the first screen, until all `total`
/// are shown; stops if the form has gone.
fn reveal_after_paint(shown: RwSignal<usize>, total: usize) {
    // A frame callback requested from inside one runs in the next frame: the first screen is
    // painted before any more fields are built.
    request_animation_frame(move || request_animation_frame(move || reveal_chunk(shown, total)));
}

fn reveal_chunk(shown: RwSignal<usize>, total: usize) {
    let now = shown.try_update(|n| {
        *n = (*n + FIELDS_PER_FRAME).min(total);
        *n
    });
    if now.is_some_and(|n| n < total) {
        request_animation_frame(move || reveal_chunk(shown, total));
    }
}

/// One kick-off field: label (as text), guidance (sanitised), the input, and its error.
#[component]
pub fn KickoffField(
    /// The field.
    field: Field,
    /// Its input.
    input: RwSignal<FieldInput>,
) -> impl IntoView {
    let app = use_app();
    let feedback = use_feedback();
    let id = field.id.clone();
    let error_id = dom_id("e", &id);
    let guidance_id = dom_id("g", &id);
    let has_guidance = !field.guidance.trim().is_empty();
    let described_by = if has_guidance {
        format!("{guidance_id} {error_id}")
    } else {
        error_id.clone()
    };

    let field_for_check = field.clone();
    let own_error = Memo::new(move |_| {
        let directory = app.directory.read();
        input.with(|i| encode_here(&field_for_check, i, &directory).err())
    });
    let id_for_error = id.clone();
    let shown_error = Memo::new(move |_| {
        if let Some(server) = feedback
            .server_errors
            .with(|m| m.get(&id_for_error).map(|v| v.join(" ")))
        {
            return Some(server);
        }
        let visible =
            feedback.show_all.get() || feedback.touched.with(|t| t.contains(&id_for_error));
        if visible {
            own_error.get()
        } else {
            None
        }
    });
    let id_for_edit = id.clone();
    // Editing a field clears the server's complaint about it.
    let on_edit = Callback::new(move |next: FieldInput| {
        input.set(next);
        if feedback
            .server_errors
            .with_untracked(|m| m.contains_key(&id_for_edit))
        {
            feedback.server_errors.update(|m| {
                m.remove(&id_for_edit);
            });
        }
    });
    let id_for_blur = id.clone();
    let on_leave = move |_| {
        if !feedback
            .touched
            .with_untracked(|t| t.contains(&id_for_blur))
        {
            feedback.touched.update(|t| {
                t.insert(id_for_blur.clone());
            });
        }
    };
    let invalid = Signal::derive(move || shown_error.with(Option::is_some));
    let ctrl = Control {
        field: field.clone(),
        input,
        on_edit,
        invalid,
        described_by,
        input_id: dom_id("f", &id),
    };
    let grouped = matches!(
        field.field_type,
        FieldType::Radio
            | FieldType::Multiselect
            | FieldType::Table
            | FieldType::AssigneesForm
            | FieldType::File
    );
    let label = field.display_name().to_string();
    let required = field.required;
    let guidance = has_guidance.then(|| field.guidance.clone());
    let heading = move || {
        view! {
            {label.clone()}
            {required.then(|| view! { <span class="required" aria-hidden="true">"*"</span> })}
        }
    };
    let guidance_view = guidance.map(|html| {
        view! {
            <div class="guidance help" id=guidance_id>
                <SafeHtml html=html />
            </div>
        }
    });
    let error_view = view! {
        <p class="error" id=error_id>{move || shown_error.get().unwrap_or_default()}</p>
    };
    let body = control_for(ctrl);
    if grouped {
        view! {
            <fieldset class="field kickoff" on:focusout=on_leave>
                <legend>{heading}</legend>
                {guidance_view}
                {body}
                {error_view}
            </fieldset>
        }
        .into_any()
    } else {
        let for_id = dom_id("f", &id);
        view! {
            <div class="field kickoff" on:focusout=on_leave>
                <label for=for_id>{heading}</label>
                {guidance_view}
                {body}
                {error_view}
            </div>
        }
        .into_any()
    }
}

/// What every input needs.
#[derive(Clone)]
struct Control {
    field: Field,
    input: RwSignal<FieldInput>,
    on_edit: Callback<FieldInput>,
    invalid: Signal<bool>,
    described_by: String,
    input_id: String,
}

fn control_for(ctrl: Control) -> AnyView {
    match ctrl.field.field_type.clone() {
        FieldType::Text | FieldType::Email => text_input(ctrl, false),
        FieldType::Textarea => text_input(ctrl, true),
        FieldType::Date => date_input(ctrl),
        FieldType::Radio => radio_input(ctrl),
        FieldType::Dropdown => dropdown_input(ctrl),
        FieldType::Multiselect => multi_input(ctrl),
        FieldType::Table => table_input(ctrl),
        FieldType::AssigneesForm => assignees_input(ctrl),
        FieldType::File => file_input(ctrl),
        FieldType::Unsupported(name) => view! {
            <p class="help">
                {format!("This field's type (\"{name}\") cannot be filled here; it is left empty when launching.")}
            </p>
        }
        .into_any(),
    }
}

fn text_of(input: &FieldInput) -> String {
    match input {
        FieldInput::Text(text) => text.clone(),
        _ => String::new(),
    }
}

fn text_input(ctrl: Control, multiline: bool) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        input_id,
    } = ctrl;
    let required = field.required.then_some("true");
    let on_input = move |ev| on_edit.run(FieldInput::Text(event_target_value(&ev)));
    if multiline {
        view! {
            <textarea
                id=input_id
                rows="4"
                aria-required=required
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                prop:value=move || input.with(text_of)
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        let kind = if field.field_type == FieldType::Email {
            "email"
        } else {
            "text"
        };
        view! {
            <input
                id=input_id
                type=kind
                aria-required=required
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                prop:value=move || input.with(text_of)
                on:input=on_input
            />
        }
        .into_any()
    }
}

fn date_parts(input: &FieldInput) -> (String, String) {
    match input {
        FieldInput::Date { date, time } => (date.clone(), time.clone()),
        _ => (String::new(), String::new()),
    }
}

fn date_input(ctrl: Control) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        input_id,
    } = ctrl;
    let time_label = format!("{} (time)", field.display_name());
    let required = field.required.then_some("true");
    let time = field.collect_time.then(|| {
        let described_by = described_by.clone();
        view! {
            <input
                type="time"
                aria-label=time_label
                aria-required=required
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                prop:value=move || input.with(|i| date_parts(i).1)
                on:input=move |ev| {
                    let (date, _) = input.with_untracked(date_parts);
                    on_edit.run(FieldInput::Date { date, time: event_target_value(&ev) });
                }
            />
        }
    });
    view! {
        <div class="input-row">
            <input
                id=input_id
                type="date"
                aria-required=required
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                prop:value=move || input.with(|i| date_parts(i).0)
                on:input=move |ev| {
                    let (_, time) = input.with_untracked(date_parts);
                    on_edit.run(FieldInput::Date { date: event_target_value(&ev), time });
                }
            />
            {time}
        </div>
    }
    .into_any()
}

fn chosen(input: &FieldInput) -> Option<i64> {
    match input {
        FieldInput::Choice(choice) => *choice,
        _ => None,
    }
}

fn radio_input(ctrl: Control) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        input_id,
    } = ctrl;
    let options = field.options.clone();
    view! {
        <div class="choices" role="radiogroup" aria-describedby=described_by.clone() aria-invalid=move || invalid.get().to_string()>
            {options
                .into_iter()
                .map(|option| {
                    let option_id = option.id;
                    let name = input_id.clone();
                    view! {
                        <label class="check">
                            <input
                                type="radio"
                                name=name
                                value=option_id.to_string()
                                prop:checked=move || input.with(chosen) == Some(option_id)
                                on:change=move |_| on_edit.run(FieldInput::Choice(Some(option_id)))
                            />
                            {option.text}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

fn dropdown_input(ctrl: Control) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        input_id,
    } = ctrl;
    let options = field.options.clone();
    view! {
        <select
            id=input_id
            aria-required=field.required.then_some("true")
            aria-invalid=move || invalid.get().to_string()
            aria-describedby=described_by
            on:change=move |ev| {
                let value = event_target_value(&ev);
                on_edit.run(FieldInput::Choice(value.parse().ok()));
            }
        >
            <option value="" selected=move || input.with(chosen).is_none()>"(choose one)"</option>
            {options
                .into_iter()
                .map(|option| {
                    let option_id = option.id;
                    view! {
                        <option value=option_id.to_string() selected=move || input.with(chosen) == Some(option_id)>
                            {option.text}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
    .into_any()
}

fn multi_input(ctrl: Control) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        ..
    } = ctrl;
    let options = field.options.clone();
    let ids = move || match input.get() {
        FieldInput::Multi(ids) => ids,
        _ => Vec::new(),
    };
    view! {
        <div class="choices">
            {options
                .into_iter()
                .map(|option| {
                    let option_id = option.id;
                    let described_by = described_by.clone();
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                aria-invalid=move || invalid.get().to_string()
                                aria-describedby=described_by
                                prop:checked=move || ids().contains(&option_id)
                                on:change=move |ev| {
                                    let mut next = ids();
                                    next.retain(|id| *id != option_id);
                                    if event_target_checked(&ev) {
                                        next.push(option_id);
                                    }
                                    on_edit.run(FieldInput::Multi(next));
                                }
                            />
                            {option.text}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

fn table_rows(input: &FieldInput) -> Vec<Vec<String>> {
    match input {
        FieldInput::Table(rows) => rows.clone(),
        _ => Vec::new(),
    }
}

fn table_input(ctrl: Control) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        ..
    } = ctrl;
    let columns = field.columns.clone();
    let column_count = columns.len();
    let label = field.display_name().to_string();
    // Rows are re-rendered only when their number changes, so typing never loses focus.
    let row_count = Memo::new(move |_| input.with(|i| table_rows(i).len()));
    let set_cell = move |row: usize, column: usize, value: String| {
        let mut rows = input.with_untracked(table_rows);
        if let Some(cell) = rows.get_mut(row).and_then(|r| r.get_mut(column)) {
            *cell = value;
        }
        on_edit.run(FieldInput::Table(rows));
    };
    let headers = columns
        .iter()
        .map(|c| view! { <th scope="col">{c.label.clone()}</th> })
        .collect_view();
    let rows = move || {
        let columns = columns.clone();
        let label = label.clone();
        let described_by = described_by.clone();
        (0..row_count.get())
            .map(|row| {
                let cells = columns
                    .iter()
                    .enumerate()
                    .map(|(column, c)| {
                        let name = format!("{}: {} (row {})", label, c.label, row + 1);
                        view! {
                            <td>
                                <input
                                    type="text"
                                    aria-label=name
                                    aria-invalid=move || invalid.get().to_string()
                                    aria-describedby=described_by.clone()
                                    prop:value=move || input.with(|i| table_rows(i).get(row).and_then(|r| r.get(column).cloned()).unwrap_or_default())
                                    on:input=move |ev| set_cell(row, column, event_target_value(&ev))
                                />
                            </td>
                        }
                    })
                    .collect_view();
                let remove_label = format!("Remove row {} of {}", row + 1, label);
                view! {
                    <tr>
                        {cells}
                        <td>
                            <button type="button" class="secondary small" aria-label=remove_label on:click=move |_| {
                                let mut rows = input.with_untracked(table_rows);
                                if row < rows.len() {
                                    rows.remove(row);
                                }
                                if rows.is_empty() {
                                    rows.push(vec![String::new(); column_count]);
                                }
                                on_edit.run(FieldInput::Table(rows));
                            }>"Remove"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let add_label = format!("Add row to {}", field.display_name());
    view! {
        <div class="table-scroll">
            <table class="grid-input">
                <thead><tr>{headers}<th scope="col"><span class="visually-hidden">"Row actions"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div>
            <button type="button" class="secondary small" aria-label=add_label on:click=move |_| {
                let mut rows = input.with_untracked(table_rows);
                rows.push(vec![String::new(); column_count]);
                on_edit.run(FieldInput::Table(rows));
            }>"Add row"</button>
        </div>
    }
    .into_any()
}

fn assignee_parts(input: &FieldInput) -> (Vec<i64>, Vec<String>, String) {
    match input {
        FieldInput::Assignees {
            users,
            groups,
            guests,
        } => (users.clone(), groups.clone(), guests.clone()),
        _ => (Vec::new(), Vec::new(), String::new()),
    }
}

fn assignees_input(ctrl: Control) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        ..
    } = ctrl;
    let app = use_app();
    let label = field.display_name().to_string();
    let filter = RwSignal::new(String::new());
    let toggle_user = move |id: i64, on: bool| {
        let (mut users, groups, guests) = input.with_untracked(assignee_parts);
        users.retain(|u| *u != id);
        if on {
            users.push(id);
        }
        on_edit.run(FieldInput::Assignees {
            users,
            groups,
            guests,
        });
    };
    let toggle_group = move |id: String, on: bool| {
        let (users, mut groups, guests) = input.with_untracked(assignee_parts);
        groups.retain(|g| *g != id);
        if on {
            groups.push(id);
        }
        on_edit.run(FieldInput::Assignees {
            users,
            groups,
            guests,
        });
    };
    let described = described_by.clone();
    let members = move || {
        let directory = app.directory.get();
        let Some(members) = directory.members else {
            return view! { <p class="help">"Members are not loaded (see the note above the form); add people as guest emails, or reload after fixing the connection."</p> }.into_any();
        };
        let chosen = input.with(|i| assignee_parts(i).0);
        let needle = filter.get().trim().to_lowercase();
        let shown: Vec<_> = members
            .into_iter()
            .filter(|m| {
                chosen.contains(&m.id)
                    || needle.is_empty()
                    || m.full_name.to_lowercase().contains(&needle)
                    || m.email.to_lowercase().contains(&needle)
            })
            .take(30)
            .collect();
        let described = described.clone();
        shown
            .into_iter()
            .map(|m| {
                let id = m.id;
                let checked = chosen.contains(&id);
                view! {
                    <label class="check">
                        <input type="checkbox" aria-invalid=move || invalid.get().to_string() aria-describedby=described.clone()
                            prop:checked=checked on:change=move |ev| toggle_user(id, event_target_checked(&ev)) />
                        {m.describe()}
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };
    let groups = move || {
        let groups = app.directory.get().groups.unwrap_or_default();
        let chosen = input.with(|i| assignee_parts(i).1);
        groups
            .into_iter()
            .map(|g| {
                let checked = chosen.contains(&g.id);
                let id = g.id.clone();
                view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=checked on:change=move |ev| toggle_group(id.clone(), event_target_checked(&ev)) />
                        {g.name}
                    </label>
                }
            })
            .collect_view()
    };
    let find_label = format!("{label}: find a member");
    let guests_label = format!("{label}: guest emails");
    view! {
        <div class="assignees">
            <input type="search" class="compact" aria-label=find_label placeholder="Find a member by name or email"
                prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) />
            <div class="choices">{members}</div>
            <div class="choices">{groups}</div>
            <label class="sub-label">
                {guests_label}
                <input type="text" aria-invalid=move || invalid.get().to_string() aria-describedby=described_by
                    placeholder="name@example.com, other@example.com"
                    prop:value=move || input.with(|i| assignee_parts(i).2)
                    on:input=move |ev| {
                        let (users, groups, _) = input.with_untracked(assignee_parts);
                        on_edit.run(FieldInput::Assignees { users, groups, guests: event_target_value(&ev) });
                    } />
            </label>
        </div>
    }
    .into_any()
}

fn files_of(input: &FieldInput) -> Vec<FileEntry> {
    match input {
        FieldInput::Files(files) => files.clone(),
        _ => Vec::new(),
    }
}

fn file_input(ctrl: Control) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        ..
    } = ctrl;
    let label = field.display_name().to_string();
    let count = Memo::new(move |_| input.with(|i| files_of(i).len()));
    let edit = move |index: usize, url: Option<String>, name: Option<String>| {
        let mut files = input.with_untracked(files_of);
        if let Some(file) = files.get_mut(index) {
            if let Some(url) = url {
                file.url = url;
            }
            if let Some(name) = name {
                file.filename = name;
            }
        }
        on_edit.run(FieldInput::Files(files));
    };
    let rows = move || {
        let label = label.clone();
        let described_by = described_by.clone();
        (0..count.get())
            .map(|index| {
                let url_label = format!("{label}: file {} URL", index + 1);
                let name_label = format!("{label}: file {} name", index + 1);
                let remove_label = format!("Remove file {} of {label}", index + 1);
                view! {
                    <div class="input-row file-row">
                        <input type="url" aria-label=url_label placeholder="https://…"
                            aria-invalid=move || invalid.get().to_string() aria-describedby=described_by.clone()
                            prop:value=move || input.with(|i| files_of(i).get(index).map(|f| f.url.clone()).unwrap_or_default())
                            on:input=move |ev| edit(index, Some(event_target_value(&ev)), None) />
                        <input type="text" aria-label=name_label placeholder="File name (optional)"
                            prop:value=move || input.with(|i| files_of(i).get(index).map(|f| f.filename.clone()).unwrap_or_default())
                            on:input=move |ev| edit(index, None, Some(event_target_value(&ev))) />
                        <button type="button" class="secondary small" aria-label=remove_label on:click=move |_| {
                            let mut files = input.with_untracked(files_of);
                            if index < files.len() {
                                files.remove(index);
                            }
                            if files.is_empty() {
                                files.push(FileEntry::default());
                            }
                            on_edit.run(FieldInput::Files(files));
                        }>"Remove"</button>
                    </div>
                }
            })
            .collect_view()
    };
    let add_label = format!("Add file to {}", field.display_name());
    view! {
        <div class="files">{rows}</div>
        <div>
            <button type="button" class="secondary small" aria-label=add_label on:click=move |_| {
                let mut files = input.with_untracked(files_of);
                files.push(FileEntry::default());
                on_edit.run(FieldInput::Files(files));
            }>"Add file"</button>
        </div>
    }
    .into_any()
}
