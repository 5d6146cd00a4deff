//! The kick-off fields in the page: added a chunk at a time as one piece of markup, each
//! field's value and error kept shown, and the list's input events turned into edits.

use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use wasm_bindgen::JsCast;

use super::markup::{described_by, has_guidance, write_field, InputKind};
use super::wiring::{self, EditEvent};
use super::{later_input, Control};
use crate::domain::template::Field;
use crate::domain::values::FieldInput;
use crate::ui::components::safe_html::SafeContent;
use crate::ui::state::feedback::FieldFeedback;

/// A field in the page.
struct Shown {
    /// Its element (`.kickoff`).
    element: web_sys::Element,
    kind: InputKind,
    /// The error it shows, empty for none.
    error: String,
}

/// The kick-off fields and those of them in the page (handles: copies share them; the list's
/// component owns what they point to).
#[derive(Clone, Copy)]
pub(super) struct ShownFields {
    inputs: StoredValue<Vec<(Field, RwSignal<FieldInput>)>>,
    shown: StoredValue<Vec<Shown>, LocalStorage>,
    /// How many are in the page (the errors follow it).
    count: RwSignal<usize>,
    /// The views of table, people and file inputs: an update stops with its view's state.
    later: StoredValue<Vec<AnyViewState>, LocalStorage>,
    /// The list's owner: what a field needs lives as long as the list, not as the effect that
    /// added it (whose next run would dispose of it).
    owner: StoredValue<Option<Owner>, LocalStorage>,
    feedback: FieldFeedback,
}

impl ShownFields {
    /// None of `inputs` in the page yet.
    pub(super) fn new(
        inputs: Vec<(Field, RwSignal<FieldInput>)>,
        feedback: FieldFeedback,
    ) -> ShownFields {
        ShownFields {
            inputs: StoredValue::new(inputs),
            shown: StoredValue::new_local(Vec::new()),
            count: RwSignal::new(0),
            later: StoredValue::new_local(Vec::new()),
            owner: StoredValue::new_local(Owner::current()),
            feedback,
        }
    }

    /// Adds the fields after those in `list` up to number `end`.
    pub(super) fn add_up_to(self, list: &web_sys::Element, end: usize) {
        let start = self.count.get_untracked();
        let end = end.min(self.inputs.with_value(Vec::len));
        if end <= start {
            return;
        }
        let add = || untrack(|| self.add(list, start, end));
        match self.owner.get_value() {
            Some(owner) => owner.with(add),
            None => add(),
        }
        self.count.set(end);
    }

    fn add(self, list: &web_sys::Element, start: usize, end: usize) {
        let mut html = String::with_capacity((end - start) * 640);
        let (kinds, guidance) = self.inputs.with_value(|all| {
            let chunk = &all[start..end];
            let kinds: Vec<InputKind> = (start..end)
                .zip(chunk)
                .map(|(i, (field, _))| {
                    let kind = InputKind::of(field);
                    write_field(&mut html, i, field, &kind);
                    kind
                })
                .collect();
            // All the chunk's guidance parsed in one document.
            let texts: Vec<&str> = chunk.iter().map(|(f, _)| f.guidance.as_str()).collect();
            (kinds, SafeContent::from_many(&texts))
        });
        let _ = list.insert_adjacent_html("beforeend", &html);
        let elements = list.children();
        for ((i, kind), guidance) in (start..end).zip(kinds).zip(guidance) {
            let Some(element) = elements.item(i as u32) else {
                continue;
            };
            let (guided, input) = self
                .inputs
                .with_value(|all| (has_guidance(&all[i].0), all[i].1));
            // The guidance box follows the label.
            if let Some(text_box) = guided.then(|| element.children().item(1)).flatten() {
                guidance.append_to(&text_box);
            }
            match kind {
                InputKind::Later => self.mount_later(i, &element),
                InputKind::Unsupported(_) => {}
                _ => {
                    let (kind, element) = (kind.clone(), element.clone());
                    Effect::new(move |_| {
                        input.with(|value| wiring::show_input(&kind, &element, value))
                    });
                }
            }
            self.shown.update_value(|shown| {
                shown.push(Shown {
                    element,
                    kind,
                    error: String::new(),
                })
            });
        }
    }

    /// Builds a table, people or file input and puts it before the field's error line.
    fn mount_later(self, i: usize, element: &web_sys::Element) {
        let (field, input) = self.inputs.with_value(|all| all[i].clone());
        let id = field.id.clone();
        let id_for_edit = id.clone();
        let control = Control {
            described_by: described_by(&field),
            field,
            input,
            on_edit: Callback::new(move |next: FieldInput| self.apply(&id_for_edit, input, next)),
            invalid: Signal::derive(move || self.error_of(&id).is_some()),
        };
        let mut state = later_input(control).build();
        let error_line = element.last_element_child();
        state.mount(element, error_line.as_ref().map(|line| line.as_ref()));
        self.later.update_value(|later| later.push(state));
    }

    /// The error a field shows (tracked): Tallyfy's message (from a 422) first, until the field
    /// is edited; then its own, once it was left or Launch was pressed.
    fn error_of(self, id: &str) -> Option<String> {
        let feedback = self.feedback;
        feedback.server_field(id).or_else(|| {
            feedback
                .shows(id)
                .then(|| feedback.field_problem(id))
                .flatten()
        })
    }

    /// Shows each field's error in its error line and marks its controls invalid while it has
    /// one (tracked: run as an effect).
    pub(super) fn show_errors(self) {
        let count = self.count.get();
        let errors: Vec<String> = self.inputs.with_value(|all| {
            all[..count]
                .iter()
                .map(|(field, _)| self.error_of(&field.id).unwrap_or_default())
                .collect()
        });
        self.shown.update_value(|shown| {
            for (field, error) in shown.iter_mut().zip(errors) {
                if field.error != error {
                    show_error(field, &error);
                    field.error = error;
                }
            }
        });
    }

    /// Turns an input event on one of the controls into the edit of its field.
    pub(super) fn edited(self, event: &web_sys::Event, which: EditEvent) {
        let Some(i) = field_number(event) else {
            return;
        };
        let Some((id, input)) = self
            .inputs
            .with_value(|all| all.get(i).map(|(field, input)| (field.id.clone(), *input)))
        else {
            return;
        };
        let next = self.shown.with_value(|shown| {
            let kind = &shown.get(i)?.kind;
            input.with_untracked(|now| wiring::edited(kind, which, event, now))
        });
        if let Some(next) = next {
            self.apply(&id, input, next);
        }
    }

    /// An edit of field `id`: its input takes `next`, and Tallyfy's message for it goes.
    fn apply(self, id: &str, input: RwSignal<FieldInput>, next: FieldInput) {
        input.set(next);
        self.feedback.field_edited(id);
    }

    /// Marks the field that focus left as left: its own problem shows from now on.
    pub(super) fn left(self, event: &web_sys::Event) {
        let id = field_number(event)
            .and_then(|i| self.inputs.with_value(|all| Some(all.get(i)?.0.id.clone())));
        if let Some(id) = id {
            self.feedback.touch(&id);
        }
    }
}

/// Writes `error` in the field's error line, and marks its controls invalid while there is one
/// (a later input marks its own).
fn show_error(field: &Shown, error: &str) {
    if let Some(line) = field.element.last_element_child() {
        line.set_text_content(Some(error));
    }
    if field.kind == InputKind::Later {
        return;
    }
    let invalid = (!error.is_empty()).to_string();
    if let Ok(controls) = field.element.query_selector_all("[aria-invalid]") {
        for i in 0..controls.length() {
            if let Some(control) = controls.item(i) {
                let _ = control
                    .unchecked_into::<web_sys::Element>()
                    .set_attribute("aria-invalid", &invalid);
            }
        }
    }
}

/// The number of the field (`data-field`) whose control the event happened on.
fn field_number(event: &web_sys::Event) -> Option<usize> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let field = target.closest("[data-field]").ok()??;
    field.get_attribute("data-field")?.parse().ok()
}
