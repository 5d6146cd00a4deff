//! Screens: each owns its resources and actions.

pub mod bulk;
pub mod history;
pub mod launch;
pub mod picker;
pub mod settings;
pub mod track;
