//! Recurring launches: cron lines, the name's dates in each target's syntax, the workflow as
//! YAML, and the body cut around the values worked out at each run, for any values.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use chrono::Weekday;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tallyfy_launcher::domain::formula::NameFormula;
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::schedule::{Repeat, Schedule, ScheduledLaunch};

const URL: &str = "https://go.tallyfy.com/api/organizations/org1/runs";

fn headers() -> Vec<(String, String)> {
    vec![
        ("Authorization".into(), "Bearer secret-token".into()),
        ("Accept".into(), "application/json".into()),
        ("X-Tallyfy-Client".into(), "APIClient".into()),
        ("Content-Type".into(), "application/json".into()),
    ]
}

fn body(prerun: Map<String, Value>) -> LaunchBody {
    LaunchBody {
        checklist_id: "tpl1".into(),
        name: "Report – 2026-11-30".into(),
        prerun,
        ..LaunchBody::default()
    }
}

fn launch(formula: &str, values: &[(String, String)]) -> ScheduledLaunch {
    let parts = NameFormula::parse(formula).unwrap().parts(values).unwrap();
    let mut prerun = Map::new();
    prerun.insert(
        "f1".into(),
        json!("O'Brien \"quoted\" ${{ secrets.OTHER }}"),
    );
    ScheduledLaunch::new(
        "Weekly report",
        URL,
        headers(),
        &body(prerun),
        Some(parts),
        &BTreeMap::new(),
    )
}

fn weekly() -> Schedule {
    Schedule::new(Repeat::Weekly(Weekday::Mon), "09:30").unwrap()
}

#[test]
fn every_repeat_has_its_cron_line_and_words() {
    let cases = [
        (Repeat::Daily, "30 9 * * *", "every day at 09:30 UTC"),
        (
            Repeat::Weekdays,
            "30 9 * * 1-5",
            "every weekday (Monday to Friday) at 09:30 UTC",
        ),
        (
            Repeat::Weekly(Weekday::Sun),
            "30 9 * * 0",
            "every Sunday at 09:30 UTC",
        ),
        (
            Repeat::Weekly(Weekday::Mon),
            "30 9 * * 1",
            "every Monday at 09:30 UTC",
        ),
        (
            Repeat::Monthly(28),
            "30 9 28 * *",
            "on day 28 of every month at 09:30 UTC",
        ),
    ];
    for (repeat, cron, words) in cases {
        let schedule = Schedule::new(repeat, " 9:30 ").unwrap();
        assert_eq!(schedule.cron(), cron);
        assert_eq!(schedule.describe(), words);
    }
    assert_eq!(
        Schedule::new(Repeat::Daily, "0:05").unwrap().cron(),
        "5 0 * * *"
    );
    for bad in ["24:00", "9", "09:60", "nine", "", "-1:30"] {
        let error = Schedule::new(Repeat::Daily, bad).unwrap_err();
        assert!(error.contains("HH:MM"), "{bad}: {error}");
    }
    assert!(Schedule::new(Repeat::Monthly(29), "09:00")
        .unwrap_err()
        .contains("1 to 28"));
    assert!(Schedule::new(Repeat::Monthly(0), "09:00").is_err());
}

#[test]
fn the_name_dates_become_each_targets_own_date_syntax() {
    let values = vec![("Customer".to_string(), "Globex 'East'".to_string())];
    let launch = launch("{{Customer}} – {{today}}, due {{today+7d}} / {{now-2h:%H:%M}} / {{today+1m:%d %b %Y}} / {{today+1y:%Y}}", &values);
    let script = launch.shell_script(&weekly());
    // The field's value is fixed text; every date is worked out when the script runs.
    assert!(script.contains(r#"slot0=$(trimmed 'Globex '\''East'\'' – '"$(at 0 0 '%Y-%m-%d')"', due '"$(at 604800 0 '%Y-%m-%d')"' / '"$(at -7200 0 '%H:%M')"' / '"$(at 0 1 '%d %b %Y')"' / '"$(at 0 12 '%Y')""#), "{script}");
    assert!(
        !script.contains("2026-11-30"),
        "the exported date is not frozen in"
    );
    let workato = launch.workato_outline(&weekly(), "{{token}}");
    assert!(workato.contains(r#""name": ('Globex \'East\' – ' + now.strftime('%Y-%m-%d') + ', due ' + (now + 7.days).strftime('%Y-%m-%d') + ' / ' + (now - 2.hours).strftime('%H:%M') + ' / ' + (now + 1.months).strftime('%d %b %Y') + ' / ' + (now + 1.years).strftime('%Y')).strip"#), "{workato}");
    assert!(workato.contains("Cron expression: 30 9 * * 1"));
    for text in [&script, &workato, &launch.github_workflow(&weekly())] {
        assert!(
            !text.contains("secret-token"),
            "the token never goes into an export"
        );
        assert!(text.contains("X-Tallyfy-Client: APIClient"));
    }
}

#[test]
fn the_workflow_is_yaml_with_the_cron_line_and_the_script() {
    let launch = launch("Weekly – {{today}}", &[]);
    let schedule = Schedule::new(Repeat::Weekdays, "07:05").unwrap();
    let workflow = launch.github_workflow(&schedule);
    let parsed: serde_yaml::Value = serde_yaml::from_str(&workflow).expect("valid YAML");
    assert_eq!(
        parsed["on"]["schedule"][0]["cron"].as_str(),
        Some("5 7 * * 1-5")
    );
    let step = &parsed["jobs"]["launch"]["steps"][0];
    assert_eq!(
        step["env"]["TALLYFY_TOKEN"].as_str(),
        Some("${{ secrets.TALLYFY_TOKEN }}")
    );
    assert_eq!(step["shell"].as_str(), Some("sh"));
    // The script runs as exported, except that "${{" from a value is written so GitHub leaves it.
    let run = step["run"].as_str().unwrap();
    assert_eq!(
        run,
        launch
            .shell_script(&schedule)
            .replace("${{", "${{ '${{' }}")
    );
    assert!(run.contains("${{ '${{' }} secrets.OTHER }}"));
    assert!(parsed["permissions"]
        .as_mapping()
        .is_some_and(|m| m.is_empty()));
}

#[test]
fn relative_deadlines_are_worked_out_at_each_run_and_fixed_ones_stay() {
    let mut tasks = Map::new();
    tasks.insert(
        "step1".into(),
        json!({"deadline": "2026-12-03T09:00:00Z", "owners": {"users": [1]}}),
    );
    tasks.insert("step2".into(), json!({"deadline": "2026-12-24T17:00:00Z"}));
    let body = LaunchBody {
        tasks,
        ..body(Map::new())
    };
    let delays = BTreeMap::from([("step1".to_string(), 259_200i64)]);
    let launch = ScheduledLaunch::new("T", URL, headers(), &body, None, &delays);
    assert_eq!(launch.slot_count(), 1);
    let script = launch.shell_script(&weekly());
    assert!(script.contains("slot0=$(utc_at 259200)"));
    let sent: Value = serde_json::from_str(&launch.body_with(&["2027-01-04T09:30:00Z"])).unwrap();
    assert_eq!(sent["tasks"]["step1"]["deadline"], "2027-01-04T09:30:00Z");
    assert_eq!(sent["tasks"]["step2"]["deadline"], "2026-12-24T17:00:00Z");
    // Without a name formula the body keeps no name slot (Tallyfy names the process).
    assert_eq!(sent["name"], "Report – 2026-11-30");
    assert!(launch
        .workato_outline(&weekly(), "x")
        .contains("(now + 259200.seconds).utc.iso8601"));
    assert_eq!(launch.script_name(), "launch-t.sh");
}

proptest! {
    /// Any kick-off values (any text, even the markers' control characters), any literal name
    /// text: filling the slots gives the body with exactly those values, and the workflow is
    /// YAML whose script is the shell script.
    #[test]
    fn the_body_is_cut_only_at_its_own_slots(
        values in prop::collection::vec(any::<String>(), 0..5),
        text in any::<String>(),
        name in any::<String>(),
        deadline in any::<String>(),
    ) {
        let mut prerun = Map::new();
        for (i, value) in values.iter().enumerate() {
            prerun.insert(format!("f{i}"), json!(value));
        }
        prerun.insert("marker".into(), json!("\u{1}slot0\u{1}"));
        let mut tasks = Map::new();
        tasks.insert("s1".into(), json!({"deadline": "2026-01-01T00:00:00Z"}));
        let body = LaunchBody { tasks, ..body(prerun.clone()) };
        let parts = NameFormula::parse(&text.replace('{', "(")).unwrap().parts(&[]).unwrap();
        let delays = BTreeMap::from([("s1".to_string(), 60i64)]);
        let launch = ScheduledLaunch::new(&text, URL, headers(), &body, Some(parts), &delays);
        let sent: Value = serde_json::from_str(&launch.body_with(&[&name, &deadline])).unwrap();
        prop_assert_eq!(&sent["name"], &json!(name));
        prop_assert_eq!(&sent["tasks"]["s1"]["deadline"], &json!(deadline));
        prop_assert_eq!(sent["prerun"].as_object().unwrap(), &prerun);
        let schedule = Schedule::new(Repeat::Daily, "12:00").unwrap();
        let parsed: serde_yaml::Value = serde_yaml::from_str(&launch.github_workflow(&schedule)).unwrap();
        let run = parsed["jobs"]["launch"]["steps"][0]["run"].as_str().unwrap().to_string();
        prop_assert_eq!(run, launch.shell_script(&schedule).replace("${{", "${{ '${{' }}"));
    }
}
