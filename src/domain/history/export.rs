//! The files people download and import: a JSON export read back by the import, and CSV.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{History, HistoryRecord, Source, SCHEMA_VERSION};
use crate::domain::outcome::ApiError;
use crate::domain::syntax::csv::write_safe_csv;

/// The export document: the records plus what they are.
#[derive(Serialize, Deserialize)]
struct ExportDocument {
    app: String,
    kind: String,
    schema: u32,
    exported_at_ms: i64,
    records: Vec<HistoryRecord>,
}

/// History records as a JSON export that [`parse_export`] reads back.
pub fn export_json(records: &[&HistoryRecord], now_ms: i64) -> String {
    let doc = ExportDocument {
        app: "tallyfy-launcher".into(),
        kind: "history".into(),
        schema: SCHEMA_VERSION,
        exported_at_ms: now_ms,
        records: records.iter().map(|r| (*r).clone()).collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Reads a JSON export (this version's, or a schema 1 list) into records.
pub fn parse_export(text: &str) -> Result<Vec<HistoryRecord>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("the file is not valid JSON ({e})"))?;
    if value.is_array() {
        let (history, report) = History::load(Some(text), &|_, _, _| String::new());
        return match report.unreadable {
            Some(reason) => Err(reason),
            None => Ok(history.records),
        };
    }
    let kind = value
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if kind != "history" {
        return Err(
            "the file is not a Tallyfy Launcher history export (it has no \"kind\": \"history\")"
                .into(),
        );
    }
    let schema = value.get("schema").and_then(Value::as_u64).unwrap_or(0);
    if schema != u64::from(SCHEMA_VERSION) {
        return Err(format!(
            "the export has schema version {schema}, which this version of the app does not know"
        ));
    }
    serde_json::from_value::<ExportDocument>(value)
        .map(|doc| doc.records)
        .map_err(|e| format!("its records are not in the expected form ({e})"))
}

/// The columns of the CSV export.
pub const CSV_HEADER: [&str; 17] = [
    "time_utc",
    "process_name",
    "template_title",
    "template_id",
    "outcome",
    "run_id",
    "run_status",
    "run_link",
    "http_status",
    "error",
    "request_id",
    "duration_ms",
    "retries",
    "api_base",
    "organization_id",
    "source",
    "request_body",
];

/// History records as CSV (one row per record, every cell formula-safe).
pub fn export_csv(records: &[&HistoryRecord], format_time: impl Fn(i64) -> String) -> String {
    let header = CSV_HEADER.map(String::from).to_vec();
    let rows = records.iter().map(|record| {
        let (run_id, run_status) = record
            .run()
            .map(|r| (r.id.clone(), r.status.clone()))
            .unwrap_or_default();
        let error = record.error();
        let source = match &record.source {
            Source::Single => "single".to_string(),
            Source::Bulk { job, row } => format!("bulk {job} row {row}"),
        };
        vec![
            format_time(record.at_ms),
            record.process_name().to_string(),
            record.template_title.clone(),
            record.template_id().to_string(),
            record.badge().label().to_string(),
            run_id,
            run_status,
            record.link().unwrap_or_default().to_string(),
            error
                .and_then(ApiError::status)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            error.map(ApiError::to_string).unwrap_or_default(),
            error
                .and_then(ApiError::request_id)
                .unwrap_or_default()
                .to_string(),
            record.duration_ms.to_string(),
            record.retries.to_string(),
            record.api_base.clone(),
            record.org_id.clone(),
            source,
            record.request.to_json(),
        ]
    });
    write_safe_csv(std::iter::once(header).chain(rows))
}
