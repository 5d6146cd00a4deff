//! The Launch screen's tools: presets, a kick-off form editor for templates the token cannot
//! read, pasting a Workato or seed body, share links, and export for Workato.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::request::TOKEN_PLACEHOLDER;
use crate::domain::body_import::{read_body, BodyShape, OLD_SHAPE_EXPLAINED};
use crate::domain::preset::{export_presets, merge_presets, name_clashes, parse_presets, Preset};
use crate::domain::share::ShareLink;
use crate::domain::template::{build_template, FieldDraft, FieldType, Template};
use crate::domain::values::DateOrder;
use crate::ui::clipboard::copy_text;
use crate::ui::files::{download, read_chosen_file};
use crate::ui::launch_session::{use_launch_session, PendingFill};
use crate::ui::preset_store::use_presets;
use crate::ui::state::use_app;
use crate::ui::zone::now_local;

/// All tools, each in its own collapsible section.
#[component]
pub fn LaunchTools() -> impl IntoView {
    let session = use_launch_session();
    let has_form = move || session.form.with(Option::is_some);
    view! {
        <div class="card tools">
            <h2>"More ways to fill the form"</h2>
            <Section title="Presets" body=|| view! { <PresetsPanel /> }.into_any() />
            <Section title="Define the kick-off form yourself" body=|| view! { <FormEditor /> }.into_any() />
            <Section title="Paste a launch body (Workato or seed)" body=|| view! { <PasteBody /> }.into_any() />
            <Show when=has_form>
                <Section title="Share link" body=|| view! { <SharePanel /> }.into_any() />
                <Section title="Export for Workato" body=|| view! { <WorkatoExport /> }.into_any() />
            </Show>
        </div>
    }
}

/// A collapsible section whose contents exist only while it is open (a closed one costs
/// nothing, and its controls do not stand in for the form's).
#[component]
fn Section(title: &'static str, body: fn() -> AnyView) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details on:toggle=move |ev| {
            let details: web_sys::HtmlDetailsElement = event_target(&ev);
            open.set(details.open());
        }>
            <summary>{title}</summary>
            <Show when=move || open.get()>{body()}</Show>
        </details>
    }
}

/// A status line for a panel.
fn status_line(message: RwSignal<Option<String>>) -> impl IntoView {
    view! { <p class="meta" role="status">{move || message.get()}</p> }
}

/// Save, apply, delete, export and import presets.
#[component]
fn PresetsPanel() -> impl IntoView {
    let session = use_launch_session();
    let store = use_presets();
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let waiting_import = RwSignal::new(None::<(Vec<Preset>, Vec<String>)>);
    let import_input = NodeRef::<html::Input>::new();

    let save = move |_| {
        let Some(form) = session.form.get_untracked() else {
            message.set(Some(
                "Load a template (or define one) first: a preset saves how it is filled.".into(),
            ));
            return;
        };
        let preset_name = name.get_untracked().trim().to_string();
        if preset_name.is_empty() {
            message.set(Some("Give the preset a name.".into()));
            return;
        }
        let draft = form.draft_untracked();
        let preset = Preset {
            name: preset_name.clone(),
            template_id: form.template.id.clone(),
            template_title: form.template.title.clone(),
            name_formula: draft.name_formula,
            owner_id: draft.owner_id,
            summary: draft.summary,
            values: draft
                .values
                .into_iter()
                .filter(|(_, v)| !v.is_blank())
                .collect(),
            template: session
                .hand_made
                .get_untracked()
                .then(|| form.template.clone()),
        };
        let existed = store
            .presets
            .with_untracked(|list| list.iter().any(|p| p.name == preset_name));
        store.change(|list| {
            list.retain(|p| p.name != preset_name);
            list.push(preset);
        });
        chosen.set(preset_name.clone());
        message.set(Some(if existed {
            format!("Preset \"{preset_name}\" updated.")
        } else {
            format!("Preset \"{preset_name}\" saved.")
        }));
    };
    let apply = move |_| {
        let wanted = chosen.get_untracked();
        match store
            .presets
            .with_untracked(|list| list.iter().find(|p| p.name == wanted).cloned())
        {
            Some(preset) => {
                message.set(Some(format!("Filling the form from \"{}\"…", preset.name)));
                session.open(PendingFill::Preset(preset));
            }
            None => message.set(Some("Choose a preset first.".into())),
        }
    };
    let finish_import = move |presets: Vec<Preset>, replace: bool| {
        let mut counts = (0, 0);
        store.change(|list| counts = merge_presets(list, presets, replace));
        waiting_import.set(None);
        message.set(Some(format!(
            "Imported {} new preset{} and replaced {}.",
            counts.0,
            if counts.0 == 1 { "" } else { "s" },
            counts.1
        )));
    };
    let on_import = move |_| {
        let Some(input) = import_input.get() else {
            return;
        };
        spawn_local(async move {
            match read_chosen_file(&input).await {
                Ok((file, text)) => match parse_presets(&text) {
                    Ok(incoming) => {
                        let clashes = store.presets.with_untracked(|list| name_clashes(list, &incoming));
                        if clashes.is_empty() {
                            finish_import(incoming, false);
                        } else {
                            waiting_import.set(Some((incoming, clashes)));
                        }
                    }
                    Err(reason) => message.set(Some(format!("{file} could not be imported: {reason}. Choose a file made by \"Export presets\"."))),
                },
                Err(reason) => message.set(Some(format!("Nothing was imported: {reason}."))),
            }
            input.set_value("");
        });
    };
    view! {
        <div class="stack">
            <div class="input-row">
                <div class="field">
                    <label for="preset-choice">"Preset"</label>
                    <select id="preset-choice" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="">"(choose a preset)"</option>
                        {move || store.presets.get().into_iter().map(|p| {
                            let n = p.name.clone();
                            view! { <option value=p.name.clone() selected=move || chosen.get() == n>{format!("{} ({})", p.name, p.template_title)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="button" class="secondary" on:click=apply>"Fill the form from the preset"</button>
                <button type="button" class="danger" on:click=move |_| {
                    let wanted = chosen.get_untracked();
                    store.change(|list| list.retain(|p| p.name != wanted));
                    message.set(Some(format!("Preset \"{wanted}\" deleted.")));
                }>"Delete preset"</button>
            </div>
            <div class="input-row">
                <div class="field">
                    <label for="preset-name">"Preset name"</label>
                    <input id="preset-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <button type="button" class="secondary" on:click=save>"Save as preset"</button>
            </div>
            <p class="help">"A preset keeps the template, the process-name formula, the owner, the summary and the values filled in now (never the token)."</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    let text = store.presets.with_untracked(|list| export_presets(list));
                    let count = store.presets.with_untracked(Vec::len);
                    message.set(Some(match download("tallyfy-launcher-presets.json", "application/json", &text) {
                        Ok(()) => format!("Exported {count} preset{}.", if count == 1 { "" } else { "s" }),
                        Err(e) => format!("The export failed: {e}."),
                    }));
                }>"Export presets"</button>
                <label class="button secondary" for="preset-import">"Import presets"</label>
                <input id="preset-import" node_ref=import_input class="visually-hidden" type="file" accept="application/json,.json" on:change=on_import />
            </div>
            {move || waiting_import.get().map(|(incoming, clashes)| {
                let for_replace = incoming.clone();
                view! {
                    <div class="notice warning" role="alertdialog" aria-label="Replace presets with the same name?">
                        <p>{format!("{} preset{} in the file ha{} the same name as yours: {}. Replace {}?",
                            clashes.len(), if clashes.len() == 1 { "" } else { "s" }, if clashes.len() == 1 { "s" } else { "ve" },
                            clashes.join(", "), if clashes.len() == 1 { "it" } else { "them" })}</p>
                        <button type="button" on:click=move |_| finish_import(for_replace.clone(), true)>"Replace"</button>
                        <button type="button" class="secondary" on:click=move |_| finish_import(incoming.clone(), false)>"Keep mine, import the rest"</button>
                        <button type="button" class="secondary" on:click=move |_| waiting_import.set(None)>"Cancel import"</button>
                    </div>
                }
            })}
            {status_line(message)}
        </div>
    }
}

/// Field definitions typed in (or pasted as template JSON) for a template the token cannot read.
#[component]
fn FormEditor() -> impl IntoView {
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
    let edit = move |index: usize, change: Box<dyn Fn(&mut FieldDraft)>| {
        drafts.update(|list| {
            if let Some(d) = list.get_mut(index) {
                change(d);
            }
        });
    };
    let count = Memo::new(move |_| drafts.with(Vec::len));
    let rows = move || {
        (0..count.get())
            .map(|i| {
                let n = i + 1;
                let get = move |f: fn(&FieldDraft) -> String| drafts.with(|l| l.get(i).map(f).unwrap_or_default());
                let kind = move || drafts.with(|l| l.get(i).and_then(|d| d.field_type.clone()));
                let type_value = move || kind().map(|t| t.api_name().to_string()).unwrap_or_default();
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
                            <button type="button" class="secondary small" disabled=move || i + 1 >= count.get() aria-label=format!("Move field {n} down")
                                on:click=move |_| drafts.update(|l| if i + 1 < l.len() { l.swap(i, i + 1) })>"Down"</button>
                            <button type="button" class="danger small" aria-label=format!("Remove field {n}")
                                on:click=move |_| drafts.update(|l| { if i < l.len() { l.remove(i); } })>"Remove"</button>
                        </div>
                    </fieldset>
                }
            })
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
                    <div class="error-box"><ul>{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul></div>
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

/// Reads a pasted launch body (current or old Workato shape) into the form.
#[component]
fn PasteBody() -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(bool, String), String>>);
    view! {
        <div class="stack">
            <div class="field">
                <label for="paste-body">"Launch body (JSON)"</label>
                <textarea id="paste-body" rows="5" spellcheck="false" class="mono" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    match read_body(&text.get_untracked()) {
                        Ok(body) => {
                            let mut note = match body.shape {
                                BodyShape::Old => OLD_SHAPE_EXPLAINED.to_string(),
                                BodyShape::Current => "Read the body: the form below is filled from it.".to_string(),
                            };
                            let org = app.settings.with_untracked(|s| s.org_id.clone());
                            if let Some(body_org) = body.org_id.as_ref().filter(|o| **o != org) {
                                note.push_str(&format!(" The body names organization {body_org}, but your settings use {}: launches go to the organization in Settings.", if org.is_empty() { "none".to_string() } else { org }));
                            }
                            outcome.set(Some(Ok((body.shape == BodyShape::Old, note))));
                            session.open_imported(body);
                        }
                        Err(e) => outcome.set(Some(Err(e))),
                    }
                }>"Read body"</button>
            </div>
            <div role="status">
                {move || outcome.get().map(|o| match o {
                    Ok((old, note)) => view! { <p class=if old { "warning" } else { "help" }>{note}</p> }.into_any(),
                    Err(e) => view! { <p class="error">{format!("The body could not be read: {e}")}</p> }.into_any(),
                })}
            </div>
        </div>
    }
}

/// Builds a pre-fill link with the values the user ticks.
#[component]
fn SharePanel() -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let picked = RwSignal::new(std::collections::BTreeSet::<String>::new());
    let include_name = RwSignal::new(true);
    let include_owner = RwSignal::new(false);
    let include_summary = RwSignal::new(false);
    let include_connection = RwSignal::new(true);
    let message = RwSignal::new(None::<String>);
    let filled = move || {
        session.form.with(|f| {
            f.as_ref()
                .map(|form| {
                    form.inputs
                        .iter()
                        .filter(|(_, input)| !input.with(|i| i.is_blank()))
                        .map(|(field, _)| (field.id.clone(), field.display_name().to_string()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let link = move || -> Option<String> {
        let form = session.form.get()?;
        let directory = app.directory.get();
        let settings = app.settings.get();
        let draft = form.draft();
        let chosen = picked.get();
        let values = form
            .template
            .fields
            .iter()
            .filter(|f| chosen.contains(&f.id))
            .map(|f| {
                // Name fields by label when that is unambiguous, otherwise by id.
                let key = if !f.label.trim().is_empty()
                    && form.template.fields_named(&f.label).len() == 1
                {
                    f.label.trim().to_string()
                } else {
                    f.id.clone()
                };
                (key, draft.input_for(f).to_text(f, &directory))
            })
            .collect();
        let share = ShareLink {
            api_base: include_connection.get().then(|| settings.api_base.clone()),
            org: include_connection
                .get()
                .then(|| settings.org_id.clone())
                .filter(|o| !o.is_empty()),
            template_id: Some(form.template.id.clone()),
            name_formula: include_name.get().then_some(draft.name_formula),
            owner: if include_owner.get() {
                draft.owner_id.map(|o| o.to_string())
            } else {
                None
            },
            summary: include_summary
                .get()
                .then_some(draft.summary)
                .filter(|s| !s.is_empty()),
            values,
        };
        let location = window().location();
        let base = format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        );
        Some(format!("{base}#/launch?{}", share.encode()))
    };
    let checkbox = |label: &'static str, signal: RwSignal<bool>| {
        view! {
            <label class="check">
                <input type="checkbox" prop:checked=move || signal.get() on:change=move |ev| signal.set(event_target_checked(&ev)) />
                {label}
            </label>
        }
    };
    view! {
        <div class="stack">
            <p class="help">"A link that opens this form filled in (it never launches by itself, and never carries your token). Tick the values to include."</p>
            <fieldset>
                <legend>"Values to include"</legend>
                <div class="choices">
                    {move || filled().into_iter().map(|(id, label)| {
                        let id_for_check = id.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&id_for_check))
                                    on:change=move |ev| { let on = event_target_checked(&ev); let id = id.clone(); picked.update(|p| { if on { p.insert(id); } else { p.remove(&id); } }); } />
                                {format!("Include {label}")}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="choices">
                {checkbox("Include the process-name formula", include_name)}
                {checkbox("Include the owner", include_owner)}
                {checkbox("Include the summary", include_summary)}
                {checkbox("Include the API base URL and organization", include_connection)}
            </div>
            <div class="field">
                <label for="share-link">"Share link"</label>
                <textarea id="share-link" rows="3" readonly class="mono" prop:value=move || link().unwrap_or_default()></textarea>
            </div>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    let text = link().unwrap_or_default();
                    spawn_local(async move {
                        message.set(Some(match copy_text(&text).await {
                            Ok(()) => "Copied the share link.".into(),
                            Err(e) => e,
                        }));
                    });
                }>"Copy share link"</button>
            </div>
            {status_line(message)}
        </div>
    }
}

/// The current launch as a Workato HTTP action: URL, headers (token as a placeholder), body.
#[component]
fn WorkatoExport() -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let message = RwSignal::new(None::<String>);
    let export = move || -> Result<String, String> {
        let form = session.form.get().ok_or("Load a template first.")?;
        let directory = app.directory.get();
        let ctx = crate::domain::values::EncodeContext {
            zone: &crate::ui::zone::BrowserZone,
            directory: &directory,
            date_order: DateOrder::DayFirst,
        };
        let (body, _) = form.draft().assemble(&form.template, &ctx, now_local());
        let request = app
            .connection_tracked()
            .and_then(|c| c.launch(&body))
            .map_err(|e| e.to_string())?;
        Ok(request.workato_export())
    };
    view! {
        <div class="stack">
            <p class="help">{format!("Paste these into a Workato HTTP action (method POST, request content type JSON). Replace {TOKEN_PLACEHOLDER} with the token from Workato's connection, never a token pasted into the recipe.")}</p>
            <pre data-testid="workato-export">{move || export().unwrap_or_else(|e| e)}</pre>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    let text = export().unwrap_or_default();
                    spawn_local(async move {
                        message.set(Some(match copy_text(&text).await {
                            Ok(()) => "Copied the Workato export.".into(),
                            Err(e) => e,
                        }));
                    });
                }>"Copy Workato export"</button>
            </div>
            {status_line(message)}
        </div>
    }
}
