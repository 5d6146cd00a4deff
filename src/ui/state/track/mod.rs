//! The Track board's state, made on the screen's first visit and kept for the tab's life (so
//! the board survives switching screens, and none of it weighs on the first screen); its
//! refresh (`refresh`); and a visit's view of it: filters, figures and actions (`view`).

mod refresh;
mod view;

use leptos::prelude::*;

use crate::domain::track::Board;
use crate::ui::state::history::HistoryStore;

pub use view::{provide_track_view, use_track_view, TrackView, PAGE};

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
}
