//! The app's state: what every screen shares (settings, token, notices), the stores kept in
//! the browser (history, presets), and the Launch and Bulk screens' sessions, which live at the
//! root so that work in progress survives switching screens.

pub mod app;
pub mod attempt;
pub mod bulk;
pub mod directory;
pub mod doctor;
pub mod feedback;
pub mod form;
pub mod history;
pub mod launch;
pub mod presets;
pub mod template_loader;
pub mod track;

pub use app::{provide_app_state, use_app, AppState, Level, Notice};
