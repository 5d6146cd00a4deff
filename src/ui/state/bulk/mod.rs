//! The Bulk screen's state (the sheet, its mapping and check) and the job, kept at the app
//! root: a job keeps running while the user looks at other screens, is saved after every row,
//! and reopens paused after a reload. [`job`] holds the saved job shared between tabs,
//! [`runner`] sends its rows.

mod job;
mod runner;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::transport::recent_sends;
use crate::api::Connection;
use crate::domain::bulk::{
    auto_map, check_rows, mapping_problems, read_sheet, BulkJob, CheckInput, JobState, NameSource,
    RowCheck, RowOutcome, Separator, Sheet, Target,
};
use crate::domain::history::Source;
use crate::domain::retry::RetryPolicy;
use crate::domain::template::Template;
use crate::domain::values::{DateOrder, EncodeContext};
use crate::ui::browser::clock::now_local;
use crate::ui::browser::clock::{monotonic_ms, now_ms, sleep_ms};
use crate::ui::browser::locks::{is_held, run_exclusively, wait_until_free, Exclusive};
use crate::ui::browser::storage::{self, Area, Stored};
use crate::ui::split::split_point;
use crate::ui::state::attempt::{launch_with_retries, RetryWatch};
use crate::ui::state::history::HistoryStore;
use crate::ui::state::template_loader::{load_latest_template, TemplateStatus};
use crate::ui::state::{AppState, Level};

/// The result of "Check rows", with what it was computed from.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// Each row's check.
    pub rows: Vec<RowCheck>,
    /// What it was computed from; a different key now means the check is stale.
    pub key: CheckKey,
}

/// Everything a check depends on. The sheet's text is kept as a hash: it can be large.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckKey {
    template_id: Option<String>,
    targets: Vec<Target>,
    name: NameSource,
    date_order: DateOrder,
    text_hash: u64,
}

/// The Bulk screen's state.
#[derive(Clone, Copy)]
pub struct BulkSession {
    /// The template rows launch.
    pub template: RwSignal<Option<Template>>,
    /// Loading the template.
    pub template_status: RwSignal<TemplateStatus>,
    /// The pasted or loaded CSV text.
    pub text: RwSignal<String>,
    /// The chosen file's name.
    pub file_name: RwSignal<Option<String>>,
    pub separator: RwSignal<Separator>,
    /// How slashed dates are read.
    pub date_order: RwSignal<DateOrder>,
    /// The user's choices for columns, by header.
    pub overrides: RwSignal<BTreeMap<String, Target>>,
    /// Where process names come from.
    pub name_source: RwSignal<NameSource>,
    /// The spreadsheet as read.
    pub sheet: Memo<Result<Sheet, String>>,
    /// What each column feeds (automatic matches plus the user's choices).
    pub targets: Memo<Vec<Target>>,
    /// What a check made now would depend on (compared with the last check's key).
    pub check_key: Memo<CheckKey>,
    /// The last check.
    pub checked: RwSignal<Option<Checked>>,
    /// Which rows are included.
    pub included: RwSignal<Vec<bool>>,
    /// The job, when one exists.
    pub job: RwSignal<Option<BulkJob>>,
    /// When the next paced launch may go (ms since epoch), while waiting for it.
    pub waiting: RwSignal<Option<f64>>,
    /// Ticks while waiting, for countdowns.
    pub clock: RwSignal<f64>,
    /// 429 countdown and cancel.
    pub retry: RetryWatch,
    /// Whether the runner loop is active.
    pub running: RwSignal<bool>,
    /// Whether another tab is running the saved job (this tab then only shows its progress).
    pub elsewhere: RwSignal<bool>,
    app: AppState,
    history: HistoryStore,
}

/// Where the bulk session lives: made on first use (by the Bulk screen, or in the background
/// once the screen the user asked for is ready), in the root's owner, by code in a chunk of
/// its own, so the first screen carries neither the sheet reader nor the job.
#[derive(Clone, Copy)]
pub struct BulkSlot {
    session: StoredValue<Option<BulkSession>>,
    /// The root's owner: the session outlives whichever screen first asked for it.
    owner: StoredValue<Option<Owner>, LocalStorage>,
    app: AppState,
    history: HistoryStore,
}

/// Provides the place the bulk session will live in (made by [`start_bulk_session`] or the
/// Bulk screen, whichever comes first).
pub fn provide_bulk_slot(app: AppState, history: HistoryStore) -> BulkSlot {
    let slot = BulkSlot {
        session: StoredValue::new(None),
        owner: StoredValue::new_local(Owner::current()),
        app,
        history,
    };
    provide_context(slot);
    slot
}

impl BulkSlot {
    /// The session, made (and a saved job reopened) on the first call.
    fn session(&self) -> BulkSession {
        if let Some(session) = self.session.get_value() {
            return session;
        }
        let make = || new_bulk_session(self.app, self.history);
        let session = match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.session.set_value(Some(session));
        session
    }
}

split_point! {
    bulk_store_chunk: fn make_bulk_session(slot: BulkSlot) {
        slot.session();
    }
    load load_bulk_store, preload preload_bulk_store
}

/// Makes the bulk session if nothing has yet: a saved job reopens (an interrupted one says so)
/// and another tab's job is followed. A chunk that does not arrive leaves it to the Bulk screen.
pub async fn start_bulk_session(slot: BulkSlot) {
    if slot.session.with_value(Option::is_none) {
        let _ = load_bulk_store(slot).await;
    }
}

/// Creates the session and reopens a saved job.
fn new_bulk_session(app: AppState, history: HistoryStore) -> BulkSession {
    let text = RwSignal::new(String::new());
    let separator = RwSignal::new(Separator::Detect);
    let sheet = Memo::new(move |_| text.with(|t| read_sheet(t, separator.get())));
    let template: RwSignal<Option<Template>> = RwSignal::new(None);
    let overrides: RwSignal<BTreeMap<String, Target>> = RwSignal::new(BTreeMap::new());
    let targets = Memo::new(move |_| {
        // Only the headers: the rows can be many.
        let Some(headers) = sheet.with(|s| s.as_ref().map(|s| s.headers.clone()).ok()) else {
            return Vec::new();
        };
        let auto = template.with(|t| {
            t.as_ref()
                .map(|t| auto_map(&headers, t))
                .unwrap_or_default()
        });
        overrides.with(|chosen| {
            headers
                .iter()
                .zip(auto)
                .map(|(header, auto)| chosen.get(header).cloned().unwrap_or(auto))
                .collect()
        })
    });
    let name_source = RwSignal::new(NameSource::Column);
    let date_order = RwSignal::new(DateOrder::DayFirst);
    let check_key = Memo::new(move |_| CheckKey {
        template_id: template.with(|t| t.as_ref().map(|t| t.id.clone())),
        targets: targets.get(),
        name: name_source.get(),
        date_order: date_order.get(),
        text_hash: text.with(|t| {
            let mut hasher = DefaultHasher::new();
            t.hash(&mut hasher);
            hasher.finish()
        }),
    });
    let session = BulkSession {
        template,
        template_status: RwSignal::new(TemplateStatus::Idle),
        text,
        file_name: RwSignal::new(None),
        separator,
        date_order,
        overrides,
        name_source,
        sheet,
        targets,
        check_key,
        checked: RwSignal::new(None),
        included: RwSignal::new(Vec::new()),
        job: RwSignal::new(None),
        waiting: RwSignal::new(None),
        clock: RwSignal::new(0.0),
        retry: RetryWatch::new(),
        running: RwSignal::new(false),
        elsewhere: RwSignal::new(false),
        app,
        history,
    };
    session.reopen_saved_job();
    session.follow_other_tabs();
    session
}

/// The lock a tab holds while it runs the bulk job: one job runs in one tab.
const JOB_LOCK: &str = "tallyfy-launcher/bulk/job";

/// The bulk session (made on the first call); the root component provides its slot.
pub fn use_bulk_session() -> BulkSession {
    // Safe: provided once at the root before any screen mounts; only a wiring bug misses it.
    use_context::<BulkSlot>()
        .expect("BulkSlot is provided by the root App component")
        .session()
}

impl BulkSession {
    /// Changes the job in this tab's memory (saving is the caller's decision: see `job.rs`).
    fn edit_job(&self, change: impl FnOnce(&mut BulkJob)) {
        self.job.update(|job| {
            if let Some(job) = job {
                change(job);
            }
        });
    }

    /// Loads the template rows are launched from.
    pub fn load_template(&self, id: String) {
        let session = *self;
        load_latest_template(&self.app, self.template_status, id, move |template| {
            if let NameSource::Formula(_) = session.name_source.get_untracked() {
                session
                    .name_source
                    .set(NameSource::Formula(template.initial_formula()));
            }
            session.template.set(Some(template));
        });
    }

    /// Problems with the template, rows or mapping that prevent checking.
    pub fn setup_problems(&self) -> Vec<String> {
        let Some(template) = self.template.get() else {
            return vec!["Choose the template to launch.".into()];
        };
        let mut problems = self.sheet.with(|sheet| match sheet {
            Ok(sheet) => mapping_problems(
                &sheet.headers,
                &self.targets.get(),
                &template,
                &self.name_source.get(),
            ),
            Err(reason) => vec![reason.clone()],
        });
        // People in the rows (owners, assignees) are resolved against the members and groups:
        // checked before those arrive, a member's email would go out as a guest invitation.
        if !self.app.directory_settled() {
            problems.push("Reading the organization's members and groups, so the people named in the rows can be checked…".into());
        }
        problems
    }

    /// Checks every row and includes the ones without problems.
    pub fn check(&self) {
        let Some(template) = self.template.get_untracked() else {
            return;
        };
        if self.sheet.with_untracked(Result::is_err) {
            return;
        }
        self.history.ensure_loaded();
        let directory = self.app.directory.get_untracked();
        let ctx = EncodeContext {
            date_order: self.date_order.get_untracked(),
            ..EncodeContext::browser(&directory)
        };
        let targets = self.targets.get_untracked();
        let name = self.name_source.get_untracked();
        let rows = self.sheet.with_untracked(|sheet| {
            let Ok(sheet) = sheet else {
                return Vec::new();
            };
            self.history.history.with_untracked(|history| {
                check_rows(&CheckInput {
                    template: &template,
                    sheet,
                    targets: &targets,
                    name: &name,
                    ctx: &ctx,
                    now: now_local(),
                    history: Some(history),
                    now_ms: now_ms() as i64,
                })
            })
        });
        self.included.set(rows.iter().map(|_| true).collect());
        self.checked.set(Some(Checked {
            rows,
            key: self.check_key.get_untracked(),
        }));
    }
}
