//! The history in the browser: loaded once, kept in a signal, written to `localStorage` after
//! merging with whatever another tab wrote, and refreshed when another tab writes (`storage`).

use leptos::prelude::*;

use super::state::{AppState, Level};
use super::storage::{self, Area};
use crate::domain::history::{History, HistoryRecord};

/// Key of the history document.
pub const HISTORY_KEY: &str = "tallyfy-launcher/history";
/// Where an unreadable history is kept.
pub const HISTORY_BACKUP_KEY: &str = "tallyfy-launcher/history/unreadable-backup";
/// Whether the user has been told the history is nearly full.
const CAP_WARNED_KEY: &str = "tallyfy-launcher/history/cap-warned";

/// The history, shared by the Launch, Bulk and History screens.
#[derive(Clone, Copy)]
pub struct HistoryStore {
    /// The records, oldest first.
    pub history: RwSignal<History>,
    /// Why the last write failed, if it did (the records stay in memory; export them).
    pub write_problem: RwSignal<Option<String>>,
    app: AppState,
}

fn read_stored() -> (History, Option<String>, Option<u32>) {
    let text = storage::get(Area::Local, HISTORY_KEY);
    let (history, report) = History::load(text.as_deref());
    if report.unreadable.is_some() {
        if let Some(text) = &text {
            let _ = storage::set(Area::Local, HISTORY_BACKUP_KEY, text);
        }
    }
    (history, report.unreadable, report.migrated_from)
}

/// Loads the history, tells the user about anything odd, and follows other tabs' writes.
pub fn provide_history(app: AppState) -> HistoryStore {
    let (history, unreadable, migrated) = read_stored();
    if let Some(reason) = unreadable {
        app.notify(
            Level::Warning,
            format!(
                "The saved launch history could not be read ({reason}). It was kept in this browser's storage under \"{HISTORY_BACKUP_KEY}\" and the history starts empty."
            ),
        );
    }
    let store = HistoryStore {
        history: RwSignal::new(history),
        write_problem: RwSignal::new(None),
        app,
    };
    if let Some(version) = migrated {
        store.persist();
        app.notify(
            Level::Info,
            format!("The launch history was upgraded from an older format (version {version})."),
        );
    }
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(HISTORY_KEY) {
            let (theirs, _, _) = read_stored();
            store.history.update(|mine| {
                mine.merge_stored(&theirs);
            });
        }
    });
    on_cleanup(move || listener.remove());
    provide_context(store);
    store
}

/// The history store; the root component provides it.
pub fn use_history() -> HistoryStore {
    use_context::<HistoryStore>().expect("HistoryStore is provided by the root App component")
}

impl HistoryStore {
    /// Writes the history after merging what other tabs stored meanwhile.
    fn persist(&self) {
        let (theirs, _, _) = read_stored();
        let cap = self.app.settings.with_untracked(|s| s.history_cap);
        let text = {
            let mut merged = None;
            self.history.update(|mine| {
                mine.merge_stored(&theirs);
                mine.enforce_cap(cap);
                merged = Some(mine.to_stored());
            });
            merged.unwrap_or_default()
        };
        match storage::set(Area::Local, HISTORY_KEY, &text) {
            Ok(()) => self.write_problem.set(None),
            Err(reason) => {
                let message = format!(
                    "The launch history could not be saved: {reason}. The records are kept while this tab is open; export the history (History > Export) and then delete old records or lower the cap in Settings."
                );
                self.write_problem.set(Some(message.clone()));
                self.app.notify(Level::Warning, message);
            }
        }
    }

    /// Records a launch attempt, unless "Keep history" is off. Warns once before the cap
    /// starts pushing out the oldest records.
    pub fn record(&self, record: HistoryRecord) {
        let (keep, cap) = self
            .app
            .settings
            .with_untracked(|s| (s.keep_history, s.history_cap));
        if !keep {
            return;
        }
        self.warn_if_nearly_full(cap);
        self.history.update(|h| {
            h.push(record, cap);
        });
        self.persist();
    }

    fn warn_if_nearly_full(&self, cap: usize) {
        let len = self.history.with_untracked(History::len) + 1;
        let threshold = cap - cap / 20;
        if len >= threshold && storage::get(Area::Local, CAP_WARNED_KEY).is_none() {
            let _ = storage::set(Area::Local, CAP_WARNED_KEY, "1");
            self.app.notify(
                Level::Warning,
                format!(
                    "The launch history is nearly full ({len} of {cap} records). When it is full, the oldest records are removed to make room for new ones. Export it (History > Export) to keep everything, or raise the limit in Settings."
                ),
            );
        }
    }

    /// Replaces a record (same id) and saves.
    pub fn update(&self, record: HistoryRecord) {
        self.history.update(|h| h.update(record));
        self.persist();
    }

    /// Deletes a record and saves.
    pub fn delete(&self, id: &str) {
        self.history.update(|h| h.delete(id));
        self.persist();
    }

    /// Deletes every record and saves.
    pub fn clear(&self, now_ms: i64) {
        self.history.update(|h| h.clear(now_ms));
        storage::remove(Area::Local, CAP_WARNED_KEY);
        self.persist();
    }

    /// Adds imported records (existing ids are skipped) and saves; returns (added, duplicates).
    pub fn import(&self, records: Vec<HistoryRecord>) -> (usize, usize) {
        let cap = self.app.settings.with_untracked(|s| s.history_cap);
        let mut report = Default::default();
        self.history.update(|h| {
            report = h.merge_records(records);
            h.enforce_cap(cap);
        });
        self.persist();
        (report.added, report.duplicates)
    }
}
