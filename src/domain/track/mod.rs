//! The Track board: the processes launched from the templates this browser launched (read from
//! the organization, so launches by Workato or a teammate count too) merged with this browser's
//! history (which says which came from which bulk job); filters, tallies, the figures the
//! pictures draw, a one-line summary and a formula-safe CSV.

mod board;
mod figures;
mod process;

pub use board::{
    Batch, Board, BoardFilter, StatusFilter, Tally, TemplatesToRead, MAX_TRACKED_TEMPLATES,
};
pub use figures::{
    day_bars, local_days, progress_buckets, DayBar, PROGRESS_AXIS, PROGRESS_BUCKETS,
};
pub use process::{
    assignees_text, instant_ms, origin_text, Lateness, NextTask, Origin, Segment, Status,
    TrackedRun,
};
