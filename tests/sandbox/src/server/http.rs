//! Answers in the API's shapes: JSON bodies, messages, Tallyfy's coded errors, and CORS for
//! loopback origins.

use super::*;

pub(super) fn header_map(headers: &HeaderMap) -> BTreeMap<String, String> {
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

pub(super) fn preflight(cors: bool) -> Response {
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

pub(super) fn add_cors_headers(headers: &mut HeaderMap, origin: &str) {
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert("access-control-allow-origin", value);
    }
    headers.insert("vary", HeaderValue::from_static("Origin"));
    headers.insert(
        "access-control-expose-headers",
        HeaderValue::from_static("x-request-id, retry-after"),
    );
}

pub(super) fn json_response(status: StatusCode, value: Value) -> Response {
    (status, axum::Json(value)).into_response()
}

pub(super) fn message(status: StatusCode, text: &str) -> Response {
    json_response(status, json!({ "message": text }))
}

/// Tallyfy's 404 bodies carry a machine code besides the message.
pub(super) fn coded(status: StatusCode, code: &str, text: &str) -> Response {
    json_response(
        status,
        json!({ "error": true, "message": text, "code": code }),
    )
}

pub(super) fn no_endpoint() -> Response {
    coded(
        StatusCode::NOT_FOUND,
        "ENDPOINT_NOT_FOUND",
        "API endpoint not found",
    )
}

pub(super) fn not_found(what: &str) -> Response {
    coded(
        StatusCode::NOT_FOUND,
        "RESOURCE_NOT_FOUND",
        &format!("{what} not found"),
    )
}
