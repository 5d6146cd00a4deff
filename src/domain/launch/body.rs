//! A launch as it is sent: the body of `POST /organizations/{org}/runs`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The JSON body of `POST /organizations/{org}/runs`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LaunchBody {
    pub checklist_id: String,
    /// Process name, left out when Tallyfy should name it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Summary, left out when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Owner, left out when the caller should own it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<i64>,
    /// Kick-off values keyed by field id; only ids the template has.
    #[serde(default)]
    pub prerun: Map<String, Value>,
    /// Step assignments keyed by step timeline id: `{deadline, owners{users, guests, groups}}`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub tasks: Map<String, Value>,
    /// Role assignments keyed by role id: `{users, guests, groups}`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub roles: Map<String, Value>,
    /// Starred, left out when not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred: bool,
    /// Tag ids, left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Process folder ids, left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub folders: Vec<String>,
}

impl LaunchBody {
    /// The body as compact JSON (what is sent and compared for duplicates).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The body as indented JSON (for people).
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
