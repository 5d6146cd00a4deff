//! Checking an input against its field and building the `prerun` value the API needs.

use serde_json::{json, Value};

use super::checks::{file_name_of, is_email, is_http_url, row_is_blank, split_list};
use super::dates::{iso_day, local_to_utc_iso, parse_time, read_as, LocalZone, ISO_DATE};
use super::{EncodeContext, FieldError, FieldInput, FileEntry, TEXTAREA_MAX_CHARS, TEXT_MAX_CHARS};
use crate::domain::directory::Directory;
use crate::domain::template::{Field, FieldType};

/// Checks the input against its field and returns the `prerun` value, or `None` when the key
/// must be left out (an empty optional field; for tables the only accepted "empty").
pub fn encode(
    field: &Field,
    input: &FieldInput,
    ctx: &EncodeContext<'_>,
) -> Result<Option<Value>, FieldError> {
    if let FieldType::Unsupported(name) = &field.field_type {
        return if field.required {
            Err(FieldError::UnsupportedRequired {
                type_name: name.clone(),
            })
        } else {
            Ok(None)
        };
    }
    if !input.fits(field) {
        return Err(FieldError::WrongShape {
            type_name: field.field_type.ui_name().to_string(),
        });
    }
    if input.is_blank() {
        return if field.required {
            Err(FieldError::Required)
        } else {
            Ok(None)
        };
    }
    let value = match input {
        FieldInput::Text(text) if field.is_list_backed() => encode_list_choice(field, text),
        FieldInput::Text(text) => encode_text(field, text)?,
        FieldInput::Date { date, time } => encode_date(field, date, time, ctx.zone)?,
        FieldInput::Choice(Some(id)) => {
            let option = field.option(*id).ok_or(FieldError::OptionGone)?;
            match field.field_type {
                FieldType::Radio => json!(option.text),
                _ => json!({ "id": option.id, "text": option.text }),
            }
        }
        FieldInput::Multi(ids) => {
            if let Some(missing) = ids.iter().find(|id| field.option(**id).is_none()) {
                return Err(FieldError::OptionIdGone { id: *missing });
            }
            // In the template's order, each flagged `selected`: without it Tallyfy stores nothing.
            Value::Array(
                field
                    .options
                    .iter()
                    .filter(|o| ids.contains(&o.id))
                    .map(|o| json!({ "id": o.id, "text": o.text, "selected": true }))
                    .collect(),
            )
        }
        FieldInput::Table(rows) => encode_table(field, rows)?,
        FieldInput::Assignees {
            users,
            groups,
            guests,
        } => encode_assignees(users, groups, guests, ctx.directory)?,
        FieldInput::Files(files) => encode_files(files)?,
        FieldInput::Choice(None) | FieldInput::Unsupported => return Ok(None),
    };
    Ok(Some(value))
}

/// A choice filled from a list, by its text (no option ids are known): a radio's text, a
/// dropdown's `{"text"}`, a checklist's `[{"text", "selected"}]` (items separated by `;`).
fn encode_list_choice(field: &Field, text: &str) -> Value {
    match field.field_type {
        FieldType::Radio => json!(text.trim()),
        FieldType::Multiselect => Value::Array(
            split_list(text, &[';'])
                .iter()
                .map(|item| json!({ "text": item, "selected": true }))
                .collect(),
        ),
        _ => json!({ "text": text.trim() }),
    }
}

fn encode_text(field: &Field, text: &str) -> Result<Value, FieldError> {
    if field.field_type == FieldType::Email {
        let address = text.trim();
        if !is_email(address) {
            return Err(FieldError::NotEmail {
                text: address.to_string(),
            });
        }
        return Ok(json!(address));
    }
    let limit = field.max_length.unwrap_or(match field.field_type {
        FieldType::Textarea => TEXTAREA_MAX_CHARS,
        _ => TEXT_MAX_CHARS,
    });
    // Tallyfy's limits are in characters (200 for short text, 30,000 for long text).
    let chars = text.chars().count();
    if chars > limit {
        return Err(FieldError::TooLong {
            detail: format!("{chars} characters"),
            limit,
            over: chars - limit,
        });
    }
    Ok(json!(text))
}

fn encode_date(
    field: &Field,
    date: &str,
    time: &str,
    zone: &dyn LocalZone,
) -> Result<Value, FieldError> {
    let date_text = date.trim();
    if date_text.is_empty() {
        return Err(FieldError::DateMissing);
    }
    let day = read_as(date_text, &[ISO_DATE])
        .and_then(|parsed| parsed.to_naive_date().ok())
        .ok_or_else(|| FieldError::NotRealDate {
            text: date_text.to_string(),
        })?;
    if !field.collect_time {
        return Ok(json!(format!("{}T00:00:00.000Z", iso_day(day))));
    }
    let time_text = time.trim();
    if time_text.is_empty() {
        return Err(FieldError::TimeMissing);
    }
    let clock = parse_time(time_text).ok_or_else(|| FieldError::BadTime {
        text: time_text.to_string(),
    })?;
    Ok(json!(local_to_utc_iso(day.and_time(clock), zone)))
}

fn encode_table(field: &Field, rows: &[Vec<String>]) -> Result<Value, FieldError> {
    let columns = field.columns.len();
    if columns == 0 {
        return Err(FieldError::TableWithoutColumns);
    }
    let filled: Vec<&Vec<String>> = rows.iter().filter(|row| !row_is_blank(row)).collect();
    for (index, row) in rows.iter().enumerate() {
        if row_is_blank(row) {
            continue;
        }
        let missing: Vec<&str> = field
            .columns
            .iter()
            .enumerate()
            .filter(|(i, _)| row.get(*i).is_none_or(|cell| cell.trim().is_empty()))
            .map(|(_, c)| c.label.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(FieldError::RowIncomplete {
                row: index + 1,
                missing: missing.join(", "),
            });
        }
    }
    // One entry per column, in column order: the flat list of one row's cells, as documented.
    // No source documents more rows at launch.
    let only = match filled.as_slice() {
        [only] => only,
        rows => return Err(FieldError::TableOneRow { rows: rows.len() }),
    };
    let entries = (0..columns).map(|c| json!(only.get(c).map_or("", |cell| cell.trim())));
    Ok(Value::Array(entries.collect()))
}

/// `{users, guests, groups}` from chosen members and groups and people named by text (member
/// or guest emails, group names): a member's email is always that member, never a guest.
pub fn encode_assignees(
    users: &[i64],
    groups: &[String],
    guests: &str,
    directory: &Directory,
) -> Result<Value, FieldError> {
    if directory.members.is_some() {
        if let Some(unknown) = users.iter().find(|id| directory.member(**id).is_none()) {
            return Err(FieldError::UnknownMember { id: *unknown });
        }
    }
    if directory.groups.is_some() {
        if let Some(unknown) = groups.iter().find(|id| directory.group(id).is_none()) {
            return Err(FieldError::UnknownGroup {
                id: unknown.clone(),
            });
        }
    }
    let mut users = users.to_vec();
    let mut groups = groups.to_vec();
    let mut guest_emails: Vec<String> = Vec::new();
    // A member's email is that member, never an outside guest (Tallyfy would invite them as
    // one); a group's name is that group.
    let mut place = |token: &str| -> Result<(), FieldError> {
        if let Ok(id) = token.parse::<i64>() {
            if directory.members.is_some() && directory.member(id).is_none() {
                return Err(FieldError::UnknownMember { id });
            }
            if !users.contains(&id) {
                users.push(id);
            }
        } else if let Some(member) = directory.member_by_email(token) {
            if !users.contains(&member.id) {
                users.push(member.id);
            }
        } else if let Some(group) = directory.group(token).filter(|_| !is_email(token)) {
            if !groups.contains(&group.id) {
                groups.push(group.id.clone());
            }
        } else if is_email(token) {
            if !guest_emails.iter().any(|g| g == token) {
                guest_emails.push(token.to_string());
            }
        } else {
            return Err(FieldError::GuestNotEmail {
                text: token.to_string(),
            });
        }
        Ok(())
    };
    for piece in split_list(guests, &[',', ';', '\n']) {
        if directory.group(&piece).is_some() || is_email(&piece) {
            place(&piece)?;
            continue;
        }
        for token in piece.split_whitespace() {
            match place(token) {
                Err(_) if directory.groups.is_none() => {
                    return Err(FieldError::CouldNotCheck {
                        text: piece.clone(),
                    })
                }
                other => other?,
            }
        }
    }
    Ok(json!({ "users": users, "guests": guest_emails, "groups": groups }))
}

fn encode_files(files: &[FileEntry]) -> Result<Value, FieldError> {
    let mut out = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let url = file.url.trim();
        if url.is_empty() && file.filename.trim().is_empty() {
            continue;
        }
        if !is_http_url(url) {
            let shown = if url.is_empty() { "(empty)" } else { url };
            return Err(FieldError::BadFileUrl {
                index: index + 1,
                shown: shown.to_string(),
            });
        }
        let filename = match file.filename.trim() {
            "" => file_name_of(url),
            name => name.to_string(),
        };
        out.push(json!({ "filename": filename, "source": "url", "url": url }));
    }
    Ok(Value::Array(out))
}
