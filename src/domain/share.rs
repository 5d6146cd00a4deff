//! Pre-fill links. A link opens the Launch screen with a template, a process-name formula, an
//! owner, a summary and kick-off values, carried in the URL fragment (`#/launch?...`) so static
//! hosts never see it. The format is plain `key=value` pairs that other systems can build:
//!
//! | key | meaning |
//! |---|---|
//! | `lv` | link format version (`1`) |
//! | `api` | API base URL (asks before switching if it differs from the settings) |
//! | `org` | organization id |
//! | `template` | template id |
//! | `name` | process-name formula |
//! | `owner` | owner's member id or email |
//! | `summary` | summary |
//! | `v.<field>` | a kick-off value; the field named by id, alias or label, the value as text (as in a spreadsheet cell) |
//! | `a.<step>` | who does a step: member or guest emails and group names, separated by commas; the step named by id, alias or title |
//! | `d.<step>` | a step's deadline: `2026-12-01 17:00`, `2026-12-01` (17:00), or a delay from launch (`+3d`, `+4h`) |
//! | `r.<role>` | who fills a template role: as for `a.`; the role named by id or name |
//! | `sum` | optional check value of everything before it (links made by the launcher carry one), to spot links cut short or altered |
//!
//! A link never carries the API token.

use std::collections::BTreeMap;

use super::assign::Assignment;
use super::syntax::url::query;
use super::template::{Field, Template};
use super::values::{EncodeContext, FieldInput};

/// Link format version written by this app.
pub const LINK_VERSION: &str = "1";
/// Longest link query accepted (longer ones are refused: something is wrong with them).
pub const MAX_LINK_CHARS: usize = 32 * 1024;

/// What a link carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareLink {
    /// API base URL.
    pub api_base: Option<String>,
    pub org: Option<String>,
    pub template_id: Option<String>,
    pub name_formula: Option<String>,
    /// Owner (member id or email).
    pub owner: Option<String>,
    pub summary: Option<String>,
    /// Kick-off values: (field id, alias or label; value as text), in link order.
    pub values: Vec<(String, String)>,
    /// Step assignees: (step id, alias or title; people as text).
    pub step_people: Vec<(String, String)>,
    /// Step deadlines: (step id, alias or title; deadline as text).
    pub step_deadlines: Vec<(String, String)>,
    /// Role assignees: (role id or name; people as text).
    pub role_people: Vec<(String, String)>,
}

/// Step and role assignments as a draft holds them (by step id, by role id).
pub type Assignments = (BTreeMap<String, Assignment>, BTreeMap<String, Assignment>);

/// CRC-32 (IEEE) of the text: the check value of a link.
fn checksum(text: &str) -> String {
    let mut crc: u32 = 0xffff_ffff;
    for byte in text.bytes() {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    format!("{:08x}", !crc)
}

impl ShareLink {
    /// Whether the link carries nothing for the Launch screen.
    pub fn is_empty(&self) -> bool {
        self.template_id.is_none()
            && self.name_formula.is_none()
            && self.owner.is_none()
            && self.summary.is_none()
            && self.values.is_empty()
            && self.step_people.is_empty()
            && self.step_deadlines.is_empty()
            && self.role_people.is_empty()
    }

    /// Whether the link only opens its template: it carries nothing to put in the form.
    pub fn only_names_template(&self) -> bool {
        ShareLink {
            template_id: None,
            api_base: None,
            org: None,
            ..self.clone()
        }
        .is_empty()
    }

    /// The query part of the link (after `#/launch?`), with its check value last.
    pub fn encode(&self) -> String {
        let mut pairs: Vec<(String, &str)> = vec![("lv".into(), LINK_VERSION)];
        let optional = [
            ("api", &self.api_base),
            ("org", &self.org),
            ("template", &self.template_id),
            ("name", &self.name_formula),
            ("owner", &self.owner),
            ("summary", &self.summary),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                pairs.push((key.into(), value));
            }
        }
        let prefixed = [
            ("v.", &self.values),
            ("a.", &self.step_people),
            ("d.", &self.step_deadlines),
            ("r.", &self.role_people),
        ];
        for (prefix, named) in prefixed {
            for (name, value) in named {
                pairs.push((format!("{prefix}{name}"), value));
            }
        }
        let body = query(pairs.iter().map(|(key, value)| (key.as_str(), *value)));
        format!("{body}&sum={}", checksum(&body))
    }

    /// Reads a link's query. Whatever cannot be read is reported, and the rest is kept.
    pub fn decode(query: &str) -> (ShareLink, Vec<String>) {
        let mut problems = Vec::new();
        let mut link = ShareLink::default();
        if query.len() > MAX_LINK_CHARS {
            problems.push(format!(
                "The link is {} characters long, more than the {MAX_LINK_CHARS} a pre-fill link may have, so none of it was used. Share fewer values, or use a preset file.",
                query.len()
            ));
            return (link, problems);
        }
        let query = query.trim_start_matches('?');
        // The check value covers everything before "&sum=".
        match query.rsplit_once("&sum=") {
            Some((body, sum)) if sum.trim() != checksum(body) => problems.push(
                "The link seems cut short or altered (its check value does not match): check every value before launching.".into(),
            ),
            Some(_) => {}
            None if query.contains("lv=") && query.contains("v.") => problems.push(
                "The link has no check value at its end: it may have been cut short. Check the values before launching.".into(),
            ),
            None => {}
        }
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let (Some(key), Some(value)) = (decode_part(raw_key), decode_part(raw_value)) else {
                problems.push(format!(
                    "A part of the link could not be read (\"{}\"): it was left out.",
                    shorten(pair)
                ));
                continue;
            };
            let value_opt = Some(value.clone());
            match key.as_str() {
                "lv" if value != LINK_VERSION => problems.push(format!(
                    "The link is in format {value}, which this version of the app may not fully understand."
                )),
                "lv" | "sum" => {}
                "api" => link.api_base = value_opt,
                "org" => link.org = value_opt,
                "template" => link.template_id = value_opt,
                "name" => link.name_formula = value_opt,
                "owner" => link.owner = value_opt,
                "summary" => link.summary = value_opt,
                "token" | "api_token" | "access_token" => problems.push(
                    "The link carried an API token, which links must never do: it was ignored. Whoever made the link should change that token.".into(),
                ),
                k => {
                    let (prefix, name) = k.split_at_checked(2).unwrap_or(("", k));
                    let list = match prefix {
                        "v." => Some(&mut link.values),
                        "a." => Some(&mut link.step_people),
                        "d." => Some(&mut link.step_deadlines),
                        "r." => Some(&mut link.role_people),
                        _ => None,
                    };
                    match list {
                        Some(list) if !name.trim().is_empty() => list.push((name.to_string(), value)),
                        _ => problems.push(format!("The link has an unknown part \"{}\": it was ignored.", shorten(k))),
                    }
                }
            }
        }
        (link, problems)
    }

    /// Places the link's values into inputs for `template`'s fields (named by id, alias or
    /// label). Names that match no field, or values that do not fit, are reported, not dropped
    /// silently.
    pub fn inputs_for(
        &self,
        template: &Template,
        ctx: &EncodeContext<'_>,
    ) -> (BTreeMap<String, FieldInput>, Vec<String>) {
        let mut inputs = BTreeMap::new();
        let mut problems = Vec::new();
        for (name, text) in &self.values {
            match find_field(template, name) {
                Ok(field) => match FieldInput::from_text(field, text, ctx) {
                    Ok(input) => {
                        inputs.insert(field.id.clone(), input);
                    }
                    Err(message) => problems.push(format!("{}: {message}", field.display_name())),
                },
                Err(message) => problems.push(message),
            }
        }
        (inputs, problems)
    }
}

/// What a share link made from a form carries besides its template.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareChoices {
    /// The fields whose values go in, by id.
    pub fields: std::collections::BTreeSet<String>,
    /// The process-name formula.
    pub name: bool,
    /// The owner.
    pub owner: bool,
    /// The summary (when not empty).
    pub summary: bool,
    /// The step and role assignments.
    pub assignments: bool,
    /// The API base and organization, when they go in.
    pub connection: Option<(String, String)>,
}

impl ShareLink {
    /// The link for `draft` of `template`, carrying what `choices` ticks: fields named by label
    /// when that is unambiguous, otherwise by id, their values as text.
    pub fn for_draft(
        template: &Template,
        draft: &super::launch::LaunchDraft,
        directory: &super::directory::Directory,
        choices: &ShareChoices,
    ) -> ShareLink {
        let values = template
            .fields
            .iter()
            .filter(|f| choices.fields.contains(&f.id))
            .map(|f| {
                let key =
                    if !f.label.trim().is_empty() && template.fields_named(&f.label).len() == 1 {
                        f.label.trim().to_string()
                    } else {
                        f.id.clone()
                    };
                (key, draft.input_for(f).to_text(f, directory))
            })
            .collect();
        let (api_base, org) = match &choices.connection {
            Some((base, org)) => (
                Some(base.clone()),
                Some(org.clone()).filter(|o| !o.is_empty()),
            ),
            None => (None, None),
        };
        let mut share = ShareLink {
            api_base,
            org,
            template_id: Some(template.id.clone()),
            name_formula: choices.name.then(|| draft.name_formula.clone()),
            owner: draft
                .owner_id
                .filter(|_| choices.owner)
                .map(|o| o.to_string()),
            summary: Some(draft.summary.clone()).filter(|s| choices.summary && !s.is_empty()),
            values,
            ..ShareLink::default()
        };
        if choices.assignments {
            share.add_assignments(
                template,
                &(draft.steps.clone(), draft.roles.clone()),
                directory,
            );
        }
        share
    }

    /// Adds a draft's step and role assignments: steps named by title (by id when two share
    /// a title), roles by name, people as text.
    pub fn add_assignments(
        &mut self,
        template: &Template,
        (steps, roles): &Assignments,
        directory: &super::directory::Directory,
    ) {
        for step in &template.steps {
            let Some(assignment) = steps.get(&step.id).filter(|a| !a.is_blank()) else {
                continue;
            };
            let unique = template
                .steps
                .iter()
                .filter(|s| s.title.trim().eq_ignore_ascii_case(step.title.trim()))
                .count()
                == 1;
            let key = if unique && !step.title.trim().is_empty() {
                step.title.trim().to_string()
            } else {
                step.id.clone()
            };
            if assignment.names_people() {
                self.step_people
                    .push((key.clone(), assignment.people_text(directory)));
            }
            if !assignment.deadline.trim().is_empty() {
                self.step_deadlines
                    .push((key, assignment.deadline.trim().to_string()));
            }
        }
        for role in &template.roles {
            if let Some(assignment) = roles.get(&role.id).filter(|a| a.names_people()) {
                self.role_people
                    .push((role.name.clone(), assignment.people_text(directory)));
            }
        }
    }

    /// Places the link's step and role assignments for `template` (steps named by id, alias
    /// or title; roles by id or name). Names that match nothing are reported.
    pub fn assignments_for(&self, template: &Template) -> (Assignments, Vec<String>) {
        let mut steps: BTreeMap<String, Assignment> = BTreeMap::new();
        let mut roles: BTreeMap<String, Assignment> = BTreeMap::new();
        let mut problems = Vec::new();
        let step_names = || {
            template
                .steps
                .iter()
                .map(|s| format!("\"{}\"", s.display_name()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let step_id = |name: &str, problems: &mut Vec<String>| match template.step_named(name) {
            Some(step) => Some(step.id.clone()),
            None => {
                problems.push(format!(
                    "The link assigns a step \"{}\" that \"{}\" does not have. Its steps: {}.",
                    name.trim(),
                    template.title,
                    if template.steps.is_empty() {
                        "none".to_string()
                    } else {
                        step_names()
                    }
                ));
                None
            }
        };
        for (name, people) in &self.step_people {
            if let Some(id) = step_id(name, &mut problems) {
                steps.entry(id).or_default().people = Assignment::from_text(people, "").people;
            }
        }
        for (name, deadline) in &self.step_deadlines {
            if let Some(id) = step_id(name, &mut problems) {
                steps.entry(id).or_default().deadline = deadline.trim().to_string();
            }
        }
        for (name, people) in &self.role_people {
            match template.role_named(name) {
                Some(role) => {
                    roles.insert(role.id.clone(), Assignment::from_text(people, ""));
                }
                None => problems.push(format!(
                    "The link assigns a role \"{}\" that \"{}\" does not have.",
                    name.trim(),
                    template.title
                )),
            }
        }
        ((steps, roles), problems)
    }
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        format!("{short}…")
    } else {
        short
    }
}

/// Percent-decodes one part; `None` when it is not valid (a cut `%E2%8`, invalid UTF-8).
/// (`form_urlencoded::parse` would quietly replace such damage, and a damaged value must be
/// reported, not launched.)
fn decode_part(text: &str) -> Option<String> {
    let plus_as_space = text.replace('+', " ");
    let mut bytes = plus_as_space.bytes();
    let mut out = Vec::with_capacity(plus_as_space.len());
    while let Some(byte) = bytes.next() {
        if byte == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            out.push(byte);
        }
    }
    String::from_utf8(out).ok()
}

/// The field a link or spreadsheet names: by id, then alias, then label (exact, then ignoring
/// case). Unknown and ambiguous names are errors that say which fields exist.
pub fn find_field<'a>(template: &'a Template, name: &str) -> Result<&'a Field, String> {
    match template.fields_named(name).as_slice() {
        [only] => return Ok(only),
        [] => {}
        found => {
            return Err(format!(
                "\"{}\" could be any of {} fields: name it by its id.",
                name.trim(),
                found.len()
            ))
        }
    }
    let names: Vec<String> = template
        .fields
        .iter()
        .map(|f| format!("\"{}\"", f.display_name()))
        .collect();
    Err(format!(
        "The link names a field \"{}\" that \"{}\" does not have. Its fields: {}.",
        name.trim(),
        template.title,
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    ))
}
