//! Characters hostile-input tests put inside and around texts: every Unicode line break, and
//! spaces that one language's `trim` removes and another's keeps. The browser tests include this
//! file by path (`common/mod.rs` serves the native tests).

/// Every Unicode line break, and the spaces around which trimming differs.
pub const BREAKS_AND_SPACES: [char; 12] = [
    '\n', '\r', '\u{B}', '\u{C}', '\u{85}', '\u{2028}', '\u{2029}', '\t', '\u{A0}', '\u{3000}',
    '\u{FEFF}', '\u{180E}',
];
