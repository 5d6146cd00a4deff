//! Text compared without case, as people write names and option texts: each character
//! lowercased on its own (`char::to_lowercase`), the Greek final sigma folded into sigma.
//!
//! Not `str::to_lowercase`: its one rule beyond single characters (a capital sigma becomes ς
//! at a word's end, σ elsewhere) brings 4 KB of code and two Unicode tables into the form's
//! chunk, and for comparing it matters only for ς, which is folded here instead.

/// `text` lowercased for comparing: "ΟΔΟΣ", "οδος" and "Οδοσ" give the same text.
pub fn folded(text: &str) -> String {
    folded_chars(text).collect()
}

/// Whether two texts are the same once [`folded`].
pub fn same_ignoring_case(a: &str, b: &str) -> bool {
    folded_chars(a).eq(folded_chars(b))
}

fn folded_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ς' { 'σ' } else { c })
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
