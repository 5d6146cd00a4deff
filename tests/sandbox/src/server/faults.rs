//! What a test arranges to go wrong: injected faults (a status, a delay, a dropped connection)
//! and the rate limiter's 429.

use super::*;

pub(super) fn rate_limited(sandbox: &Sandbox) -> Option<Response> {
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

pub(super) fn take_fault(sandbox: &Sandbox, method: &Method, path: &str) -> Option<FaultRule> {
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

pub(super) fn fault_response(rule: &FaultRule, status: u16) -> Response {
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
