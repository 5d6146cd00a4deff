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
    pub(super) fn aria(&self) -> Aria {
        Aria {
            invalid: self.invalid,
            described_by: self.described_by.clone(),
        }
    }
}

/// The two ARIA attributes every input carries, given as plain attributes on each input (an
/// attribute spread costs the form's chunk more code).
#[derive(Clone)]
pub(super) struct Aria {
    invalid: Signal<bool>,
    described_by: String,
}

impl Aria {
    /// `aria-invalid`: "true" while the field's error shows.
    pub(super) fn invalid(&self) -> impl Fn() -> String + Clone + Send + Sync + 'static {
        let invalid = self.invalid;
        move || invalid.get().to_string()
    }

    /// `aria-describedby`: the ids of the field's guidance and error.
    pub(super) fn described_by(&self) -> String {
        self.described_by.clone()
    }
}
