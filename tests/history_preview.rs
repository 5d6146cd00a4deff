//! History opened first reads only the newest records of the stored history
//! (`HistoryPreview`): they must be exactly the first page the whole history lists, with the
//! whole count, for any history this version writes; any other document gives no preview, so the
//! whole history is read as before.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tallyfy_launcher::domain::history::{
    History, HistoryPreview, HistoryQuery, HistoryRecord, Outcome,
};
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::outcome::ApiError;

#[path = "common/unicode.rs"]
mod unicode;
use unicode::BREAKS_AND_SPACES;

/// The usual link rule, as the app derives it.
use common::run_link as link;

fn body(template: &str, name: &str) -> LaunchBody {
    let mut prerun = Map::new();
    prerun.insert("f1".into(), json!(name));
    LaunchBody {
        checklist_id: template.into(),
        name: name.into(),
        prerun,
        ..LaunchBody::default()
    }
}

/// Record `n` of a varied history: launched, failed, opened in Tallyfy, on another connection,
/// with its own link; names and titles with line breaks and odd spaces.
fn varied(n: usize, at_ms: i64) -> HistoryRecord {
    let odd = BREAKS_AND_SPACES[n % BREAKS_AND_SPACES.len()];
    let name = format!("{odd}Audit {n}{odd} – ü");
    let mut record = common::launched_record(
        &format!("{n:x}{odd}"),
        at_ms,
        body(&format!("tpl-{}", n % 3), &name),
        &format!("run-{n}"),
    );
    record.template_title = format!("Template {}{odd}", n % 3);
    match n % 5 {
        1 => {
            record.outcome = Outcome::Failed {
                error: ApiError::Server {
                    status: 500,
                    message: format!("Server{odd}Error"),
                    request_id: Some(format!("req-{n}")),
                },
            };
            record.response = Some(json!({ "message": "Server Error" }));
        }
        2 => {
            record.outcome = Outcome::OpenedInTallyfy {
                link: format!("https://go.tallyfy.com/org/processes/new?id={n}"),
            }
        }
        3 => {
            record.api_base = "https://staging.go.tallyfy.com/api".into();
            record.org_id = format!("other{odd}");
        }
        4 => {
            record.outcome = Outcome::Launched {
                run: common::run(&format!("run-{n}")),
                link: "https://proxy.example/o/processes/own".into(),
            }
        }
        _ => {}
    }
    record
}

/// A history of `count` varied records at the given times, with a deletion, a clear and a
/// restore recorded, as this version stores it.
fn stored(times: &[i64]) -> (History, String) {
    let mut history = History::default();
    for (n, at) in times.iter().enumerate() {
        history.push(varied(n, *at), usize::MAX);
    }
    history.push(varied(9_999, i64::MIN), usize::MAX);
    history.delete(&varied(9_999, 0).id);
    let text = history.to_stored(&link);
    let (whole, report) = History::load(Some(&text), &link);
    assert_eq!(report, Default::default());
    (whole, text)
}

/// The first `page` records the whole history lists, as History shows them.
fn first_page(whole: &History, page: usize) -> Vec<HistoryRecord> {
    let index = whole.search_index();
    let listed = whole.search(&index, &HistoryQuery::default());
    listed.into_iter().take(page).cloned().collect()
}

fn assert_same_first_page(times: &[i64], page: usize) {
    let (whole, text) = stored(times);
    let preview = HistoryPreview::read(&text, page, &link).expect("a preview");
    assert_eq!(preview.total, whole.len());
    assert_eq!(preview.newest, first_page(&whole, page));
    if page >= whole.len() {
        assert_eq!(preview.templates(), whole.templates());
    }
}

#[test]
fn the_newest_records_are_the_first_page_of_the_whole_history_with_its_count() {
    for count in [0, 1, 2, 24, 25, 26, 60] {
        let times: Vec<i64> = (0..count).map(|n| 1_000 * n as i64).collect();
        for page in [0, 1, 25, 100] {
            assert_same_first_page(&times, page);
        }
    }
    // Launches in the same millisecond, out of order, far apart.
    assert_same_first_page(&[5, 5, 5, 1, 9, 9, i64::MAX, 0, -3, 5], 4);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_history_this_version_writes_previews_as_its_first_page(
        times in proptest::collection::vec(-5i64..40, 0..60),
        page in 0usize..70,
    ) {
        assert_same_first_page(&times, page);
    }
}

/// The stored document of a small history, as a JSON value to change.
fn document() -> Value {
    let times: Vec<i64> = (0..30).collect();
    serde_json::from_str(&stored(&times).1).unwrap()
}

/// A document as text with its keys in the order given (serde_json's `Value` sorts them).
fn in_order(doc: &Value, keys: &[&str]) -> String {
    let fields: Vec<String> = keys
        .iter()
        .filter_map(|key| doc.get(key).map(|value| format!("{}:{value}", json!(key))))
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// The order this version writes.
const WRITTEN: [&str; 8] = [
    "schema",
    "api_base",
    "org_id",
    "newest_first",
    "records",
    "deleted",
    "cleared_before_ms",
    "restored",
];

#[test]
fn documents_this_version_did_not_write_newest_first_give_no_preview() {
    // The unchanged document previews: each case below fails for its own reason.
    let written = in_order(&document(), &WRITTEN);
    let as_stored: Value = serde_json::from_str(&stored(&(0..30).collect::<Vec<_>>()).1).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&written).unwrap(), as_stored);
    assert!(HistoryPreview::read(&written, 25, &link).is_some());

    let mut cases: Vec<(&str, String)> = Vec::new();
    let mut older = document();
    older.as_object_mut().unwrap().remove("newest_first");
    older["records"].as_array_mut().unwrap().reverse();
    cases.push((
        "an older version's, oldest first",
        in_order(&older, &WRITTEN),
    ));
    let mut unmarked = document();
    unmarked["newest_first"] = json!(false);
    cases.push(("not marked newest first", in_order(&unmarked, &WRITTEN)));
    let mut kept = document();
    kept["records"]
        .as_array_mut()
        .unwrap()
        .insert(0, json!({"id": 1, "from": "a newer version"}));
    cases.push(("an unreadable record first", in_order(&kept, &WRITTEN)));
    let mut unordered = document();
    unordered["records"].as_array_mut().unwrap().swap(3, 4);
    cases.push((
        "marked newest first but not",
        in_order(&unordered, &WRITTEN),
    ));
    let mut newer = document();
    newer["schema"] = json!(3);
    cases.push(("another schema", in_order(&newer, &WRITTEN)));
    let mut bad_tombstones = document();
    bad_tombstones["deleted"] = json!(5);
    cases.push((
        "tombstones of another form",
        in_order(&bad_tombstones, &WRITTEN),
    ));
    let late = [
        "schema",
        "api_base",
        "org_id",
        "records",
        "newest_first",
        "deleted",
    ];
    cases.push((
        "the order said after the records",
        in_order(&document(), &late),
    ));
    let early = [
        "records",
        "schema",
        "api_base",
        "org_id",
        "newest_first",
        "deleted",
    ];
    cases.push((
        "the schema said after the records",
        in_order(&document(), &early),
    ));
    let twice = written.replacen(r#""records":["#, r#""records":[],"records":["#, 1);
    cases.push(("the records twice", twice));
    cases.push(("text after the document", format!("{written} x")));
    cases.push(("cut short", written[..written.len() / 2].to_string()));
    cases.push(("schema 1's bare list", "[]".to_string()));
    cases.push(("not JSON", "launches".to_string()));
    for (what, text) in cases {
        assert_eq!(HistoryPreview::read(&text, 25, &link), None, "{what}");
    }
    // Records before the schema or the order are still a document the whole reader reads.
    for keys in [late, early] {
        let (whole, report) = History::load(Some(&in_order(&document(), &keys)), &link);
        assert_eq!(report.unreadable, None);
        assert_eq!(whole.len(), 30);
    }
}

#[test]
fn an_older_versions_history_is_written_again_newest_first_and_then_previews() {
    let mut older = document();
    older.as_object_mut().unwrap().remove("newest_first");
    older["records"].as_array_mut().unwrap().reverse();
    let (whole, report) = History::load(Some(&older.to_string()), &link);
    assert!(report.oldest_first, "the store writes it again");
    assert_eq!(whole.len(), 30);
    let again = whole.to_stored(&link);
    let preview = HistoryPreview::read(&again, 25, &link).expect("a preview");
    assert_eq!(preview.newest, first_page(&whole, 25));
    assert_eq!(preview.total, 30);
    // Written newest first, it is not written again.
    assert!(!History::load(Some(&again), &link).1.oldest_first);
}
