//! Recurring launches: cron lines, the name's dates in each target's syntax, the workflow as
//! YAML, and the body cut around the values worked out at each run, for any values.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use chrono::Weekday;
use common::foreign::{run_with_answers, Answer};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tallyfy_launcher::domain::formula::{literal_formula, NameFormula, NamePart};
use tallyfy_launcher::domain::formula::{DatePart, FormulaError, Offset, OffsetUnit};
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
    let script = launch.shell_script(&weekly()).unwrap();
    // The field's value is fixed text; every date is worked out when the script runs.
    assert!(
        script.contains(
            "d0_0=$(at 0 0 '%Y-%m-%d')\n# shellcheck disable=SC1003,SC2016\nd0_1=$(at 604800 0 '%Y-%m-%d')\n# shellcheck disable=SC1003,SC2016\nd0_2=$(at -7200 0 '%H:%M')\n# shellcheck disable=SC1003,SC2016\nd0_3=$(at 0 1 '%d %b %Y')\n# shellcheck disable=SC1003,SC2016\nd0_4=$(at 0 12 '%Y')\n# shellcheck disable=SC1003,SC2016\nslot0="
        ),
        "{script}"
    );
    assert!(script.contains(r#"slot0=$(trimmed 'Globex '\''East'\'' – '"$d0_0"', due '"$d0_1"' / '"$d0_2"' / '"$d0_3"' / '"$d0_4")"#), "{script}");
    assert!(
        !script.contains("2026-11-30"),
        "the exported date is not frozen in"
    );
    let workato = launch.workato_outline(&weekly(), "{{token}}");
    assert!(workato.contains(r#""name": ('Globex \'East\' – ' + now.utc.strftime('%Y-%m-%d') + ', due ' + (now.utc + 7.days).strftime('%Y-%m-%d') + ' / ' + (now.utc - 2.hours).strftime('%H:%M') + ' / ' + (now.utc + 1.months).strftime('%d %b %Y') + ' / ' + (now.utc + 1.years).strftime('%Y')).strip"#), "{workato}");
    assert!(workato.contains("Cron expression: 30 9 * * 1"));
    for text in [
        &script,
        &workato,
        &launch.github_workflow(&weekly()).unwrap(),
    ] {
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
    let workflow = launch.github_workflow(&schedule).unwrap();
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
            .unwrap()
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
    let script = launch.shell_script(&weekly()).unwrap();
    assert!(script.contains("slot0=$(utc_at 259200)"));
    let sent: Value = serde_json::from_str(&launch.body_with(&["2027-01-04T09:30:00Z"])).unwrap();
    assert_eq!(sent["tasks"]["step1"]["deadline"], "2027-01-04T09:30:00Z");
    assert_eq!(sent["tasks"]["step2"]["deadline"], "2026-12-24T17:00:00Z");
    // Without a name formula the body keeps no name slot (Tallyfy names the process).
    assert_eq!(sent["name"], "Report – 2026-11-30");
    assert!(launch
        .workato_outline(&weekly(), "x")
        .contains("(now.utc + 259200.seconds).iso8601"));
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
        format in "[%a-zA-Z :/-]{0,12}",
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
        // Any literal text (its braces kept as text) and a date placeholder with a format.
        let formula = format!("{}{{{{today:{format}}}}}", literal_formula(&text));
        let Ok(parts) = NameFormula::parse(&formula).and_then(|f| f.parts(&[])) else {
            // A format chrono cannot read is refused by the formula: no schedule to check.
            prop_assert!(format.contains('%'));
            return Ok(());
        };
        prop_assert!(parts.iter().any(|p| matches!(p, NamePart::Date(_))));
        let delays = BTreeMap::from([("s1".to_string(), 60i64)]);
        let launch = ScheduledLaunch::new(&text, URL, headers(), &body, Some(parts), &delays);
        let sent: Value = serde_json::from_str(&launch.body_with(&[&name, &deadline])).unwrap();
        prop_assert_eq!(&sent["name"], &json!(name));
        prop_assert_eq!(&sent["tasks"]["s1"]["deadline"], &json!(deadline));
        prop_assert_eq!(sent["prerun"].as_object().unwrap(), &prerun);
        let schedule = Schedule::new(Repeat::Daily, "12:00").unwrap();
        let parsed: serde_yaml::Value = serde_yaml::from_str(&launch.github_workflow(&schedule).unwrap()).unwrap();
        let run = parsed["jobs"]["launch"]["steps"][0]["run"].as_str().unwrap().to_string();
        prop_assert_eq!(run, launch.shell_script(&schedule).unwrap().replace("${{", "${{ '${{' }}"));
    }
}

/// The script of a launch whose name is one date, `years` years from the run.
fn years_from_now(years: i64) -> String {
    let parts = vec![
        NamePart::Text("Report ".into()),
        NamePart::Date(DatePart {
            is_now: false,
            offset: Some(Offset {
                amount: years,
                unit: OffsetUnit::Years,
            }),
            format: "%Y".into(),
            placeholder: format!("today{years:+}y"),
        }),
    ];
    ScheduledLaunch::new(
        "T",
        URL,
        headers(),
        &body(Map::new()),
        Some(parts),
        &BTreeMap::new(),
    )
    .shell_script(&weekly())
    .unwrap()
}

#[test]
fn a_date_outside_years_1_to_9999_is_refused_and_the_script_never_loops() {
    let zone = chrono::DateTime::parse_from_rfc3339("2026-12-07T07:30:00Z").unwrap();
    for formula in ["{{today-3000y:%Y}}", "{{today+100000m}}"] {
        let error = NameFormula::parse(formula)
            .unwrap()
            .render(&[], zone)
            .unwrap_err();
        assert!(
            matches!(error, FormulaError::OutOfRange { .. }),
            "{formula}: {error:?}"
        );
        assert!(error.to_string().contains("between the years 1 and 9999"));
    }
    // A script made without that check (or run far in the future) stops with a message, fast.
    let started = std::time::Instant::now();
    let run = run_with_answers(&years_from_now(-3000), "tok", &[Answer(201, &[], "{}")]);
    assert_ne!(run.status, 0, "{run:?}");
    assert_ne!(
        run.status, 124,
        "the script was stopped by timeout: {run:?}"
    );
    assert!(
        run.stderr.contains("out of range; nothing was launched"),
        "{}",
        run.stderr
    );
    assert!(run.args.is_empty(), "nothing was sent");
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn the_script_reads_every_answer_as_tallyfy_gives_it() {
    let script = launch("Weekly – {{today}}", &[])
        .shell_script(&weekly())
        .unwrap();
    // Tallyfy's JSON escapes a quote, non-ASCII and emoji: printed as they are.
    let named = run_with_answers(
        &script,
        "tok",
        &[Answer(
            201,
            &[],
            r#"{"data":{"id":"r1","checklist_title":"name","name":"Ac\"me \u2013 Caf\u00e9 \ud83d\ude00 \/ done"}}"#,
        )],
    );
    assert_eq!(named.status, 0, "{named:?}");
    assert_eq!(
        named.stdout,
        "Launched \"Ac\"me – Café 😀 / done\": process r1\n"
    );
    assert!(
        named.args.iter().any(|a| a == "--globoff"),
        "{:?}",
        named.args
    );
    // Retry-After as an HTTP date: waited out (about a second), then sent again.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let soon = chrono::DateTime::from_timestamp(now + 2, 0)
        .unwrap()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let header = format!("Retry-After: {soon}");
    let started = std::time::Instant::now();
    let limited = run_with_answers(
        &script,
        "tok",
        &[
            Answer(429, &[&header], r#"{"message":"Too Many Attempts."}"#),
            Answer(201, &[], r#"{"data":{"id":"r2","name":"n"}}"#),
        ],
    );
    assert_eq!(limited.status, 0, "{limited:?}");
    let waited = started.elapsed().as_secs_f64();
    assert!(
        (0.5..6.0).contains(&waited),
        "waited {waited} s: {}",
        limited.stderr
    );
    assert!(!limited.stderr.contains("in 30 s"), "{}", limited.stderr);
    // One full stop after Tallyfy's message; an answer that echoes the token shows it masked.
    let invalid = run_with_answers(
        &script,
        "tok-echoed",
        &[Answer(
            422,
            &[],
            r#"{"message":"The given data was invalid.","echo":"Bearer tok-echoed"}"#,
        )],
    );
    assert_ne!(invalid.status, 0);
    assert!(
        invalid
            .stderr
            .contains("Tallyfy answered 422: The given data was invalid. Nothing was launched."),
        "{}",
        invalid.stderr
    );
    assert!(!invalid.stderr.contains(".."), "{}", invalid.stderr);
    assert!(!invalid.stderr.contains("tok-echoed"), "{}", invalid.stderr);
    assert!(invalid.stderr.contains("Bearer ****"), "{}", invalid.stderr);
}

#[test]
fn the_marker_fence_is_found_in_one_pass() {
    // 30 KB of marker-like controls in a value: quick, and the body still cuts right.
    let mut prerun = Map::new();
    prerun.insert(
        "f1".into(),
        json!(format!("\u{1}{}", "\u{2}".repeat(30_000))),
    );
    let started = std::time::Instant::now();
    let launch = ScheduledLaunch::new(
        "T",
        URL,
        headers(),
        &body(prerun.clone()),
        Some(vec![NamePart::Text("n".into())]),
        &BTreeMap::new(),
    );
    assert!(
        started.elapsed().as_millis() < 50,
        "{:?}",
        started.elapsed()
    );
    let sent: Value = serde_json::from_str(&launch.body_with(&["Name"])).unwrap();
    assert_eq!(sent["prerun"], Value::Object(prerun));
    assert_eq!(sent["name"], "Name");
}
