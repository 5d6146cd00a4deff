//! What a user enters for each kick-off field, how it is checked, and how it is encoded into
//! the `prerun` value the API needs. Every way of filling a field (the form, a CSV cell, a
//! share link, a history record) ends in [`encode`], so they cannot disagree.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::directory::Directory;
use super::template::{Field, FieldOption, FieldType};

/// api-v2's byte limit for a text field that states none (`FORM_TEXT_LENGTH`).
pub const TEXT_MAX_BYTES: usize = 200;
/// api-v2's byte limit for a textarea (`FORM_TEXTAREA_LENGTH`).
pub const TEXTAREA_MAX_BYTES: usize = 30_000;

/// A file given by URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Name shown in Tallyfy (defaults to the URL's last path segment).
    pub filename: String,
    /// http(s) address of the file.
    pub url: String,
}

/// The user's input for one field, kept exactly as typed so that no failure loses it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldInput {
    /// text, textarea and email.
    Text(String),
    /// A date (`YYYY-MM-DD`) and, for fields that collect one, a local time (`HH:MM`).
    Date {
        /// `YYYY-MM-DD` as a date picker gives it (may be partial while typing).
        date: String,
        /// `HH:MM`, or empty.
        time: String,
    },
    /// radio and dropdown: the chosen option's id.
    Choice(Option<i64>),
    /// multiselect: the chosen options' ids.
    Multi(Vec<i64>),
    /// table: rows of cells, one cell per column.
    Table(Vec<Vec<String>>),
    /// assignees_form: chosen members and groups, and guest emails as typed.
    Assignees {
        /// Member ids.
        users: Vec<i64>,
        /// Group ids.
        groups: Vec<String>,
        /// Guest emails, separated by commas, semicolons or spaces.
        guests: String,
    },
    /// file: URL entries.
    Files(Vec<FileEntry>),
    /// A field of a type the app cannot fill.
    Unsupported,
}

/// Converts between the user's local time and UTC (the browser's zone in the app, fixed in tests).
pub trait LocalZone {
    /// The UTC offset in force at this local wall-clock time.
    fn offset_at_local(&self, local: NaiveDateTime) -> FixedOffset;
    /// The UTC offset in force at this UTC instant.
    fn offset_at_utc(&self, utc: NaiveDateTime) -> FixedOffset;
}

/// A zone with one fixed offset (UTC by default).
#[derive(Clone, Copy, Debug)]
pub struct FixedZone(pub FixedOffset);

impl Default for FixedZone {
    fn default() -> Self {
        // Safe: an offset of zero seconds is always in range.
        FixedZone(FixedOffset::east_opt(0).expect("zero offset"))
    }
}

impl LocalZone for FixedZone {
    fn offset_at_local(&self, _: NaiveDateTime) -> FixedOffset {
        self.0
    }
    fn offset_at_utc(&self, _: NaiveDateTime) -> FixedOffset {
        self.0
    }
}

/// How to read dates like `03/04/2026` from spreadsheets and links.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    /// 03/04/2026 is 3 April.
    #[default]
    DayFirst,
    /// 03/04/2026 is 4 March.
    MonthFirst,
}

/// What encoding needs besides the field and the input.
pub struct EncodeContext<'a> {
    /// The user's time zone, for dates with a time.
    pub zone: &'a dyn LocalZone,
    /// Members and groups, to check assignee ids (unchecked when not loaded).
    pub directory: &'a Directory,
    /// How to read ambiguous slashed dates in text input.
    pub date_order: DateOrder,
}

impl FieldInput {
    /// The empty input for a field.
    pub fn empty_for(field: &Field) -> FieldInput {
        match field.field_type {
            FieldType::Text | FieldType::Textarea | FieldType::Email => {
                FieldInput::Text(String::new())
            }
            FieldType::Date => FieldInput::Date {
                date: String::new(),
                time: String::new(),
            },
            FieldType::Radio | FieldType::Dropdown => FieldInput::Choice(None),
            FieldType::Multiselect => FieldInput::Multi(Vec::new()),
            FieldType::Table => FieldInput::Table(vec![vec![String::new(); field.columns.len()]]),
            FieldType::AssigneesForm => FieldInput::Assignees {
                users: Vec::new(),
                groups: Vec::new(),
                guests: String::new(),
            },
            FieldType::File => FieldInput::Files(vec![FileEntry::default()]),
            FieldType::Unsupported(_) => FieldInput::Unsupported,
        }
    }

    /// The input a field starts with: its template default when it has a usable one.
    pub fn initial(field: &Field, zone: &dyn LocalZone) -> FieldInput {
        match &field.default_value {
            Value::Null => FieldInput::empty_for(field),
            Value::String(s) if s.is_empty() => FieldInput::empty_for(field),
            value => FieldInput::from_api_value(field, value, zone)
                .or_else(|| {
                    value.as_str().and_then(|text| {
                        FieldInput::from_text(field, text, &text_context(zone)).ok()
                    })
                })
                .unwrap_or_else(|| FieldInput::empty_for(field)),
        }
    }

    /// Whether nothing has been entered (blank rows and whitespace count as nothing).
    pub fn is_blank(&self) -> bool {
        match self {
            FieldInput::Text(text) => text.trim().is_empty(),
            FieldInput::Date { date, time } => date.trim().is_empty() && time.trim().is_empty(),
            FieldInput::Choice(choice) => choice.is_none(),
            FieldInput::Multi(ids) => ids.is_empty(),
            FieldInput::Table(rows) => rows.iter().all(|row| row_is_blank(row)),
            FieldInput::Assignees {
                users,
                groups,
                guests,
            } => users.is_empty() && groups.is_empty() && guests.trim().is_empty(),
            FieldInput::Files(files) => files
                .iter()
                .all(|f| f.url.trim().is_empty() && f.filename.trim().is_empty()),
            FieldInput::Unsupported => true,
        }
    }

    /// Whether this input has the shape the field's type uses (inputs of another shape are
    /// replaced, e.g. when a hand-made field changes type).
    pub fn fits(&self, field: &Field) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(&FieldInput::empty_for(field))
    }

    /// Reads a value as it appears in a launch body's `prerun` (history, pasted bodies).
    pub fn from_api_value(
        field: &Field,
        value: &Value,
        zone: &dyn LocalZone,
    ) -> Option<FieldInput> {
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
            (FieldType::AssigneesForm, Value::Object(obj)) => {
                let list = |key: &str| {
                    obj.get(key)
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default()
                };
                FieldInput::Assignees {
                    users: list("users").iter().filter_map(Value::as_i64).collect(),
                    groups: list("groups")
                        .iter()
                        .filter_map(|g| {
                            g.as_str()
                                .map(str::to_string)
                                .or_else(|| g.as_i64().map(|n| n.to_string()))
                        })
                        .collect(),
                    guests: list("guests")
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
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
    ) -> Result<FieldInput, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(FieldInput::empty_for(field));
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
                    let value: Value = serde_json::from_str(trimmed)
                        .map_err(|e| format!("The table value is not valid JSON: {e}."))?;
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
                        return Err(format!(
                            "Expected {} values separated by \";\" (one per column: {}), found {}.",
                            field.columns.len(),
                            column_names(field),
                            cells.len()
                        ));
                    }
                    Ok(FieldInput::Table(vec![cells]))
                }
            }
            FieldType::AssigneesForm => assignees_from_text(trimmed, ctx.directory),
            FieldType::File => {
                if trimmed.starts_with('[') {
                    let value: Value = serde_json::from_str(trimmed)
                        .map_err(|e| format!("The file value is not valid JSON: {e}."))?;
                    FieldInput::from_api_value(field, &value, ctx.zone).ok_or_else(|| {
                        "Expected a list of file objects with a \"url\".".to_string()
                    })
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
            FieldType::Unsupported(name) => Err(format!(
                "Fields of type \"{name}\" cannot be filled by this app."
            )),
        }
    }

    /// The value written as text that [`FieldInput::from_text`] reads back as this input (for
    /// share links). Members are written by email when known.
    pub fn to_text(&self, field: &Field, directory: &Directory) -> String {
        let join_or_json = |items: Vec<String>| {
            if items.iter().any(|t| t.contains(';') || t.trim() != t) {
                serde_json::to_string(&items).unwrap_or_default()
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
                        .filter(|x| x.text.trim().eq_ignore_ascii_case(o.text.trim()))
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
                serde_json::to_string(&filled).unwrap_or_default()
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
                    serde_json::to_string(&objects).unwrap_or_default()
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

/// The date context a template default is read with (no members, day-first dates).
fn text_context(zone: &dyn LocalZone) -> EncodeContext<'_> {
    static EMPTY: std::sync::OnceLock<Directory> = std::sync::OnceLock::new();
    EncodeContext {
        zone,
        directory: EMPTY.get_or_init(Directory::default),
        date_order: DateOrder::DayFirst,
    }
}

/// Checks the input against its field and returns the `prerun` value, or `None` when the key
/// must be left out (an empty optional field; for tables the only accepted "empty").
pub fn encode(
    field: &Field,
    input: &FieldInput,
    ctx: &EncodeContext<'_>,
) -> Result<Option<Value>, String> {
    if let FieldType::Unsupported(name) = &field.field_type {
        return if field.required {
            Err(format!(
                "This field's type (\"{name}\") is not supported by this app, and it is required: launch this template from Tallyfy itself."
            ))
        } else {
            Ok(None)
        };
    }
    if !input.fits(field) {
        return Err(format!(
            "The value entered does not fit a {} field; enter it again.",
            field.field_type.ui_name()
        ));
    }
    if input.is_blank() {
        return if field.required {
            Err("This field is required.".to_string())
        } else {
            Ok(None)
        };
    }
    let value = match input {
        FieldInput::Text(text) => encode_text(field, text)?,
        FieldInput::Date { date, time } => encode_date(field, date, time, ctx.zone)?,
        FieldInput::Choice(Some(id)) => {
            let option = field.option(*id).ok_or_else(|| {
                "The chosen option no longer exists in this template; choose again.".to_string()
            })?;
            match field.field_type {
                FieldType::Radio => json!(option.text),
                _ => json!({ "id": option.id, "text": option.text }),
            }
        }
        FieldInput::Multi(ids) => {
            if let Some(missing) = ids.iter().find(|id| field.option(**id).is_none()) {
                return Err(format!(
                    "Option {missing} no longer exists in this template; choose again."
                ));
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

fn encode_text(field: &Field, text: &str) -> Result<Value, String> {
    if field.field_type == FieldType::Email {
        let address = text.trim();
        if !is_email(address) {
            return Err(format!(
                "\"{address}\" is not an email address (expected something like name@example.com)."
            ));
        }
        return Ok(json!(address));
    }
    let limit = field.max_length.unwrap_or(match field.field_type {
        FieldType::Textarea => TEXTAREA_MAX_BYTES,
        _ => TEXT_MAX_BYTES,
    });
    // Tallyfy counts bytes, not characters.
    let bytes = text.len();
    if bytes > limit {
        let chars = text.chars().count();
        let detail = if chars == bytes {
            format!("{chars} characters")
        } else {
            format!("{bytes} bytes ({chars} characters; accented letters and emoji take 2 to 4 bytes each)")
        };
        return Err(format!(
            "Too long: {detail}. The limit is {limit}; shorten it by {}.",
            bytes - limit
        ));
    }
    Ok(json!(text))
}

fn encode_date(
    field: &Field,
    date: &str,
    time: &str,
    zone: &dyn LocalZone,
) -> Result<Value, String> {
    let date_text = date.trim();
    if date_text.is_empty() {
        return Err("Enter a date.".to_string());
    }
    let day = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
        .map_err(|_| format!("\"{date_text}\" is not a real date (expected YYYY-MM-DD)."))?;
    if !field.collect_time {
        return Ok(json!(format!("{}T00:00:00.000Z", day.format("%Y-%m-%d"))));
    }
    let time_text = time.trim();
    if time_text.is_empty() {
        return Err("Enter a time as well (HH:MM).".to_string());
    }
    let clock = parse_time(time_text)
        .ok_or_else(|| format!("\"{time_text}\" is not a valid time (expected HH:MM, 24-hour)."))?;
    Ok(json!(local_to_utc_iso(day.and_time(clock), zone)))
}

fn local_to_utc_iso(local: NaiveDateTime, zone: &dyn LocalZone) -> String {
    let offset = zone.offset_at_local(local);
    let utc = local - chrono::Duration::seconds(i64::from(offset.local_minus_utc()));
    format!("{}Z", utc.format("%Y-%m-%dT%H:%M:%S%.3f"))
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
}

fn encode_table(field: &Field, rows: &[Vec<String>]) -> Result<Value, String> {
    let columns = field.columns.len();
    if columns == 0 {
        return Err("This table has no columns in the template, so it cannot be filled.".into());
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
            return Err(format!(
                "Row {} is missing {}: every row needs every column.",
                index + 1,
                missing.join(", ")
            ));
        }
    }
    // One entry per column, in column order (the API's rule). A single row is the flat list of
    // its cells, exactly as documented; several rows give each column the list of its cells.
    let cell = |row: &Vec<String>, c: usize| json!(row.get(c).map_or("", |cell| cell.trim()));
    let entries = (0..columns).map(|c| match filled.as_slice() {
        [only] => cell(only, c),
        rows => Value::Array(rows.iter().map(|row| cell(row, c)).collect()),
    });
    Ok(Value::Array(entries.collect()))
}

fn encode_assignees(
    users: &[i64],
    groups: &[String],
    guests: &str,
    directory: &Directory,
) -> Result<Value, String> {
    if directory.members.is_some() {
        if let Some(unknown) = users.iter().find(|id| directory.member(**id).is_none()) {
            return Err(format!(
                "Member {unknown} is not in this organization; choose again."
            ));
        }
    }
    if directory.groups.is_some() {
        if let Some(unknown) = groups.iter().find(|id| directory.group(id).is_none()) {
            return Err(format!(
                "Group {unknown} is not in this organization; choose again."
            ));
        }
    }
    let guests = split_list(guests, &[',', ';', ' ', '\n']);
    if let Some(bad) = guests.iter().find(|g| !is_email(g)) {
        return Err(format!(
            "Guest \"{bad}\" is not an email address (expected something like name@example.com)."
        ));
    }
    Ok(json!({ "users": users, "guests": guests, "groups": groups }))
}

fn encode_files(files: &[FileEntry]) -> Result<Value, String> {
    let mut out = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let url = file.url.trim();
        if url.is_empty() && file.filename.trim().is_empty() {
            continue;
        }
        if !is_http_url(url) {
            let shown = if url.is_empty() { "(empty)" } else { url };
            return Err(format!(
                "File {}: {shown} is not an http(s) URL (expected https://...).",
                index + 1
            ));
        }
        let filename = match file.filename.trim() {
            "" => file_name_of(url),
            name => name.to_string(),
        };
        out.push(json!({ "filename": filename, "source": "url", "url": url }));
    }
    Ok(Value::Array(out))
}

/// Finds an option by exact text, then case-insensitively, then by id.
pub fn match_option<'a>(field: &'a Field, text: &str) -> Result<&'a FieldOption, String> {
    let wanted = text.trim();
    field
        .options
        .iter()
        .find(|o| o.text.trim() == wanted)
        .or_else(|| {
            field
                .options
                .iter()
                .find(|o| o.text.trim().eq_ignore_ascii_case(wanted))
        })
        .or_else(|| field.options.iter().find(|o| o.id.to_string() == wanted))
        .ok_or_else(|| {
            if field.options.is_empty() {
                format!("\"{wanted}\" cannot be chosen: this field has no options.")
            } else {
                let choices: Vec<String> = field
                    .options
                    .iter()
                    .map(|o| format!("\"{}\"", o.text))
                    .collect();
                format!(
                    "\"{wanted}\" is not one of the options: {}.",
                    choices.join(", ")
                )
            }
        })
}

fn column_names(field: &Field) -> String {
    field
        .columns
        .iter()
        .map(|c| c.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn row_is_blank(row: &[String]) -> bool {
    row.iter().all(|cell| cell.trim().is_empty())
}

/// How lists of lists are laid out in table JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TableLayout {
    /// One list per column (what this app sends, so what history and bodies hold).
    Columns,
    /// One list per row (what people write in a spreadsheet cell or a link).
    Rows,
}

/// Reads a table from JSON: a flat list of cells (one row), rows keyed by column label or id,
/// or lists of cells laid out as `layout` says.
fn table_from_json(
    field: &Field,
    value: &Value,
    layout: TableLayout,
) -> Result<Vec<Vec<String>>, String> {
    let columns = field.columns.len();
    let bad = || {
        format!(
            "The table value does not fit the columns ({}).",
            column_names(field)
        )
    };
    let cell = |v: &Value| match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err(bad()),
    };
    let Value::Array(items) = value else {
        return Err("Expected a JSON list for the table.".into());
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

fn assignees_from_text(text: &str, directory: &Directory) -> Result<FieldInput, String> {
    let mut users = Vec::new();
    let mut groups = Vec::new();
    let mut guests = Vec::new();
    for token in split_list(text, &[',', ';', '\n']) {
        if let Some(member) = directory.member_by_email(&token) {
            users.push(member.id);
        } else if let Ok(id) = token.parse::<i64>() {
            users.push(id);
        } else if let Some(group) = directory.group(&token) {
            groups.push(group.id.clone());
        } else if is_email(&token) {
            guests.push(token);
        } else {
            return Err(format!(
                "\"{token}\" is neither a member's or guest's email, nor a member id, nor a group name."
            ));
        }
    }
    Ok(FieldInput::Assignees {
        users,
        groups,
        guests: guests.join(", "),
    })
}

/// Splits on any of the separators, trimming and dropping empties; a JSON list of strings is
/// read as such (for option texts that contain a separator).
pub fn split_list(text: &str, separators: &[char]) -> Vec<String> {
    let trimmed = text.trim();
    if trimmed.starts_with('[') {
        if let Ok(items) = serde_json::from_str::<Vec<String>>(trimmed) {
            return items
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
    }
    trimmed
        .split(|c| separators.contains(&c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads a date (and time) written in ISO form or a common spreadsheet form, returning the
/// local `YYYY-MM-DD` and `HH:MM` (empty when the field has no time).
pub fn parse_date_text(
    text: &str,
    collect_time: bool,
    order: DateOrder,
    zone: &dyn LocalZone,
) -> Result<(String, String), String> {
    let text = text.trim();
    // An instant with an offset (the API's own form): shown in the user's zone when the field
    // has a time, taken as the calendar date written when it does not.
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        if !collect_time {
            return Ok((
                instant.date_naive().format("%Y-%m-%d").to_string(),
                String::new(),
            ));
        }
        let utc = instant.with_timezone(&Utc).naive_utc();
        let local =
            utc + chrono::Duration::seconds(i64::from(zone.offset_at_utc(utc).local_minus_utc()));
        return Ok((
            local.format("%Y-%m-%d").to_string(),
            local.format("%H:%M").to_string(),
        ));
    }
    let day_month = match order {
        DateOrder::DayFirst => ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"],
        DateOrder::MonthFirst => ["%m/%d/%Y", "%m.%d.%Y", "%m-%d-%Y"],
    };
    let date_formats = [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%d %b %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%b %d %Y",
        "%B %d %Y",
    ];
    let all_dates = date_formats.iter().chain(day_month.iter());
    for format in all_dates.clone() {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            if collect_time {
                return Err(format!("\"{text}\" has no time; this field needs a date and a time (e.g. 2026-03-15 09:30)."));
            }
            return Ok((date.format("%Y-%m-%d").to_string(), String::new()));
        }
    }
    for format in all_dates {
        for time_format in ["%H:%M", "%H:%M:%S", "%I:%M %p"] {
            for sep in [" ", "T"] {
                let full = format!("{format}{sep}{time_format}");
                if let Ok(at) = NaiveDateTime::parse_from_str(text, &full) {
                    let time = if collect_time {
                        at.format("%H:%M").to_string()
                    } else {
                        String::new()
                    };
                    return Ok((at.format("%Y-%m-%d").to_string(), time));
                }
            }
        }
    }
    Err(format!(
        "\"{text}\" is not a date this app can read (use YYYY-MM-DD, {}, or 15 Mar 2026).",
        match order {
            DateOrder::DayFirst => "DD/MM/YYYY",
            DateOrder::MonthFirst => "MM/DD/YYYY",
        }
    ))
}

/// A deliberately plain address check: one `@`, a name before it, a dotted domain after it.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == ';')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

/// An absolute http(s) URL with a host.
pub fn is_http_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty() && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The last path segment of a URL, without query or fragment: the default file name.
pub fn file_name_of(url: &str) -> String {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .trim_end_matches('/');
    match path.rsplit_once('/') {
        Some((scheme, name)) if !name.is_empty() && !scheme.ends_with('/') => name.to_string(),
        _ => url.to_string(),
    }
}

/// A local date-time in the given zone, as a fixed-offset instant.
pub fn zoned(local: NaiveDateTime, zone: &dyn LocalZone) -> DateTime<FixedOffset> {
    let offset = zone.offset_at_local(local);
    offset
        .from_local_datetime(&local)
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&local))
}
