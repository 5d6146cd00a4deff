//! Why a value does not fit its field: one variant per reason, with the words shown beside the
//! field (and in bulk checks and link reports).

use super::DateOrder;

/// Why a field's value cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// A required field is empty.
    #[error("This field is required.")]
    Required,
    /// The input has the shape of another field type (the field changed type).
    #[error("The value entered does not fit a {type_name} field; enter it again.")]
    WrongShape {
        /// The field type's name for people.
        type_name: String,
    },
    /// A required field of a type this app cannot fill.
    #[error("This field's type (\"{type_name}\") is not supported by this app, and it is required: launch this template from Tallyfy itself.")]
    UnsupportedRequired {
        /// The API's name for the type.
        type_name: String,
    },
    /// A value given for a field of a type this app cannot fill.
    #[error("Fields of type \"{type_name}\" cannot be filled by this app.")]
    Unsupported {
        /// The API's name for the type.
        type_name: String,
    },
    /// Text over the field's limit.
    #[error("Too long: {detail}. The limit is {limit}; shorten it by {over}.")]
    TooLong {
        /// How long it is, said for people.
        detail: String,
        /// The limit.
        limit: usize,
        /// By how much it is over.
        over: usize,
    },
    /// Not an email address.
    #[error("\"{text}\" is not an email address (expected something like name@example.com). Tallyfy would accept it, but it does not look like an address.")]
    NotEmail {
        /// What was given.
        text: String,
    },
    /// The date part is empty.
    #[error("Enter a date.")]
    DateMissing,
    /// Not a calendar date.
    #[error("\"{text}\" is not a real date (expected YYYY-MM-DD).")]
    NotRealDate {
        /// What was given.
        text: String,
    },
    /// Text that no date reading understands.
    #[error("\"{text}\" is not a date this app can read (use YYYY-MM-DD, {}, or 15 Mar 2026).", slashed(*order))]
    UnreadableDate {
        /// What was given.
        text: String,
        /// How slashed dates are read.
        order: DateOrder,
    },
    /// The field collects a time and none was given.
    #[error("Enter a time as well (HH:MM).")]
    TimeMissing,
    /// A date given without the time the field needs.
    #[error("\"{text}\" has no time; this field needs a date and a time (e.g. 2026-03-15 09:30).")]
    NeedsTime {
        /// What was given.
        text: String,
    },
    /// Not a time of day.
    #[error("\"{text}\" is not a valid time (expected HH:MM, 24-hour).")]
    BadTime {
        /// What was given.
        text: String,
    },
    /// The chosen option was removed from the template.
    #[error("The chosen option no longer exists in this template; choose again.")]
    OptionGone,
    /// A checked option was removed from the template.
    #[error("Option {id} no longer exists in this template; choose again.")]
    OptionIdGone {
        /// The option id.
        id: i64,
    },
    /// A choice field with no options (and no list to match text against).
    #[error("\"{text}\" cannot be chosen: this field has no options.")]
    NoOptions {
        /// What was given.
        text: String,
    },
    /// Text that matches no option.
    #[error("\"{text}\" is not one of the options: {choices}.")]
    NotAnOption {
        /// What was given.
        text: String,
        /// The options, quoted and joined.
        choices: String,
    },
    /// A table whose template defines no columns.
    #[error("This table has no columns in the template, so it cannot be filled.")]
    TableWithoutColumns,
    /// A table row with empty cells.
    #[error("Row {row} is missing {missing}: every row needs every column.")]
    RowIncomplete {
        /// 1-based row.
        row: usize,
        /// The columns it lacks, joined.
        missing: String,
    },
    /// A table cell text with the wrong number of cells.
    #[error(
        "Expected {expected} values separated by \";\" (one per column: {columns}), found {found}."
    )]
    CellCount {
        /// Cells needed.
        expected: usize,
        /// The column names, joined.
        columns: String,
        /// Cells given.
        found: usize,
    },
    /// Table JSON that does not fit the columns.
    #[error("The table value does not fit the columns ({columns}).")]
    TableShape {
        /// The column names, joined.
        columns: String,
    },
    /// Table JSON that is not a list.
    #[error("Expected a JSON list for the table.")]
    NotTableList,
    /// More than the one row Tallyfy takes at launch.
    #[error("Tallyfy takes one table row at launch, and this has {rows}: keep one row (remove the others).")]
    TableOneRow {
        /// Filled rows.
        rows: usize,
    },
    /// A member id that is not in the organization.
    #[error("Member {id} is not in this organization; choose again.")]
    UnknownMember {
        /// The member id.
        id: i64,
    },
    /// A group id that is not in the organization.
    #[error("Group {id} is not in this organization; choose again.")]
    UnknownGroup {
        /// The group id.
        id: String,
    },
    /// A guest that is not an email address.
    #[error(
        "Guest \"{text}\" is not an email address (expected something like name@example.com)."
    )]
    GuestNotEmail {
        /// What was given.
        text: String,
    },
    /// Assignee text that names nobody.
    #[error(
        "\"{text}\" is neither a member's or guest's email, nor a member id, nor a group name."
    )]
    NotAnAssignee {
        /// What was given.
        text: String,
    },
    /// Assignee text that may be a group name, while the groups could not be loaded.
    #[error(
        "\"{text}\" is not an email address, and it could not be checked against the group names because the members and groups could not be loaded."
    )]
    CouldNotCheck {
        /// What was given.
        text: String,
    },
    /// A file that is not an http(s) URL.
    #[error("File {index}: {shown} is not an http(s) URL (expected https://...).")]
    BadFileUrl {
        /// 1-based file.
        index: usize,
        /// The URL as shown.
        shown: String,
    },
    /// A table or file value written as JSON that is not JSON.
    #[error("The {what} value is not valid JSON: {detail}.")]
    NotJson {
        /// "table" or "file".
        what: &'static str,
        /// The parser's message.
        detail: String,
    },
    /// File JSON without URLs.
    #[error("Expected a list of file objects with a \"url\".")]
    NotFileList,
}

/// How slashed dates are read, as a pattern.
fn slashed(order: DateOrder) -> &'static str {
    match order {
        DateOrder::DayFirst => "DD/MM/YYYY",
        DateOrder::MonthFirst => "MM/DD/YYYY",
    }
}
