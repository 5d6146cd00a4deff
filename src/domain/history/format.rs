//! How the history is stored: one versioned document, the usual API base, organization and
//! links written once, records newest first, each record read on its own.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::store::MAX_TOMBSTONES;
use super::v1::V1Record;
use super::{History, HistoryRecord, LinkRule, Outcome, SCHEMA_VERSION};

/// The stored document, as written. Records this version could not read are written back as
/// they were (`Raw`), so a tab never destroys what it does not understand.
#[derive(Serialize)]
struct StoredHistory<'a> {
    schema: u32,
    /// The API base most records went to; records that went there store none.
    #[serde(skip_serializing_if = "String::is_empty")]
    api_base: String,
    /// The organization most records went to.
    #[serde(skip_serializing_if = "String::is_empty")]
    org_id: String,
    /// Every record is one this version reads, newest first: the first ones are the newest
    /// (History opened first reads only those: `preview`). Written before the records, which
    /// are always newest first; older versions ignore it and sort what they read.
    newest_first: bool,
    records: Vec<StoredRecord<'a>>,
    deleted: Vec<String>,
    cleared_before_ms: Option<i64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    restored: &'a BTreeMap<String, i64>,
}

/// One record as written: read by this version, or kept as it was read.
#[derive(Serialize)]
#[serde(untagged)]
enum StoredRecord<'a> {
    Known(Box<HistoryRecord>),
    Kept(&'a Value),
}

/// The stored document, as read: with every record as this version reads it (`HistoryRecord`:
/// one pass, what almost every load finds), or each record as a JSON value (read one by one,
/// so one bad record costs only itself).
///
/// A `Value`, not serde_json's `RawValue`: that needs serde_json's `raw_value` feature, whose
/// branches in `Value`'s own `Deserialize` and `Serialize` call the JSON text parser, so every
/// chunk that turns a struct into a `Value` or back (the kick-off form's saved form) carried the
/// parser. A record kept as a value is written back as the same JSON value: strings and keys
/// exact, keys in serde_json's order, numbers as serde_json writes them (exact for any number
/// this app writes; a hand-written `1.50` comes back as `1.5`).
#[derive(Deserialize)]
struct StoredHistoryIn<R> {
    schema: u32,
    #[serde(default)]
    api_base: String,
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    newest_first: bool,
    // Not plain `default`: that would ask the record type for a default too.
    #[serde(default = "Vec::new")]
    records: Vec<R>,
    #[serde(default)]
    deleted: Vec<String>,
    #[serde(default)]
    cleared_before_ms: Option<i64>,
    /// Records imported back after being deleted or cleared: when they came back.
    #[serde(default)]
    restored: BTreeMap<String, i64>,
}

/// What loading found besides the records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadReport {
    /// The schema the data was migrated from, when it was older.
    pub migrated_from: Option<u32>,
    /// Why the data could not be read (then it must be kept as a backup).
    pub unreadable: Option<String>,
    /// Records that could not be read and were left aside (kept, and written back as they
    /// were), with the first reason.
    pub skipped: Option<(usize, String)>,
    /// Records were stored oldest first (by a version before the newest-first order): writing
    /// them again lets History open on the newest ones without reading the others.
    pub oldest_first: bool,
}

impl History {
    /// Reads stored history. Unreadable data gives an empty history and a reason (the caller
    /// keeps the text as a backup and tells the user); older schemas are migrated.
    pub fn load(text: Option<&str>, links: LinkRule<'_>) -> (History, LoadReport) {
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            return (History::default(), LoadReport::default());
        };
        // Schema 1 was a bare list.
        if text.trim_start().starts_with('[') {
            return match serde_json::from_str::<Vec<V1Record>>(text) {
                Ok(old) => {
                    let mut history = History {
                        records: old.into_iter().map(V1Record::upgrade).collect(),
                        ..History::default()
                    };
                    history.sort();
                    (
                        history,
                        LoadReport {
                            migrated_from: Some(1),
                            ..LoadReport::default()
                        },
                    )
                }
                Err(e) => unreadable(explain(text, e)),
            };
        }
        // Straight into the typed document (a generic JSON tree first would double the work):
        // every record at once; if one cannot be read, each on its own, keeping the rest.
        if let Ok(stored) = serde_json::from_str::<StoredHistoryIn<HistoryRecord>>(text) {
            if stored.schema == SCHEMA_VERSION {
                let mut history = History {
                    records: stored.records,
                    deleted: stored.deleted.into_iter().collect(),
                    cleared_before_ms: stored.cleared_before_ms,
                    restored: stored.restored,
                    unreadable_records: Vec::new(),
                };
                for record in &mut history.records {
                    complete(record, &stored.api_base, &stored.org_id, links);
                }
                history.sort();
                let report = LoadReport {
                    oldest_first: !stored.newest_first && history.records.len() > 1,
                    ..LoadReport::default()
                };
                return (history, report);
            }
        }
        let parsed = serde_json::from_str::<StoredHistoryIn<Value>>(text)
            .map_err(|e| explain(text, e))
            .and_then(|stored| {
                if stored.schema == SCHEMA_VERSION {
                    Ok(stored)
                } else {
                    Err(format!(
                        "it has schema version {}, which this version of the app does not know",
                        stored.schema
                    ))
                }
            });
        let stored = match parsed {
            Ok(stored) => stored,
            Err(reason) => return unreadable(reason),
        };
        let mut records = Vec::with_capacity(stored.records.len());
        let mut unreadable_records = Vec::new();
        let mut first_problem = None;
        for kept in stored.records {
            // Through text, with the reader the fast way uses: no second reader of records.
            match serde_json::from_str::<HistoryRecord>(&kept.to_string()) {
                Ok(mut record) => {
                    complete(&mut record, &stored.api_base, &stored.org_id, links);
                    records.push(record);
                }
                Err(e) => {
                    first_problem.get_or_insert_with(|| e.to_string());
                    unreadable_records.push(kept);
                }
            }
        }
        let skipped = first_problem.map(|reason| (unreadable_records.len(), reason));
        let mut history = History {
            records,
            deleted: stored.deleted.into_iter().collect(),
            cleared_before_ms: stored.cleared_before_ms,
            restored: stored.restored,
            unreadable_records,
        };
        history.sort();
        (
            history,
            LoadReport {
                skipped,
                ..LoadReport::default()
            },
        )
    }

    /// The document to store: the usual API base, organization and links are written once.
    pub fn to_stored(&self, links: LinkRule<'_>) -> String {
        let mut deleted: Vec<String> = self.deleted.iter().cloned().collect();
        if deleted.len() > MAX_TOMBSTONES {
            deleted.drain(..deleted.len() - MAX_TOMBSTONES);
        }
        let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for r in &self.records {
            *counts
                .entry((r.api_base.as_str(), r.org_id.as_str()))
                .or_default() += 1;
        }
        let (api_base, org_id) = counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|((b, o), _)| (b.to_string(), o.to_string()))
            .unwrap_or_default();
        let records = self
            .records
            .iter()
            .rev()
            .map(|r| {
                let mut r = r.clone();
                if let Outcome::Launched { run, link } = &mut r.outcome {
                    if *link == links(&r.api_base, &r.org_id, &run.id) {
                        link.clear();
                    }
                }
                if r.api_base == api_base && r.org_id == org_id {
                    r.api_base.clear();
                    r.org_id.clear();
                }
                StoredRecord::Known(Box::new(r))
            })
            .chain(self.unreadable_records.iter().map(StoredRecord::Kept))
            .collect();
        serde_json::to_string(&StoredHistory {
            schema: SCHEMA_VERSION,
            api_base,
            org_id,
            newest_first: self.unreadable_records.is_empty(),
            records,
            deleted,
            cleared_before_ms: self.cleared_before_ms,
            restored: &self.restored,
        })
        .unwrap_or_default()
    }
}

/// Gives a record what storage writes once for all: the usual API base, organization and link.
pub(super) fn complete(
    record: &mut HistoryRecord,
    api_base: &str,
    org_id: &str,
    links: LinkRule<'_>,
) {
    if record.api_base.is_empty() {
        record.api_base = api_base.to_string();
    }
    if record.org_id.is_empty() {
        record.org_id = org_id.to_string();
    }
    if let Outcome::Launched { run, link } = &mut record.outcome {
        if link.is_empty() {
            *link = links(&record.api_base, &record.org_id, &run.id);
        }
    }
}

/// Why stored text could not be read: not JSON, an unknown schema, or records of another form.
fn explain(text: &str, error: serde_json::Error) -> String {
    match serde_json::from_str::<Value>(text) {
        Err(e) => format!("it is not valid JSON: {e}"),
        Ok(value) => {
            match value.get("schema").and_then(Value::as_u64) {
                Some(schema) if schema != u64::from(SCHEMA_VERSION) => {
                    format!("it has schema version {schema}, which this version of the app does not know")
                }
                _ => format!("its records are not in the expected form: {error}"),
            }
        }
    }
}

fn unreadable(reason: String) -> (History, LoadReport) {
    (
        History::default(),
        LoadReport {
            unreadable: Some(reason),
            ..LoadReport::default()
        },
    )
}
