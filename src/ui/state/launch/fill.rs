//! Filling the Launch form from elsewhere: a recorded launch ("Launch again"), a pre-fill link,
//! a preset, a pasted body, or the form this tab was filling before a reload. A fill waits for
//! its template, then for the organization's members and groups, so the people it names are
//! placed as members, never as guests.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::LaunchSession;
use crate::api::client::fetch_template;
use crate::domain::body_import::ImportedBody;
use crate::domain::fill::Fill;
use crate::domain::launch::{LaunchBody, LaunchDraft};
use crate::domain::preset::Preset;
use crate::domain::share::ShareLink;
use crate::domain::template::Template;
use crate::domain::values::EncodeContext;
use crate::ui::browser::storage::{self, Area};
use crate::ui::split::split_point;
use crate::ui::state::template_loader::TemplateStatus;
use crate::ui::state::Level;

split_point! {
    saved_form_chunk: fn reopen_saved(session: LaunchSession) {
        session.reopen_saved_form();
    }
    load load_saved_form, preload preload_saved_form
}

/// Where the form's template came from, when a file (a preset, a saved form) named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateCheck {
    /// Read from Tallyfy with the token: nothing to say.
    Tallyfy,
    /// Read from Tallyfy, which calls it otherwise than the file did.
    Renamed {
        /// The title the file gave.
        file_title: String,
    },
    /// The file's own field definitions, not read from Tallyfy (the launch still goes to the
    /// template id they name).
    NotChecked {
        /// Why not, as whole sentences.
        why: String,
    },
}

impl TemplateCheck {
    /// The check for `template`, read from Tallyfy for `fill`: renamed when the fill is a
    /// preset whose file gave another title.
    pub(super) fn of_read(template: &Template, fill: &Fill) -> TemplateCheck {
        let Fill::Preset(preset) = fill else {
            return TemplateCheck::Tallyfy;
        };
        let file_title = preset
            .template
            .as_ref()
            .map_or(preset.template_title.trim(), |t| t.title.trim());
        if file_title.is_empty() || file_title == template.title.trim() {
            TemplateCheck::Tallyfy
        } else {
            TemplateCheck::Renamed {
                file_title: file_title.to_string(),
            }
        }
    }
}

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
            if let Some((template, fill, check)) = session.waiting.get_untracked() {
                session.waiting.set(None);
                let fill_now = || untrack(|| session.fill_now(template, fill, check));
                match &owner {
                    Some(owner) => owner.with(fill_now),
                    None => fill_now(),
                }
            }
        });
    }

    /// Reopens the form this tab was filling before a reload, if any. Its reader is a chunk of
    /// its own (fetched with the form's): until it arrives the form counts as being filled, and
    /// anything opened meanwhile (a link, a pick) wins over it.
    pub fn restore_saved_form(&self) {
        if storage::get(Area::Session, storage::DRAFT_KEY).is_none() {
            return;
        }
        self.restoring.set(true);
        let session = *self;
        spawn_local(async move {
            if load_saved_form(session).await.is_err() {
                session.app.notify(
                    Level::Warning,
                    "The form you were filling before the reload could not be brought back: this part of the launcher could not be downloaded. Its values are still kept in this tab; reload to try again.",
                );
            }
            session.restoring.set(false);
        });
    }

    fn reopen_saved_form(&self) {
        let untouched = self.pending.with_untracked(Option::is_none)
            && self.form.with_untracked(Option::is_none)
            && !matches!(
                self.template_status.get_untracked(),
                TemplateStatus::Loading(_)
            );
        let saved = storage::get(Area::Session, storage::DRAFT_KEY)
            .and_then(|text| serde_json::from_str::<Preset>(&text).ok())
            .filter(|preset| !preset.template_id().trim().is_empty());
        if let (true, Some(preset)) = (untouched, saved) {
            self.open(Fill::Preset(Box::new(preset)));
        }
    }

    /// Opens the Launch screen with a recorded launch's template and values.
    pub fn launch_again(&self, body: LaunchBody) {
        let _ = window().location().set_hash("#/launch");
        self.open(Fill::Body(body));
    }

    /// Loads the template `fill` names and then fills the form from it. A preset with its own
    /// field definitions is checked with Tallyfy first (the launch goes to its template id, so
    /// the form shows what Tallyfy has there); only when the token cannot read it are the file's
    /// definitions used, and the form says they are not checked.
    pub fn open(&self, fill: Fill) {
        if let Fill::Preset(preset) = &fill {
            if let Some(embedded) = preset.template.clone() {
                self.check_with_tallyfy(embedded, fill);
                return;
            }
        }
        let id = fill.template_id().to_string();
        self.pending.set(Some(fill));
        self.load_template(id);
    }

    /// Reads `embedded`'s template id from Tallyfy and fills the form from Tallyfy's template,
    /// or from `embedded` (not checked) when it cannot be read.
    fn check_with_tallyfy(&self, embedded: Template, fill: Fill) {
        let session = *self;
        let connection = match self.app.connection() {
            Ok(connection) => connection,
            Err(error) => {
                let why =
                    format!("Its fields come from the file; Tallyfy could not be asked: {error}");
                self.fill_from(embedded, fill, TemplateCheck::NotChecked { why });
                return;
            }
        };
        spawn_local(async move {
            match fetch_template(&connection, &embedded.id).await {
                Ok(template) => {
                    let check = TemplateCheck::of_read(&template, &fill);
                    session.fill_from(template, fill, check);
                }
                Err(error) => {
                    let why = format!(
                        "Its fields come from the file; Tallyfy did not give this template to this token: {error}"
                    );
                    session.fill_from(embedded, fill, TemplateCheck::NotChecked { why });
                }
            }
        });
    }

    /// Checks the form's own template with Tallyfy again (after a token was entered, say),
    /// keeping what is typed.
    pub fn recheck_template(&self) {
        let Some(form) = self.form.get_untracked() else {
            return;
        };
        let preset = Preset::of_form(&form.template, form.draft_untracked(), true);
        self.check_with_tallyfy(form.template.clone(), Fill::Preset(Box::new(preset)));
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
                let check = self.template_check.get_untracked();
                self.fill_from(template, Fill::Imported(body), check);
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
    pub(super) fn fill_from(&self, template: Template, fill: Fill, check: TemplateCheck) {
        self.app.want_directory();
        if untrack(|| self.app.directory_settled()) {
            self.fill_now(template, fill, check);
        } else {
            self.waiting.set(Some((template, fill, check)));
        }
    }

    fn fill_now(&self, template: Template, fill: Fill, check: TemplateCheck) {
        let directory = self.app.directory.get_untracked();
        let ctx = EncodeContext::browser(&directory);
        let (draft, problems) = LaunchDraft::from_fill(&template, fill, &ctx);
        self.show_template(template, Some(draft));
        self.not_carried.set(problems);
        self.template_check.set(check);
    }
}
