//! One call = build, send, interpret. Screens use these and never see HTTP details. A GET
//! answered 429 is sent again by itself after `Retry-After` (or a backoff), a few times at
//! most, with a wait the app shows and the user can cancel; a launch (POST) is retried only by
//! the launch runner, which knows what may be sent twice.

use std::cell::{Cell, RefCell};

use serde_json::Value;

use super::address::origin_of;
use super::clock::{now_ms, sleep_ms};
use super::request::{ApiRequest, Method};
use super::response::{data_list, interpret, Pagination};
use super::transport::{page_origin, refused_before_sending, send};
use crate::domain::history::trim_response;
use crate::domain::outcome::ApiError;
use crate::domain::retry::{RetryDecision, RetryPolicy};
use crate::domain::run::RunInfo;

/// A rate-limited read waiting to be sent again, for the app to show.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadWait {
    pub seconds_left: u64,
    /// Which retry comes next (1-based), of `max`.
    pub retry: u32,
    /// Most retries.
    pub max: u32,
}

type WaitObserver = Box<dyn Fn(Option<ReadWait>)>;

thread_local! {
    static OBSERVER: RefCell<Option<WaitObserver>> = const { RefCell::new(None) };
    static CANCEL: Cell<bool> = const { Cell::new(false) };
}

/// Tells `observer` about every wait before a rate-limited read is sent again (`None` when it
/// ends). The app shows it with a Cancel button.
pub fn on_read_wait(observer: impl Fn(Option<ReadWait>) + 'static) {
    OBSERVER.with(|o| *o.borrow_mut() = Some(Box::new(observer)));
}

/// Gives up the current waits: each waiting read ends with its 429.
pub fn cancel_read_waits() {
    CANCEL.with(|c| c.set(true));
}

fn tell(wait: Option<ReadWait>) {
    OBSERVER.with(|o| {
        if let Some(observer) = o.borrow().as_ref() {
            observer(wait);
        }
    });
}

/// Sends a request and returns the parsed body of a 2xx answer, or the error. A GET answered
/// 429 is retried as [`RetryPolicy::default`] allows.
pub async fn call(request: &ApiRequest) -> Result<Value, ApiError> {
    let policy = RetryPolicy::default();
    let mut retries = 0;
    loop {
        let raw = match send(request).await {
            Ok(raw) => raw,
            Err(error) => return Err(explain_no_answer(request, error).await),
        };
        let result = interpret(&raw, now_utc());
        let retry_after = match &result {
            Err(ApiError::RateLimited {
                retry_after_ms,
                hourly: false,
                ..
            }) if request.method == Method::Get => *retry_after_ms,
            _ => return result,
        };
        let wait = match policy.after_rate_limit(retries, retry_after, js_sys::Math::random()) {
            RetryDecision::GiveUp => return result,
            RetryDecision::WaitThenRetry(ms) => ms,
        };
        retries += 1;
        if !wait_or_cancel(wait as f64, retries, policy.max_retries).await {
            return result;
        }
    }
}

/// Most pages read of one list (20,000 items at 100 a page): a server that never says "last
/// page" cannot keep the app reading.
const MAX_PAGES: u32 = 200;

/// Every item of a paged list, page by page until the last (`current_page >= total_pages`, or
/// an empty page); `page` builds the request for a page number.
pub async fn call_every_page(
    page: impl Fn(u32) -> Result<ApiRequest, ApiError>,
) -> Result<Vec<Value>, ApiError> {
    let mut items = Vec::new();
    for number in 1..=MAX_PAGES {
        let body = call(&page(number)?).await?;
        let here = data_list(&body);
        let paging = Pagination::of(&body, here.len());
        let last = here.is_empty() || !paging.has_next();
        items.extend(here);
        if last {
            break;
        }
    }
    Ok(items)
}

/// Waits `ms`, telling the observer as it goes; `false` when the user cancelled.
async fn wait_or_cancel(ms: f64, retry: u32, max: u32) -> bool {
    CANCEL.with(|c| c.set(false));
    let until = now_ms() + ms;
    loop {
        let left = until - now_ms();
        if left <= 0.0 {
            tell(None);
            return true;
        }
        if CANCEL.with(Cell::get) {
            tell(None);
            return false;
        }
        tell(Some(ReadWait {
            seconds_left: (left / 1000.0).ceil() as u64,
            retry,
            max,
        }));
        sleep_ms(left.clamp(1.0, 200.0) as u32).await;
    }
}

/// What one launch request came back with: the run (or why not) and the response body (JSON,
/// or its text, capped as history keeps it), for the record.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchAnswer {
    /// The run, or the error.
    pub result: Result<RunInfo, ApiError>,
    /// The response body, when there was one.
    pub response: Option<Value>,
}

/// Sends a launch once (no retry: the launch runner decides what may be sent again).
pub async fn launch(request: &ApiRequest) -> LaunchAnswer {
    match send(request).await {
        Ok(raw) => {
            let response = crate::domain::json_text::parse(&raw.body)
                .ok()
                .or_else(|| (!raw.body.is_empty()).then(|| Value::String(raw.body.clone())))
                // Masked first (a proxy may echo the headers), then capped: the one place a
                // stored response is made.
                .map(|body| trim_response(request.redact(body)));
            let result = interpret(&raw, now_utc()).and_then(|body| {
                RunInfo::from_json(&body).ok_or_else(|| ApiError::BadResponse {
                    status: raw.status,
                    detail: "the answer has no run in it".into(),
                    request_id: raw.request_id.clone(),
                })
            });
            LaunchAnswer { result, response }
        }
        Err(error) => LaunchAnswer {
            result: Err(explain_no_answer(request, error).await),
            response: None,
        },
    }
}

/// A request that got no answer, explained: [`ApiError::Refused`] when the browser would not
/// let this page make it at all (so it was never sent: for a launch, nothing can have
/// happened), the error as it was otherwise.
async fn explain_no_answer(request: &ApiRequest, error: ApiError) -> ApiError {
    match error {
        ApiError::Network { .. } if refused_before_sending(request).await => ApiError::Refused {
            page: page_origin(),
            api: origin_of(&request.url),
        },
        other => other,
    }
}

/// The current time from the browser's clock.
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(now_ms() as i64).unwrap_or_default()
}

/// Fetches a template's answer, unread: [`read_template`] reads it (the Launch form does so in
/// its own chunk).
pub async fn fetch_template_answer(
    connection: &super::Connection,
    id: &str,
) -> Result<serde_json::Value, ApiError> {
    call(&connection.template(id)?).await
}

/// Reads a template from the API's answer; an answer that is not one is a bad response.
pub fn read_template(
    body: &serde_json::Value,
) -> Result<crate::domain::template::Template, ApiError> {
    crate::domain::template::Template::from_json(body).map_err(|e| ApiError::BadResponse {
        status: 200,
        detail: e.to_string(),
        request_id: None,
    })
}
