//! Connection and behaviour settings, as stored in the browser (the token is stored apart).

use serde::{Deserialize, Serialize};

/// Tallyfy's production API base.
pub const DEFAULT_API_BASE: &str = "https://go.tallyfy.com/api";
/// Default cap on stored history records.
pub const DEFAULT_HISTORY_CAP: usize = 5_000;
/// Default limit for bulk launches: requests per window (Tallyfy's is about 100 per minute).
pub const DEFAULT_RATE_LIMIT: u32 = 100;
/// Default window of that limit, in seconds.
pub const DEFAULT_RATE_WINDOW_SECS: u32 = 60;
/// Default minutes between the Track board's automatic refreshes (0: only on demand).
pub const DEFAULT_TRACK_REFRESH_MINUTES: u32 = 5;
/// Default share of the rate limit the Track board's refresh may use, in percent.
pub const DEFAULT_TRACK_SHARE_PERCENT: u32 = 50;

/// Everything on the Settings screen except the token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// API base URL, such as `https://go.tallyfy.com/api`.
    pub api_base: String,
    pub org_id: String,
    /// Keep the token in `localStorage` (this device) rather than `sessionStorage` (this tab).
    pub remember_token: bool,
    /// Record launches in history.
    pub keep_history: bool,
    /// Most history records kept; the oldest go first.
    pub history_cap: usize,
    /// The API's rate limit that bulk launches keep to: this many requests...
    pub rate_limit: u32,
    /// ...per this many seconds.
    pub rate_window_secs: u32,
    /// Web app address for "Open in Tallyfy" links; empty means derived from the API base.
    pub web_app_url: String,
    /// Minutes between the Track board's automatic refreshes while it is visible (0: off).
    pub track_refresh_minutes: u32,
    /// Most of the rate limit the Track board's refresh may use, in percent.
    pub track_share_percent: u32,
    /// The Track board reads archived processes too (Tallyfy lists them only when asked).
    pub track_archived: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            api_base: DEFAULT_API_BASE.to_string(),
            org_id: String::new(),
            remember_token: true,
            keep_history: true,
            history_cap: DEFAULT_HISTORY_CAP,
            rate_limit: DEFAULT_RATE_LIMIT,
            rate_window_secs: DEFAULT_RATE_WINDOW_SECS,
            web_app_url: String::new(),
            track_refresh_minutes: DEFAULT_TRACK_REFRESH_MINUTES,
            track_share_percent: DEFAULT_TRACK_SHARE_PERCENT,
            track_archived: false,
        }
    }
}

impl Settings {
    /// The pacer for bulk launches.
    pub fn pacer(&self) -> super::rate::Pacer {
        super::rate::Pacer::new(self.rate_limit, f64::from(self.rate_window_secs) * 1000.0)
    }

    /// The pacer for the Track board's refresh: its share of the rate limit (at least one
    /// request per window), so launches and the rest of the app keep the remainder.
    pub fn track_pacer(&self) -> super::rate::Pacer {
        let share = u64::from(self.track_share_percent.clamp(1, 100));
        let max = (u64::from(self.rate_limit) * share / 100).max(1) as u32;
        super::rate::Pacer::new(max, f64::from(self.rate_window_secs) * 1000.0)
    }

    /// Reads stored settings; missing keys take defaults. An unreadable value is an error
    /// whose text says what was wrong (the caller falls back to defaults and says so).
    pub fn from_stored(text: &str) -> Result<Settings, String> {
        let mut settings: Settings = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if settings.history_cap == 0 {
            settings.history_cap = DEFAULT_HISTORY_CAP;
        }
        settings.rate_limit = settings.rate_limit.clamp(1, 10_000);
        settings.rate_window_secs = settings.rate_window_secs.clamp(1, 3_600);
        settings.track_refresh_minutes = settings.track_refresh_minutes.min(1_440);
        settings.track_share_percent = settings.track_share_percent.clamp(1, 100);
        Ok(settings)
    }

    /// The settings as stored.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
