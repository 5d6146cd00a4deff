//! Which field each column feeds, matched automatically and chosen by the user.

use serde::{Deserialize, Serialize};

use crate::domain::formula::NameFormula;
use crate::domain::template::{Field, Template};

/// What a column feeds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// A kick-off field, by id.
    Field(String),
    /// The process name.
    ProcessName,
    /// The owner (member email or id).
    Owner,
    /// The summary.
    Summary,
    /// Who does a step (people as text), by step id.
    StepPeople(String),
    /// A step's deadline, by step id.
    StepDeadline(String),
    /// Who fills a template role (people as text), by role id.
    RolePeople(String),
    /// Nothing: the column is ignored on purpose.
    Ignore,
    /// Not decided: the header matched no field.
    Unknown,
    /// Not decided: the header matched several fields equally well (their ids).
    Ambiguous(Vec<String>),
}

impl Target {
    /// Whether the user still has to decide.
    pub fn unresolved(&self) -> bool {
        matches!(self, Target::Unknown | Target::Ambiguous(_))
    }
}

/// Matches headers to the template's fields: by id, then alias, then label, exact before
/// case-insensitive; "Process name", "Owner" and "Summary" are recognised too, and step
/// columns: "Assign: <step>" (or the step's own title), "Deadline: <step>", "Role: <role>".
pub fn auto_map(headers: &[String], template: &Template) -> Vec<Target> {
    headers
        .iter()
        .map(|header| {
            let h = header.trim();
            let after = |prefix: &str| {
                h.split_once(':')
                    .filter(|(p, _)| p.trim().eq_ignore_ascii_case(prefix))
                    .map(|(_, rest)| rest.trim())
            };
            if let Some(step) = after("assign").and_then(|s| template.step_named(s)) {
                return Target::StepPeople(step.id.clone());
            }
            if let Some(step) = after("deadline").and_then(|s| template.step_named(s)) {
                return Target::StepDeadline(step.id.clone());
            }
            if let Some(role) = after("role").and_then(|r| template.role_named(r)) {
                return Target::RolePeople(role.id.clone());
            }
            match template.fields_named(h).as_slice() {
                [] => {}
                [only] => return Target::Field(only.id.clone()),
                found => return Target::Ambiguous(found.iter().map(|f| f.id.clone()).collect()),
            }
            if let Some(step) = template.step_named(h) {
                return Target::StepPeople(step.id.clone());
            }
            match h.to_lowercase().as_str() {
                "process name" | "process" | "name" | "run name" => Target::ProcessName,
                "owner" | "owner email" | "owner_id" => Target::Owner,
                "summary" | "description" => Target::Summary,
                "" => Target::Ignore,
                _ => Target::Unknown,
            }
        })
        .collect()
}

/// Where process names come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum NameSource {
    /// The column mapped to the process name.
    Column,
    /// A formula whose placeholders are column headers (and dates).
    Formula(String),
}

/// Problems with the mapping itself (they block checking rows).
pub fn mapping_problems(
    headers: &[String],
    targets: &[Target],
    template: &Template,
    name: &NameSource,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (header, target) in headers.iter().zip(targets) {
        match target {
            Target::Unknown => problems.push(format!(
                "Column \"{header}\" matches no kick-off field or step: choose what it fills, or ignore it."
            )),
            Target::Ambiguous(ids) => {
                let names: Vec<&str> = ids
                    .iter()
                    .filter_map(|id| template.field(id).map(Field::display_name))
                    .collect();
                problems.push(format!(
                    "Column \"{header}\" could be any of {}: choose one, or ignore it.",
                    names.join(", ")
                ));
            }
            _ => {}
        }
    }
    let mut seen: Vec<(&Target, &str)> = Vec::new();
    for (header, target) in headers.iter().zip(targets) {
        if matches!(
            target,
            Target::Ignore | Target::Unknown | Target::Ambiguous(_)
        ) {
            continue;
        }
        match seen.iter().find(|(t, _)| *t == target) {
            Some((_, first)) => problems.push(format!(
                "Columns \"{first}\" and \"{header}\" both fill the same thing: ignore one of them."
            )),
            None => seen.push((target, header)),
        }
    }
    // A template that names its processes itself needs no name from the sheet.
    if *name == NameSource::Column
        && !targets.contains(&Target::ProcessName)
        && !template.naming.tallyfy_names_it()
    {
        problems.push(
            "No column is mapped to the process name: map one, or use a name formula.".into(),
        );
    }
    if let NameSource::Formula(formula) = name {
        if let Err(e) = NameFormula::parse(formula) {
            problems.push(format!("Process name formula: {e}"));
        }
    }
    problems
}

/// What a column can fill, each with its words, in the order a select lists them: first the
/// "not chosen" entry (its words say whether several fields matched `current`), then ignore,
/// process name, owner, summary, every field (the possible matches marked), each step's
/// assignees and deadline, each role's assignees.
pub fn column_choices(template: &Template, current: &Target) -> Vec<(Target, String)> {
    let candidates = match current {
        Target::Ambiguous(ids) => ids.clone(),
        _ => Vec::new(),
    };
    let unchosen = match current {
        Target::Ambiguous(_) => "(several fields match: choose one)",
        _ => "(no match: choose or ignore)",
    };
    let mut choices: Vec<(Target, String)> = vec![
        (Target::Unknown, unchosen.to_string()),
        (Target::Ignore, "Ignore this column".to_string()),
        (Target::ProcessName, "Process name".to_string()),
        (Target::Owner, "Owner (member email or id)".to_string()),
        (Target::Summary, "Summary".to_string()),
    ];
    choices.extend(template.fields.iter().map(|f| {
        let text = format!("{} ({})", f.display_name(), f.field_type.ui_name());
        let text = if candidates.contains(&f.id) {
            format!("{text} – possible match")
        } else {
            text
        };
        (Target::Field(f.id.clone()), text)
    }));
    choices.extend(template.steps.iter().flat_map(|s| {
        let title = s.display_name();
        [
            (
                Target::StepPeople(s.id.clone()),
                format!("Step \"{title}\": assignees"),
            ),
            (
                Target::StepDeadline(s.id.clone()),
                format!("Step \"{title}\": deadline"),
            ),
        ]
    }));
    choices.extend(template.roles.iter().map(|r| {
        (
            Target::RolePeople(r.id.clone()),
            format!("Role \"{}\": assignees", r.name),
        )
    }));
    choices
}
