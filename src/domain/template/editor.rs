//! Templates defined by hand: fields typed into the form editor (or pasted as JSON) for a
//! template the token cannot read.

use serde::{Deserialize, Serialize};

use super::{Field, FieldOption, FieldType, TableColumn, Template};

/// A field as typed into the hand-made form editor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldDraft {
    /// Field id (the key in `prerun`).
    pub id: String,
    pub label: String,
    pub field_type: Option<FieldType>,
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
            ..Template::default()
        })
    } else {
        Err(problems)
    }
}
