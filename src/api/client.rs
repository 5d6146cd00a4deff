//! One call = build, send, interpret. Screens use these and never see HTTP details.

use serde_json::Value;

use super::request::ApiRequest;
use super::response::interpret;
use super::transport::send;
use crate::domain::outcome::ApiError;

/// Sends a request and returns the parsed body of a 2xx answer, or the error.
pub async fn call(request: &ApiRequest) -> Result<Value, ApiError> {
    let raw = send(request).await?;
    interpret(&raw, now_utc())
}

/// The current time from the browser's clock.
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    let ms = js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Loads a template with its kick-off fields.
pub async fn fetch_template(
    connection: &super::Connection,
    id: &str,
) -> Result<crate::domain::template::Template, ApiError> {
    let body = call(&connection.template(id)?).await?;
    crate::domain::template::Template::from_json(&body).map_err(|e| ApiError::BadResponse {
        status: 200,
        detail: e.to_string(),
        request_id: None,
    })
}
