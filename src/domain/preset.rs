//! Presets: a named way to launch a template (name formula, owner, summary, default values and,
//! for templates the token cannot read, the field definitions), shared as a JSON file together
//! with the pinned templates (a team's starter set).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::launch::LaunchDraft;
use super::relied::Relied;
use super::template::Template;

/// The presets file's schema version.
pub const PRESETS_SCHEMA: u32 = 1;

/// The most templates pinned as quick picks: a file with more keeps its first ones.
pub const MAX_PINS: usize = 100;

/// The most templates chosen to be tracked on the Track board (each is read at every refresh).
pub const MAX_TRACKED: usize = 50;

/// How a template should be launched: a named draft. In the file the draft's fields
/// (`template_id`, `name_formula`, `owner_id`, `summary`, `values`, `steps`, `roles`, `options`)
/// sit beside `name`, as they always have.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preset {
    /// The preset's name (unique among presets).
    pub name: String,
    /// The template's title when the preset was saved (a file's word, until Tallyfy's is read).
    #[serde(default)]
    pub template_title: String,
    /// The launch it prepares.
    #[serde(flatten)]
    pub draft: LaunchDraft,
    /// The field definitions, for a template defined by hand (its id may not be readable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Template>,
    /// What it relies on in its template (fields, chosen options, steps), to say what changed
    /// when it is used; absent in presets saved before this was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relied: Option<Relied>,
}

impl Preset {
    /// A preset named `name` of a form's `draft` for `template`: blank values left out, the
    /// field definitions kept when `hand_made`.
    pub fn named(
        name: &str,
        template: &Template,
        mut draft: LaunchDraft,
        hand_made: bool,
    ) -> Preset {
        draft.values.retain(|_, input| !input.is_blank());
        Preset {
            name: name.to_string(),
            template_title: template.title.clone(),
            relied: Some(Relied::of_draft(template, &draft)),
            draft,
            template: hand_made.then(|| template.clone()),
        }
    }

    /// The form as it stands (blank values kept), for the tab's saved copy and re-checks.
    pub fn of_form(template: &Template, draft: LaunchDraft, hand_made: bool) -> Preset {
        Preset {
            name: String::new(),
            template_title: template.title.clone(),
            relied: Some(Relied::of_draft(template, &draft)),
            draft,
            template: hand_made.then(|| template.clone()),
        }
    }

    /// The template it launches.
    pub fn template_id(&self) -> &str {
        &self.draft.template_id
    }
}

/// A template named by id and title: pinned as a quick pick on the Launch screen, or chosen to
/// be tracked on the Track board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    /// The template's id.
    pub template_id: String,
    /// Its title when chosen (shown until Tallyfy's is read).
    #[serde(default)]
    pub title: String,
}

/// What a presets file holds: the presets, the pinned templates and the tracked ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PresetBook {
    /// Presets, by name.
    pub presets: Vec<Preset>,
    /// Pinned templates, in the order they were pinned.
    pub pins: Vec<Pin>,
    /// Templates tracked on the Track board besides those launched from this browser.
    pub tracked: Vec<Pin>,
}

/// Adds a template to `list` (last), or only updates its title when it is there; refused
/// (false) when `list` already holds `cap`.
fn add_to(list: &mut Vec<Pin>, template_id: &str, title: &str, cap: usize) -> bool {
    let full = list.len() >= cap;
    match list.iter_mut().find(|p| p.template_id == template_id) {
        Some(pin) if !title.is_empty() => pin.title = title.to_string(),
        Some(_) => {}
        None if full => return false,
        None => list.push(Pin {
            template_id: template_id.to_string(),
            title: title.to_string(),
        }),
    }
    true
}

/// Adds the templates of `incoming` that `list` lacks, up to `cap` in all; how many were added.
fn merge_into(list: &mut Vec<Pin>, incoming: &[Pin], cap: usize) -> usize {
    let before = list.len();
    let mut known: std::collections::HashSet<String> =
        list.iter().map(|p| p.template_id.clone()).collect();
    for pin in incoming {
        if list.len() >= cap {
            break;
        }
        if known.insert(pin.template_id.clone()) {
            list.push(pin.clone());
        }
    }
    list.len() - before
}

/// A file's list of templates under `key` (`pins`, `tracked`): absent is empty; past `cap` the
/// rest is only checked, not kept. Read by hand rather than derived: this runs on the first
/// screen, where every deserializer adds to the download.
fn templates_of(value: &Value, key: &str, what: &str, cap: usize) -> Result<Vec<Pin>, String> {
    // "pinned template" / "tracked template": one of them, and (with an s) the list.
    let items = match value.get(key) {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(items)) => items.as_slice(),
        Some(_) => {
            return Err(format!(
                "the {what}s are not in the expected form (not a list)"
            ))
        }
    };
    let mut list = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let text = |key: &str| item.get(key).and_then(Value::as_str).unwrap_or_default();
        let template_id = text("template_id").trim();
        if template_id.is_empty() {
            return Err(format!("{what} {} has no template id", i + 1));
        }
        if list.len() < cap {
            add_to(&mut list, template_id, text("title"), cap);
        }
    }
    Ok(list)
}

#[derive(Serialize)]
struct PresetFile<'a> {
    app: &'a str,
    kind: &'a str,
    schema: u32,
    presets: &'a [Preset],
    #[serde(skip_serializing_if = "<[Pin]>::is_empty")]
    pins: &'a [Pin],
    #[serde(skip_serializing_if = "<[Pin]>::is_empty")]
    tracked: &'a [Pin],
}

impl PresetBook {
    /// The presets and pins as a file a teammate can import.
    pub fn export(&self) -> String {
        serde_json::to_string_pretty(&PresetFile {
            app: "tallyfy-launcher",
            kind: "presets",
            schema: PRESETS_SCHEMA,
            presets: &self.presets,
            pins: &self.pins,
            tracked: &self.tracked,
        })
        .unwrap_or_default()
    }

    /// Reads a presets file (one made before pins or tracked templates existed reads with none).
    pub fn parse(text: &str) -> Result<PresetBook, String> {
        let value = read_json(text)?;
        Ok(PresetBook {
            presets: presets_of(&value)?,
            pins: templates_of(&value, "pins", "pinned template", MAX_PINS)?,
            tracked: templates_of(&value, "tracked", "tracked template", MAX_TRACKED)?,
        })
    }

    /// Whether a template is pinned.
    pub fn is_pinned(&self, template_id: &str) -> bool {
        self.pins.iter().any(|p| p.template_id == template_id)
    }

    /// Pins a template (last in the list); pinning it again only updates its title. Returns
    /// whether it is pinned: not when [`MAX_PINS`] are already.
    pub fn pin(&mut self, template_id: &str, title: &str) -> bool {
        add_to(&mut self.pins, template_id, title, MAX_PINS)
    }

    /// Unpins a template.
    pub fn unpin(&mut self, template_id: &str) {
        self.pins.retain(|p| p.template_id != template_id);
    }

    /// Adds an imported file's pins that are not pinned yet, up to [`MAX_PINS`] in all;
    /// returns how many were added.
    pub fn merge_pins(&mut self, incoming: &[Pin]) -> usize {
        merge_into(&mut self.pins, incoming, MAX_PINS)
    }

    /// Tracks a template on the board; again only updates its title. Returns whether it is
    /// tracked: not when [`MAX_TRACKED`] are already.
    pub fn track(&mut self, template_id: &str, title: &str) -> bool {
        add_to(&mut self.tracked, template_id, title, MAX_TRACKED)
    }

    /// Stops tracking a template chosen with [`PresetBook::track`].
    pub fn untrack(&mut self, template_id: &str) {
        self.tracked.retain(|p| p.template_id != template_id);
    }

    /// Adds an imported file's tracked templates, up to [`MAX_TRACKED`]; how many were added.
    pub fn merge_tracked(&mut self, incoming: &[Pin]) -> usize {
        merge_into(&mut self.tracked, incoming, MAX_TRACKED)
    }
}

/// The presets alone as a file (no pins).
pub fn export_presets(presets: &[Preset]) -> String {
    PresetBook {
        presets: presets.to_vec(),
        ..PresetBook::default()
    }
    .export()
}

/// Reads a presets file, checking every preset; the error says what is wrong and where.
pub fn parse_presets(text: &str) -> Result<Vec<Preset>, String> {
    presets_of(&read_json(text)?)
}

fn read_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("the file is not valid JSON ({e})"))
}

/// The presets of a file already read as JSON, each checked.
fn presets_of(value: &Value) -> Result<Vec<Preset>, String> {
    match value.get("kind").and_then(Value::as_str) {
        Some("presets") => {}
        Some(other) => return Err(format!("the file holds \"{other}\", not presets")),
        None => return Err(
            "the file is not a Tallyfy Launcher presets export (it has no \"kind\": \"presets\")"
                .into(),
        ),
    }
    let schema = value.get("schema").and_then(Value::as_u64).unwrap_or(0);
    if schema != u64::from(PRESETS_SCHEMA) {
        return Err(format!(
            "the file has schema version {schema}, which this version of the app does not know"
        ));
    }
    let Some(list) = value.get("presets").and_then(Value::as_array) else {
        return Err("the file has no \"presets\" list".into());
    };
    let mut presets = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let preset: Preset = serde_json::from_value(item.clone())
            .map_err(|e| format!("preset {} is not in the expected form ({e})", i + 1))?;
        if preset.name.trim().is_empty() {
            return Err(format!("preset {} has no name", i + 1));
        }
        if preset.draft.template_id.trim().is_empty() {
            return Err(format!("preset \"{}\" has no template id", preset.name));
        }
        if let Some(template) = &preset.template {
            if template.id != preset.draft.template_id {
                return Err(format!(
                    "preset \"{}\": its field definitions belong to another template",
                    preset.name
                ));
            }
            for id in preset.draft.values.keys() {
                if template.field(id).is_none() {
                    return Err(format!("preset \"{}\" has a value for field {id}, which its template does not have", preset.name));
                }
            }
        }
        if presets.iter().any(|p: &Preset| p.name == preset.name) {
            return Err(format!(
                "the file has two presets named \"{}\"",
                preset.name
            ));
        }
        presets.push(preset);
    }
    Ok(presets)
}

/// Names of `incoming` presets that already exist.
pub fn name_clashes(existing: &[Preset], incoming: &[Preset]) -> Vec<String> {
    incoming
        .iter()
        .filter(|p| existing.iter().any(|e| e.name == p.name))
        .map(|p| p.name.clone())
        .collect()
}

/// Merges presets: new names are added; clashing names are replaced only when `replace`.
pub fn merge_presets(
    existing: &mut Vec<Preset>,
    incoming: Vec<Preset>,
    replace: bool,
) -> (usize, usize) {
    let (mut added, mut replaced) = (0, 0);
    for preset in incoming {
        match existing.iter_mut().find(|e| e.name == preset.name) {
            Some(slot) if replace => {
                *slot = preset;
                replaced += 1;
            }
            Some(_) => {}
            None => {
                existing.push(preset);
                added += 1;
            }
        }
    }
    existing.sort_by_key(|p| p.name.to_lowercase());
    (added, replaced)
}
