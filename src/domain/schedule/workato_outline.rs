//! The schedule as a Workato recipe outline: the Scheduler trigger and an HTTP action whose
//! body works the dates out with Workato's (Ruby) formulas. Every value in the body is inert
//! in formula mode ([`crate::domain::syntax::ruby`]); the dates are worked out in UTC, the
//! zone the trigger runs in.

use std::fmt::Write;

use super::{joined, Schedule, ScheduledLaunch, Slot};
use crate::domain::formula::{NamePart, OffsetUnit};
use crate::domain::relied::Relied;
use crate::domain::syntax::{one_line, ruby};

impl ScheduledLaunch {
    /// A Workato recipe outline: the Scheduler trigger and an HTTP action whose body, in
    /// formula mode, works out the dates with Workato's formulas at each run.
    pub fn workato_outline(&self, schedule: &Schedule, token_placeholder: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Workato recipe: launch \"{}\" {}.\n",
            one_line(&self.title),
            schedule.describe()
        );
        s.push_str("Trigger: Scheduler by Workato > Custom schedule\n");
        let _ = writeln!(s, "  Cron expression: {}", schedule.cron());
        s.push_str("  Time zone: UTC\n\nAction: HTTP > Send request\n  Method: POST\n");
        let _ = writeln!(s, "  URL: {}", one_line(&self.url));
        s.push_str("  Headers:\n");
        let _ = writeln!(s, "    Authorization: Bearer {token_placeholder}  (from the HTTP connection, never typed into the recipe)");
        for (name, value) in &self.headers {
            let _ = writeln!(s, "    {name}: {value}");
        }
        s.push_str("  Request content type: JSON\n  Body (formula mode):\n");
        let pieces: Vec<String> = self
            .pieces(true)
            .iter()
            .map(|piece| ruby::inert_json_text(piece))
            .collect();
        let mut body = String::new();
        for (index, piece) in pieces.iter().enumerate() {
            body.push_str(piece);
            if let Some(slot) = self.slots.get(index) {
                body.push_str(&match slot {
                    Slot::Name(parts) => workato_name(parts),
                    Slot::Deadline(seconds) => format!("(now.utc + {seconds}.seconds).iso8601"),
                });
            }
        }
        for line in body.lines() {
            let _ = writeln!(s, "    {line}");
        }
        s.push_str(
            "\nErrors: a status other than 2xx stops the job with Tallyfy's message. Retry only a 429\n\
             (after its Retry-After); never re-run a job that got a 5xx before looking in Tallyfy:\n\
             the process may have launched.\n",
        );
        if let Some((url, relied)) = &self.check {
            s.push_str(&template_check(url, relied));
        }
        s
    }
}

/// What the recipe should check before it launches, said plainly: this outline cannot check
/// the template by itself (the shell script and the workflow do).
fn template_check(url: &str, relied: &Relied) -> String {
    let mut s = String::from(
        "\nTemplate check: this outline cannot check the template by itself (the shell script and\n\
         the GitHub workflow do). Tallyfy drops a value for a field it no longer has, so after an\n\
         edit of the template the recipe would launch half-empty processes. Add, before the launch:\n",
    );
    let _ = writeln!(
        s,
        "  Action: HTTP > Send request, Method: GET, URL: {}",
        one_line(url)
    );
    s.push_str("  then stop the job with an error when its answer lacks any of these:\n");
    for field in &relied.fields {
        let _ = writeln!(
            s,
            "    field {} (id {}, type {})",
            ruby::string(&field.label),
            one_line(&field.id),
            one_line(&field.field_type)
        );
        for option in &field.options {
            let id = option
                .id
                .map(|id| format!(" (id {id})"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "      with the option {}{id}",
                ruby::string(&option.text)
            );
        }
    }
    for step in &relied.steps {
        let _ = writeln!(
            s,
            "    step {} (id {})",
            ruby::string(&step.title),
            one_line(&step.id)
        );
    }
    s.push_str("  or when it has a required field not listed above.\n");
    s
}

/// The name as a Workato formula.
fn workato_name(parts: &[NamePart]) -> String {
    let pieces: Vec<String> = joined(parts)
        .iter()
        .map(|part| match part {
            NamePart::Text(text) => ruby::string(&one_line(text)),
            NamePart::Date(date) => {
                let at = match date.offset {
                    None => "now.utc".to_string(),
                    Some(offset) => {
                        let unit = match offset.unit {
                            OffsetUnit::Hours => "hours",
                            OffsetUnit::Days => "days",
                            OffsetUnit::Weeks => "weeks",
                            OffsetUnit::Months => "months",
                            OffsetUnit::Years => "years",
                        };
                        let sign = if offset.amount < 0 { '-' } else { '+' };
                        format!("(now.utc {sign} {}.{unit})", offset.amount.abs())
                    }
                };
                format!("{at}.strftime({})", ruby::string(&date.format))
            }
        })
        .collect();
    if pieces.is_empty() {
        return "''".into();
    }
    format!("({}).strip", pieces.join(" + "))
}
