//! One visit of the Track screen: its filters and the figures worked out from them (each a
//! `Memo`, so a keystroke that leaves a picture's figures alone does not redraw it), the names
//! rows show, the refresh schedule, and the screen's actions (copy, export, tracked templates).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{use_track, TrackStore};
use crate::domain::track::{
    day_bars, local_days, progress_buckets, Batch, Board, BoardFilter, DayBar, Tally,
};
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::browser::clock::{local_time, now_ms};
use crate::ui::browser::files::download;
use crate::ui::state::history::{use_history, HistoryStore};
use crate::ui::state::presets::{use_presets, PresetStore};
use crate::ui::state::template_loader::{load_latest_template, TemplateStatus};
use crate::ui::state::{use_app, AppState};
use crate::ui::text::plural;

/// Rows shown at first, and added by "Show more" (a screenful: a keystroke rebuilds only these).
pub const PAGE: usize = 25;

/// The Track screen's state for one visit.
#[derive(Clone, Copy)]
pub struct TrackView {
    /// The board and its refresh (kept between visits).
    pub store: TrackStore,
    pub filter: RwSignal<BoardFilter>,
    /// How many rows the table shows.
    pub shown: RwSignal<usize>,
    /// Now, ms: ticks so lateness and the figures' age move on.
    pub clock: RwSignal<i64>,
    /// The last action's result ("Exported 12 processes…").
    pub message: RwSignal<Option<String>>,
    /// Positions of the selected processes, in board order.
    pub selected: Memo<Vec<usize>>,
    pub tally: Memo<Tally>,
    /// Each process's local launch time, in board order.
    pub times: Memo<Vec<String>>,
    pub batches: Memo<Vec<Batch>>,
    /// The templates on the board (id, title).
    pub templates: Memo<Vec<(String, String)>>,
    /// What the selection is called ("All tracked processes", a template, a bulk job).
    pub title: Memo<String>,
    pub bars: Memo<Vec<DayBar>>,
    pub buckets: Memo<[usize; 5]>,
    /// Loading a template chosen to be tracked.
    pub adding: RwSignal<TemplateStatus>,
    batch_labels: Memo<HashMap<String, String>>,
    member_names: Memo<HashMap<i64, String>>,
    app: AppState,
    history: HistoryStore,
    presets: PresetStore,
}

/// A bulk job as the filter and the table name it.
fn batch_label(first_ms: i64, count: usize) -> String {
    format!(
        "bulk job of {} ({count} {})",
        local_time(first_ms).chars().take(16).collect::<String>(),
        plural(count, "process", "processes")
    )
}

/// Makes the visit's state and provides it to the screen's components.
pub fn provide_track_view() -> TrackView {
    let (app, history, presets, store) = (use_app(), use_history(), use_presets(), use_track());
    store.show_history(&history);
    app.want_directory();
    let board = store.board;
    let filter = RwSignal::new(BoardFilter::default());
    let clock = RwSignal::new(now_ms() as i64);
    let selected = Memo::new(move |_| {
        let now = clock.get();
        filter.with(|f| board.with(|b| b.select(f, now)))
    });
    let tally = Memo::new(move |_| {
        let now = clock.get();
        selected.with(|s| board.with(|b| b.tally(s, now)))
    });
    // Local times once per board: formatting them costs more than a keystroke's filtering.
    let times = Memo::new(move |_| board.with(|b| local_days(b, &local_time)));
    let days = Memo::new(move |_| {
        times.with(|t| {
            t.iter()
                .map(|time| time.chars().take(10).collect())
                .collect::<Vec<String>>()
        })
    });
    let batches = Memo::new(move |_| board.with(Board::batches));
    let batch_labels = Memo::new(move |_| {
        batches.with(|list| {
            list.iter()
                .map(|b| (b.id.clone(), batch_label(b.first_ms, b.count)))
                .collect()
        })
    });
    // Names worked out once per change, not per row: the directory signal is derived.
    let member_names = Memo::new(move |_| {
        app.directory.with(|d| {
            d.members
                .iter()
                .flatten()
                .map(|m| (m.id, m.describe()))
                .collect()
        })
    });
    let templates = Memo::new(move |_| board.with(Board::templates));
    let view = TrackView {
        store,
        filter,
        shown: RwSignal::new(PAGE),
        clock,
        message: RwSignal::new(None),
        selected,
        tally,
        times,
        batches,
        templates,
        title: Memo::new(move |_| String::new()),
        bars: Memo::new(move |_| {
            let now = clock.get();
            selected.with(|s| board.with(|b| days.with(|d| day_bars(b, s, now, d))))
        }),
        buckets: Memo::new(move |_| selected.with(|s| board.with(|b| progress_buckets(b, s)))),
        adding: RwSignal::new(TemplateStatus::Idle),
        batch_labels,
        member_names,
        app,
        history,
        presets,
    };
    let view = TrackView {
        title: Memo::new(move |_| view.selection_title()),
        ..view
    };
    provide_context(view);
    view
}

/// The visit's state; the Track screen provides it.
pub fn use_track_view() -> TrackView {
    // Safe: TrackPage provides it before any of its components mount.
    use_context::<TrackView>().expect("TrackView is provided by the Track screen")
}

impl TrackView {
    /// A bulk job's name, as the filter shows it.
    pub fn batch_name(&self, job: &str) -> String {
        self.batch_labels.with_untracked(|labels| {
            labels
                .get(job)
                .cloned()
                .unwrap_or_else(|| format!("bulk job {job}"))
        })
    }

    /// A member's name and email, or their id.
    pub fn person(&self, id: i64) -> String {
        self.member_names.with_untracked(|names| {
            names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("member {id}"))
        })
    }

    fn selection_title(&self) -> String {
        self.filter.with(|f| {
            if let Some(job) = &f.batch {
                let label = self.batch_name(job);
                let mut chars = label.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or(label)
            } else if let Some(template) = &f.template {
                self.templates.with_untracked(|list| {
                    list.iter()
                        .find(|(id, _)| id == template)
                        .map(|(_, title)| title.clone())
                        .unwrap_or_else(|| template.clone())
                })
            } else {
                "All tracked processes".to_string()
            }
        })
    }

    /// Changes the filter and starts the table from its first screenful.
    pub fn set_filter(&self, change: impl FnOnce(&mut BoardFilter)) {
        self.filter.update(change);
        self.shown.set(PAGE);
    }

    /// Starts a refresh (unless one is running).
    pub fn refresh(&self) {
        let chosen = self.presets.tracked.get_untracked();
        spawn_local(self.store.refresh(self.app, self.history, chosen));
    }

    /// Whether a scheduled refresh is due: never read yet, or read longer ago than Settings'
    /// interval (0: only on demand).
    fn due(&self) -> bool {
        let minutes = self
            .app
            .settings
            .with_untracked(|s| s.track_refresh_minutes);
        match self.store.board.with_untracked(|b| b.read_ms) {
            None => true,
            Some(at) => minutes > 0 && now_ms() as i64 - at >= i64::from(minutes) * 60_000,
        }
    }

    /// Refreshes now when one is due, then checks every `tick` while the screen is open and
    /// the tab visible (and moves the clock on).
    pub fn keep_fresh(&self, tick: std::time::Duration) {
        let view = *self;
        let ready = move || view.app.connection().is_ok() && view.due();
        if ready() {
            view.refresh();
        }
        if let Ok(timer) = set_interval_with_handle(
            move || {
                view.clock.set(now_ms() as i64);
                let idle = view.store.refreshing.get_untracked().is_none();
                if !document().hidden() && idle && ready() {
                    view.refresh();
                }
            },
            tick,
        ) {
            on_cleanup(move || timer.clear());
        }
    }

    /// Copies the summary line.
    pub fn copy_summary(&self) {
        let line = Board::summary_line(&self.title.get_untracked(), &self.tally.get_untracked());
        copy_and_report(line, "the summary", self.message);
    }

    /// Downloads the selected processes as CSV.
    pub fn export_csv(&self) {
        let now = now_ms() as i64;
        let (person, batch) = (|id| self.person(id), |job: &str| self.batch_name(job));
        let (count, text) = self.selected.with_untracked(|s| {
            self.store
                .board
                .with_untracked(|b| (s.len(), b.to_csv(s, now, &local_time, &person, &batch)))
        });
        let stamp = local_time(now).replace([' ', ':'], "-");
        let name = format!("tallyfy-board-{stamp}.csv");
        self.message
            .set(Some(match download(&name, "text/csv", &text) {
                Ok(()) => format!(
                    "Exported {count} {} to {name}.",
                    plural(count, "process", "processes")
                ),
                Err(e) => format!("The export failed: {e}."),
            }));
    }

    /// Reads template `id` and tracks it (kept with the presets), then refreshes.
    pub fn track_template(&self, id: String) {
        let view = *self;
        load_latest_template(&self.app, self.adding, id, move |template| {
            view.presets
                .set_tracked(&template.id, &template.title, true);
            view.message.set(Some(format!(
                "Tracking \"{}\": its processes are read at every refresh.",
                template.title
            )));
            view.refresh();
        });
    }

    /// Stops tracking a chosen template (its processes leave the board at the next refresh,
    /// unless this browser launched from it).
    pub fn untrack_template(&self, id: &str, title: &str) {
        self.presets.set_tracked(id, title, false);
        self.message
            .set(Some(format!("No longer tracking \"{title}\".")));
    }

    /// The templates chosen to be tracked.
    pub fn tracked(&self) -> Vec<crate::domain::preset::Pin> {
        self.presets.tracked.get()
    }

    /// Whether archived processes are read too.
    pub fn archived(&self) -> bool {
        self.app.settings.with(|s| s.track_archived)
    }

    /// Reads archived processes too (or not), and refreshes.
    pub fn set_archived(&self, on: bool) {
        self.app.settings.update(|s| s.track_archived = on);
        self.refresh();
    }
}
