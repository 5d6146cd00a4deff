//! A kick-off field written as HTML text, for the browser's parser to build in one call per
//! chunk of fields. Built element by element through the framework, a 200-field form spent
//! about half a millisecond of script per field (an attribute, a text or an element is a call
//! out of WebAssembly, each string decoded on the way); the parser builds the same elements
//! from one string in a fraction of that. Pure: tested natively against a real HTML parser.
//!
//! Every text from the template (names, option texts, ids) is escaped so the parser reads it
//! back exactly: `& < > " '` as entities, and a carriage return as `&#13;` (the parser turns a
//! raw one into a line feed). A NUL cannot be written in HTML at all (the parser drops it from
//! text and makes it U+FFFD in attributes): it is written as U+FFFD everywhere. Guidance is not
//! written here: its elements are made by the app itself (`SafeContent`).

use std::fmt::Write;

use crate::domain::template::{Field, FieldType};

/// How a field is filled, which decides its markup and what its input events mean.
#[derive(Clone, Debug, PartialEq)]
pub enum InputKind {
    /// One line of text (`text`, or a choice filled from a list in Tallyfy).
    Text,
    /// An email address.
    Email,
    /// Several lines of text.
    Textarea,
    /// A date, and a time when the field collects one.
    Date {
        /// Whether a time input follows the date.
        with_time: bool,
    },
    /// Radio buttons, one per option.
    Radio,
    /// A dropdown.
    Dropdown,
    /// A checklist.
    Multi,
    /// A table, people or file input, built by the framework from a later chunk.
    Later,
    /// A type this page cannot fill (its Tallyfy name).
    Unsupported(String),
}

impl InputKind {
    /// The kind a field is filled with.
    pub fn of(field: &Field) -> InputKind {
        // A choice filled from a list in Tallyfy comes with no options: it takes its text.
        if field.is_list_backed() {
            return InputKind::Text;
        }
        match &field.field_type {
            FieldType::Text => InputKind::Text,
            FieldType::Email => InputKind::Email,
            FieldType::Textarea => InputKind::Textarea,
            FieldType::Date => InputKind::Date {
                with_time: field.collect_time,
            },
            FieldType::Radio => InputKind::Radio,
            FieldType::Dropdown => InputKind::Dropdown,
            FieldType::Multiselect => InputKind::Multi,
            FieldType::Table | FieldType::AssigneesForm | FieldType::File => InputKind::Later,
            FieldType::Unsupported(name) => InputKind::Unsupported(name.clone()),
        }
    }

    /// Whether the field is a group of controls (a fieldset with a legend) rather than one
    /// control with a label.
    pub fn grouped(&self) -> bool {
        matches!(self, InputKind::Radio | InputKind::Multi | InputKind::Later)
    }
}

/// A DOM id for a field id (which may contain anything when defined by hand).
pub fn dom_id(prefix: &str, field_id: &str) -> String {
    let safe: String = field_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{safe}")
}

/// Appends `text` so that the HTML parser reads it back as exactly `text` (but a NUL, which
/// HTML cannot carry, as U+FFFD), in element content or a double-quoted attribute value.
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'', '\r', '\0']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\r' => "&#13;",
            _ => "\u{FFFD}",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// What a field's text shows once parsed: the text, with a NUL as U+FFFD.
pub fn as_parsed(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}

/// Whether the field has guidance to show (a box for it, and its id among the controls'
/// descriptions).
pub fn has_guidance(field: &Field) -> bool {
    !field.guidance.trim().is_empty()
}

/// The ids that describe a field's controls (`aria-describedby`): its guidance's, if it has
/// any, and its error line's.
pub fn described_by(field: &Field) -> String {
    let error_id = dom_id("e", &field.id);
    if has_guidance(field) {
        format!("{} {error_id}", dom_id("g", &field.id))
    } else {
        error_id
    }
}

/// Appends the markup of field number `index` (its position in the list, kept in
/// `data-field` for the list's event handlers): its label or legend, an empty guidance box
/// (filled by the app), its input (none for a [`InputKind::Later`] field, which the framework
/// adds before the error), and its empty error line.
pub fn write_field(out: &mut String, index: usize, field: &Field, kind: &InputKind) {
    let input_id = dom_id("f", &field.id);
    let error_id = dom_id("e", &field.id);
    let described_by = described_by(field);
    let controls = Controls {
        input_id: &input_id,
        described_by: &described_by,
        required: field.required,
    };
    let wrapper = if kind.grouped() { "fieldset" } else { "div" };
    let _ = write!(
        out,
        "<{wrapper} class=\"field kickoff\" data-field=\"{index}\">"
    );
    if kind.grouped() {
        out.push_str("<legend>");
    } else {
        out.push_str("<label for=\"");
        escape_into(out, &input_id);
        out.push_str("\">");
    }
    escape_into(out, field.display_name());
    if field.required {
        out.push_str("<span class=\"required\" aria-hidden=\"true\">*</span>");
    }
    out.push_str(if kind.grouped() {
        "</legend>"
    } else {
        "</label>"
    });
    if has_guidance(field) {
        out.push_str("<div class=\"guidance help\" id=\"");
        escape_into(out, &dom_id("g", &field.id));
        out.push_str("\"></div>");
    }
    controls.write(out, field, kind);
    out.push_str("<p class=\"error\" id=\"");
    escape_into(out, &error_id);
    let _ = write!(out, "\"></p></{wrapper}>");
}

/// What every control of a field carries.
struct Controls<'a> {
    input_id: &'a str,
    described_by: &'a str,
    required: bool,
}

impl Controls<'_> {
    /// ` aria-invalid="false" aria-describedby="…"` (and `aria-required` when `required`).
    fn aria(&self, out: &mut String, required: bool) {
        if required && self.required {
            out.push_str(" aria-required=\"true\"");
        }
        out.push_str(" aria-invalid=\"false\" aria-describedby=\"");
        escape_into(out, self.described_by);
        out.push('"');
    }

    /// ` id="…"` with the field's input id.
    fn id(&self, out: &mut String) {
        out.push_str(" id=\"");
        escape_into(out, self.input_id);
        out.push('"');
    }

    fn write(&self, out: &mut String, field: &Field, kind: &InputKind) {
        match kind {
            InputKind::Text | InputKind::Email => {
                let kind = if *kind == InputKind::Email {
                    "email"
                } else {
                    "text"
                };
                out.push_str("<input");
                self.id(out);
                let _ = write!(out, " type=\"{kind}\"");
                self.aria(out, true);
                out.push('>');
            }
            InputKind::Textarea => {
                out.push_str("<textarea");
                self.id(out);
                out.push_str(" rows=\"4\"");
                self.aria(out, true);
                out.push_str("></textarea>");
            }
            InputKind::Date { with_time } => {
                out.push_str("<div class=\"input-row\"><input");
                self.id(out);
                out.push_str(" type=\"date\"");
                self.aria(out, true);
                out.push('>');
                if *with_time {
                    out.push_str("<input type=\"time\" aria-label=\"");
                    escape_into(out, field.display_name());
                    out.push_str(" (time)\"");
                    self.aria(out, true);
                    out.push('>');
                }
                out.push_str("</div>");
            }
            InputKind::Radio => {
                out.push_str("<div class=\"choices\" role=\"radiogroup\"");
                self.aria(out, false);
                out.push('>');
                checks(out, field, |out| {
                    out.push_str(" type=\"radio\" name=\"");
                    escape_into(out, self.input_id);
                    out.push('"');
                });
                out.push_str("</div>");
            }
            InputKind::Dropdown => {
                out.push_str("<select");
                self.id(out);
                self.aria(out, true);
                out.push_str("><option value=\"\">(choose one)</option>");
                for option in &field.options {
                    let _ = write!(out, "<option value=\"{}\">", option.id);
                    escape_into(out, &option.text);
                    out.push_str("</option>");
                }
                out.push_str("</select>");
            }
            InputKind::Multi => {
                out.push_str("<div class=\"choices\">");
                checks(out, field, |out| {
                    out.push_str(" type=\"checkbox\"");
                    self.aria(out, false);
                });
                out.push_str("</div>");
            }
            InputKind::Later => {}
            InputKind::Unsupported(name) => {
                out.push_str("<p class=\"help\">This field&#39;s type (&quot;");
                escape_into(out, name);
                out.push_str("&quot;) cannot be filled here; it is left empty when launching.</p>");
            }
        }
    }
}

/// A choice's options as boxes with their texts, each input carrying what `attributes` writes
/// and its option's id as its value.
fn checks(out: &mut String, field: &Field, attributes: impl Fn(&mut String)) {
    for option in &field.options {
        out.push_str("<label class=\"check\"><input");
        attributes(out);
        let _ = write!(out, " value=\"{}\">", option.id);
        escape_into(out, &option.text);
        out.push_str("</label>");
    }
}
