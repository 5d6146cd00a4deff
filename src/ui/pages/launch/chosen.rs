//! The chosen template folded to one line, and the focus and key helpers that go with it.

use leptos::prelude::*;

use crate::ui::state::launch::use_launch_session;
use crate::ui::state::presets::{presets_as_read, PresetAction};
use crate::ui::text::plural;

/// The chosen template folded to one line: its title, how many kick-off fields, a button that
/// pins it to the quick picks, and one that opens the picker again.
#[component]
pub(super) fn ChosenTemplate(choosing: RwSignal<bool>) -> impl IntoView {
    let session = use_launch_session();
    // The pins are read by code in a chunk, once the asked screen is ready (see
    // `ui::screens::after_the_asked_screen`): the pin's state follows then.
    let presets = presets_as_read();
    move || {
        if choosing.get() {
            return None;
        }
        let (id, title, count) = session.form.with(|form| {
            form.as_ref().map(|f| {
                (
                    f.template.id.clone(),
                    f.template.title.clone(),
                    f.inputs.len(),
                )
            })
        })?;
        let pinned = {
            let id = id.clone();
            Memo::new(move |_| {
                presets
                    .pins
                    .with(|pins| pins.iter().any(|p| p.template_id == id))
            })
        };
        let title_for_pin = title.clone();
        Some(view! {
            <div class="card chosen-template" data-testid="chosen-template">
                <p>
                    <strong>{title}</strong>
                    {format!(" · {count} kick-off {}", plural(count, "field", "fields"))}
                </p>
                <div class="actions">
                    <button type="button" class="secondary small pin-toggle" aria-pressed=move || pinned.get().to_string()
                        title="Pinned templates are quick picks above the search, and travel with exported presets"
                        on:click=move |_| {
                            let pin = PresetAction::Pin(id.clone(), title_for_pin.clone(), !pinned.get_untracked());
                            leptos::task::spawn_local(presets.later(pin));
                        }>
                        "Pin to quick picks"
                    </button>
                    <button type="button" class="secondary small" on:click=move |_| {
                        choosing.set(true);
                        focus_when_there("#template-search");
                    }>"Change template"</button>
                </div>
            </div>
        })
    }
}

/// Whether a key event happened in something that takes text (where "/" is a character).
pub(super) fn typing_in(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// Focuses the first kick-off field once the form is in the page (its code may still be
/// downloading), so typing can start at once after choosing a template.
pub(super) fn focus_first_field() {
    focus_when_there(".kickoff input, .kickoff select, .kickoff textarea");
}

/// Focuses the first element matching `selector` as soon as there is one (tries for 3 s).
pub(super) fn focus_when_there(selector: &'static str) {
    fn attempt(selector: &'static str, tries_left: u32) {
        let found = document()
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        match found {
            Some(element) => {
                let _ = element.focus();
            }
            None if tries_left > 0 => set_timeout(
                move || attempt(selector, tries_left - 1),
                std::time::Duration::from_millis(30),
            ),
            None => {}
        }
    }
    set_timeout(move || attempt(selector, 100), std::time::Duration::ZERO);
}
