//! Which problems the Launch form shows: a control's own once it was left, all of them after a
//! Launch attempt, and the server's (from a 422) at the field, step, role or input it names until
//! that control is edited. A field's own problem is the one the launch preview found (what
//! Launch would send is computed once, and its problems with it): the fields only read it.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;

use crate::domain::outcome::ApiError;

/// The form's feedback state, provided to the controls below the launch session.
#[derive(Clone, Copy)]
pub struct FieldFeedback {
    /// Controls the user has left (field ids, `assignment:<id>`).
    pub touched: RwSignal<HashSet<String>>,
    /// Show every field's error (after Launch was pressed).
    pub show_all: RwSignal<bool>,
    /// The server's messages by kick-off field id.
    pub server_errors: RwSignal<BTreeMap<String, Vec<String>>>,
    /// The server's messages by step or role id.
    pub server_assignments: RwSignal<BTreeMap<String, String>>,
    /// The server's messages for the launch's inputs, by key (`name`, `owner_id`, `summary`).
    pub server_inputs: RwSignal<BTreeMap<String, String>>,
    /// The kick-off fields' own problems by field id, as the launch preview found them (it is
    /// made by the code that follows the form's fields: the form's own chunk carries no checks).
    /// Until then no field shows a problem of its own.
    pub field_problems: RwSignal<BTreeMap<String, String>>,
}

impl FieldFeedback {
    /// Fresh feedback state, provided to the controls below.
    pub fn provide() -> FieldFeedback {
        let feedback = FieldFeedback {
            touched: RwSignal::new(HashSet::new()),
            show_all: RwSignal::new(false),
            server_errors: RwSignal::new(BTreeMap::new()),
            server_assignments: RwSignal::new(BTreeMap::new()),
            server_inputs: RwSignal::new(BTreeMap::new()),
            field_problems: RwSignal::new(BTreeMap::new()),
        };
        provide_context(feedback);
        feedback
    }

    /// Forgets every shown error.
    pub fn reset(&self) {
        self.touched.set(HashSet::new());
        self.show_all.set(false);
        self.clear_server();
    }

    fn clear_server(&self) {
        self.server_errors.set(BTreeMap::new());
        self.server_assignments.set(BTreeMap::new());
        self.server_inputs.set(BTreeMap::new());
    }

    /// Shows a 422's messages where they belong (and nothing of an earlier one).
    pub fn show_server(&self, error: &ApiError) {
        self.clear_server();
        let ApiError::Validation { fields, named, .. } = error else {
            return;
        };
        // Extended, not collected: collecting into a BTreeMap brings a sort of its own.
        let joined = |m: &BTreeMap<String, Vec<String>>| -> BTreeMap<String, String> {
            let mut texts = BTreeMap::new();
            texts.extend(m.iter().map(|(k, v)| (k.clone(), v.join(" "))));
            texts
        };
        self.server_errors.set(fields.clone());
        let mut assignments = joined(&named.steps);
        assignments.extend(joined(&named.roles));
        self.server_assignments.set(assignments);
        self.server_inputs.set(joined(&named.inputs));
    }

    /// The server's message for a launch input, while it stands.
    pub fn server_input(&self, key: &str) -> Option<String> {
        self.server_inputs.with(|m| m.get(key).cloned())
    }

    /// Whether a control's own problem shows: after Launch was pressed, or once it was left
    /// (tracked).
    pub fn shows(&self, key: &str) -> bool {
        self.show_all.get() || self.touched.with(|t| t.contains(key))
    }

    /// Marks a control as left: its own problem shows from now on.
    pub fn touch(&self, key: &str) {
        if !self.touched.with_untracked(|t| t.contains(key)) {
            self.touched.update(|t| {
                t.insert(key.to_string());
            });
        }
    }

    /// A kick-off field's own problem, once the problems are computed (tracked).
    pub fn field_problem(&self, id: &str) -> Option<String> {
        self.field_problems.with(|m| m.get(id).cloned())
    }

    /// The server's message for a kick-off field, while it stands (tracked).
    pub fn server_field(&self, id: &str) -> Option<String> {
        self.server_errors
            .with(|m| m.get(id).filter(|v| !v.is_empty()).map(|v| v.join(" ")))
    }

    /// Forgets the server's message for a kick-off field (it was edited). Its entry is emptied
    /// rather than removed: removing from a map brings the map's rebalancing code into the
    /// form's chunk, and an empty entry reads as no message.
    pub fn field_edited(&self, id: &str) {
        if self
            .server_errors
            .with_untracked(|m| m.get(id).is_some_and(|v| !v.is_empty()))
        {
            self.server_errors.update(|m| {
                if let Some(messages) = m.get_mut(id) {
                    messages.clear();
                }
            });
        }
    }

    /// Forgets the server's message for a launch input (it was edited).
    pub fn input_edited(&self, key: &str) {
        if self.server_inputs.with_untracked(|m| m.contains_key(key)) {
            self.server_inputs.update(|m| {
                m.remove(key);
            });
        }
    }

    /// Forgets the server's message for a step or role (it was edited).
    pub fn assignment_edited(&self, id: &str) {
        if self
            .server_assignments
            .with_untracked(|m| m.contains_key(id))
        {
            self.server_assignments.update(|m| {
                m.remove(id);
            });
        }
    }
}

/// The form's feedback; the launch session provides it.
pub fn use_feedback() -> FieldFeedback {
    // Safe: the launch session provides it before any form mounts; only a wiring bug misses it.
    use_context::<FieldFeedback>().expect("FieldFeedback is provided by the launch session")
}
