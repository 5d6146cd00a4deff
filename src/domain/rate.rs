//! Keeping to the API's rate limit: when the next request may go, counting every call the app
//! makes (used for every request, and by the bulk runner to space its launches).

/// Even pacing under a limit of `max` requests per `window_ms`.
///
/// The server sees a request somewhere between the moment it was sent and the moment its answer
/// arrived. So a request may go only when the one `max` requests back was *answered* a full
/// window ago: then no window of the server's can hold more than `max`, however late the
/// browser actually sent either of them. Between those, requests are spread evenly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pacer {
    /// Requests allowed per window.
    pub max: u32,
    /// Window length, ms.
    pub window_ms: f64,
    /// Extra time, as a fraction of the window, for clock granularity.
    pub margin: f64,
}

/// How soon to ask again while the request that decides the next slot is still in flight.
const IN_FLIGHT_RECHECK_MS: f64 = 20.0;

impl Pacer {
    /// `max` requests per `window_ms`.
    pub fn new(max: u32, window_ms: f64) -> Pacer {
        Pacer {
            max: max.max(1),
            window_ms: window_ms.max(1.0),
            margin: 0.002,
        }
    }

    /// The earliest time (ms) at or after `now` when one more request keeps every window of the
    /// server's within the limit, bursts allowed (no even spacing): for the app's interactive
    /// calls, which must not wait behind a bulk job's spacing but must count against the limit.
    /// `sent` is oldest first, as the transport records requests (unsorted, the answer is
    /// not defined; not sorted here, because the first screen would carry a sort for it).
    pub fn next_burst_slot(&self, sent: &[(f64, f64)], now: f64) -> f64 {
        let max = self.max as usize;
        if sent.len() < max {
            return now;
        }
        match sent.len().checked_sub(max).and_then(|i| sent.get(i)) {
            Some((_, answered)) if answered.is_nan() => now + IN_FLIGHT_RECHECK_MS,
            Some((_, answered)) => now.max(answered + self.window_ms * (1.0 + self.margin)),
            None => now,
        }
    }

    /// The even gap between two paced requests (no bursts).
    pub fn spacing_ms(&self) -> f64 {
        self.window_ms / f64::from(self.max)
    }

    /// The earliest time (ms) at or after `now` when one more request keeps every window of the
    /// server's within the limit. `sent` holds (sent, answered) times of earlier requests, the
    /// app's other calls included; `answered` is `NAN` while a request is in flight. Other
    /// calls may happen while waiting, so ask again on waking: send only when the answer is
    /// `now` itself.
    pub fn next_slot(&self, sent: &[(f64, f64)], now: f64) -> f64 {
        let mut sorted: Vec<(f64, f64)> = sent.to_vec();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut at = now;
        if let Some((last_sent, _)) = sorted.last() {
            at = at.max(last_sent + self.spacing_ms());
        }
        let max = self.max as usize;
        if let Some(&(_, answered)) = sorted.len().checked_sub(max).and_then(|i| sorted.get(i)) {
            at = if answered.is_nan() {
                at.max(now + IN_FLIGHT_RECHECK_MS)
            } else {
                at.max(answered + self.window_ms * (1.0 + self.margin))
            };
        }
        at
    }
}
