//! Reading a launch body pasted from elsewhere: the current `{checklist_id, name, owner_id,
//! summary, prerun}` shape, or the obsolete Workato shape `{blueprint_id, title, owner_id,
//! organization_id, prerun}` whose `prerun` was keyed by field *names*.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::json::int_of;
use super::share::find_field;
use super::template::Template;
use super::values::{FieldInput, LocalZone};

/// Which shape the body had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyShape {
    /// `{checklist_id, name, prerun}`: today's API.
    Current,
    /// `{blueprint_id, title, organization_id, prerun}`: the old Workato guide's form.
    Old,
}

/// What the old shape means and how it was converted, for the user.
pub const OLD_SHAPE_EXPLAINED: &str = "This body is in the old Workato form ({blueprint_id, title, owner_id, organization_id, prerun}), which posted to /api/runs. Tallyfy's API no longer takes it: today the body goes to /organizations/{org}/runs with checklist_id (was blueprint_id) and name (was title), and prerun must be keyed by each field's id, not its name (a name key is silently dropped by the server). The launcher has converted it below.";

/// A pasted body, read.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedBody {
    pub shape: BodyShape,
    pub template_id: String,
    /// Process name (or title).
    pub name: Option<String>,
    pub owner_id: Option<i64>,
    /// The owner as given when it is not a member id (an email, or a Workato placeholder such
    /// as "hr_manager_id"): resolved by email, else reported.
    pub owner_text: Option<String>,
    pub summary: Option<String>,
    /// Organization id (old shape only).
    pub org_id: Option<String>,
    /// Kick-off values as given (keys may be ids, aliases or names).
    pub prerun: Map<String, Value>,
    /// Step assignments as given (`tasks`), keyed by step id.
    pub tasks: Map<String, Value>,
    /// Role assignments as given (`roles`), keyed by role id.
    pub roles: Map<String, Value>,
    /// Keys the launcher does not carry into the form, for the user to see.
    pub ignored: Vec<String>,
    /// Starred, tags and folders as given.
    pub options: super::launch::ProcessOptions,
}

/// Keys of a launch body the form carries (the rest are listed as not carried).
const CARRIED_KEYS: [&str; 13] = [
    "starred",
    "tags",
    "folders",
    "checklist_id",
    "blueprint_id",
    "name",
    "title",
    "owner_id",
    "organization_id",
    "summary",
    "prerun",
    "tasks",
    "roles",
];

fn text(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads a pasted body in either shape.
pub fn read_body(input: &str) -> Result<ImportedBody, String> {
    let value: Value =
        serde_json::from_str(input).map_err(|e| format!("This is not valid JSON ({e})."))?;
    let Value::Object(obj) = value else {
        return Err("A launch body is a JSON object, such as {\"checklist_id\": \"...\", \"name\": \"...\", \"prerun\": {...}}.".into());
    };
    let (shape, template_id) = match (text(&obj, "checklist_id"), text(&obj, "blueprint_id")) {
        (Some(id), _) => (BodyShape::Current, id),
        (None, Some(id)) => (BodyShape::Old, id),
        (None, None) => {
            return Err("The body names no template: it needs \"checklist_id\" (or, in the old Workato form, \"blueprint_id\").".into())
        }
    };
    let name = match shape {
        BodyShape::Current => text(&obj, "name"),
        BodyShape::Old => text(&obj, "title").or_else(|| text(&obj, "name")),
    };
    let prerun = match obj.get("prerun") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        // The legacy list form [{"<key>": value}, ...].
        Some(Value::Array(items)) => {
            let mut merged = Map::new();
            for (i, item) in items.iter().enumerate() {
                let Value::Object(entry) = item else {
                    return Err(format!("\"prerun\" item {} is not an object: prerun must be an object keyed by field id.", i + 1));
                };
                merged.extend(entry.clone());
            }
            merged
        }
        Some(_) => return Err("\"prerun\" must be an object keyed by field id.".into()),
    };
    let object_at = |key: &str| match obj.get(key) {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    let ignored = obj
        .keys()
        .filter(|k| !CARRIED_KEYS.contains(&k.as_str()))
        .cloned()
        .collect();
    let ids_at = |key: &str| match obj.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| super::json::string_of(Some(v)))
            .collect(),
        _ => Vec::new(),
    };
    Ok(ImportedBody {
        options: super::launch::ProcessOptions {
            starred: super::json::bool_of(obj.get("starred")),
            tags: ids_at("tags"),
            folders: ids_at("folders"),
        },
        tasks: object_at("tasks"),
        roles: object_at("roles"),
        ignored,
        shape,
        template_id,
        name,
        owner_id: int_of(obj.get("owner_id")),
        owner_text: match obj.get("owner_id") {
            None | Some(Value::Null) => None,
            Some(other) if int_of(Some(other)).is_none() => Some(match other {
                Value::String(s) => s.trim().to_string(),
                other => other.to_string(),
            }),
            Some(_) => None,
        },
        summary: text(&obj, "summary"),
        org_id: text(&obj, "organization_id"),
        prerun,
    })
}

/// Places `prerun` values into inputs for the template's fields: keys are matched as ids,
/// aliases or labels; values are read as the API shapes them (or as text). Returns what could
/// not be placed, each with the reason (an unknown name needs its field id).
pub fn place_values(
    prerun: &Map<String, Value>,
    template: &Template,
    zone: &dyn LocalZone,
    text_ctx: &super::values::EncodeContext<'_>,
) -> (BTreeMap<String, FieldInput>, Vec<String>) {
    let mut inputs = BTreeMap::new();
    let mut unplaced = Vec::new();
    for (key, value) in prerun {
        let field = match find_field(template, key) {
            Ok(field) => field,
            Err(_) => {
                unplaced.push(format!(
                    "\"{key}\" matches no field of \"{}\": give its field id instead",
                    template.title
                ));
                continue;
            }
        };
        let input = FieldInput::from_api_value(field, value, zone).or_else(|| {
            value
                .as_str()
                .and_then(|t| FieldInput::from_text(field, t, text_ctx).ok())
        });
        match input {
            Some(input) => {
                inputs.insert(field.id.clone(), input);
            }
            None => unplaced.push(format!(
                "{}: the value {value} does not fit this {} field",
                field.display_name(),
                field.field_type.ui_name()
            )),
        }
    }
    (inputs, unplaced)
}
