//! One launch attempt: what was sent, how it ended, where it came from.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::launch::LaunchBody;
use crate::domain::outcome::{ApiError, ErrorKind};
use crate::domain::run::RunInfo;

/// How a launch attempt ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The process was created.
    Launched {
        /// The run as the server returned it (refreshed by "Refresh status").
        run: RunInfo,
        /// Link to the run in Tallyfy's web app (left out of storage when it is the usual one).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        link: String,
    },
    /// The attempt failed.
    Failed { error: ApiError },
    /// Not sent: opened as Tallyfy's own pre-filled launch form, for the user to launch there
    /// (whether they did is not known here).
    OpenedInTallyfy {
        /// The link opened.
        link: String,
    },
}

/// The badge an outcome shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    Launched,
    /// Failed (refused, invalid, server error).
    Failed,
    /// Rate limited and given up.
    RateLimited,
    /// Did not reach the server.
    Network,
    /// Opened in Tallyfy's own launch form.
    OpenedInTallyfy,
}

impl Badge {
    /// Every badge, for filters.
    pub const ALL: [Badge; 5] = [
        Badge::Launched,
        Badge::Failed,
        Badge::RateLimited,
        Badge::Network,
        Badge::OpenedInTallyfy,
    ];

    /// The badge as one word (for its style).
    pub fn slug(self) -> &'static str {
        match self {
            Badge::Launched => "launched",
            Badge::Failed => "failed",
            Badge::RateLimited => "rate-limited",
            Badge::Network => "network",
            Badge::OpenedInTallyfy => "opened",
        }
    }

    /// Text on the badge.
    pub fn label(self) -> &'static str {
        match self {
            Badge::Launched => "launched",
            Badge::Failed => "failed",
            Badge::RateLimited => "rate limited",
            Badge::Network => "network",
            Badge::OpenedInTallyfy => "opened in Tallyfy",
        }
    }
}

/// Where the attempt came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The Launch screen.
    #[default]
    Single,
    /// A bulk job's row.
    Bulk {
        job: String,
        /// 1-based data row.
        row: usize,
    },
}

/// One launch attempt. Never holds the token: only the body sent and what came back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// Unique id (time plus randomness), the key for merging.
    pub id: String,
    /// When the attempt started, milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub template_title: String,
    /// The JSON body sent (template id, name, values).
    pub request: LaunchBody,
    /// How it ended.
    pub outcome: Outcome,
    /// The response body of a failure (successes keep their run in `outcome`), capped in size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Value>,
    /// From first send to final answer, in ms.
    #[serde(default)]
    pub duration_ms: u64,
    /// Automatic retries after 429s.
    #[serde(default)]
    pub retries: u32,
    /// API base it went to (left out of storage when it is the document's usual one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub api_base: String,
    /// Organization it went to (left out of storage when it is the document's usual one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub org_id: String,
    /// Single launch or bulk row.
    #[serde(default)]
    pub source: Source,
}

/// The usual link to a run, from its API base, organization and run id: records whose link is
/// the usual one store none (the browser keeps only about 5 MB per site).
pub type LinkRule<'a> = &'a dyn Fn(&str, &str, &str) -> String;

/// Longest failure response kept in a record (history must fit the browser's ~5 MB).
const MAX_RESPONSE_CHARS: usize = 2_000;

/// A response body trimmed for storage: kept as JSON when small, else as truncated text.
pub fn trim_response(value: Value) -> Value {
    let text = value.to_string();
    if text.len() <= MAX_RESPONSE_CHARS {
        value
    } else {
        let mut cut: String = text.chars().take(MAX_RESPONSE_CHARS).collect();
        cut.push_str("… (truncated)");
        Value::String(cut)
    }
}

impl HistoryRecord {
    /// Template id.
    pub fn template_id(&self) -> &str {
        &self.request.checklist_id
    }

    /// Process name: the one sent, else the one Tallyfy gave.
    pub fn process_name(&self) -> &str {
        if !self.request.name.is_empty() {
            return &self.request.name;
        }
        match &self.outcome {
            Outcome::Launched { run, .. } if !run.name.is_empty() => &run.name,
            _ => "(named by Tallyfy)",
        }
    }

    /// The badge for this record.
    pub fn badge(&self) -> Badge {
        match &self.outcome {
            Outcome::Launched { .. } => Badge::Launched,
            Outcome::Failed { error } => match error.kind() {
                ErrorKind::RateLimited => Badge::RateLimited,
                ErrorKind::Network => Badge::Network,
                _ => Badge::Failed,
            },
            Outcome::OpenedInTallyfy { .. } => Badge::OpenedInTallyfy,
        }
    }

    /// Whether this attempt launched the process, or may have (the answer never said no).
    pub fn may_have_launched(&self) -> bool {
        match &self.outcome {
            Outcome::Launched { .. } => true,
            Outcome::Failed { error } => error.launch_may_have_happened(),
            // The user may have pressed Launch in Tallyfy.
            Outcome::OpenedInTallyfy { .. } => true,
        }
    }

    /// The run, when launched.
    pub fn run(&self) -> Option<&RunInfo> {
        match &self.outcome {
            Outcome::Launched { run, .. } => Some(run),
            Outcome::Failed { .. } | Outcome::OpenedInTallyfy { .. } => None,
        }
    }

    /// The link to the run, when launched, or to Tallyfy's pre-filled form, when opened there.
    pub fn link(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Launched { link, .. } | Outcome::OpenedInTallyfy { link }
                if !link.is_empty() =>
            {
                Some(link)
            }
            _ => None,
        }
    }

    /// The error, when failed.
    pub fn error(&self) -> Option<&ApiError> {
        match &self.outcome {
            Outcome::Failed { error } => Some(error),
            Outcome::Launched { .. } | Outcome::OpenedInTallyfy { .. } => None,
        }
    }

    /// Lower-case text searched by the History screen: name, template, run id, error.
    pub fn search_text(&self) -> String {
        let mut text = format!(
            "{}\n{}\n{}",
            self.process_name(),
            self.template_title,
            self.template_id()
        );
        if let Some(run) = self.run() {
            text.push('\n');
            text.push_str(&run.id);
        }
        if let Some(error) = self.error() {
            text.push('\n');
            text.push_str(&error.full_text());
        }
        text.to_lowercase()
    }
}
