//! Recurring launches: a filled form turned into a schedule that runs without the browser, as a
//! POSIX shell script (with its crontab line), a GitHub Actions workflow, or a Workato recipe
//! outline. The process name's dates and the steps' relative deadlines are worked out when the
//! schedule runs, not when it was exported. The token is never written into any of them.

use std::collections::BTreeMap;

use chrono::Weekday;
use serde_json::Value;

use super::formula::{DatePart, NamePart, OffsetUnit};
use super::launch::LaunchBody;
use super::relied::Relied;
use super::syntax::{ascii_json, yaml};

mod check;
mod script;
mod workato_outline;
mod workflow;

pub use yaml::UnsafeBlock;

/// How often a schedule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// Every day.
    Daily,
    /// Monday to Friday.
    Weekdays,
    /// One day a week.
    Weekly(Weekday),
    /// One day a month, 1 to 28 (so that it runs in every month).
    Monthly(u8),
}

/// When a schedule runs: how often, and at what time of day (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// How often.
    pub repeat: Repeat,
    /// Hour of the day, 0 to 23, UTC.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
}

impl Schedule {
    /// A schedule from a time typed as `HH:MM`; the message says what is wrong.
    pub fn new(repeat: Repeat, time: &str) -> Result<Schedule, String> {
        let bad = || {
            format!(
                "\"{}\" is not a time of day: write it as HH:MM, such as 09:30.",
                time.trim()
            )
        };
        let (hour, minute) = time.trim().split_once(':').ok_or_else(bad)?;
        let hour: u8 = hour.trim().parse().map_err(|_| bad())?;
        let minute: u8 = minute.trim().parse().map_err(|_| bad())?;
        if hour > 23 || minute > 59 {
            return Err(bad());
        }
        if let Repeat::Monthly(day) = repeat {
            if !(1..=28).contains(&day) {
                return Err(format!(
                    "Day {day} of the month is not offered: choose 1 to 28, days every month has."
                ));
            }
        }
        Ok(Schedule {
            repeat,
            hour,
            minute,
        })
    }

    /// The five-field cron expression (minute hour day-of-month month day-of-week).
    pub fn cron(&self) -> String {
        let (day_of_month, day_of_week) = match self.repeat {
            Repeat::Daily => ("*".to_string(), "*".to_string()),
            Repeat::Weekdays => ("*".to_string(), "1-5".to_string()),
            Repeat::Weekly(day) => ("*".to_string(), day.num_days_from_sunday().to_string()),
            Repeat::Monthly(day) => (day.to_string(), "*".to_string()),
        };
        format!(
            "{} {} {day_of_month} * {day_of_week}",
            self.minute, self.hour
        )
    }

    /// In words: "every weekday at 09:30 UTC".
    pub fn describe(&self) -> String {
        let when = match self.repeat {
            Repeat::Daily => "every day".to_string(),
            Repeat::Weekdays => "every weekday (Monday to Friday)".to_string(),
            Repeat::Weekly(day) => format!("every {}", day_name(day)),
            Repeat::Monthly(day) => format!("on day {day} of every month"),
        };
        format!("{when} at {:02}:{:02} UTC", self.hour, self.minute)
    }
}

/// A weekday's English name.
pub fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// A value in the body worked out at each run.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Slot {
    /// The process name, from its pieces.
    Name(Vec<NamePart>),
    /// A step's deadline this many seconds after the launch.
    Deadline(i64),
}

/// One launch, ready to be written out for a scheduler: where it goes, the headers (never the
/// token), and the body with the values computed at each run marked.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledLaunch {
    /// The template's title, for names and comments.
    pub title: String,
    url: String,
    headers: Vec<(String, String)>,
    /// The body with a marker string where each slot goes.
    body: Value,
    slots: Vec<Slot>,
    /// What the markers are made of: control characters that no string in the body holds.
    fence: String,
    /// The template's address and what the launch relies on in it: the script reads it first
    /// and launches nothing when it changed.
    check: Option<(String, Relied)>,
}

/// The marker for slot `index`.
fn marker(fence: &str, index: usize) -> String {
    format!("{fence}slot{index}{fence}")
}

impl ScheduledLaunch {
    /// A launch of `body` to `url` with these headers (the token's header left out). The name,
    /// when given as pieces, replaces the body's name; `delays` are steps whose deadline is a
    /// delay from launch, in seconds, and replace those deadlines.
    pub fn new(
        title: &str,
        url: &str,
        headers: Vec<(String, String)>,
        body: &LaunchBody,
        name: Option<Vec<NamePart>>,
        delays: &BTreeMap<String, i64>,
    ) -> ScheduledLaunch {
        let mut value = serde_json::to_value(body).unwrap_or(Value::Null);
        // A pasted value could hold anything, even a marker: the fence is longer than any
        // marker-like run in the body.
        let fence = fence_for(&value.to_string());
        let mut slots = Vec::new();
        if let (Some(parts), Some(object)) = (name, value.as_object_mut()) {
            object.insert("name".into(), Value::String(marker(&fence, slots.len())));
            slots.push(Slot::Name(parts));
        }
        if let Some(tasks) = value.get_mut("tasks").and_then(Value::as_object_mut) {
            for (step, seconds) in delays {
                if let Some(task) = tasks.get_mut(step).and_then(Value::as_object_mut) {
                    task.insert(
                        "deadline".into(),
                        Value::String(marker(&fence, slots.len())),
                    );
                    slots.push(Slot::Deadline(*seconds));
                }
            }
        }
        ScheduledLaunch {
            title: title.to_string(),
            url: url.to_string(),
            headers: headers
                .into_iter()
                .filter(|(name, _)| !name.eq_ignore_ascii_case("authorization"))
                .collect(),
            body: value,
            slots,
            fence,
            check: None,
        }
    }

    /// The same launch, checking first that the template at `template_url` still has what
    /// `relied` names (as it was when exported).
    pub fn checking(self, template_url: &str, relied: Relied) -> ScheduledLaunch {
        ScheduledLaunch {
            check: Some((template_url.to_string(), relied)),
            ..self
        }
    }

    /// The body's JSON text cut at the slots: one more piece than there are slots, each slot's
    /// value (a JSON string) going between two pieces.
    fn pieces(&self, pretty: bool) -> Vec<String> {
        // Compact, it goes into scripts and YAML: ASCII only (the same JSON, with \u escapes),
        // so no byte in a value can upset a shell, a terminal or a YAML reader.
        let text = if pretty {
            serde_json::to_string_pretty(&self.body).unwrap_or_default()
        } else {
            ascii_json(&serde_json::to_string(&self.body).unwrap_or_default())
        };
        let mut pieces = Vec::with_capacity(self.slots.len() + 1);
        let mut rest = text.as_str();
        for index in 0..self.slots.len() {
            let quoted = serde_json::to_string(&marker(&self.fence, index)).unwrap_or_default();
            match rest.split_once(&quoted) {
                Some((before, after)) => {
                    pieces.push(before.to_string());
                    rest = after;
                }
                None => pieces.push(String::new()),
            }
        }
        pieces.push(rest.to_string());
        pieces
    }

    /// How many values are worked out at each run (the name, relative deadlines).
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// The body's JSON text with `values` (as many as there are slots, in order) put in the
    /// slots: what a run sends once it has worked them out.
    pub fn body_with(&self, values: &[&str]) -> String {
        let mut out = String::new();
        for (index, piece) in self.pieces(false).iter().enumerate() {
            out.push_str(piece);
            if let Some(value) = values.get(index).filter(|_| index < self.slots.len()) {
                out.push_str(&serde_json::to_string(value).unwrap_or_default());
            }
        }
        out
    }
}

/// The marker fence for a body whose JSON text is `text`: U+0001 and then more U+0002 than
/// follow any U+0001 in the text (as JSON writes them), found in one pass.
fn fence_for(text: &str) -> String {
    const START: &str = "\\u0001";
    const MORE: &str = "\\u0002";
    let mut longest = 0;
    let mut rest = text;
    while let Some(at) = rest.find(START) {
        rest = &rest[at + START.len()..];
        let mut run = 0;
        while let Some(after) = rest.strip_prefix(MORE) {
            run += 1;
            rest = after;
        }
        longest = longest.max(run);
    }
    let mut fence = String::from("\u{1}");
    fence.extend(std::iter::repeat_n('\u{2}', longest + 1));
    fence
}

/// Seconds and months an offset moves a date by.
pub(super) fn seconds_and_months(date: &DatePart) -> (i64, i64) {
    let Some(offset) = date.offset else {
        return (0, 0);
    };
    let amount = offset.amount;
    match offset.unit {
        OffsetUnit::Hours => (amount * 3_600, 0),
        OffsetUnit::Days => (amount * 86_400, 0),
        OffsetUnit::Weeks => (amount * 604_800, 0),
        OffsetUnit::Months => (0, amount),
        OffsetUnit::Years => (0, amount * 12),
    }
}

/// The pieces with neighbouring texts joined (a field's value between two literals reads as
/// one text).
pub(super) fn joined(parts: &[NamePart]) -> Vec<NamePart> {
    let mut out: Vec<NamePart> = Vec::with_capacity(parts.len());
    for part in parts {
        match (out.last_mut(), part) {
            (Some(NamePart::Text(last)), NamePart::Text(text)) => last.push_str(text),
            _ => out.push(part.clone()),
        }
    }
    out
}
