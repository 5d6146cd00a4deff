//! The history in the browser. Loaded on first use (so a large history does not slow the app's
//! start), kept in a signal, and written to `localStorage` whole. Another tab's write arrives as
//! a `storage` event: its records are merged in, and if this tab holds records the stored copy
//! lacks, it writes them back, so two tabs never lose each other's records.

use leptos::prelude::*;

use super::launch_runner::Attempt;
use super::state::{AppState, Level};
use super::storage::{self, Area};
use crate::api::Connection;
use crate::domain::history::{trim_response, History, HistoryRecord, Outcome, Source};
use crate::domain::launch::LaunchBody;

/// Key of the history document.
pub const HISTORY_KEY: &str = "tallyfy-launcher/history";
/// Where an unreadable history is kept.
pub const HISTORY_BACKUP_KEY: &str = "tallyfy-launcher/history/unreadable-backup";
/// Set once the user has been told the history is nearly full.
const CAP_WARNED_KEY: &str = "tallyfy-launcher/history/cap-warned";

/// The history, shared by the Launch, Bulk and History screens.
#[derive(Clone, Copy)]
pub struct HistoryStore {
    /// The records, oldest first (empty until loaded).
    pub history: RwSignal<History>,
    /// Whether the stored history has been read.
    pub loaded: RwSignal<bool>,
    /// Why the last write failed, if it did (the records stay in memory; export them).
    pub write_problem: RwSignal<Option<String>>,
    /// The lower-case search text of every record (rebuilt when the history changes).
    pub index: Memo<Vec<String>>,
    app: AppState,
}

/// The link a run gets by default (the settings' web app override is not known here, so a
/// record made with an override keeps its own link).
fn usual_link(api_base: &str, org: &str, run_id: &str) -> String {
    crate::api::request::web_app_run_link(api_base, "", org, run_id)
}

fn read_stored() -> (History, Option<String>, Option<u32>) {
    let text = storage::get(Area::Local, HISTORY_KEY);
    let (history, report) = History::load(text.as_deref(), &usual_link);
    if report.unreadable.is_some() {
        if let Some(text) = &text {
            let _ = storage::set(Area::Local, HISTORY_BACKUP_KEY, text);
        }
    }
    (history, report.unreadable, report.migrated_from)
}

/// Provides the history store and follows other tabs' writes.
pub fn provide_history(app: AppState) -> HistoryStore {
    let history = RwSignal::new(History::default());
    let store = HistoryStore {
        history,
        loaded: RwSignal::new(false),
        write_problem: RwSignal::new(None),
        index: Memo::new(move |_| history.with(History::search_index)),
        app,
    };
    // Read the history once the app has started, while the user looks at the first screen: a
    // large history then never delays the start, and History opens with it ready.
    set_timeout(
        move || {
            store.ensure_loaded();
            store.index.with_untracked(|_| ());
        },
        std::time::Duration::from_millis(400),
    );
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(HISTORY_KEY) && store.loaded.get_untracked() {
            store.sync_from_storage();
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
    /// Reads the stored history once; tells the user about unreadable or migrated data.
    pub fn ensure_loaded(&self) {
        if self.loaded.get_untracked() {
            return;
        }
        let (history, unreadable, migrated) = read_stored();
        if let Some(reason) = unreadable {
            self.app.notify(
                Level::Warning,
                format!(
                    "The saved launch history could not be read ({reason}). It was kept in this browser's storage under \"{HISTORY_BACKUP_KEY}\" and the history starts empty."
                ),
            );
        }
        self.history.set(history);
        self.loaded.set(true);
        if let Some(version) = migrated {
            self.write();
            self.app.notify(
                Level::Info,
                format!(
                    "The launch history was upgraded from an older format (version {version})."
                ),
            );
        }
    }

    /// Merges what another tab stored; writes back if this tab holds anything it lacks.
    fn sync_from_storage(&self) {
        let (theirs, _, _) = read_stored();
        let mut behind = false;
        self.history.update(|mine| {
            mine.merge_stored(&theirs);
            behind = mine.has_news_for(&theirs);
        });
        if behind {
            self.write();
        }
    }

    /// Writes the whole history.
    fn write(&self) {
        let cap = self.app.settings.with_untracked(|s| s.history_cap);
        let mut text = String::new();
        self.history.update(|h| {
            h.enforce_cap(cap);
            text = h.to_stored(&usual_link);
        });
        match storage::set(Area::Local, HISTORY_KEY, &text) {
            Ok(()) => self.write_problem.set(None),
            Err(reason) => {
                let message = format!(
                    "The launch history could not be saved: {reason}. Nothing is lost while this tab stays open: export the history (History > Export), then delete old records or lower the limit in Settings."
                );
                // Said once while the problem lasts, not again on every launch.
                if self.write_problem.get_untracked().as_ref() != Some(&message) {
                    self.write_problem.set(Some(message.clone()));
                    self.app.notify(Level::Warning, message);
                }
            }
        }
    }

    /// Records a launch attempt, unless "Keep history" is off. Warns once before the cap starts
    /// pushing out the oldest records.
    pub fn record(&self, record: HistoryRecord) {
        let (keep, cap) = self
            .app
            .settings
            .with_untracked(|s| (s.keep_history, s.history_cap));
        if !keep {
            return;
        }
        self.ensure_loaded();
        self.warn_if_nearly_full(cap);
        self.history.update(|h| {
            h.push(record, cap);
        });
        self.write();
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

    /// Records one launch attempt (single or bulk row) and returns the run's link.
    pub fn record_attempt(
        &self,
        connection: &Connection,
        template_title: &str,
        body: &LaunchBody,
        attempt: &Attempt,
        web_app_url: &str,
        source: Source,
    ) -> Option<String> {
        let link = attempt
            .result
            .as_ref()
            .ok()
            .map(|run| connection.run_link(web_app_url, &run.id));
        self.record(HistoryRecord {
            id: format!(
                "{:x}-{:08x}",
                attempt.started_ms as i64,
                (js_sys::Math::random() * f64::from(u32::MAX)) as u32
            ),
            at_ms: attempt.started_ms as i64,
            template_title: template_title.to_string(),
            request: body.clone(),
            outcome: match &attempt.result {
                Ok(run) => Outcome::Launched {
                    run: run.for_history(),
                    link: link.clone().unwrap_or_default(),
                },
                Err(error) => Outcome::Failed {
                    error: error.clone(),
                },
            },
            response: match &attempt.result {
                Err(_) => attempt.response.clone().map(trim_response),
                Ok(_) => None,
            },
            duration_ms: attempt.duration_ms,
            retries: attempt.retries,
            api_base: connection.base().to_string(),
            org_id: connection.org().to_string(),
            source,
        });
        link
    }

    /// A successful launch of this body within the window, if any.
    pub fn recent_success(
        &self,
        body: &LaunchBody,
        now_ms: i64,
        within_ms: i64,
    ) -> Option<HistoryRecord> {
        self.ensure_loaded();
        self.history
            .with_untracked(|h| h.recent_success(body, now_ms, within_ms).cloned())
    }

    /// Replaces a record (same id) and saves.
    pub fn update(&self, record: HistoryRecord) {
        self.history.update(|h| h.update(record));
        self.write();
    }

    /// Deletes a record and saves.
    pub fn delete(&self, id: &str) {
        self.history.update(|h| h.delete(id));
        self.write();
    }

    /// Deletes every record and saves.
    pub fn clear(&self, now_ms: i64) {
        self.history.update(|h| h.clear(now_ms));
        storage::remove(Area::Local, CAP_WARNED_KEY);
        self.write();
    }

    /// Adds imported records (existing ids are skipped) and saves; returns (added, duplicates).
    pub fn import(&self, records: Vec<HistoryRecord>) -> (usize, usize) {
        self.ensure_loaded();
        let mut report = Default::default();
        self.history.update(|h| report = h.merge_records(records));
        self.write();
        (report.added, report.duplicates)
    }
}
