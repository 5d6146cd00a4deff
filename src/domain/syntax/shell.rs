//! POSIX shell words.

/// `text` as one POSIX shell word in single quotes: nothing in it expands (`$`, `$(`, backticks,
/// backslashes are text), and a quote in it is written `'\''`, so the word never ends early.
pub fn word(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}
