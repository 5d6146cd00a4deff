//! What a user enters for each kick-off field, how it is checked, and how it is encoded into
//! the `prerun` value the API needs. Every way of filling a field (the form, a CSV cell, a
//! share link, a history record) ends in [`encode`], so they cannot disagree.
//!
//! One file per direction: [`read`] turns API values and text cells into inputs, [`write`]
//! turns inputs back into text, [`encode`] checks them and builds the `prerun` value, [`dates`]
//! holds zones and date reading, [`checks`] the small text checks they share.

mod checks;
mod dates;
mod encode;
mod error;
mod read;
mod write;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::directory::Directory;
use super::template::{Field, FieldType};

use checks::row_is_blank;
use read::text_context;

pub use checks::{file_name_of, is_email, is_http_url, match_option, split_list};
pub use dates::{parse_date_text, DateOrder, FixedZone, LocalZone};
pub use encode::{encode, encode_assignees};
pub use error::FieldError;
pub use read::owners_of;

/// Tallyfy's limit, in characters, for a short text field that states none.
pub const TEXT_MAX_CHARS: usize = 200;
/// Tallyfy's limit, in characters, for a long text field.
pub const TEXTAREA_MAX_CHARS: usize = 30_000;

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

/// What encoding needs besides the field and the input.
pub struct EncodeContext<'a> {
    /// The user's time zone, for dates with a time.
    pub zone: &'a dyn LocalZone,
    /// Members and groups, to check assignee ids (unchecked when not loaded).
    pub directory: &'a Directory,
    /// How to read ambiguous slashed dates in text input.
    pub date_order: DateOrder,
}

impl<'a> EncodeContext<'a> {
    /// A context in `zone` with these members and groups, reading slashed dates day first.
    pub fn new(zone: &'a dyn LocalZone, directory: &'a Directory) -> EncodeContext<'a> {
        EncodeContext {
            zone,
            directory,
            date_order: DateOrder::DayFirst,
        }
    }
}

impl FieldInput {
    /// The empty input for a field.
    pub fn empty_for(field: &Field) -> FieldInput {
        if field.is_list_backed() {
            return FieldInput::Text(String::new());
        }
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
        FieldInput::initial_in_place(field).unwrap_or_else(|| {
            let value = &field.default_value;
            FieldInput::from_api_value(field, value, zone)
                .or_else(|| {
                    value.as_str().and_then(|text| {
                        FieldInput::from_text(field, text, &text_context(zone)).ok()
                    })
                })
                .unwrap_or_else(|| FieldInput::empty_for(field))
        })
    }

    /// The input a field starts with when its default needs no reader: none, or a text field's
    /// text. `None` for any other default (a date, a choice, a table…), which
    /// [`FieldInput::initial`] reads.
    pub fn initial_in_place(field: &Field) -> Option<FieldInput> {
        let text_kind = matches!(
            field.field_type,
            FieldType::Text | FieldType::Textarea | FieldType::Email
        );
        match &field.default_value {
            Value::Null => Some(FieldInput::empty_for(field)),
            Value::String(text) if text.is_empty() => Some(FieldInput::empty_for(field)),
            Value::String(text) if text_kind && !field.is_list_backed() => {
                Some(FieldInput::Text(text.clone()))
            }
            _ => None,
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

    /// The text of a text input (empty for other shapes).
    pub fn as_text(&self) -> &str {
        match self {
            FieldInput::Text(text) => text,
            _ => "",
        }
    }

    /// The date and time of a date input (empty for other shapes).
    pub fn as_date(&self) -> (&str, &str) {
        match self {
            FieldInput::Date { date, time } => (date, time),
            _ => ("", ""),
        }
    }

    /// The chosen option id of a choice input.
    pub fn choice(&self) -> Option<i64> {
        match self {
            FieldInput::Choice(choice) => *choice,
            _ => None,
        }
    }

    /// The checked option ids of a checklist input.
    pub fn multi(&self) -> &[i64] {
        match self {
            FieldInput::Multi(ids) => ids,
            _ => &[],
        }
    }

    /// The rows of a table input.
    pub fn rows(&self) -> &[Vec<String>] {
        match self {
            FieldInput::Table(rows) => rows,
            _ => &[],
        }
    }

    /// The members, groups and guest text of an assignees input.
    pub fn assignees(&self) -> (&[i64], &[String], &str) {
        match self {
            FieldInput::Assignees {
                users,
                groups,
                guests,
            } => (users, groups, guests),
            _ => (&[], &[], ""),
        }
    }

    /// The files of a file input.
    pub fn files(&self) -> &[FileEntry] {
        match self {
            FieldInput::Files(files) => files,
            _ => &[],
        }
    }
}
