//! Quick picks (pinned and recently launched templates) and pins in the presets file.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use serde_json::json;
use tallyfy_launcher::domain::history::{History, HistoryRecord, Outcome};
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::outcome::ApiError;
use tallyfy_launcher::domain::preset::{parse_presets, Pin, PresetBook};
use tallyfy_launcher::domain::quick_picks::{quick_picks, QuickPick};
use tallyfy_launcher::domain::time_ago::time_ago;

const NOW: i64 = 1_764_500_000_000;
const MIN: i64 = 60_000;

fn attempt(template: &str, at_ms: i64, launched: bool) -> HistoryRecord {
    let request = LaunchBody {
        checklist_id: template.into(),
        ..LaunchBody::default()
    };
    let id = format!("{template}-{at_ms}");
    let record = if launched {
        common::launched_record(&id, at_ms, request, &format!("run-{at_ms}"))
    } else {
        let offline = ApiError::Network {
            detail: "offline".into(),
        };
        common::record(&id, at_ms, request, Outcome::Failed { error: offline })
    };
    HistoryRecord {
        template_title: format!("Template {template}"),
        ..record
    }
}

fn history(records: Vec<HistoryRecord>) -> History {
    let mut history = History::default();
    for record in records {
        history.push(record, 10_000);
    }
    history
}

fn pin(id: &str, title: &str) -> Pin {
    Pin {
        template_id: id.into(),
        title: title.into(),
    }
}

fn ids(picks: &[QuickPick]) -> Vec<&str> {
    picks.iter().map(|p| p.template_id.as_str()).collect()
}

#[test]
fn pins_come_first_then_the_latest_launched_templates() {
    let h = history(vec![
        attempt("a", NOW - 50 * MIN, true),
        attempt("b", NOW - 40 * MIN, true),
        attempt("c", NOW - 30 * MIN, true),
        attempt("a", NOW - 20 * MIN, true),
        attempt("d", NOW - 10 * MIN, false),
    ]);
    let picks = quick_picks(&[pin("c", "Old title"), pin("z", "Never launched")], &h, 5);
    assert_eq!(ids(&picks), ["c", "z", "a", "b"]);
    assert!(picks[0].pinned && picks[1].pinned && !picks[2].pinned);
    assert_eq!(
        picks[0].title, "Template c",
        "the latest launch names a pin"
    );
    assert_eq!(picks[1].title, "Never launched");
    assert_eq!(picks[1].last_launched_ms, None);
    assert_eq!(picks[2].last_launched_ms, Some(NOW - 20 * MIN));
    // A failed attempt never makes a template recent.
    assert!(!ids(&picks).contains(&"d"));
    assert_eq!(ids(&quick_picks(&[], &h, 1)), ["a"]);
}

#[test]
fn time_ago_reads_like_a_person_would_say_it() {
    assert_eq!(time_ago(NOW, NOW + 5 * MIN), "just now");
    assert_eq!(time_ago(NOW, NOW - 30_000), "just now");
    assert_eq!(time_ago(NOW, NOW - MIN), "1 minute ago");
    assert_eq!(time_ago(NOW, NOW - 59 * MIN), "59 minutes ago");
    assert_eq!(time_ago(NOW, NOW - 60 * MIN), "1 hour ago");
    assert_eq!(time_ago(NOW, NOW - 23 * 60 * MIN), "23 hours ago");
    assert_eq!(time_ago(NOW, NOW - 24 * 60 * MIN), "yesterday");
    assert_eq!(time_ago(NOW, NOW - 49 * 60 * MIN), "2 days ago");
    assert_eq!(
        time_ago(i64::MAX, i64::MIN),
        format!("{} days ago", i64::MAX / 60_000 / 1440)
    );
}

#[test]
fn pins_travel_in_the_presets_file_and_old_files_still_load() {
    let mut book = PresetBook::default();
    book.pin("t1", "Onboarding");
    book.pin("t2", "Offboarding");
    book.pin("t1", "Onboarding (renamed)");
    assert_eq!(book.pins.len(), 2, "pinning again does not duplicate");
    let back = PresetBook::parse(&book.export()).unwrap();
    assert_eq!(back, book);
    // The file is still a presets file for a version that knows nothing of pins.
    assert_eq!(parse_presets(&book.export()).unwrap(), vec![]);

    let old = json!({"app": "tallyfy-launcher", "kind": "presets", "schema": 1, "presets": []});
    assert_eq!(PresetBook::parse(&old.to_string()).unwrap().pins, vec![]);
    let bad = json!({"app": "tallyfy-launcher", "kind": "presets", "schema": 1, "presets": [], "pins": [{"title": "x"}]});
    let error = PresetBook::parse(&bad.to_string()).unwrap_err();
    assert_eq!(error, "pinned template 1 has no template id");
    let not_a_list = json!({"kind": "presets", "schema": 1, "presets": [], "pins": {"a": 1}});
    let error = PresetBook::parse(&not_a_list.to_string()).unwrap_err();
    assert!(
        error.contains("pinned templates are not in the expected form"),
        "{error}"
    );
    let blank =
        json!({"kind": "presets", "schema": 1, "presets": [], "pins": [{"template_id": " "}]});
    assert!(PresetBook::parse(&blank.to_string()).is_err());

    let mut mine = PresetBook::default();
    mine.pin("t2", "Mine");
    assert_eq!(mine.merge_pins(&book.pins), 1);
    assert_eq!(
        mine.pins,
        vec![pin("t2", "Mine"), pin("t1", "Onboarding (renamed)")]
    );
    mine.unpin("t2");
    assert!(!mine.is_pinned("t2") && mine.is_pinned("t1"));
}

proptest! {
    /// Any history (launches and failures of a few templates at any times, in any order) and
    /// any pins: every pin is offered once, in pin order, then at most `recent` launched
    /// templates latest first, never twice, never one that only failed.
    #[test]
    fn quick_picks_hold_for_any_history(
        attempts in prop::collection::vec(("[a-f]", any::<i64>(), any::<bool>()), 0..40),
        pinned in prop::collection::vec("[a-h]", 0..6),
        recent in 0usize..8,
    ) {
        let h = history(attempts.iter().map(|(t, at, ok)| attempt(t, *at, *ok)).collect());
        let mut book = PresetBook::default();
        for id in &pinned { book.pin(id, "Pinned"); }
        let picks = quick_picks(&book.pins, &h, recent);
        let pin_ids: Vec<&str> = book.pins.iter().map(|p| p.template_id.as_str()).collect();
        prop_assert_eq!(&ids(&picks)[..pin_ids.len()], &pin_ids[..]);
        let rest = &picks[pin_ids.len()..];
        prop_assert!(rest.len() <= recent);
        let mut all = ids(&picks);
        all.sort_unstable();
        all.dedup();
        prop_assert_eq!(all.len(), picks.len());
        for pick in rest {
            prop_assert!(!pick.pinned);
            let latest = attempts.iter().filter(|(t, _, ok)| *ok && *t == pick.template_id).map(|(_, at, _)| *at).max();
            prop_assert_eq!(pick.last_launched_ms, latest);
        }
        for pair in rest.windows(2) {
            prop_assert!(pair[0].last_launched_ms >= pair[1].last_launched_ms);
        }
        for pick in &picks {
            let _ = time_ago(NOW, pick.last_launched_ms.unwrap_or(NOW));
        }
    }
}

/// Sizes an import controls (issue 24): a file of 50,000 pins (many repeated) reads fast, keeps
/// at most MAX_PINS, each once, and merging another such file keeps the cap.
#[test]
fn a_file_of_any_number_of_pins_is_capped_and_read_in_linear_time() {
    use tallyfy_launcher::domain::preset::MAX_PINS;
    let pins: Vec<_> = (0..50_000)
        .map(|i| json!({"template_id": format!("t{}", i % 40_000), "title": format!("T{i}")}))
        .collect();
    let file = json!({"app": "tallyfy-launcher", "kind": "presets", "schema": 1, "presets": [], "pins": pins}).to_string();
    let started = std::time::Instant::now();
    let mut book = PresetBook::parse(&file).unwrap();
    assert!(
        started.elapsed().as_millis() < 1_000,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(book.pins.len(), MAX_PINS);
    let mut seen = std::collections::HashSet::new();
    assert!(book.pins.iter().all(|p| seen.insert(p.template_id.clone())));
    let incoming: Vec<Pin> = (0..40_000).map(|i| pin(&format!("u{i}"), "U")).collect();
    let started = std::time::Instant::now();
    assert_eq!(book.merge_pins(&incoming), 0, "already full");
    assert!(started.elapsed().as_millis() < 100);
    assert!(!book.pin("another", "A"), "a pin past the cap is refused");
    book.unpin("t0");
    assert_eq!(book.merge_pins(&incoming), 1);
    assert_eq!(book.pins.len(), MAX_PINS);
}

/// Templates tracked on the Track board travel with the presets (issue 25): exported, read back,
/// merged without duplicates, capped at MAX_TRACKED; a file without them still loads.
#[test]
fn tracked_templates_travel_in_the_presets_file() {
    use tallyfy_launcher::domain::preset::MAX_TRACKED;
    let mut book = PresetBook::default();
    assert!(book.track("t1", "Orders"));
    assert!(
        book.track("t1", "Orders (renamed)"),
        "again: only the title changes"
    );
    assert!(book.track("t2", ""));
    assert_eq!(book.tracked.len(), 2);
    let read = PresetBook::parse(&book.export()).unwrap();
    assert_eq!(read.tracked, book.tracked);
    assert_eq!(read.tracked[0].title, "Orders (renamed)");
    let old = json!({"app": "tallyfy-launcher", "kind": "presets", "schema": 1, "presets": []})
        .to_string();
    assert!(PresetBook::parse(&old).unwrap().tracked.is_empty());
    let bad = json!({"app": "tallyfy-launcher", "kind": "presets", "schema": 1, "presets": [], "tracked": [{"title": "x"}]}).to_string();
    assert_eq!(
        PresetBook::parse(&bad).unwrap_err(),
        "tracked template 1 has no template id"
    );
    let many: Vec<Pin> = (0..200).map(|i| pin(&format!("m{i}"), "M")).collect();
    assert_eq!(book.merge_tracked(&many), MAX_TRACKED - 2);
    assert!(!book.track("one-more", "X"), "past the cap: refused");
    book.untrack("t1");
    assert!(book.track("one-more", "X"));
}
