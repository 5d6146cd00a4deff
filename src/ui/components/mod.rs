//! Small presentational components shared by the screens.

pub mod confirm;
pub mod data_table;
pub mod disclosure;
pub mod error_details;
pub mod fields;
pub mod problem_list;
pub mod safe_html;
