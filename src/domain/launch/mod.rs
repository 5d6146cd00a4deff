//! A launch as the user prepares it ([`LaunchDraft`]) and as it is sent ([`LaunchBody`]).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::assign::{encode_assignments, Assignment};
use super::directory::Directory;
use super::formula::{literal_formula, render_name, FormulaError};
use super::template::Template;
use super::values::{encode, EncodeContext, FieldInput, LocalZone};

mod body;
mod problems;

pub use body::LaunchBody;
pub use problems::DraftProblems;

/// What the user has prepared for one launch; everything kept as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LaunchDraft {
    /// Template (checklist) id.
    pub template_id: String,
    /// The process-name formula, as typed.
    #[serde(default)]
    pub name_formula: String,
    /// Owner's member id; `None` lets the caller own it.
    #[serde(default)]
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub summary: String,
    /// Inputs by field id.
    #[serde(default)]
    pub values: BTreeMap<String, FieldInput>,
    /// Step assignments by step id (only steps the user changed).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub steps: BTreeMap<String, Assignment>,
    /// Role assignments by role id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<String, Assignment>,
    /// Process-level options: starred, tags, folders.
    #[serde(default, skip_serializing_if = "ProcessOptions::is_empty")]
    pub options: ProcessOptions,
}

/// Options of the process as a whole, as the launch body takes them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessOptions {
    /// Star the process for whoever launches it.
    #[serde(default)]
    pub starred: bool,
    /// Tag ids.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Process folder ids.
    #[serde(default)]
    pub folders: Vec<String>,
}

impl ProcessOptions {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        !self.starred && self.tags.is_empty() && self.folders.is_empty()
    }
}

/// Inputs by field id, a later input for an id replacing an earlier one (as `collect` would).
// Inserted one by one rather than collected: collecting into a `BTreeMap` sorts the pairs first,
// and that sort was 4 KB of code in the kick-off form's chunk for each map collected.
pub fn values_by_id(
    inputs: impl IntoIterator<Item = (String, FieldInput)>,
) -> BTreeMap<String, FieldInput> {
    let mut values = BTreeMap::new();
    values.extend(inputs);
    values
}

impl LaunchDraft {
    /// The draft that sends `body` again for `template`: its name (as literal text), owner,
    /// summary and every value the template still has a field for. The second part lists the
    /// values that could not be placed, for the user to see.
    pub fn from_body(
        template: &Template,
        body: &LaunchBody,
        zone: &dyn LocalZone,
    ) -> (LaunchDraft, Vec<String>) {
        let mut values = BTreeMap::new();
        let mut unplaced = Vec::new();
        for (id, value) in &body.prerun {
            match template.field(id) {
                Some(field) => match FieldInput::from_api_value(field, value, zone) {
                    Some(input) => {
                        values.insert(id.clone(), input);
                    }
                    None => unplaced.push(format!(
                        "{}: the recorded value {value} does not fit the field now",
                        field.display_name()
                    )),
                },
                None => unplaced.push(format!(
                    "field {id} is no longer in the template (value {value})"
                )),
            }
        }
        let (steps, roles) = assignments_from_body(template, body, &mut unplaced);
        let name_formula = if body.name.is_empty() {
            template.initial_formula()
        } else {
            literal_formula(&body.name)
        };
        let draft = LaunchDraft {
            template_id: template.id.clone(),
            name_formula,
            owner_id: body.owner_id,
            summary: body.summary.clone(),
            values,
            steps,
            roles,
            options: ProcessOptions {
                starred: body.starred,
                tags: body.tags.clone(),
                folders: body.folders.clone(),
            },
        };
        (draft, unplaced)
    }

    /// A draft for a template with every field at its initial value.
    pub fn for_template(
        template: &Template,
        name_formula: String,
        ctx: &EncodeContext<'_>,
    ) -> LaunchDraft {
        let values = template
            .fields
            .iter()
            .map(|f| (f.id.clone(), FieldInput::initial(f, ctx.zone)));
        LaunchDraft::with_values(template, name_formula, values_by_id(values))
    }

    /// [`LaunchDraft::for_template`] when no field's default needs a reader (see
    /// [`FieldInput::initial_in_place`]); `None` when one does.
    pub fn for_template_in_place(template: &Template, name_formula: String) -> Option<LaunchDraft> {
        let values = template
            .fields
            .iter()
            .map(|f| FieldInput::initial_in_place(f).map(|input| (f.id.clone(), input)))
            .collect::<Option<Vec<_>>>()?;
        let values = values_by_id(values);
        Some(LaunchDraft::with_values(template, name_formula, values))
    }

    fn with_values(
        template: &Template,
        name_formula: String,
        values: BTreeMap<String, FieldInput>,
    ) -> LaunchDraft {
        LaunchDraft {
            template_id: template.id.clone(),
            name_formula,
            values,
            ..LaunchDraft::default()
        }
    }

    /// The input for a field, or its empty input when none was entered.
    pub fn input_for(&self, field: &super::template::Field) -> FieldInput {
        self.values
            .get(&field.id)
            .filter(|input| input.fits(field))
            .cloned()
            .unwrap_or_else(|| FieldInput::empty_for(field))
    }

    /// (label, text) pairs that name formulas may refer to.
    pub fn placeholder_values(
        &self,
        template: &Template,
        directory: &Directory,
    ) -> Vec<(String, String)> {
        template
            .fields
            .iter()
            .filter(|f| !f.label.trim().is_empty())
            .map(|f| {
                (
                    f.label.trim().to_string(),
                    self.input_for(f).display_text(f, directory),
                )
            })
            .collect()
    }

    /// The process name the formula gives now.
    pub fn name(
        &self,
        template: &Template,
        directory: &Directory,
        now: DateTime<FixedOffset>,
    ) -> Result<String, FormulaError> {
        render_name(
            &self.name_formula,
            &self.placeholder_values(template, directory),
            now,
        )
    }

    /// The body as far as it can be built, with every problem found on the way: fields with
    /// problems are left out of `prerun`, and a name that cannot be rendered is empty.
    pub fn assemble(
        &self,
        template: &Template,
        ctx: &EncodeContext<'_>,
        now: DateTime<FixedOffset>,
    ) -> (LaunchBody, DraftProblems) {
        let mut problems = DraftProblems::default();
        let mut prerun = Map::new();
        // Only the template's own fields: a key it does not have would be silently dropped.
        for field in &template.fields {
            match encode(field, &self.input_for(field), ctx) {
                Ok(Some(value)) => {
                    prerun.insert(field.id.clone(), value);
                }
                Ok(None) => {}
                Err(error) => {
                    problems.fields.insert(field.id.clone(), error.to_string());
                }
            }
        }
        // Tallyfy names the process when the template says so, or when the name is left empty.
        let name = if template.naming.tallyfy_names_it() || self.name_formula.trim().is_empty() {
            String::new()
        } else {
            match self.name(template, ctx.directory, now) {
                Ok(name) => name,
                Err(e) => {
                    problems.name = Some(e.to_string());
                    String::new()
                }
            }
        };
        let (tasks, roles, assignment_problems) =
            encode_assignments(template, &self.steps, &self.roles, ctx, now);
        problems.assignments = assignment_problems;
        if let (Some(owner), Some(_)) = (self.owner_id, &ctx.directory.members) {
            if ctx.directory.member(owner).is_none() {
                problems.owner = Some(format!(
                    "Member {owner} is not in this organization; choose the owner again."
                ));
            }
        }
        let body = LaunchBody {
            checklist_id: template.id.clone(),
            name,
            summary: self.summary.trim().to_string(),
            owner_id: self.owner_id,
            prerun,
            tasks,
            roles,
            starred: self.options.starred,
            tags: self.options.tags.clone(),
            folders: self.options.folders.clone(),
        };
        (body, problems)
    }

    /// Checks every part of the draft and builds the body, or lists every problem.
    pub fn build(
        &self,
        template: &Template,
        ctx: &EncodeContext<'_>,
        now: DateTime<FixedOffset>,
    ) -> Result<LaunchBody, DraftProblems> {
        let (body, problems) = self.assemble(template, ctx, now);
        if problems.is_empty() {
            Ok(body)
        } else {
            Err(problems)
        }
    }

    /// Refills fields from inputs remembered by field id (what the user typed for another
    /// template whose fields share ids, or for this template earlier).
    pub fn apply_remembered(
        &mut self,
        template: &Template,
        remembered: &BTreeMap<String, FieldInput>,
    ) {
        for field in &template.fields {
            if let Some(input) = remembered
                .get(&field.id)
                .filter(|i| i.fits(field) && !i.is_blank())
            {
                self.values.insert(field.id.clone(), input.clone());
            }
        }
    }

    /// Records this draft's inputs by field id, blank ones too: a blank one (the user emptied
    /// the field) replaces what was remembered, and [`LaunchDraft::apply_remembered`] skips
    /// it, so it is forgotten. (Kept rather than removed: removing from a map brings the map's
    /// rebalancing code into the form's chunk.)
    pub fn remember_into(&self, remembered: &mut BTreeMap<String, FieldInput>) {
        for (id, input) in &self.values {
            remembered.insert(id.clone(), input.clone());
        }
    }
}

/// The step and role assignments a recorded body carried, as a draft holds them; what no
/// longer fits the template is added to `unplaced`.
pub(crate) fn assignments_from_body(
    template: &Template,
    body: &LaunchBody,
    unplaced: &mut Vec<String>,
) -> (BTreeMap<String, Assignment>, BTreeMap<String, Assignment>) {
    let owners_of = |value: &Value| {
        let (users, groups, people) = super::values::owners_of(value);
        Assignment {
            users,
            groups,
            people,
            deadline: String::new(),
        }
    };
    let mut steps = BTreeMap::new();
    for (id, task) in &body.tasks {
        if template.steps.iter().all(|s| &s.id != id) {
            unplaced.push(format!(
                "step {id} is no longer in the template (its assignment was not kept)"
            ));
            continue;
        }
        let mut assignment = task.get("owners").map(owners_of).unwrap_or_default();
        // A recorded deadline is an instant: kept as the date and time it named, in UTC.
        if let Some(at) = task.get("deadline").and_then(Value::as_str) {
            assignment.deadline = at.to_string();
        }
        steps.insert(id.clone(), assignment);
    }
    let mut roles = BTreeMap::new();
    for (id, owners) in &body.roles {
        if template.roles.iter().all(|r| &r.id != id) {
            unplaced.push(format!(
                "role {id} is no longer in the template (its assignment was not kept)"
            ));
            continue;
        }
        roles.insert(id.clone(), owners_of(owners));
    }
    (steps, roles)
}
