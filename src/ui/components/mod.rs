//! Small presentational components shared by the screens.

pub mod confirm;
pub mod error_box;
pub mod fields;
pub mod quick_picks;
pub mod safe_html;
pub mod template_picker;
