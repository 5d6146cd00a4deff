//! Words that agree with a count.

/// `one` when `n` is 1, else `many`: `plural(n, "row", "rows")`, `plural(n, "has", "have")`.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
