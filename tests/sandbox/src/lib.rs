//! A local, Tallyfy-compatible API for trying Tallyfy Launcher without an account and for
//! its tests. See `README.md` in this folder for the control endpoints.

pub mod runs;
pub mod seed;
pub mod server;
pub mod templates;
pub mod validate;
