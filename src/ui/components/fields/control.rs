//! What every input needs (each input kind's file takes it; `control_for` in the folder's
//! root picks the kind).

use leptos::prelude::*;

use crate::domain::template::Field;
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
