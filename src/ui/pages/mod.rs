//! Screens: each owns its resources and actions.

pub mod history;
pub mod launch;
pub mod settings;
