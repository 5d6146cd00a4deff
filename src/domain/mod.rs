//! Pure domain logic: no browser APIs, all tested natively with `cargo test`.

pub mod bulk;
pub mod directory;
pub mod formula;
pub mod guidance;
pub mod history;
pub mod launch;
pub mod outcome;
pub mod retry;
pub mod run;
pub mod settings;
pub mod template;
pub mod values;
