//! Everything wrong with a draft, found at once so all of it can be shown.

use std::collections::BTreeMap;

use crate::domain::template::Template;

/// Everything wrong with a draft, so all problems can be shown at once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftProblems {
    /// Problem with the process name.
    pub name: Option<String>,
    /// Problem with the owner.
    pub owner: Option<String>,
    /// Problems by field id.
    pub fields: BTreeMap<String, String>,
    /// Problems of step and role assignments, by step or role id.
    pub assignments: BTreeMap<String, String>,
}

impl DraftProblems {
    /// Whether there is nothing wrong.
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.owner.is_none()
            && self.fields.is_empty()
            && self.assignments.is_empty()
    }

    /// How many problems there are.
    pub fn count(&self) -> usize {
        self.fields.len()
            + self.assignments.len()
            + usize::from(self.name.is_some())
            + usize::from(self.owner.is_some())
    }

    /// Every problem as "what: message", fields in form order.
    pub fn summary(&self, template: &Template) -> Vec<String> {
        let mut out = Vec::new();
        for field in &template.fields {
            if let Some(message) = self.fields.get(&field.id) {
                out.push(format!("{}: {message}", field.display_name()));
            }
        }
        if let Some(message) = &self.name {
            out.push(format!("Process name: {message}"));
        }
        if let Some(message) = &self.owner {
            out.push(format!("Owner: {message}"));
        }
        for step in &template.steps {
            if let Some(message) = self.assignments.get(&step.id) {
                out.push(format!("Step \"{}\": {message}", step.display_name()));
            }
        }
        for role in &template.roles {
            if let Some(message) = self.assignments.get(&role.id) {
                out.push(format!("Role \"{}\": {message}", role.name));
            }
        }
        out
    }
}
