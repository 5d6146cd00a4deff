//! What a call to the API can end in. The HTTP client maps every status into [`ApiError`]; the
//! screens, history and bulk launches only ever look at these values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A failed call, with what the user should do about it in its `Display`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ApiError {
    /// 401: the token is wrong, expired, or was invalidated by logging out.
    #[error("The API token was refused (401{}). Check or re-enter it in Settings: personal access tokens stop working when you log out of Tallyfy.", server_says(.message))]
    Unauthorized {
        /// Server's message.
        message: String,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// 403: no permission, or a business rule.
    #[error("Tallyfy refused this (403): {}", or_default(.message, "you do not have permission. Ask an administrator of the organization."))]
    Forbidden {
        /// Server's message.
        message: String,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// 404: the organization, template or process is not there, or the token cannot see it
    /// (Tallyfy's `RESOURCE_NOT_FOUND`).
    #[error("Not found (404{}): this template, process or organization does not exist, or your token cannot see it. Check the organization ID and the template ID (the ID, not the template's name).", server_says(.message))]
    NotFound {
        /// Server's message.
        message: String,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// 409: a conflict such as an exhausted seat pool.
    #[error("Tallyfy reported a conflict (409): {}", or_default(.message, "the request conflicts with the organization's current state."))]
    Conflict {
        /// Server's message.
        message: String,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// 422: validation failed; the `errors` bag split by what each message names: kick-off
    /// fields (`prerun.<id>`), steps (`tasks.<id>`), roles (`roles.<id>`), the launch's own
    /// inputs (`name`, `owner_id`, `summary`), and the rest.
    #[error("Tallyfy rejected the values (422): {}{}", or_default(.message, "the given data was invalid."), list_rest(.named, .others))]
    Validation {
        /// Server's message.
        message: String,
        /// Messages for kick-off fields, by field id.
        fields: BTreeMap<String, Vec<String>>,
        /// Messages for steps, roles and the launch's inputs (boxed: every `Result` carries
        /// this error, and most are fine).
        #[serde(flatten)]
        named: Box<Named>,
        /// Messages for anything else ("starred: ...").
        others: Vec<String>,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// 429: too many requests; `hourly` when it is one of Tallyfy's hourly caps per
    /// organization (`RATE_LIMIT_EXCEEDED`) rather than a short burst limit.
    #[error("{}", rate_limit_text(*.hourly, *.retry_after_ms, .message))]
    RateLimited {
        /// How long the server asked to wait, when it said.
        retry_after_ms: Option<u64>,
        /// Whether the server named an hourly cap (`RATE_LIMIT_EXCEEDED`).
        #[serde(default)]
        hourly: bool,
        /// Server's message.
        message: String,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// 5xx: the server failed; for a launch, it may have launched anyway.
    #[error("Tallyfy had a server error ({status}){}.", server_says(.message))]
    Server {
        /// HTTP status.
        status: u16,
        /// Server's message (or the start of a non-JSON body).
        message: String,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// Tallyfy has no such endpoint (`ENDPOINT_NOT_FOUND`): the API base URL or path is wrong.
    #[error("Tallyfy has no such API address ({status} ENDPOINT_NOT_FOUND{}). Check Settings > API base URL: Tallyfy's is https://go.tallyfy.com/api (with /api at the end).", server_says(.message))]
    WrongEndpoint {
        /// HTTP status (404, usually).
        status: u16,
        /// Server's message.
        message: String,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// Any other 4xx, such as 400.
    #[error("Tallyfy rejected the request ({status}): {}", or_default(.message, "bad request."))]
    Rejected {
        /// HTTP status.
        status: u16,
        /// Server's message.
        message: String,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// The browser could not complete the request: offline, wrong address, or blocked by CORS.
    #[error("The request did not reach Tallyfy ({detail}). Either the network is unreachable, the API base URL is wrong, or the API does not allow requests from this page's origin (CORS). Check the API base URL in Settings; if it is right, use \"Copy as curl\" to run the request outside the browser, or put the API behind a proxy that allows this origin (see the README).")]
    Network {
        /// What the browser reported.
        detail: String,
    },
    /// The browser refused the request before sending it: the API's host answers, but not to
    /// this page's origin (CORS, a blocked preflight). Nothing was sent.
    #[error("The browser refused the request before sending it: the API at {api} does not allow this page ({page}) to call it (CORS). Nothing was sent, so nothing was launched or changed. Host the launcher on the same origin as a proxy of the API (README: hosting it for a team), or use \"Open pre-filled in Tallyfy\" or \"Copy as curl\".")]
    Refused {
        /// This page's origin.
        page: String,
        /// The API's origin.
        api: String,
    },
    /// A success status with a body that cannot be read.
    #[error("Tallyfy answered {status} but the response could not be read ({detail}).")]
    BadResponse {
        /// HTTP status.
        status: u16,
        /// What was wrong.
        detail: String,
        /// `X-Request-Id`, when sent.
        request_id: Option<String>,
    },
    /// The request was not sent: the settings are incomplete or invalid.
    #[error("{0}")]
    NotConfigured(String),
}

/// A coarse kind, for badges and filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 422.
    Validation,
    /// 429.
    RateLimited,
    /// 5xx.
    Server,
    /// No such endpoint.
    WrongEndpoint,
    /// Other 4xx.
    Rejected,
    /// Did not reach the server.
    Network,
    /// Unreadable success.
    BadResponse,
    /// Not sent.
    NotConfigured,
}

fn server_says(message: &str) -> String {
    if message.trim().is_empty() {
        String::new()
    } else {
        format!(": \"{}\"", message.trim())
    }
}

fn or_default(message: &str, default: &str) -> String {
    if message.trim().is_empty() {
        default.to_string()
    } else {
        message.trim().to_string()
    }
}

/// What a 422 says of steps, roles and the launch's own inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    /// Messages for steps, by step id (`tasks.<id>`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub steps: BTreeMap<String, Vec<String>>,
    /// Messages for roles, by role id (`roles.<id>`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<String, Vec<String>>,
    /// Messages for the launch's own inputs, by key (`name`, `owner_id`, `summary`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inputs: BTreeMap<String, Vec<String>>,
}

/// The messages not shown at a kick-off field, as "path: message" (steps and roles by id: a
/// screen that knows the template names them by title instead).
fn list_rest(named: &Named, others: &[String]) -> String {
    let mut parts = Vec::new();
    for (prefix, messages) in [("tasks", &named.steps), ("roles", &named.roles)] {
        for (id, texts) in messages {
            parts.extend(texts.iter().map(|t| format!("{prefix}.{id}: {t}")));
        }
    }
    for (key, texts) in &named.inputs {
        parts.extend(texts.iter().map(|t| format!("{key}: {t}")));
    }
    parts.extend(others.iter().cloned());
    parts.iter().map(|p| format!(" {p}")).collect()
}

fn rate_limit_text(hourly: bool, retry_after_ms: Option<u64>, message: &str) -> String {
    if hourly {
        format!(
            "Tallyfy's hourly limit for this organization is reached (429 RATE_LIMIT_EXCEEDED{}){}. Tallyfy caps some actions per organization and hour (for example 30 guest invitations): wait, or launch without guest assignees.",
            server_says(message),
            retry_hint(retry_after_ms)
        )
    } else {
        format!(
            "Tallyfy is rate limiting requests (429){}.",
            retry_hint(retry_after_ms)
        )
    }
}

fn retry_hint(retry_after_ms: Option<u64>) -> String {
    match retry_after_ms {
        Some(ms) => format!("; it asked to wait {}", describe_wait(ms)),
        None => String::new(),
    }
}

/// "2 s", "1 min 30 s".
pub fn describe_wait(ms: u64) -> String {
    let seconds = ms.div_ceil(1000);
    if seconds < 60 {
        format!("{seconds} s")
    } else if seconds.is_multiple_of(60) {
        format!("{} min", seconds / 60)
    } else {
        format!("{} min {} s", seconds / 60, seconds % 60)
    }
}

impl ApiError {
    /// The coarse kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Unauthorized { .. } => ErrorKind::Unauthorized,
            ApiError::Forbidden { .. } => ErrorKind::Forbidden,
            ApiError::NotFound { .. } => ErrorKind::NotFound,
            ApiError::Conflict { .. } => ErrorKind::Conflict,
            ApiError::Validation { .. } => ErrorKind::Validation,
            ApiError::RateLimited { .. } => ErrorKind::RateLimited,
            ApiError::Server { .. } => ErrorKind::Server,
            ApiError::WrongEndpoint { .. } => ErrorKind::WrongEndpoint,
            ApiError::Rejected { .. } => ErrorKind::Rejected,
            ApiError::Network { .. } | ApiError::Refused { .. } => ErrorKind::Network,
            ApiError::BadResponse { .. } => ErrorKind::BadResponse,
            ApiError::NotConfigured(_) => ErrorKind::NotConfigured,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized { .. } => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::Conflict { .. } => Some(409),
            ApiError::Validation { .. } => Some(422),
            ApiError::RateLimited { .. } => Some(429),
            ApiError::Server { status, .. }
            | ApiError::WrongEndpoint { status, .. }
            | ApiError::Rejected { status, .. }
            | ApiError::BadResponse { status, .. } => Some(*status),
            ApiError::Network { .. } | ApiError::Refused { .. } | ApiError::NotConfigured(_) => {
                None
            }
        }
    }

    /// The `X-Request-Id` the server sent with the error.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Unauthorized { request_id, .. }
            | ApiError::Forbidden { request_id, .. }
            | ApiError::NotFound { request_id, .. }
            | ApiError::Conflict { request_id, .. }
            | ApiError::Validation { request_id, .. }
            | ApiError::RateLimited { request_id, .. }
            | ApiError::Server { request_id, .. }
            | ApiError::WrongEndpoint { request_id, .. }
            | ApiError::Rejected { request_id, .. }
            | ApiError::BadResponse { request_id, .. } => request_id.as_deref(),
            ApiError::Network { .. } | ApiError::Refused { .. } | ApiError::NotConfigured(_) => {
                None
            }
        }
    }

    /// What happened, in one sentence: for a validation error without the messages it names
    /// (a screen that shows them where they belong lists them itself).
    pub fn headline(&self) -> String {
        match self {
            ApiError::Validation { message, .. } => format!(
                "Tallyfy rejected the values (422): {}",
                or_default(message, "the given data was invalid.")
            ),
            other => other.to_string(),
        }
    }

    /// Everything the error says, field messages included (for searching).
    pub fn full_text(&self) -> String {
        let mut text = self.to_string();
        if let ApiError::Validation { fields, .. } = self {
            for messages in fields.values() {
                for message in messages {
                    text.push(' ');
                    text.push_str(message);
                }
            }
        }
        text
    }

    /// Whether a launch that failed this way may nevertheless have created the process:
    /// the request reached a server that did not clearly refuse it.
    pub fn launch_may_have_happened(&self) -> bool {
        matches!(
            self,
            ApiError::Server { .. } | ApiError::BadResponse { .. } | ApiError::Network { .. }
        )
    }
}
