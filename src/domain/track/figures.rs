//! What the Track board's pictures and table draw from the board: launches per day stacked by
//! segment, progress buckets, and who and where, in words.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::board::Board;
use super::process::Status;

/// Most days the launches-per-day picture fills in with empty days between launches.
const MAX_FILLED_DAYS: i64 = 62;

/// One day of launches, stacked by where those processes stand now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayBar {
    /// Local date, `YYYY-MM-DD`.
    pub day: String,
    /// Per [`Segment`], in [`Segment::ALL`] order.
    pub segments: [usize; 5],
}

impl DayBar {
    /// Launches that day.
    pub fn total(&self) -> usize {
        self.segments.iter().sum()
    }
}

/// The progress buckets' labels, lowest first.
pub const PROGRESS_BUCKETS: [&str; 5] = ["0–24 %", "25–49 %", "50–74 %", "75–99 %", "100 %"];
/// The same, short, for the picture's axis.
pub const PROGRESS_AXIS: [&str; 5] = ["0–24", "25–49", "50–74", "75–99", "100"];

/// Each process's launch time as `day_of` writes it (for [`day_bars`], the local
/// `YYYY-MM-DD`; empty when unknown), in board order: worked out once per board, since the zone
/// lookup and the formatting cost far more than a keystroke's filtering.
pub fn local_days(board: &Board, day_of: &dyn Fn(i64) -> String) -> Vec<String> {
    board
        .runs
        .iter()
        .map(|run| run.launched_ms.map(day_of).unwrap_or_default())
        .collect()
}

/// Launches per local day (`days` from [`local_days`]), oldest first, stacked by segment.
/// Days without launches between the first and the last are included when the span is at
/// most two months, so gaps show.
pub fn day_bars(board: &Board, selected: &[usize], now_ms: i64, days_of: &[String]) -> Vec<DayBar> {
    let mut days: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for &i in selected {
        let (Some(run), Some(day)) = (board.runs.get(i), days_of.get(i)) else {
            continue;
        };
        if !day.is_empty() {
            days.entry(day.clone()).or_default()[run.segment(now_ms).index()] += 1;
        }
    }
    let parse = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let first = days.keys().next().and_then(|d| parse(d));
    let last = days.keys().next_back().and_then(|d| parse(d));
    if let (Some(first), Some(last)) = (first, last) {
        let span = i64::from(last.num_days_from_ce()) - i64::from(first.num_days_from_ce());
        if span <= MAX_FILLED_DAYS {
            let mut day = first;
            while day < last {
                days.entry(day.format("%Y-%m-%d").to_string()).or_default();
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
        }
    }
    days.into_iter()
        .map(|(day, segments)| DayBar { day, segments })
        .collect()
}

/// How many selected processes are in each progress bucket ([`PROGRESS_BUCKETS`]).
pub fn progress_buckets(board: &Board, selected: &[usize]) -> [usize; 5] {
    let mut buckets = [0; 5];
    for run in selected.iter().filter_map(|&i| board.runs.get(i)) {
        let percent = if run.status == Status::Complete {
            100.0
        } else {
            run.percent
        };
        let bucket = if percent >= 100.0 {
            4
        } else {
            ((percent.max(0.0) / 25.0) as usize).min(3)
        };
        buckets[bucket] += 1;
    }
    buckets
}
