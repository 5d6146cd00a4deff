//! What Launch would send now, computed once per change and read everywhere: the form, the
//! Request panel, Open in Tallyfy, the share link, the Workato and schedule exports, and
//! [`LaunchSession::launch`](super::LaunchSession::launch) itself.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;

use crate::domain::launch::{DraftProblems, LaunchBody, LaunchDraft};
use crate::domain::template::Template;
use crate::domain::values::EncodeContext;
use crate::ui::state::form::FormModel;
use crate::ui::state::AppState;

/// The form as entered, the body built from it (fields with problems left out) and every
/// problem found on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchPreview {
    /// The template the form is for.
    pub template: Template,
    /// The form's inputs.
    pub draft: LaunchDraft,
    /// The body as far as it can be built.
    pub body: LaunchBody,
    /// Everything that keeps it from launching.
    pub problems: DraftProblems,
}

impl LaunchPreview {
    /// The body, when nothing keeps it from launching.
    pub fn ready(&self) -> Result<&LaunchBody, &DraftProblems> {
        if self.problems.is_empty() {
            Ok(&self.body)
        } else {
            Err(&self.problems)
        }
    }
}

/// The preview of whatever form `form` holds, at the time `clock` says (dates in the name and
/// in deadlines are worked out from it): one memo, recomputed when an input, the members and
/// groups, or the clock change.
pub(super) fn preview_memo(
    app: AppState,
    form: RwSignal<Option<FormModel>>,
    clock: RwSignal<DateTime<FixedOffset>>,
) -> Memo<Option<LaunchPreview>> {
    Memo::new(move |_| {
        let directory = app.directory.read();
        let ctx = EncodeContext::browser(&directory);
        let now = clock.get();
        form.with(|form| {
            let form = form.as_ref()?;
            let draft = form.draft();
            let (body, problems) = draft.assemble(&form.template, &ctx, now);
            Some(LaunchPreview {
                template: form.template.clone(),
                draft,
                body,
                problems,
            })
        })
    })
}

/// Keeps `shown` (what the fields read) equal to the kick-off fields' problems in `preview`, by
/// field id. Copied only when they change (most keystrokes leave them as they were), so the
/// fields are not touched otherwise; a copy rather than a shared memo keeps the slot's type one
/// the first screen already has.
pub(super) fn show_field_problems(
    preview: Memo<Option<LaunchPreview>>,
    shown: RwSignal<BTreeMap<String, String>>,
) {
    let problems = Memo::new(move |_| {
        preview.with(|p| {
            p.as_ref()
                .map(|p| p.problems.fields.clone())
                .unwrap_or_default()
        })
    });
    Effect::new(move |_| shown.set(problems.get()));
}
