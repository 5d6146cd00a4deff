//! Sends an [`ApiRequest`] with the browser's fetch and returns what came back.

use std::cell::RefCell;
use std::collections::VecDeque;

use gloo_net::http::{Headers, RequestBuilder};

use super::request::{ApiRequest, Method};
use super::response::RawResponse;
use crate::domain::outcome::ApiError;

/// How many send times are remembered (more than any rate window needs).
const REMEMBERED_SENDS: usize = 2_000;

thread_local! {
    /// When each recent request was sent and when its answer arrived (ms since epoch; `NAN`
    /// while in flight): every call counts toward rate limits.
    static SENT: RefCell<VecDeque<(f64, f64)>> = const { RefCell::new(VecDeque::new()) };
}

/// Recent requests as (sent, answered) times, oldest first; `answered` is `NAN` in flight.
pub fn recent_sends() -> Vec<(f64, f64)> {
    SENT.with(|sent| sent.borrow().iter().copied().collect())
}

/// Marks the request sent at `started` as answered now.
fn answered(started: f64) {
    let now = js_sys::Date::now();
    SENT.with(|sent| {
        if let Some(entry) = sent
            .borrow_mut()
            .iter_mut()
            .rev()
            .find(|(s, e)| *s == started && e.is_nan())
        {
            entry.1 = now;
        }
    });
}

/// Sends the request. A failure here means the request never got an answer (network, CORS).
pub async fn send(request: &ApiRequest) -> Result<RawResponse, ApiError> {
    let started = js_sys::Date::now();
    SENT.with(|sent| {
        let mut sent = sent.borrow_mut();
        if sent.len() == REMEMBERED_SENDS {
            sent.pop_front();
        }
        sent.push_back((started, f64::NAN));
    });
    let result = exchange(request).await;
    answered(started);
    result
}

async fn exchange(request: &ApiRequest) -> Result<RawResponse, ApiError> {
    let headers = Headers::new();
    for (name, value) in request.wire_headers() {
        headers.set(name, &value);
    }
    let method = match request.method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
    };
    let builder = RequestBuilder::new(&request.url)
        .method(method)
        .headers(headers)
        // Never send cookies: the token is the only credential.
        .credentials(web_sys::RequestCredentials::Omit)
        .cache(web_sys::RequestCache::NoStore);
    let built = match &request.body {
        Some(body) => builder.body(body.clone()),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Network {
        detail: describe(&e),
    })?;
    let response = built.send().await.map_err(|e| ApiError::Network {
        detail: describe(&e),
    })?;
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    let request_id = response.headers().get("x-request-id");
    let body = response.text().await.map_err(|e| ApiError::Network {
        detail: format!(
            "the connection broke while reading the answer to a {status}: {}",
            describe(&e)
        ),
    })?;
    Ok(RawResponse {
        status,
        body,
        retry_after,
        request_id,
    })
}

fn describe(error: &gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(js) => format!("{}: {}", js.name, js.message),
        other => other.to_string(),
    }
}
