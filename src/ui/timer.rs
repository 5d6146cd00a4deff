//! The clock helpers the screens use (they live with the API client, which paces by them).

pub use crate::api::clock::{now_ms, sleep_ms};
