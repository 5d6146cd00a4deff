//! When to retry a rate-limited request and how long to wait: `Retry-After` when the server
//! sends it (seconds or an HTTP date), otherwise exponential backoff with jitter, as Tallyfy's
//! own CLI does (0.5 s doubling to 8 s, ±20 %, at most 4 retries).

use chrono::{DateTime, Utc};

/// Retry rules for 429 answers. Only 429 is retried: a 5xx launch may have happened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff delay, in ms.
    pub base_ms: u64,
    /// Longest backoff delay, in ms.
    pub max_backoff_ms: u64,
    /// Fraction of random spread around each backoff delay.
    pub jitter: f64,
    /// A `Retry-After` longer than this is not waited out automatically (the user decides).
    pub max_wait_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base_ms: 500,
            max_backoff_ms: 8_000,
            jitter: 0.2,
            max_wait_ms: 120_000,
        }
    }
}

/// What to do after a 429.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    /// Wait this many ms, then send the same request again.
    WaitThenRetry(u64),
    /// Stop: out of retries, or the server asked for a wait too long to sit through.
    GiveUp,
}

impl RetryPolicy {
    /// The decision after `retries_done` retries, given the server's `Retry-After` (ms) and a
    /// random number in `[0, 1)` for the jitter.
    pub fn after_rate_limit(
        &self,
        retries_done: u32,
        retry_after_ms: Option<u64>,
        random: f64,
    ) -> RetryDecision {
        if retries_done >= self.max_retries {
            return RetryDecision::GiveUp;
        }
        match retry_after_ms {
            Some(ms) if ms > self.max_wait_ms => RetryDecision::GiveUp,
            Some(ms) => RetryDecision::WaitThenRetry(ms),
            None => RetryDecision::WaitThenRetry(self.backoff_ms(retries_done, random)),
        }
    }

    /// Backoff for the given retry (0-based): base × 2^n, capped, spread by ± jitter.
    pub fn backoff_ms(&self, retry: u32, random: f64) -> u64 {
        let exponential = self
            .base_ms
            .saturating_mul(1u64 << retry.min(20))
            .min(self.max_backoff_ms);
        let spread = 1.0 + self.jitter * (2.0 * random.clamp(0.0, 1.0) - 1.0);
        (exponential as f64 * spread).round().max(0.0) as u64
    }
}

/// Reads `Retry-After`: whole or decimal seconds, or an HTTP date (then measured from `now`).
/// A date in the past means "now" (0 ms). Anything unreadable gives `None`.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| (seconds * 1000.0).round() as u64);
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).num_milliseconds().max(0) as u64)
}
