//! Reading templates leniently from the API's JSON.

use serde_json::Value;

use super::steps::list;
use super::{
    sort_by_position, Field, FieldOption, FieldType, Naming, Role, Step, TableColumn, Template,
    TemplateError,
};
use crate::domain::json::{bool_of, int_of, string_of};
use crate::domain::json_text;

impl Template {
    /// Reads a template from the text of a `GET .../checklists/{id}` response (or its `data`).
    pub fn from_json_text(text: &str) -> Result<Template, TemplateError> {
        let value = json_text::parse(text).map_err(TemplateError::NotJson)?;
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
        let mut steps: Vec<Step> = list(obj.get("steps"))
            .iter()
            .enumerate()
            .filter_map(|(index, item)| Step::from_json(item, index))
            .collect();
        sort_by_position(&mut steps, |s| s.position);
        let mut roles: Vec<Role> = list(obj.get("roles"))
            .iter()
            .filter_map(Role::from_json)
            .collect();
        // Roles named only by steps are still assignable, by id.
        for step in &steps {
            for id in &step.roles {
                if !roles.iter().any(|r| &r.id == id) {
                    roles.push(Role {
                        id: id.clone(),
                        name: id.clone(),
                    });
                }
            }
        }
        let naming = Naming {
            auto: bool_of(obj.get("auto_naming")),
            format: string_of(obj.get("default_process_name_format")).unwrap_or_default(),
            launcher_can_rename: obj
                .get("allow_launcher_change_name")
                .is_none_or(|v| v.is_null() || bool_of(Some(v))),
        };
        Ok(Template {
            id,
            title,
            fields,
            alias: string_of(obj.get("alias")).unwrap_or_default(),
            naming,
            steps,
            roles,
            public_kickoff: bool_of(obj.get("is_public_kickoff")),
        })
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
            // A default is used only when enabled (or when the payload does not say).
            default_value: match obj.get("default_value_enabled") {
                Some(flag) if !flag.is_null() && !bool_of(Some(flag)) => Value::Null,
                _ => obj.get("default_value").cloned().unwrap_or(Value::Null),
            },
            max_length,
        });
    }
    let mut template_fields = fields;
    sort_by_position(&mut template_fields, |f| f.position);
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
