//! The Track board: reading process lists leniently, merging them with this browser's history,
//! filters, tallies, the pictures' figures, the summary line, CSV, and the refresh's share of
//! the rate limit.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use serde_json::{json, Value};
use tallyfy_launcher::domain::history::{HistoryRecord, Outcome, Source};
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::outcome::ApiError;
use tallyfy_launcher::domain::run::RunInfo;
use tallyfy_launcher::domain::settings::Settings;
use tallyfy_launcher::domain::track::{
    day_bars, instant_ms, local_days, progress_buckets, Board, BoardFilter, Origin, Segment,
    Status, StatusFilter, TrackedRun,
};

const NOW: i64 = 1_764_500_000_000; // 2025-11-30T10:53:20Z
const DAY: i64 = 86_400_000;
const BASE: &str = "https://go.tallyfy.com/api";
const ORG: &str = "org1";

fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A list item as Tallyfy documents it (`list-processes.mdx`, `get-process.mdx`): `next_task` a
/// collection, lateness in `late_tasks`, `due_date_passed` and `due_soon`.
fn item(id: &str, template: &str, status: &str, done: u32, total: u32, launched: i64) -> Value {
    json!({
        "id": id,
        "name": format!("Process {id}"),
        "checklist_id": template,
        "checklist_title": format!("Template {template}"),
        "status": status,
        "progress": { "complete": done, "total": total, "percent": (done * 100).checked_div(total).unwrap_or(0) },
        "started_by": 1001,
        "created_at": iso(launched),
        "next_task": { "data": [{
            "id": "task1",
            "increment_id": 1,
            "title": "Sign the contract",
            "alias": "sign",
            "owners": { "users": [1001], "guests": ["g@example.com"], "groups": ["grp1"] },
            "deadline": iso(launched + 2 * DAY),
        }]},
        "late_tasks": 0,
        "due_date": iso(launched + 9 * DAY),
        "due_date_passed": false,
        "due_soon": false,
        "has_open_issue": false,
    })
}

fn run(value: Value) -> TrackedRun {
    TrackedRun::from_json(&value, NOW).expect("a run")
}

fn record(id: &str, run_id: &str, template: &str, source: Source, at_ms: i64) -> HistoryRecord {
    let request = LaunchBody {
        checklist_id: template.into(),
        name: format!("Process {run_id}"),
        ..LaunchBody::default()
    };
    let run = RunInfo {
        owner_id: Some(1001),
        created_at: iso(at_ms),
        progress_percent: Some(0.0),
        ..common::run(run_id)
    };
    let outcome = Outcome::Launched {
        run,
        link: String::new(),
    };
    HistoryRecord {
        template_title: format!("Template {template}"),
        api_base: BASE.into(),
        org_id: ORG.into(),
        source,
        ..common::record(id, at_ms, request, outcome)
    }
}

fn failed_record(id: &str, template: &str) -> HistoryRecord {
    HistoryRecord {
        outcome: Outcome::Failed {
            error: ApiError::Network {
                detail: "offline".into(),
            },
        },
        ..record(id, "none", template, Source::Single, NOW)
    }
}

#[test]
fn a_list_item_is_read_with_its_next_task_counts_and_template() {
    let r = run(item("r1", "t1", "active", 1, 4, NOW - DAY));
    assert_eq!(r.id, "r1");
    assert_eq!(r.template_title, "Template t1");
    assert_eq!(r.status, Status::Active);
    assert_eq!((r.tasks_complete, r.tasks_total), (1, 4));
    assert_eq!(r.percent, 25.0);
    assert_eq!(r.launched_ms, Some(NOW - DAY));
    assert_eq!(r.started_by, Some(1001));
    let next = r.next_task.as_ref().expect("next task");
    assert_eq!(next.title, "Sign the contract");
    assert_eq!(next.users, vec![1001]);
    assert_eq!(next.guests, vec!["g@example.com".to_string()]);
    assert_eq!(next.groups, vec!["grp1".to_string()]);
    assert_eq!(next.deadline_ms, Some(NOW + DAY));
    assert_eq!(r.origin, Origin::Elsewhere);
    assert!(!r.is_overdue(NOW));
    assert!(
        r.is_overdue(NOW + 2 * DAY),
        "its next task's deadline passes"
    );
}

#[test]
fn other_shapes_are_read_leniently() {
    // Relations not wrapped in data, the template only in "checklist", counts as strings,
    // no progress object, Laravel's date format, "issue" for a problem.
    let r = run(json!({
        "id": 42,
        "checklist": { "id": "t9", "title": "Orders" },
        "status": "issue",
        "created_at": "2026-11-27 09:30:00",
        "progress": { "total": "5", "complete": "2" },
        "late_tasks": "1",
        "next_task": { "name": "Pack", "deadline": null, "owners": null },
    }));
    assert_eq!(r.id, "42");
    assert_eq!(
        (r.template_id.as_str(), r.template_title.as_str()),
        ("t9", "Orders")
    );
    assert_eq!(r.status, Status::Problem);
    assert_eq!((r.tasks_complete, r.tasks_total, r.percent), (2, 5, 40.0));
    assert_eq!(r.launched_ms, instant_ms("2026-11-27T09:30:00Z"));
    assert_eq!(r.next_task.as_ref().map(|t| t.title.as_str()), Some("Pack"));
    assert!(r.is_overdue(NOW), "the server counted an overdue task");
    assert_eq!(
        r.segment(NOW),
        Segment::Problem,
        "a problem shows as a problem"
    );
    // No id, or not an object: nothing.
    assert!(TrackedRun::from_json(&json!({ "name": "x" }), NOW).is_none());
    assert!(TrackedRun::from_json(&json!("r1"), NOW).is_none());
    // Nonsense counts are capped, not trusted.
    let odd = run(json!({ "id": "x", "progress": { "complete": 9, "total": 3, "percent": 900 } }));
    assert_eq!((odd.tasks_complete, odd.percent), (3, 100.0));
}

#[test]
fn overdue_follows_status_deadlines_and_counts_but_never_for_finished_processes() {
    let mut r = run(item("r1", "t1", "delayed", 0, 3, NOW));
    assert!(r.is_overdue(NOW), "delayed is late");
    assert_eq!(r.segment(NOW), Segment::Overdue);
    r.status = Status::Complete;
    r.overdue_tasks = 3;
    assert!(!r.is_overdue(NOW + 10 * DAY));
    assert_eq!(r.segment(NOW), Segment::Complete);
    r.status = Status::Archived;
    assert_eq!(r.segment(NOW), Segment::Archived);
    r.status = Status::Active;
    r.overdue_tasks = 0;
    r.next_task = None;
    assert_eq!(r.segment(NOW + 100 * DAY), Segment::OnTrack);
}

#[test]
fn merging_marks_what_this_browser_launched_and_keeps_what_the_list_lacked() {
    let history = vec![
        record("h1", "r1", "t1", Source::Single, NOW - 3 * DAY),
        record(
            "h2",
            "r2",
            "t1",
            Source::Bulk {
                job: "job-a".into(),
                row: 1,
            },
            NOW - 2 * DAY,
        ),
        record(
            "h3",
            "r3",
            "t1",
            Source::Bulk {
                job: "job-a".into(),
                row: 2,
            },
            NOW - 2 * DAY,
        ),
        failed_record("h4", "t1"),
    ];
    let listed = vec![
        run(item("r1", "t1", "complete", 3, 3, NOW - 3 * DAY)),
        run(item("r2", "t1", "active", 1, 3, NOW - 2 * DAY)),
        run(item("r2", "t1", "active", 1, 3, NOW - 2 * DAY)),
        run(item("x9", "t1", "active", 0, 3, NOW - DAY)),
    ];
    let board = Board::merge(listed, &history, NOW);
    let ids: Vec<&str> = board.runs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["x9", "r2", "r3", "r1"],
        "newest first, each once, failures left out"
    );
    let by_id = |id: &str| board.runs.iter().find(|r| r.id == id).unwrap();
    assert_eq!(by_id("r1").origin, Origin::LaunchScreen);
    assert_eq!(by_id("r2").origin, Origin::Bulk("job-a".into()));
    assert_eq!(
        by_id("x9").origin,
        Origin::Elsewhere,
        "launched outside the app"
    );
    assert_eq!(
        by_id("r1").status,
        Status::Complete,
        "the list's figures win"
    );
    assert_eq!(
        by_id("r3").read_ms,
        None,
        "not in the list: history's figures, not current"
    );
    assert_eq!(by_id("r2").read_ms, Some(NOW));
    assert_eq!(board.read_ms, Some(NOW));
    let batches = board.batches();
    assert_eq!(batches.len(), 1);
    assert_eq!((batches[0].id.as_str(), batches[0].count), ("job-a", 2));
    assert_eq!(
        Board::templates_to_read(&history, BASE, ORG, &[]).read,
        vec![("t1".to_string(), "Template t1".to_string())]
    );
    let before = Board::from_history(&history);
    assert_eq!(before.runs.len(), 3);
    assert_eq!(before.read_ms, None);
}

fn sample_board() -> Board {
    let history = vec![
        record(
            "h1",
            "a1",
            "ta",
            Source::Bulk {
                job: "job-1".into(),
                row: 1,
            },
            NOW - 2 * DAY,
        ),
        record(
            "h2",
            "a2",
            "ta",
            Source::Bulk {
                job: "job-1".into(),
                row: 2,
            },
            NOW - 2 * DAY,
        ),
        record(
            "h3",
            "a3",
            "ta",
            Source::Bulk {
                job: "job-1".into(),
                row: 3,
            },
            NOW - 2 * DAY,
        ),
    ];
    let mut overdue = item("a3", "ta", "active", 1, 4, NOW - 2 * DAY);
    overdue["late_tasks"] = json!(1);
    let listed = vec![
        run(item("a1", "ta", "complete", 4, 4, NOW - 2 * DAY)),
        run(item("a2", "ta", "active", 2, 4, NOW - 2 * DAY)),
        run(overdue),
        run(item("b1", "tb", "problem", 0, 3, NOW - 5 * DAY)),
        run(item("b2", "tb", "archived", 3, 3, NOW - 5 * DAY)),
    ];
    Board::merge(listed, &history, NOW)
}

fn ids(board: &Board, selected: &[usize]) -> Vec<String> {
    selected.iter().map(|&i| board.runs[i].id.clone()).collect()
}

#[test]
fn every_filter_narrows_the_selection() {
    let board = sample_board();
    let all = board.select(&BoardFilter::default(), NOW);
    assert_eq!(all.len(), 5);
    let by = |filter: BoardFilter| {
        let mut found = ids(&board, &board.select(&filter, NOW));
        found.sort();
        found
    };
    assert_eq!(
        by(BoardFilter {
            template: Some("tb".into()),
            ..Default::default()
        }),
        ["b1", "b2"]
    );
    assert_eq!(
        by(BoardFilter {
            batch: Some("job-1".into()),
            ..Default::default()
        }),
        ["a1", "a2", "a3"]
    );
    assert_eq!(
        by(BoardFilter {
            status: Some(StatusFilter::Is(Status::Problem)),
            ..Default::default()
        }),
        ["b1"]
    );
    // b1's next task was due three days ago: a process with a problem can be late too.
    assert_eq!(
        by(BoardFilter {
            status: Some(StatusFilter::Overdue),
            ..Default::default()
        }),
        ["a3", "b1"]
    );
    assert_eq!(
        by(BoardFilter {
            from_ms: Some(NOW - 3 * DAY),
            to_ms: Some(NOW),
            ..Default::default()
        }),
        ["a1", "a2", "a3"]
    );
    assert_eq!(
        by(BoardFilter {
            text: "process A2".into(),
            ..Default::default()
        }),
        ["a2"]
    );
    assert_eq!(
        by(BoardFilter {
            text: "template tb".into(),
            ..Default::default()
        }),
        ["b1", "b2"]
    );
    assert!(by(BoardFilter {
        text: "nothing like it".into(),
        ..Default::default()
    })
    .is_empty());
}

#[test]
fn tallies_summary_and_pictures_agree() {
    let board = sample_board();
    let batch = board.select(
        &BoardFilter {
            batch: Some("job-1".into()),
            ..Default::default()
        },
        NOW,
    );
    let tally = board.tally(&batch, NOW);
    assert_eq!(tally.total, 3);
    assert_eq!(tally.of(Segment::Complete), 1);
    assert_eq!(tally.of(Segment::OnTrack), 1);
    assert_eq!(tally.of(Segment::Overdue), 1);
    assert_eq!(tally.open, 2);
    assert_eq!(
        Board::summary_line("Onboarding batch 27 Nov", &tally),
        "Onboarding batch 27 Nov: 1 complete, 2 active, 1 overdue of 3"
    );
    let all = board.select(&BoardFilter::default(), NOW);
    let line = Board::summary_line("All", &board.tally(&all, NOW));
    assert_eq!(
        line,
        "All: 1 complete, 3 active, 1 overdue, 1 with a problem, 1 archived of 5"
    );
    assert_eq!(
        Board::summary_line("Nothing", &board.tally(&[], NOW)),
        "Nothing: no processes"
    );

    let day_of = |ms: i64| iso(ms)[..10].to_string();
    let bars = day_bars(&board, &all, NOW, &local_days(&board, &day_of));
    let days: Vec<&str> = bars.iter().map(|b| b.day.as_str()).collect();
    assert_eq!(
        days,
        ["2025-11-25", "2025-11-26", "2025-11-27", "2025-11-28"],
        "gaps filled"
    );
    assert_eq!(bars[0].total(), 2);
    assert_eq!(bars[1].total() + bars[2].total(), 0);
    assert_eq!(bars[3].segments, [1, 1, 1, 0, 0]);
    assert_eq!(bars.iter().map(|b| b.total()).sum::<usize>(), 5);

    // a1 complete (100), a2 50 %, a3 25 %, b1 0 %, b2 archived at 100 %.
    assert_eq!(progress_buckets(&board, &all), [1, 1, 1, 0, 2]);
}

#[test]
fn the_csv_has_a_row_per_process_and_no_cell_runs_as_a_formula() {
    let mut board = sample_board();
    board.runs[0].name = "=HYPERLINK(\"http://evil\")".into();
    let all = board.select(&BoardFilter::default(), NOW);
    let csv = board.to_csv(&all, NOW, &iso, &|id| format!("member {id}"), &|job| {
        format!("bulk job {job}")
    });
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "Process");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    assert!(rows[0][0].starts_with("'="));
    assert_eq!(&header[4], "Due soon");
    let a3 = rows.iter().find(|r| &r[14] == "a3").unwrap();
    assert_eq!((&a3[3], &a3[4]), ("yes", "no"));
    assert_eq!(&a3[9], "member 1001, g@example.com, group grp1");
    assert_eq!(&a3[13], "this browser: bulk job job-1");
}

#[test]
fn the_refresh_uses_only_its_share_of_the_rate_limit() {
    let settings = Settings {
        rate_limit: 60,
        rate_window_secs: 10,
        track_share_percent: 50,
        ..Settings::default()
    };
    let pacer = settings.track_pacer();
    assert_eq!((pacer.max, pacer.window_ms), (30, 10_000.0));
    let tiny = Settings {
        rate_limit: 1,
        track_share_percent: 10,
        ..settings.clone()
    };
    assert_eq!(tiny.track_pacer().max, 1, "never zero");
    let stored =
        Settings::from_stored(r#"{"track_share_percent": 0, "track_refresh_minutes": 99999}"#)
            .unwrap();
    assert_eq!(
        (stored.track_share_percent, stored.track_refresh_minutes),
        (1, 1_440)
    );
    let old = Settings::from_stored(r#"{"org_id": "o"}"#).unwrap();
    assert_eq!(
        (old.track_share_percent, old.track_refresh_minutes),
        (50, 5),
        "old settings load"
    );
}

/// Any JSON, with the keys the reader looks at holding any kind of value.
fn hostile_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        "\\PC{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("data".to_string()),
                    Just("status".to_string()),
                    Just("progress".to_string()),
                    Just("total".to_string()),
                    Just("complete".to_string()),
                    Just("percent".to_string()),
                    Just("next_task".to_string()),
                    Just("deadline".to_string()),
                    Just("owners".to_string()),
                    Just("users".to_string()),
                    Just("late_tasks".to_string()),
                    Just("due_date_passed".to_string()),
                    Just("due_soon".to_string()),
                    Just("has_open_issue".to_string()),
                    Just("created_at".to_string()),
                    Just("checklist".to_string()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_list_item_reads_without_panicking_and_within_bounds(value in hostile_value(), now in any::<i64>()) {
        if let Some(r) = TrackedRun::from_json(&value, NOW) {
            prop_assert!((0.0..=100.0).contains(&r.percent));
            prop_assert!(r.tasks_total == 0 || r.tasks_complete <= r.tasks_total);
            let _ = r.is_overdue(now);
            let _ = r.segment(now);
        }
    }

    #[test]
    fn every_process_lands_in_exactly_one_segment_bucket_and_day(
        statuses in prop::collection::vec((0..6usize, 0..5u32, 0..5u32, -40i64..40), 0..60),
        text in "\\PC{0,12}",
    ) {
        let words = ["active", "complete", "problem", "delayed", "archived", "odd"];
        let listed: Vec<TrackedRun> = statuses
            .iter()
            .enumerate()
            .map(|(i, (s, done, total, days))| run(item(&format!("r{i}"), "t", words[*s], *done, *total, NOW + days * DAY)))
            .collect();
        let board = Board::merge(listed, &[], NOW);
        let all = board.select(&BoardFilter::default(), NOW);
        prop_assert_eq!(all.len(), statuses.len());
        let tally = board.tally(&all, NOW);
        prop_assert_eq!(tally.segments.iter().sum::<usize>(), tally.total);
        prop_assert_eq!(progress_buckets(&board, &all).iter().sum::<usize>(), tally.total);
        let day_of = |ms: i64| iso(ms)[..10].to_string();
        prop_assert_eq!(day_bars(&board, &all, NOW, &local_days(&board, &day_of)).iter().map(|b| b.total()).sum::<usize>(), tally.total);
        // Search with any text never panics and only narrows.
        let found = board.select(&BoardFilter { text: text.clone(), ..Default::default() }, NOW);
        prop_assert!(found.len() <= all.len());
    }

    #[test]
    fn no_csv_cell_starts_a_formula_whatever_the_names(names in prop::collection::vec("\\PC{0,16}", 1..8)) {
        let listed: Vec<TrackedRun> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut v = item(&format!("r{i}"), "t", "active", 0, 3, NOW);
                v["name"] = json!(name);
                v["checklist_title"] = json!(name);
                run(v)
            })
            .collect();
        let board = Board::merge(listed, &[], NOW);
        let all = board.select(&BoardFilter::default(), NOW);
        let csv = board.to_csv(&all, NOW, &iso, &|id| id.to_string(), &|j| j.to_string());
        let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        prop_assert_eq!(rows.len(), names.len());
        for row in &rows {
            for cell in row.iter() {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "cell {:?}", cell);
            }
        }
    }
}

/// Sizes an import controls (issue 24): a history naming 1,000 templates makes a refresh read at
/// most MAX_TRACKED_TEMPLATES, the most recently launched first, and only those launched into
/// the current API base and organization; the rest are named as left out.
#[test]
fn a_refresh_reads_a_capped_list_of_templates() {
    use tallyfy_launcher::domain::track::MAX_TRACKED_TEMPLATES;
    let mut history: Vec<HistoryRecord> = (0..1_000)
        .map(|i| {
            record(
                &format!("h{i}"),
                &format!("r{i}"),
                &format!("t{i}"),
                Source::Single,
                NOW - i64::from(i) * 1_000,
            )
        })
        .collect();
    let mut elsewhere = record("x", "rx", "tx", Source::Single, NOW + 1);
    elsewhere.org_id = "another-org".into();
    history.push(elsewhere);
    let chosen = vec![("picked".to_string(), "Picked".to_string())];
    let to_read = Board::templates_to_read(&history, BASE, ORG, &chosen);
    assert_eq!(to_read.read.len(), MAX_TRACKED_TEMPLATES);
    assert_eq!(
        to_read.read[0].0, "picked",
        "the chosen templates come first"
    );
    assert_eq!(to_read.read[1].0, "t0", "then the most recently launched");
    assert!(
        to_read.read.iter().all(|(id, _)| id != "tx"),
        "another organization's is not read"
    );
    assert_eq!(to_read.left_out.len(), 1_000 + 1 - MAX_TRACKED_TEMPLATES);
}

/// Every documented shape of `next_task`, lateness and issues (issue 25): the collection (first
/// item), an empty collection (all done), the older object forms; strings for numbers and flags;
/// missing fields.
#[test]
fn the_run_reader_takes_every_documented_shape() {
    let task =
        json!({ "title": "Approve", "deadline": iso(NOW + DAY), "owners": { "users": ["1002"] } });
    let with_next = |next: Value| {
        let mut value = item("r1", "t1", "active", 1, 3, NOW);
        value["next_task"] = next;
        run(value)
    };
    for next in [
        json!({ "data": [task.clone(), { "title": "Later" }] }),
        json!([task.clone()]),
        json!({ "data": task.clone() }),
        task.clone(),
    ] {
        let r = with_next(next.clone());
        let t = r.next_task.as_ref().unwrap_or_else(|| panic!("{next}"));
        assert_eq!(
            (t.title.as_str(), t.users.as_slice(), t.deadline_ms),
            ("Approve", &[1002][..], Some(NOW + DAY))
        );
    }
    for none in [
        json!({ "data": [] }),
        json!([]),
        json!(null),
        json!({ "data": null }),
    ] {
        assert!(with_next(none.clone()).next_task.is_none(), "{none}");
    }
    // Lateness from late_tasks, due_date_passed (bool, number or string) or a passed deadline.
    let late = |key: &str, value: Value| {
        let mut v = item("r1", "t1", "active", 1, 3, NOW);
        v[key] = value;
        run(v)
    };
    assert!(late("late_tasks", json!(2)).is_overdue(NOW));
    assert!(late("late_tasks", json!("3")).is_overdue(NOW));
    assert!(!late("late_tasks", json!(0)).is_overdue(NOW));
    assert!(late("due_date_passed", json!(true)).is_overdue(NOW));
    assert!(late("due_date_passed", json!(1)).is_overdue(NOW));
    assert!(late("due_date_passed", json!("true")).is_overdue(NOW));
    assert!(!late("due_date_passed", json!(false)).is_overdue(NOW));
    assert!(
        late("late_tasks", json!(0)).is_overdue(NOW + 3 * DAY),
        "the next task's deadline passes"
    );
    // tasks_meta is documented nowhere: it decides nothing.
    let mut meta = item("r1", "t1", "active", 1, 3, NOW);
    meta["tasks_meta"] = json!({ "data": { "overdue": 5, "total": 9, "completed": 9 } });
    let meta = run(meta);
    assert!(!meta.is_overdue(NOW));
    assert_eq!((meta.tasks_complete, meta.tasks_total), (1, 3));
    // Due soon: shown only on an open process that is not late.
    let soon = late("due_soon", json!(true));
    assert!(soon.is_due_soon(NOW) && !soon.is_overdue(NOW));
    assert_eq!(soon.segment(NOW), Segment::OnTrack);
    assert!(
        !soon.is_due_soon(NOW + 3 * DAY),
        "late says more than due soon"
    );
    let mut done = item("r1", "t1", "complete", 3, 3, NOW);
    done["due_soon"] = json!(true);
    done["late_tasks"] = json!(4);
    let done = run(done);
    assert!(!done.is_due_soon(NOW) && !done.is_overdue(NOW));
    // An issue, by status or by flag, needs attention like a problem.
    assert_eq!(
        late("status", json!("issue")).segment(NOW),
        Segment::Problem
    );
    let flagged = late("has_open_issue", json!(true));
    assert_eq!(flagged.segment(NOW), Segment::Problem);
    assert!(StatusFilter::Is(Status::Problem).passes(&flagged, NOW));
    // Missing fields: on track, nothing late, nothing next.
    let bare = run(json!({ "id": "r9", "status": "active" }));
    assert_eq!(
        (bare.segment(NOW), bare.next_task.is_none()),
        (Segment::OnTrack, true)
    );
}

/// The issue's example, counted as the board counts it: 17 processes, 4 late (by each
/// documented field), 2 due soon; the summary says 4 overdue and 2 due soon.
#[test]
fn a_batch_of_documented_runs_is_counted_right() {
    let mut listed = Vec::new();
    for i in 0..17 {
        let mut v = item(&format!("r{i}"), "t1", "active", 1, 3, NOW - DAY);
        match i {
            0 => v["late_tasks"] = json!(1),
            1 => v["due_date_passed"] = json!(true),
            2 => v["next_task"]["data"][0]["deadline"] = json!(iso(NOW - 1000)),
            3 => v["late_tasks"] = json!("2"),
            4 | 5 => v["due_soon"] = json!(true),
            _ => {}
        }
        listed.push(run(v));
    }
    let board = Board::merge(listed, &[], NOW);
    let all = board.select(&BoardFilter::default(), NOW);
    let tally = board.tally(&all, NOW);
    assert_eq!(
        (
            tally.of(Segment::Overdue),
            tally.of(Segment::OnTrack),
            tally.due_soon
        ),
        (4, 13, 2)
    );
    assert_eq!(
        Board::summary_line("Batch", &tally),
        "Batch: 0 complete, 17 active, 4 overdue, 2 due soon of 17"
    );
    let due = BoardFilter {
        status: Some(StatusFilter::DueSoon),
        ..BoardFilter::default()
    };
    assert_eq!(board.select(&due, NOW).len(), 2);
    for choice in StatusFilter::ALL {
        assert_eq!(StatusFilter::from_label(choice.label()), Some(choice));
    }
}
