//! Screens: each owns its resources and actions.

pub mod launch;
pub mod settings;
