//! What a saved launch (a preset, a recorded launch, an exported schedule) relies on in its
//! template: the fields it fills with the options it chose, the steps it assigns, and the fields
//! the template had. Compared with the template as it is now, it says what changed, in words:
//! a removed field or step, a field of another type, a removed or renamed option, a field that
//! became required. The exported script makes the same comparison, in the same words.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::launch::{LaunchBody, LaunchDraft};
use super::template::{Field, FieldType, Template};
use super::values::FieldInput;

/// A field a launch fills.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReliedField {
    /// Field id.
    pub id: String,
    /// Its label then (empty when not known: the field is named by its id).
    #[serde(default)]
    pub label: String,
    /// Its `field_type` then (empty when not known).
    #[serde(default, rename = "type")]
    pub field_type: String,
    /// The options it chose, as the template had them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ReliedOption>,
}

/// An option a launch chose: its id (when known) and text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReliedOption {
    #[serde(default)]
    pub id: Option<i64>,
    pub text: String,
}

/// A step a launch assigns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReliedStep {
    pub id: String,
    /// Its title then (empty when not known).
    #[serde(default)]
    pub title: String,
}

/// What a saved launch relies on in its template.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relied {
    /// The fields it fills.
    #[serde(default)]
    pub fields: Vec<ReliedField>,
    /// The steps it assigns.
    #[serde(default)]
    pub steps: Vec<ReliedStep>,
    /// Every field id the template had (a required field outside them is new).
    #[serde(default)]
    pub known: Vec<String>,
}

/// One thing that changed in a template since a launch was saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Drift {
    #[error("field \"{0}\" is no longer in the template")]
    FieldRemoved(String),
    #[error("field \"{label}\" is now of type {now} (it was {was})")]
    TypeChanged {
        label: String,
        was: String,
        now: String,
    },
    #[error("field \"{label}\" no longer has the option \"{text}\"")]
    OptionRemoved { label: String, text: String },
    #[error("field \"{label}\": the option \"{was}\" is now called \"{now}\"")]
    OptionRenamed {
        label: String,
        was: String,
        now: String,
    },
    #[error("field \"{0}\" is now required, and this does not fill it")]
    NowRequired(String),
    #[error("step \"{0}\" is no longer in the template")]
    StepRemoved(String),
}

impl Drift {
    /// Whether it says a field or step is gone (what callers that list unplaced values say
    /// already).
    pub fn is_removal(&self) -> bool {
        matches!(self, Drift::FieldRemoved(_) | Drift::StepRemoved(_))
    }
}

fn option_of(field: &Field, id: i64) -> Option<ReliedOption> {
    field
        .options
        .iter()
        .find(|o| o.id == id)
        .map(|o| ReliedOption {
            id: Some(o.id),
            text: o.text.clone(),
        })
}

impl ReliedField {
    fn of(field: &Field, options: Vec<ReliedOption>) -> ReliedField {
        ReliedField {
            id: field.id.clone(),
            label: field.display_name().to_string(),
            field_type: field.field_type.api_name().to_string(),
            options,
        }
    }

    /// Its name in words: the label, else the id.
    fn name(&self) -> &str {
        if self.label.trim().is_empty() {
            &self.id
        } else {
            &self.label
        }
    }
}

impl Relied {
    /// What a form's draft relies on in `template` (for a preset saved now).
    pub fn of_draft(template: &Template, draft: &LaunchDraft) -> Relied {
        let fields = template
            .fields
            .iter()
            .filter_map(|field| {
                let input = draft.values.get(&field.id)?;
                if input.is_blank() || !input.fits(field) {
                    return None;
                }
                let options = match input {
                    FieldInput::Choice(Some(id)) => option_of(field, *id).into_iter().collect(),
                    FieldInput::Multi(ids) => {
                        ids.iter().filter_map(|id| option_of(field, *id)).collect()
                    }
                    _ => Vec::new(),
                };
                Some(ReliedField::of(field, options))
            })
            .collect();
        Relied::with(template, fields, draft.steps.keys())
    }

    /// What a launch body relies on in `template`, the template it was made for (for an
    /// exported schedule).
    pub fn of_body(template: &Template, body: &LaunchBody) -> Relied {
        let fields = template
            .fields
            .iter()
            .filter_map(|field| {
                let value = body.prerun.get(&field.id)?;
                Some(ReliedField::of(field, chosen_options(value, Some(field))))
            })
            .collect();
        Relied::with(template, fields, body.tasks.keys())
    }

    /// What a recorded launch relies on, from its body alone (its template then is not known:
    /// fields are named by id and the fields it sent are the ones known).
    pub fn of_record(body: &LaunchBody) -> Relied {
        Relied {
            fields: body
                .prerun
                .iter()
                .map(|(id, value)| ReliedField {
                    id: id.clone(),
                    options: chosen_options(value, None),
                    ..ReliedField::default()
                })
                .collect(),
            steps: body
                .tasks
                .keys()
                .map(|id| ReliedStep {
                    id: id.clone(),
                    title: String::new(),
                })
                .collect(),
            known: body.prerun.keys().cloned().collect(),
        }
    }

    fn with<'a>(
        template: &Template,
        fields: Vec<ReliedField>,
        steps: impl Iterator<Item = &'a String>,
    ) -> Relied {
        Relied {
            fields,
            steps: steps
                .map(|id| ReliedStep {
                    id: id.clone(),
                    title: template
                        .steps
                        .iter()
                        .find(|s| &s.id == id)
                        .map(|s| s.display_name().to_string())
                        .unwrap_or_default(),
                })
                .collect(),
            known: template.fields.iter().map(|f| f.id.clone()).collect(),
        }
    }

    /// What changed in `template` since, in the order fields, required fields, steps.
    pub fn drift(&self, template: &Template) -> Vec<Drift> {
        let mut drift = Vec::new();
        for relied in &self.fields {
            let Some(field) = template.field(&relied.id) else {
                drift.push(Drift::FieldRemoved(relied.name().to_string()));
                continue;
            };
            // A record does not know the label it had: the field's own names it.
            let label = if relied.label.trim().is_empty() {
                field.display_name().to_string()
            } else {
                relied.label.clone()
            };
            let now = field.field_type.api_name();
            if !relied.field_type.is_empty() && relied.field_type != now {
                drift.push(Drift::TypeChanged {
                    label,
                    was: relied.field_type.clone(),
                    now: now.to_string(),
                });
                continue;
            }
            // Only a choice field with options has options to lose (one filled from a list in
            // Tallyfy takes any text; a text field's recorded string is no option).
            let choice = matches!(
                field.field_type,
                FieldType::Radio | FieldType::Dropdown | FieldType::Multiselect
            );
            let options = if choice && !field.options.is_empty() {
                &relied.options[..]
            } else {
                &[][..]
            };
            for option in options {
                let found = match option.id {
                    Some(id) => field.options.iter().find(|o| o.id == id),
                    // A bare text is a radio's choice: under another type it was no option.
                    None if field.field_type != FieldType::Radio => continue,
                    None => field.options.iter().find(|o| o.text == option.text),
                };
                match found {
                    None => drift.push(Drift::OptionRemoved {
                        label: label.clone(),
                        text: option.text.clone(),
                    }),
                    Some(now) if now.text != option.text => drift.push(Drift::OptionRenamed {
                        label: label.clone(),
                        was: option.text.clone(),
                        now: now.text.clone(),
                    }),
                    Some(_) => {}
                }
            }
        }
        for field in template.fields.iter().filter(|f| f.required) {
            let filled = self.fields.iter().any(|f| f.id == field.id);
            if !filled && !self.known.contains(&field.id) {
                drift.push(Drift::NowRequired(field.display_name().to_string()));
            }
        }
        for step in &self.steps {
            if !template.steps.iter().any(|s| s.id == step.id) {
                let title = if step.title.is_empty() {
                    &step.id
                } else {
                    &step.title
                };
                drift.push(Drift::StepRemoved(title.clone()));
            }
        }
        drift
    }
}

/// The options a value chose, as the body carries them: a radio's text, a dropdown's
/// `{id, text}`, a checklist's selected items. With the field, ids come from its options.
fn chosen_options(value: &Value, field: Option<&Field>) -> Vec<ReliedOption> {
    // A field filled from a list in Tallyfy has no options to check.
    let listed = field.is_none_or(|f| {
        !f.options.is_empty()
            && matches!(
                f.field_type,
                FieldType::Radio | FieldType::Dropdown | FieldType::Multiselect
            )
    });
    if !listed {
        return Vec::new();
    }
    let of = |item: &Value| -> Option<ReliedOption> {
        let text = match item {
            Value::String(text) => text.clone(),
            Value::Object(o) => o.get("text")?.as_str()?.to_string(),
            _ => return None,
        };
        let id = item.get("id").and_then(Value::as_i64).or_else(|| {
            field.and_then(|f| f.options.iter().find(|o| o.text == text).map(|o| o.id))
        });
        Some(ReliedOption { id, text })
    };
    match value {
        // A bare string: a radio's option (without the field, maybe one: the field read later
        // says whether it is a choice).
        Value::String(_) => of(value).into_iter().collect(),
        Value::Object(o) if o.contains_key("text") && !o.contains_key("users") => {
            of(value).into_iter().collect()
        }
        Value::Array(items) => items
            .iter()
            .filter(|i| i.get("selected").and_then(Value::as_bool) == Some(true))
            .filter_map(of)
            .collect(),
        _ => Vec::new(),
    }
}
