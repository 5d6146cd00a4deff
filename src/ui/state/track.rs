//! The Track board's state, made on the screen's first visit and kept for the tab's life (so
//! the board survives switching screens, and none of it weighs on the first screen), and its
//! refresh: every page of every tracked template's process list, paced to the board's share of
//! the rate limit (Settings), on top of the limit every request keeps to.

use std::collections::HashSet;

use leptos::prelude::*;

use crate::api::client::call;
use crate::api::response::{data_list, Pagination};
use crate::domain::track::{Board, TrackedRun};
use crate::ui::browser::clock::{now_ms, sleep_ms};
use crate::ui::state::history::HistoryStore;
use crate::ui::state::AppState;

/// Most pages read of one template's processes (20,000 at 100 a page).
const MAX_PAGES: u32 = 200;

/// Where a refresh is, for its progress indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct RefreshProgress {
    /// The template being read (its title).
    pub template: String,
    /// Which template (1-based) of how many.
    pub template_number: usize,
    pub templates: usize,
    /// The page being read, and how many the template has (once known).
    pub page: u32,
    pub pages: Option<u32>,
    /// Processes read so far.
    pub processes: usize,
}

/// The board and its refresh, shared by the Track screen's visits.
#[derive(Clone, Copy)]
pub struct TrackStore {
    pub board: RwSignal<Board>,
    /// Set while a refresh runs.
    pub refreshing: RwSignal<Option<RefreshProgress>>,
    /// What went wrong in the last refresh (per template), if anything.
    pub problems: RwSignal<Vec<String>>,
}

thread_local! {
    /// The store and the owner its signals belong to: a root of its own, never disposed, so
    /// leaving the Track screen does not take the board with it.
    static STORE: std::cell::OnceCell<(Owner, TrackStore)> = const { std::cell::OnceCell::new() };
}

/// The board's store (made on first use).
pub fn use_track() -> TrackStore {
    STORE.with(|cell| {
        cell.get_or_init(|| {
            // `new_root` makes itself the current owner: put the caller's back.
            let caller = Owner::current();
            let owner = Owner::new_root(None);
            if let Some(caller) = caller {
                caller.set();
            }
            let store = owner.with(|| TrackStore {
                board: RwSignal::new(Board::default()),
                refreshing: RwSignal::new(None),
                problems: RwSignal::new(Vec::new()),
            });
            (owner, store)
        })
        .1
    })
}

impl TrackStore {
    /// Shows what this browser's history knows, until the first refresh.
    pub fn show_history(&self, history: &HistoryStore) {
        if self.board.with_untracked(|b| b.read_ms.is_some()) {
            return;
        }
        history.ensure_loaded();
        let board = history
            .history
            .with_untracked(|h| Board::from_history(h.records()));
        self.board.set(board);
    }

    /// Reads the organization's processes for every template this browser launched from,
    /// and merges them with the history. One refresh at a time; a template that cannot be
    /// read keeps its previous figures (marked with their age) and is named in `problems`.
    pub async fn refresh(self, app: AppState, history: HistoryStore) {
        if self.refreshing.get_untracked().is_some() {
            return;
        }
        let connection = match app.connection() {
            Ok(connection) => connection,
            Err(e) => {
                self.problems
                    .set(vec![format!("The board cannot be refreshed: {e}")]);
                return;
            }
        };
        history.ensure_loaded();
        let to_read = history.history.with_untracked(|h| {
            Board::templates_to_read(h.records(), connection.base(), connection.org(), &[])
        });
        let templates = to_read.read;
        let pacer = app.settings.with_untracked(|s| s.track_pacer());
        let mut sends: Vec<(f64, f64)> = Vec::new();
        let mut listed: Vec<TrackedRun> = Vec::new();
        let mut problems = Vec::new();
        if !to_read.left_out.is_empty() {
            problems.push(format!(
                "Only the {} most recent templates are read in one refresh; not read this time: {}.",
                templates.len(),
                list_some(&to_read.left_out, 5)
            ));
        }
        let mut unread: HashSet<String> = HashSet::new();
        let mut progress = RefreshProgress {
            template: String::new(),
            template_number: 0,
            templates: templates.len(),
            page: 0,
            pages: None,
            processes: 0,
        };
        self.refreshing.set(Some(progress.clone()));
        'templates: for (number, (template_id, title)) in templates.iter().enumerate() {
            progress.template = title.clone();
            progress.template_number = number + 1;
            progress.pages = None;
            for page in 1..=MAX_PAGES {
                progress.page = page;
                progress.processes = listed.len();
                self.refreshing.set(Some(progress.clone()));
                wait_for_share(&pacer, &sends).await;
                // "Forget token", another API base or organization: nothing more goes out with
                // the connection this refresh started with.
                if app.connection().ok().as_ref() != Some(&connection) {
                    problems.push("The refresh stopped: the API token, base or organization changed in Settings. Refresh again to read with the new settings.".into());
                    unread.extend(templates.iter().map(|(id, _)| id.clone()));
                    break 'templates;
                }
                let started = now_ms();
                sends.push((started, f64::NAN));
                let result = match connection.template_runs(template_id, page) {
                    Ok(request) => call(&request).await,
                    Err(e) => Err(e),
                };
                if let Some(last) = sends.last_mut() {
                    last.1 = now_ms();
                }
                match result {
                    Ok(body) => {
                        let items = data_list(&body);
                        let paging = Pagination::of(&body, items.len());
                        progress.pages = Some(paging.total_pages);
                        let read_at = now_ms() as i64;
                        listed.extend(
                            items
                                .iter()
                                .filter_map(|item| TrackedRun::from_json(item, read_at)),
                        );
                        if items.is_empty() || !paging.has_next() {
                            break;
                        }
                    }
                    Err(e) => {
                        problems.push(format!(
                            "\"{title}\" could not be read (page {page}): {e} Its processes show their last known figures."
                        ));
                        unread.insert(template_id.clone());
                        break;
                    }
                }
            }
        }
        // A template that could not be read keeps the figures of its last successful read.
        let listed_ids: HashSet<String> = listed.iter().map(|r| r.id.clone()).collect();
        let kept: Vec<TrackedRun> = self.board.with_untracked(|b| {
            b.runs
                .iter()
                .filter(|r| {
                    unread.contains(&r.template_id)
                        && r.read_ms.is_some()
                        && !listed_ids.contains(&r.id)
                })
                .cloned()
                .collect()
        });
        listed.extend(kept);
        // Merged with the history as it is now: launches made while the refresh ran count.
        let board = history
            .history
            .with_untracked(|h| Board::merge(listed, h.records(), now_ms() as i64));
        self.board.set(board);
        self.problems.set(problems);
        self.refreshing.set(None);
    }
}

/// Waits until one more request keeps the board within its share of the rate limit.
async fn wait_for_share(pacer: &crate::domain::rate::Pacer, sends: &[(f64, f64)]) {
    loop {
        let now = now_ms();
        let slot = pacer.next_slot(sends, now);
        if slot <= now {
            return;
        }
        sleep_ms((slot - now).clamp(1.0, 250.0) as u32).await;
    }
}

/// The first `shown` of `items`, then how many more: a list of any length as one short line.
fn list_some(items: &[String], shown: usize) -> String {
    let mut text = items
        .iter()
        .take(shown)
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > shown {
        text.push_str(&format!(" and {} more", items.len() - shown));
    }
    text
}
