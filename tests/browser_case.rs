//! Names and option texts are compared without case through the browser's `toLowerCase`
//! (`domain::case`); these tests, in headless Chromium, hold it to what `char::to_lowercase`
//! gives natively, for every Unicode character and beside the letters that change a sigma.
#![cfg(target_arch = "wasm32")]

use tallyfy_launcher::domain::case::{folded, same_ignoring_case};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Each character lowercased on its own, the final sigma folded: what the app compares natively.
fn by_char(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ς' { 'σ' } else { c })
        .collect()
}

/// Folds the texts in batches (the engine is called once per batch, not per character) and,
/// where a batch differs, names the first text that does.
fn agree_on(texts: &[String]) {
    for batch in texts.chunks(2048) {
        let joined = batch.join("\n");
        if folded(&joined) != by_char(&joined) {
            let first = batch.iter().find(|t| folded(t) != by_char(t));
            panic!("the browser folds {first:?} otherwise than char::to_lowercase");
        }
    }
}

#[wasm_bindgen_test]
fn every_character_folds_in_the_browser_as_natively() {
    let all: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
    agree_on(&all.iter().map(char::to_string).collect::<Vec<_>>());
    // Beside Greek letters and at a word's end, where the sigma rule of `toLowerCase` looks.
    let contexts: Vec<String> = all
        .iter()
        .flat_map(|c| {
            [
                format!("Α{c}Β"),
                format!("ΑΒ{c}"),
                format!("{c}Σ"),
                format!("Σ{c}"),
            ]
        })
        .collect();
    agree_on(&contexts);
}

#[wasm_bindgen_test]
fn names_in_any_script_compare_in_the_browser_as_people_write_them() {
    for (a, b) in [
        ("Remote Worker", "remote worker"),
        ("ΟΔΟΣ", "οδος"),
        ("Οδοσ", "ΟΔΟΣ"),
        ("ÉTÉ", "été"),
        ("İstanbul", "i̇stanbul"),
        ("КИЇВ", "київ"),
        ("ǅemal", "ǆemal"),
    ] {
        assert!(same_ignoring_case(a, b), "{a:?} ~ {b:?}");
    }
    for (a, b) in [("Straße", "strasse"), ("Yes", "Yes!"), ("日本", "日")] {
        assert!(!same_ignoring_case(a, b), "{a:?} !~ {b:?}");
    }
}
