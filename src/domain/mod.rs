//! Pure domain logic: no browser APIs, all tested natively with `cargo test`.

pub mod assign;
pub mod body_import;
pub mod bulk;
pub mod chunking;
pub mod directory;
pub mod fill;
pub mod formula;
pub mod guidance;
pub mod history;
pub mod json;
pub mod launch;
pub mod outcome;
pub mod preset;
pub mod quick_picks;
pub mod rate;
pub mod retry;
pub mod run;
pub mod schedule;
pub mod settings;
pub mod share;
pub mod syntax;
pub mod tallyfy_link;
pub mod template;
pub mod track;
pub mod values;
pub mod workato;
