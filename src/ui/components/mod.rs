//! Small presentational components shared by the screens.

pub mod error_box;
