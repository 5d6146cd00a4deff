//! Bulk launch: reading a spreadsheet, mapping its columns to a template, checking every row
//! (through the same draft and encoder as the Launch screen), and the job state that survives a
//! reload.
//!
//! [`sheet`] reads the CSV; [`mapping`] matches its columns to fields; [`check`] checks every
//! row through the same draft and encoder as the Launch screen; [`job`] is the job that sends
//! them and survives a reload. Pacing lives in `domain::rate`: it paces every API call.

mod check;
mod job;
mod mapping;
mod sheet;

pub use check::{check_rows, CellProblem, CheckInput, Duplicate, RowCheck, DUPLICATE_LOOKBACK_MS};
pub use job::{BulkJob, JobState, Progress, RowOutcome};
pub use mapping::{auto_map, column_choices, mapping_problems, NameSource, Target};
pub use sheet::{read_sheet, Separator, Sheet, MAX_ROWS};
