//! Recurring launches: a filled form turned into a schedule that runs without the browser, as a
//! POSIX shell script (with its crontab line), a GitHub Actions workflow, or a Workato recipe
//! outline. The process name's dates and the steps' relative deadlines are worked out when the
//! schedule runs, not when it was exported. The token is never written into any of them.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::Weekday;
use serde_json::Value;

use super::formula::{DatePart, NamePart, OffsetUnit};
use super::launch::LaunchBody;
use super::syntax::{ascii_json, one_line, shell, yaml};

mod script;
mod workato;

use script::{shell_name, SCRIPT_HEAD, SCRIPT_SEND};
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

    /// A file name for the script: `launch-<title as a slug>.sh`.
    pub fn script_name(&self) -> String {
        let slug: String = self
            .title
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let slug = slug
            .split('-')
            .filter(|s| !s.is_empty())
            .take(6)
            .collect::<Vec<_>>()
            .join("-");
        format!(
            "launch-{}.sh",
            if slug.is_empty() { "process" } else { &slug }
        )
    }

    /// A POSIX shell script that launches once: dates from the clock when it runs (or from
    /// `TALLYFY_NOW`, for tests), the token from `TALLYFY_TOKEN`, a 429 waited out as the API
    /// says, a 5xx never sent again, and a non-zero exit with the API's message on failure.
    /// Refused when it would hold a line break other than LF or a character YAML cannot carry
    /// (it is also the workflow's step), which no text from the form can bring.
    pub fn shell_script(&self, schedule: &Schedule) -> Result<String, UnsafeBlock> {
        let script = self.script_text(schedule);
        yaml::block(&script, 0)?;
        Ok(script)
    }

    fn script_text(&self, schedule: &Schedule) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "#!/bin/sh");
        let _ = writeln!(
            s,
            "# Tallyfy Launcher: launches \"{}\" once. Scheduled {} ({}).",
            one_line(&self.title),
            schedule.describe(),
            schedule.cron()
        );
        s.push_str(SCRIPT_HEAD);
        let pieces = self.pieces(false);
        // The lines below hold the form's data in single quotes, on purpose: a `$`, a backslash or
        // a backtick in a value is text, never expanded.
        const DATA: &str = "# shellcheck disable=SC1003,SC2016";
        for (index, slot) in self.slots.iter().enumerate() {
            let _ = writeln!(s, "{DATA}");
            match slot {
                Slot::Name(parts) => {
                    let (dates, word) = shell_name(parts, index);
                    for line in dates {
                        let _ = writeln!(s, "{line}\n{DATA}");
                    }
                    let _ = writeln!(s, "slot{index}=$(trimmed {word})");
                    let _ = writeln!(
                        s,
                        "[ -n \"$slot{index}\" ] || fail 'the process name came out empty; nothing was launched.'"
                    );
                }
                Slot::Deadline(seconds) => {
                    let _ = writeln!(s, "slot{index}=$(utc_at {seconds})");
                }
            }
        }
        let mut body = String::from("body=");
        for (index, piece) in pieces.iter().enumerate() {
            body.push_str(&shell::word(piece));
            if index < self.slots.len() {
                // A JSON string: literal quotes around the run's value, escaped.
                let _ = write!(body, r#""\"$(json_text "$slot{index}")\"""#);
            }
        }
        let _ = writeln!(s, "{DATA}\n{body}");
        let _ = writeln!(s, "{DATA}\nurl={}", shell::word(&self.url));
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(name, value)| format!("-H {}", shell::word(&format!("{name}: {value}"))))
            .collect();
        let _ = writeln!(s, "{DATA}\nset -- {}", headers.join(" "));
        s.push_str(SCRIPT_SEND);
        s
    }

    /// The crontab lines that run the script at `path` on the schedule.
    pub fn crontab(&self, schedule: &Schedule, path: &str) -> String {
        format!(
            "# Tallyfy Launcher: launch \"{}\" {}.\n\
             # The script reads the token from TALLYFY_TOKEN: set it in this crontab's environment\n\
             # (a line TALLYFY_TOKEN=… above, in a crontab only you can read), never in the script.\n\
             # CRON_TZ=UTC makes cronie and systemd-cron use UTC; Debian's cron uses the machine's\n\
             # time zone, so shift the hour if that is not UTC.\n\
             CRON_TZ=UTC\n\
             {} {} >>\"$HOME/tallyfy-launch.log\" 2>&1\n",
            one_line(&self.title),
            schedule.describe(),
            schedule.cron(),
            shell::word(path)
        )
    }

    /// A GitHub Actions workflow that runs the shell script on the schedule, the token from
    /// the repository secret `TALLYFY_TOKEN`. Its shape is fixed: one job, one step, whose `run`
    /// is the script (with `${{` made inert) and whose `env` holds the only expression, the
    /// secret; no text from the form can add to it or leave its place.
    pub fn github_workflow(&self, schedule: &Schedule) -> Result<String, UnsafeBlock> {
        let script = yaml::block(&self.shell_script(schedule)?, 10)?;
        let title = one_line(&self.title);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Tallyfy Launcher: launch \"{title}\" {}.",
            schedule.describe()
        );
        let _ = writeln!(
            s,
            "# Save as .github/workflows/{}",
            self.script_name().replace(".sh", ".yml")
        );
        let _ = writeln!(s, "# and add the repository secret TALLYFY_TOKEN (Settings > Secrets and variables > Actions).");
        let _ = writeln!(
            s,
            "# GitHub runs schedules in UTC, and may start them some minutes late."
        );
        let _ = writeln!(s, "name: {}", yaml::scalar(&format!("Launch {title}")));
        s.push_str("on:\n  schedule:\n");
        let _ = writeln!(s, "    - cron: \"{}\"", schedule.cron());
        s.push_str("  workflow_dispatch: {}\n");
        s.push_str("permissions: {}\n");
        s.push_str(
            "jobs:\n  launch:\n    runs-on: ubuntu-latest\n    timeout-minutes: 15\n    steps:\n",
        );
        let _ = writeln!(
            s,
            "      - name: {}",
            yaml::scalar(&format!("Launch {title} in Tallyfy"))
        );
        s.push_str("        shell: sh\n        env:\n          TALLYFY_TOKEN: ${{ secrets.TALLYFY_TOKEN }}\n        run: |\n");
        s.push_str(&script);
        Ok(s)
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
