//! Connection and behaviour settings, as stored in the browser (the token is stored apart).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Tallyfy's production API base.
pub const DEFAULT_API_BASE: &str = "https://go.tallyfy.com/api";
/// Default cap on stored history records.
pub const DEFAULT_HISTORY_CAP: usize = 5_000;
/// Default limit on every request, launches included: this many per window (Tallyfy publishes
/// "100 requests per minute per organization").
pub const DEFAULT_RATE_LIMIT: u32 = 100;
/// Default window of that limit, in seconds.
pub const DEFAULT_RATE_WINDOW_SECS: u32 = 60;
/// Default limit on reads (GET) on top: Tallyfy publishes "about 12 GET requests per 5
/// seconds"; 2 a second stays under it.
pub const DEFAULT_READ_LIMIT: u32 = 2;
/// Default window of the read limit, in seconds.
pub const DEFAULT_READ_WINDOW_SECS: u32 = 1;
/// The bounds the Settings screen and stored settings keep each figure within.
pub const LIMITS: Limits = Limits {
    history_cap: (100, 100_000),
    requests: (1, 10_000),
    window_secs: (1, 3_600),
    track_minutes: (0, 1_440),
    track_share: (1, 100),
};

/// Lowest and highest values of the numeric settings.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub history_cap: (usize, usize),
    /// Requests per window (the general and the read limit).
    pub requests: (u32, u32),
    pub window_secs: (u32, u32),
    pub track_minutes: (u32, u32),
    pub track_share: (u32, u32),
}
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
    /// The limit every request keeps to, launches included: this many requests...
    pub rate_limit: u32,
    /// ...per this many seconds.
    pub rate_window_secs: u32,
    /// The limit reads (GET) keep to as well: this many...
    pub read_limit: u32,
    /// ...per this many seconds.
    pub read_window_secs: u32,
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
            read_limit: DEFAULT_READ_LIMIT,
            read_window_secs: DEFAULT_READ_WINDOW_SECS,
            web_app_url: String::new(),
            track_refresh_minutes: DEFAULT_TRACK_REFRESH_MINUTES,
            track_share_percent: DEFAULT_TRACK_SHARE_PERCENT,
            track_archived: false,
        }
    }
}

impl Settings {
    /// The pacer every request keeps to (and bulk launches space themselves by).
    pub fn pacer(&self) -> super::rate::Pacer {
        super::rate::Pacer::new(self.rate_limit, f64::from(self.rate_window_secs) * 1000.0)
    }

    /// The pacer reads keep to as well.
    pub fn read_pacer(&self) -> super::rate::Pacer {
        super::rate::Pacer::new(self.read_limit, f64::from(self.read_window_secs) * 1000.0)
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
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Settings::from_value(&value)
    }

    /// Reads stored settings from their JSON, key by key (by hand, not with the derived
    /// reader, which would bring serde_json's reader to the first screen); missing and unknown
    /// keys are left alone, a key of the wrong type is an error naming it.
    pub fn from_value(value: &Value) -> Result<Settings, String> {
        let Value::Object(stored) = value else {
            return Err("they are not a JSON object".into());
        };
        let mut settings = Settings::default();
        for (key, value) in stored {
            let s = &mut settings;
            match key.as_str() {
                "api_base" => s.api_base = text(key, value)?,
                "org_id" => s.org_id = text(key, value)?,
                "remember_token" => s.remember_token = flag(key, value)?,
                "keep_history" => s.keep_history = flag(key, value)?,
                "history_cap" => s.history_cap = count(key, value)?,
                "rate_limit" => s.rate_limit = count(key, value)?,
                "rate_window_secs" => s.rate_window_secs = count(key, value)?,
                "read_limit" => s.read_limit = count(key, value)?,
                "read_window_secs" => s.read_window_secs = count(key, value)?,
                "web_app_url" => s.web_app_url = text(key, value)?,
                "track_refresh_minutes" => s.track_refresh_minutes = count(key, value)?,
                "track_share_percent" => s.track_share_percent = count(key, value)?,
                "track_archived" => s.track_archived = flag(key, value)?,
                _ => {}
            }
        }
        if settings.history_cap == 0 {
            settings.history_cap = DEFAULT_HISTORY_CAP;
        }
        settings.keep_within_limits();
        Ok(settings)
    }

    /// Every numeric setting moved within [`LIMITS`].
    pub fn keep_within_limits(&mut self) {
        let l = LIMITS;
        self.history_cap = self.history_cap.clamp(l.history_cap.0, l.history_cap.1);
        self.rate_limit = self.rate_limit.clamp(l.requests.0, l.requests.1);
        self.rate_window_secs = self
            .rate_window_secs
            .clamp(l.window_secs.0, l.window_secs.1);
        self.read_limit = self.read_limit.clamp(l.requests.0, l.requests.1);
        self.read_window_secs = self
            .read_window_secs
            .clamp(l.window_secs.0, l.window_secs.1);
        self.track_refresh_minutes = self
            .track_refresh_minutes
            .clamp(l.track_minutes.0, l.track_minutes.1);
        self.track_share_percent = self
            .track_share_percent
            .clamp(l.track_share.0, l.track_share.1);
    }

    /// The settings as stored.
    pub fn to_stored(&self) -> String {
        self.to_value().to_string()
    }

    /// The settings as stored, as a JSON value (built by hand, not with the derived writer,
    /// which would bring serde_json's writer to the first screen); [`Settings::from_value`]
    /// reads it back.
    pub fn to_value(&self) -> Value {
        let text = |s: &str| Value::String(s.to_string());
        let count = |n: u64| Value::Number(n.into());
        let stored = [
            ("api_base", text(&self.api_base)),
            ("org_id", text(&self.org_id)),
            ("remember_token", Value::Bool(self.remember_token)),
            ("keep_history", Value::Bool(self.keep_history)),
            ("history_cap", count(self.history_cap as u64)),
            ("rate_limit", count(self.rate_limit.into())),
            ("rate_window_secs", count(self.rate_window_secs.into())),
            ("read_limit", count(self.read_limit.into())),
            ("read_window_secs", count(self.read_window_secs.into())),
            ("web_app_url", text(&self.web_app_url)),
            (
                "track_refresh_minutes",
                count(self.track_refresh_minutes.into()),
            ),
            (
                "track_share_percent",
                count(self.track_share_percent.into()),
            ),
            ("track_archived", Value::Bool(self.track_archived)),
        ];
        // One by one: collecting into the map would sort, and bring a sort to the first screen.
        let mut map = serde_json::Map::new();
        for (key, value) in stored {
            map.insert(key.to_string(), value);
        }
        Value::Object(map)
    }
}

/// A stored text setting.
fn text(key: &str, value: &Value) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("`{key}` is not text"))
}

/// A stored yes/no setting.
fn flag(key: &str, value: &Value) -> Result<bool, String> {
    value
        .as_bool()
        .ok_or_else(|| format!("`{key}` is not true or false"))
}

/// A stored count (any whole number the field holds; the limits are applied after).
fn count<T: TryFrom<u64>>(key: &str, value: &Value) -> Result<T, String> {
    value
        .as_u64()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| format!("`{key}` is not a whole number of a size it can hold"))
}
