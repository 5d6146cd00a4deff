//! Presets: save, apply, delete, export and import.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::chosen::focus_when_there;
use super::{status_line, ScheduleSection};
use crate::domain::fill::Fill;
use crate::domain::preset::{merge_presets, name_clashes, Preset, PresetBook};
use crate::ui::browser::files::{download, read_chosen_file};
use crate::ui::components::confirm::ConfirmNotice;
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::presets::use_presets;
use crate::ui::text::plural;

/// Save, apply, delete, export and import presets.
#[component]
pub(super) fn PresetsPanel() -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    view! {
        <div class="stack">
            <PresetChooser chosen message />
            <PresetSave chosen message />
            <PresetFiles message />
            {status_line(message)}
        </div>
    }
}

/// Choose a preset: fill the form from it, schedule it, or delete it.
#[component]
fn PresetChooser(chosen: RwSignal<String>, message: RwSignal<Option<String>>) -> impl IntoView {
    let session = use_launch_session();
    let store = use_presets();
    let apply = move |_| {
        let wanted = chosen.get_untracked();
        match store
            .presets
            .with_untracked(|list| list.iter().find(|p| p.name == wanted).cloned())
        {
            Some(preset) => {
                message.set(Some(format!("Filling the form from \"{}\"…", preset.name)));
                session.open(Fill::Preset(Box::new(preset)));
            }
            None => message.set(Some("Choose a preset first.".into())),
        }
    };
    // Fills the form from the preset, then opens the Schedule section on it.
    let schedule_section = use_context::<ScheduleSection>();
    let schedule = move |ev| {
        apply(ev);
        let known = store
            .presets
            .with_untracked(|list| list.iter().any(|p| p.name == chosen.get_untracked()));
        if let (true, Some(ScheduleSection(open))) = (known, schedule_section) {
            open.set(true);
            focus_when_there("#schedule-repeat");
        }
    };
    view! {
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
            <button type="button" class="secondary" on:click=schedule>"Schedule this preset"</button>
            <button type="button" class="danger" on:click=move |_| {
                let wanted = chosen.get_untracked();
                store.change(|list| list.retain(|p| p.name != wanted));
                message.set(Some(format!("Preset \"{wanted}\" deleted.")));
            }>"Delete preset"</button>
        </div>
    }
}

/// Save the form as it stands under a name (replacing a preset of that name).
#[component]
fn PresetSave(chosen: RwSignal<String>, message: RwSignal<Option<String>>) -> impl IntoView {
    let session = use_launch_session();
    let store = use_presets();
    let name = RwSignal::new(String::new());
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
        let preset = Preset::named(
            &preset_name,
            &form.template,
            form.draft_untracked(),
            untrack(|| session.is_hand_made()),
        );
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
    view! {
        <div class="input-row">
            <div class="field">
                <label for="preset-name">"Preset name"</label>
                <input id="preset-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </div>
            <button type="button" class="secondary" on:click=save>"Save as preset"</button>
        </div>
    }
}

/// Export the presets file, or import one (asking before replacing presets of the same name).
#[component]
fn PresetFiles(message: RwSignal<Option<String>>) -> impl IntoView {
    let store = use_presets();
    let waiting_import = RwSignal::new(None::<(PresetBook, Vec<String>)>);
    let import_input = NodeRef::<html::Input>::new();
    let finish_import = move |incoming: PresetBook, replace: bool| {
        let (mut counts, mut pins, mut tracked) = ((0, 0), 0, 0);
        store.change_book(|book| {
            counts = merge_presets(&mut book.presets, incoming.presets, replace);
            pins = book.merge_pins(&incoming.pins);
            tracked = book.merge_tracked(&incoming.tracked);
        });
        waiting_import.set(None);
        message.set(Some(format!(
            "Imported {} new preset{} and replaced {}{}{}.",
            counts.0,
            plural(counts.0, "", "s"),
            counts.1,
            pinned_note(pins, incoming.pins.len()),
            tracked_note(tracked, incoming.tracked.len()),
        )));
    };
    let on_import = move |_| {
        let Some(input) = import_input.get() else {
            return;
        };
        spawn_local(async move {
            match read_chosen_file(&input).await {
                Ok((file, text)) => match PresetBook::parse(&text) {
                    Ok(incoming) => {
                        let clashes = store.presets.with_untracked(|list| name_clashes(list, &incoming.presets));
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
        <p class="help">"A preset keeps the template, the process-name formula, the owner, the summary and the values filled in now (never the token). Export presets also carries the pinned templates and the templates tracked on the Track board, so a team can share a starter set."</p>
        <div class="actions">
            <button type="button" class="secondary" on:click=move |_| {
                let book = store.book();
                let (count, pins, tracked) = (book.presets.len(), book.pins.len(), book.tracked.len());
                message.set(Some(match download("tallyfy-launcher-presets.json", "application/json", &book.export()) {
                    Ok(()) => format!("Exported {count} {}, {pins} pinned {} and {tracked} tracked {}.", plural(count, "preset", "presets"), plural(pins, "template", "templates"), plural(tracked, "template", "templates")),
                    Err(e) => format!("The export failed: {e}."),
                }));
            }>"Export presets"</button>
            <label class="button secondary" for="preset-import">"Import presets"</label>
            <input id="preset-import" node_ref=import_input class="visually-hidden" type="file" accept="application/json,.json" on:change=on_import />
        </div>
        {move || waiting_import.get().map(|(incoming, clashes)| {
            let for_replace = incoming.clone();
            view! {
                <ConfirmNotice title="Replace presets with the same name?">
                    <p>{format!("{} preset{} in the file ha{} the same name as yours: {}. Replace {}?",
                        clashes.len(), plural(clashes.len(), "", "s"), plural(clashes.len(), "s", "ve"),
                        clashes.join(", "), plural(clashes.len(), "it", "them"))}</p>
                    <button type="button" on:click=move |_| finish_import(for_replace.clone(), true)>"Replace"</button>
                    <button type="button" class="secondary" on:click=move |_| finish_import(incoming.clone(), false)>"Keep mine, import the rest"</button>
                    <button type="button" class="secondary" on:click=move |_| waiting_import.set(None)>"Cancel import"</button>
                </ConfirmNotice>
            }
        })}
    }
}

/// What an import did with the file's pinned templates (nothing when it had none).
fn tracked_note(added: usize, in_file: usize) -> String {
    match (added, in_file) {
        (_, 0) => String::new(),
        (0, _) => ", and every tracked template in it was already tracked".into(),
        (n, _) => format!(
            ", and tracked {n} {} on the Track board",
            plural(n, "template", "templates")
        ),
    }
}

fn pinned_note(added: usize, in_file: usize) -> String {
    match (added, in_file) {
        (_, 0) => String::new(),
        (0, _) => ", and every pinned template in it was already pinned".into(),
        (n, _) => format!(", and pinned {n} {}", plural(n, "template", "templates")),
    }
}
