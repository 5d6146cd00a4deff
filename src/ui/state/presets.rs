//! Presets in the browser: kept in `localStorage`, shared as files, and the same in every open
//! tab (a save reads the stored list first, so a preset another tab saved is never dropped).

use leptos::prelude::*;

use crate::domain::preset::{export_presets, parse_presets, Preset};
use crate::ui::browser::storage::{self, Area, Stored};
use crate::ui::state::{AppState, Level};

/// The presets, shared by the Launch screen's tools.
#[derive(Clone, Copy)]
pub struct PresetStore {
    /// Presets, by name.
    pub presets: RwSignal<Vec<Preset>>,
    app: AppState,
}

/// The stored presets: `Ok(None)` when there are none, `Err` when unreadable (left as it is).
fn read_stored() -> Result<Option<Vec<Preset>>, String> {
    storage::get(Area::Local, storage::PRESETS_KEY)
        .map(|text| parse_presets(&text))
        .transpose()
}

/// Loads the presets, provides them, and follows other tabs' changes.
pub fn provide_presets(app: AppState) -> PresetStore {
    let stored = storage::load_or_back_up(
        storage::PRESETS_KEY,
        storage::PRESETS_BACKUP_KEY,
        parse_presets,
    );
    if let Some(notice) = stored.unreadable_notice("The saved presets") {
        app.notify(Level::Warning, notice);
    }
    let presets = match stored {
        Stored::Read(list) => list,
        Stored::Absent | Stored::Unreadable { .. } => Vec::new(),
    };
    let store = PresetStore {
        presets: RwSignal::new(presets),
        app,
    };
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(storage::PRESETS_KEY) {
            if let Ok(list) = read_stored() {
                store.presets.set(list.unwrap_or_default());
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
        if let Ok(Some(stored)) = read_stored() {
            self.presets.set(stored);
        }
        self.presets.update(|list| {
            f(list);
            list.sort_by_key(|p| p.name.to_lowercase());
        });
        let text = self.presets.with_untracked(|list| export_presets(list));
        if let Err(reason) = storage::set(Area::Local, storage::PRESETS_KEY, &text) {
            self.app.notify(
                Level::Warning,
                format!("The presets could not be saved: {reason}. Export them to keep them."),
            );
        }
    }
}
