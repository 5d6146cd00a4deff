//! The Launch screen's state and actions, kept at the app root so that a half-filled form and a
//! launch in progress survive switching screens. History's "Launch again", share links, presets
//! and pasted bodies fill the same form ([`fill`]).

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiRequest, Connection};
use crate::domain::fill::Fill;
use crate::domain::launch::{LaunchBody, LaunchDraft};
use crate::domain::outcome::ApiError;
use crate::domain::preset::Preset;
use crate::domain::run::RunInfo;
use crate::domain::template::Template;
use crate::domain::values::FieldInput;
use crate::ui::browser::clock::now_local;
use crate::ui::state::attempt::RetryWatch;
use crate::ui::state::feedback::FieldFeedback;
use crate::ui::state::form::FormModel;
use crate::ui::state::history::HistoryStore;
use crate::ui::state::template_loader::{load_latest_template_answer, TemplateStatus};
use crate::ui::state::AppState;

mod check;
mod fill;
mod preview;
mod saved;
mod send;

pub use check::TemplateCheck;
pub use fill::{FormChunk, FormWork, Placement, TemplateAnswer};
pub use preview::LaunchPreview;
pub use send::prefetch_launch_send;

/// Ten minutes: a repeat of a successful launch within this asks first.
pub const DUPLICATE_WINDOW_MS: i64 = 10 * 60 * 1000;

/// What the last launch ended in, for the result panel.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchResult {
    /// The run, or why not.
    pub outcome: Result<RunInfo, ApiError>,
    /// "Open in Tallyfy" link of the run.
    pub link: Option<String>,
    /// The organization's process list, to check after an uncertain failure.
    pub processes_link: Option<String>,
    /// Automatic retries made.
    pub retries: u32,
    /// Whether the user cancelled a retry wait.
    pub cancelled: bool,
    /// The request as a curl command (token masked), for the network fallback.
    pub curl: String,
}

/// The question asked before repeating a recent launch that went through, or may have.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateQuestion {
    /// When the earlier launch was made (ms since the epoch).
    pub at_ms: i64,
    /// Its run id; `None` when its outcome is unknown (a 5xx, a lost or unreadable answer).
    pub run_id: Option<String>,
    /// Its process name.
    pub name: String,
}

/// One launch to send.
#[derive(Clone)]
pub struct LaunchJob {
    connection: Connection,
    request: ApiRequest,
    body: LaunchBody,
    template_title: String,
    web_app_url: String,
}

/// The Launch screen's state.
#[derive(Clone, Copy)]
pub struct LaunchSession {
    /// The loaded template and its inputs.
    pub form: RwSignal<Option<FormModel>>,
    pub template_status: RwSignal<TemplateStatus>,
    /// Which field errors show.
    pub feedback: FieldFeedback,
    /// Problems found when Launch was pressed.
    pub problems: RwSignal<Vec<String>>,
    /// The last launch's result.
    pub result: RwSignal<Option<LaunchResult>>,
    /// The repeat-launch question, while asked.
    pub duplicate: RwSignal<Option<DuplicateQuestion>>,
    /// Countdown and cancel for 429 retries.
    pub retry: RetryWatch,
    /// Whether a launch is being sent.
    pub in_flight: RwSignal<bool>,
    /// Everything typed this session, by field id, so switching templates loses nothing.
    remembered: RwSignal<BTreeMap<String, FieldInput>>,
    /// What to fill in once the template has loaded (a recorded body, a link, a preset).
    pending: RwSignal<Option<Fill>>,
    /// A loaded template and its fill, waiting for the members and groups: values that name
    /// people (owner, assignees) are placed only once those lists are in.
    waiting: RwSignal<Option<(Template, Fill, TemplateCheck)>>,
    /// What the last fill could not carry over, each with why (shown beside the form).
    pub not_carried: RwSignal<Vec<String>>,
    /// Whether the "Open pre-filled in Tallyfy" panel is open.
    pub tallyfy_panel: RwSignal<bool>,
    /// Where the form's template came from, when there is something to say about it (read
    /// from Tallyfy under another title than a file gave, or not checked with Tallyfy at all).
    pub template_check: RwSignal<TemplateCheck>,
    /// What Launch would send now, once something asks ([`LaunchSession::preview`]).
    preview: StoredValue<Option<Memo<Option<LaunchPreview>>>>,
    /// The time the preview's dates are worked out at; Launch sets it to the moment it sends.
    clock: RwSignal<chrono::DateTime<chrono::FixedOffset>>,
    /// The session's owner: every form's signals belong to it, whichever component or task
    /// asked for the form (a panel that is gone by the time the form is read, say).
    owner: StoredValue<Option<Owner>, LocalStorage>,
    /// Whether the form is saved as it is typed ([`LaunchSession::keep_saving_the_form`]).
    autosaving: StoredValue<bool>,
    /// Templates on their way into the form, waiting for the code that builds forms.
    placing: RwSignal<u32>,
    /// A template the form's code did not download for, waiting for Try again.
    unplaced: RwSignal<Option<(TemplateAnswer, Placement)>>,
    /// The form's chunk, which builds forms ([`LaunchSession::do_form_work_with`]).
    form_chunk: StoredValue<Option<FormChunk>>,
    /// How many times a template or fill has been asked for (a restore started before the
    /// last one gives way to it).
    asked: StoredValue<u64>,
    /// How many placements into the form have begun (a template on its way to the form, a form
    /// shown): a fill whose values arrive after a later one began gives way to it.
    placements: StoredValue<u64>,
    /// Whether the form saved before a reload is on its way back (its reader is a chunk).
    restoring: RwSignal<bool>,
    app: AppState,
    history: HistoryStore,
}

/// Creates the session and provides it.
pub fn provide_launch_session(app: AppState, history: HistoryStore) -> LaunchSession {
    let form = RwSignal::new(None);
    let clock = RwSignal::new(now_local());
    let session = LaunchSession {
        form,
        preview: StoredValue::new(None),
        clock,
        template_status: RwSignal::new(TemplateStatus::Idle),
        feedback: FieldFeedback::provide(),
        problems: RwSignal::new(Vec::new()),
        result: RwSignal::new(None),
        duplicate: RwSignal::new(None),
        retry: RetryWatch::new(),
        in_flight: RwSignal::new(false),
        remembered: RwSignal::new(BTreeMap::new()),
        pending: RwSignal::new(None),
        waiting: RwSignal::new(None),
        not_carried: RwSignal::new(Vec::new()),
        tallyfy_panel: RwSignal::new(false),
        template_check: RwSignal::new(TemplateCheck::Tallyfy),
        owner: StoredValue::new_local(Owner::current()),
        autosaving: StoredValue::new(false),
        placing: RwSignal::new(0),
        form_chunk: StoredValue::new(None),
        unplaced: RwSignal::new(None),
        asked: StoredValue::new(0),
        placements: StoredValue::new(0),
        restoring: RwSignal::new(false),
        app,
        history,
    };
    session.fill_when_people_are_known();
    provide_context(session);
    session
}

/// The launch session; the root component provides it.
pub fn use_launch_session() -> LaunchSession {
    // Safe: provided once at the root before any screen mounts; only a wiring bug misses it.
    use_context::<LaunchSession>().expect("LaunchSession is provided by the root App component")
}

impl LaunchSession {
    /// What Launch would send now (the form's draft, the body and every problem): one memo,
    /// read by the form, the Request panel, every tool and export, and [`LaunchSession::launch`].
    /// It is made on first use, by the code that reads it (the form's chunk), so the first
    /// screen carries none of the body's assembly.
    pub fn preview(&self) -> Memo<Option<LaunchPreview>> {
        if let Some(memo) = self.preview.get_value() {
            return memo;
        }
        let make = || {
            let memo = preview::preview_memo(self.app, self.form, self.clock);
            preview::show_field_problems(memo, self.feedback.field_problems);
            memo
        };
        let memo = match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.preview.set_value(Some(memo));
        memo
    }

    /// Loads a template by id and shows its form, keeping values of fields that share an id.
    pub fn load_template(&self, id: String) {
        self.asked.update_value(|n| *n += 1);
        let session = *self;
        let id = id.trim().to_string();
        let read_id = id.clone();
        load_latest_template_answer(&self.app, self.template_status, id, move |body| {
            let fill = session
                .pending
                .get_untracked()
                .filter(|fill| fill.template_id().trim() == read_id);
            let answer = TemplateAnswer::Unread { id: read_id, body };
            match fill {
                Some(fill) => {
                    session.pending.set(None);
                    session.place_later(answer, Placement::FillAsRead(Box::new(fill)));
                }
                None => session.place_later(answer, Placement::Show(TemplateCheck::Tallyfy)),
            }
        });
    }

    /// A new draft for `template`: its fields at their defaults (`at_defaults` makes that draft
    /// from the name formula; `None` when it cannot read them), then what was typed this session
    /// in fields with the same id, and the name formula (when changed), owner and summary of the
    /// form shown now.
    fn fresh_draft(
        &self,
        template: &Template,
        at_defaults: impl FnOnce(String) -> Option<LaunchDraft>,
    ) -> Option<LaunchDraft> {
        let previous = self.form.get_untracked();
        let formula = match &previous {
            Some(form) if !form.formula_is_default() => form.name_formula.get_untracked(),
            _ => template.initial_formula(),
        };
        let mut draft = at_defaults(formula)?;
        if let Some(form) = &previous {
            let typed = form.draft_untracked();
            self.remembered.update(|memory| typed.remember_into(memory));
            draft.owner_id = form.owner.get_untracked();
            draft.summary = form.summary.get_untracked();
        }
        self.remembered
            .with_untracked(|memory| draft.apply_remembered(template, memory));
        Some(draft)
    }

    /// Shows a template's form, its fields at their defaults and at what was typed this session
    /// in fields with the same id, saying `check` about where it came from. Defaults that need
    /// a reader (a date, a choice, a table…) are read by the fill chunk, as a fill's values are.
    fn show_fresh(&self, template: Template, check: TemplateCheck, number: u64) {
        match self.fresh_draft(&template, |formula| {
            LaunchDraft::for_template_in_place(&template, formula)
        }) {
            Some(draft) => self.show_filled(template, draft, Vec::new(), check),
            None => self.place_in_fill_chunk(template, None, check, number),
        }
    }

    /// Shows a template's form filled from `draft`.
    fn show_template(&self, template: Template, draft: LaunchDraft) {
        self.next_placement();
        if let Some(form) = self.form.get_untracked() {
            let typed = form.draft_untracked();
            self.remembered.update(|memory| typed.remember_into(memory));
        }
        self.template_check.set(TemplateCheck::Tallyfy);
        self.not_carried.set(Vec::new());
        // A fill still waiting for members and groups is overtaken by what is shown now.
        self.waiting.set(None);
        let form = match self.owner.get_value() {
            Some(owner) => owner.with(|| FormModel::new(template, &draft)),
            None => FormModel::new(template, &draft),
        };
        self.form.set(Some(form));
        self.feedback.reset();
        self.problems.set(Vec::new());
        self.result.set(None);
        self.duplicate.set(None);
    }

    /// Shows a template defined by hand (its fields typed in, or pasted as JSON).
    pub fn use_hand_made(&self, template: Template) {
        let why = "Its fields were defined by hand.".into();
        let number = self.next_placement();
        self.show_fresh(template, TemplateCheck::NotChecked { why }, number);
    }

    /// Reads the form's template again (a 422 named a step or field it does not have: the
    /// template changed since it loaded), keeping what was typed; what no longer fits is listed.
    pub fn reload_template(&self) {
        let Some(form) = self.form.get_untracked() else {
            return;
        };
        // What the form relies on in the template as it was loaded: the fill then says what
        // changed.
        let preset = Preset::of_form(&form.template, form.draft_untracked(), false);
        let (session, id) = (*self, form.template.id.clone());
        let read_id = id.clone();
        load_latest_template_answer(&self.app, self.template_status, id, move |body| {
            let fill = Fill::Preset(Box::new(preset));
            session.place_later(
                TemplateAnswer::Unread { id: read_id, body },
                Placement::Fill(Box::new(fill), TemplateCheck::Tallyfy),
            );
        });
    }

    /// Whether a fill is on its way to the form (its template loading, or waiting for the
    /// members and groups it names): Launch waits for it.
    pub fn filling(&self) -> bool {
        let loading_its_template = self.pending.with(|p| {
            p.as_ref().is_some_and(|fill| {
                self.template_status
                    .with(|s| *s == TemplateStatus::Loading(fill.template_id().to_string()))
            })
        });
        self.restoring.get()
            || self.placing.get() > 0
            || self.waiting.with(Option::is_some)
            || loading_its_template
    }

    /// Resolves once nothing is on its way to the form (no template loading, no fill waiting
    /// for its template or for the members and groups): what the user asked for is on the
    /// screen, and other downloads no longer compete with it.
    pub async fn settled(&self) {
        loop {
            let busy = untrack(|| {
                self.filling() || matches!(self.template_status.get(), TemplateStatus::Loading(_))
            });
            if !busy {
                return;
            }
            crate::api::clock::sleep_ms(100).await;
        }
    }

    /// Whether the form's fields are not Tallyfy's (defined by hand, or a file's, unchecked):
    /// a preset saved from it keeps them.
    pub fn is_hand_made(&self) -> bool {
        self.template_check
            .with(|check| matches!(check, TemplateCheck::NotChecked { .. }))
    }

    /// Empties the form and forgets the last result.
    pub fn clear(&self) {
        self.remembered.set(BTreeMap::new());
        self.not_carried.set(Vec::new());
        if let Some(form) = self.form.get_untracked() {
            form.clear();
        }
        self.feedback.reset();
        self.problems.set(Vec::new());
        self.result.set(None);
        self.duplicate.set(None);
    }

    /// Checks the form and launches; with `confirmed`, skips the repeat-launch question. The
    /// code that checks, sends and records a launch is a chunk of its own ([`send`]), so a linked
    /// form shows before History's code arrives; the button counts as sending meanwhile, so a
    /// second press launches nothing.
    pub fn launch(&self, confirmed: bool) {
        // A fill on its way (Launch again, a link, a preset) would replace the form: what is
        // shown now is not what the user asked to launch.
        if self.in_flight.get_untracked() || untrack(|| self.filling()) {
            return;
        }
        self.in_flight.set(true);
        let session = *self;
        spawn_local(async move {
            if send::launch_in_its_chunk(session, confirmed).await.is_err() {
                session.in_flight.set(false);
                session.problems.set(vec![send::NOT_DOWNLOADED.to_string()]);
            }
        });
    }
}
