//! The form as signals (`FormModel`), tested natively under a Leptos `Owner`: what is typed
//! comes back as the draft, Clear empties it, and the default name formula is recognised.
#![cfg(not(target_arch = "wasm32"))]

use leptos::prelude::*;
use serde_json::json;
use tallyfy_launcher::domain::formula::default_formula;
use tallyfy_launcher::domain::launch::LaunchDraft;
use tallyfy_launcher::domain::template::Template;
use tallyfy_launcher::domain::values::{EncodeContext, FieldInput, FixedZone};
use tallyfy_launcher::ui::state::form::FormModel;

fn template() -> Template {
    Template::from_json(&json!({"id": "t1", "title": "Onboarding", "prerun": [
        {"id": "f1", "label": "Customer name", "field_type": "text"},
        {"id": "f2", "label": "Plan", "field_type": "dropdown", "options": [{"id": 1, "text": "Gold"}]}
    ]}))
    .unwrap()
}

fn empty_draft(template: &Template) -> LaunchDraft {
    let zone = FixedZone::default();
    let directory = Default::default();
    LaunchDraft::for_template(
        template,
        String::new(),
        &EncodeContext::new(&zone, &directory),
    )
}

#[test]
fn the_draft_is_what_was_typed_and_clear_empties_it() {
    let owner = Owner::new();
    owner.set();
    let template = template();
    let form = FormModel::new(template.clone(), &empty_draft(&template));
    // An empty formula becomes the template's default.
    assert!(form.formula_is_default());
    assert_eq!(
        form.name_formula.get_untracked(),
        default_formula("Onboarding")
    );

    form.inputs[0].1.set(FieldInput::Text("Acme".into()));
    form.inputs[1].1.set(FieldInput::Choice(Some(1)));
    form.name_formula.set("Onboard {{Customer name}}".into());
    form.owner.set(Some(1002));
    form.summary.set("Kick-off".into());
    let draft = form.draft_untracked();
    assert_eq!(draft.template_id, "t1");
    assert_eq!(draft.name_formula, "Onboard {{Customer name}}");
    assert_eq!(draft.owner_id, Some(1002));
    assert_eq!(draft.summary, "Kick-off");
    assert_eq!(
        draft.values.get("f1"),
        Some(&FieldInput::Text("Acme".into()))
    );
    assert_eq!(draft.values.get("f2"), Some(&FieldInput::Choice(Some(1))));
    assert!(!form.formula_is_default());

    form.clear();
    let cleared = form.draft_untracked();
    assert_eq!(
        cleared.values.get("f1"),
        Some(&FieldInput::Text(String::new()))
    );
    assert_eq!(cleared.values.get("f2"), Some(&FieldInput::Choice(None)));
    assert_eq!((cleared.owner_id, cleared.summary.as_str()), (None, ""));
    assert!(form.formula_is_default());
}

#[test]
fn the_draft_is_tracked_so_the_preview_follows_every_field() {
    let owner = Owner::new();
    owner.set();
    let template = template();
    let form = FormModel::new(template.clone(), &empty_draft(&template));
    let seen = {
        let form = form.clone();
        Memo::new(move |_| form.draft().values.get("f1").cloned())
    };
    assert_eq!(seen.get_untracked(), Some(FieldInput::Text(String::new())));
    form.inputs[0].1.set(FieldInput::Text("Globex".into()));
    assert_eq!(
        seen.get_untracked(),
        Some(FieldInput::Text("Globex".into()))
    );
}
