//! The launch validation rules of the sandbox, modelled on what `../shared/tallyfy-api.md`
//! says the real server does. Written independently of the app's own encoder on purpose:
//! the end-to-end tests then check one implementation against the other.

use std::collections::{BTreeMap, HashSet};

use chrono::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An option of a radio, dropdown or multiselect field (integer id, as the API has it).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FieldOption {
    /// Integer option id.
    pub id: i64,
    /// Option text, compared byte for byte like the real server.
    pub text: String,
}

/// A column of a table field.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TableColumn {
    /// Integer column id.
    pub id: i64,
    /// Column heading.
    pub label: String,
}

/// A kick-off (prerun) field, in the shape `GET .../checklists/{id}` returns it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Field {
    /// 32-hex timeline id: the key of the field in a launch's `prerun`.
    pub id: String,
    /// Machine-friendly alias.
    pub alias: String,
    /// Human label (author-written, may contain markup).
    pub label: String,
    /// One of the ten field types.
    pub field_type: String,
    /// Whether a launch must carry a value.
    pub required: bool,
    /// Display order.
    pub position: u32,
    /// Author-written HTML guidance.
    pub guidance: String,
    /// Options for radio, dropdown and multiselect.
    pub options: Vec<FieldOption>,
    /// Columns for table.
    pub columns: Vec<TableColumn>,
    /// Whether a date field also collects a time.
    pub collect_time: bool,
    /// Pre-filled value, or null.
    pub default_value: Value,
    /// Longest accepted text, in characters, for text and textarea.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
}

/// Members and groups a launch may refer to.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    /// Known member ids.
    pub user_ids: HashSet<i64>,
    /// Known group ids.
    pub group_ids: HashSet<String>,
    /// Known tag ids.
    pub tag_ids: HashSet<String>,
    /// Known process folder ids.
    pub folder_ids: HashSet<String>,
}

/// Laravel's validation error bag: a field path and its messages.
pub type ErrorBag = BTreeMap<String, Vec<String>>;

/// A launch body that passed validation, reduced to what is stored with the run.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptedLaunch {
    /// Process name, when the body gave one (else the server names it).
    pub name: Option<String>,
    /// Summary, or empty.
    pub summary: String,
    /// Owner id when one was given.
    pub owner_id: Option<i64>,
    /// The prerun values whose keys matched a field; the rest were dropped.
    pub prerun: Map<String, Value>,
}

/// Longest process name the server takes.
pub const NAME_MAX_CHARS: usize = 550;
/// Tallyfy's short-text cap (characters) when a field states none.
pub const TEXT_DEFAULT_MAX_CHARS: usize = 200;
/// Tallyfy's long-text cap (characters).
pub const TEXTAREA_MAX_CHARS: usize = 30_000;

/// Validates a whole launch body against a template's fields, the way the server answers 422.
pub fn validate_launch(
    body: &Value,
    fields: &[Field],
    directory: &Directory,
) -> Result<AcceptedLaunch, ErrorBag> {
    let mut errors = ErrorBag::new();
    let Some(body) = body.as_object() else {
        errors.insert(
            "body".into(),
            vec!["The request body must be a JSON object.".into()],
        );
        return Err(errors);
    };

    // No name (or an empty one) lets the server name the process.
    let name = match body.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => {
            if name.chars().count() > NAME_MAX_CHARS {
                push(
                    &mut errors,
                    "name",
                    "The name may not be greater than 550 characters.",
                );
            }
            Some(name.clone())
        }
        Some(Value::String(_)) | None | Some(Value::Null) => None,
        Some(_) => {
            push(&mut errors, "name", "The name must be a string.");
            None
        }
    };

    let summary = match body.get("summary") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            push(&mut errors, "summary", "The summary must be a string.");
            String::new()
        }
    };

    let owner_id = match body.get("owner_id") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_i64().is_some() => {
            let id = n.as_i64().unwrap_or_default();
            if !directory.user_ids.contains(&id) {
                push(&mut errors, "owner_id", "The selected owner id is invalid.");
            }
            Some(id)
        }
        Some(_) => {
            push(&mut errors, "owner_id", "The owner id must be an integer.");
            None
        }
    };

    let prerun = match body.get("prerun") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        // A list (PHP's empty object is `[]`) is taken without a word and its values dropped.
        Some(Value::Array(_)) => Map::new(),
        Some(_) => {
            push(
                &mut errors,
                "prerun",
                "The prerun must be an object keyed by field id.",
            );
            Map::new()
        }
    };

    let mut kept = Map::new();
    for field in fields {
        let key = format!("prerun.{}", field.id);
        match prerun.get(&field.id) {
            None => {
                if field.required {
                    push(&mut errors, &key, &format!("{} is required", field.label));
                }
            }
            Some(value) => {
                if is_blank(value) {
                    if field.required {
                        push(&mut errors, &key, &format!("{} is required", field.label));
                    } else if field.field_type == "table" {
                        // The one type with no empty-value shortcut on the server.
                        push(&mut errors, &key, "Invalid table field");
                    } else {
                        kept.insert(field.id.clone(), value.clone());
                    }
                    continue;
                }
                match check_value(field, value, directory) {
                    Ok(()) => {
                        kept.insert(field.id.clone(), value.clone());
                    }
                    Err(message) => push(&mut errors, &key, &message),
                }
            }
        }
    }
    // Keys that match no field are dropped without a word, like the real server.

    if errors.is_empty() {
        Ok(AcceptedLaunch {
            name,
            summary,
            owner_id,
            prerun: kept,
        })
    } else {
        Err(errors)
    }
}

fn push(errors: &mut ErrorBag, key: &str, message: &str) {
    errors
        .entry(key.to_string())
        .or_default()
        .push(message.to_string());
}

/// PHP's `empty()` on the values a JSON body can carry.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(b) => !b,
        Value::Number(_) => false,
    }
}

/// Checks one non-blank value against its field's type; the message is the 422 text.
pub fn check_value(field: &Field, value: &Value, directory: &Directory) -> Result<(), String> {
    let label = &field.label;
    match field.field_type.as_str() {
        "text" | "textarea" => {
            // Any scalar is taken as its text.
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(format!("{label} must be a string")),
            };
            let limit = match field.field_type.as_str() {
                "text" => field.max_length.unwrap_or(TEXT_DEFAULT_MAX_CHARS),
                _ => field.max_length.unwrap_or(TEXTAREA_MAX_CHARS),
            };
            if text.chars().count() > limit {
                return Err(format!(
                    "{label} may not be greater than {limit} characters"
                ));
            }
            Ok(())
        }
        // The server does not check the address: any text is stored.
        "email" => match value {
            Value::String(_) => Ok(()),
            _ => Err(format!("{label} must be a string")),
        },
        "date" => match value {
            Value::String(text) if is_parseable_date(text) => Ok(()),
            _ => Err(format!("{label} is not a valid date")),
        },
        // A choice filled from a list comes with no options: its text is taken.
        "radio" | "dropdown" | "multiselect" if field.options.is_empty() => {
            let has_text = |v: &Value| v.is_string() || v.get("text").is_some_and(Value::is_string);
            match value {
                Value::Array(items) if items.iter().all(has_text) => Ok(()),
                other if has_text(other) => Ok(()),
                _ => Err(format!("Invalid {} choice selected.", field.field_type)),
            }
        }
        "radio" => match value {
            Value::String(text) if field.options.iter().any(|o| &o.text == text) => Ok(()),
            _ => Err("Invalid radio choice selected.".into()),
        },
        "dropdown" => {
            if option_pair_matches(field, value) {
                Ok(())
            } else {
                Err("Invalid dropdown choice selected.".into())
            }
        }
        "multiselect" => {
            let Value::Array(items) = value else {
                return Err("Invalid multiselect choice selected.".into());
            };
            if items.iter().all(|item| option_pair_matches(field, item)) {
                Ok(())
            } else {
                Err("Invalid multiselect choice selected.".into())
            }
        }
        "table" => check_table(field, value),
        "assignees_form" => check_assignees(value, directory),
        "file" => check_files(value),
        other => Err(format!("Unknown field type {other}")),
    }
}

/// `{"id": <int>, "text": ...}` naming one option, both halves from the same option.
fn option_pair_matches(field: &Field, value: &Value) -> bool {
    let Some(obj) = value.as_object() else {
        return false;
    };
    let (Some(id), Some(Value::String(text))) =
        (obj.get("id").and_then(Value::as_i64), obj.get("text"))
    else {
        return false;
    };
    field.options.iter().any(|o| o.id == id && &o.text == text)
}

/// Exactly one entry per column, in column order, each that column's one cell.
fn check_table(field: &Field, value: &Value) -> Result<(), String> {
    let invalid = || Err("Invalid table field".to_string());
    let Value::Array(entries) = value else {
        return invalid();
    };
    if entries.len() != field.columns.len() {
        return Err("Number of columns does not match required columns".into());
    }
    if entries.iter().all(|e| e.is_string() || e.is_number()) {
        Ok(())
    } else {
        invalid()
    }
}

/// A date string PHP's parser would take: RFC 3339, a plain date, or a date and time.
fn is_parseable_date(text: &str) -> bool {
    use chrono::{NaiveDate, NaiveDateTime};
    let text = text.trim();
    DateTime::parse_from_rfc3339(text).is_ok()
        || DateTime::parse_from_rfc2822(text).is_ok()
        || NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
        || [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S%.f",
        ]
        .iter()
        .any(|f| NaiveDateTime::parse_from_str(text, f).is_ok())
}

fn check_assignees(value: &Value, directory: &Directory) -> Result<(), String> {
    let Some(obj) = value.as_object() else {
        return Err("Invalid assignees: expected {\"users\", \"guests\", \"groups\"}".into());
    };
    for key in obj.keys() {
        if !matches!(key.as_str(), "users" | "guests" | "groups") {
            return Err(format!("Invalid assignees: unknown key {key}"));
        }
    }
    let list = |key: &str| match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items.clone()),
        Some(_) => Err(format!("Invalid assignees: {key} must be a list")),
    };
    for user in list("users")? {
        match user.as_i64() {
            Some(id) if directory.user_ids.contains(&id) => {}
            _ => return Err(format!("Invalid assignees: unknown user {user}")),
        }
    }
    for guest in list("guests")? {
        match guest.as_str() {
            Some(email) if is_email(email) => {}
            _ => {
                return Err(format!(
                    "Invalid assignees: {guest} is not a valid guest email"
                ))
            }
        }
    }
    for group in list("groups")? {
        match group.as_str() {
            Some(id) if directory.group_ids.contains(id) => {}
            _ => return Err(format!("Invalid assignees: unknown group {group}")),
        }
    }
    Ok(())
}

/// File objects as an upload returns them or as URLs: a `source` and an `id`, `url` or
/// `full_url`.
fn check_files(value: &Value) -> Result<(), String> {
    let Value::Array(items) = value else {
        return Err("Invalid file field: expected a list of file objects".into());
    };
    for item in items {
        let Some(obj) = item.as_object() else {
            return Err("Invalid file field: expected a list of file objects".into());
        };
        match obj.get("source").and_then(Value::as_str) {
            Some("url") | Some("local") => {}
            _ => return Err("Invalid file field: source must be local or url".into()),
        }
        let located = ["id", "url", "full_url"]
            .iter()
            .any(|key| match obj.get(*key) {
                Some(Value::String(s)) => !s.trim().is_empty(),
                Some(Value::Number(_)) => true,
                _ => false,
            });
        if !located {
            return Err("Invalid file field: each file needs an id, url or full_url".into());
        }
        if let Some(url) = obj.get("url").and_then(Value::as_str) {
            if !is_http_url(url) {
                return Err("Invalid file field: url must be an http(s) address".into());
            }
        }
    }
    Ok(())
}

/// A deliberately plain address check: one `@`, something before it, a dotted domain after.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

fn is_http_url(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    matches!(rest, Some(host) if !host.is_empty() && !host.starts_with('/') && !text.chars().any(char::is_whitespace))
}

/// Owners as a launch names them: `{users: [int], guests: [email], groups: [id]}`.
fn check_owners(value: &Value, directory: &Directory) -> Result<(), String> {
    check_assignees(value, directory).map_err(|e| e.replace("Invalid assignees: ", ""))
}

/// A launch's accepted `tasks` and `roles`.
pub type Assignments = (Map<String, Value>, Map<String, Value>);

/// Checks a launch's `tasks` (keyed by step timeline id: `{deadline, owners}`) and `roles`
/// (keyed by role id: owners), and returns them as they are stored on the run.
pub fn validate_assignments(
    body: &Value,
    steps: &[crate::seed::Step],
    roles: &[crate::seed::Role],
    directory: &Directory,
) -> Result<Assignments, ErrorBag> {
    let mut errors = ErrorBag::new();
    let object = |key: &str, errors: &mut ErrorBag| match body.get(key) {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(Value::Array(list)) if list.is_empty() => Map::new(),
        Some(_) => {
            push(errors, key, &format!("The {key} must be an object."));
            Map::new()
        }
    };
    let tasks = object("tasks", &mut errors);
    for (id, task) in &tasks {
        let key = format!("tasks.{id}");
        if !steps.iter().any(|s| &s.id == id) {
            push(&mut errors, &key, "The selected task is invalid.");
            continue;
        }
        let Some(task) = task.as_object() else {
            push(
                &mut errors,
                &key,
                "A task must be an object with deadline and owners.",
            );
            continue;
        };
        for name in task.keys() {
            if !matches!(name.as_str(), "deadline" | "owners") {
                push(&mut errors, &format!("{key}.{name}"), "Unknown task key.");
            }
        }
        match task.get("deadline") {
            None | Some(Value::Null) => {}
            Some(Value::String(text)) if is_parseable_date(text) => {}
            Some(_) => push(
                &mut errors,
                &format!("{key}.deadline"),
                "The deadline is not a valid date.",
            ),
        }
        if let Some(owners) = task.get("owners") {
            if let Err(message) = check_owners(owners, directory) {
                push(&mut errors, &format!("{key}.owners"), &message);
            }
        }
    }
    for (key, known) in [
        ("tags", &directory.tag_ids),
        ("folders", &directory.folder_ids),
    ] {
        match body.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if !item.as_str().is_some_and(|id| known.contains(id)) {
                        push(
                            &mut errors,
                            &format!("{key}.{i}"),
                            &format!("The selected {key}.{i} is invalid."),
                        );
                    }
                }
            }
            Some(_) => push(&mut errors, key, &format!("The {key} must be an array.")),
        }
    }
    if body
        .get("starred")
        .is_some_and(|v| !v.is_boolean() && !v.is_null())
    {
        push(
            &mut errors,
            "starred",
            "The starred field must be true or false.",
        );
    }
    let assigned_roles = object("roles", &mut errors);
    for (id, owners) in &assigned_roles {
        let key = format!("roles.{id}");
        if !roles.iter().any(|r| &r.id == id) {
            push(&mut errors, &key, "The selected role is invalid.");
        } else if let Err(message) = check_owners(owners, directory) {
            push(&mut errors, &key, &message);
        }
    }
    if errors.is_empty() {
        Ok((tasks, assigned_roles))
    } else {
        Err(errors)
    }
}
