//! What fills the Launch form besides typing: a recorded launch ("Launch again"), a pre-fill
//! link, a preset, or a launch body pasted from Workato or a seed file. Each becomes a draft for
//! the template, and whatever cannot be carried over is listed, never dropped silently.

use super::body_import::{place_values, ImportedBody};
use super::formula::literal_formula;
use super::launch::{LaunchBody, LaunchDraft};
use super::preset::Preset;
use super::relied::Relied;
use super::share::ShareLink;
use super::template::{FieldType, Template};
use super::values::EncodeContext;

/// A source of values for the Launch form.
#[derive(Clone, Debug, PartialEq)]
pub enum Fill {
    /// A recorded launch ("Launch again").
    Body(LaunchBody),
    /// A pre-fill link.
    Link(ShareLink),
    /// A preset (boxed: it is the largest by far).
    Preset(Box<Preset>),
    /// A launch body pasted from Workato or a seed file.
    Imported(ImportedBody),
}

impl Fill {
    /// The template it is for.
    pub fn template_id(&self) -> &str {
        match self {
            Fill::Body(body) => &body.checklist_id,
            Fill::Link(link) => link.template_id.as_deref().unwrap_or_default(),
            Fill::Preset(preset) => preset.template_id(),
            Fill::Imported(body) => &body.template_id,
        }
    }

    /// Whether placing it in `template`'s form looks people up among the members and groups (an
    /// owner, assignees, a people field's value): only then must it wait for those lists. A
    /// link that only opens a template, or fills fields that hold no people, needs none.
    pub fn reads_people(&self, template: &Template) -> bool {
        match self {
            Fill::Link(link) => {
                let people_field = template
                    .fields
                    .iter()
                    .any(|f| f.field_type == FieldType::AssigneesForm);
                link.owner.is_some()
                    || !link.step_people.is_empty()
                    || !link.role_people.is_empty()
                    || (people_field && !link.values.is_empty())
            }
            Fill::Body(_) | Fill::Preset(_) | Fill::Imported(_) => true,
        }
    }

    /// The draft of a fill that carries nothing to place (a link that only opens its template)
    /// for a template whose defaults need no reader: the template's fresh form, as
    /// [`LaunchDraft::from_fill`] gives it with no problems, made without the readers for values
    /// (the app keeps those out of the form's own code). `None` for any other fill or template.
    pub fn bare_draft(&self, template: &Template) -> Option<LaunchDraft> {
        if !self.only_names_template() {
            return None;
        }
        LaunchDraft::for_template_in_place(template, template.initial_formula())
    }

    /// Whether it carries nothing to place: a link that only opens its template.
    pub fn only_names_template(&self) -> bool {
        matches!(self, Fill::Link(link) if link.only_names_template())
    }
}

impl LaunchDraft {
    /// The draft `fill` gives for `template`, and what could not be carried over (each with why).
    pub fn from_fill(
        template: &Template,
        fill: Fill,
        ctx: &EncodeContext<'_>,
    ) -> (LaunchDraft, Vec<String>) {
        let mut problems = Vec::new();
        let draft = match fill {
            Fill::Body(body) => {
                let (draft, unplaced) = LaunchDraft::from_body(template, &body, ctx.zone);
                problems.extend(unplaced);
                // What the template changed since (the unplaced values name what is gone).
                let drift = Relied::of_record(&body).drift(template);
                problems.extend(
                    drift
                        .into_iter()
                        .filter(|d| !d.is_removal())
                        .map(|d| format!("Since this launch, {d}.")),
                );
                draft
            }
            Fill::Link(link) => from_link(template, link, ctx, &mut problems),
            Fill::Imported(body) => from_imported(template, body, ctx, &mut problems),
            Fill::Preset(preset) => from_preset(template, *preset, ctx, &mut problems),
        };
        (draft, problems)
    }
}

/// A pre-fill link's draft: its values, assignments, owner, name and summary.
fn from_link(
    template: &Template,
    link: ShareLink,
    ctx: &EncodeContext<'_>,
    problems: &mut Vec<String>,
) -> LaunchDraft {
    let formula = link
        .name_formula
        .clone()
        .unwrap_or_else(|| template.initial_formula());
    let mut draft = LaunchDraft::for_template(template, formula, ctx);
    let (inputs, unplaced) = link.inputs_for(template, ctx);
    draft.values.extend(inputs);
    problems.extend(unplaced);
    let ((steps, roles), unassigned) = link.assignments_for(template);
    draft.steps = steps;
    draft.roles = roles;
    problems.extend(unassigned);
    if let Some(owner) = link
        .owner
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        let id = owner
            .parse::<i64>()
            .ok()
            .or_else(|| ctx.directory.member_by_email(owner).map(|m| m.id));
        match id {
            Some(id) => draft.owner_id = Some(id),
            None => problems.push(format!(
                "The owner \"{owner}\" could not be found among the members: choose the owner."
            )),
        }
    }
    if template.naming.tallyfy_names_it() && link.name_formula.is_some() {
        problems.push(
            "The link's process name was not used: this template names its processes itself."
                .to_string(),
        );
    }
    if let Some(summary) = link.summary {
        draft.summary = summary;
    }
    draft
}

/// A pasted body's draft (from Workato or a seed file): values, owner (by id or email), name,
/// assignments and options; the keys the launcher does not carry are named.
fn from_imported(
    template: &Template,
    body: ImportedBody,
    ctx: &EncodeContext<'_>,
    problems: &mut Vec<String>,
) -> LaunchDraft {
    let formula = body
        .name
        .as_deref()
        .map(literal_formula)
        .unwrap_or_else(|| template.initial_formula());
    let mut draft = LaunchDraft::for_template(template, formula, ctx);
    let (inputs, unplaced) = place_values(&body.prerun, template, ctx.zone, ctx);
    draft.values.extend(inputs);
    problems.extend(unplaced);
    draft.owner_id = body.owner_id;
    if let Some(owner) = body.owner_text.as_deref().filter(|o| !o.is_empty()) {
        match ctx.directory.member_by_email(owner) {
                Some(member) => draft.owner_id = Some(member.id),
                None => problems.push(format!(
                    "owner_id \"{owner}\" is not a member id or a member's email, so the process would be owned by whoever the token belongs to: choose the owner."
                )),
            }
    }
    if let (Some(id), Some(_)) = (draft.owner_id, &ctx.directory.members) {
        if ctx.directory.member(id).is_none() {
            draft.owner_id = None;
            problems.push(format!(
                "owner_id {id} is not a member of this organization: choose the owner."
            ));
        }
    }
    if template.naming.tallyfy_names_it() && body.name.is_some() {
        problems
            .push("The name was not used: this template names its processes itself.".to_string());
    }
    let recorded = LaunchBody {
        tasks: body.tasks.clone(),
        roles: body.roles.clone(),
        ..LaunchBody::default()
    };
    let (steps, roles) = super::launch::assignments_from_body(template, &recorded, problems);
    draft.steps = steps;
    draft.roles = roles;
    draft.options = body.options.clone();
    for key in &body.ignored {
        problems.push(format!(
                "\"{key}\" is not carried into the form (the launcher sends the template, name, owner, summary, kick-off values, step assignments, starred, tags and folders): set it in Tallyfy after launching if you need it."
            ));
    }
    draft.summary = body.summary.unwrap_or_default();
    draft
}

/// A preset's draft: the values, steps and roles the template still has. What changed since
/// the preset was saved is said in words when the preset knows what it relied on (presets
/// saved before that only say which value no longer fits).
fn from_preset(
    template: &Template,
    preset: Preset,
    ctx: &EncodeContext<'_>,
    problems: &mut Vec<String>,
) -> LaunchDraft {
    let Preset {
        draft: saved,
        relied,
        ..
    } = preset;
    if let Some(relied) = &relied {
        problems.extend(
            relied
                .drift(template)
                .into_iter()
                .map(|d| format!("Since the preset was saved, {d}.")),
        );
    }
    let explained = relied.is_some();
    let mut draft = LaunchDraft::for_template(template, saved.name_formula.clone(), ctx);
    for (id, input) in saved.values {
        match template.field(&id) {
            Some(field) if input.fits(field) => {
                draft.values.insert(id, input);
            }
            _ if explained => {}
            _ => problems.push(format!(
                "The preset's value for field {id} no longer fits the template."
            )),
        }
    }
    draft.owner_id = saved.owner_id;
    draft.summary = saved.summary;
    draft.options = saved.options;
    for (id, assignment) in saved.steps {
        match template.steps.iter().find(|s| s.id == id) {
            Some(_) => {
                draft.steps.insert(id, assignment);
            }
            None if explained => {}
            None => problems.push(format!(
                "The preset assigns step {id}, which the template no longer has."
            )),
        }
    }
    for (id, assignment) in saved.roles {
        match template.roles.iter().find(|r| r.id == id) {
            Some(_) => {
                draft.roles.insert(id, assignment);
            }
            None => problems.push(format!(
                "The preset assigns role {id}, which the template no longer has."
            )),
        }
    }
    draft
}
