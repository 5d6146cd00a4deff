//! Builders shared by the native test files, and the real readers of what the exports are
//! written in (`foreign`).
#![allow(dead_code)]

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(not(target_arch = "wasm32"))]
pub mod foreign;

use tallyfy_launcher::domain::history::{HistoryRecord, Outcome, Source};
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::run::RunInfo;
use tallyfy_launcher::domain::template::{FieldOption, TableColumn};

/// The usual link to a run in Tallyfy's web app, as the app derives it for a record.
pub fn run_link(api_base: &str, org: &str, run: &str) -> String {
    format!(
        "{}/{org}/processes/{run}",
        api_base.trim_end_matches("/api")
    )
}

/// Options with ids 1, 2, … in order.
pub fn options(texts: &[&str]) -> Vec<FieldOption> {
    (1..)
        .zip(texts)
        .map(|(id, text)| FieldOption {
            id,
            text: (*text).into(),
        })
        .collect()
}

/// Table columns with ids 1, 2, … in order.
pub fn columns(labels: &[&str]) -> Vec<TableColumn> {
    (1..)
        .zip(labels)
        .map(|(id, label)| TableColumn {
            id,
            label: (*label).into(),
        })
        .collect()
}

/// A run as a launch's answer gives it: `id`, active, nothing else known yet.
pub fn run(id: &str) -> RunInfo {
    RunInfo {
        id: id.into(),
        name: String::new(),
        status: "active".into(),
        owner_id: None,
        created_at: String::new(),
        checklist_id: String::new(),
        checklist_title: String::new(),
        progress_percent: None,
    }
}

/// A launch of `request` recorded at `at_ms` that ended in `outcome`: one launch (not bulk) on
/// go.tallyfy.com in organization "org", template "Onboarding", answered in 100 ms.
pub fn record(id: &str, at_ms: i64, request: LaunchBody, outcome: Outcome) -> HistoryRecord {
    HistoryRecord {
        id: id.into(),
        at_ms,
        template_title: "Onboarding".into(),
        request,
        outcome,
        response: None,
        duration_ms: 100,
        retries: 0,
        api_base: "https://go.tallyfy.com/api".into(),
        org_id: "org".into(),
        source: Source::Single,
    }
}

/// The same, launched as run `run_id` (no link).
pub fn launched_record(id: &str, at_ms: i64, request: LaunchBody, run_id: &str) -> HistoryRecord {
    record(
        id,
        at_ms,
        request,
        Outcome::Launched {
            run: run(run_id),
            link: String::new(),
        },
    )
}
