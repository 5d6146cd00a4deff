//! Browser storage: `localStorage` (this device) and `sessionStorage` (this tab), with the
//! browser's refusals (private mode, quota) turned into messages.

// Every key the app stores under, in one place.

/// Key of the settings (never the token).
pub const SETTINGS_KEY: &str = "tallyfy-launcher/settings/v1";
/// Where unreadable settings values are kept for inspection (`<this>/<time>`).
pub const SETTINGS_BACKUP_KEY: &str = "tallyfy-launcher/settings/unreadable-backup";
/// Key of the token, in whichever storage "Remember" selects.
pub const TOKEN_KEY: &str = "tallyfy-launcher/token";
/// Key of the history document.
pub const HISTORY_KEY: &str = "tallyfy-launcher/history";
/// Where unreadable histories are kept (`<this>/<time>`, the newest few).
pub const HISTORY_BACKUP_KEY: &str = "tallyfy-launcher/history/unreadable-backup";
/// Set once the user has been told the history is nearly full.
pub const CAP_WARNED_KEY: &str = "tallyfy-launcher/history/cap-warned";
/// Key of the presets.
pub const PRESETS_KEY: &str = "tallyfy-launcher/presets";
/// Where unreadable presets values are kept (`<this>/<time>`).
pub const PRESETS_BACKUP_KEY: &str = "tallyfy-launcher/presets/unreadable-backup";
/// Where the job is saved.
pub const JOB_KEY: &str = "tallyfy-launcher/bulk/job";
/// Where an unreadable saved job is kept.
pub const JOB_BACKUP_KEY: &str = "tallyfy-launcher/bulk/job/unreadable-backup";
/// Where the recipe of a linked template's early request is kept (`api::early`; no token).
/// `src/api/early_template.js` reads it under this name.
pub const EARLY_TEMPLATE_KEY: &str = "tallyfy-launcher/early-template";
/// Where the form being typed is kept (this tab only), so a reload or a crash loses nothing.
pub const DRAFT_KEY: &str = "tallyfy-launcher/launch/draft";

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

/// Backups of one unreadable value kept at most (older ones are removed as new ones come).
const BACKUPS_KEPT: usize = 3;

/// Whether an unreadable value was backed up, for the message that says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backup {
    /// Written under this key.
    Kept(String),
    /// Not written, and why.
    NotKept(String),
}

impl Backup {
    /// Whether the backup was written.
    pub fn is_kept(&self) -> bool {
        matches!(self, Backup::Kept(_))
    }

    /// A sentence for the user: where the copy is, or that there is none.
    pub fn describe(&self) -> String {
        match self {
            Backup::Kept(key) => {
                format!("A copy was kept in this browser's storage under \"{key}\".")
            }
            Backup::NotKept(reason) => format!("No copy could be kept ({reason})."),
        }
    }
}

/// Keeps an unreadable value under `prefix/<time>` in `localStorage`, with the few newest
/// earlier backups of the same prefix (one slot would be overwritten by the next failure).
pub fn keep_backup(prefix: &str, text: &str) -> Backup {
    let backups = || -> Vec<(i64, String)> {
        let Some(store) = storage(Area::Local) else {
            return Vec::new();
        };
        let count = store.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| store.key(i).ok().flatten())
            .filter_map(|k| {
                let stamp = k.strip_prefix(prefix)?.strip_prefix('/')?.parse().ok()?;
                Some((stamp, k))
            })
            .collect()
    };
    // The same unreadable text (read again by another screen or tab) is kept once.
    if let Some((_, existing)) = backups()
        .into_iter()
        .find(|(_, k)| get(Area::Local, k).as_deref() == Some(text))
    {
        return Backup::Kept(existing);
    }
    let key = format!("{prefix}/{}", js_sys::Date::now() as i64);
    if let Err(reason) = set(Area::Local, &key, text) {
        return Backup::NotKept(reason);
    }
    if let Some(store) = storage(Area::Local) {
        // The oldest go first, one at a time (there are a few: no sort on the first screen).
        let mut backups = backups();
        while backups.len() > BACKUPS_KEPT {
            let oldest = (0..backups.len())
                .min_by_key(|&i| backups[i].0)
                .unwrap_or(0);
            let _ = store.remove_item(&backups.swap_remove(oldest).1);
        }
    }
    Backup::Kept(key)
}

/// What reading a stored value gave.
pub enum Stored<T> {
    /// Nothing is stored under the key.
    Absent,
    /// The value, read.
    Read(T),
    /// It could not be read; the text was backed up (or not: `backup` says).
    Unreadable {
        /// Why it could not be read.
        reason: String,
        /// Where the text was kept.
        backup: Backup,
    },
}

impl<T> Stored<T> {
    /// For an unreadable value, the sentence that says so: "`what` could not be read (why).
    /// A copy was kept…".
    pub fn unreadable_notice(&self, what: &str) -> Option<String> {
        match self {
            Stored::Unreadable { reason, backup } => Some(format!(
                "{what} could not be read ({reason}). {}",
                backup.describe()
            )),
            _ => None,
        }
    }
}

/// Reads `key` from `localStorage` with `parse`. An unreadable value is never thrown away: it
/// is kept under `backup_prefix` (see [`keep_backup`]) before the caller moves on.
pub fn load_or_back_up<T>(
    key: &str,
    backup_prefix: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Stored<T> {
    let Some(text) = get(Area::Local, key) else {
        return Stored::Absent;
    };
    match parse(&text) {
        Ok(value) => Stored::Read(value),
        Err(reason) => Stored::Unreadable {
            reason,
            backup: keep_backup(backup_prefix, &text),
        },
    }
}
