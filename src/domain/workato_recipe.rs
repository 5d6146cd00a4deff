//! A reusable Workato recipe body for a template: the launch body in Workato's formula mode,
//! every kick-off field keyed by its id with an expression in the shape its type needs, so a
//! recipe author only drops in data pills instead of writing shapes and ids by hand.
//!
//! Every expression reads `trigger['<key>']` (the key is the field's alias, or a slug of its
//! label, so it holds nothing to escape), so a recipe author replaces each with a pill, and a
//! test can put sample values in. Every text from the template (ids, option texts, titles) is a
//! single-quoted Ruby string or inert JSON ([`super::syntax::ruby`]): nothing interpolates in
//! formula mode. Notes are lines of their own starting with `#`, each kept on its line.

use std::collections::BTreeSet;

use super::syntax::ruby;
use super::template::{Field, FieldType, Template};

/// The recipe body and its legend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeBody {
    /// The body in formula mode, with `#` note lines.
    pub body: String,
    /// One line per kick-off field: label, alias, type, options, required.
    pub legend: Vec<String>,
    /// Every pill the body reads, by key, and what it stands for.
    pub pills: Vec<(String, Pill)>,
}

/// What a pill of the recipe body stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pill {
    /// The process name.
    Name,
    /// A kick-off field's value (by field id): text, an option's text, a list of texts, a
    /// date, guests' emails, a file's URL.
    Field(String),
    /// One cell of a table field: (field id, column index).
    Cell(String, usize),
    /// A file field's file name (by field id).
    FileName(String),
    /// A step's deadline (by step id).
    Deadline(String),
    /// A step's assignee's email (by step id).
    Assignee(String),
}

/// Hands out pill keys, each once: a second use of a key gets `_2`, `_3`.
#[derive(Default)]
struct Keys {
    taken: BTreeSet<String>,
    pills: Vec<(String, Pill)>,
}

impl Keys {
    fn take(&mut self, base: &str, pill: Pill) -> String {
        let mut key = base.to_string();
        let mut n = 1;
        while !self.taken.insert(key.clone()) {
            n += 1;
            key = format!("{base}_{n}");
        }
        self.pills.push((key.clone(), pill));
        key
    }
}

/// Whether an alias can be a pill key as it is: Tallyfy's aliases are letters, digits and `-`.
fn plain_alias(alias: &str) -> bool {
    !alias.is_empty()
        && alias
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The key a field's expression reads: its alias when it is plain, else a slug of its label
/// (or id).
pub fn trigger_key(field: &Field) -> String {
    let alias = field.alias.trim();
    if plain_alias(alias) {
        return alias.to_string();
    }
    let named = [&field.label, &field.alias, &field.id]
        .into_iter()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .unwrap_or("value");
    ruby::pill_key(named)
}

/// `trigger['<key>']`.
fn trigger(key: &str) -> String {
    format!("trigger[{}]", ruby::string(key))
}

/// A hash key written as inert JSON (`"…":`), as the rest of the body is.
fn json_key(key: &str) -> String {
    ruby::json(&serde_json::Value::String(key.to_string()), false)
}

/// `{'<text>' => <id>, …}`: an option's id by its text.
fn ids_by_text(field: &Field) -> String {
    let pairs: Vec<String> = field
        .options
        .iter()
        .map(|o| format!("{} => {}", ruby::string(&o.text), o.id))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

/// The options as a note: `1 = 'Gold', 2 = 'Silver'`.
fn options_note(field: &Field) -> String {
    field
        .options
        .iter()
        .map(|o| format!("{} = {}", o.id, ruby::string(&o.text)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The expression a field's value needs, and a note for the recipe author. Values keep the
/// pill's text as it is (option texts are compared byte for byte); lists are list pills.
fn expression(field: &Field, keys: &mut Keys) -> (String, String) {
    let key = keys.take(&trigger_key(field), Pill::Field(field.id.clone()));
    let pill = trigger(&key);
    let chosen = format!("Array({pill})");
    if field.is_list_backed() {
        let value = match field.field_type {
            FieldType::Radio => format!("{pill}.to_s"),
            FieldType::Multiselect => {
                format!("{chosen}.map {{ |t| {{\"text\": t.to_s, \"selected\": true}} }}")
            }
            _ => format!("{{\"text\": {pill}.to_s}}"),
        };
        let note = format!(
            "{}: filled from a list in Tallyfy, by the item's text (a checklist: a list pill)",
            field.field_type.ui_name()
        );
        return (value, note);
    }
    match field.field_type {
        FieldType::Text | FieldType::Textarea => {
            (format!("{pill}.to_s"), field.field_type.ui_name().to_string())
        }
        FieldType::Email => (format!("{pill}.to_s.strip"), "Email".into()),
        FieldType::Date => (
            format!("{pill}.to_time.utc.iso8601(3)"),
            "Date: a date or time pill, sent as an ISO 8601 UTC time".into(),
        ),
        FieldType::Radio => (
            format!("{pill}.to_s"),
            format!("Radio: the option's text, exactly one of {}", options_note(field)),
        ),
        FieldType::Dropdown => (
            format!(
                "{{\"id\": {}[{pill}.to_s], \"text\": {pill}.to_s}}",
                ids_by_text(field)
            ),
            format!(
                "Dropdown: the option's text (its id is looked up); options (id = text): {}",
                options_note(field)
            ),
        ),
        FieldType::Multiselect => (
            format!(
                "{chosen}.map {{ |t| {{\"id\": {}[t.to_s], \"text\": t.to_s, \"selected\": true}} }}",
                ids_by_text(field)
            ),
            format!(
                "Checklist: a list pill of the chosen options' texts; options (id = text): {}",
                options_note(field)
            ),
        ),
        FieldType::Table => {
            let cells: Vec<String> = field
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let base = format!("{key}_{}", ruby::pill_key(&c.label));
                    format!(
                        "{}.to_s",
                        trigger(&keys.take(&base, Pill::Cell(field.id.clone(), i)))
                    )
                })
                .collect();
            (
                format!("[{}]", cells.join(", ")),
                "Table: one row, one entry per column in this order".into(),
            )
        }
        FieldType::AssigneesForm => (
            format!(
                "{{\"users\": [], \"guests\": {chosen}.map {{ |e| e.to_s.strip }}, \"groups\": []}}"
            ),
            "Assignees: a list pill of guests' emails; users are member ids (integers), groups are group ids"
                .into(),
        ),
        FieldType::File => {
            let name = keys.take(&format!("{key}_file_name"), Pill::FileName(field.id.clone()));
            (
                format!(
                    "[{{\"filename\": {}.to_s, \"source\": 'url', \"url\": {pill}.to_s}}]",
                    trigger(&name)
                ),
                "File: a list of file objects given by URL".into(),
            )
        }
        FieldType::Unsupported(_) => (String::new(), String::new()),
    }
}

/// The `tasks` part: a key and notes for each step assigned at launch.
fn tasks_part(template: &Template, keys: &mut Keys) -> Option<String> {
    let at_launch: Vec<_> = template
        .steps_for_assignment()
        .into_iter()
        .filter(|s| s.assigned_at_launch())
        .collect();
    if at_launch.is_empty() {
        return None;
    }
    let tasks = at_launch
        .iter()
        .map(|step| {
            let base = format!("step_{}", ruby::pill_key(step.display_name()));
            let deadline = keys.take(&format!("{base}_deadline"), Pill::Deadline(step.id.clone()));
            let assignee = keys.take(
                &format!("{base}_assignee_email"),
                Pill::Assignee(step.id.clone()),
            );
            format!(
                "    {}\n    {}: {{\"deadline\": {}.to_time.utc.iso8601, \"owners\": {{\"users\": [], \"guests\": [{}.to_s.strip], \"groups\": []}}}}",
                ruby::note(&format!(
                    "Step \"{}\" is assigned at launch: who does it (member ids, guest emails, group ids) and by when.",
                    step.display_name()
                )),
                json_key(&step.id),
                trigger(&deadline),
                trigger(&assignee)
            )
        })
        .collect::<Vec<_>>()
        .join(",\n");
    Some(format!("  \"tasks\": {{\n{tasks}\n  }}"))
}

/// The reusable body for `template`.
pub fn recipe_body(template: &Template) -> RecipeBody {
    let mut keys = Keys::default();
    let mut lines = vec!["{".to_string()];
    let mut top = vec![format!(
        "  \"checklist_id\": {}",
        ruby::string(&template.id)
    )];
    if template.naming.tallyfy_names_it() {
        lines.push("  # No name: this template names its processes itself.".into());
    } else {
        let key = keys.take("process_name", Pill::Name);
        top.push(format!("  \"name\": {}.to_s", trigger(&key)));
    }
    let fields: Vec<&Field> = template
        .fields
        .iter()
        .filter(|f| !matches!(f.field_type, FieldType::Unsupported(_)))
        .collect();
    let mut legend = Vec::with_capacity(fields.len());
    let prerun: Vec<String> = fields
        .iter()
        .map(|field| {
            let (value, note) = expression(field, &mut keys);
            let key = keys
                .pills
                .iter()
                .rev()
                .find(|(_, p)| *p == Pill::Field(field.id.clone()));
            let key = key.map_or("", |(k, _)| k.as_str());
            legend.push(legend_line(field, key));
            let required = if field.required { "REQUIRED. " } else { "" };
            format!(
                "    {}\n    {}: {value}",
                ruby::note(&format!(
                    "{} (pill {key}): {required}{note}",
                    field.display_name()
                )),
                json_key(&field.id)
            )
        })
        .collect();
    top.push(format!("  \"prerun\": {{\n{}\n  }}", prerun.join(",\n")));
    top.extend(tasks_part(template, &mut keys));
    lines.push(top.join(",\n"));
    lines.push("}".into());
    RecipeBody {
        body: lines.join("\n"),
        legend,
        pills: keys.pills,
    }
}

/// A field's line in the legend, on one line.
fn legend_line(f: &Field, key: &str) -> String {
    let mut line = format!(
        "{} | pill {key} | alias {} | {} | {}",
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
        line.push_str(&format!(" | options {}", options_note(f)));
    }
    super::syntax::one_line(&line)
}
