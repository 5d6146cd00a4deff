//! URL components: a path segment, and a query of `key=value` pairs.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters left as they are in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A path segment, percent-encoded: a `/`, `?`, `#` or `%` in it stays part of it. `.` and `..`
/// are encoded too, but the browser's URL parser reads `%2E` as a dot all the same ("this
/// folder", "the folder above"): the API's requests refuse such segments (`api::request`).
pub fn segment(text: &str) -> String {
    match text.trim() {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        text => utf8_percent_encode(text, SEGMENT).to_string(),
    }
}

/// `key=value` pairs, form-encoded (`&`, `=` and `#` in a key or value stay part of it).
pub fn query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        query.append_pair(key, value);
    }
    query.finish()
}
