//! Presets in the browser: kept in `localStorage`, shared as files.

use leptos::prelude::*;

use super::state::{AppState, Level};
use super::storage::{self, Area};
use crate::domain::preset::{export_presets, parse_presets, Preset};

/// Key of the presets.
const PRESETS_KEY: &str = "tallyfy-launcher/presets";
/// Where an unreadable presets value is kept.
const PRESETS_BACKUP_KEY: &str = "tallyfy-launcher/presets/unreadable-backup";

/// The presets, shared by the Launch screen's tools.
#[derive(Clone, Copy)]
pub struct PresetStore {
    /// Presets, by name.
    pub presets: RwSignal<Vec<Preset>>,
    app: AppState,
}

/// Loads the presets and provides them.
pub fn provide_presets(app: AppState) -> PresetStore {
    let presets = match storage::get(Area::Local, PRESETS_KEY) {
        None => Vec::new(),
        Some(text) => match parse_presets(&text) {
            Ok(list) => list,
            Err(reason) => {
                let _ = storage::set(Area::Local, PRESETS_BACKUP_KEY, &text);
                app.notify(
                    Level::Warning,
                    format!("The saved presets could not be read ({reason}). They were kept under \"{PRESETS_BACKUP_KEY}\" in this browser's storage."),
                );
                Vec::new()
            }
        },
    };
    let store = PresetStore {
        presets: RwSignal::new(presets),
        app,
    };
    provide_context(store);
    store
}

/// The preset store; the root component provides it.
pub fn use_presets() -> PresetStore {
    use_context::<PresetStore>().expect("PresetStore is provided by the root App component")
}

impl PresetStore {
    /// Changes the presets and saves them.
    pub fn change(&self, f: impl FnOnce(&mut Vec<Preset>)) {
        self.presets.update(|list| {
            f(list);
            list.sort_by_key(|p| p.name.to_lowercase());
        });
        let text = self.presets.with_untracked(|list| export_presets(list));
        if let Err(reason) = storage::set(Area::Local, PRESETS_KEY, &text) {
            self.app.notify(
                Level::Warning,
                format!("The presets could not be saved: {reason}. Export them to keep them."),
            );
        }
    }
}
