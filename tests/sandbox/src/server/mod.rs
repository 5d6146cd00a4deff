//! The HTTP side of the sandbox: the Tallyfy-shaped API under `/api`, CORS for loopback
//! origins, fault injection, a rate limiter, and the `/__sandbox` control endpoints tests use.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::runs::{self, RunTask};
use crate::seed::{self, hex_id, Seed};
use crate::templates;
use crate::validate::{validate_assignments, validate_launch};

mod control;
mod faults;
mod http;
mod launch;
mod reads;
mod statics;

use control::control;
use faults::{fault_response, rate_limited, take_fault};
pub use http::is_loopback_origin;
use http::{
    add_cors_headers, header_map, json_response, message, no_endpoint, not_found, preflight,
};
use launch::{launch, make_runs, MadeRuns};
use reads::{includes, list_runs, list_templates, page_of};
pub use statics::{same_origin_router, static_router, Precompressed};

/// One request as the sandbox received it.
#[derive(Clone, Debug, Serialize)]
pub struct RecordedRequest {
    /// Order of arrival, from 1.
    pub seq: u64,
    /// Milliseconds since the sandbox started or was reset.
    pub at_ms: f64,
    /// HTTP method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Raw query string.
    pub query: String,
    /// Header names (lower case) and values.
    pub headers: BTreeMap<String, String>,
    /// Body text.
    pub body: String,
    /// Status the sandbox answered with (0 when the connection was dropped).
    pub status: u16,
}

/// A fault to inject into matching API requests.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct FaultRule {
    /// Only requests with this method (any when absent).
    #[serde(default)]
    pub method: Option<String>,
    /// Only requests whose path contains this text (any when absent).
    #[serde(default)]
    pub path_contains: Option<String>,
    /// Let this many matching requests through before the fault applies.
    #[serde(default)]
    pub skip: u32,
    /// How many requests the fault affects; absent means every one.
    #[serde(default)]
    pub times: Option<u32>,
    /// Wait this long before answering (alone: a slow but normal answer).
    #[serde(default)]
    pub delay_ms: u64,
    /// Answer with this status instead of the normal handling.
    #[serde(default)]
    pub status: Option<u16>,
    /// Raw body to send with `status` (a JSON `message` by default).
    #[serde(default)]
    pub body: Option<String>,
    /// Content type of `body` (`application/json` by default).
    #[serde(default)]
    pub content_type: Option<String>,
    /// Extra response headers, such as `Retry-After`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// `drop`: close the connection without answering; `malformed`: 200 with broken JSON.
    #[serde(default)]
    pub action: Option<String>,
}

/// A limit of `max` API requests per sliding window.
#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub max: usize,
    /// Window length in milliseconds.
    pub window_ms: u64,
}

/// Mutable state: runs, the request log, faults and switches.
pub struct SandboxState {
    seed: Seed,
    started: Instant,
    runs: Vec<Value>,
    /// Each run's tasks, by run id.
    tasks: BTreeMap<String, Vec<RunTask>>,
    requests: Vec<RecordedRequest>,
    faults: Vec<(FaultRule, u32)>,
    rate_limit: Option<RateLimit>,
    accepted: VecDeque<Instant>,
    cors: bool,
    default_cors: bool,
}

impl SandboxState {
    /// A fresh sandbox with the demo seed.
    pub fn new(cors: bool) -> Self {
        Self {
            seed: seed::demo(),
            started: Instant::now(),
            runs: Vec::new(),
            tasks: BTreeMap::new(),
            requests: Vec::new(),
            faults: Vec::new(),
            rate_limit: None,
            accepted: VecDeque::new(),
            cors,
            default_cors: cors,
        }
    }

    fn reset(&mut self) {
        *self = Self::new(self.default_cors);
    }
}

/// Shared handle to the sandbox state.
#[derive(Clone)]
pub struct Sandbox(Arc<Mutex<SandboxState>>);

impl Sandbox {
    /// A new sandbox; `cors` says whether loopback origins are allowed.
    pub fn new(cors: bool) -> Self {
        Self(Arc::new(Mutex::new(SandboxState::new(cors))))
    }

    fn lock(&self) -> MutexGuard<'_, SandboxState> {
        // A poisoned lock only means a handler panicked mid-update; the data is still usable.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The router: everything goes through one dispatcher.
pub fn router(sandbox: Sandbox) -> Router {
    Router::new().fallback(dispatch).with_state(sandbox)
}

/// Payload used to drop a connection: `resume_unwind` skips the panic hook, so this
/// aborts the connection's task (the client sees a reset) without printing anything.
struct DropConnection;

async fn dispatch(State(sandbox): State<Sandbox>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
    let body = String::from_utf8_lossy(&body).into_owned();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let origin = parts
        .headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);

    if let Some(rest) = path.strip_prefix("/__sandbox") {
        return control(&sandbox, &parts.method, rest, &body);
    }

    let seq = {
        let mut state = sandbox.lock();
        let seq = state.requests.len() as u64 + 1;
        let at_ms = state.started.elapsed().as_secs_f64() * 1000.0;
        state.requests.push(RecordedRequest {
            seq,
            at_ms,
            method: parts.method.to_string(),
            path: path.clone(),
            query: query.clone(),
            headers: header_map(&parts.headers),
            body: body.clone(),
            status: 0,
        });
        seq
    };

    let cors = sandbox.lock().cors && origin.as_deref().is_some_and(is_loopback_origin);
    let mut response = if parts.method == Method::OPTIONS {
        preflight(cors)
    } else {
        api(
            &sandbox,
            &parts.method,
            &path,
            &query,
            &parts.headers,
            &body,
        )
        .await
    };
    if cors {
        add_cors_headers(
            response.headers_mut(),
            origin.as_deref().unwrap_or_default(),
        );
    }
    response.headers_mut().insert(
        "x-request-id",
        HeaderValue::from_str(&format!("sbx-{seq:06}")).expect("ascii id"),
    );
    let status = response.status().as_u16();
    if let Some(entry) = sandbox.lock().requests.get_mut(seq as usize - 1) {
        entry.status = status;
    }
    response
}

async fn api(
    sandbox: &Sandbox,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &str,
) -> Response {
    if let Some(limited) = rate_limited(sandbox) {
        return limited;
    }
    if let Some(fault) = take_fault(sandbox, method, path) {
        if fault.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
        }
        match (fault.action.as_deref(), fault.status) {
            (Some("drop"), _) => std::panic::resume_unwind(Box::new(DropConnection)),
            (Some("malformed"), _) => {
                return (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "application/json")],
                    "{\"data\": {\"id\": \"trunc",
                )
                    .into_response()
            }
            (_, Some(status)) => return fault_response(&fault, status),
            _ => {}
        }
    }

    let authorised = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {}", seed::DEMO_TOKEN));
    let client = headers
        .get("x-tallyfy-client")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "APIClient");
    let accepts_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if !(authorised && client && accepts_json) {
        return message(StatusCode::UNAUTHORIZED, "Unauthenticated.");
    }

    let Some(route) = path.strip_prefix("/api/") else {
        return no_endpoint();
    };
    let segments: Vec<&str> = route.trim_end_matches('/').split('/').collect();
    let params = parse_query(query);
    let state = &mut *sandbox.lock();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["me"]) => {
            let me = state.seed.users.iter().find(|u| u.id == seed::ME_ID);
            json_response(StatusCode::OK, json!({ "data": me }))
        }
        ("GET", ["me", "organizations"]) => json_response(
            StatusCode::OK,
            json!({ "data": [{ "id": seed::ORG_ID, "name": seed::ORG_NAME }],
                    "meta": { "pagination": pagination(1, 1, 1, 10) } }),
        ),
        (_, ["organizations", org, ..]) if *org != seed::ORG_ID => not_found("Organization"),
        ("GET", ["organizations", _, "checklists"]) => list_templates(&state.seed, &params),
        ("GET", ["organizations", _, "checklists", id]) => match state.seed.template(id) {
            Some(template) => {
                let with_steps = params
                    .get("with")
                    .is_some_and(|w| w.split(',').any(|part| part.trim() == "steps"));
                let data = if with_steps {
                    template.to_json_with_steps()
                } else {
                    template.to_json()
                };
                json_response(StatusCode::OK, json!({ "data": data }))
            }
            None => not_found("Checklist"),
        },
        ("GET", ["organizations", _, "users"]) => {
            let q = params
                .get("q")
                .map(|q| q.to_lowercase())
                .unwrap_or_default();
            let users: Vec<Value> = state
                .seed
                .users
                .iter()
                .filter(|u| {
                    q.is_empty()
                        || u.full_name.to_lowercase().contains(&q)
                        || u.email.to_lowercase().contains(&q)
                })
                .map(|u| json!(u))
                .collect();
            // The docs: members default to 9999 a page.
            page_of(users, &params, 9999, 9999)
        }
        ("GET", ["organizations", _, "groups"]) => {
            let groups = state.seed.groups.iter().map(|g| json!(g)).collect();
            // The docs: groups default to 10 a page, at most 100.
            page_of(groups, &params, 10, 100)
        }
        ("GET", ["organizations", _, "tags"]) => page_of(state.seed.tags.clone(), &params, 10, 100),
        ("GET", ["organizations", _, "folders"]) => {
            let kind = params.get("folder_type").cloned().unwrap_or_default();
            let folders = state
                .seed
                .folders
                .iter()
                .filter(|f| kind.is_empty() || f["folder_type"] == kind.as_str())
                .cloned()
                .collect();
            page_of(folders, &params, 10, 100)
        }
        ("POST", ["organizations", _, "runs"]) => launch(state, body),
        ("GET", ["organizations", _, "runs"]) => list_runs(state, &params),
        ("GET", ["organizations", _, "runs", id]) => {
            match state.runs.iter().find(|r| r["id"] == *id) {
                Some(run) => {
                    let data = state.present(run, &includes(&params));
                    json_response(StatusCode::OK, json!({ "data": data }))
                }
                None => not_found("Run"),
            }
        }
        _ => no_endpoint(),
    }
}

fn parse_query(query: &str) -> BTreeMap<String, String> {
    serde_urlencoded::from_str(query).unwrap_or_default()
}

fn pagination(total: usize, count: usize, page: usize, per_page: usize) -> Value {
    let total_pages = total.div_ceil(per_page.max(1)).max(1);
    // PHP serialises an empty links object as `[]`, as the real API does.
    let links = if page < total_pages {
        json!({ "next": format!("?page={}", page + 1) })
    } else {
        json!([])
    };
    json!({
        "total": total,
        "count": count,
        "per_page": per_page,
        "current_page": page,
        "total_pages": total_pages,
        "links": links,
    })
}
