//! A kick-off form typed in (or pasted as template JSON) for a template the token cannot read.

use leptos::prelude::*;

use super::status_line;
use crate::domain::template::{build_template, FieldDraft, FieldType, Template};
use crate::ui::components::problem_list::ProblemList;
use crate::ui::state::launch::use_launch_session;

/// Field definitions typed in (or pasted as template JSON) for a template the token cannot read.
#[component]
pub(super) fn FormEditor() -> impl IntoView {
    let session = use_launch_session();
    let template_id = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let drafts = RwSignal::new(Vec::<FieldDraft>::new());
    let pasted = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let message = RwSignal::new(None::<String>);

    let load_into_editor = move |template: &Template| {
        template_id.set(template.id.clone());
        title.set(template.title.clone());
        drafts.set(template.fields.iter().map(FieldDraft::from_field).collect());
    };
    let count = Memo::new(move |_| drafts.with(Vec::len));
    let rows = move || {
        (0..count.get())
            .map(|index| view! { <FieldDraftEditor index drafts count /> })
            .collect_view()
    };
    view! {
        <div class="stack">
            <p class="help">"For a template your token cannot read, or to prepare a launch offline: enter the template's ID and its kick-off fields (IDs as in a Workato recipe's prerun), or paste the template's JSON. The same checked form then appears, and a preset saved from it keeps these definitions."</p>
            <div class="input-row">
                <div class="field">
                    <label for="editor-template-id">"Template ID (for the form you define)"</label>
                    <input id="editor-template-id" type="text" spellcheck="false" prop:value=move || template_id.get() on:input=move |ev| template_id.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="editor-title">"Template title"</label>
                    <input id="editor-title" type="text" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                </div>
            </div>
            {rows}
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| drafts.update(|l| l.push(FieldDraft::default()))>"Add field"</button>
                <button type="button" on:click=move |_| {
                    let built = drafts.with_untracked(|list| build_template(&template_id.get_untracked(), &title.get_untracked(), list));
                    match built {
                        Ok(template) => {
                            problems.set(Vec::new());
                            message.set(Some(format!("The form for \"{}\" is ready below.", template.title)));
                            session.use_hand_made(template);
                        }
                        Err(list) => { problems.set(list); message.set(None); }
                    }
                }>"Use this form"</button>
            </div>
            <div role="alert">
                {move || { let list = problems.get(); (!list.is_empty()).then(|| view! {
                    <div class="error-box"><ProblemList items=list /></div>
                }) }}
            </div>
            <div class="field">
                <label for="editor-json">"Template JSON (the answer of GET .../checklists/{id})"</label>
                <textarea id="editor-json" rows="4" spellcheck="false" class="mono" prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            </div>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    match Template::from_json_text(&pasted.get_untracked()) {
                        Ok(template) => {
                            load_into_editor(&template);
                            message.set(Some(format!("Read {} fields of \"{}\": check them above, then \"Use this form\".", template.fields.len(), template.title)));
                        }
                        Err(e) => message.set(Some(format!("The template JSON could not be read: {e}."))),
                    }
                }>"Read template JSON"</button>
            </div>
            {status_line(message)}
        </div>
    }
}

/// One field being defined: its id, label, type and whether it is required, and what its type
/// asks for (options, columns, a time); moved up or down, or removed.
#[component]
fn FieldDraftEditor(
    index: usize,
    drafts: RwSignal<Vec<FieldDraft>>,
    count: Memo<usize>,
) -> impl IntoView {
    let i = index;
    let n = i + 1;
    let edit = move |index: usize, change: Box<dyn Fn(&mut FieldDraft)>| {
        drafts.update(|list| {
            if let Some(d) = list.get_mut(index) {
                change(d);
            }
        });
    };
    let get =
        move |f: fn(&FieldDraft) -> String| drafts.with(|l| l.get(i).map(f).unwrap_or_default());
    let kind = move || drafts.with(|l| l.get(i).and_then(|d| d.field_type.clone()));
    let type_value = move || kind().map(|t| t.api_name().to_string()).unwrap_or_default();
    let is_last = move || i + 1 >= count.get();
    view! {
        <fieldset class="editor-field">
            <legend>{format!("Field {n}")}</legend>
            <div class="editor-grid">
                <div class="field">
                    <label for=format!("ef-id-{i}")>{format!("Field {n} ID")}</label>
                    <input id=format!("ef-id-{i}") type="text" spellcheck="false" prop:value=move || get(|d| d.id.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); edit(i, Box::new(move |d| d.id = v.clone())); } />
                </div>
                <div class="field">
                    <label for=format!("ef-label-{i}")>{format!("Field {n} label")}</label>
                    <input id=format!("ef-label-{i}") type="text" prop:value=move || get(|d| d.label.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); edit(i, Box::new(move |d| d.label = v.clone())); } />
                </div>
                <div class="field">
                    <label for=format!("ef-type-{i}")>{format!("Field {n} type")}</label>
                    <select id=format!("ef-type-{i}") on:change=move |ev| {
                        let v = event_target_value(&ev);
                        edit(i, Box::new(move |d| d.field_type = (!v.is_empty()).then(|| FieldType::from(v.clone()))));
                    }>
                        <option value="" selected=move || type_value().is_empty()>"(choose a type)"</option>
                        {FieldType::ALL.into_iter().map(|t| {
                            let api = t.api_name().to_string();
                            let api2 = api.clone();
                            view! { <option value=api selected=move || type_value() == api2>{format!("{} ({})", t.ui_name(), t.api_name())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || drafts.with(|l| l.get(i).is_some_and(|d| d.required))
                        on:change=move |ev| { let on = event_target_checked(&ev); edit(i, Box::new(move |d| d.required = on)); } />
                    {format!("Field {n} required")}
                </label>
            </div>
            <Show when=move || kind().is_some_and(|t| t.has_options())>
                <div class="field">
                    <label for=format!("ef-options-{i}")>{format!("Field {n} options (one per line; \"3: Gold\" keeps the template's option id 3)")}</label>
                    <textarea id=format!("ef-options-{i}") rows="3" prop:value=move || get(|d| d.options.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); edit(i, Box::new(move |d| d.options = v.clone())); }></textarea>
                </div>
            </Show>
            <Show when=move || kind() == Some(FieldType::Table)>
                <div class="field">
                    <label for=format!("ef-columns-{i}")>{format!("Field {n} columns (one per line)")}</label>
                    <textarea id=format!("ef-columns-{i}") rows="3" prop:value=move || get(|d| d.columns.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); edit(i, Box::new(move |d| d.columns = v.clone())); }></textarea>
                </div>
            </Show>
            <Show when=move || kind() == Some(FieldType::Date)>
                <label class="check">
                    <input type="checkbox" prop:checked=move || drafts.with(|l| l.get(i).is_some_and(|d| d.collect_time))
                        on:change=move |ev| { let on = event_target_checked(&ev); edit(i, Box::new(move |d| d.collect_time = on)); } />
                    {format!("Field {n} collects a time")}
                </label>
            </Show>
            <div class="actions">
                <button type="button" class="secondary small" disabled=move || i == 0 aria-label=format!("Move field {n} up")
                    on:click=move |_| drafts.update(|l| if i > 0 { l.swap(i, i - 1) })>"Up"</button>
                <button type="button" class="secondary small" disabled=is_last aria-label=format!("Move field {n} down")
                    on:click=move |_| drafts.update(|l| if i + 1 < l.len() { l.swap(i, i + 1) })>"Down"</button>
                <button type="button" class="danger small" aria-label=format!("Remove field {n}")
                    on:click=move |_| drafts.update(|l| { if i < l.len() { l.remove(i); } })>"Remove"</button>
            </div>
        </fieldset>
    }
}
