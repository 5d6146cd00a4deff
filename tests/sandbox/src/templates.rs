//! `POST /__sandbox/templates/{id}`: change a template as its author would in Tallyfy (a test
//! that a schedule notices a changed template, a template whose naming or labels are hostile),
//! or add an edited copy of it as a new template.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::seed::{hex_id, Template};
use crate::validate::Field;

/// What a template edit takes; everything is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateEdit {
    /// Edit a copy, added as a new template whose id comes from this key, and leave the
    /// original as it is.
    #[serde(default)]
    pub copy_as: Option<String>,
    /// A new title.
    #[serde(default)]
    pub title: Option<String>,
    /// `auto_naming` on with this `default_process_name_format`, or off (`null`).
    #[serde(default)]
    pub auto_name: Option<Option<String>>,
    /// `allow_launcher_change_name`.
    #[serde(default)]
    pub launcher_can_rename: Option<bool>,
    /// Kick-off fields to remove, by id.
    #[serde(default)]
    pub remove_fields: Vec<String>,
    /// Steps to remove, by id.
    #[serde(default)]
    pub remove_steps: Vec<String>,
    /// Changes to fields, by id: each a JSON object merged into the field (`label`,
    /// `required`, `options`, `field_type`, …).
    #[serde(default)]
    pub fields: Map<String, Value>,
    /// Fields to add at the end, in the shape the API gives them.
    #[serde(default)]
    pub add_fields: Vec<Field>,
}

/// Applies `edit` to the template `id` of `templates`; the changed (or new) template's id, or
/// why not.
pub fn edit(templates: &mut Vec<Template>, id: &str, edit: TemplateEdit) -> Result<String, String> {
    let at = templates
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| format!("no template {id}"))?;
    let mut template = templates[at].clone();
    if let Some(key) = &edit.copy_as {
        template.id = hex_id(&format!("template/{key}"));
    }
    if let Some(title) = edit.title {
        template.title = title;
    }
    if let Some(auto_name) = edit.auto_name {
        template.auto_name = auto_name;
    }
    if let Some(rename) = edit.launcher_can_rename {
        template.launcher_can_rename = rename;
    }
    template
        .prerun
        .retain(|f| !edit.remove_fields.contains(&f.id));
    template
        .steps
        .retain(|s| !edit.remove_steps.contains(&s.id));
    for (field_id, changes) in edit.fields {
        let field = template
            .prerun
            .iter_mut()
            .find(|f| f.id == field_id)
            .ok_or_else(|| format!("no field {field_id}"))?;
        let mut value = serde_json::to_value(&*field).map_err(|e| e.to_string())?;
        if let (Value::Object(target), Value::Object(changes)) = (&mut value, changes) {
            target.extend(changes);
        }
        *field = serde_json::from_value(value).map_err(|e| format!("field {field_id}: {e}"))?;
    }
    template.prerun.extend(edit.add_fields);
    let new_id = template.id.clone();
    if edit.copy_as.is_some() {
        templates.retain(|t| t.id != new_id);
        templates.push(template);
    } else {
        templates[at] = template;
    }
    Ok(new_id)
}
