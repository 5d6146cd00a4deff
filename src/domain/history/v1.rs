//! Schema 1, the first release's stored form, read once and upgraded.

use serde::Deserialize;
use serde_json::Value;

use super::{HistoryRecord, Outcome, Source};
use crate::domain::launch::LaunchBody;
use crate::domain::outcome::ApiError;
use crate::domain::run::RunInfo;

/// Schema 1 (the first release): a bare list of records whose outcome was flat.
#[derive(Deserialize)]
pub(super) struct V1Record {
    id: String,
    at_ms: i64,
    template_id: String,
    #[serde(default)]
    template_title: String,
    process_name: String,
    request_body: Value,
    #[serde(default)]
    run_id: Option<String>,
    #[serde(default)]
    run_link: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    http_status: Option<u16>,
    #[serde(default)]
    api_base: String,
    #[serde(default)]
    org_id: String,
}

impl V1Record {
    pub(super) fn upgrade(self) -> HistoryRecord {
        let outcome = match (self.run_id, self.error) {
            (Some(id), _) => Outcome::Launched {
                run: RunInfo {
                    id,
                    name: String::new(),
                    status: self.status.unwrap_or_else(|| "unknown".into()),
                    owner_id: None,
                    created_at: String::new(),
                    checklist_id: String::new(),
                    checklist_title: String::new(),
                    progress_percent: None,
                },
                link: self.run_link.unwrap_or_default(),
            },
            (None, error) => Outcome::Failed {
                error: match self.http_status {
                    Some(status) => ApiError::Rejected {
                        status,
                        message: error.unwrap_or_default(),
                        request_id: None,
                    },
                    None => ApiError::Network {
                        detail: error.unwrap_or_default(),
                    },
                },
            },
        };
        let mut request: LaunchBody = serde_json::from_value(self.request_body).unwrap_or_default();
        if request.checklist_id.is_empty() {
            request.checklist_id = self.template_id;
        }
        if request.name.is_empty() {
            request.name = self.process_name;
        }
        HistoryRecord {
            id: self.id,
            at_ms: self.at_ms,
            template_title: self.template_title,
            request,
            outcome,
            response: None,
            duration_ms: 0,
            retries: 0,
            api_base: self.api_base,
            org_id: self.org_id,
            source: Source::Single,
        }
    }
}
