//! The launch history: every attempt, what was sent and what came back. Stored as one
//! versioned JSON document; merging (another tab's writes, an imported export) is by record id,
//! so nothing is overwritten or duplicated, and deletions travel as tombstones.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::launch::LaunchDraft;
use super::outcome::{ApiError, ErrorKind};
use super::run::RunInfo;

/// The schema written today.
pub const SCHEMA_VERSION: u32 = 2;
/// Most tombstones kept (enough for any deletion to reach the other tabs).
const MAX_TOMBSTONES: usize = 2_000;

/// How a launch attempt ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The process was created.
    Launched {
        /// The run as the server returned it (refreshed by "Refresh status").
        run: RunInfo,
        /// Link to the run in Tallyfy's web app.
        link: String,
    },
    /// The attempt failed.
    Failed {
        /// Why.
        error: ApiError,
    },
}

/// The badge an outcome shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    /// Launched.
    Launched,
    /// Failed (refused, invalid, server error).
    Failed,
    /// Rate limited and given up.
    RateLimited,
    /// Did not reach the server.
    Network,
}

impl Badge {
    /// Every badge, for filters.
    pub const ALL: [Badge; 4] = [
        Badge::Launched,
        Badge::Failed,
        Badge::RateLimited,
        Badge::Network,
    ];

    /// Text on the badge.
    pub fn label(self) -> &'static str {
        match self {
            Badge::Launched => "launched",
            Badge::Failed => "failed",
            Badge::RateLimited => "rate limited",
            Badge::Network => "network",
        }
    }
}

/// Where the attempt came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The Launch screen.
    #[default]
    Single,
    /// A bulk job's row.
    Bulk {
        /// Job id.
        job: String,
        /// 1-based data row.
        row: usize,
    },
}

/// One launch attempt. Never holds the token: only the body and the outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// Unique id (time plus randomness), the key for merging.
    pub id: String,
    /// When the attempt started, milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// Template id.
    pub template_id: String,
    /// Template title.
    pub template_title: String,
    /// Process name sent.
    pub process_name: String,
    /// The JSON body sent.
    pub request_body: Value,
    /// The form as filled (formula and inputs), for "Launch again".
    #[serde(default)]
    pub draft: Option<LaunchDraft>,
    /// How it ended.
    pub outcome: Outcome,
    /// The response body (or what was read of it), for the details view.
    #[serde(default)]
    pub response: Option<Value>,
    /// From first send to final answer, in ms.
    pub duration_ms: u64,
    /// Automatic retries after 429s.
    pub retries: u32,
    /// API base it went to.
    pub api_base: String,
    /// Organization it went to.
    pub org_id: String,
    /// Single launch or bulk row.
    #[serde(default)]
    pub source: Source,
}

impl HistoryRecord {
    /// The badge for this record.
    pub fn badge(&self) -> Badge {
        match &self.outcome {
            Outcome::Launched { .. } => Badge::Launched,
            Outcome::Failed { error } => match error.kind() {
                ErrorKind::RateLimited => Badge::RateLimited,
                ErrorKind::Network => Badge::Network,
                _ => Badge::Failed,
            },
        }
    }

    /// The run, when launched.
    pub fn run(&self) -> Option<&RunInfo> {
        match &self.outcome {
            Outcome::Launched { run, .. } => Some(run),
            Outcome::Failed { .. } => None,
        }
    }

    /// The error text, when failed.
    pub fn error_text(&self) -> Option<String> {
        match &self.outcome {
            Outcome::Failed { error } => Some(error.to_string()),
            Outcome::Launched { .. } => None,
        }
    }

    /// The body as compact JSON: the key for spotting repeated launches.
    pub fn body_key(&self) -> String {
        self.request_body.to_string()
    }
}

/// The stored document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct StoredHistory {
    schema: u32,
    #[serde(default)]
    records: Vec<HistoryRecord>,
    #[serde(default)]
    deleted: Vec<String>,
    #[serde(default)]
    cleared_before_ms: Option<i64>,
}

/// Schema 1 (the first release): a bare list of records whose outcome was flat.
#[derive(Deserialize)]
struct V1Record {
    id: String,
    at_ms: i64,
    template_id: String,
    #[serde(default)]
    template_title: String,
    process_name: String,
    request_body: Value,
    #[serde(default)]
    run_id: Option<String>,
    #[serde(default)]
    run_link: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    http_status: Option<u16>,
    #[serde(default)]
    api_base: String,
    #[serde(default)]
    org_id: String,
}

impl V1Record {
    fn upgrade(self) -> HistoryRecord {
        let outcome = match (self.run_id, self.error) {
            (Some(id), _) => Outcome::Launched {
                run: RunInfo {
                    id,
                    name: self.process_name.clone(),
                    status: self.status.unwrap_or_else(|| "unknown".into()),
                    owner_id: None,
                    created_at: String::new(),
                    checklist_id: self.template_id.clone(),
                    checklist_title: self.template_title.clone(),
                    progress_percent: None,
                },
                link: self.run_link.unwrap_or_default(),
            },
            (None, error) => Outcome::Failed {
                error: match self.http_status {
                    Some(status) => ApiError::Rejected {
                        status,
                        message: error.unwrap_or_default(),
                        request_id: None,
                    },
                    None => ApiError::Network {
                        detail: error.unwrap_or_default(),
                    },
                },
            },
        };
        HistoryRecord {
            id: self.id,
            at_ms: self.at_ms,
            template_id: self.template_id,
            template_title: self.template_title,
            process_name: self.process_name,
            request_body: self.request_body,
            draft: None,
            outcome,
            response: None,
            duration_ms: 0,
            retries: 0,
            api_base: self.api_base,
            org_id: self.org_id,
            source: Source::Single,
        }
    }
}

/// What loading found besides the records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadReport {
    /// The schema the data was migrated from, when it was older.
    pub migrated_from: Option<u32>,
    /// Why the data could not be read (then it must be kept as a backup).
    pub unreadable: Option<String>,
}

/// What a merge changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Records that were new here.
    pub added: usize,
    /// Records already present (by id).
    pub duplicates: usize,
}

/// The history, oldest record first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    records: Vec<HistoryRecord>,
    deleted: BTreeSet<String>,
    cleared_before_ms: Option<i64>,
}

impl History {
    /// Reads stored history. Unreadable data gives an empty history and a reason (the caller
    /// keeps the text as a backup and tells the user); older schemas are migrated.
    pub fn load(text: Option<&str>) -> (History, LoadReport) {
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            return (History::default(), LoadReport::default());
        };
        let value: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(e) => return unreadable(format!("it is not valid JSON: {e}")),
        };
        // Schema 1 was a bare list.
        if value.is_array() {
            return match serde_json::from_value::<Vec<V1Record>>(value) {
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
                            unreadable: None,
                        },
                    )
                }
                Err(e) => unreadable(format!("its records are not in the expected form: {e}")),
            };
        }
        let schema = value.get("schema").and_then(Value::as_u64).unwrap_or(0);
        if schema != u64::from(SCHEMA_VERSION) {
            return unreadable(format!(
                "it has schema version {schema}, which this version of the app does not know"
            ));
        }
        match serde_json::from_value::<StoredHistory>(value) {
            Ok(stored) => {
                let mut history = History {
                    records: stored.records,
                    deleted: stored.deleted.into_iter().collect(),
                    cleared_before_ms: stored.cleared_before_ms,
                };
                history.sort();
                (history, LoadReport::default())
            }
            Err(e) => unreadable(format!("its records are not in the expected form: {e}")),
        }
    }

    /// The document to store.
    pub fn to_stored(&self) -> String {
        let mut deleted: Vec<String> = self.deleted.iter().cloned().collect();
        if deleted.len() > MAX_TOMBSTONES {
            deleted.drain(..deleted.len() - MAX_TOMBSTONES);
        }
        serde_json::to_string(&StoredHistory {
            schema: SCHEMA_VERSION,
            records: self.records.clone(),
            deleted,
            cleared_before_ms: self.cleared_before_ms,
        })
        .unwrap_or_default()
    }

    fn sort(&mut self) {
        self.records
            .sort_by(|a, b| a.at_ms.cmp(&b.at_ms).then_with(|| a.id.cmp(&b.id)));
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Records, oldest first.
    pub fn records(&self) -> &[HistoryRecord] {
        &self.records
    }

    /// The record with this id.
    pub fn get(&self, id: &str) -> Option<&HistoryRecord> {
        self.records.iter().find(|r| r.id == id)
    }

    /// How many records adding `incoming` more would push out under `cap`.
    pub fn would_evict(&self, incoming: usize, cap: usize) -> usize {
        (self.records.len() + incoming).saturating_sub(cap.max(1))
    }

    /// Adds a record (or replaces the one with its id) and drops the oldest beyond `cap`;
    /// returns the dropped records.
    pub fn push(&mut self, record: HistoryRecord, cap: usize) -> Vec<HistoryRecord> {
        self.records.retain(|r| r.id != record.id);
        self.deleted.remove(&record.id);
        self.records.push(record);
        self.sort();
        self.enforce_cap(cap)
    }

    /// Drops the oldest records beyond `cap`; returns them.
    pub fn enforce_cap(&mut self, cap: usize) -> Vec<HistoryRecord> {
        let excess = self.records.len().saturating_sub(cap.max(1));
        self.records.drain(..excess).collect()
    }

    /// Replaces a record in place (same id), e.g. after "Refresh status".
    pub fn update(&mut self, record: HistoryRecord) {
        if let Some(existing) = self.records.iter_mut().find(|r| r.id == record.id) {
            *existing = record;
        }
    }

    /// Deletes one record, leaving a tombstone so other tabs drop it too.
    pub fn delete(&mut self, id: &str) {
        self.records.retain(|r| r.id != id);
        self.deleted.insert(id.to_string());
    }

    /// Deletes everything up to now; other tabs drop what is older too.
    pub fn clear(&mut self, now_ms: i64) {
        self.records.clear();
        self.deleted.clear();
        self.cleared_before_ms = Some(now_ms);
    }

    /// Merges another copy (another tab's stored document): union by id, honouring both sides'
    /// deletions. Neither side's records are lost.
    pub fn merge_stored(&mut self, other: &History) -> MergeReport {
        self.deleted.extend(other.deleted.iter().cloned());
        self.cleared_before_ms = self.cleared_before_ms.max(other.cleared_before_ms);
        let report = self.merge_records(other.records.iter().cloned());
        self.apply_deletions();
        report
    }

    /// Adds records that are not here yet (an import); existing ids are kept as they are.
    pub fn merge_records(
        &mut self,
        incoming: impl IntoIterator<Item = HistoryRecord>,
    ) -> MergeReport {
        let mut report = MergeReport::default();
        let mut known: BTreeMap<String, ()> =
            self.records.iter().map(|r| (r.id.clone(), ())).collect();
        for record in incoming {
            if known.contains_key(&record.id) {
                report.duplicates += 1;
                continue;
            }
            known.insert(record.id.clone(), ());
            self.records.push(record);
            report.added += 1;
        }
        self.sort();
        report
    }

    fn apply_deletions(&mut self) {
        let cleared = self.cleared_before_ms;
        let deleted = &self.deleted;
        self.records
            .retain(|r| !deleted.contains(&r.id) && cleared.is_none_or(|c| r.at_ms > c));
    }

    /// A successful launch of the same template with the same body within `within_ms`.
    pub fn recent_success(
        &self,
        template_id: &str,
        body: &Value,
        now_ms: i64,
        within_ms: i64,
    ) -> Option<&HistoryRecord> {
        self.records.iter().rev().find(|r| {
            r.template_id == template_id
                && now_ms - r.at_ms <= within_ms
                && matches!(r.outcome, Outcome::Launched { .. })
                && &r.request_body == body
        })
    }
}

fn unreadable(reason: String) -> (History, LoadReport) {
    (
        History::default(),
        LoadReport {
            migrated_from: None,
            unreadable: Some(reason),
        },
    )
}
