//! Assigning a template's steps (and roles) at launch: who does each step and by when, as the
//! user writes it, and the `tasks` / `roles` objects of the launch body.

use std::collections::BTreeMap;

use chrono::{
    DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeDelta,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::case::same_ignoring_case;
use super::template::{sort_by_position, Step, Template};
use super::values::{encode_assignees, split_list, EncodeContext, FieldError};

/// Who does one step (or fills one role), and by when, as the user wrote it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// Member ids.
    #[serde(default)]
    pub users: Vec<i64>,
    /// Group ids.
    #[serde(default)]
    pub groups: Vec<String>,
    /// People by text: member or guest emails and group names, separated by commas.
    #[serde(default)]
    pub people: String,
    /// A date and time ("2026-12-01 17:00"), a date (17:00 that day) or a delay from launch
    /// ("+3d", "+4h", "2 days"); empty keeps the template's deadline. Not used for roles.
    #[serde(default)]
    pub deadline: String,
}

impl Assignment {
    /// Whether nothing is set (the template's own assignees and deadline apply).
    pub fn is_blank(&self) -> bool {
        self.users.is_empty()
            && self.groups.is_empty()
            && self.people.trim().is_empty()
            && self.deadline.trim().is_empty()
    }

    /// Whether people are named (a deadline alone keeps the template's assignees).
    pub fn names_people(&self) -> bool {
        !(self.users.is_empty() && self.groups.is_empty() && self.people.trim().is_empty())
    }

    /// An assignment read from text: people separated by commas or semicolons.
    pub fn from_text(people: &str, deadline: &str) -> Assignment {
        Assignment {
            people: split_list(people, &[',', ';', '\n']).join(", "),
            deadline: deadline.trim().to_string(),
            ..Assignment::default()
        }
    }

    /// The people as text a link or a spreadsheet cell carries: members by email (else id),
    /// groups by name (else id), then the people typed.
    pub fn people_text(&self, directory: &super::directory::Directory) -> String {
        let mut parts: Vec<String> = self
            .users
            .iter()
            .map(|id| {
                directory
                    .member(*id)
                    .map_or_else(|| id.to_string(), |m| m.email.clone())
            })
            .collect();
        parts.extend(self.groups.iter().map(|id| {
            directory
                .group(id)
                .map_or_else(|| id.clone(), |g| g.name.clone())
        }));
        parts.extend(split_list(&self.people, &[',', ';', '\n']));
        parts.join(", ")
    }

    /// The text an input shows: what was typed, as typed, or (for an assignment that names
    /// members and groups by id, from a recorded launch) [`Assignment::people_text`].
    pub fn input_text(&self, directory: &super::directory::Directory) -> String {
        if self.users.is_empty() && self.groups.is_empty() {
            self.people.clone()
        } else {
            self.people_text(directory)
        }
    }

    /// `{users, guests, groups}` for the API; a member's email is that member.
    fn owners(&self, ctx: &EncodeContext<'_>) -> Result<Value, FieldError> {
        encode_assignees(&self.users, &self.groups, &self.people, ctx.directory)
    }
}

/// Why a deadline cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Deadline \"{0}\" is not a date (2026-12-01 or 2026-12-01 17:00) or a delay from launch (+3d, +4h, 2 days).")]
pub struct DeadlineError(pub String);

/// The deadline `text` gives for a launch at `now`, as the API's UTC instant.
pub fn deadline_at(
    text: &str,
    now: DateTime<FixedOffset>,
    ctx: &EncodeContext<'_>,
) -> Result<String, DeadlineError> {
    let text = text.trim();
    let bad = || DeadlineError(text.to_string());
    // An instant with its offset, as a recorded launch holds it.
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(utc_text(at));
    }
    if let Some(delay) = delay_of(text) {
        let at = now.checked_add_signed(delay).ok_or_else(bad)?;
        return Ok(utc_text(at));
    }
    let local = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_time(NaiveTime::from_hms_opt(17, 0, 0)?).into())
        })
        .ok_or_else(bad)?;
    let offset = ctx.zone.offset_at_local(local);
    let at = local.and_local_timezone(offset).single().ok_or_else(bad)?;
    Ok(utc_text(at))
}

fn utc_text(at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&chrono::Utc)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// "+3d", "3d", "+4h", "2 days", "1 hour", "+1w": a delay of up to ten years.
pub fn delay_of(text: &str) -> Option<TimeDelta> {
    let rest = text.strip_prefix('+').unwrap_or(text).trim();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    let amount: i64 = digits.parse().ok()?;
    let unit = rest.get(digits.len()..)?.trim().to_lowercase();
    let delay = match unit.as_str() {
        "m" | "min" | "mins" | "minute" | "minutes" => TimeDelta::try_minutes(amount),
        "h" | "hour" | "hours" => TimeDelta::try_hours(amount),
        "d" | "day" | "days" => TimeDelta::try_days(amount),
        "w" | "week" | "weeks" => TimeDelta::try_weeks(amount),
        _ => None,
    }?;
    (delay <= TimeDelta::try_days(3660)?).then_some(delay)
}

/// A step's or role's problem, keyed by the step or role id.
pub type AssignmentProblems = BTreeMap<String, String>;

/// `tasks` (keyed by step id: `{deadline, owners}`) for the steps the user changed, and
/// `roles` (keyed by role id: owners); assignments for steps or roles the template does not
/// have are left out (the fills report them).
pub fn encode_assignments(
    template: &Template,
    steps: &BTreeMap<String, Assignment>,
    roles: &BTreeMap<String, Assignment>,
    ctx: &EncodeContext<'_>,
    now: DateTime<FixedOffset>,
) -> (Map<String, Value>, Map<String, Value>, AssignmentProblems) {
    let mut tasks = Map::new();
    let mut problems = AssignmentProblems::new();
    for step in &template.steps {
        let Some(assignment) = steps.get(&step.id).filter(|a| !a.is_blank()) else {
            continue;
        };
        match encode_task(assignment, ctx, now) {
            Ok(task) => {
                tasks.insert(step.id.clone(), task);
            }
            Err(message) => {
                problems.insert(step.id.clone(), message);
            }
        }
    }
    let mut role_owners = Map::new();
    for role in &template.roles {
        let Some(assignment) = roles.get(&role.id).filter(|a| a.names_people()) else {
            continue;
        };
        match assignment.owners(ctx) {
            Ok(owners) => {
                role_owners.insert(role.id.clone(), owners);
            }
            Err(error) => {
                problems.insert(role.id.clone(), error.to_string());
            }
        }
    }
    (tasks, role_owners, problems)
}

fn encode_task(
    assignment: &Assignment,
    ctx: &EncodeContext<'_>,
    now: DateTime<FixedOffset>,
) -> Result<Value, String> {
    let mut task = Map::new();
    if !assignment.deadline.trim().is_empty() {
        let deadline = deadline_at(&assignment.deadline, now, ctx).map_err(|e| e.to_string())?;
        task.insert("deadline".into(), json!(deadline));
    }
    if assignment.names_people() {
        task.insert(
            "owners".into(),
            assignment.owners(ctx).map_err(|e| e.to_string())?,
        );
    }
    Ok(Value::Object(task))
}

impl Template {
    /// The step a name refers to: its id, alias or title (title ignoring case).
    pub fn step_named(&self, name: &str) -> Option<&Step> {
        let name = name.trim();
        self.steps
            .iter()
            .find(|s| s.id == name || (!s.alias.is_empty() && s.alias == name))
            .or_else(|| {
                self.steps
                    .iter()
                    .find(|s| same_ignoring_case(s.title.trim(), name))
            })
    }

    /// The role a name refers to: its id or name (name ignoring case).
    pub fn role_named(&self, name: &str) -> Option<&super::template::Role> {
        let name = name.trim();
        self.roles.iter().find(|r| r.id == name).or_else(|| {
            self.roles
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(name))
        })
    }

    /// Steps in the order the Assignments section lists them: those the template leaves to
    /// the launcher first, then the rest, each group in position order.
    pub fn steps_for_assignment(&self) -> Vec<&Step> {
        let mut steps: Vec<&Step> = self.steps.iter().collect();
        sort_by_position(&mut steps, |s| s.position);
        let (left_to_launcher, rest): (Vec<&Step>, Vec<&Step>) =
            steps.into_iter().partition(|s| s.assigned_at_launch());
        left_to_launcher.into_iter().chain(rest).collect()
    }
}
