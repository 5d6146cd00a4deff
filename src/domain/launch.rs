//! A launch as the user prepares it ([`LaunchDraft`]) and as it is sent ([`LaunchBody`]).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::directory::Directory;
use super::formula::{literal_formula, render_name, FormulaError};
use super::template::Template;
use super::values::{encode, EncodeContext, FieldInput, LocalZone};

/// What the user has prepared for one launch; everything kept as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LaunchDraft {
    /// Template (checklist) id.
    pub template_id: String,
    pub name_formula: String,
    /// Owner's member id; `None` lets the caller own it.
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub summary: String,
    /// Inputs by field id.
    #[serde(default)]
    pub values: BTreeMap<String, FieldInput>,
}

/// The JSON body of `POST /organizations/{org}/runs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LaunchBody {
    pub checklist_id: String,
    pub name: String,
    /// Summary, left out when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Owner, left out when the caller should own it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<i64>,
    /// Kick-off values keyed by field id; only ids the template has.
    #[serde(default)]
    pub prerun: Map<String, Value>,
}

impl LaunchBody {
    /// The body as compact JSON (what is sent and compared for duplicates).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The body as indented JSON (for people).
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Everything wrong with a draft, so all problems can be shown at once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftProblems {
    /// Problem with the process name.
    pub name: Option<String>,
    /// Problem with the owner.
    pub owner: Option<String>,
    /// Problems by field id.
    pub fields: BTreeMap<String, String>,
}

impl DraftProblems {
    /// Whether there is nothing wrong.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.owner.is_none() && self.fields.is_empty()
    }

    /// How many problems there are.
    pub fn count(&self) -> usize {
        self.fields.len() + usize::from(self.name.is_some()) + usize::from(self.owner.is_some())
    }

    /// Every problem as "what: message", fields in form order.
    pub fn summary(&self, template: &Template) -> Vec<String> {
        let mut out = Vec::new();
        for field in &template.fields {
            if let Some(message) = self.fields.get(&field.id) {
                out.push(format!("{}: {message}", field.display_name()));
            }
        }
        if let Some(message) = &self.name {
            out.push(format!("Process name: {message}"));
        }
        if let Some(message) = &self.owner {
            out.push(format!("Owner: {message}"));
        }
        out
    }
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
        let draft = LaunchDraft {
            template_id: template.id.clone(),
            name_formula: literal_formula(&body.name),
            owner_id: body.owner_id,
            summary: body.summary.clone(),
            values,
        };
        (draft, unplaced)
    }

    /// A draft for a template with every field at its initial value.
    pub fn for_template(
        template: &Template,
        name_formula: String,
        ctx: &EncodeContext<'_>,
    ) -> LaunchDraft {
        LaunchDraft {
            template_id: template.id.clone(),
            name_formula,
            owner_id: None,
            summary: String::new(),
            values: template
                .fields
                .iter()
                .map(|f| (f.id.clone(), FieldInput::initial(f, ctx.zone)))
                .collect(),
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
        let name = match self.name(template, ctx.directory, now) {
            Ok(name) => name,
            Err(e) => {
                problems.name = Some(e.to_string());
                String::new()
            }
        };
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

    /// Records this draft's inputs by field id: non-blank ones are remembered, blank ones
    /// forgotten (the user emptied them).
    pub fn remember_into(&self, remembered: &mut BTreeMap<String, FieldInput>) {
        for (id, input) in &self.values {
            if input.is_blank() {
                remembered.remove(id);
            } else {
                remembered.insert(id.clone(), input.clone());
            }
        }
    }
}
