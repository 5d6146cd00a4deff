//! The Track board: the processes launched from the templates this browser launched (read from
//! the organization, so launches by Workato or a teammate count too) merged with this browser's
//! history (which says which came from which bulk job); filters, tallies, the figures the
//! pictures draw, a one-line summary and a formula-safe CSV.

mod board;
mod run;

pub use board::{
    assignees_text, day_bars, local_days, origin_text, progress_buckets, Batch, Board, BoardFilter,
    DayBar, StatusFilter, Tally, TemplatesToRead, MAX_TRACKED_TEMPLATES, PROGRESS_AXIS,
    PROGRESS_BUCKETS,
};
pub use run::{instant_ms, Lateness, NextTask, Origin, Segment, Status, TrackedRun};
