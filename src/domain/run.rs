//! A launched process (API: run), read leniently from `{"data": {run}}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::json::{int_of, string_of};

/// The parts of a run the app shows and keeps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    pub id: String,
    /// Process name (left out of history records when it is the name the request sent).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// `active`, `problem`, `delayed`, `complete`, or whatever the server says.
    pub status: String,
    /// Owner's member id.
    pub owner_id: Option<i64>,
    /// Creation time as the server wrote it.
    #[serde(default)]
    pub created_at: String,
    /// Template id (left out of history records).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub checklist_id: String,
    /// Template title (left out of history records).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub checklist_title: String,
    /// Percent of tasks complete, when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_percent: Option<f64>,
}

impl RunInfo {
    /// The run without what a history record already holds elsewhere (name, template).
    pub fn for_history(&self, sent_name: &str) -> RunInfo {
        RunInfo {
            // Kept only when Tallyfy chose it (no name was sent, or the template names it).
            name: if self.name == sent_name {
                String::new()
            } else {
                self.name.clone()
            },
            checklist_id: String::new(),
            checklist_title: String::new(),
            ..self.clone()
        }
    }

    /// Reads a run from a response value, with or without the `data` wrapper.
    pub fn from_json(value: &Value) -> Option<RunInfo> {
        let data = match value.get("data") {
            Some(inner) if inner.is_object() => inner,
            _ => value,
        };
        let id = string_of(data.get("id")).filter(|s| !s.is_empty())?;
        let progress = data.get("progress");
        Some(RunInfo {
            id,
            name: string_of(data.get("name")).unwrap_or_default(),
            status: string_of(data.get("status")).unwrap_or_else(|| "unknown".into()),
            owner_id: int_of(data.get("owner_id")),
            created_at: string_of(data.get("created_at")).unwrap_or_default(),
            checklist_id: string_of(data.get("checklist_id")).unwrap_or_default(),
            checklist_title: string_of(data.get("checklist_title")).unwrap_or_default(),
            progress_percent: progress
                .and_then(|p| p.get("percent"))
                .and_then(Value::as_f64),
        })
    }
}
