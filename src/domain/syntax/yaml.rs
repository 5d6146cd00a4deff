//! YAML for GitHub Actions workflows. YAML breaks lines on LF, CR, NEL, U+2028 and U+2029, and
//! GitHub evaluates `${{ … }}` in most scalars after YAML has decoded them (escapes included),
//! so both are dealt with here, on the decoded text.

use super::{describe, is_line_break, one_line};

/// `${{` in `text` written as the GitHub expression that gives `${{`, so GitHub leaves the text
/// as it is instead of evaluating what follows.
pub fn inert_expressions(text: &str) -> String {
    text.replace("${{", "${{ '${{' }}")
}

/// A double-quoted YAML scalar holding `text` on one line, with `${{` made inert: for `name:`
/// lines and other values GitHub may evaluate.
pub fn scalar(text: &str) -> String {
    // JSON's string syntax is valid YAML, and it escapes every control character.
    serde_json::to_string(&inert_expressions(&one_line(text))).unwrap_or_else(|_| "\"\"".into())
}

/// Why a text cannot go into a YAML block.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line} holds {what}, which YAML would read as structure; nothing was written")]
pub struct UnsafeBlock {
    /// 1-based line of the text where it is.
    pub line: usize,
    /// The character, named.
    pub what: String,
}

/// Whether YAML can carry `c` inside a block scalar as text: printable (YAML's `c-printable`)
/// and not a line break other than LF; no byte-order mark.
fn fits_block(c: char) -> bool {
    match c {
        '\n' | '\t' => true,
        '\u{feff}' => false,
        _ if is_line_break(c) || c.is_control() => false,
        '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' => true,
        _ => c >= '\u{10000}',
    }
}

/// `text` as the lines of a literal block scalar (`key: |`), each indented by `indent` spaces,
/// with `${{` made inert. Refused, rather than written, when the text holds a line break other
/// than LF or a character YAML cannot carry: the block would end early and the rest be read as
/// YAML.
pub fn block(text: &str, indent: usize) -> Result<String, UnsafeBlock> {
    // Split on LF alone: `str::lines` would also take a CR before an LF as part of the break.
    if let Some((line, what)) = text.split('\n').enumerate().find_map(|(i, line)| {
        line.chars()
            .find(|c| !fits_block(*c))
            .map(|c| (i + 1, describe(c)))
    }) {
        return Err(UnsafeBlock { line, what });
    }
    let pad = " ".repeat(indent);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(&inert_expressions(line));
        }
        out.push('\n');
    }
    // `split` gives one empty piece after a final LF: the block ends with exactly one.
    if text.ends_with('\n') {
        out.pop();
    }
    Ok(out)
}
