//! A 422 placed on the form it answered: each message beside the kick-off field, step, role or
//! launch input it names, called by its title; what names something the loaded template does
//! not have (the template changed since the form loaded); and what names nothing on the form.

use std::collections::BTreeMap;

use super::outcome::ApiError;
use super::template::Template;

/// A launch input a 422 can name, with its label on the form.
const INPUTS: [(&str, &str); 3] = [
    ("name", "Process name"),
    ("owner_id", "Owner"),
    ("summary", "Summary"),
];

/// What a 422 rejected, on the form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rejection {
    /// Messages shown at a control of the form: (what it is, by title, and the message).
    pub placed: Vec<(String, String)>,
    /// Messages naming a field, step or role the loaded template does not have.
    pub missing: Vec<(String, String)>,
    /// Messages naming nothing on the form ("starred: …").
    pub rest: Vec<String>,
}

impl Rejection {
    /// The rejection a validation error makes on `template`'s form; `None` for other errors.
    pub fn of(template: &Template, error: &ApiError) -> Option<Rejection> {
        let ApiError::Validation {
            fields,
            named,
            others,
            ..
        } = error
        else {
            return None;
        };
        let mut rejection = Rejection {
            rest: others.clone(),
            ..Rejection::default()
        };
        rejection.place(fields, "field", |id| {
            template.field(id).map(|f| f.display_name().to_string())
        });
        rejection.place(&named.steps, "step", |id| {
            template
                .steps
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.display_name().to_string())
        });
        rejection.place(&named.roles, "role", |id| {
            template
                .roles
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.name.clone())
        });
        for (key, messages) in &named.inputs {
            let label = INPUTS
                .iter()
                .find(|(k, _)| k == key)
                .map_or(key.as_str(), |(_, label)| label);
            rejection
                .placed
                .push((label.to_string(), messages.join(" ")));
        }
        Some(rejection)
    }

    fn place(
        &mut self,
        messages: &BTreeMap<String, Vec<String>>,
        kind: &str,
        title: impl Fn(&str) -> Option<String>,
    ) {
        for (id, texts) in messages {
            let text = texts.join(" ");
            match title(id) {
                Some(title) => self.placed.push((format!("{kind} \"{title}\""), text)),
                None => self
                    .missing
                    .push((format!("a {kind} this form does not have ({id})"), text)),
            }
        }
    }

    /// Whether some message is shown at a control of the form.
    pub fn marked_anything(&self) -> bool {
        !self.placed.is_empty()
    }

    /// Whether the template should be read again: a message names something it lacks.
    pub fn needs_reload(&self) -> bool {
        !self.missing.is_empty()
    }

    /// Every message, each with what it names, one line each ("step \"Review\": …").
    pub fn lines(&self) -> Vec<String> {
        self.placed
            .iter()
            .chain(&self.missing)
            .map(|(what, text)| format!("{what}: {text}"))
            .chain(self.rest.iter().cloned())
            .collect()
    }
}
