//! Sends an [`ApiRequest`] with the browser's fetch and returns what came back.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::clock::{monotonic_ms, sleep_ms};
use super::request::{ApiRequest, Method};
use super::response::RawResponse;
use crate::domain::outcome::ApiError;
use crate::domain::rate::Pacer;

/// How many send times are remembered (more than any rate window needs).
const REMEMBERED_SENDS: usize = 2_000;

/// When each recent request was sent and when its answer arrived (ms on the monotonic clock,
/// which no change of the wall clock moves; `NAN` while in flight), whether it was a read (GET).
type Sends = VecDeque<(f64, f64, bool)>;

thread_local! {
    /// Every recent call: each counts toward the limits.
    static SENT: RefCell<Sends> = const { RefCell::new(VecDeque::new()) };
    /// The limit every request keeps to, and the one reads keep to as well (Settings).
    static LIMITS: Cell<Option<(Pacer, Pacer)>> = const { Cell::new(None) };
}

/// Sets the limit every request keeps to and the one reads keep to as well (the app sets them
/// from Settings).
pub fn set_rate_limits(all: Pacer, reads: Pacer) {
    LIMITS.with(|limits| limits.set(Some((all, reads))));
}

/// Waits until one more request keeps within the limits, counting every call the app made
/// (bursts allowed: the bulk runner spaces its own launches evenly before calling); a read
/// keeps to the read limit too.
async fn wait_for_rate_limit(read: bool) {
    let Some((all, reads)) = LIMITS.with(Cell::get) else {
        return;
    };
    loop {
        let now = monotonic_ms();
        let mut slot = all.next_burst_slot(&recent_sends(), now);
        if read {
            slot = slot.max(reads.next_burst_slot(&sends_of(true), now));
        }
        if slot <= now {
            return;
        }
        sleep_ms((slot - now).clamp(1.0, 200.0) as u32).await;
    }
}

/// Recent requests as (sent, answered) times on [`monotonic_ms`]'s clock, oldest first;
/// `answered` is `NAN` in flight.
pub fn recent_sends() -> Vec<(f64, f64)> {
    SENT.with(|sent| sent.borrow().iter().map(|&(s, e, _)| (s, e)).collect())
}

/// Recent reads (or the other requests), as [`recent_sends`] gives them.
fn sends_of(read: bool) -> Vec<(f64, f64)> {
    SENT.with(|sent| {
        sent.borrow()
            .iter()
            .filter(|entry| entry.2 == read)
            .map(|&(s, e, _)| (s, e))
            .collect()
    })
}

/// Marks the request sent at `started` as answered now.
fn answered(started: f64) {
    let now = monotonic_ms();
    SENT.with(|sent| {
        if let Some(entry) = sent
            .borrow_mut()
            .iter_mut()
            .rev()
            .find(|(s, e, _)| *s == started && e.is_nan())
        {
            entry.1 = now;
        }
    });
}

/// Sends the request once the limits allow. A failure here means the request never got an
/// answer (network, CORS), or could not be sent at all.
pub async fn send(request: &ApiRequest) -> Result<RawResponse, ApiError> {
    let read = request.method == Method::Get;
    wait_for_rate_limit(read).await;
    let started = monotonic_ms();
    SENT.with(|sent| {
        let mut sent = sent.borrow_mut();
        if sent.len() == REMEMBERED_SENDS {
            sent.pop_front();
        }
        sent.push_back((started, f64::NAN, read));
    });
    let result = exchange(request).await;
    answered(started);
    result
}

async fn exchange(request: &ApiRequest) -> Result<RawResponse, ApiError> {
    // The browser's refusal of a header comes back as an error here, not as an exception that
    // would leave this future unfinished and the screen waiting forever.
    let headers = web_sys::Headers::new().map_err(|_| unsendable())?;
    for (name, value) in request.headers(true) {
        headers.set(name, &value).map_err(|_| unsendable())?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_headers(&headers);
    // Never send cookies: the token is the only credential.
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    // A redirect is never followed: it could carry the token (and a launch) to another address
    // than the one in Settings.
    init.set_redirect(web_sys::RequestRedirect::Manual);
    if let Some(body) = &request.body {
        init.set_body_opt_str(Some(body));
    }
    // The address exactly as built (and as the Request panel and the exports show it).
    let response = fetch(&request.url, &init)
        .await
        .map_err(|e| ApiError::Network {
            detail: describe(&e),
        })?;
    if response.type_() == web_sys::ResponseType::Opaqueredirect {
        return Err(ApiError::NotConfigured(format!(
            "The API answered {} with a redirect to another address, which the launcher does not follow (your token would go with it). Check Settings > API base URL: it should be the API's own address, such as https://go.tallyfy.com/api.",
            request.url
        )));
    }
    let status = response.status();
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let retry_after = header("retry-after");
    let request_id = header("x-request-id");
    let text = match response.text() {
        Ok(text) => JsFuture::from(text).await,
        Err(e) => Err(e),
    };
    let body = text
        .map(|t| t.as_string().unwrap_or_default())
        .map_err(|e| ApiError::Network {
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

/// The browser's fetch of `url` with `init`: its answer, or what it threw or rejected with (an
/// address it cannot read, a request it refuses, no answer).
async fn fetch(url: &str, init: &web_sys::RequestInit) -> Result<web_sys::Response, JsValue> {
    let request = web_sys::Request::new_with_str_and_init(url, init)?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let answer = JsFuture::from(window.fetch_with_request(&request)).await?;
    answer.dyn_into()
}

/// Whether a request that got no answer was refused by the browser before it was sent: the
/// API's host answers a plain request (no headers, no token: an opaque answer), but the same
/// call made as a GET with the app's headers fails as well, so the browser does not let this
/// page make it (CORS, a blocked preflight). False when the host does not answer at all
/// (offline, a wrong address): a request can also be lost after it was sent.
pub async fn refused_before_sending(request: &ApiRequest) -> bool {
    // The page's own origin: no CORS to refuse.
    if super::address::is_own_path(&request.url) {
        return false;
    }
    let init = web_sys::RequestInit::new();
    init.set_mode(web_sys::RequestMode::NoCors);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    let reachable = fetch(&request.url, &init).await.is_ok();
    reachable
        && matches!(
            send(&request.as_read()).await,
            Err(ApiError::Network { .. })
        )
}

/// The origin of the page the app runs in.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// A request the browser refused to build: only the token can make a header invalid.
fn unsendable() -> ApiError {
    ApiError::NotConfigured(
        "The API token has a character that cannot be sent in a request. Copy it again from Tallyfy (Settings > Integrations > REST API) and paste it in Settings.".into(),
    )
}

/// What the browser threw or rejected with, as `Name: message` (a `TypeError` from fetch).
fn describe(error: &JsValue) -> String {
    let text = |name: &str| {
        js_sys::Reflect::get(error, &name.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    match (text("name"), text("message")) {
        (name, message) if name.is_empty() && message.is_empty() => {
            "the browser's answer could not be read".into()
        }
        (name, message) => format!("{name}: {message}"),
    }
}
