//! The history in memory: oldest record first, merged by id across tabs, deletions travelling
//! as tombstones, searched and filtered for the History screen.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Badge, HistoryRecord};
use crate::domain::launch::LaunchBody;

/// Most tombstones kept (enough for any deletion to reach the other tabs).
pub(super) const MAX_TOMBSTONES: usize = 2_000;

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
    pub(super) records: Vec<HistoryRecord>,
    pub(super) deleted: BTreeSet<String>,
    pub(super) cleared_before_ms: Option<i64>,
    /// Records an import brought back after a delete or a clear, with when: they count as
    /// added then, so "Clear all" before that time does not remove them in any tab.
    pub(super) restored: BTreeMap<String, i64>,
    /// Stored records this version could not read, as JSON values (written back unchanged).
    pub(super) unreadable_records: Vec<Value>,
}

impl History {
    pub(super) fn sort(&mut self) {
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
        templates_of(&self.records)
    }
}

/// Distinct (template id, title) pairs of records given oldest first, by title (each with the
/// title of its latest record).
pub(super) fn templates_of<'a>(
    records: impl IntoIterator<Item = &'a HistoryRecord>,
) -> Vec<(String, String)> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for record in records {
        seen.insert(record.template_id(), &record.template_title);
    }
    let mut list: Vec<(String, String)> = seen
        .into_iter()
        .map(|(id, title)| (id.to_string(), title.to_string()))
        .collect();
    list.sort_by_key(|a| a.1.to_lowercase());
    list
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
