//! Reading JSON leniently: the API sends ids and flags as numbers or strings, and other
//! systems' payloads do the same.

use serde_json::{Number, Value};

/// A string, or a number rendered as one (ids arrive as either).
pub fn string_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(number_text(n)),
        _ => None,
    }
}

/// A number as text: whole numbers exactly; others to at most six decimals (as messages and
/// ids need them). Written by hand: serde_json's number writer and core's float formatting
/// bring their tables to the first screen, which reads ids and error messages.
pub fn number_text(n: &Number) -> String {
    if let Some(whole) = n.as_u64() {
        return whole.to_string();
    }
    if let Some(whole) = n.as_i64() {
        return whole.to_string();
    }
    let x = n.as_f64().unwrap_or(0.0);
    let sign = if x < 0.0 { "-" } else { "" };
    if x.fract() == 0.0 && x.abs() < 1.8e19 {
        return format!("{sign}{}", x.abs() as u64);
    }
    // Six decimals of a number below 10^12 fit a u64; a larger one is written d.dddddde<n>.
    let (mut mantissa, mut exponent) = (x.abs(), 0);
    if mantissa >= 1e12 {
        while mantissa >= 10.0 {
            mantissa /= 10.0;
            exponent += 1;
        }
    }
    let millionths = (mantissa * 1e6).round() as u64;
    let (whole, fraction) = (millionths / 1_000_000, millionths % 1_000_000);
    let sign = if millionths == 0 { "" } else { sign };
    let mut text = format!("{sign}{whole}");
    if fraction > 0 {
        let digits = format!("{fraction:06}");
        text.push('.');
        text.push_str(digits.trim_end_matches('0'));
    }
    if exponent > 0 {
        text.push_str(&format!("e{exponent}"));
    }
    text
}

/// An integer, or a string holding one.
pub fn int_of(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A flag: `true`, a non-zero number, or "1", "true" or "yes".
pub fn bool_of(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0) != 0,
        Some(Value::String(s)) => matches!(s.as_str(), "1" | "true" | "yes"),
        _ => false,
    }
}
