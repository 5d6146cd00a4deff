//! Small checks and text helpers the readers and the encoder share.

use serde_json::Value;

use super::FieldError;
use crate::domain::case::same_ignoring_case;
use crate::domain::json_text;
use crate::domain::template::{Field, FieldOption};

/// The Yes/No (True/False, Y/N, On/Off) option a boolean word stands for, when the field has
/// exactly one option on that side: how a JSON `true` or a "TRUE" cell reaches a Yes/No radio.
fn boolean_option<'a>(field: &'a Field, text: &str) -> Option<&'a FieldOption> {
    const TRUE: [&str; 5] = ["true", "yes", "y", "on", "1"];
    const FALSE: [&str; 5] = ["false", "no", "n", "off", "0"];
    // The words are ASCII, so ignoring ASCII case is ignoring case.
    let word = |words: &[&str], text: &str| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    let side: &[&str] = if word(&TRUE, text) {
        &TRUE
    } else if word(&FALSE, text) {
        &FALSE
    } else {
        return None;
    };
    let mut matching = field.options.iter().filter(|o| word(side, o.text.trim()));
    let option = matching.next()?;
    matching.next().is_none().then_some(option)
}

/// Finds an option by exact text, then ignoring case (in any script), then by id, then as a
/// boolean word.
pub fn match_option<'a>(field: &'a Field, text: &str) -> Result<&'a FieldOption, FieldError> {
    let wanted = text.trim();
    field
        .options
        .iter()
        .find(|o| o.text.trim() == wanted)
        .or_else(|| {
            field
                .options
                .iter()
                .find(|o| same_ignoring_case(o.text.trim(), wanted))
        })
        .or_else(|| field.options.iter().find(|o| o.id.to_string() == wanted))
        .or_else(|| boolean_option(field, wanted))
        .ok_or_else(|| {
            if field.options.is_empty() {
                FieldError::NoOptions {
                    text: wanted.to_string(),
                }
            } else {
                FieldError::NotAnOption {
                    text: wanted.to_string(),
                    choices: field
                        .options
                        .iter()
                        .map(|o| format!("\"{}\"", o.text))
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            }
        })
}

pub(super) fn column_names(field: &Field) -> String {
    field
        .columns
        .iter()
        .map(|c| c.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn row_is_blank(row: &[String]) -> bool {
    row.iter().all(|cell| cell.trim().is_empty())
}

/// Splits on any of the separators, trimming and dropping empties; a JSON list of strings is
/// read as such (for option texts that contain a separator).
pub fn split_list(text: &str, separators: &[char]) -> Vec<String> {
    let trimmed = text.trim();
    if trimmed.starts_with('[') {
        if let Ok(Value::Array(items)) = json_text::parse(trimmed) {
            if let Some(items) = items.iter().map(Value::as_str).collect::<Option<Vec<_>>>() {
                return items
                    .into_iter()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
            }
        }
    }
    trimmed
        .split(|c| separators.contains(&c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
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
