//! Reading inputs: from a value in a launch body's `prerun`, and from text (a CSV cell, a
//! share-link value, a pasted name).

use serde_json::Value;

use super::checks::{column_names, file_name_of, is_email, match_option, split_list};
use super::dates::{parse_date_text, DateOrder, LocalZone};
use super::{EncodeContext, FieldError, FieldInput, FileEntry};
use crate::domain::directory::Directory;
use crate::domain::json_text;
use crate::domain::template::{Field, FieldType};

/// The members, groups and guests (joined as text) of an owners object
/// `{"users": [int], "groups": [id], "guests": [email]}`, as assignees fields and step
/// assignments carry them; missing or odd parts read as empty.
pub fn owners_of(value: &Value) -> (Vec<i64>, Vec<String>, String) {
    let list = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let users = list("users").iter().filter_map(Value::as_i64).collect();
    let groups = list("groups")
        .iter()
        .filter_map(|g| {
            g.as_str()
                .map(str::to_string)
                .or_else(|| g.as_i64().map(|n| n.to_string()))
        })
        .collect();
    let guests = list("guests")
        .iter()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    (users, groups, guests)
}

impl FieldInput {
    /// Reads a value as it appears in a launch body's `prerun` (history, pasted bodies).
    pub fn from_api_value(
        field: &Field,
        value: &Value,
        zone: &dyn LocalZone,
    ) -> Option<FieldInput> {
        if field.is_list_backed() {
            let text_of = |v: &Value| match v {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("text").and_then(Value::as_str).map(str::to_string),
                _ => None,
            };
            let text = match value {
                Value::Array(items) => items
                    .iter()
                    .filter_map(text_of)
                    .collect::<Vec<_>>()
                    .join("; "),
                other => text_of(other)?,
            };
            return Some(FieldInput::Text(text));
        }
        let input = match (&field.field_type, value) {
            (FieldType::Text | FieldType::Textarea | FieldType::Email, Value::String(s)) => {
                FieldInput::Text(s.clone())
            }
            (FieldType::Text | FieldType::Textarea | FieldType::Email, Value::Number(n)) => {
                FieldInput::Text(n.to_string())
            }
            (FieldType::Date, Value::String(s)) => {
                let (date, time) =
                    parse_date_text(s, field.collect_time, DateOrder::DayFirst, zone).ok()?;
                FieldInput::Date { date, time }
            }
            (FieldType::Radio, Value::String(text)) => {
                FieldInput::Choice(Some(match_option(field, text).ok()?.id))
            }
            // A JSON boolean for a Yes/No (or True/False) choice.
            (FieldType::Radio | FieldType::Dropdown, Value::Bool(b)) => {
                FieldInput::Choice(Some(match_option(field, &b.to_string()).ok()?.id))
            }
            (FieldType::Dropdown | FieldType::Radio, Value::Object(obj)) => {
                let id = obj.get("id").and_then(Value::as_i64);
                let text = obj.get("text").and_then(Value::as_str);
                let option = id
                    .and_then(|id| field.option(id))
                    .or_else(|| text.and_then(|t| match_option(field, t).ok()))?;
                FieldInput::Choice(Some(option.id))
            }
            (FieldType::Multiselect, Value::Array(items)) => {
                let ids = items
                    .iter()
                    .filter(|item| item.get("selected").and_then(Value::as_bool) != Some(false))
                    .filter_map(|item| match item {
                        Value::Object(obj) => obj
                            .get("id")
                            .and_then(Value::as_i64)
                            .and_then(|id| field.option(id))
                            .or_else(|| {
                                obj.get("text")
                                    .and_then(Value::as_str)
                                    .and_then(|t| match_option(field, t).ok())
                            }),
                        Value::String(text) => match_option(field, text).ok(),
                        _ => None,
                    })
                    .map(|o| o.id)
                    .collect();
                FieldInput::Multi(ids)
            }
            (FieldType::Table, Value::Array(_)) => {
                FieldInput::Table(table_from_json(field, value, TableLayout::Columns).ok()?)
            }
            (FieldType::AssigneesForm, Value::Object(_)) => {
                let (users, groups, guests) = owners_of(value);
                FieldInput::Assignees {
                    users,
                    groups,
                    guests,
                }
            }
            (FieldType::File, Value::Array(items)) => FieldInput::Files(
                items
                    .iter()
                    .filter_map(|item| {
                        let url = item
                            .get("url")
                            .or_else(|| item.get("full_url"))
                            .and_then(Value::as_str)
                            .or_else(|| item.as_str())?;
                        let filename = item
                            .get("filename")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .unwrap_or_else(|| file_name_of(url));
                        Some(FileEntry {
                            filename,
                            url: url.to_string(),
                        })
                    })
                    .collect(),
            ),
            _ => return None,
        };
        Some(input)
    }

    /// Reads a value written as text: a spreadsheet cell or a share-link parameter.
    pub fn from_text(
        field: &Field,
        text: &str,
        ctx: &EncodeContext<'_>,
    ) -> Result<FieldInput, FieldError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(FieldInput::empty_for(field));
        }
        if field.is_list_backed() {
            return Ok(FieldInput::Text(trimmed.to_string()));
        }
        match &field.field_type {
            FieldType::Text | FieldType::Textarea | FieldType::Email => {
                Ok(FieldInput::Text(text.to_string()))
            }
            FieldType::Date => {
                let (date, time) =
                    parse_date_text(trimmed, field.collect_time, ctx.date_order, ctx.zone)?;
                Ok(FieldInput::Date { date, time })
            }
            FieldType::Radio | FieldType::Dropdown => {
                Ok(FieldInput::Choice(Some(match_option(field, trimmed)?.id)))
            }
            FieldType::Multiselect => {
                let mut ids = Vec::new();
                for part in split_list(trimmed, &[';']) {
                    let id = match_option(field, &part)?.id;
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                Ok(FieldInput::Multi(ids))
            }
            FieldType::Table => {
                if trimmed.starts_with('[') || trimmed.starts_with('{') {
                    let value: Value =
                        json_text::parse(trimmed).map_err(|detail| FieldError::NotJson {
                            what: "table",
                            detail,
                        })?;
                    let value = if value.is_object() {
                        Value::Array(vec![value])
                    } else {
                        value
                    };
                    Ok(FieldInput::Table(table_from_json(
                        field,
                        &value,
                        TableLayout::Rows,
                    )?))
                } else {
                    let cells: Vec<String> =
                        trimmed.split(';').map(|c| c.trim().to_string()).collect();
                    if cells.len() != field.columns.len() {
                        return Err(FieldError::CellCount {
                            expected: field.columns.len(),
                            columns: column_names(field),
                            found: cells.len(),
                        });
                    }
                    Ok(FieldInput::Table(vec![cells]))
                }
            }
            FieldType::AssigneesForm => assignees_from_text(trimmed, ctx.directory),
            FieldType::File => {
                if trimmed.starts_with('[') {
                    let value: Value =
                        json_text::parse(trimmed).map_err(|detail| FieldError::NotJson {
                            what: "file",
                            detail,
                        })?;
                    FieldInput::from_api_value(field, &value, ctx.zone)
                        .ok_or(FieldError::NotFileList)
                } else {
                    Ok(FieldInput::Files(
                        split_list(trimmed, &[';', ' ', '\n'])
                            .into_iter()
                            .map(|url| FileEntry {
                                filename: file_name_of(&url),
                                url,
                            })
                            .collect(),
                    ))
                }
            }
            FieldType::Unsupported(name) => Err(FieldError::Unsupported {
                type_name: name.clone(),
            }),
        }
    }
}

/// The date context a template default is read with (no members, day-first dates).
pub(super) fn text_context(zone: &dyn LocalZone) -> EncodeContext<'_> {
    static EMPTY: std::sync::OnceLock<Directory> = std::sync::OnceLock::new();
    EncodeContext {
        zone,
        directory: EMPTY.get_or_init(Directory::default),
        date_order: DateOrder::DayFirst,
    }
}

/// How lists of lists are laid out in table JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TableLayout {
    /// One list per column (what this app sends, so what history and bodies hold).
    Columns,
    /// One list per row (what people write in a spreadsheet cell or a link).
    Rows,
}

/// Reads a table from JSON: a flat list of cells (one row), rows keyed by column label or id,
/// or lists of cells laid out as `layout` says.
pub(super) fn table_from_json(
    field: &Field,
    value: &Value,
    layout: TableLayout,
) -> Result<Vec<Vec<String>>, FieldError> {
    let columns = field.columns.len();
    let bad = || FieldError::TableShape {
        columns: column_names(field),
    };
    let cell = |v: &Value| match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err(bad()),
    };
    let Value::Array(items) = value else {
        return Err(FieldError::NotTableList);
    };
    if items.iter().all(|v| !v.is_array() && !v.is_object()) {
        if items.len() != columns {
            return Err(bad());
        }
        return Ok(vec![items.iter().map(cell).collect::<Result<_, _>>()?]);
    }
    if items.iter().all(Value::is_object) {
        return items
            .iter()
            .map(|row| {
                field
                    .columns
                    .iter()
                    .map(|c| {
                        row.get(&c.label)
                            .or_else(|| row.get(c.id.to_string()))
                            .map_or(Ok(String::new()), cell)
                    })
                    .collect()
            })
            .collect();
    }
    let lists = items
        .iter()
        .map(|v| {
            v.as_array()
                .ok_or_else(bad)?
                .iter()
                .map(cell)
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    match layout {
        TableLayout::Rows if lists.iter().all(|row| row.len() == columns) => Ok(lists),
        TableLayout::Columns if lists.len() == columns => {
            let height = lists.first().map_or(0, Vec::len);
            if lists.iter().any(|col| col.len() != height) {
                return Err(bad());
            }
            Ok((0..height)
                .map(|r| lists.iter().filter_map(|col| col.get(r).cloned()).collect())
                .collect())
        }
        _ => Err(bad()),
    }
}

pub(super) fn assignees_from_text(
    text: &str,
    directory: &Directory,
) -> Result<FieldInput, FieldError> {
    let mut users = Vec::new();
    let mut groups = Vec::new();
    // Emails and, while the lists are not loaded, names that may be groups: both are kept as
    // typed and resolved when the body is built, once members and groups are known.
    let mut by_name = Vec::new();
    for token in split_list(text, &[',', ';', '\n']) {
        if let Some(member) = directory.member_by_email(&token) {
            users.push(member.id);
        } else if let Ok(id) = token.parse::<i64>() {
            users.push(id);
        } else if let Some(group) = directory.group(&token) {
            groups.push(group.id.clone());
        } else if is_email(&token) || directory.groups.is_none() {
            by_name.push(token);
        } else {
            return Err(FieldError::NotAnAssignee {
                text: token.to_string(),
            });
        }
    }
    Ok(FieldInput::Assignees {
        users,
        groups,
        guests: by_name.join(", "),
    })
}
