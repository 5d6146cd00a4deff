//! Reading JSON text into a [`Value`], and writing one. In the browser the text goes through the
//! browser's own `JSON.parse` and the result is walked into a `Value`: code that reads and
//! writes JSON through here carries no JSON text parser or writer of its own (serde_json's
//! reader and its number tables weigh about 10 KB gzip). Natively (tests, tools) serde_json reads
//! it. Both refuse what is not JSON, and both stop at the same depth, so a hostile answer nested a
//! million deep is refused rather than overflowing the stack. Where they differ (the browser has
//! one number type, so `3.0` reads as the whole number 3 and integers past 2^53 as the nearest
//! float; a lone surrogate in a string reads as U+FFFD where serde_json refuses the text),
//! `tests/browser_json.rs` says so and holds the rest equal.
//!
//! It sits in the domain, though it calls the JavaScript engine in the app: `JSON.parse` and
//! `JSON.stringify` are the language's, not the page's (no DOM, no I/O), and the domain reads
//! JSON text (links, saved forms) that the form's chunk must read without serde_json's parser.

use serde_json::Value;

/// Arrays and objects nest fewer levels than this (serde_json's own limit).
pub const MAX_DEPTH: usize = 128;

/// The JSON value `text` holds, or why it is not JSON.
pub fn parse(text: &str) -> Result<Value, String> {
    #[cfg(target_arch = "wasm32")]
    {
        browser::parse(text)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// `value` as JSON text (the browser's `JSON.stringify` in the app, serde_json natively), so
/// the code that writes through here carries no JSON writer of its own either. Numbers past
/// 2^53 are written as the nearest float there; the app writes none.
pub fn stringify(value: &Value) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        browser::stringify(value)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        value.to_string()
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::{Array, JsString, Object, JSON};
    use serde_json::{Map, Number, Value};
    use wasm_bindgen::{JsCast, JsValue};

    use super::MAX_DEPTH;

    /// Integers up to 2^53 are exact in a JavaScript number; larger ones are kept as floats.
    const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

    pub(super) fn parse(text: &str) -> Result<Value, String> {
        let parsed = JSON::parse(text).map_err(|e| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "it is not JSON".into())
        })?;
        value_of(&parsed, 0)
    }

    pub(super) fn stringify(value: &Value) -> String {
        JSON::stringify(&js_of(value))
            .map(String::from)
            .unwrap_or_default()
    }

    /// `value` as the object `JSON.stringify` writes.
    fn js_of(value: &Value) -> JsValue {
        match value {
            Value::Null => JsValue::NULL,
            Value::Bool(flag) => JsValue::from_bool(*flag),
            Value::Number(number) => JsValue::from_f64(number.as_f64().unwrap_or(0.0)),
            Value::String(text) => JsValue::from_str(text),
            Value::Array(items) => items.iter().map(js_of).collect::<Array>().into(),
            Value::Object(map) => {
                // No prototype: a key named "__proto__" is then a key like any other, not a
                // change of prototype that would drop it.
                let object = Object::create(JsValue::NULL.unchecked_ref::<Object>());
                for (key, item) in map {
                    let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &js_of(item));
                }
                object.into()
            }
        }
    }

    /// What `JSON.parse` made, as a `Value` (only the types JSON has can occur).
    fn value_of(js: &JsValue, depth: usize) -> Result<Value, String> {
        if js.is_string() {
            return Ok(Value::String(String::from(js.unchecked_ref::<JsString>())));
        }
        if let Some(number) = js.as_f64() {
            return number_of(number).map(Value::Number);
        }
        if let Some(flag) = js.as_bool() {
            return Ok(Value::Bool(flag));
        }
        if js.is_null() {
            return Ok(Value::Null);
        }
        // serde_json refuses the 128th level; so does this.
        if depth + 1 >= MAX_DEPTH {
            return Err(format!("it nests {MAX_DEPTH} levels deep or more"));
        }
        if let Some(items) = js.dyn_ref::<Array>() {
            return items
                .iter()
                .map(|item| value_of(&item, depth + 1))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array);
        }
        let mut map = Map::new();
        for entry in Object::entries(js.unchecked_ref::<Object>()).iter() {
            let pair = entry.unchecked_into::<Array>();
            let key = pair.get(0).unchecked_into::<JsString>();
            map.insert(String::from(key), value_of(&pair.get(1), depth + 1)?);
        }
        Ok(Value::Object(map))
    }

    /// A whole number within the exact range as an integer (as serde_json reads `3`), any other
    /// as a float; one too large for a float (`1e400`, which `JSON.parse` makes infinite) is
    /// refused, as serde_json refuses it.
    fn number_of(number: f64) -> Result<Number, String> {
        if number.fract() == 0.0 && number.abs() <= EXACT_INTEGER {
            return Ok(match number >= 0.0 {
                true => Number::from(number as u64),
                false => Number::from(number as i64),
            });
        }
        Number::from_f64(number).ok_or_else(|| "a number in it is out of range".into())
    }
}
