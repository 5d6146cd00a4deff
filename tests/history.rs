//! The launch history: storage format and migration, unreadable data, the cap, merging tabs and
//! imports, search and filters, and CSV/JSON export.

mod common;

use serde_json::{json, Map};
use tallyfy_launcher::domain::history::{
    export_csv, export_json, parse_export, Badge, History, HistoryQuery, HistoryRecord, Outcome,
};
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::outcome::ApiError;
use tallyfy_launcher::domain::run::RunInfo;

/// The usual link rule, as the app derives it.
use common::run_link as link;

fn body(template: &str, name: &str) -> LaunchBody {
    let mut prerun = Map::new();
    prerun.insert("f1".into(), json!("value"));
    LaunchBody {
        checklist_id: template.into(),
        name: name.into(),
        summary: String::new(),
        owner_id: None,
        prerun,
        ..LaunchBody::default()
    }
}

fn launched(id: &str, at_ms: i64, name: &str) -> HistoryRecord {
    let run = RunInfo {
        owner_id: Some(1001),
        created_at: "2026-11-26T10:00:00.000Z".into(),
        progress_percent: Some(0.0),
        ..common::run(&format!("run-{id}"))
    };
    let outcome = Outcome::Launched {
        run,
        link: format!("https://go.tallyfy.com/org/processes/run-{id}"),
    };
    HistoryRecord {
        duration_ms: 120,
        ..common::record(id, at_ms, body("tpl-a", name), outcome)
    }
}

fn failed(id: &str, at_ms: i64, name: &str, error: ApiError) -> HistoryRecord {
    HistoryRecord {
        template_title: "Orders".into(),
        request: body("tpl-b", name),
        outcome: Outcome::Failed { error },
        response: Some(json!({"message": "The given data was invalid."})),
        ..launched(id, at_ms, name)
    }
}

fn invalid() -> ApiError {
    ApiError::Validation {
        message: "The given data was invalid.".into(),
        fields: Default::default(),
        named: Default::default(),
        others: vec!["name: Plan is required".into()],
        request_id: Some("req-7".into()),
    }
}

#[test]
fn records_survive_a_round_trip_through_storage() {
    let mut history = History::default();
    history.push(launched("a", 1, "First"), 100);
    history.push(failed("b", 2, "Second", invalid()), 100);
    let (loaded, report) = History::load(Some(&history.to_stored(&link)), &link);
    assert_eq!(report, Default::default());
    assert_eq!(loaded, history);
    let stored = history.to_stored(&link);
    assert!(stored.starts_with("{\"schema\":2"), "{stored}");
    // The usual API base, organization and links are written once, not per record.
    assert_eq!(
        stored.matches("https://go.tallyfy.com/api").count(),
        1,
        "{stored}"
    );
    assert!(!stored.contains("processes/run-a"), "{stored}");
}

#[test]
fn records_with_another_connection_or_link_keep_their_own() {
    let mut history = History::default();
    history.push(launched("a", 1, "x"), 100);
    history.push(launched("b", 2, "y"), 100);
    let mut elsewhere = launched("c", 3, "z");
    elsewhere.api_base = "https://staging.go.tallyfy.com/api".into();
    elsewhere.org_id = "other".into();
    elsewhere.outcome = Outcome::Launched {
        run: elsewhere.run().unwrap().clone(),
        link: "https://proxy.example/other/processes/run-c".into(),
    };
    history.push(elsewhere, 100);
    let (loaded, _) = History::load(Some(&history.to_stored(&link)), &link);
    assert_eq!(loaded, history);
}

#[test]
fn schema_1_lists_are_migrated() {
    let v1 = json!([
        {"id": "old1", "at_ms": 5, "template_id": "tpl", "template_title": "T", "process_name": "Old run",
         "request_body": {"checklist_id": "tpl", "name": "Old run", "prerun": {"f": "x"}},
         "run_id": "r1", "run_link": "https://go.tallyfy.com/o/processes/r1", "status": "active",
         "api_base": "https://go.tallyfy.com/api", "org_id": "o"},
        {"id": "old2", "at_ms": 3, "template_id": "tpl", "process_name": "Failed run",
         "request_body": {}, "error": "Plan is required", "http_status": 422}
    ]);
    let (history, report) = History::load(Some(&v1.to_string()), &link);
    assert_eq!(report.migrated_from, Some(1));
    let records = history.records();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id, "old2", "sorted oldest first");
    assert_eq!(records[0].process_name(), "Failed run");
    assert_eq!(records[0].template_id(), "tpl");
    assert_eq!(records[0].badge(), Badge::Failed);
    assert_eq!(records[1].run().unwrap().id, "r1");
    assert_eq!(
        records[1].link(),
        Some("https://go.tallyfy.com/o/processes/r1")
    );
}

#[test]
fn unreadable_data_is_reported_and_the_history_starts_empty() {
    for bad in [
        "{not json",
        r#"{"schema": 99, "records": []}"#,
        r#"{"schema": 2, "records": {"id": 1}}"#,
        "[1, 2]",
    ] {
        let (history, report) = History::load(Some(bad), &link);
        assert!(history.is_empty(), "{bad}");
        assert!(report.unreadable.is_some(), "{bad}");
    }
    assert_eq!(History::load(None, &link).1, Default::default());
}

/// Guards against losing a whole history to one bad record: the record is left aside and
/// reported, the others load, and the bad one is written back exactly as it was.
#[test]
fn one_unreadable_record_is_skipped_reported_and_kept() {
    let mut history = History::default();
    history.push(launched("good", 1, "Fine"), 100);
    let stored = history.to_stored(&link);
    let mut doc: serde_json::Value = serde_json::from_str(&stored).unwrap();
    let bad = serde_json::json!({"id": 1, "from": "a newer version"});
    doc["records"].as_array_mut().unwrap().push(bad.clone());
    let (loaded, report) = History::load(Some(&doc.to_string()), &link);
    assert_eq!(report.unreadable, None);
    let (count, reason) = report.skipped.expect("the bad record is reported");
    assert_eq!(count, 1);
    assert!(!reason.is_empty());
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded.records()[0].id, "good");
    let written: serde_json::Value = serde_json::from_str(&loaded.to_stored(&link)).unwrap();
    assert!(written["records"].as_array().unwrap().contains(&bad));
}

/// Records another version wrote, of any shape and content, survive a load and a save by this
/// one: every Unicode line break and script in keys and strings, deep nesting, the number
/// extremes serde_json writes, empty containers, a record that is not an object at all.
#[test]
fn unreadable_records_of_any_content_are_written_back_as_the_same_json() {
    let breaks = "\n\r\u{b}\u{c}\u{85}\u{2028}\u{2029}\r\n";
    let bad = [
        json!({"id": 1, "from": "a newer version"}),
        json!({"id": "x", "outcome": {"Launched": {"run": 7}}, "note": breaks}),
        json!({breaks: breaks, "日本語": "עברית", "emoji": "👩🏽‍🚀", "quote": "\"\\</script>"}),
        json!({"numbers": [i64::MIN, u64::MAX, 0.1, -2.5e-300, 1.7976931348623157e308, 0]}),
        json!({"deep": [[[[{"a": [{"b": [[[{"c": null}]]]}]}]]]], "empty": [{}, []]}),
        json!(["not", "an", "object"]),
        json!(null),
        json!(true),
    ];
    let mut history = History::default();
    history.push(launched("good", 1, "Fine"), 100);
    let mut doc: serde_json::Value = serde_json::from_str(&history.to_stored(&link)).unwrap();
    doc["records"]
        .as_array_mut()
        .unwrap()
        .extend(bad.iter().cloned());
    let (loaded, report) = History::load(Some(&doc.to_string()), &link);
    assert_eq!(report.skipped.map(|(n, _)| n), Some(bad.len()));
    assert_eq!(loaded.len(), 1);
    // Written back, and written back again after a second load: nothing drifts.
    let once = loaded.to_stored(&link);
    let (again, _) = History::load(Some(&once), &link);
    for text in [once, again.to_stored(&link)] {
        let written: serde_json::Value = serde_json::from_str(&text).unwrap();
        let records = written["records"].as_array().unwrap();
        for record in &bad {
            assert!(records.contains(record), "{record} in {text}");
        }
        assert_eq!(records.len(), bad.len() + 1);
    }
}

/// Guards the fast way of loading (every record read in one pass) against drifting from the
/// careful one (each record on its own, used once one cannot be read): the same history,
/// with one unreadable record added anywhere, loads the same apart from that record.
#[test]
fn a_history_read_whole_and_record_by_record_is_the_same() {
    let mut history = History::default();
    history.push(launched("a", 1, "First"), 100);
    history.push(
        failed("b", 2, "Second, with \"quotes\" and ünïcödé", invalid()),
        100,
    );
    let mut elsewhere = launched("c", 3, "Elsewhere");
    elsewhere.api_base = "https://staging.go.tallyfy.com/api".into();
    elsewhere.org_id = "other".into();
    history.push(elsewhere, 100);
    let mut own_link = launched("d", 4, "Own link");
    own_link.outcome = Outcome::Launched {
        run: own_link.run().unwrap().clone(),
        link: "https://proxy.example/o/processes/run-d".into(),
    };
    history.push(own_link, 100);
    history.push(launched("e", 5, "Deleted"), 100);
    history.delete("e");
    let stored = history.to_stored(&link);
    let (whole, report) = History::load(Some(&stored), &link);
    assert_eq!(report, Default::default());
    assert_eq!(whole, history);
    let count = whole.records().len();
    let bad = json!({"id": 1, "from": "a newer version"});
    for at in 0..=count {
        let mut doc: serde_json::Value = serde_json::from_str(&stored).unwrap();
        doc["records"]
            .as_array_mut()
            .unwrap()
            .insert(at, bad.clone());
        let (careful, report) = History::load(Some(&doc.to_string()), &link);
        assert_eq!(
            report.skipped.map(|(n, _)| n),
            Some(1),
            "bad record at {at}"
        );
        assert_eq!(careful.records(), whole.records(), "bad record at {at}");
        let mut written: serde_json::Value =
            serde_json::from_str(&careful.to_stored(&link)).unwrap();
        let records = written["records"].as_array_mut().unwrap();
        let kept = records
            .iter()
            .position(|r| *r == bad)
            .expect("kept as it was");
        records.remove(kept);
        // Records this version cannot read are written last, so the first ones are no longer
        // known to be the newest: the document no longer says so.
        assert_eq!(written["newest_first"], json!(false));
        written["newest_first"] = json!(true);
        assert_eq!(
            written,
            serde_json::from_str::<serde_json::Value>(&stored).unwrap()
        );
    }
}

/// Guards against an import after a delete or "Clear all" seeming to work and then vanishing
/// at another tab's next write: the records come back, in this tab and in every other.
#[test]
fn importing_deleted_or_cleared_records_restores_them_in_every_tab() {
    let mut tab_a = History::default();
    tab_a.push(launched("one", 10, "x"), 100);
    tab_a.push(launched("two", 20, "y"), 100);
    let export: Vec<_> = tab_a.records().to_vec();
    let mut tab_b = tab_a.clone();
    tab_a.delete("one");
    tab_a.clear(30);
    tab_b.merge_stored(&tab_a);
    assert!(tab_b.is_empty());

    let report = tab_a.import(export.clone(), 40);
    assert_eq!(
        (report.added, report.restored, report.duplicates),
        (2, 2, 0)
    );
    // The other tab merges the stored copy and keeps them; writing back changes nothing.
    let (stored, _) = History::load(Some(&tab_a.to_stored(&link)), &link);
    tab_b.merge_stored(&stored);
    assert_eq!(tab_b.len(), 2);
    tab_a.merge_stored(&tab_b);
    assert_eq!(tab_a.len(), 2);
    // Importing the same file again finds them already here.
    let again = tab_a.import(export, 50);
    assert_eq!((again.added, again.duplicates), (0, 2));
    // A later "Clear all" still clears them.
    tab_a.clear(60);
    tab_b.merge_stored(&tab_a);
    assert!(tab_b.is_empty());
}

#[test]
fn the_repeat_question_covers_launches_that_may_have_happened() {
    let mut history = History::default();
    let maybe = failed(
        "m",
        1_000,
        "Order 1",
        ApiError::Server {
            status: 502,
            message: "Bad gateway".into(),
            request_id: None,
        },
    );
    let body = maybe.request.clone();
    history.push(maybe, 100);
    assert_eq!(
        history
            .recent_attempt(&body, 2_000, 60_000)
            .map(|r| r.id.as_str()),
        Some("m")
    );
    history.push(failed("n", 3_000, "Order 2", invalid()), 100);
    let refused = history.records().last().unwrap().request.clone();
    assert!(
        history.recent_attempt(&refused, 4_000, 60_000).is_none(),
        "a clear refusal (422) launched nothing"
    );
    // An imported record from far in the past cannot overflow the window arithmetic.
    assert!(history.recent_attempt(&body, i64::MAX, 60_000).is_none());
    assert!(history.recent_attempt(&body, i64::MIN, 60_000).is_some());
}

#[test]
fn the_cap_drops_the_oldest_records() {
    let mut history = History::default();
    for i in 0..5 {
        assert!(history.push(launched(&format!("r{i}"), i, "x"), 3).len() <= 1);
    }
    let ids: Vec<&str> = history.records().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["r2", "r3", "r4"]);
}

#[test]
fn two_tabs_merge_without_losing_records_and_deletions_travel() {
    let mut base = History::default();
    base.push(launched("shared", 1, "x"), 100);
    base.push(launched("doomed", 2, "x"), 100);
    let mut tab_a = base.clone();
    let mut tab_b = base.clone();
    tab_a.push(launched("from-a", 3, "a"), 100);
    tab_b.push(launched("from-b", 4, "b"), 100);
    tab_b.delete("doomed");

    // A writes; B (which has not seen A's write) writes over it; A then sees B's write.
    let stored_by_b = tab_b.to_stored(&link);
    let (theirs, _) = History::load(Some(&stored_by_b), &link);
    tab_a.merge_stored(&theirs);
    assert!(tab_a.has_news_for(&theirs), "A must write its record back");
    let ids: Vec<&str> = tab_a.records().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["shared", "from-a", "from-b"]);
    // B sees A's write back and has nothing new to add.
    let (from_a, _) = History::load(Some(&tab_a.to_stored(&link)), &link);
    tab_b.merge_stored(&from_a);
    assert!(!tab_b.has_news_for(&from_a));
    assert_eq!(tab_b.records(), tab_a.records());
}

#[test]
fn clearing_reaches_other_tabs_but_spares_newer_records() {
    let mut tab_a = History::default();
    tab_a.push(launched("old", 10, "x"), 100);
    let mut tab_b = tab_a.clone();
    tab_a.clear(20);
    tab_b.push(launched("new", 30, "x"), 100);
    let (cleared, _) = History::load(Some(&tab_a.to_stored(&link)), &link);
    tab_b.merge_stored(&cleared);
    let ids: Vec<&str> = tab_b.records().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["new"]);
}

#[test]
fn imports_merge_without_duplicates() {
    let mut history = History::default();
    history.push(launched("a", 1, "x"), 100);
    let report = history.merge_records(vec![
        launched("a", 1, "x"),
        launched("b", 2, "y"),
        launched("b", 2, "y"),
    ]);
    assert_eq!((report.added, report.duplicates), (1, 2));
    assert_eq!(history.len(), 2);
}

#[test]
fn search_finds_name_template_run_id_and_error_text_and_filters_apply() {
    let mut history = History::default();
    history.push(launched("a", 1, "Onboard Globex"), 100);
    history.push(failed("b", 2, "Order 77", invalid()), 100);
    history.push(
        failed(
            "c",
            3,
            "Order 78",
            ApiError::Network {
                detail: "TypeError: Failed to fetch".into(),
            },
        ),
        100,
    );
    let index = history.search_index();
    let find = |q: HistoryQuery| {
        history
            .search(&index, &q)
            .iter()
            .map(|r| r.id.clone())
            .collect::<Vec<_>>()
    };
    let text = |t: &str| HistoryQuery {
        text: t.into(),
        ..Default::default()
    };
    assert_eq!(find(text("globex")), ["a"]);
    assert_eq!(
        find(text("ORDERS")),
        ["c", "b"],
        "template title, newest first"
    );
    assert_eq!(find(text("run-a")), ["a"]);
    assert_eq!(find(text("plan is required")), ["b"], "error text");
    assert_eq!(find(text("failed to fetch")), ["c"]);
    assert_eq!(
        find(HistoryQuery {
            badge: Some(Badge::Network),
            ..Default::default()
        }),
        ["c"]
    );
    assert_eq!(
        find(HistoryQuery {
            template_id: Some("tpl-a".into()),
            ..Default::default()
        }),
        ["a"]
    );
    assert_eq!(
        find(HistoryQuery {
            text: "order".into(),
            badge: Some(Badge::Failed),
            ..Default::default()
        }),
        ["b"]
    );
    assert_eq!(
        history.templates(),
        vec![
            ("tpl-a".into(), "Onboarding".into()),
            ("tpl-b".into(), "Orders".into())
        ]
    );
}

#[test]
fn a_recent_identical_launch_is_found_within_the_window_only() {
    let mut history = History::default();
    history.push(launched("a", 1_000, "Same"), 100);
    history.push(failed("b", 2_000, "Same", invalid()), 100);
    let same = body("tpl-a", "Same");
    assert_eq!(
        history
            .recent_attempt(&same, 1_000 + 600_000, 600_000)
            .map(|r| r.id.as_str()),
        Some("a")
    );
    assert!(history
        .recent_attempt(&same, 1_000 + 600_001, 600_000)
        .is_none());
    assert!(history
        .recent_attempt(&body("tpl-a", "Other"), 2_000, 600_000)
        .is_none());
}

#[test]
fn csv_export_quotes_commas_quotes_and_newlines() {
    let mut history = History::default();
    history.push(launched("a", 0, "Acme, Inc. \"East\"\nsecond line"), 100);
    history.push(launched("b", 1, "=HYPERLINK(\"http://evil\")"), 100);
    let records: Vec<&HistoryRecord> = history.records().iter().collect();
    let csv_text = export_csv(&records, |ms| format!("t{ms}"));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "Acme, Inc. \"East\"\nsecond line");
    assert_eq!(&rows[0][0], "t0");
    assert_eq!(&rows[0][4], "launched");
    assert_eq!(&rows[0][5], "run-a");
    assert!(
        csv_text.contains("\"Acme, Inc. \"\"East\"\"\nsecond line\""),
        "{csv_text}"
    );
    // A cell that a spreadsheet would run as a formula is neutralised.
    assert_eq!(&rows[1][1], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(reader.headers().unwrap().len(), 17);
}

#[test]
fn json_exports_read_back_and_other_files_are_refused() {
    let mut history = History::default();
    history.push(launched("a", 0, "x"), 100);
    history.push(failed("b", 1, "y", invalid()), 100);
    let records: Vec<&HistoryRecord> = history.records().iter().collect();
    let text = export_json(&records, 42);
    assert_eq!(parse_export(&text).unwrap(), history.records());
    assert!(parse_export("{\"kind\": \"presets\", \"schema\": 2}")
        .unwrap_err()
        .contains("not a Tallyfy Launcher history export"));
    assert!(parse_export("nope").is_err());
}
