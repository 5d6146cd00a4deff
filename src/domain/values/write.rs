//! Writing inputs back as text: for share links (read back by `from_text`) and for display.

use serde_json::{json, Value};

use super::checks::{file_name_of, row_is_blank, split_list};
use super::{FieldInput, FileEntry};
use crate::domain::case::same_ignoring_case;
use crate::domain::directory::Directory;
use crate::domain::json_text;
use crate::domain::template::Field;

impl FieldInput {
    /// The value written as text that [`FieldInput::from_text`] reads back as this input (for
    /// share links). Members are written by email when known.
    pub fn to_text(&self, field: &Field, directory: &Directory) -> String {
        let join_or_json = |items: Vec<String>| {
            if items.iter().any(|t| t.contains(';') || t.trim() != t) {
                json_text::stringify(&Value::from(items))
            } else {
                items.join("; ")
            }
        };
        match self {
            FieldInput::Text(text) => text.clone(),
            FieldInput::Date { date, time } if time.trim().is_empty() => date.trim().to_string(),
            FieldInput::Date { date, time } => format!("{} {}", date.trim(), time.trim()),
            FieldInput::Choice(choice) => choice
                .and_then(|id| field.option(id))
                .map(|o| {
                    if field
                        .options
                        .iter()
                        .filter(|x| same_ignoring_case(x.text.trim(), o.text.trim()))
                        .count()
                        > 1
                    {
                        o.id.to_string()
                    } else {
                        o.text.clone()
                    }
                })
                .unwrap_or_default(),
            FieldInput::Multi(ids) => join_or_json(
                field
                    .options
                    .iter()
                    .filter(|o| ids.contains(&o.id))
                    .map(|o| o.text.clone())
                    .collect(),
            ),
            FieldInput::Table(rows) => {
                let filled: Vec<&Vec<String>> = rows.iter().filter(|r| !row_is_blank(r)).collect();
                json_text::stringify(&Value::from_iter(filled.into_iter().cloned()))
            }
            FieldInput::Assignees {
                users,
                groups,
                guests,
            } => {
                let mut parts: Vec<String> = users
                    .iter()
                    .map(|id| {
                        directory
                            .member(*id)
                            .map(|m| m.email.clone())
                            .unwrap_or_else(|| id.to_string())
                    })
                    .collect();
                parts.extend(groups.iter().map(|id| {
                    directory
                        .group(id)
                        .map(|g| g.name.clone())
                        .unwrap_or_else(|| id.clone())
                }));
                parts.extend(split_list(guests, &[',', ';', ' ', '\n']));
                parts.join("; ")
            }
            FieldInput::Files(files) => {
                let files: Vec<&FileEntry> =
                    files.iter().filter(|f| !f.url.trim().is_empty()).collect();
                if files.iter().all(|f| {
                    f.filename.trim().is_empty() || f.filename.trim() == file_name_of(f.url.trim())
                }) {
                    files
                        .iter()
                        .map(|f| f.url.trim())
                        .collect::<Vec<_>>()
                        .join("; ")
                } else {
                    let objects: Vec<serde_json::Value> = files
                        .iter()
                        .map(|f| json!({ "filename": f.filename.trim(), "source": "url", "url": f.url.trim() }))
                        .collect();
                    json_text::stringify(&Value::Array(objects))
                }
            }
            FieldInput::Unsupported => String::new(),
        }
    }

    /// The value as plain text, for process-name placeholders and tables of results.
    pub fn display_text(&self, field: &Field, directory: &Directory) -> String {
        match self {
            FieldInput::Text(text) => text.trim().to_string(),
            FieldInput::Date { date, time } => {
                if time.trim().is_empty() {
                    date.trim().to_string()
                } else {
                    format!("{} {}", date.trim(), time.trim())
                }
            }
            FieldInput::Choice(choice) => choice
                .and_then(|id| field.option(id))
                .map(|o| o.text.clone())
                .unwrap_or_default(),
            FieldInput::Multi(ids) => field
                .options
                .iter()
                .filter(|o| ids.contains(&o.id))
                .map(|o| o.text.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            FieldInput::Table(rows) => rows
                .iter()
                .filter(|row| !row_is_blank(row))
                .map(|row| row.iter().map(|c| c.trim()).collect::<Vec<_>>().join(" / "))
                .collect::<Vec<_>>()
                .join("; "),
            FieldInput::Assignees {
                users,
                groups,
                guests,
            } => {
                let mut names: Vec<String> = users
                    .iter()
                    .map(|id| {
                        directory
                            .member(*id)
                            .map(|m| m.full_name.clone())
                            .unwrap_or_else(|| format!("member {id}"))
                    })
                    .collect();
                names.extend(groups.iter().map(|id| {
                    directory
                        .group(id)
                        .map(|g| g.name.clone())
                        .unwrap_or_else(|| id.clone())
                }));
                names.extend(split_list(guests, &[',', ';', ' ', '\n']));
                names.join(", ")
            }
            FieldInput::Files(files) => files
                .iter()
                .filter(|f| !f.url.trim().is_empty())
                .map(|f| {
                    if f.filename.trim().is_empty() {
                        file_name_of(&f.url)
                    } else {
                        f.filename.trim().to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
            FieldInput::Unsupported => String::new(),
        }
    }
}
