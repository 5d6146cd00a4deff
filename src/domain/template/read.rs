//! Reading templates leniently from the API's JSON.

use serde_json::Value;

use super::{Field, FieldOption, FieldType, TableColumn, Template, TemplateError};
use crate::domain::json::{bool_of, int_of, string_of};

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
            .and_then(|v| int_of(Some(v)))
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n > 0);
        fields.push(Field {
            id,
            alias: string_of(obj.get("alias")).unwrap_or_default(),
            label: string_of(obj.get("label")).unwrap_or_default(),
            field_type,
            required: bool_of(obj.get("required")),
            position: int_of(obj.get("position")).unwrap_or(index as i64),
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
