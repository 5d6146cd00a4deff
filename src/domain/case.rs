//! Text compared without case, as people write names and option texts: each character
//! lowercased on its own, the Greek final sigma folded into sigma.
//!
//! In the browser the lowering is the JavaScript engine's `toLowerCase` (the language's, not the
//! page's: no DOM, no I/O), so the form's chunk carries no Unicode case table of its own (12 KB,
//! 4.3 KB gzip); natively it is `char::to_lowercase`. Both follow the Unicode standard and differ
//! only in the sigma at a word's end (`toLowerCase` writes ς there), which is folded here;
//! `tests/browser_case.rs` holds the two equal for every character, in the browser.

/// `text` lowercased for comparing: "ΟΔΟΣ", "οδος" and "Οδοσ" give the same text.
pub fn folded(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(text).to_lower_case()).replace('ς', "σ")
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == 'ς' { 'σ' } else { c })
            .collect()
    }
}

/// Whether two texts are the same once [`folded`].
pub fn same_ignoring_case(a: &str, b: &str) -> bool {
    a == b || folded(a) == folded(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `str::to_lowercase` gives, final sigma folded: `folded` must give exactly this.
    fn by_str(text: &str) -> String {
        text.to_lowercase().replace('ς', "σ")
    }

    #[test]
    fn every_character_folds_as_str_to_lowercase_does() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(folded(&alone), by_str(&alone), "U+{:04X}", c as u32);
            // Between letters and at a word's end: where str::to_lowercase's sigma rule looks.
            for text in [
                format!("Α{c}Β"),
                format!("ΑΒ{c}"),
                format!("{c}Σ"),
                format!("Σ{c}"),
            ] {
                assert_eq!(folded(&text), by_str(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn names_in_any_script_compare_as_people_write_them() {
        let same = [
            ("Remote Worker", "remote worker"),
            ("ΟΔΟΣ", "οδος"),
            ("Οδοσ", "ΟΔΟΣ"),
            ("ÉTÉ", "été"),
            ("İstanbul", "i̇stanbul"),
            ("STRASSE", "strasse"),
            ("КИЇВ", "київ"),
            ("ǅemal", "ǆemal"),
            ("", ""),
        ];
        for (a, b) in same {
            assert!(same_ignoring_case(a, b), "{a:?} ~ {b:?}");
            assert_eq!(same_ignoring_case(a, b), by_str(a) == by_str(b));
        }
        let different = [
            ("Straße", "strasse"),
            ("Yes", "Yes!"),
            ("ab", "a"),
            ("日本", "日"),
        ];
        for (a, b) in different {
            assert!(!same_ignoring_case(a, b), "{a:?} !~ {b:?}");
            assert_eq!(same_ignoring_case(a, b), by_str(a) == by_str(b));
        }
    }
}
