//! Interpreting responses: every status becomes either the parsed JSON body or an [`ApiError`].
//! Bodies are read defensively: any part may be missing, and error pages may not be JSON.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::domain::json::{int_of, number_text};
use crate::domain::outcome::{ApiError, Named};
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
    let parsed: Option<Value> = crate::domain::json_text::parse(&raw.body).ok();
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
    let facts = match &parsed {
        Some(body) => ErrorFacts::read(body),
        None => ErrorFacts {
            message: text_snippet(&raw.body),
            ..ErrorFacts::default()
        },
    };
    if facts.code == ENDPOINT_NOT_FOUND || is_endpoint_message(&facts.message) {
        return Err(ApiError::WrongEndpoint {
            status: raw.status,
            message: facts.message,
            request_id,
        });
    }
    if raw.status == 429 || facts.code == RATE_LIMIT_EXCEEDED {
        return Err(ApiError::RateLimited {
            retry_after_ms: raw
                .retry_after
                .as_deref()
                .and_then(|v| parse_retry_after(v, now)),
            hourly: facts.code == RATE_LIMIT_EXCEEDED,
            message: facts.full_message(),
            request_id,
        });
    }
    if raw.status == 422 {
        let message = facts.message_with_code();
        let Rejected { fields, named } = facts.named;
        return Err(ApiError::Validation {
            message,
            fields,
            named: Box::new(named),
            others: facts.others,
            request_id,
        });
    }
    let message = facts.full_message();
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

/// Tallyfy's code for a path the API does not have (a wrong base URL, most often).
const ENDPOINT_NOT_FOUND: &str = "ENDPOINT_NOT_FOUND";
/// Tallyfy's code for an hourly per-organization cap.
const RATE_LIMIT_EXCEEDED: &str = "RATE_LIMIT_EXCEEDED";

/// Tallyfy's wording for a missing endpoint, for servers that send it without the code.
fn is_endpoint_message(message: &str) -> bool {
    let words = message.trim().trim_end_matches('.');
    words.eq_ignore_ascii_case("api endpoint not found")
        || words.eq_ignore_ascii_case("endpoint not found")
}

/// What an error body says, from any of the shapes Tallyfy sends: `{message}`,
/// `{error: true, message, code}`, `{message, errors}` (on any status, messages may be objects),
/// and `{error: {code, message, details}}`.
#[derive(Debug, Default)]
struct ErrorFacts {
    /// The top-level message (or `error.message`, or a string `error`).
    message: String,
    /// The machine code (`code` or `error.code`), or empty.
    code: String,
    /// `errors` entries by what they name.
    named: Rejected,
    /// Every other `errors` entry and `error.details`, as "path: message".
    others: Vec<String>,
}

/// `errors` entries that name something: kick-off fields (by id), and the rest [`Named`]
/// holds.
#[derive(Debug, Default)]
struct Rejected {
    fields: BTreeMap<String, Vec<String>>,
    named: Named,
}

/// The launch's own inputs a 422 may name.
const INPUT_KEYS: [&str; 3] = ["name", "owner_id", "summary"];

impl ErrorFacts {
    fn read(body: &Value) -> ErrorFacts {
        let nested = body.get("error").filter(|e| e.is_object());
        let text_at = |value: Option<&Value>| match value {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(other @ (Value::Object(_) | Value::Array(_))) => {
                let mut lines = Vec::new();
                flatten("", other, &mut lines);
                lines.join(" ")
            }
            _ => String::new(),
        };
        let mut message = text_at(body.get("message"));
        if message.is_empty() {
            message = text_at(nested.and_then(|e| e.get("message")));
        }
        if message.is_empty() {
            message = text_at(body.get("error").filter(|e| e.is_string()));
        }
        let mut code = text_at(body.get("code").filter(|c| c.is_string()));
        if code.is_empty() {
            code = text_at(nested.and_then(|e| e.get("code")).filter(|c| c.is_string()));
        }
        let (named, mut others) = validation_errors(body);
        if let Some(details) = nested.and_then(|e| e.get("details")) {
            flatten("", details, &mut others);
        }
        ErrorFacts {
            message,
            code,
            named,
            others,
        }
    }

    /// The message with its code, when the code says more than the status.
    fn message_with_code(&self) -> String {
        match (self.message.is_empty(), self.code.is_empty()) {
            (_, true) => self.message.clone(),
            (true, false) => self.code.clone(),
            (false, false) => format!("{} [{}]", self.message, self.code),
        }
    }

    /// The message, its code and every other message the body holds, for statuses whose
    /// errors are not shown field by field.
    fn full_message(&self) -> String {
        let mut parts = vec![self.message_with_code()];
        let Rejected { fields, named } = &self.named;
        for (prefix, map) in [
            ("prerun.", fields),
            ("tasks.", &named.steps),
            ("roles.", &named.roles),
            ("", &named.inputs),
        ] {
            for (id, messages) in map {
                parts.extend(messages.iter().map(|m| format!("{prefix}{id}: {m}")));
            }
        }
        parts.extend(self.others.iter().cloned());
        parts.retain(|p| !p.is_empty());
        parts.join(" ")
    }
}

/// Every string (or number) inside `value`, as "path: text" lines.
fn flatten(path: &str, value: &Value, out: &mut Vec<String>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| flatten(&join(k), v, out)),
        Value::Array(items) => items.iter().for_each(|v| flatten(path, v, out)),
        Value::Null => {}
        Value::String(s) if path.is_empty() => out.push(s.trim().to_string()),
        Value::String(s) => out.push(format!("{path}: {}", s.trim())),
        scalar if path.is_empty() => out.push(scalar_text(scalar)),
        scalar => out.push(format!("{path}: {}", scalar_text(scalar))),
    }
}

/// A number or a flag as a message shows it (not through serde_json's writer, which the first
/// screen does not carry).
fn scalar_text(scalar: &Value) -> String {
    match scalar {
        Value::Number(n) => number_text(n),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Laravel's `errors` bag, split by what each key names: `prerun.<field id>…`, `tasks.<step
/// id>…`, `roles.<role id>…` (or the same nested: `{"tasks": {"<id>": …}}`), `name`,
/// `owner_id`, `summary`; the rest as "path: message". A message may be a string, a list, or an
/// object of nested messages.
fn validation_errors(body: &Value) -> (Rejected, Vec<String>) {
    let mut rejected = Rejected::default();
    let mut others = Vec::new();
    let Some(Value::Object(errors)) = body.get("errors") else {
        return (rejected, others);
    };
    for (path, messages) in errors {
        let texts = || {
            let mut texts = Vec::new();
            flatten("", messages, &mut texts);
            texts
        };
        let (head, rest) = path.split_once('.').unwrap_or((path, ""));
        let by_id = match head {
            "prerun" => Some(&mut rejected.fields),
            "tasks" => Some(&mut rejected.named.steps),
            "roles" => Some(&mut rejected.named.roles),
            _ => None,
        };
        match by_id {
            Some(map) if !rest.is_empty() => {
                let id = rest.split('.').next().unwrap_or(rest).to_string();
                map.entry(id).or_default().extend(texts());
            }
            // `{"tasks": {"<id>": {...}}}`: one level down, each key an id.
            Some(map) if messages.is_object() => {
                for (id, inner) in messages.as_object().into_iter().flatten() {
                    let mut texts = Vec::new();
                    flatten("", inner, &mut texts);
                    map.entry(id.clone()).or_default().extend(texts);
                }
            }
            _ if INPUT_KEYS.contains(&head) => {
                rejected
                    .named
                    .inputs
                    .entry(head.to_string())
                    .or_default()
                    .extend(texts());
            }
            _ => others.extend(texts().into_iter().map(|m| format!("{path}: {m}"))),
        }
    }
    (rejected, others)
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
