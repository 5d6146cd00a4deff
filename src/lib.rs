//! Tallyfy Launcher: launch Tallyfy processes from templates, by hand or in bulk, from the
//! browser. `domain` is pure logic, `api` the HTTP client, `ui` the Leptos app.

pub mod api;
pub mod domain;
pub mod ui;

pub use ui::app::App;
