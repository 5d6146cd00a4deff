//! The history in the browser. Loaded on first use (so a large history does not slow the app's
//! start), kept in a signal, and written to `localStorage` whole. Another tab's write arrives as
//! a `storage` event: its records are merged in, and if this tab holds records the stored copy
//! lacks, it writes them back, so two tabs never lose each other's records.

use leptos::prelude::*;

use crate::api::Connection;
use crate::domain::history::{
    History, HistoryPreview, HistoryRecord, LoadReport, MergeReport, Outcome, Source,
};
use crate::domain::launch::LaunchBody;
use crate::ui::browser::storage::{self, Area};
use crate::ui::split::split_point;
use crate::ui::state::attempt::Attempt;
use crate::ui::state::{AppState, Level};
use crate::ui::text::plural;

/// Launch attempts remembered in memory when "Keep history" is off (for the repeat question).
const UNSAVED_KEPT: usize = 50;

/// The history, shared by the Launch, Bulk and History screens.
#[derive(Clone, Copy)]
pub struct HistoryStore {
    /// The records, oldest first (empty until loaded).
    pub history: RwSignal<History>,
    /// Whether the stored history has been read.
    pub loaded: RwSignal<bool>,
    /// Why the last write failed, if it did (the records stay in memory; export them).
    pub write_problem: RwSignal<Option<String>>,
    /// The search index, made by [`HistoryStore::index`] when first asked for.
    index: StoredValue<Option<Memo<Vec<String>>>>,
    /// The root's owner, which the search index is made under.
    owner: StoredValue<Owner>,
    /// Set when the stored history could not be read and not backed up, or was written by a
    /// version this tab cannot read: this tab then never writes it (that would destroy it).
    frozen: RwSignal<bool>,
    /// Recent attempts while "Keep history" is off: still guard against launching twice.
    unsaved: StoredValue<Vec<HistoryRecord>>,
    app: AppState,
}

/// The link a run gets by default (the settings' web app override is not known here, so a
/// record made with an override keeps its own link).
fn usual_link(api_base: &str, org: &str, run_id: &str) -> String {
    crate::api::address::web_app_run_link(api_base, "", org, run_id)
}

/// The stored history as read, with the original text when it could not be read.
fn read_stored() -> (History, LoadReport, Option<String>) {
    let text = storage::get(Area::Local, storage::HISTORY_KEY);
    let (history, report) = History::load(text.as_deref(), &usual_link);
    let unreadable_text = report.unreadable.is_some().then_some(text).flatten();
    (history, report, unreadable_text)
}

/// Provides the history store, empty until read: by what needs it, or once the screen the user
/// asked for is ready (`ui::screens::after_the_asked_screen`), so a large history never delays
/// the start and History usually opens with it ready. History opened first shows the newest
/// records, read alone, until then ([`HistoryStore::first_page`]).
pub fn provide_history(app: AppState) -> HistoryStore {
    let history = RwSignal::new(History::default());
    let store = HistoryStore {
        history,
        loaded: RwSignal::new(false),
        write_problem: RwSignal::new(None),
        index: StoredValue::new(None),
        owner: StoredValue::new(Owner::current().unwrap_or_default()),
        frozen: RwSignal::new(false),
        unsaved: StoredValue::new(Vec::new()),
        app,
    };
    provide_context(store);
    store
}

/// The history store; the root component provides it.
pub fn use_history() -> HistoryStore {
    // Safe: provided once at the root before any screen mounts; only a wiring bug misses it.
    use_context::<HistoryStore>().expect("HistoryStore is provided by the root App component")
}

split_point! {
    history_store_chunk: fn read_history(store: HistoryStore) {
        store.ensure_loaded();
        store.index().with_untracked(|_| ());
    }
    load load_history_store, preload preload_history_store
}

impl HistoryStore {
    /// The lower-case search text of every record (rebuilt when the history changes). Made on
    /// first use, so its code (Unicode lower-casing and its tables) is in History's chunks,
    /// not the first screen's.
    pub fn index(&self) -> Memo<Vec<String>> {
        if let Some(index) = self.index.get_value() {
            return index;
        }
        let history = self.history;
        let index = self.owner.with_value(|owner| {
            owner.with(|| Memo::new(move |_| history.with(History::search_index)))
        });
        self.index.set_value(Some(index));
        index
    }

    /// Reads the stored history (fetching the code that reads it first, in the split build),
    /// unless it has been read; a chunk that does not arrive leaves it for the screens that need
    /// it, which read it themselves.
    pub async fn read_in_background(self) {
        if !self.loaded.get_untracked() {
            let _ = load_history_store(self).await;
        }
    }

    /// History's first `count` records, read alone while the whole history is not read yet and
    /// the stored document allows it (only to show: the whole is read once History is ready, or
    /// as soon as anything needs more); otherwise `None`, with the whole history read.
    pub fn first_page(&self, count: usize) -> Option<HistoryPreview> {
        if self.loaded.get_untracked() {
            return None;
        }
        let text = storage::get(Area::Local, storage::HISTORY_KEY);
        let preview = text
            .as_deref()
            .and_then(|text| HistoryPreview::read(text, count, &usual_link));
        if preview.is_none() {
            self.ensure_loaded();
        }
        preview
    }

    /// Reads the stored history once; tells the user about unreadable, partly unreadable or
    /// migrated data. An unreadable history is backed up, and if it cannot be, this tab never
    /// writes over it.
    pub fn ensure_loaded(&self) {
        if self.loaded.get_untracked() {
            return;
        }
        let (history, report, unreadable_text) = read_stored();
        if let (Some(reason), Some(text)) = (&report.unreadable, unreadable_text) {
            let kept = storage::keep_backup(storage::HISTORY_BACKUP_KEY, &text);
            if !kept.is_kept() {
                self.frozen.set(true);
            }
            self.app.notify(
                Level::Warning,
                format!(
                    "The saved launch history could not be read ({reason}), so the history starts empty. {}{}",
                    kept.describe(),
                    if kept.is_kept() { "" } else { " This tab will not save history, so the saved copy is not overwritten: export what you launch here (History > Export)." }
                ),
            );
        }
        if let Some((count, reason)) = &report.skipped {
            self.app.notify(
                Level::Warning,
                format!(
                    "{count} saved history {} could not be read ({reason}) and {} left out of the list. {} kept in storage as {} were.",
                    plural(*count, "record", "records"),
                    plural(*count, "is", "are"),
                    plural(*count, "It is", "They are"),
                    plural(*count, "it", "they"),
                ),
            );
        }
        self.history.set(history);
        self.loaded.set(true);
        // Another tab's writes matter from now on: follow them for the app's lifetime.
        let store = *self;
        let _following = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() == Some(storage::HISTORY_KEY) {
                store.sync_from_storage();
            }
        });
        if report.oldest_first {
            // Newest first, History opens on the newest records without reading the others.
            self.write();
        }
        if let Some(version) = report.migrated_from {
            self.write();
            self.app.notify(
                Level::Info,
                format!(
                    "The launch history was upgraded from an older format (version {version})."
                ),
            );
        }
    }

    /// Merges what another tab stored; writes back if this tab holds anything it lacks. A
    /// stored history this tab cannot read (a newer version wrote it) is left alone, and this
    /// tab stops writing.
    fn sync_from_storage(&self) {
        let (theirs, report, _) = read_stored();
        if report.unreadable.is_some() {
            if !self.frozen.get_untracked() {
                self.frozen.set(true);
                self.app.notify(
                    Level::Warning,
                    "Another tab saved the launch history in a form this tab cannot read (perhaps a newer version of the launcher). This tab no longer saves history, so nothing is overwritten: reload it.",
                );
            }
            return;
        }
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
        if self.frozen.get_untracked() {
            let message = "The launch history is not being saved in this tab (the saved copy could not be read, and is left as it is). Export what you launch here: History > Export.".to_string();
            if self.write_problem.get_untracked().as_ref() != Some(&message) {
                self.write_problem.set(Some(message));
            }
            return;
        }
        let cap = self.app.settings.with_untracked(|s| s.history_cap);
        let mut text = String::new();
        self.history.update(|h| {
            h.enforce_cap(cap);
            text = h.to_stored(&usual_link);
        });
        match storage::set(Area::Local, storage::HISTORY_KEY, &text) {
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
            self.unsaved.update_value(|list| {
                list.push(record);
                let excess = list.len().saturating_sub(UNSAVED_KEPT);
                list.drain(..excess);
            });
            return;
        }
        self.ensure_loaded();
        self.warn_if_nearly_full(cap);
        self.change(|h| {
            h.push(record, cap);
        });
    }

    fn warn_if_nearly_full(&self, cap: usize) {
        let len = self.history.with_untracked(History::len) + 1;
        let threshold = cap - cap / 20;
        if len >= threshold && storage::get(Area::Local, storage::CAP_WARNED_KEY).is_none() {
            let _ = storage::set(Area::Local, storage::CAP_WARNED_KEY, "1");
            self.app.notify(
                Level::Warning,
                format!(
                    "The launch history is nearly full ({len} of {cap} records). When it is full, the oldest records are removed to make room for new ones. Export it (History > Export) to keep everything, or raise the limit in Settings."
                ),
            );
        }
    }

    /// Records that a launch was opened in Tallyfy's own pre-filled form (not sent from here).
    pub fn record_opened(
        &self,
        settings: &crate::domain::settings::Settings,
        template_title: &str,
        body: &LaunchBody,
        link: &str,
    ) {
        let now = crate::ui::browser::clock::now_ms();
        self.record(HistoryRecord {
            id: format!(
                "{:x}-{:08x}",
                now as i64,
                (js_sys::Math::random() * f64::from(u32::MAX)) as u32
            ),
            at_ms: now as i64,
            template_title: template_title.to_string(),
            request: body.clone(),
            outcome: Outcome::OpenedInTallyfy {
                link: link.to_string(),
            },
            response: None,
            duration_ms: 0,
            retries: 0,
            api_base: crate::ui::state::app::resolved_base(&settings.api_base),
            org_id: settings.org_id.clone(),
            source: Source::Single,
        });
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
        let link = attempt.result.as_ref().ok().map(|run| {
            crate::api::address::web_app_run_link(
                connection.base(),
                web_app_url,
                connection.org(),
                &run.id,
            )
        });
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
                    run: run.for_history(&body.name),
                    link: link.clone().unwrap_or_default(),
                },
                Err(error) => Outcome::Failed {
                    error: error.clone(),
                },
            },
            response: match &attempt.result {
                Err(_) => attempt.response.clone(),
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

    /// The latest attempt to launch this body within the window that launched, or may have
    /// (also when "Keep history" is off: those are remembered in memory).
    pub fn recent_attempt(
        &self,
        body: &LaunchBody,
        now_ms: i64,
        within_ms: i64,
    ) -> Option<HistoryRecord> {
        self.ensure_loaded();
        let stored = self
            .history
            .with_untracked(|h| h.recent_attempt(body, now_ms, within_ms).cloned());
        let unsaved = self.unsaved.with_value(|list| {
            list.iter()
                .rev()
                .find(|r| {
                    &r.request == body
                        && r.may_have_launched()
                        && now_ms.saturating_sub(r.at_ms) <= within_ms
                })
                .cloned()
        });
        match (stored, unsaved) {
            (Some(a), Some(b)) => Some(if a.at_ms >= b.at_ms { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    /// Changes the whole history and saves it. Every change goes through here: it reads the
    /// stored history first, so a change made while only History's first page is read (or
    /// nothing) never writes a partial history over the stored one.
    fn change<T: Default>(&self, change: impl FnOnce(&mut History) -> T) -> T {
        self.ensure_loaded();
        // `None` only once the app is gone (the signal disposed): nothing is changed then.
        let result = self.history.try_update(change).unwrap_or_default();
        self.write();
        result
    }

    /// Replaces a record (same id) and saves.
    pub fn update(&self, record: HistoryRecord) {
        self.change(|h| h.update(record));
    }

    /// Deletes a record and saves.
    pub fn delete(&self, id: &str) {
        self.change(|h| h.delete(id));
    }

    /// Deletes every record and saves.
    pub fn clear(&self, now_ms: i64) {
        storage::remove(Area::Local, storage::CAP_WARNED_KEY);
        self.change(|h| h.clear(now_ms));
    }

    /// Adds imported records (existing ids are skipped; records deleted earlier come back) and
    /// saves.
    pub fn import(&self, records: Vec<HistoryRecord>, now_ms: i64) -> MergeReport {
        self.change(|h| h.import(records, now_ms))
    }
}
