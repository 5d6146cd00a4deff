//! Browser storage: `localStorage` (this device) and `sessionStorage` (this tab), with the
//! browser's refusals (private mode, quota) turned into messages.

/// Key of the settings (never the token).
pub const SETTINGS_KEY: &str = "tallyfy-launcher/settings/v1";
/// Where an unreadable settings value is kept for inspection.
pub const SETTINGS_BACKUP_KEY: &str = "tallyfy-launcher/settings/unreadable-backup";
/// Key of the token, in whichever storage "Remember" selects.
pub const TOKEN_KEY: &str = "tallyfy-launcher/token";

/// Which storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// `localStorage`: kept on this device.
    Local,
    /// `sessionStorage`: this tab only.
    Session,
}

fn storage(area: Area) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match area {
        Area::Local => window.local_storage().ok().flatten(),
        Area::Session => window.session_storage().ok().flatten(),
    }
}

/// Reads a key; `None` when absent or storage is unavailable.
pub fn get(area: Area, key: &str) -> Option<String> {
    storage(area)?.get_item(key).ok().flatten()
}

/// Writes a key, or says why the browser refused.
pub fn set(area: Area, key: &str, value: &str) -> Result<(), String> {
    let store = storage(area)
        .ok_or_else(|| "this browser does not allow the page to store data".to_string())?;
    store.set_item(key, value).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name.contains("Quota") {
            "the browser's storage for this page is full".to_string()
        } else {
            format!("the browser refused to store data ({name})")
        }
    })
}

/// Removes a key (quietly: there is nothing to do if storage is unavailable).
pub fn remove(area: Area, key: &str) {
    if let Some(store) = storage(area) {
        let _ = store.remove_item(key);
    }
}
