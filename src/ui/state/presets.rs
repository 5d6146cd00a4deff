//! Presets and pinned templates in the browser: kept in `localStorage`, shared as files, and
//! the same in every open tab (a save reads the stored list first, so a preset or pin another
//! tab saved is never dropped).

use leptos::prelude::*;

use crate::domain::preset::{Pin, Preset, PresetBook, MAX_PINS, MAX_TRACKED};
use crate::ui::browser::storage::{self, Area, Stored};
use crate::ui::split::split_point;
use crate::ui::state::{AppState, Level};

/// The presets, shared by the Launch screen's tools.
#[derive(Clone, Copy)]
pub struct PresetStore {
    /// Presets, by name.
    pub presets: RwSignal<Vec<Preset>>,
    /// Pinned templates, in pin order.
    pub pins: RwSignal<Vec<Pin>>,
    /// Templates chosen to be tracked on the Track board.
    pub tracked: RwSignal<Vec<Pin>>,
    /// Whether the stored presets have been read (by the first code that needs them).
    read: StoredValue<bool>,
    app: AppState,
}

/// The stored presets: `Ok(None)` when there are none, `Err` when unreadable (left as it is).
fn read_stored() -> Result<Option<PresetBook>, String> {
    storage::get(Area::Local, storage::PRESETS_KEY)
        .map(|text| PresetBook::parse(&text))
        .transpose()
}

/// Provides the preset store, empty until the first code that needs it reads it: the quick
/// picks, the tools, Track (each in a chunk), or the pin button through
/// [`PresetStore::pin_later`]. The first screen then carries no preset reader or writer.
pub fn provide_presets(app: AppState) -> PresetStore {
    let store = PresetStore {
        presets: RwSignal::new(Vec::new()),
        pins: RwSignal::new(Vec::new()),
        tracked: RwSignal::new(Vec::new()),
        read: StoredValue::new(false),
        app,
    };
    provide_context(store);
    store
}

/// The preset store as read so far, without reading it (see [`PresetStore::pin_later`]).
pub fn presets_as_read() -> PresetStore {
    // Safe: provided once at the root before any screen mounts; only a wiring bug misses it.
    use_context::<PresetStore>().expect("PresetStore is provided by the root App component")
}

/// The preset store, read from storage on the first call.
pub fn use_presets() -> PresetStore {
    let store = presets_as_read();
    store.ensure_read();
    store
}

/// What the first screen asks of the presets, done by code in a chunk of its own.
#[derive(Clone, Debug)]
pub enum PresetAction {
    /// Read them (the pin button's state).
    Read,
    /// Pin or unpin a template: its id and title, and whether pinned.
    Pin(String, String, bool),
}

split_point! {
    presets_chunk: fn act_on_presets(store: PresetStore, action: PresetAction) {
        store.ensure_read();
        if let PresetAction::Pin(id, title, pinned) = action {
            store.set_pinned(&id, &title, pinned);
        }
    }
    load load_presets_action, preload preload_presets_action
}

impl PresetStore {
    /// Does `action` once the presets' code is there; says so when it could not be downloaded.
    pub async fn later(self, action: PresetAction) {
        let pinning = matches!(action, PresetAction::Pin(..));
        if load_presets_action(self, action).await.is_err() && pinning {
            self.app.notify(
                Level::Warning,
                "The pin could not be saved: this part of the launcher could not be downloaded. Check the connection and try again.",
            );
        }
    }

    /// Reads the stored presets once, and from then on follows other tabs' changes to them.
    fn ensure_read(&self) {
        if self.read.get_value() {
            return;
        }
        self.read.set_value(true);
        let stored = storage::load_or_back_up(
            storage::PRESETS_KEY,
            storage::PRESETS_BACKUP_KEY,
            PresetBook::parse,
        );
        if let Some(notice) = stored.unreadable_notice("The saved presets") {
            self.app.notify(Level::Warning, notice);
        }
        if let Stored::Read(book) = stored {
            self.show(book);
        }
        let store = *self;
        // For the app's lifetime, whichever screen read the presets first.
        let _following = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() == Some(storage::PRESETS_KEY) {
                if let Ok(book) = read_stored() {
                    store.show(book.unwrap_or_default());
                }
            }
        });
    }

    /// Changes the presets and saves them. The change applies to the stored list as it is now
    /// (another tab may have saved since this one read it), so no other tab's preset is lost.
    pub fn change(&self, f: impl FnOnce(&mut Vec<Preset>)) {
        self.change_book(|book| f(&mut book.presets));
    }

    /// Changes the presets and pins together and saves them, like [`PresetStore::change`].
    pub fn change_book(&self, f: impl FnOnce(&mut PresetBook)) {
        self.ensure_read();
        let mut book = match read_stored() {
            Ok(Some(stored)) => stored,
            _ => self.book(),
        };
        f(&mut book);
        book.presets.sort_by_key(|p| p.name.to_lowercase());
        let text = book.export();
        self.show(book);
        if let Err(reason) = storage::set(Area::Local, storage::PRESETS_KEY, &text) {
            self.app.notify(
                Level::Warning,
                format!("The presets and pins could not be saved: {reason}. Export the presets to keep them."),
            );
        }
    }

    /// The presets and pins as they are now (what "Export presets" writes).
    pub fn book(&self) -> PresetBook {
        PresetBook {
            presets: self.presets.get_untracked(),
            pins: self.pins.get_untracked(),
            tracked: self.tracked.get_untracked(),
        }
    }

    /// Pins or unpins a template (a pin past the cap is refused, with a notice).
    pub fn set_pinned(&self, template_id: &str, title: &str, pinned: bool) {
        let mut refused = false;
        self.change_book(|book| {
            if pinned {
                refused = !book.pin(template_id, title);
            } else {
                book.unpin(template_id);
            }
        });
        if refused {
            self.app.notify(
                Level::Warning,
                format!("At most {MAX_PINS} templates can be pinned: unpin one first."),
            );
        }
    }

    /// Tracks a template on the Track board, or stops (one past the cap is refused, with a
    /// notice).
    pub fn set_tracked(&self, template_id: &str, title: &str, tracked: bool) {
        let mut refused = false;
        self.change_book(|book| {
            if tracked {
                refused = !book.track(template_id, title);
            } else {
                book.untrack(template_id);
            }
        });
        if refused {
            self.app.notify(
                Level::Warning,
                format!("At most {MAX_TRACKED} templates can be tracked: remove one first."),
            );
        }
    }

    fn show(&self, book: PresetBook) {
        if self.presets.with_untracked(|p| *p != book.presets) {
            self.presets.set(book.presets);
        }
        if self.pins.with_untracked(|p| *p != book.pins) {
            self.pins.set(book.pins);
        }
        if self.tracked.with_untracked(|t| *t != book.tracked) {
            self.tracked.set(book.tracked);
        }
    }
}
