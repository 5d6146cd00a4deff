//! Templates (API: checklists) and their kick-off (prerun) fields, read leniently from the JSON
//! the API returns: missing keys take defaults, `[]` stands for an empty object, option ids
//! may arrive as strings, and an unknown field type is kept (and shown) but never sent.

//!
//! [`read`] reads the API's JSON; [`editor`] builds a template from fields typed by hand.

mod editor;
mod naming;
mod read;
mod steps;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::case::{folded, same_ignoring_case};

pub use editor::{build_template, FieldDraft};
pub use naming::Naming;
pub use read::field_count;
pub use steps::{Owners, Role, Step};

/// The ten kick-off field types, plus whatever a newer server may add.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum FieldType {
    /// Short text.
    Text,
    /// Long text.
    Textarea,
    /// An email address.
    Email,
    /// A date, with a time when the field collects one.
    Date,
    /// Radio buttons: one option, sent as its text.
    Radio,
    /// A dropdown: one option, sent as `{id, text}`.
    Dropdown,
    /// A checklist: several options, sent as a list of `{id, text, selected}`.
    Multiselect,
    /// A table: one entry per column.
    Table,
    /// Members, groups and guest emails.
    AssigneesForm,
    /// Files given by URL.
    File,
    /// A type this app does not know; such a field is displayed but never sent.
    Unsupported(String),
}

impl FieldType {
    /// The ten types the app can fill, in the order the UI lists them.
    pub const ALL: [FieldType; 10] = [
        FieldType::Text,
        FieldType::Textarea,
        FieldType::Email,
        FieldType::Date,
        FieldType::Radio,
        FieldType::Dropdown,
        FieldType::Multiselect,
        FieldType::Table,
        FieldType::AssigneesForm,
        FieldType::File,
    ];

    /// The API's name for the type.
    pub fn api_name(&self) -> &str {
        match self {
            FieldType::Text => "text",
            FieldType::Textarea => "textarea",
            FieldType::Email => "email",
            FieldType::Date => "date",
            FieldType::Radio => "radio",
            FieldType::Dropdown => "dropdown",
            FieldType::Multiselect => "multiselect",
            FieldType::Table => "table",
            FieldType::AssigneesForm => "assignees_form",
            FieldType::File => "file",
            FieldType::Unsupported(name) => name,
        }
    }

    /// The name Tallyfy's UI uses for the type.
    pub fn ui_name(&self) -> &str {
        match self {
            FieldType::Text => "Short text",
            FieldType::Textarea => "Long text",
            FieldType::Email => "Email",
            FieldType::Date => "Date",
            FieldType::Radio => "Radio buttons",
            FieldType::Dropdown => "Dropdown",
            FieldType::Multiselect => "Checklist",
            FieldType::Table => "Table",
            FieldType::AssigneesForm => "Assignees",
            FieldType::File => "File",
            FieldType::Unsupported(name) => name,
        }
    }

    /// Whether options (radio, dropdown, multiselect) define the valid values.
    pub fn has_options(&self) -> bool {
        matches!(
            self,
            FieldType::Radio | FieldType::Dropdown | FieldType::Multiselect
        )
    }
}

impl From<String> for FieldType {
    fn from(name: String) -> Self {
        match name.trim().to_ascii_lowercase().as_str() {
            "text" | "short_text" => FieldType::Text,
            "textarea" | "long_text" => FieldType::Textarea,
            "email" => FieldType::Email,
            "date" => FieldType::Date,
            "radio" => FieldType::Radio,
            "dropdown" => FieldType::Dropdown,
            "multiselect" => FieldType::Multiselect,
            "table" => FieldType::Table,
            "assignees_form" => FieldType::AssigneesForm,
            "file" => FieldType::File,
            _ => FieldType::Unsupported(name),
        }
    }
}

impl From<FieldType> for String {
    fn from(t: FieldType) -> Self {
        t.api_name().to_string()
    }
}

/// An option of a radio, dropdown or multiselect field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldOption {
    /// Integer option id.
    pub id: i64,
    /// The option's text, sent exactly as the template stores it.
    pub text: String,
}

/// A column of a table field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableColumn {
    /// Integer column id.
    pub id: i64,
    /// Column heading.
    pub label: String,
}

/// A kick-off field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The timeline id: the only key the API accepts in `prerun`.
    pub id: String,
    /// Alias (a second name users may refer to the field by).
    #[serde(default)]
    pub alias: String,
    /// Label, as written by the template's author (display it as text only).
    pub label: String,
    pub field_type: FieldType,
    /// Whether a launch must carry a value.
    #[serde(default)]
    pub required: bool,
    /// Display order.
    #[serde(default)]
    pub position: i64,
    /// Author-written HTML guidance (sanitise before showing).
    #[serde(default)]
    pub guidance: String,
    /// Options for choice fields.
    #[serde(default)]
    pub options: Vec<FieldOption>,
    /// Columns for table fields.
    #[serde(default)]
    pub columns: Vec<TableColumn>,
    /// Whether a date field also collects a time.
    #[serde(default)]
    pub collect_time: bool,
    /// Pre-filled value from the template, if any.
    #[serde(default)]
    pub default_value: Value,
    /// The field's own length limit (characters) for text and textarea, when it states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
}

impl Field {
    /// A new field of the given type with no options, for hand-made templates and tests.
    pub fn new(id: &str, label: &str, field_type: FieldType) -> Self {
        Field {
            id: id.to_string(),
            alias: String::new(),
            label: label.to_string(),
            field_type,
            required: false,
            position: 0,
            guidance: String::new(),
            options: Vec::new(),
            columns: Vec::new(),
            collect_time: false,
            default_value: Value::Null,
            max_length: None,
        }
    }

    /// Whether it is a choice field that comes with no options (one filled from a list in
    /// Tallyfy): it is filled by its text instead.
    pub fn is_list_backed(&self) -> bool {
        self.field_type.has_options() && self.options.is_empty()
    }

    /// The option with this id.
    pub fn option(&self, id: i64) -> Option<&FieldOption> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The name to use in messages: the label, else the alias, else the id.
    pub fn display_name(&self) -> &str {
        [&self.label, &self.alias, &self.id]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .map(String::as_str)
            .unwrap_or("(unnamed field)")
    }
}

/// A template and its kick-off form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// Template (checklist) id.
    pub id: String,
    pub title: String,
    /// Kick-off fields in `position` order.
    pub fields: Vec<Field>,
    /// The template's alias (what its public kick-off link is named by).
    #[serde(default)]
    pub alias: String,
    /// How the template names its processes.
    #[serde(default)]
    pub naming: Naming,
    /// Its steps in `position` order (read with `?with=steps`; empty otherwise).
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Its roles, assignable at launch.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Whether it has a public kick-off form (anyone with the link may launch it).
    #[serde(default)]
    pub public_kickoff: bool,
}

/// Orders `items` by their `position`, those with equal positions staying in the order they came
/// in (a stable sort).
// Through one sort of (position, index) pairs, whatever the items: a sort is code for each type
// it sorts, and fields, steps and the steps' assignment order would each have their own in the
// kick-off form's chunk. The pairs are distinct, so any sort of them is stable for the items.
// An insertion sort: linear on what the API sends (already in position order), quadratic only
// on a template listed backwards, and a few dozen bytes where the standard library's sort is
// about 4 KB of code in the form's chunk.
pub(crate) fn sort_by_position<T>(items: &mut Vec<T>, position: impl Fn(&T) -> i64) {
    let mut order: Vec<(i64, usize)> = items.iter().map(position).zip(0..).collect();
    for sorted in 1..order.len() {
        let mut at = sorted;
        while at > 0 && order[at - 1] > order[at] {
            order.swap(at - 1, at);
            at -= 1;
        }
    }
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|(_, index)| slots[index].take()),
    );
}

/// A name with case, spaces, underscores and punctuation ignored ("Remote worker" and
/// "remote_worker" are the same).
fn loose_name(name: &str) -> String {
    folded(
        &name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>(),
    )
}

/// Why a template's JSON could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// The text is not JSON at all.
    #[error("this is not valid JSON: {0}")]
    NotJson(String),
    /// The JSON is not a template.
    #[error("this JSON is not a template: {0}")]
    NotATemplate(String),
}

impl Template {
    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The fields a name refers to, as people and other systems name them: by id, then alias,
    /// then label, exact before ignoring case. Several results mean the name is ambiguous.
    pub fn fields_named(&self, name: &str) -> Vec<&Field> {
        let name = name.trim();
        // Last, as other systems write names: "remote_worker" for "Remote worker".
        let loose = loose_name(name);
        let tiers: [&dyn Fn(&Field) -> bool; 6] = [
            &|f| f.id == name,
            &|f| !f.alias.is_empty() && f.alias == name,
            &|f| f.label.trim() == name,
            &|f| !f.alias.is_empty() && same_ignoring_case(&f.alias, name),
            &|f| same_ignoring_case(f.label.trim(), name),
            &|f| !loose.is_empty() && loose_name(&f.label) == loose,
        ];
        tiers
            .iter()
            .map(|tier| self.fields.iter().filter(|f| tier(f)).collect::<Vec<_>>())
            .find(|found| !found.is_empty())
            .unwrap_or_default()
    }
}
