//! Sends an [`ApiRequest`] with the browser's fetch and returns what came back.

use gloo_net::http::{Headers, RequestBuilder};

use super::request::{ApiRequest, Method};
use super::response::RawResponse;
use crate::domain::outcome::ApiError;

/// Sends the request. A failure here means the request never got an answer (network, CORS).
pub async fn send(request: &ApiRequest) -> Result<RawResponse, ApiError> {
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
