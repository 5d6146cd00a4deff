//! Filling the Launch form from elsewhere: a recorded launch ("Launch again"), a pre-fill link,
//! a preset, a pasted body, or the form this tab was filling before a reload. A fill waits for
//! its template, then for the organization's members and groups, so the people it names are
//! placed as members, never as guests.

use leptos::prelude::*;

use super::LaunchSession;
use crate::domain::body_import::ImportedBody;
use crate::domain::fill::Fill;
use crate::domain::launch::{LaunchBody, LaunchDraft};
use crate::domain::preset::Preset;
use crate::domain::share::ShareLink;
use crate::domain::template::Template;
use crate::domain::values::EncodeContext;
use crate::ui::browser::storage::{self, Area};

impl LaunchSession {
    /// Places a waiting fill as soon as the members and groups are in (or failed to load).
    pub(super) fn fill_when_people_are_known(&self) {
        let session = *self;
        // The form's signals must belong to the session's owner, not to this effect (an
        // effect disposes what it created each time it runs again).
        let owner = Owner::current();
        Effect::new(move |_| {
            if !session.app.directory_settled() || session.waiting.with(Option::is_none) {
                return;
            }
            if let Some((template, fill)) = session.waiting.get_untracked() {
                session.waiting.set(None);
                let fill_now = || untrack(|| session.fill_now(template, fill));
                match &owner {
                    Some(owner) => owner.with(fill_now),
                    None => fill_now(),
                }
            }
        });
    }

    /// Reopens the form this tab was filling before a reload, if any.
    pub fn restore_saved_form(&self) {
        let saved = storage::get(Area::Session, storage::DRAFT_KEY)
            .and_then(|text| serde_json::from_str::<Preset>(&text).ok())
            .filter(|preset| !preset.template_id.trim().is_empty());
        if let Some(preset) = saved {
            self.open(Fill::Preset(preset));
        }
    }

    /// Opens the Launch screen with a recorded launch's template and values.
    pub fn launch_again(&self, body: LaunchBody) {
        let _ = window().location().set_hash("#/launch");
        self.open(Fill::Body(body));
    }

    /// Loads the template `fill` names (or, for a preset with its own field definitions, uses
    /// those) and then fills the form from it.
    pub fn open(&self, fill: Fill) {
        if let Fill::Preset(Preset {
            template: Some(template),
            ..
        }) = &fill
        {
            let template = template.clone();
            self.fill_from(template, fill);
            return;
        }
        let id = fill.template_id().to_string();
        self.pending.set(Some(fill));
        self.load_template(id);
    }

    /// A pre-fill link waiting for its template (for example until a token is entered).
    pub fn pending_link(&self) -> Option<ShareLink> {
        match self.pending.get() {
            Some(Fill::Link(link)) => Some(link),
            _ => None,
        }
    }

    /// Fills the form from a pasted body: with the current form's template when it is the one
    /// the body names, otherwise with that template loaded from the API.
    pub fn open_imported(&self, body: ImportedBody) {
        let current = self
            .form
            .get_untracked()
            .map(|f| f.template)
            .filter(|t| t.id == body.template_id);
        match current {
            Some(template) => {
                let hand_made = self.hand_made.get_untracked();
                self.fill_from(template, Fill::Imported(body));
                self.hand_made.set(hand_made);
            }
            None => self.open(Fill::Imported(body)),
        }
    }

    /// Retries loading whatever is pending.
    pub fn retry_pending(&self) {
        if let Some(fill) = self.pending.get_untracked() {
            self.open(fill);
        }
    }

    /// Fills the form from `fill`, once the members and groups it may name are known.
    pub(super) fn fill_from(&self, template: Template, fill: Fill) {
        self.app.want_directory();
        if untrack(|| self.app.directory_settled()) {
            self.fill_now(template, fill);
        } else {
            self.waiting.set(Some((template, fill)));
        }
    }

    fn fill_now(&self, template: Template, fill: Fill) {
        let hand_made = fill.is_hand_made();
        let directory = self.app.directory.get_untracked();
        let ctx = EncodeContext::browser(&directory);
        let (draft, problems) = LaunchDraft::from_fill(&template, fill, &ctx);
        self.show_template(template, Some(draft));
        self.not_carried.set(problems);
        self.hand_made.set(hand_made);
    }
}
