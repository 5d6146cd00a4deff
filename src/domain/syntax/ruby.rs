//! Ruby, as Workato's formula mode reads it. In a double-quoted Ruby string `#{…}`, `#@x` and
//! `#$x` interpolate; a single-quoted one interpolates nothing. Every value goes in single
//! quotes, or as JSON whose `#` is written `\u0023` (the same JSON value; Ruby reads the escape
//! as the character, after deciding there is nothing to interpolate).

use serde_json::Value;

use super::one_line;

/// `text` as a Ruby string literal in which nothing interpolates: single-quoted (only `\\`
/// and `\'` are escapes) when it is plain printable text; else as inert JSON, since a control
/// character (a NUL ends Ruby's source) cannot be written inside single quotes.
pub fn string(text: &str) -> String {
    if text.chars().any(super::is_unsafe) {
        return json(&Value::String(text.to_string()), false);
    }
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// `value` as JSON that formula mode reads as the same value: every `#` (which JSON allows only
/// inside strings) written `\u0023`, so no string interpolates. Indented when `pretty`.
pub fn json(value: &Value, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    text.unwrap_or_default().replace('#', "\\u0023")
}

/// A JSON text (for example a pretty body) made inert the same way as [`json`].
pub fn inert_json_text(text: &str) -> String {
    text.replace('#', "\\u0023")
}

/// A `#` comment line with `text` kept on it.
pub fn note(text: &str) -> String {
    format!("# {}", one_line(text).trim_end())
}

/// A data pill's key from free text (a label, a step title): lower-case ASCII letters, digits
/// and `_`, never empty, so it can be written `trigger['<key>']` with nothing to escape.
pub fn pill_key(text: &str) -> String {
    let mut key = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    let key = key.trim_end_matches('_');
    if key.is_empty() {
        "value".into()
    } else {
        key.to_string()
    }
}
