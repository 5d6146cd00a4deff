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
    if let Some(ms) = seconds_ms(value) {
        return Some(ms);
    }
    let at_ms = http_date_ms(value)?;
    Some((at_ms - now.timestamp_millis()).max(0) as u64)
}

/// Reads whole or decimal seconds (`2`, `1.5`, `.25`, `+3`) as milliseconds, rounded half up.
/// Hand-read rather than as an `f64`: the float parser's tables weigh about 10 KB gzip, and the
/// first screen carries this code.
pub fn seconds_ms(text: &str) -> Option<u64> {
    let text = text.strip_prefix('+').unwrap_or(text);
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let digit = |i: usize| u64::from(fraction.as_bytes().get(i).map_or(0, |b| b - b'0'));
    let seconds = whole.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    let thousandths = digit(0) * 100 + digit(1) * 10 + digit(2) + u64::from(digit(3) >= 5);
    Some(seconds.saturating_mul(1000).saturating_add(thousandths))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Reads an HTTP date (ms since the epoch) in any of the three forms RFC 9110 §5.6.7 asks a
/// recipient to accept: `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT` and
/// `Sun Nov  6 08:49:37 1994`; a numeric zone (`+0100`) is read too. The weekday is not
/// checked. Hand-read rather than with chrono's parser: the first screen does not carry it.
pub fn http_date_ms(text: &str) -> Option<i64> {
    // Words, with an RFC 850 date ("06-Nov-94") split in three; a zone keeps its sign.
    let words = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .flat_map(|w| match w.starts_with(['+', '-']) {
            true => vec![w],
            false => w.split('-').collect(),
        });
    let (mut day, mut month, mut year, mut time, mut offset_min) = (None, None, None, None, 0);
    for (i, word) in words.enumerate() {
        let lower = word.to_ascii_lowercase();
        if word.contains(':') {
            time = Some(clock_seconds(word)?);
        } else if let Some(m) = MONTHS.iter().position(|m| *m == lower) {
            month = Some(m as u32 + 1);
        } else if let Some(zone) = word.strip_prefix('+') {
            offset_min = zone_minutes(zone)?;
        } else if let Some(zone) = word.strip_prefix('-') {
            offset_min = -zone_minutes(zone)?;
        } else if word.bytes().all(|b| b.is_ascii_digit()) {
            let n: i64 = word.parse().ok()?;
            match (word.len(), day) {
                (1 | 2, None) => day = Some(n as u32),
                // RFC 850's two-digit year, read as RFC 9110 says (never 50 years ahead).
                (2, Some(_)) => year = Some(if n < 70 { 2000 + n } else { 1900 + n }),
                (4, _) => year = Some(n),
                _ => return None,
            }
        } else if !(matches!(lower.as_str(), "gmt" | "ut" | "utc" | "z")
            || i == 0 && lower.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            // Neither a zone name nor the leading weekday.
            return None;
        }
    }
    let days = days_from_civil(year?, month?, day?)?;
    Some((days * 86_400 + time? - offset_min * 60) * 1000)
}

/// `hh:mm:ss` (or `hh:mm`) as seconds into the day.
fn clock_seconds(word: &str) -> Option<i64> {
    let parts: Vec<i64> = word
        .split(':')
        .map(|p| p.parse().ok().filter(|_| (1..=2).contains(&p.len())))
        .collect::<Option<_>>()?;
    let (h, m, s) = match parts[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return None,
    };
    (h < 24 && m < 60 && s <= 60).then_some(h * 3600 + m * 60 + s)
}

/// `hhmm` as minutes.
fn zone_minutes(zone: &str) -> Option<i64> {
    let n: i64 = zone.parse().ok().filter(|_| zone.len() == 4)?;
    (n % 100 < 60).then_some(n / 100 * 60 + n % 100)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
/// algorithm); `None` for a day the month does not have.
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day == 0 || day > month_days[month as usize - 1] {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = month as i64;
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}
