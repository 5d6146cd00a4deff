//! Presets and pinned templates in the browser: kept in `localStorage`, shared as files, and
//! the same in every open tab (a save reads the stored list first, so a preset or pin another
//! tab saved is never dropped).

use leptos::prelude::*;

use crate::domain::preset::{Pin, Preset, PresetBook, MAX_PINS, MAX_TRACKED};
use crate::ui::browser::storage::{self, Area, Stored};
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
    app: AppState,
}

/// The stored presets: `Ok(None)` when there are none, `Err` when unreadable (left as it is).
fn read_stored() -> Result<Option<PresetBook>, String> {
    storage::get(Area::Local, storage::PRESETS_KEY)
        .map(|text| PresetBook::parse(&text))
        .transpose()
}

/// Loads the presets, provides them, and follows other tabs' changes.
pub fn provide_presets(app: AppState) -> PresetStore {
    let stored = storage::load_or_back_up(
        storage::PRESETS_KEY,
        storage::PRESETS_BACKUP_KEY,
        PresetBook::parse,
    );
    if let Some(notice) = stored.unreadable_notice("The saved presets") {
        app.notify(Level::Warning, notice);
    }
    let book = match stored {
        Stored::Read(book) => book,
        Stored::Absent | Stored::Unreadable { .. } => PresetBook::default(),
    };
    let store = PresetStore {
        presets: RwSignal::new(book.presets),
        pins: RwSignal::new(book.pins),
        tracked: RwSignal::new(book.tracked),
        app,
    };
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(storage::PRESETS_KEY) {
            if let Ok(book) = read_stored() {
                store.show(book.unwrap_or_default());
            }
        }
    });
    on_cleanup(move || listener.remove());
    provide_context(store);
    store
}

/// The preset store; the root component provides it.
pub fn use_presets() -> PresetStore {
    // Safe: provided once at the root before any screen mounts; only a wiring bug misses it.
    use_context::<PresetStore>().expect("PresetStore is provided by the root App component")
}

impl PresetStore {
    /// Changes the presets and saves them. The change applies to the stored list as it is now
    /// (another tab may have saved since this one read it), so no other tab's preset is lost.
    pub fn change(&self, f: impl FnOnce(&mut Vec<Preset>)) {
        self.change_book(|book| f(&mut book.presets));
    }

    /// Changes the presets and pins together and saves them, like [`PresetStore::change`].
    pub fn change_book(&self, f: impl FnOnce(&mut PresetBook)) {
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
