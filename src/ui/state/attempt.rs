//! Sending one launch: retry after 429 (waiting `Retry-After` or backing off with jitter),
//! never after anything else, with a countdown the screen can show and cancel.

use leptos::prelude::*;
use serde_json::Value;

use crate::api::client::{launch, LaunchAnswer};
use crate::api::ApiRequest;
use crate::domain::outcome::ApiError;
use crate::domain::retry::{RetryDecision, RetryPolicy};
use crate::domain::run::RunInfo;
use crate::ui::browser::clock::{now_ms, sleep_ms};

/// A wait before an automatic retry, for the countdown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Waiting {
    /// When the retry will be sent (ms since epoch).
    pub until_ms: f64,
    /// Which retry this will be (1-based).
    pub retry: u32,
    /// Most retries.
    pub max: u32,
}

/// Signals the screen shares with a running launch.
#[derive(Clone, Copy)]
pub struct RetryWatch {
    /// The current wait, while waiting.
    pub waiting: RwSignal<Option<Waiting>>,
    /// Updated a few times a second while waiting, so the countdown re-renders.
    pub clock: RwSignal<f64>,
    /// Set by the Cancel button.
    pub cancel: RwSignal<bool>,
}

impl RetryWatch {
    /// Fresh signals.
    pub fn new() -> RetryWatch {
        RetryWatch {
            waiting: RwSignal::new(None),
            clock: RwSignal::new(0.0),
            cancel: RwSignal::new(false),
        }
    }

    /// Seconds left in the current wait.
    pub fn seconds_left(&self) -> Option<u64> {
        let waiting = self.waiting.get()?;
        let left = (waiting.until_ms - self.clock.get()).max(0.0);
        Some((left / 1000.0).ceil() as u64)
    }
}

impl Default for RetryWatch {
    fn default() -> Self {
        RetryWatch::new()
    }
}

/// How one launch went, attempts included.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    /// The run, or the error of the last try.
    pub result: Result<RunInfo, ApiError>,
    /// The last response body as JSON (or its text), when there was one.
    pub response: Option<Value>,
    /// Automatic retries made.
    pub retries: u32,
    /// From first send to final answer.
    pub duration_ms: u64,
    /// When the first send started.
    pub started_ms: f64,
    /// Whether the user cancelled a wait.
    pub cancelled: bool,
}

/// Sends the launch request, retrying only after 429 as `policy` allows.
pub async fn launch_with_retries(
    request: &ApiRequest,
    policy: RetryPolicy,
    watch: RetryWatch,
) -> Attempt {
    let started_ms = now_ms();
    let mut retries = 0;
    watch.cancel.set(false);
    loop {
        let LaunchAnswer { result, response } = launch(request).await;
        let retry_after = match &result {
            // An hourly cap is not waited out here: the message says when to try again.
            Err(ApiError::RateLimited {
                retry_after_ms,
                hourly: false,
                ..
            }) => *retry_after_ms,
            _ => return finish(result, response, retries, started_ms, false),
        };
        let wait = match policy.after_rate_limit(retries, retry_after, js_sys::Math::random()) {
            RetryDecision::GiveUp => return finish(result, response, retries, started_ms, false),
            RetryDecision::WaitThenRetry(ms) => ms,
        };
        retries += 1;
        let until_ms = now_ms() + wait as f64;
        watch.waiting.set(Some(Waiting {
            until_ms,
            retry: retries,
            max: policy.max_retries,
        }));
        while now_ms() < until_ms {
            if watch.cancel.get_untracked() {
                watch.waiting.set(None);
                return finish(result, response, retries - 1, started_ms, true);
            }
            watch.clock.set(now_ms());
            sleep_ms((until_ms - now_ms()).clamp(0.0, 200.0) as u32).await;
        }
        watch.waiting.set(None);
    }
}

fn finish(
    result: Result<RunInfo, ApiError>,
    response: Option<Value>,
    retries: u32,
    started_ms: f64,
    cancelled: bool,
) -> Attempt {
    Attempt {
        result,
        response,
        retries,
        duration_ms: (now_ms() - started_ms).max(0.0) as u64,
        started_ms,
        cancelled,
    }
}
