//! The launch history: every attempt, what was sent and what came back. Stored as one
//! versioned JSON document; merging (another tab's writes, an imported export) is by record id,
//! so nothing is overwritten or duplicated, and deletions travel as tombstones.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::csv_out::write_safe_csv;
use super::launch::LaunchBody;
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
        /// Link to the run in Tallyfy's web app (left out of storage when it is the usual one).
        #[serde(default, skip_serializing_if = "String::is_empty")]
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

/// One launch attempt. Never holds the token: only the body sent and what came back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// Unique id (time plus randomness), the key for merging.
    pub id: String,
    /// When the attempt started, milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// Template title.
    pub template_title: String,
    /// The JSON body sent (template id, name, values).
    pub request: LaunchBody,
    /// How it ended.
    pub outcome: Outcome,
    /// The response body of a failure (successes keep their run in `outcome`), capped in size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Value>,
    /// From first send to final answer, in ms.
    #[serde(default)]
    pub duration_ms: u64,
    /// Automatic retries after 429s.
    #[serde(default)]
    pub retries: u32,
    /// API base it went to (left out of storage when it is the document's usual one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub api_base: String,
    /// Organization it went to (left out of storage when it is the document's usual one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub org_id: String,
    /// Single launch or bulk row.
    #[serde(default)]
    pub source: Source,
}

/// The usual link to a run, from its API base, organization and run id: records whose link is
/// the usual one store none (the browser keeps only about 5 MB per site).
pub type LinkRule<'a> = &'a dyn Fn(&str, &str, &str) -> String;

/// Longest failure response kept in a record (history must fit the browser's ~5 MB).
const MAX_RESPONSE_CHARS: usize = 2_000;

/// A response body trimmed for storage: kept as JSON when small, else as truncated text.
pub fn trim_response(value: Value) -> Value {
    let text = value.to_string();
    if text.len() <= MAX_RESPONSE_CHARS {
        value
    } else {
        let mut cut: String = text.chars().take(MAX_RESPONSE_CHARS).collect();
        cut.push_str("… (truncated)");
        Value::String(cut)
    }
}

impl HistoryRecord {
    /// Template id.
    pub fn template_id(&self) -> &str {
        &self.request.checklist_id
    }

    /// Process name sent.
    pub fn process_name(&self) -> &str {
        &self.request.name
    }

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

    /// Whether this attempt launched the process, or may have (the answer never said no).
    pub fn may_have_launched(&self) -> bool {
        match &self.outcome {
            Outcome::Launched { .. } => true,
            Outcome::Failed { error } => error.launch_may_have_happened(),
        }
    }

    /// The run, when launched.
    pub fn run(&self) -> Option<&RunInfo> {
        match &self.outcome {
            Outcome::Launched { run, .. } => Some(run),
            Outcome::Failed { .. } => None,
        }
    }

    /// The link to the run, when launched.
    pub fn link(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Launched { link, .. } if !link.is_empty() => Some(link),
            _ => None,
        }
    }

    /// The error, when failed.
    pub fn error(&self) -> Option<&ApiError> {
        match &self.outcome {
            Outcome::Failed { error } => Some(error),
            Outcome::Launched { .. } => None,
        }
    }

    /// Lower-case text searched by the History screen: name, template, run id, error.
    pub fn search_text(&self) -> String {
        let mut text = format!(
            "{}\n{}\n{}",
            self.process_name(),
            self.template_title,
            self.template_id()
        );
        if let Some(run) = self.run() {
            text.push('\n');
            text.push_str(&run.id);
        }
        if let Some(error) = self.error() {
            text.push('\n');
            text.push_str(&error.full_text());
        }
        text.to_lowercase()
    }
}

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
    records: Vec<StoredRecord<'a>>,
    deleted: Vec<String>,
    cleared_before_ms: Option<i64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    restored: &'a BTreeMap<String, i64>,
}

/// One record as written: read by this version, or kept raw.
#[derive(Serialize)]
#[serde(untagged)]
enum StoredRecord<'a> {
    Known(Box<HistoryRecord>),
    Raw(&'a RawValue),
}

/// The stored document, as read: each record separately, so one bad record costs only itself.
#[derive(Deserialize)]
struct StoredHistoryIn<'a> {
    schema: u32,
    #[serde(default)]
    api_base: String,
    #[serde(default)]
    org_id: String,
    #[serde(default, borrow)]
    records: Vec<&'a RawValue>,
    #[serde(default)]
    deleted: Vec<String>,
    #[serde(default)]
    cleared_before_ms: Option<i64>,
    /// Records imported back after being deleted or cleared: when they came back.
    #[serde(default)]
    restored: BTreeMap<String, i64>,
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
                    name: String::new(),
                    status: self.status.unwrap_or_else(|| "unknown".into()),
                    owner_id: None,
                    created_at: String::new(),
                    checklist_id: String::new(),
                    checklist_title: String::new(),
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
        let mut request: LaunchBody =
            serde_json::from_value(self.request_body).unwrap_or(LaunchBody {
                checklist_id: String::new(),
                name: String::new(),
                summary: String::new(),
                owner_id: None,
                prerun: serde_json::Map::new(),
            });
        if request.checklist_id.is_empty() {
            request.checklist_id = self.template_id;
        }
        if request.name.is_empty() {
            request.name = self.process_name;
        }
        HistoryRecord {
            id: self.id,
            at_ms: self.at_ms,
            template_title: self.template_title,
            request,
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
    /// Records that could not be read and were left aside (kept, and written back as they
    /// were), with the first reason.
    pub skipped: Option<(usize, String)>,
}

/// What a merge changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Records that were new here.
    pub added: usize,
    /// Records already present (by id).
    pub duplicates: usize,
    /// Records deleted or cleared here earlier that an import brought back.
    pub restored: usize,
}

/// The history, oldest record first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    records: Vec<HistoryRecord>,
    deleted: BTreeSet<String>,
    cleared_before_ms: Option<i64>,
    /// Records an import brought back after a delete or a clear, with when: they count as
    /// added then, so "Clear all" before that time does not remove them in any tab.
    restored: BTreeMap<String, i64>,
    /// Stored records this version could not read, as raw JSON (written back unchanged).
    unreadable_records: Vec<String>,
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
        // Straight into the typed document (a generic JSON tree first would double the work);
        // each record is read on its own.
        let parsed = serde_json::from_str::<StoredHistoryIn<'_>>(text)
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
        for raw in stored.records {
            match serde_json::from_str::<HistoryRecord>(raw.get()) {
                Ok(mut record) => {
                    if record.api_base.is_empty() {
                        record.api_base = stored.api_base.clone();
                    }
                    if record.org_id.is_empty() {
                        record.org_id = stored.org_id.clone();
                    }
                    if let Outcome::Launched { run, link } = &mut record.outcome {
                        if link.is_empty() {
                            *link = links(&record.api_base, &record.org_id, &run.id);
                        }
                    }
                    records.push(record);
                }
                Err(e) => {
                    first_problem.get_or_insert_with(|| e.to_string());
                    unreadable_records.push(raw.get().to_string());
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
            .chain(
                self.unreadable_records
                    .iter()
                    .filter_map(|raw| serde_json::from_str::<&RawValue>(raw).ok())
                    .map(StoredRecord::Raw),
            )
            .collect();
        serde_json::to_string(&StoredHistory {
            schema: SCHEMA_VERSION,
            api_base,
            org_id,
            records,
            deleted,
            cleared_before_ms: self.cleared_before_ms,
            restored: &self.restored,
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
        self.restored.clear();
        self.unreadable_records.clear();
        self.cleared_before_ms = Some(now_ms);
    }

    /// Merges another copy (another tab's stored document): union by id, honouring both sides'
    /// deletions. Neither side's records are lost.
    pub fn merge_stored(&mut self, other: &History) -> MergeReport {
        self.deleted.extend(other.deleted.iter().cloned());
        self.cleared_before_ms = self.cleared_before_ms.max(other.cleared_before_ms);
        for (id, at) in &other.restored {
            let entry = self.restored.entry(id.clone()).or_insert(*at);
            *entry = (*entry).max(*at);
        }
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
        let restored = &self.restored;
        self.records.retain(|r| {
            let added = restored.get(&r.id).copied().unwrap_or(r.at_ms);
            !deleted.contains(&r.id) && cleared.is_none_or(|c| added > c)
        });
    }

    /// Adds imported records; ids already here are duplicates. A record deleted or cleared
    /// here earlier comes back (people import to restore): a deleted one under a new id
    /// (`<id>~r<n>`) that no tab holds a tombstone for, and either kind marked as restored at
    /// `now_ms`, so every tab keeps it.
    pub fn import(
        &mut self,
        incoming: impl IntoIterator<Item = HistoryRecord>,
        now_ms: i64,
    ) -> MergeReport {
        let mut report = MergeReport::default();
        let mut known: BTreeSet<String> = self.records.iter().map(|r| r.id.clone()).collect();
        for mut record in incoming {
            let mut was_deleted = false;
            if self.deleted.contains(&record.id) {
                was_deleted = true;
                let free = (1..)
                    .map(|n| format!("{}~r{n}", record.id))
                    .find(|id| !self.deleted.contains(id));
                match free {
                    Some(id) => record.id = id,
                    None => continue,
                }
            }
            if known.contains(&record.id) {
                report.duplicates += 1;
                continue;
            }
            let cleared = self.cleared_before_ms.is_some_and(|c| record.at_ms <= c);
            if was_deleted || cleared {
                self.restored.insert(
                    record.id.clone(),
                    now_ms.max(
                        self.cleared_before_ms
                            .map_or(i64::MIN, |c| c.saturating_add(1)),
                    ),
                );
                report.restored += 1;
            }
            known.insert(record.id.clone());
            self.records.push(record);
            report.added += 1;
        }
        self.sort();
        report
    }

    /// The latest launch of the same body within `within_ms` that launched, or may have (a 5xx,
    /// a lost or unreadable answer): asking before sending it again is then worth it.
    pub fn recent_attempt(
        &self,
        body: &LaunchBody,
        now_ms: i64,
        within_ms: i64,
    ) -> Option<&HistoryRecord> {
        self.records
            .iter()
            .rev()
            .take_while(|r| now_ms.saturating_sub(r.at_ms) <= within_ms)
            .find(|r| &r.request == body && r.may_have_launched())
    }

    /// A successful launch of the same body (same template, name and values) within `within_ms`.
    pub fn recent_success(
        &self,
        body: &LaunchBody,
        now_ms: i64,
        within_ms: i64,
    ) -> Option<&HistoryRecord> {
        self.records
            .iter()
            .rev()
            .take_while(|r| now_ms.saturating_sub(r.at_ms) <= within_ms)
            .find(|r| matches!(r.outcome, Outcome::Launched { .. }) && &r.request == body)
    }

    /// Whether this copy holds records or deletions that `other` lacks (then it must be written).
    pub fn has_news_for(&self, other: &History) -> bool {
        let theirs: BTreeSet<&str> = other.records.iter().map(|r| r.id.as_str()).collect();
        self.records.iter().any(|r| !theirs.contains(r.id.as_str()))
            || self.deleted.iter().any(|d| !other.deleted.contains(d))
            || self
                .restored
                .keys()
                .any(|id| !other.restored.contains_key(id))
            || self.cleared_before_ms > other.cleared_before_ms
    }

    /// Records matching a search and filters, newest first. `index` is [`History::search_index`].
    pub fn search<'a>(
        &'a self,
        index: &'a [String],
        query: &HistoryQuery,
    ) -> Vec<&'a HistoryRecord> {
        let needle = query.text.trim().to_lowercase();
        self.records
            .iter()
            .zip(index.iter())
            .rev()
            .filter(|(record, text)| {
                (needle.is_empty() || text.contains(&needle))
                    && query.badge.is_none_or(|b| record.badge() == b)
                    && query
                        .template_id
                        .as_deref()
                        .is_none_or(|t| record.template_id() == t)
            })
            .map(|(record, _)| record)
            .collect()
    }

    /// The lower-case search text of every record, in record order (build once, search often).
    pub fn search_index(&self) -> Vec<String> {
        self.records
            .iter()
            .map(HistoryRecord::search_text)
            .collect()
    }

    /// Distinct (template id, title) pairs, by title.
    pub fn templates(&self) -> Vec<(String, String)> {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for record in &self.records {
            seen.insert(
                record.template_id().to_string(),
                record.template_title.clone(),
            );
        }
        let mut list: Vec<(String, String)> = seen.into_iter().collect();
        list.sort_by_key(|a| a.1.to_lowercase());
        list
    }
}

/// What the History screen is looking for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    /// Text to find in name, template, run id or error.
    pub text: String,
    /// Only this outcome.
    pub badge: Option<Badge>,
    /// Only this template.
    pub template_id: Option<String>,
}

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
