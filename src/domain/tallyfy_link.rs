//! What Tallyfy's own pre-filled launch link can carry: its `ko_fields` are the launch's
//! kick-off values keyed by field **alias**, in the same shapes as `prerun`. The link needs no
//! token and no CORS (the user finishes in Tallyfy), but it cannot carry everything a launch
//! body can: what it leaves out is listed for the user before opening.

use serde_json::{json, Map, Value};

use super::launch::LaunchBody;
use super::template::{FieldType, Template};

/// The `ko_fields` list (one-key objects keyed by alias) and what the link cannot carry.
pub fn ko_fields(template: &Template, body: &LaunchBody) -> (Vec<Value>, Vec<String>) {
    let mut fields = Vec::new();
    let mut left_out = Vec::new();
    for field in &template.fields {
        let Some(value) = body.prerun.get(&field.id) else {
            continue;
        };
        let why = match field.field_type {
            FieldType::File => Some("a file cannot travel in a link"),
            FieldType::AssigneesForm => Some("assignees cannot travel in a link"),
            _ if field.alias.trim().is_empty() => {
                Some("the field has no alias, which the link needs to name it")
            }
            _ => None,
        };
        match why {
            Some(why) => left_out.push(format!(
                "{}: {why}; fill it in Tallyfy.",
                field.display_name()
            )),
            None => {
                let mut one = Map::new();
                one.insert(field.alias.clone(), value.clone());
                fields.push(Value::Object(one));
            }
        }
    }
    for step_id in body.tasks.keys() {
        let name = template
            .steps
            .iter()
            .find(|s| &s.id == step_id)
            .map_or(step_id.as_str(), |s| s.display_name());
        left_out.push(format!(
            "Step \"{name}\": its assignees and deadline cannot travel in a link; set them in Tallyfy after launching."
        ));
    }
    for role_id in body.roles.keys() {
        let name = template
            .roles
            .iter()
            .find(|r| &r.id == role_id)
            .map_or(role_id.as_str(), |r| r.name.as_str());
        left_out.push(format!(
            "Role \"{name}\": cannot travel in a link; assign it in Tallyfy."
        ));
    }
    if body.owner_id.is_some() {
        left_out.push("Owner: cannot travel in a link; the process is owned by whoever launches it in Tallyfy.".into());
    }
    if !body.summary.is_empty() {
        left_out.push("Summary: cannot travel in a link.".into());
    }
    (fields, left_out)
}

/// The `ko_fields` parameter's JSON text.
pub fn ko_fields_text(fields: &[Value]) -> String {
    json!(fields).to_string()
}
