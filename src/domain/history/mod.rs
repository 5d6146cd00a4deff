//! The launch history: every attempt, what was sent and what came back. Stored as one
//! versioned JSON document; merging (another tab's writes, an imported export) is by record id,
//! so nothing is overwritten or duplicated, and deletions travel as tombstones.
//!
//! [`record`] is one attempt; [`store`] the history in memory (merge, search, delete);
//! [`format`] how it is stored, record by record; [`preview`] the newest records read alone;
//! [`v1`] the first release's format;
//! [`export`] the JSON and CSV files people download and import.

mod export;
mod format;
mod preview;
mod record;
mod store;
mod v1;

pub use export::{export_csv, export_json, parse_export, CSV_HEADER};
pub use format::LoadReport;
pub use preview::HistoryPreview;
pub use record::{trim_response, Badge, HistoryRecord, LinkRule, Outcome, Source};
pub use store::{History, HistoryQuery, MergeReport};

/// The schema written today.
pub const SCHEMA_VERSION: u32 = 2;
