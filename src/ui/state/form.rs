//! The kick-off form as signals: one per field (so a keystroke re-renders one field), plus the
//! process-name formula, owner and summary. [`FormModel::draft`] gathers them into a draft.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::assign::Assignment;
use crate::domain::launch::{values_by_id, LaunchDraft, ProcessOptions};
use crate::domain::template::{Field, Template};
use crate::domain::values::FieldInput;

/// A loaded template and what the user has entered for it.
#[derive(Clone)]
pub struct FormModel {
    /// The template being launched.
    pub template: Template,
    /// Each field with its input, in display order.
    pub inputs: Vec<(Field, RwSignal<FieldInput>)>,
    pub name_formula: RwSignal<String>,
    /// Owner's member id.
    pub owner: RwSignal<Option<i64>>,
    pub summary: RwSignal<String>,
    /// Step assignments by step id.
    pub steps: RwSignal<BTreeMap<String, Assignment>>,
    /// Role assignments by role id.
    pub roles: RwSignal<BTreeMap<String, Assignment>>,
    /// Starred, tags and folders.
    pub options: RwSignal<ProcessOptions>,
}

impl FormModel {
    /// A form for `template`, filled from `draft`.
    pub fn new(template: Template, draft: &LaunchDraft) -> FormModel {
        let inputs = template
            .fields
            .iter()
            .map(|f| (f.clone(), RwSignal::new(draft.input_for(f))))
            .collect();
        let formula = if draft.name_formula.trim().is_empty() {
            template.initial_formula()
        } else {
            draft.name_formula.clone()
        };
        FormModel {
            inputs,
            name_formula: RwSignal::new(formula),
            owner: RwSignal::new(draft.owner_id),
            summary: RwSignal::new(draft.summary.clone()),
            steps: RwSignal::new(draft.steps.clone()),
            roles: RwSignal::new(draft.roles.clone()),
            options: RwSignal::new(draft.options.clone()),
            template,
        }
    }

    /// The draft as entered now (tracked: callers re-run when any input changes).
    pub fn draft(&self) -> LaunchDraft {
        LaunchDraft {
            template_id: self.template.id.clone(),
            name_formula: self.name_formula.get(),
            owner_id: self.owner.get(),
            summary: self.summary.get(),
            values: values_by_id(
                self.inputs
                    .iter()
                    .map(|(f, input)| (f.id.clone(), input.get())),
            ),
            steps: self.steps.get(),
            roles: self.roles.get(),
            options: self.options.get(),
        }
    }

    /// The same, without tracking.
    pub fn draft_untracked(&self) -> LaunchDraft {
        untrack(|| self.draft())
    }

    /// Whether the formula is still this template's default.
    pub fn formula_is_default(&self) -> bool {
        self.name_formula
            .with_untracked(|f| f.trim().is_empty() || *f == self.template.initial_formula())
    }

    /// Empties every field and resets name, owner and summary.
    pub fn clear(&self) {
        for (field, input) in &self.inputs {
            input.set(FieldInput::empty_for(field));
        }
        self.name_formula.set(self.template.initial_formula());
        self.owner.set(None);
        self.summary.set(String::new());
        self.steps.set(BTreeMap::new());
        self.roles.set(BTreeMap::new());
        self.options.set(ProcessOptions::default());
    }
}
