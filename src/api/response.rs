//! Interpreting responses: every status becomes either the parsed JSON body or an [`ApiError`].
//! Bodies are read defensively: any part may be missing, and error pages may not be JSON.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::domain::json::int_of;
use crate::domain::outcome::ApiError;
use crate::domain::retry::parse_retry_after;

/// A response as the transport received it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    pub body: String,
    /// `Retry-After` header, when present and readable (CORS must expose it).
    pub retry_after: Option<String>,
    /// `X-Request-Id` header, when present and readable.
    pub request_id: Option<String>,
}

/// The parsed body of a 2xx answer, or the error any other status means.
pub fn interpret(raw: &RawResponse, now: DateTime<Utc>) -> Result<Value, ApiError> {
    let request_id = raw.request_id.clone().filter(|id| !id.trim().is_empty());
    let parsed: Option<Value> = serde_json::from_str(&raw.body).ok();
    if (200..300).contains(&raw.status) {
        if raw.body.trim().is_empty() {
            return Ok(Value::Null);
        }
        return parsed.ok_or_else(|| ApiError::BadResponse {
            status: raw.status,
            detail: "the body is not valid JSON".into(),
            request_id,
        });
    }
    let message = parsed
        .as_ref()
        .map(message_of)
        .unwrap_or_else(|| text_snippet(&raw.body));
    Err(match raw.status {
        401 => ApiError::Unauthorized {
            message,
            request_id,
        },
        403 => ApiError::Forbidden {
            message,
            request_id,
        },
        404 => ApiError::NotFound {
            message,
            request_id,
        },
        409 => ApiError::Conflict {
            message,
            request_id,
        },
        422 => {
            let (fields, others) = parsed.as_ref().map(validation_errors).unwrap_or_default();
            ApiError::Validation {
                message,
                fields,
                others,
                request_id,
            }
        }
        429 => ApiError::RateLimited {
            retry_after_ms: raw
                .retry_after
                .as_deref()
                .and_then(|v| parse_retry_after(v, now)),
            message,
            request_id,
        },
        500..=599 => ApiError::Server {
            status: raw.status,
            message,
            request_id,
        },
        status => ApiError::Rejected {
            status,
            message,
            request_id,
        },
    })
}

/// `message`, or `error.message`, or a string `error`; empty when there is none.
fn message_of(body: &Value) -> String {
    let direct = body.get("message").and_then(Value::as_str);
    let nested = body.get("error").and_then(|e| match e {
        Value::String(s) => Some(s.as_str()),
        Value::Object(o) => o.get("message").and_then(Value::as_str),
        _ => None,
    });
    direct.or(nested).unwrap_or_default().trim().to_string()
}

/// Laravel's `errors` bag, split into kick-off field messages (`prerun.<field id>...`) and the rest.
fn validation_errors(body: &Value) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut others = Vec::new();
    let Some(Value::Object(errors)) = body.get("errors") else {
        return (fields, others);
    };
    for (path, messages) in errors {
        let messages: Vec<String> = match messages {
            Value::Array(items) => items
                .iter()
                .filter_map(|m| m.as_str().map(str::to_string))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        };
        match path.strip_prefix("prerun.") {
            Some(rest) if !rest.is_empty() => {
                let id = rest.split('.').next().unwrap_or(rest).to_string();
                fields.entry(id).or_default().extend(messages);
            }
            _ => others.extend(messages.into_iter().map(|m| format!("{path}: {m}"))),
        }
    }
    (fields, others)
}

/// The readable start of a non-JSON body (such as a proxy's HTML error page), shown as text.
fn text_snippet(body: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return String::new();
    }
    let mut snippet: String = collapsed.chars().take(160).collect();
    if collapsed.chars().count() > 160 {
        snippet.push('…');
    }
    format!("the response was not JSON: {snippet}")
}

/// The `data` list of a list response.
pub fn data_list(body: &Value) -> Vec<Value> {
    match body.get("data") {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// Paging facts of a list response; absent or odd values read as a single page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// Items across all pages.
    pub total: u64,
    /// This page (from 1).
    pub current_page: u32,
    /// Pages in all.
    pub total_pages: u32,
}

impl Pagination {
    /// Reads `meta.pagination`.
    pub fn of(body: &Value, items_here: usize) -> Pagination {
        let p = body.get("meta").and_then(|m| m.get("pagination"));
        let num =
            |key: &str| int_of(p.and_then(|p| p.get(key))).and_then(|n| u64::try_from(n).ok());
        let current_page = num("current_page").unwrap_or(1).max(1) as u32;
        let total_pages = num("total_pages").unwrap_or(u64::from(current_page)).max(1) as u32;
        Pagination {
            total: num("total").unwrap_or(items_here as u64),
            current_page,
            total_pages,
        }
    }

    /// Whether another page follows (stop when `current_page >= total_pages`).
    pub fn has_next(&self) -> bool {
        self.current_page < self.total_pages
    }
}
