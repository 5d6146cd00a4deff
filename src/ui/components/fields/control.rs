//! What every input needs, and the input each field type gets.

use leptos::prelude::*;

use super::assignees::assignees_input;
use super::choice::{dropdown_input, multi_input, radio_input};
use super::date::date_input;
use super::files::file_input;
use super::table::table_input;
use super::text::text_input;
use crate::domain::template::{Field, FieldType};
use crate::domain::values::FieldInput;

/// What every input needs.
#[derive(Clone)]
pub(super) struct Control {
    pub(super) field: Field,
    pub(super) input: RwSignal<FieldInput>,
    pub(super) on_edit: Callback<FieldInput>,
    pub(super) invalid: Signal<bool>,
    pub(super) described_by: String,
    pub(super) input_id: String,
}

impl Control {
    /// The wiring every input carries, written once: marked invalid while its error shows, and
    /// described by its guidance and error.
    pub(super) fn aria(&self) -> impl leptos::attr::Attribute + Clone {
        let invalid = self.invalid;
        let described_by = self.described_by.clone();
        view! { <{..} aria-invalid=move || invalid.get().to_string() aria-describedby=described_by /> }
    }
}

pub(super) fn control_for(ctrl: Control) -> AnyView {
    // A choice filled from a list in Tallyfy comes with no options: it takes its text.
    if ctrl.field.is_list_backed() {
        return text_input(ctrl, false);
    }
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
