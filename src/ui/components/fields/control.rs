//! What every input needs (each input kind's file takes it; `control_for` in the folder's
//! root picks the kind), and the inputs whose code comes later.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use super::assignees::assignees_input;
use super::files::file_input;
use super::table::table_input;
use crate::domain::template::{Field, FieldType};
use crate::domain::values::FieldInput;
use crate::ui::split::ChunkError;

/// What every input needs.
#[derive(Clone)]
pub struct Control {
    pub(super) field: Field,
    pub(super) input: RwSignal<FieldInput>,
    pub(super) on_edit: Callback<FieldInput>,
    pub(super) invalid: Signal<bool>,
    pub(super) described_by: String,
}

/// A view on its way from a chunk (an error: the chunk did not download).
pub type ViewOnItsWay = Pin<Box<dyn Future<Output = Result<AnyView, ChunkError>>>>;

/// The inputs of table, people and file fields, whose code is not in the form's own chunk: the
/// form that shows the fields gives them from the chunk that follows its fields, so a form's
/// first field never waits for them.
#[derive(Clone, Copy)]
pub struct LaterInputs {
    /// Loads such an input's view.
    pub load: fn(Control) -> ViewOnItsWay,
    /// Whether their chunk is there (a chunk that did not download is said once, by the part
    /// of the form that follows the fields, with Try again).
    pub ready: RwSignal<bool>,
}

impl Control {
    /// The input of a table, people or file field (called by the chunk [`LaterInputs`] loads).
    pub fn later_input(self) -> AnyView {
        match self.field.field_type {
            FieldType::Table => table_input(self),
            FieldType::AssigneesForm => assignees_input(self),
            _ => file_input(self),
        }
    }

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
