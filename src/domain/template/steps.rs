//! A template's steps and roles, as `GET .../checklists/{id}?with=steps` gives them: who each
//! step is assigned to in the template, and which steps are left to whoever launches.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::json::{int_of, string_of};

/// Who a step (or a role) is assigned to: members, guest emails and groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owners {
    /// Member ids.
    #[serde(default)]
    pub users: Vec<i64>,
    /// Guest emails.
    #[serde(default)]
    pub guests: Vec<String>,
    /// Group ids.
    #[serde(default)]
    pub groups: Vec<String>,
}

impl Owners {
    /// Whether nobody is named.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.guests.is_empty() && self.groups.is_empty()
    }
}

/// A step of a template.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The step's timeline id (else its id): the key of `tasks` in a launch.
    pub id: String,
    #[serde(default)]
    pub alias: String,
    pub title: String,
    #[serde(default)]
    pub position: i64,
    /// Who the template assigns it to.
    #[serde(default)]
    pub owners: Owners,
    /// Role ids the step is assigned to (filled at launch, or by the launcher by default).
    #[serde(default)]
    pub roles: Vec<String>,
    /// The template's deadline, in words ("2 days from launch"), or empty.
    #[serde(default)]
    pub deadline: String,
}

impl Step {
    /// Whether the template leaves this step to whoever launches: it names no member, group
    /// or guest (a role or job-title step, a guest step without an email).
    pub fn assigned_at_launch(&self) -> bool {
        self.owners.is_empty()
    }

    /// The name to show and to match: the title, else the alias, else the id.
    pub fn display_name(&self) -> &str {
        [&self.title, &self.alias, &self.id]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .map(String::as_str)
            .unwrap_or("(unnamed step)")
    }

    /// Reads a step from an item of `steps`; `None` when it has no id.
    pub fn from_json(item: &Value, index: usize) -> Option<Step> {
        let id = string_of(item.get("timeline_id"))
            .filter(|s| !s.is_empty())
            .or_else(|| string_of(item.get("id")))
            .filter(|s| !s.is_empty())?;
        let owners = Owners {
            users: list(item.get("assignees"))
                .iter()
                .filter_map(|v| int_of(Some(v)).or_else(|| int_of(v.get("id"))))
                .collect(),
            guests: texts(item.get("guests"), "email"),
            groups: texts(item.get("groups"), "id"),
        };
        Some(Step {
            id,
            alias: string_of(item.get("alias")).unwrap_or_default(),
            title: string_of(item.get("title")).unwrap_or_default(),
            position: int_of(item.get("position")).unwrap_or(index as i64),
            owners,
            roles: texts(item.get("roles"), "id"),
            deadline: deadline_words(item.get("deadline")),
        })
    }
}

/// A template role (a job title a step is assigned to, filled at launch).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
}

impl Role {
    /// Reads a role from an item of `roles`; `None` when it has no id.
    pub fn from_json(item: &Value) -> Option<Role> {
        let id = string_of(item.get("id"))
            .or_else(|| string_of(Some(item)))
            .filter(|s| !s.is_empty())?;
        let name = string_of(item.get("name"))
            .or_else(|| string_of(item.get("title")))
            .unwrap_or_else(|| id.clone());
        Some(Role { id, name })
    }
}

/// A list, also when Laravel wraps it as `{"data": [...]}`.
pub(super) fn list(value: Option<&Value>) -> Vec<Value> {
    match value {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Object(map)) => match map.get("data") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Strings of a list whose items are strings, numbers, or objects with `key`.
fn texts(value: Option<&Value>, key: &str) -> Vec<String> {
    list(value)
        .iter()
        .filter_map(|v| string_of(Some(v)).or_else(|| string_of(v.get(key))))
        .filter(|s| !s.trim().is_empty())
        .collect()
}

/// `{"value": 2, "unit": "days", "option": "from", "step": "start_run"}` as "2 days from launch".
fn deadline_words(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Object(d)) => {
            let Some(amount) = int_of(d.get("value")) else {
                return String::new();
            };
            let unit = string_of(d.get("unit")).unwrap_or_else(|| "days".into());
            // "1 day", "2 days", whichever way the template wrote the unit.
            let stem = unit.trim_end_matches('s');
            let unit = if amount == 1 {
                stem.to_string()
            } else {
                format!("{stem}s")
            };
            let from = match string_of(d.get("step")).as_deref() {
                None | Some("start_run") | Some("") => "from launch".to_string(),
                Some(_) => "from an earlier step".to_string(),
            };
            let before = string_of(d.get("option")).is_some_and(|o| o == "prior_to");
            format!(
                "{amount} {unit} {}",
                if before { "before".into() } else { from }
            )
        }
        _ => String::new(),
    }
}
