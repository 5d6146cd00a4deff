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

#[derive(Debug, Deserialize)]
struct ConfigUpdate {
    #[serde(default)]
    rate_limit: Option<Option<RateLimit>>,
    #[serde(default)]
    cors: Option<bool>,
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

fn header_map(headers: &HeaderMap) -> BTreeMap<String, String> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// `http://127.0.0.1:*`, `http://localhost:*` and `http://[::1]:*`.
pub fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = if rest.starts_with('[') {
        rest.split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        rest.split(':').next().unwrap_or_default().to_string()
    };
    matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]")
}

fn preflight(cors: bool) -> Response {
    if !cors {
        // No Access-Control-Allow-* headers: the browser refuses the real request.
        return StatusCode::NO_CONTENT.into_response();
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
    );
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("authorization, accept, content-type, x-tallyfy-client"),
    );
    headers.insert("access-control-max-age", HeaderValue::from_static("600"));
    response
}

fn add_cors_headers(headers: &mut HeaderMap, origin: &str) {
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert("access-control-allow-origin", value);
    }
    headers.insert("vary", HeaderValue::from_static("Origin"));
    headers.insert(
        "access-control-expose-headers",
        HeaderValue::from_static("x-request-id, retry-after"),
    );
}

fn json_response(status: StatusCode, value: Value) -> Response {
    (status, axum::Json(value)).into_response()
}

fn message(status: StatusCode, text: &str) -> Response {
    json_response(status, json!({ "message": text }))
}

/// Tallyfy's 404 bodies carry a machine code besides the message.
fn coded(status: StatusCode, code: &str, text: &str) -> Response {
    json_response(
        status,
        json!({ "error": true, "message": text, "code": code }),
    )
}

fn no_endpoint() -> Response {
    coded(
        StatusCode::NOT_FOUND,
        "ENDPOINT_NOT_FOUND",
        "API endpoint not found",
    )
}

fn not_found(what: &str) -> Response {
    coded(
        StatusCode::NOT_FOUND,
        "RESOURCE_NOT_FOUND",
        &format!("{what} not found"),
    )
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

fn rate_limited(sandbox: &Sandbox) -> Option<Response> {
    let mut state = sandbox.lock();
    let limit = state.rate_limit?;
    let now = Instant::now();
    let window = Duration::from_millis(limit.window_ms);
    while state
        .accepted
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        state.accepted.pop_front();
    }
    if state.accepted.len() < limit.max {
        state.accepted.push_back(now);
        return None;
    }
    let oldest = *state.accepted.front()?;
    let wait = window.saturating_sub(now.duration_since(oldest));
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = message(StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts.");
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_str(&seconds.max(1).to_string()).expect("digits"),
    );
    Some(response)
}

fn take_fault(sandbox: &Sandbox, method: &Method, path: &str) -> Option<FaultRule> {
    let mut state = sandbox.lock();
    for (rule, seen) in state.faults.iter_mut() {
        let method_ok = rule
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()));
        let path_ok = rule
            .path_contains
            .as_deref()
            .is_none_or(|p| path.contains(p));
        if !(method_ok && path_ok) {
            continue;
        }
        *seen += 1;
        if *seen <= rule.skip {
            continue;
        }
        let used = *seen - rule.skip;
        if rule.times.is_some_and(|times| used > times) {
            continue;
        }
        return Some(rule.clone());
    }
    None
}

fn fault_response(rule: &FaultRule, status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = rule.body.clone().unwrap_or_else(|| {
        json!({ "message": status.canonical_reason().unwrap_or("Error") }).to_string()
    });
    let content_type = rule
        .content_type
        .clone()
        .unwrap_or_else(|| "application/json".to_string());
    let mut response = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    for (name, value) in &rule.headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    response
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

fn list_templates(seed: &Seed, params: &BTreeMap<String, String>) -> Response {
    let q = params
        .get("q")
        .map(|q| q.trim().to_lowercase())
        .unwrap_or_default();
    let matching: Vec<Value> = seed
        .templates
        .iter()
        .filter(|t| q.is_empty() || t.title.to_lowercase().contains(&q))
        .map(|t| t.to_json())
        .collect();
    page_of(matching, params, 10, 100)
}

/// One page of `items` as `page` and `per_page` ask (`per_page` defaults to `default` and is
/// capped at `max`), with Tallyfy's pagination block.
fn page_of(
    items: Vec<Value>,
    params: &BTreeMap<String, String>,
    default: usize,
    max: usize,
) -> Response {
    let per_page = params
        .get("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(default)
        .clamp(1, max);
    let page = params
        .get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let total = items.len();
    let here: Vec<Value> = items
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    let count = here.len();
    json_response(
        StatusCode::OK,
        json!({
            "data": here,
            "meta": { "pagination": pagination(total, count, page, per_page) },
        }),
    )
}

fn launch(state: &mut SandboxState, body: &str) -> Response {
    let Ok(body) = serde_json::from_str::<Value>(body) else {
        return message(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON.",
        );
    };
    let Some(checklist_id) = body.get("checklist_id").and_then(Value::as_str) else {
        return json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "message": "The given data was invalid.",
                    "errors": { "checklist_id": ["The checklist id field is required."] } }),
        );
    };
    let Some(template) = state.seed.template(checklist_id).cloned() else {
        return not_found("Checklist");
    };
    let directory = state.seed.directory();
    let launched = validate_launch(&body, &template.prerun, &directory);
    let assigned = validate_assignments(&body, &template.steps, &template.roles, &directory);
    let (accepted, (tasks, roles)) = match (launched, assigned) {
        (Ok(accepted), Ok(assigned)) => (accepted, assigned),
        (launched, assigned) => {
            let mut errors = launched.err().unwrap_or_default();
            errors.extend(assigned.err().unwrap_or_default());
            return json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "message": "The given data was invalid.", "errors": errors }),
            );
        }
    };
    let increment = state.runs.len() as u64 + 1;
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let today = Utc::now().format("%Y-%m-%d").to_string();
    // Auto-naming with renaming off: the template's format wins over any name sent.
    let tallyfy_names_it = template.auto_name.is_some() && !template.launcher_can_rename;
    let name = match accepted.name.clone() {
        Some(name) if !tallyfy_names_it => name,
        _ => template.auto_name(&accepted.prerun, &today),
    };
    let prerun = if accepted.prerun.is_empty() {
        json!([])
    } else {
        Value::Object(accepted.prerun)
    };
    let run = json!({
        "id": hex_id(&format!("run/{increment}/{now}")),
        "increment_id": increment,
        "checklist_id": template.id,
        "checklist_title": template.title,
        "name": name,
        "tasks": tasks,
        "roles": roles,
        "starred": body.get("starred").and_then(Value::as_bool).unwrap_or(false),
        "tags": body.get("tags").cloned().unwrap_or(json!([])),
        "folders": body.get("folders").cloned().unwrap_or(json!([])),
        "summary": accepted.summary,
        "status": "active",
        "started_by": seed::ME_ID,
        "owner_id": accepted.owner_id.unwrap_or(seed::ME_ID),
        "prerun": prerun,
        "created_at": now,
        "started_at": now,
        "completed_at": null,
        "archived_at": null,
        "due_date": null,
    });
    let run_id = run["id"].as_str().unwrap_or_default().to_string();
    let launched = Utc::now();
    state.tasks.insert(
        run_id.clone(),
        runs::tasks_for(&run_id, &template, &tasks, launched),
    );
    state.runs.push(run.clone());
    let data = state.present(&run, &[]);
    json_response(StatusCode::CREATED, json!({ "data": data }))
}

/// `with=a,b` as a list.
fn includes(params: &BTreeMap<String, String>) -> Vec<&str> {
    params
        .get("with")
        .map(|w| w.split(',').map(str::trim).collect())
        .unwrap_or_default()
}

impl SandboxState {
    /// A run as the API shows it, with what `with` includes.
    fn present(&self, run: &Value, with: &[&str]) -> Value {
        let id = run["id"].as_str().unwrap_or_default();
        let tasks = self.tasks.get(id).map(Vec::as_slice).unwrap_or_default();
        runs::present(run, tasks, with, Utc::now())
    }
}

/// `GET …/runs`: filtered by `checklist_id`, `status`, `owners` and `tag`, sorted by
/// `sort` (`-created_at`, the default, or `created_at`), paged (10 a page by default, at
/// most 100), with `with` includes.
fn list_runs(state: &SandboxState, params: &BTreeMap<String, String>) -> Response {
    let with = includes(params);
    let mut matching: Vec<&Value> = state
        .runs
        .iter()
        .filter(|run| {
            let id = run["id"].as_str().unwrap_or_default();
            let tasks = state.tasks.get(id).map(Vec::as_slice).unwrap_or_default();
            runs::matches(run, tasks, params)
        })
        .collect();
    let created = |run: &Value| run["created_at"].as_str().unwrap_or_default().to_string();
    matching.sort_by_key(|run| created(run));
    if params.get("sort").map(String::as_str) != Some("created_at") {
        matching.reverse();
    }
    let presented = matching
        .into_iter()
        .map(|run| state.present(run, &with))
        .collect();
    page_of(presented, params, 10, 100)
}

/// What `POST /__sandbox/runs` takes: processes made as if launched elsewhere (another
/// app, a teammate), for demos and benchmarks.
#[derive(Debug, Deserialize)]
struct MadeRuns {
    checklist_id: String,
    #[serde(default = "one")]
    count: usize,
    /// Launch times spread over this many past days (0: now).
    #[serde(default)]
    days: u32,
    /// Name prefix.
    #[serde(default)]
    name: Option<String>,
}

fn one() -> usize {
    1
}

fn make_runs(state: &mut SandboxState, made: MadeRuns) -> Response {
    let Some(template) = state.seed.template(&made.checklist_id).cloned() else {
        return message(StatusCode::NOT_FOUND, "Checklist not found.");
    };
    let now = Utc::now();
    let mut ids = Vec::new();
    for i in 0..made.count.min(20_000) {
        let increment = state.runs.len() as u64 + 1;
        let back = if made.days == 0 || made.count < 2 {
            chrono::Duration::zero()
        } else {
            let span = chrono::Duration::days(i64::from(made.days)).num_seconds();
            chrono::Duration::seconds(span * i as i64 / (made.count as i64 - 1))
        };
        let launched = now - back;
        let at = runs::stamp(launched);
        let id = hex_id(&format!("made/{increment}/{at}"));
        let name = format!(
            "{} {}",
            made.name.as_deref().unwrap_or(&template.title),
            i + 1
        );
        let run = json!({
            "id": id,
            "increment_id": increment,
            "checklist_id": template.id,
            "checklist_title": template.title,
            "name": name,
            "tasks": {},
            "roles": {},
            "starred": false,
            "tags": [],
            "folders": [],
            "summary": "",
            "status": "active",
            "started_by": seed::ME_ID,
            "owner_id": seed::ME_ID,
            "prerun": [],
            "created_at": at,
            "started_at": at,
            "completed_at": null,
            "archived_at": null,
            "due_date": null,
        });
        state.tasks.insert(
            id.clone(),
            runs::tasks_for(&id, &template, &Map::new(), launched),
        );
        state.runs.push(run);
        ids.push(id);
    }
    json_response(StatusCode::OK, json!({ "ids": ids }))
}

fn control(sandbox: &Sandbox, method: &Method, rest: &str, body: &str) -> Response {
    let parsed: Result<Value, _> = if body.trim().is_empty() {
        Ok(Value::Null)
    } else {
        serde_json::from_str(body)
    };
    let Ok(parsed) = parsed else {
        return message(StatusCode::BAD_REQUEST, "control body is not JSON");
    };
    let mut state = sandbox.lock();
    match (method.as_str(), rest.trim_end_matches('/')) {
        ("POST", "/reset") => {
            state.reset();
            json_response(StatusCode::OK, json!({ "ok": true }))
        }
        ("GET", "/seed") => json_response(
            StatusCode::OK,
            json!({
                "org_id": seed::ORG_ID,
                "org_name": seed::ORG_NAME,
                "token": seed::DEMO_TOKEN,
                "me": seed::ME_ID,
                "users": state.seed.users,
                "groups": state.seed.groups,
                "tags": state.seed.tags,
                "folders": state.seed.folders,
                "templates": state.seed.templates.iter().map(|t| t.to_json_with_steps()).collect::<Vec<_>>(),
            }),
        ),
        ("GET", "/requests") => json_response(StatusCode::OK, json!(state.requests)),
        ("GET", "/runs") => {
            let all: Vec<Value> = state
                .runs
                .iter()
                .map(|run| state.present(run, &["task_list", "next_task"]))
                .collect();
            json_response(StatusCode::OK, json!(all))
        }
        ("POST", "/runs") => match serde_json::from_value::<MadeRuns>(parsed) {
            Ok(made) => make_runs(&mut state, made),
            Err(e) => message(StatusCode::BAD_REQUEST, &format!("bad runs request: {e}")),
        },
        ("DELETE", "/faults") => {
            state.faults.clear();
            json_response(StatusCode::OK, json!({ "ok": true }))
        }
        ("POST", "/faults") => {
            let rules: Result<Vec<FaultRule>, _> = match parsed {
                Value::Array(_) => serde_json::from_value(parsed),
                other => serde_json::from_value(other).map(|rule| vec![rule]),
            };
            match rules {
                Ok(rules) => {
                    state.faults.extend(rules.into_iter().map(|r| (r, 0)));
                    json_response(StatusCode::OK, json!({ "ok": true }))
                }
                Err(e) => message(StatusCode::BAD_REQUEST, &format!("bad fault rule: {e}")),
            }
        }
        ("POST", "/config") => match serde_json::from_value::<ConfigUpdate>(parsed) {
            Ok(update) => {
                if let Some(limit) = update.rate_limit {
                    state.rate_limit = limit;
                    state.accepted.clear();
                }
                if let Some(cors) = update.cors {
                    state.cors = cors;
                }
                json_response(StatusCode::OK, json!({ "ok": true }))
            }
            Err(e) => message(StatusCode::BAD_REQUEST, &format!("bad config: {e}")),
        },
        ("POST", path) if path.starts_with("/templates/") => {
            let id = &path["/templates/".len()..];
            let edit = match serde_json::from_value::<templates::TemplateEdit>(parsed) {
                Ok(edit) => edit,
                Err(e) => {
                    return message(StatusCode::BAD_REQUEST, &format!("bad template edit: {e}"))
                }
            };
            match templates::edit(&mut state.seed.templates, id, edit) {
                Ok(id) => {
                    let template = state.seed.template(&id).map(|t| t.to_json_with_steps());
                    json_response(StatusCode::OK, json!({ "data": template }))
                }
                Err(e) => message(StatusCode::NOT_FOUND, &e),
            }
        }
        ("POST", path) if path.starts_with("/runs/") => {
            let id = &path["/runs/".len()..];
            let state = &mut *state;
            let Some(run) = state.runs.iter_mut().find(|r| r["id"] == id) else {
                return message(StatusCode::NOT_FOUND, "Run not found.");
            };
            let tasks = state.tasks.entry(id.to_string()).or_default();
            if let Value::Object(changes) = parsed {
                runs::advance(run, tasks, &changes);
            }
            let data = runs::present(run, tasks, &["task_list", "next_task"], Utc::now());
            json_response(StatusCode::OK, json!({ "data": data }))
        }
        _ => message(StatusCode::NOT_FOUND, "unknown control endpoint"),
    }
}

/// Which precompressed copies (`file.br`, `file.gz`, written by the build) the static host serves
/// to a browser that accepts them, like hosts that do or do not negotiate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precompressed {
    /// Brotli, else gzip, else the file itself.
    BrotliOrGzip,
    /// Gzip, else the file itself (as GitHub Pages serves).
    Gzip,
    /// Always the file itself.
    None,
}

impl Precompressed {
    /// Parses `br`, `gzip` or `identity`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "br" => Some(Self::BrotliOrGzip),
            "gzip" => Some(Self::Gzip),
            "identity" => Some(Self::None),
            _ => None,
        }
    }
}

/// Serves `dir` under `prefix` (for example `/` or `/tools/launcher/`), like a static host.
pub fn static_router(dir: &str, prefix: &str, precompressed: Precompressed) -> Router {
    use tower_http::services::ServeDir;
    let service = ServeDir::new(dir).append_index_html_on_directories(true);
    let service = match precompressed {
        Precompressed::BrotliOrGzip => service.precompressed_br().precompressed_gzip(),
        Precompressed::Gzip => service.precompressed_gzip(),
        Precompressed::None => service,
    };
    let trimmed = prefix.trim_end_matches('/');
    if trimmed.is_empty() {
        Router::new().fallback_service(service)
    } else {
        Router::new().nest_service(trimmed, service)
    }
}

/// The API and the app on one origin, as behind a same-origin reverse proxy: `/api/...` and
/// `/__sandbox/...` go to the sandbox, everything else to the app's files under `prefix`.
pub fn same_origin_router(
    sandbox: Sandbox,
    dir: &str,
    prefix: &str,
    precompressed: Precompressed,
) -> Router {
    use tower::ServiceExt;
    let api = router(sandbox);
    let files = static_router(dir, prefix, precompressed);
    Router::new().fallback(move |request: Request| {
        let path = request.uri().path();
        let to_api = path == "/api" || path.starts_with("/api/") || path.starts_with("/__sandbox");
        let target = if to_api { api.clone() } else { files.clone() };
        async move {
            match target.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            }
        }
    })
}
