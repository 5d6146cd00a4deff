//! Templates (API: checklists) and their kick-off (prerun) fields, read leniently from the JSON
//! the API returns: missing keys take defaults, `[]` stands for an empty object, option ids
//! may arrive as strings, and an unknown field type is kept (and shown) but never sent.

use serde::{Deserialize, Serialize};
use serde_json::Value;

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
    /// Field type.
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
    /// The field's own length limit (bytes) for text and textarea, when it states one.
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// Template (checklist) id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Kick-off fields in `position` order.
    pub fields: Vec<Field>,
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
    /// Reads a template from the text of a `GET .../checklists/{id}` response (or its `data`).
    pub fn from_json_text(text: &str) -> Result<Template, TemplateError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| TemplateError::NotJson(e.to_string()))?;
        Template::from_json(&value)
    }

    /// Reads a template from a response value, with or without the `data` wrapper.
    pub fn from_json(value: &Value) -> Result<Template, TemplateError> {
        let data = match value.get("data") {
            Some(inner) if inner.is_object() => inner,
            _ => value,
        };
        let Some(obj) = data.as_object() else {
            return Err(TemplateError::NotATemplate(
                "expected an object with an id and a prerun list".into(),
            ));
        };
        let id = string_of(obj.get("id"))
            .filter(|id| !id.is_empty())
            .ok_or_else(|| TemplateError::NotATemplate("it has no \"id\"".into()))?;
        let title = string_of(obj.get("title"))
            .or_else(|| string_of(obj.get("name")))
            .unwrap_or_default();
        let fields = match obj.get("prerun") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => read_fields(items)?,
            // PHP's empty object.
            Some(Value::Object(map)) if map.is_empty() => Vec::new(),
            Some(_) => {
                return Err(TemplateError::NotATemplate(
                    "\"prerun\" should be a list of fields".into(),
                ))
            }
        };
        Ok(Template { id, title, fields })
    }

    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The fields a name refers to, as people and other systems name them: by id, then alias,
    /// then label, exact before ignoring case. Several results mean the name is ambiguous.
    pub fn fields_named(&self, name: &str) -> Vec<&Field> {
        let name = name.trim();
        let lower = name.to_lowercase();
        let tiers: [&dyn Fn(&Field) -> bool; 5] = [
            &|f| f.id == name,
            &|f| !f.alias.is_empty() && f.alias == name,
            &|f| f.label.trim() == name,
            &|f| !f.alias.is_empty() && f.alias.to_lowercase() == lower,
            &|f| f.label.trim().to_lowercase() == lower,
        ];
        tiers
            .iter()
            .map(|tier| self.fields.iter().filter(|f| tier(f)).collect::<Vec<_>>())
            .find(|found| !found.is_empty())
            .unwrap_or_default()
    }
}

/// A field as typed into the hand-made form editor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldDraft {
    /// Field id (the key in `prerun`).
    pub id: String,
    /// Label.
    pub label: String,
    /// Type.
    pub field_type: Option<FieldType>,
    /// Required.
    pub required: bool,
    /// Options, one per line (radio, dropdown, multiselect).
    pub options: String,
    /// Columns, one per line (table).
    pub columns: String,
    /// Date with a time.
    pub collect_time: bool,
}

impl FieldDraft {
    /// The editor's row for an existing field.
    pub fn from_field(field: &Field) -> FieldDraft {
        FieldDraft {
            id: field.id.clone(),
            label: field.label.clone(),
            field_type: Some(field.field_type.clone()),
            required: field.required,
            options: field
                .options
                .iter()
                .map(|o| format!("{}: {}", o.id, o.text))
                .collect::<Vec<_>>()
                .join("\n"),
            columns: field
                .columns
                .iter()
                .map(|c| format!("{}: {}", c.id, c.label))
                .collect::<Vec<_>>()
                .join("\n"),
            collect_time: field.collect_time,
        }
    }
}

/// Lines of an options or columns box as (id, text): `3: Gold` gives id 3 (as the real
/// template has it); a plain line takes the next number.
fn numbered_lines(text: &str) -> Vec<(i64, String)> {
    let mut next = 1;
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let explicit = line
                .split_once(':')
                .and_then(|(id, rest)| {
                    id.trim()
                        .parse::<i64>()
                        .ok()
                        .map(|id| (id, rest.trim().to_string()))
                })
                .filter(|(_, rest)| !rest.is_empty());
            let (id, text) = explicit.unwrap_or((next, line.to_string()));
            next = id + 1;
            (id, text)
        })
        .collect()
}

/// Builds a template from the editor's rows, or lists everything that must be fixed first.
pub fn build_template(
    id: &str,
    title: &str,
    drafts: &[FieldDraft],
) -> Result<Template, Vec<String>> {
    let mut problems = Vec::new();
    let id = id.trim();
    if id.is_empty() {
        problems.push("Enter the template's ID (from its address in Tallyfy): launches are sent for that template.".into());
    }
    let mut fields = Vec::new();
    for (i, draft) in drafts.iter().enumerate() {
        let n = i + 1;
        let field_id = draft.id.trim();
        if field_id.is_empty() {
            problems.push(format!("Field {n} has no ID: copy it from the template (a Workato recipe's prerun keys are field IDs)."));
        } else if drafts.iter().take(i).any(|d| d.id.trim() == field_id) {
            problems.push(format!(
                "Field {n} has the same ID as an earlier field ({field_id})."
            ));
        }
        let label = if draft.label.trim().is_empty() {
            field_id.to_string()
        } else {
            draft.label.trim().to_string()
        };
        let Some(field_type) = draft.field_type.clone() else {
            problems.push(format!("Field {n} ({label}) has no type."));
            continue;
        };
        let mut field = Field::new(field_id, &label, field_type.clone());
        field.position = n as i64;
        field.required = draft.required;
        field.collect_time = draft.collect_time && field_type == FieldType::Date;
        if field_type.has_options() {
            field.options = numbered_lines(&draft.options)
                .into_iter()
                .map(|(id, text)| FieldOption { id, text })
                .collect();
            if field.options.is_empty() {
                problems.push(format!(
                    "Field {n} ({label}) needs its options, one per line."
                ));
            }
        }
        if field_type == FieldType::Table {
            field.columns = numbered_lines(&draft.columns)
                .into_iter()
                .map(|(id, label)| TableColumn { id, label })
                .collect();
            if field.columns.is_empty() {
                problems.push(format!(
                    "Field {n} ({label}) needs its columns, one per line."
                ));
            }
        }
        fields.push(field);
    }
    if problems.is_empty() {
        Ok(Template {
            id: id.to_string(),
            title: if title.trim().is_empty() {
                id.to_string()
            } else {
                title.trim().to_string()
            },
            fields,
        })
    } else {
        Err(problems)
    }
}

/// The number of kick-off fields of a template list item, when the list includes them.
pub fn field_count(item: &Value) -> Option<usize> {
    match item.get("prerun") {
        Some(Value::Array(items)) => Some(items.len()),
        _ => None,
    }
}

fn read_fields(items: &[Value]) -> Result<Vec<Field>, TemplateError> {
    let mut fields = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            return Err(TemplateError::NotATemplate(format!(
                "prerun item {} is not an object",
                index + 1
            )));
        };
        // The API calls the key `id`; some payloads carry `timeline_id` as well or instead.
        let id = string_of(obj.get("timeline_id"))
            .filter(|s| !s.is_empty())
            .or_else(|| string_of(obj.get("id")))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                TemplateError::NotATemplate(format!("prerun item {} has no id", index + 1))
            })?;
        let field_type = string_of(obj.get("field_type"))
            .or_else(|| string_of(obj.get("type")))
            .map(FieldType::from)
            .unwrap_or_else(|| FieldType::Unsupported("(missing type)".into()));
        let max_length = obj
            .get("max_length")
            .or_else(|| obj.get("settings").and_then(|s| s.get("max_length")))
            .and_then(|v| {
                v.as_u64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            })
            .map(|n| n as usize)
            .filter(|n| *n > 0);
        fields.push(Field {
            id,
            alias: string_of(obj.get("alias")).unwrap_or_default(),
            label: string_of(obj.get("label")).unwrap_or_default(),
            field_type,
            required: bool_of(obj.get("required")),
            position: obj
                .get("position")
                .and_then(|p| {
                    p.as_i64()
                        .or_else(|| p.as_str().and_then(|s| s.parse().ok()))
                })
                .unwrap_or(index as i64),
            guidance: string_of(obj.get("guidance")).unwrap_or_default(),
            options: read_options(obj.get("options")),
            columns: read_columns(obj.get("columns")),
            collect_time: bool_of(obj.get("collect_time")),
            default_value: obj.get("default_value").cloned().unwrap_or(Value::Null),
            max_length,
        });
    }
    let mut template_fields = fields;
    template_fields.sort_by_key(|f| f.position);
    Ok(template_fields)
}

fn read_options(value: Option<&Value>) -> Vec<FieldOption> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let id = int_of(item.get("id"))?;
            let text = string_of(item.get("text")).or_else(|| string_of(item.get("label")))?;
            Some(FieldOption { id, text })
        })
        .collect()
}

fn read_columns(value: Option<&Value>) -> Vec<TableColumn> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| TableColumn {
            id: int_of(item.get("id")).unwrap_or(index as i64 + 1),
            label: string_of(item.get("label"))
                .or_else(|| string_of(item.get("text")))
                .or_else(|| item.as_str().map(str::to_string))
                .unwrap_or_else(|| format!("Column {}", index + 1)),
        })
        .collect()
}

/// A string, or a number rendered as one (ids arrive as either).
pub(crate) fn string_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn int_of(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn bool_of(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0) != 0,
        Some(Value::String(s)) => matches!(s.as_str(), "1" | "true" | "yes"),
        _ => false,
    }
}
