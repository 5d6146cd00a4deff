//! How long ago something happened, as a person would say it: one wording for the quick picks,
//! the Track board's freshness note and the repeat-launch question.

/// "just now", "3 minutes ago", "1 hour ago", "yesterday", "4 days ago" for a time `then_ms`
/// seen at `now_ms` (a time in the future reads "just now").
pub fn time_ago(now_ms: i64, then_ms: i64) -> String {
    let minutes = now_ms.saturating_sub(then_ms) / 60_000;
    let counted = |n: i64, one: &str| {
        if n == 1 {
            format!("1 {one} ago")
        } else {
            format!("{n} {one}s ago")
        }
    };
    match minutes {
        i64::MIN..=0 => "just now".into(),
        1..=59 => counted(minutes, "minute"),
        60..=1439 => counted(minutes / 60, "hour"),
        1440..=2879 => "yesterday".into(),
        _ => counted(minutes / 1440, "day"),
    }
}
