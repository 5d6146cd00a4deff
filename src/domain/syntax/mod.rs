//! Our text written in other languages' syntax: the one place every export turns a value (a
//! template title, a field label or value, a name formula, a step title) into a shell word, a
//! YAML scalar or block, a Ruby (Workato formula mode) string, JSON, a CSV cell or a URL
//! component. Each writer keeps the value inside the place it was put: no line break of any
//! Unicode kind, no expression opener of the target (`${{`, `#{`, `$(`, a backtick) and no control
//! character can end it early or make the target read it as structure.
//!
//! | target | writer | what a value can never do there |
//! |---|---|---|
//! | POSIX shell | [`shell::word`] | expand (`$`, backticks) or end its word |
//! | YAML (GitHub Actions) | [`yaml::scalar`], [`yaml::block`] | break a line, or be read by GitHub as `${{ … }}` |
//! | Ruby (Workato formula mode) | [`ruby::string`], [`ruby::json`], [`ruby::note`] | interpolate (`#{`, `#@`, `#$`) or leave its note line |
//! | JSON for scripts | [`ascii_json`] | carry a byte a shell, terminal or YAML reader could act on |
//! | CSV | [`csv::write_safe_csv`] | run as a spreadsheet formula |
//! | URL | [`url::segment`], [`url::query`] | add a path segment or a parameter |

pub mod csv;
pub mod ruby;
pub mod shell;
pub mod url;
pub mod yaml;

use std::fmt::Write;

/// Whether `c` ends a line for some reader an export meets: LF, VT, FF, CR (YAML, shells,
/// editors), NEL, and the Unicode line and paragraph separators (YAML and JavaScript).
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether `c` has no business in text meant to stay on one line where it is put: every
/// control character (C0, DEL, C1, so every line break above), the Unicode line and paragraph
/// separators, the byte-order mark, non-characters, and the bidirectional overrides and isolates
/// (which make a line display otherwise than it reads).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || is_line_break(c)
        || matches!(
            c,
            '\u{feff}'
                | '\u{fffe}'
                | '\u{ffff}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{fdd0}'..='\u{fdef}'
        )
}

/// The first character of `text` that [`is_unsafe`], named for a message ("a carriage return
/// (U+000D)").
pub fn first_unsafe(text: &str) -> Option<String> {
    text.chars().find(|c| is_unsafe(*c)).map(describe)
}

/// A character's name for a message: what it is and its code point.
pub fn describe(c: char) -> String {
    let what = match c {
        '\n' => "a line feed",
        '\r' => "a carriage return",
        '\t' => "a tab",
        '\u{b}' => "a vertical tab",
        '\u{c}' => "a form feed",
        '\u{85}' => "a next-line character",
        '\u{2028}' => "a line separator",
        '\u{2029}' => "a paragraph separator",
        '\u{feff}' => "a byte-order mark",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "a text-direction control",
        _ if c.is_control() => "a control character",
        _ => "an invisible character",
    };
    format!("{what} (U+{:04X})", u32::from(c))
}

/// Text on one line with only printable characters (titles into comments, name text into
/// scripts, labels into notes): every [`is_unsafe`] character becomes a space.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if is_unsafe(c) { ' ' } else { c })
        .collect()
}

/// JSON text with every non-ASCII character (and DEL) written as a `\u` escape: the same JSON
/// value, made only of printable ASCII (serde escapes the other controls), so no byte of a value
/// can upset a shell, a terminal or a YAML reader.
pub fn ascii_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // DEL is ASCII but a control, and JSON leaves it as it is.
        if c.is_ascii() && c != '\u{7f}' {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out
}
