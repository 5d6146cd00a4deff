//! A reusable Workato recipe body for a template: the launch body in Workato's formula mode,
//! every kick-off field keyed by its id with an expression in the shape its type needs, so a
//! recipe author only drops in data pills instead of writing shapes and ids by hand.
//!
//! Every expression is `trigger["<key>"]` (the key is the field's alias, or its label), so a
//! recipe author replaces each with a pill, and a test can put sample values in. Notes are lines
//! of their own starting with `#`.

use serde_json::json;

use super::template::{Field, FieldType, Template};

/// The recipe body and its legend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeBody {
    /// The body in formula mode, with `#` note lines.
    pub body: String,
    /// One line per kick-off field: label, alias, type, options, required.
    pub legend: Vec<String>,
}

/// The key a field's expression reads: its alias, else its label, else its id.
pub fn trigger_key(field: &Field) -> String {
    [&field.alias, &field.label, &field.id]
        .into_iter()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .unwrap_or("value")
        .to_string()
}

fn trigger(key: &str) -> String {
    format!("trigger[{}]", json!(key))
}

/// The expression a field's value needs, and a note for the recipe author.
fn expression(field: &Field) -> (String, String) {
    let key = trigger_key(field);
    let options = || {
        field
            .options
            .iter()
            .map(|o| format!("{} = {}", o.id, json!(o.text)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if field.is_list_backed() {
        let value = match field.field_type {
            FieldType::Radio => trigger(&key),
            FieldType::Multiselect => {
                format!("[{{\"text\": {}, \"selected\": true}}]", trigger(&key))
            }
            _ => format!("{{\"text\": {}}}", trigger(&key)),
        };
        return (
            value,
            format!(
                "{}: filled from a list in Tallyfy, by the item's text",
                field.field_type.ui_name()
            ),
        );
    }
    match field.field_type {
        FieldType::Text | FieldType::Textarea | FieldType::Email => {
            (trigger(&key), field.field_type.ui_name().to_string())
        }
        FieldType::Date => (
            trigger(&key),
            "Date: an ISO 8601 time, e.g. 2026-03-15T00:00:00.000Z (in Workato: .to_time.utc.iso8601)"
                .into(),
        ),
        FieldType::Radio => (
            trigger(&key),
            format!("Radio: the option's text, exactly one of {}", options()),
        ),
        FieldType::Dropdown => (
            format!(
                "{{\"id\": {}, \"text\": {}}}",
                trigger(&format!("{key} id")),
                trigger(&key)
            ),
            format!(
                "Dropdown: the id and the text of the same option; options (id = text): {}",
                options()
            ),
        ),
        FieldType::Multiselect => {
            let items = field
                .options
                .iter()
                .map(|o| format!("{{\"id\": {}, \"text\": {}, \"selected\": true}}", o.id, json!(o.text)))
                .collect::<Vec<_>>()
                .join(", ");
            (
                format!("[{items}]"),
                "Checklist: keep the options chosen (each with \"selected\": true), remove the others"
                    .into(),
            )
        }
        FieldType::Table => {
            let cells = field
                .columns
                .iter()
                .map(|c| trigger(&format!("{key} {}", c.label)))
                .collect::<Vec<_>>()
                .join(", ");
            (
                format!("[{cells}]"),
                "Table: one row, one entry per column in this order".into(),
            )
        }
        FieldType::AssigneesForm => (
            format!(
                "{{\"users\": [], \"guests\": [{}], \"groups\": []}}",
                trigger(&key)
            ),
            "Assignees: users are member ids (integers), guests are emails, groups are group ids"
                .into(),
        ),
        FieldType::File => (
            format!(
                "[{{\"filename\": {}, \"source\": \"url\", \"url\": {}}}]",
                trigger(&format!("{key} file name")),
                trigger(&key)
            ),
            "File: a list of file objects given by URL".into(),
        ),
        FieldType::Unsupported(_) => (String::new(), String::new()),
    }
}

/// The reusable body for `template`.
pub fn recipe_body(template: &Template) -> RecipeBody {
    let mut lines = vec!["{".to_string()];
    let mut top = vec![format!("  \"checklist_id\": {}", json!(template.id))];
    if template.naming.tallyfy_names_it() {
        lines.push("  # No name: this template names its processes itself.".into());
    } else {
        top.push(format!("  \"name\": {}", trigger("process name")));
    }
    let fields: Vec<&Field> = template
        .fields
        .iter()
        .filter(|f| !matches!(f.field_type, FieldType::Unsupported(_)))
        .collect();
    let mut prerun = Vec::new();
    for field in &fields {
        let (value, note) = expression(field);
        let required = if field.required { "REQUIRED. " } else { "" };
        prerun.push(format!(
            "    # {}: {required}{note}\n    {}: {value}",
            field.display_name(),
            json!(field.id)
        ));
    }
    top.push(format!("  \"prerun\": {{\n{}\n  }}", prerun.join(",\n")));
    let at_launch: Vec<_> = template
        .steps_for_assignment()
        .into_iter()
        .filter(|s| s.assigned_at_launch())
        .collect();
    if !at_launch.is_empty() {
        let tasks = at_launch
            .iter()
            .map(|step| {
                format!(
                    "    # Step \"{}\" is assigned at launch: who does it (member ids, guest emails, group ids) and by when (ISO 8601).\n    {}: {{\"deadline\": {}, \"owners\": {{\"users\": [], \"guests\": [{}], \"groups\": []}}}}",
                    step.display_name(),
                    json!(step.id),
                    trigger(&format!("{} deadline", step.display_name())),
                    trigger(&format!("{} assignee email", step.display_name()))
                )
            })
            .collect::<Vec<_>>()
            .join(",\n");
        top.push(format!("  \"tasks\": {{\n{tasks}\n  }}"));
    }
    lines.push(top.join(",\n"));
    lines.push("}".into());
    let legend = fields
        .iter()
        .map(|f| {
            let mut line = format!(
                "{} | alias {} | {} | {}",
                f.display_name(),
                if f.alias.is_empty() {
                    "(none)"
                } else {
                    &f.alias
                },
                f.field_type.ui_name(),
                if f.required { "required" } else { "optional" }
            );
            if !f.options.is_empty() {
                let texts: Vec<String> = f
                    .options
                    .iter()
                    .map(|o| format!("{} = {}", o.id, o.text))
                    .collect();
                line.push_str(&format!(" | options {}", texts.join(", ")));
            }
            line
        })
        .collect();
    RecipeBody {
        body: lines.join("\n"),
        legend,
    }
}
