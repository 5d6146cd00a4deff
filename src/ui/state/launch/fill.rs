//! Filling the Launch form from elsewhere: a recorded launch ("Launch again"), a pre-fill link,
//! a preset, a pasted body, or the form this tab was filling before a reload. A fill waits for
//! its template, then for the organization's members and groups, so the people it names are
//! placed as members, never as guests.
//!
//! Reading a fill's values into the form is done by a chunk of its own, the fill chunk (with the
//! saved form's reader and writer, [`super::saved`]): the form's chunk, which a picked template
//! or a link that only names one waits for, does not carry the readers for the values people
//! write. A fill fetches the fill chunk beside the form's, so neither waits for the other.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::check::{not_given, TemplateCheck};
use super::LaunchSession;
use crate::api::client::{fetch_template_answer, read_template};
use crate::domain::body_import::ImportedBody;
use crate::domain::fill::Fill;
use crate::domain::launch::{LaunchBody, LaunchDraft};
use crate::domain::preset::Preset;
use crate::domain::share::ShareLink;
use crate::domain::template::Template;
use crate::domain::values::EncodeContext;
use crate::ui::split::{split_point, ChunkError};
use crate::ui::state::template_loader::TemplateStatus;

/// How a template goes into the form (fills are boxed: they are large).
#[derive(Clone, Debug)]
pub enum Placement {
    /// At its defaults, keeping what was typed into fields with the same id, with what to say
    /// about where the template came from.
    Show(TemplateCheck),
    /// Filled from a fill, with what to say about where the template came from.
    Fill(Box<Fill>, TemplateCheck),
    /// Filled from a fill, saying so when a preset's file calls the template otherwise.
    FillAsRead(Box<Fill>),
    /// Filled from a preset, from the file's own definitions (not checked) when Tallyfy's
    /// answer is not a template.
    CheckPreset(Box<Fill>, Box<Template>),
}

/// A template for the form: read already, or the API's answer, read by the form's chunk (the
/// first screen does not carry the template reader).
#[derive(Clone, Debug)]
pub enum TemplateAnswer {
    /// A template in hand.
    Read(Template),
    /// The API's answer for template `id`.
    Unread {
        /// The template id asked for.
        id: String,
        /// The answer's JSON.
        body: serde_json::Value,
    },
}

/// What the fill chunk is asked to do.
// Made once per call and moved straight into the chunk, never stored: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub(super) enum FillCall {
    /// Put `template` in the form, filled from a fill or (`None`) at its defaults, unless a
    /// later placement began since this one (its number given).
    Place(LaunchSession, Template, Option<Fill>, TemplateCheck, u64),
    /// Reopen the saved form, unless something was asked for since the given count.
    Reopen(LaunchSession, u64),
    /// Write the newest snapshot of the form not yet written, if any.
    Write(StoredValue<Option<Preset>>),
}

split_point! {
    fill_chunk: fn fill_call(call: FillCall) {
        match call {
            FillCall::Place(session, template, fill, check, placement) => {
                session.fill_in_chunk(template, fill, check, placement)
            }
            FillCall::Reopen(session, asked_before) => session.reopen_saved_form(asked_before),
            FillCall::Write(unsaved) => super::saved::write_newest(unsaved),
        }
    }
    load pub(super) load_fill_call, preload preload_fill
}

/// Work on the form done by code in the form's chunk (the first screen does not carry it):
/// placing a template in the form.
pub struct FormWork(LaunchSession, TemplateAnswer, Placement, u64);

impl FormWork {
    /// Does the work; called in the form's chunk.
    pub fn run(self) {
        let FormWork(session, answer, placement, number) = self;
        session.place(answer, placement, number);
    }
}

/// Fetches the form's chunk and runs the work with it. The Launch screen's code gives it (see
/// [`LaunchSession::do_form_work_with`]): the chunk also carries the form's view.
pub type FormChunk = fn(FormWork) -> Pin<Box<dyn Future<Output = Result<(), ChunkError>>>>;

impl LaunchSession {
    /// Places a waiting fill as soon as the members and groups are in (or failed to load).
    pub(super) fn fill_when_people_are_known(&self) {
        let session = *self;
        Effect::new(move |_| {
            if !session.app.directory_settled() || session.waiting.with(Option::is_none) {
                return;
            }
            if let Some((template, fill, check)) = session.waiting.get_untracked() {
                session.waiting.set(None);
                let template = TemplateAnswer::Read(template);
                session.place_later(template, Placement::Fill(Box::new(fill), check));
            }
        });
    }

    /// Puts `template` in the form as `placement` says, once the code that builds forms is
    /// there (a chunk: the first screen does not carry it). Until then the form counts as
    /// being filled; the members and groups a fill may name are asked for at once.
    pub(super) fn place_later(&self, template: TemplateAnswer, placement: Placement) {
        if !matches!(placement, Placement::Show(_)) {
            self.app.want_directory();
        }
        self.unplaced.set(None);
        self.placing.update(|n| *n += 1);
        let number = self.next_placement();
        let session = *self;
        spawn_local(async move {
            let kept = (template.clone(), placement.clone());
            if session
                .form_work(FormWork(session, template, placement, number))
                .await
                .is_err()
            {
                session.unplaced.set(Some(kept));
            }
            session.placing.update(|n| *n -= 1);
        });
    }

    /// Whether a template could not go into the form because the form's code did not download.
    pub fn placing_failed(&self) -> bool {
        self.unplaced.with(Option::is_some)
    }

    /// Tries again to put in the form the template whose code did not download.
    pub fn place_again(&self) {
        if let Some((template, placement)) = self.unplaced.get_untracked() {
            self.place_later(template, placement);
        }
    }

    /// Runs `work` in the form's chunk (an error: the chunk did not download).
    async fn form_work(&self, work: FormWork) -> Result<(), ChunkError> {
        // Safe: given once at the root, right after the session is made; only a wiring bug
        // misses it.
        let chunk = self
            .form_chunk
            .get_value()
            .expect("the form's chunk is given by the root App component");
        chunk(work).await
    }

    /// Gives the session the form's chunk, which places templates in the form.
    pub fn do_form_work_with(&self, chunk: FormChunk) {
        self.form_chunk.set_value(Some(chunk));
    }

    /// Begins a placement into the form, and gives its number.
    pub(super) fn next_placement(&self) -> u64 {
        self.placements.update_value(|n| *n += 1);
        self.placements.get_value()
    }

    fn place(&self, answer: TemplateAnswer, placement: Placement, number: u64) {
        let template = match answer {
            TemplateAnswer::Read(template) => template,
            TemplateAnswer::Unread { id, body } => match read_template(&body) {
                Ok(template) => template,
                Err(error) => {
                    match placement {
                        // The file's own definitions, as when Tallyfy gives no template.
                        Placement::CheckPreset(fill, embedded) => {
                            return self.fill_from(*embedded, *fill, not_given(&error), number);
                        }
                        // The fill waits again, for Load the template again.
                        Placement::FillAsRead(fill) => self.pending.set(Some(*fill)),
                        Placement::Show(_) | Placement::Fill(..) => {}
                    }
                    if !matches!(
                        self.template_status.get_untracked(),
                        TemplateStatus::Loading(_)
                    ) {
                        self.template_status
                            .set(TemplateStatus::Failed { id, error });
                    }
                    return;
                }
            },
        };
        match placement {
            Placement::Show(check) => self.show_fresh(template, check, number),
            Placement::Fill(fill, check) => self.fill_from(template, *fill, check, number),
            Placement::FillAsRead(fill) | Placement::CheckPreset(fill, _) => {
                let check = TemplateCheck::of_read(&template, &fill);
                self.fill_from(template, *fill, check, number);
            }
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
        self.asked.update_value(|n| *n += 1);
        if !fill.only_names_template() {
            // Fetched beside the template and the form's chunk, so the fill never waits for it
            // after them (a failure is left for the moment the fill needs it, which fetches again).
            spawn_local(async {
                let _ = preload_fill().await;
            });
        }
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
                self.place_later(
                    TemplateAnswer::Read(embedded),
                    Placement::Fill(Box::new(fill), TemplateCheck::NotChecked { why }),
                );
                return;
            }
        };
        spawn_local(async move {
            let (fill, id) = (Box::new(fill), embedded.id.clone());
            match fetch_template_answer(&connection, &id).await {
                Ok(body) => session.place_later(
                    TemplateAnswer::Unread { id, body },
                    Placement::CheckPreset(fill, Box::new(embedded)),
                ),
                Err(error) => session.place_later(
                    TemplateAnswer::Read(embedded),
                    Placement::Fill(fill, not_given(&error)),
                ),
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
                let number = self.next_placement();
                self.fill_from(template, Fill::Imported(body), check, number);
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

    /// Fills the form from `fill` (placement `number`), once the members and groups it may
    /// name are known (at once when it names none, as a link that only opens a template).
    fn fill_from(&self, template: Template, fill: Fill, check: TemplateCheck, number: u64) {
        self.app.want_directory();
        if !fill.reads_people(&template) || untrack(|| self.app.directory_settled()) {
            self.fill_now(template, fill, check, number);
        } else {
            self.waiting.set(Some((template, fill, check)));
        }
    }

    /// Fills the form from `fill`: at once when the fill only names its template and the
    /// template's defaults need no reader, otherwise in the fill chunk.
    fn fill_now(&self, template: Template, fill: Fill, check: TemplateCheck, number: u64) {
        if let Some(draft) = fill.bare_draft(&template) {
            return self.show_filled(template, draft, Vec::new(), check);
        }
        self.place_in_fill_chunk(template, Some(fill), check, number);
    }

    /// Puts `template` in the form in the fill chunk, filled from `fill` or (`None`) at its
    /// defaults; while the chunk is on its way the form counts as being filled, and a chunk that
    /// did not download leaves the template for Try again. A placement begun after this one
    /// (`number`) wins: a template picked meanwhile stays.
    pub(super) fn place_in_fill_chunk(
        &self,
        template: Template,
        fill: Option<Fill>,
        check: TemplateCheck,
        number: u64,
    ) {
        self.unplaced.set(None);
        self.placing.update(|n| *n += 1);
        let session = *self;
        spawn_local(async move {
            let kept = (template.clone(), fill.clone(), check.clone());
            let call = FillCall::Place(session, template, fill, check, number);
            // A placement overtaken meanwhile (a template picked, say) is not offered again.
            if load_fill_call(call).await.is_err() && session.placements.get_value() == number {
                let (template, fill, check) = kept;
                let placement = match fill {
                    Some(fill) => Placement::Fill(Box::new(fill), check),
                    None => Placement::Show(check),
                };
                session
                    .unplaced
                    .set(Some((TemplateAnswer::Read(template), placement)));
            }
            session.placing.update(|n| *n -= 1);
        });
    }

    /// Puts `template` in the form, filled from `fill`'s values or (`None`) at its defaults (in
    /// the fill chunk, which reads both), unless a placement began after this one (`number`):
    /// that one wins.
    fn fill_in_chunk(
        &self,
        template: Template,
        fill: Option<Fill>,
        check: TemplateCheck,
        number: u64,
    ) {
        if self.placements.get_value() != number {
            return;
        }
        let directory = self.app.directory.get_untracked();
        let ctx = EncodeContext::browser(&directory);
        let (draft, problems) = match fill {
            Some(fill) => LaunchDraft::from_fill(&template, fill, &ctx),
            None => {
                let at_defaults =
                    |formula| Some(LaunchDraft::for_template(&template, formula, &ctx));
                match self.fresh_draft(&template, at_defaults) {
                    Some(draft) => (draft, Vec::new()),
                    None => return,
                }
            }
        };
        self.show_filled(template, draft, problems, check);
    }

    /// Shows `template`'s form filled with `draft`, listing what could not be carried over.
    pub(super) fn show_filled(
        &self,
        template: Template,
        draft: LaunchDraft,
        problems: Vec<String>,
        check: TemplateCheck,
    ) {
        self.show_template(template, draft);
        self.not_carried.set(problems);
        self.template_check.set(check);
    }
}
