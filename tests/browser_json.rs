//! The app reads and writes JSON with the browser's `JSON.parse` and `JSON.stringify`
//! (`domain::json_text`); these tests, in headless Chromium, hold both to what serde_json reads and
//! writes, for hostile text of every kind.
#![cfg(target_arch = "wasm32")]

use serde_json::Value;
use tallyfy_launcher::domain::json_text::{parse, stringify, MAX_DEPTH};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The same value, numbers compared as numbers: the browser has one number type, so `3.0`
/// and `1e2` arrive as whole numbers, and integers past 2^53 as the nearest float.
fn same(browser: &Value, serde: &Value) -> bool {
    match (browser, serde) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y)))
        }
        _ => browser == serde,
    }
}

/// Reads `text` both ways and asserts they agree on whether it is JSON and on what it holds.
fn agree(text: &str) {
    let serde = serde_json::from_str::<Value>(text);
    let browser = parse(text);
    match (&browser, &serde) {
        (Ok(b), Ok(s)) => assert!(same(b, s), "{text:?}: browser {b:?}, serde {s:?}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{text:?}: browser {browser:?}, serde {serde:?}"),
    }
}

/// Every Unicode line break, quotes, escapes, controls, scripts and emoji.
const HOSTILE_TEXT: [&str; 16] = [
    "\n",
    "\r",
    "\r\n",
    "\u{0b}",
    "\u{0c}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\"",
    "\\",
    "</script>",
    "\u{0}",
    "Ω≈ç√",
    "שלום",
    "日本語",
    "👩‍👩‍👧",
];

#[wasm_bindgen_test]
fn strings_of_every_kind_read_as_serde_reads_them() {
    for piece in HOSTILE_TEXT {
        let quoted = serde_json::to_string(piece).unwrap();
        agree(&quoted);
        agree(&format!(r#"{{"message": {quoted}, {quoted}: [{quoted}]}}"#));
        agree(&quoted.replace('\\', "\\\\"));
    }
    for escaped in [r#""\u00e9\n\t\/""#, r#""\ud83d\ude00""#, r#""\u2028""#] {
        agree(escaped);
    }
    // A lone surrogate: serde_json refuses the text; the browser reads it, and the string
    // holds U+FFFD in its place (Rust strings cannot hold a lone surrogate).
    for lone in [r#""\ud800""#, r#""a\udc00b""#, r#"{"\ud83d": 1}"#] {
        assert!(serde_json::from_str::<Value>(lone).is_err());
        let read = parse(lone).unwrap();
        assert!(read.to_string().contains('\u{fffd}'), "{lone}: {read}");
    }
}

#[wasm_bindgen_test]
fn numbers_read_as_numbers() {
    for number in [
        "0",
        "-0",
        "7",
        "-7",
        "3.0",
        "1.5",
        "-2.25",
        "1e2",
        "1E-3",
        "0.1",
        "123456789012",
        "9007199254740993",
        "18446744073709551615",
        "-9223372036854775808",
        "1.7976931348623157e308",
        "5e-324",
    ] {
        agree(number);
        agree(&format!(r#"{{"n": [{number}]}}"#));
    }
    assert_eq!(parse("3").unwrap().as_u64(), Some(3));
    assert_eq!(parse("-3").unwrap().as_i64(), Some(-3));
    assert_eq!(parse("1.5").unwrap().as_f64(), Some(1.5));
}

#[wasm_bindgen_test]
fn what_is_not_json_is_refused_by_both() {
    for text in [
        "",
        " ",
        "{",
        "[1,]",
        "{'a': 1}",
        "NaN",
        "Infinity",
        "undefined",
        "01",
        "1.",
        ".5",
        "\"unterminated",
        "{\"a\" 1}",
        "[1] [2]",
        "tru",
        "// comment\n1",
        "\"\t\"",
        "1e400",
        "[-1e400]",
        "\u{feff}1",
    ] {
        agree(text);
        assert!(parse(text).is_err(), "{text:?}");
    }
}

#[wasm_bindgen_test]
fn objects_keep_their_keys_whatever_they_are_named() {
    for text in [
        r#"{"__proto__": {"admin": true}, "constructor": 1, "toString": "x"}"#,
        r#"{"a": 1, "a": 2}"#,
        r#"{"": "", " ": [], "b": {}, "c": null, "d": false}"#,
        r#"{"errors": {"prerun.x1": ["Required"], "tasks.t1": {"deadline": ["Too early"]}}}"#,
    ] {
        agree(text);
    }
    // Keys come out in serde_json's map order (sorted), whatever order JavaScript keeps them in
    // (integer-like keys first).
    let Value::Object(map) = parse(r#"{"z": 1, "10": 2, "x": 3, "2": 4}"#).unwrap() else {
        panic!("an object")
    };
    assert_eq!(map.keys().collect::<Vec<_>>(), ["10", "2", "x", "z"]);
}

#[wasm_bindgen_test]
fn nesting_stops_where_serde_stops_and_never_overflows() {
    for depth in [1, 2, MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1] {
        agree(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        agree(&format!(
            "{}1{}",
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        ));
    }
    // A million levels: the browser reads them, the walk refuses them with a reason.
    let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let refused = parse(&deep).unwrap_err();
    assert!(refused.contains("levels deep"), "{refused}");
}

#[wasm_bindgen_test]
fn a_large_answer_reads_whole() {
    let items: Vec<Value> = (0..5_000)
        .map(|i| serde_json::json!({"id": format!("{i:032x}"), "title": format!("Template {i} ✓"), "n": i}))
        .collect();
    let text = serde_json::to_string(&serde_json::json!({"data": items, "meta": {"total": 5000}}))
        .unwrap();
    agree(&text);
}

#[wasm_bindgen_test]
fn what_the_browser_writes_reads_back_the_same_both_ways() {
    let mut values = vec![
        serde_json::json!(null),
        serde_json::json!({"a": [1, -2, 2.5, true, false, null, {}, []], "": ""}),
        serde_json::json!({"__proto__": {"x": 1}, "toString": "y", "10": 1, "2": 2}),
        serde_json::json!([9007199254740992u64, -9007199254740992i64, 1e300, 5e-324]),
        tallyfy_launcher::domain::settings::Settings::default().to_value(),
    ];
    for piece in HOSTILE_TEXT {
        values.push(serde_json::json!({ piece: [piece, {"k": piece}] }));
    }
    let mut deep = serde_json::json!(1);
    for _ in 0..MAX_DEPTH - 2 {
        deep = serde_json::json!([deep]);
    }
    values.push(deep);
    for value in values {
        let written = stringify(&value);
        let read =
            serde_json::from_str::<Value>(&written).unwrap_or_else(|e| panic!("{written}: {e}"));
        assert!(same(&value, &read), "{value} → {written}");
        assert!(same(&parse(&written).unwrap(), &value), "{written}");
    }
}
