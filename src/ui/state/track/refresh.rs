//! A refresh of the board: every page of every tracked template's process list (and, when asked,
//! its archived processes), paced to the board's share of the rate limit (Settings), on top of
//! the limit every request keeps to; it stops when the connection changes under it.

use std::collections::HashSet;

use leptos::prelude::*;

use super::{RefreshProgress, TrackStore};
use crate::api::client::call;
use crate::api::response::{data_list, Pagination};
use crate::api::Connection;
use crate::domain::preset::Pin;
use crate::domain::track::{Board, TrackedRun};
use crate::ui::browser::clock::{monotonic_ms, now_ms, sleep_ms};
use crate::ui::state::history::HistoryStore;
use crate::ui::state::AppState;

/// Most pages read of one template's processes (20,000 at 100 a page).
const MAX_PAGES: u32 = 200;

impl TrackStore {
    /// Reads the organization's processes for every tracked template (those chosen, then those
    /// this browser launched from), and merges them with the history. One refresh at a time; a
    /// template that cannot be read keeps its previous figures (marked with their age) and is
    /// named in `problems`. With Settings' "archived" on, each template's archived processes are
    /// read too (Tallyfy lists them only when asked).
    pub async fn refresh(self, app: AppState, history: HistoryStore, chosen: Vec<Pin>) {
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
        let chosen: Vec<(String, String)> = chosen
            .into_iter()
            .map(|p| (p.template_id, p.title))
            .collect();
        let to_read = history.history.with_untracked(|h| {
            Board::templates_to_read(h.records(), connection.base(), connection.org(), &chosen)
        });
        let archived = app.settings.with_untracked(|s| s.track_archived);
        let mut read = Reading {
            store: self,
            app,
            pacer: app.settings.with_untracked(|s| s.track_pacer()),
            sends: Vec::new(),
            listed: Vec::new(),
            problems: Vec::new(),
            progress: RefreshProgress {
                template: String::new(),
                template_number: 0,
                templates: to_read.read.len(),
                page: 0,
                pages: None,
                processes: 0,
            },
        };
        if !to_read.left_out.is_empty() {
            read.problems.push(format!(
                "Only the {} most recent templates are read in one refresh; not read this time: {}.",
                to_read.read.len(),
                list_some(&to_read.left_out, 5)
            ));
        }
        self.refreshing.set(Some(read.progress.clone()));
        let mut unread: HashSet<String> = HashSet::new();
        for (number, (template_id, title)) in to_read.read.iter().enumerate() {
            read.progress.template = title.clone();
            read.progress.template_number = number + 1;
            let kinds: &[bool] = if archived { &[false, true] } else { &[false] };
            for &archived in kinds {
                match read
                    .template(&connection, template_id, title, archived)
                    .await
                {
                    Ok(()) => {}
                    Err(Stop::Template) => {
                        unread.insert(template_id.clone());
                        break;
                    }
                    Err(Stop::Refresh) => {
                        unread.extend(to_read.read.iter().map(|(id, _)| id.clone()));
                        return self.finish(read.listed, read.problems, &unread, &history);
                    }
                }
            }
        }
        self.finish(read.listed, read.problems, &unread, &history);
    }

    /// Shows what a refresh read: a template that could not be read keeps the figures of its
    /// last successful read; merged with the history as it is now (launches made while the
    /// refresh ran count).
    fn finish(
        &self,
        mut listed: Vec<TrackedRun>,
        problems: Vec<String>,
        unread: &HashSet<String>,
        history: &HistoryStore,
    ) {
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
        let board = history
            .history
            .with_untracked(|h| Board::merge(listed, h.records(), now_ms() as i64));
        self.board.set(board);
        self.problems.set(problems);
        self.refreshing.set(None);
    }
}

/// Why reading stopped early.
enum Stop {
    /// This template could not be read (the others are still read).
    Template,
    /// The connection changed: nothing more is sent with the old one.
    Refresh,
}

/// One refresh under way: its pacing, what it read, what went wrong, where it is.
struct Reading {
    store: TrackStore,
    app: AppState,
    pacer: crate::domain::rate::Pacer,
    sends: Vec<(f64, f64)>,
    listed: Vec<TrackedRun>,
    problems: Vec<String>,
    progress: RefreshProgress,
}

impl Reading {
    /// Reads every page of one template's processes (its archived ones with `archived`).
    async fn template(
        &mut self,
        connection: &Connection,
        template_id: &str,
        title: &str,
        archived: bool,
    ) -> Result<(), Stop> {
        self.progress.pages = None;
        for page in 1..=MAX_PAGES {
            self.progress.page = page;
            self.progress.processes = self.listed.len();
            self.store.refreshing.set(Some(self.progress.clone()));
            wait_for_share(&self.pacer, &self.sends).await;
            // "Forget token", another API base or organization: nothing more goes out with the
            // connection this refresh started with.
            if self.app.connection().ok().as_ref() != Some(connection) {
                self.problems.push("The refresh stopped: the API token, base or organization changed in Settings. Refresh again to read with the new settings.".into());
                return Err(Stop::Refresh);
            }
            self.sends.push((monotonic_ms(), f64::NAN));
            let result = match connection.template_runs(template_id, page, archived) {
                Ok(request) => call(&request).await,
                Err(e) => Err(e),
            };
            if let Some(last) = self.sends.last_mut() {
                last.1 = monotonic_ms();
            }
            let body = result.map_err(|e| {
                let which = if archived { "archived processes, " } else { "" };
                self.problems.push(format!(
                    "\"{title}\" could not be read ({which}page {page}): {e} Its processes show their last known figures."
                ));
                Stop::Template
            })?;
            let items = data_list(&body);
            let paging = Pagination::of(&body, items.len());
            self.progress.pages = Some(paging.total_pages);
            let read_at = now_ms() as i64;
            self.listed.extend(
                items
                    .iter()
                    .filter_map(|item| TrackedRun::from_json(item, read_at)),
            );
            if items.is_empty() || !paging.has_next() {
                break;
            }
        }
        Ok(())
    }
}

/// Waits until one more request keeps the board within its share of the rate limit.
async fn wait_for_share(pacer: &crate::domain::rate::Pacer, sends: &[(f64, f64)]) {
    loop {
        let now = monotonic_ms();
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
