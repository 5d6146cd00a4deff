//! Bulk launch: reading spreadsheets, mapping headers, checking rows through the kick-off
//! encoder, flagging repeats, pacing, and resuming a job.

mod common;

use chrono::DateTime;
use serde_json::json;
use tallyfy_launcher::domain::bulk::{
    auto_map, check_rows, column_choices, mapping_problems, read_sheet, BulkJob, CheckInput,
    Duplicate, JobState, NameSource, RowOutcome, Separator, Target,
};
use tallyfy_launcher::domain::directory::{Directory, Member};
use tallyfy_launcher::domain::history::History;
use tallyfy_launcher::domain::outcome::ApiError;
use tallyfy_launcher::domain::rate::Pacer;
use tallyfy_launcher::domain::template::{Field, FieldType, Template};
use tallyfy_launcher::domain::values::{DateOrder, EncodeContext, FixedZone};

#[test]
fn quotes_embedded_separators_newlines_and_a_bom_are_read() {
    let text = "\u{feff}Name,Notes,Qty\r\n\"Acme, Inc.\",\"Line one\nLine \"\"two\"\"\",3\r\n\r\nGlobex,,4\r\n";
    let sheet = read_sheet(text, Separator::Detect).unwrap();
    assert_eq!(sheet.headers, ["Name", "Notes", "Qty"]);
    assert_eq!(
        sheet.rows,
        vec![
            vec![
                "Acme, Inc.".to_string(),
                "Line one\nLine \"two\"".into(),
                "3".into()
            ],
            vec!["Globex".into(), String::new(), "4".into()],
        ]
    );
    assert_eq!(sheet.separator, ',');
}

#[test]
fn semicolons_and_tabs_are_detected_or_chosen() {
    let semi = read_sheet("a;b;\"c;d\"\n1;2;3\n", Separator::Detect).unwrap();
    assert_eq!((semi.separator, semi.headers.len()), (';', 3));
    assert_eq!(semi.headers[2], "c;d");
    let tab = read_sheet("a\tb, with comma\n1\t2\n", Separator::Detect).unwrap();
    assert_eq!(
        (tab.separator, tab.rows[0].clone()),
        ('\t', vec!["1".to_string(), "2".into()])
    );
    let forced = read_sheet("a,b;c\n1,2;3\n", Separator::Semicolon).unwrap();
    assert_eq!(forced.headers, ["a,b", "c"]);
}

#[test]
fn ragged_rows_are_padded_and_reported() {
    let sheet = read_sheet("a,b,c\n1\n1,2,3,4\n", Separator::Detect).unwrap();
    assert_eq!(sheet.rows[0], ["1", "", ""]);
    assert_eq!(sheet.rows[1].len(), 4);
    assert_eq!(sheet.ragged, vec![(1, 1), (2, 4)]);
}

#[test]
fn empty_or_header_only_input_is_explained() {
    assert!(read_sheet("  \n", Separator::Detect)
        .unwrap_err()
        .contains("nothing to read"));
    assert!(read_sheet("a,b\n\n", Separator::Detect)
        .unwrap_err()
        .contains("no data rows"));
}

fn template() -> Template {
    let mut name = Field::new("f-name", "Employee name", FieldType::Text);
    name.alias = "employee-name".into();
    name.required = true;
    let mut email = Field::new("f-email", "Work email", FieldType::Email);
    email.required = true;
    let start = Field::new("f-start", "Start date", FieldType::Date);
    let mut office = Field::new("f-office", "Office", FieldType::Dropdown);
    office.options = common::options(&["London", "Remote"]);
    let mut tags = Field::new("f-tags", "Tags", FieldType::Multiselect);
    tags.options = common::options(&["IT", "HR"]);
    let mut kit = Field::new("f-kit", "Kit", FieldType::Table);
    kit.columns = common::columns(&["Item", "Qty"]);
    let twin_a = Field::new("f-twin-a", "Notes", FieldType::Textarea);
    let twin_b = Field::new("f-twin-b", "notes", FieldType::Textarea);
    Template {
        id: "tpl".into(),
        title: "Onboarding".into(),
        fields: vec![name, email, start, office, tags, kit, twin_a, twin_b],
        ..Template::default()
    }
}

fn headers(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn headers_match_by_id_alias_or_label_and_ambiguity_is_reported() {
    let t = template();
    let sheet_headers = headers(&[
        "f-email",
        "EMPLOYEE-NAME",
        "start date",
        "Notes",
        "NOTES",
        "Process name",
        "Owner",
        "Favourite colour",
        "Summary",
    ]);
    let targets = auto_map(&sheet_headers, &t);
    assert_eq!(targets[0], Target::Field("f-email".into()));
    assert_eq!(
        targets[1],
        Target::Field("f-name".into()),
        "alias, case-insensitive"
    );
    assert_eq!(
        targets[2],
        Target::Field("f-start".into()),
        "label, case-insensitive"
    );
    assert_eq!(
        targets[3],
        Target::Field("f-twin-a".into()),
        "an exact label beats a folded one"
    );
    assert_eq!(
        targets[4],
        Target::Ambiguous(vec!["f-twin-a".into(), "f-twin-b".into()])
    );
    assert_eq!(targets[5], Target::ProcessName);
    assert_eq!(targets[6], Target::Owner);
    assert_eq!(targets[7], Target::Unknown);
    assert_eq!(targets[8], Target::Summary);
    let problems = mapping_problems(&sheet_headers, &targets, &t, &NameSource::Column);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("\"NOTES\" could be any of Notes, notes"));
    assert!(problems[1].contains("\"Favourite colour\" matches no kick-off field"));
    let none = mapping_problems(
        &headers(&["f-email"]),
        &[Target::Field("f-email".into())],
        &t,
        &NameSource::Column,
    );
    assert_eq!(
        none,
        vec![
            "No column is mapped to the process name: map one, or use a name formula.".to_string()
        ]
    );
    let twice = mapping_problems(
        &headers(&["a", "b"]),
        &[Target::Owner, Target::Owner],
        &t,
        &NameSource::Formula("x".into()),
    );
    assert!(twice[0].contains("both fill the same thing"));
}

fn members() -> Directory {
    Directory {
        members: Some(vec![Member {
            id: 1002,
            email: "bob@example.com".into(),
            full_name: "Bob".into(),
        }]),
        groups: Some(vec![]),
    }
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-26T10:00:00+00:00").unwrap()
}

#[test]
fn every_row_is_checked_through_the_kick_off_encoder() {
    let t = template();
    let csv_text = "Employee name,Work email,Start date,Office,Tags,Kit,Owner\n\
        Dana,dana@x.example,15/03/2026,remote,IT;HR,Laptop;1,bob@example.com\n\
        ,no-email,31/02/2026,Paris,IT;Ops,Laptop,nobody@x.example\n\
        Fox,fox@x.example,,London,,,\n";
    let sheet = read_sheet(csv_text, Separator::Detect).unwrap();
    let targets = auto_map(&sheet.headers, &t);
    let zone = FixedZone::default();
    let dir = members();
    let ctx = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::DayFirst,
    };
    let name = NameSource::Formula("Onboard {{Employee name}} {{today}}".into());
    let checks = check_rows(&CheckInput {
        template: &t,
        sheet: &sheet,
        targets: &targets,
        name: &name,
        ctx: &ctx,
        now: now(),
        history: None,
        now_ms: 0,
    });

    let first = &checks[0];
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    let body = first.body.as_ref().unwrap();
    assert_eq!(body.name, "Onboard Dana 2026-11-26");
    assert_eq!(body.owner_id, Some(1002));
    assert_eq!(body.prerun["f-start"], json!("2026-03-15T00:00:00.000Z"));
    assert_eq!(body.prerun["f-office"], json!({"id": 2, "text": "Remote"}));
    assert_eq!(
        body.prerun["f-tags"],
        json!([{"id": 1, "text": "IT", "selected": true}, {"id": 2, "text": "HR", "selected": true}])
    );
    assert_eq!(body.prerun["f-kit"], json!(["Laptop", "1"]));

    let second = &checks[1];
    assert!(second.body.is_none());
    let by_column = |c: usize| {
        second
            .problems
            .iter()
            .find(|p| p.column == Some(c))
            .map(|p| p.message.clone())
            .unwrap_or_default()
    };
    assert!(by_column(0).contains("required"), "{:?}", second.problems);
    assert!(by_column(1).contains("\"no-email\" is not an email address"));
    assert!(by_column(2).contains("\"31/02/2026\" is not a date"));
    assert!(by_column(3).contains("\"Paris\" is not one of the options: \"London\", \"Remote\""));
    assert!(by_column(4).contains("\"Ops\" is not one of the options"));
    assert!(by_column(5).contains("Expected 2 values separated by \";\""));
    assert!(by_column(6).contains("\"nobody@x.example\" is not a member"));
    assert!(
        second.name.starts_with("Onboard  2026"),
        "names still render: {}",
        second.name
    );

    assert!(checks[2].problems.is_empty(), "{:?}", checks[2].problems);
    assert_eq!(checks[2].body.as_ref().unwrap().owner_id, None);
}

#[test]
fn identical_rows_and_recent_launches_are_flagged() {
    let t = template();
    let sheet = read_sheet("Process name,Employee name,Work email\nA,Dana,d@x.example\nB,Eve,e@x.example\nA,Dana,d@x.example\n", Separator::Detect).unwrap();
    let targets = auto_map(&sheet.headers, &t);
    let zone = FixedZone::default();
    let dir = members();
    let ctx = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::DayFirst,
    };
    let input = |history: Option<&History>, now_ms: i64| {
        check_rows(&CheckInput {
            template: &t,
            sheet: &sheet,
            targets: &targets,
            name: &NameSource::Column,
            ctx: &ctx,
            now: now(),
            history,
            now_ms,
        })
    };
    let checks = input(None, 0);
    assert_eq!(checks[2].duplicate, Some(Duplicate::SameAsRow(1)));
    assert_eq!(checks[1].duplicate, None);

    let mut history = History::default();
    let launched_body = checks[1].body.clone().unwrap();
    history.push(
        common::launched_record("h", 1_000, launched_body, "run-9"),
        100,
    );
    let within = input(Some(&history), 1_000 + 23 * 3_600_000);
    assert_eq!(
        within[1].duplicate,
        Some(Duplicate::LaunchedRecently {
            at_ms: 1_000,
            run_id: "run-9".into()
        })
    );
    let later = input(Some(&history), 1_000 + 25 * 3_600_000);
    assert_eq!(later[1].duplicate, None);
}

/// Requests as (sent, answered) times.
type Requests = Vec<(f64, f64)>;

/// Runs a paced job of `launches` requests whose answers take `latency(i)` ms; `others` are
/// the app's other calls (sent, answered), not paced. Returns every request and the launches.
fn simulate(
    pacer: &Pacer,
    launches: usize,
    others: &[(f64, f64)],
    latency: impl Fn(usize) -> f64,
) -> (Requests, Requests) {
    let mut sent: Vec<(f64, f64)> = Vec::new();
    let mut launched = Vec::new();
    let mut now = 0.0;
    let mut other = others.iter().peekable();
    while launched.len() < launches {
        while let Some(o) = other.next_if(|o| o.0 <= now) {
            sent.push(*o);
        }
        // What the runner does: wait for the slot, then ask again (other calls may have
        // happened meanwhile), and send only when the slot is now. Requests go one at a time.
        let slot = pacer.next_slot(&sent, now);
        assert!(slot >= now);
        if slot > now {
            now = slot.min(other.peek().map_or(f64::INFINITY, |o| o.0));
            continue;
        }
        let answered = now + latency(launched.len());
        sent.push((now, answered));
        launched.push((now, answered));
        now = answered;
    }
    (sent, launched)
}

/// Whether the server could have seen more than `max` requests in some window: requests `max`
/// apart (by send time) must be a window apart even if the first arrived as late as its answer
/// and the second as early as its send.
fn worst_case_exceeds(requests: &[(f64, f64)], max: usize, window: f64) -> Option<usize> {
    let mut sorted = requests.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    (max..sorted.len()).find(|&i| sorted[i].0 - sorted[i - max].1 < window)
}

#[test]
fn pacing_never_exceeds_the_limit_in_any_window_whatever_the_latency() {
    for (max, window) in [
        (10u32, 5_000.0),
        (100, 60_000.0),
        (3, 1_000.0),
        (1, 500.0),
        (20, 4_000.0),
    ] {
        let pacer = Pacer {
            max,
            window_ms: window,
            margin: 0.002,
        };
        // Latency varies a lot, as under load: 2 ms to 180 ms.
        let (sent, _) = simulate(&pacer, 6 * max as usize, &[], |i| {
            2.0 + ((i * 37) % 179) as f64
        });
        assert_eq!(
            worst_case_exceeds(&sent, max as usize, window),
            None,
            "max {max} per {window}"
        );
    }
}

#[test]
fn pacing_keeps_within_two_percent_of_the_limit_on_a_fast_link() {
    for (max, window) in [(10u32, 5_000.0), (100, 60_000.0), (20, 4_000.0)] {
        let pacer = Pacer {
            max,
            window_ms: window,
            margin: 0.002,
        };
        let (sent, _) = simulate(&pacer, 6 * max as usize, &[], |_| 5.0);
        let span = sent.last().unwrap().0 - sent.first().unwrap().0;
        let per_window = (sent.len() - 1) as f64 / span * window;
        assert!(
            per_window >= 0.98 * f64::from(max),
            "{per_window} per window for {max}"
        );
    }
}

#[test]
fn the_apps_other_calls_count_toward_the_limit() {
    let (max, window) = (10u32, 5_000.0);
    let pacer = Pacer {
        max,
        window_ms: window,
        margin: 0.002,
    };
    let others = [(10.0, 30.0), (11.0, 40.0), (12.5, 20.0), (8_500.0, 8_520.0)];
    let (sent, launched) = simulate(&pacer, 40, &others, |_| 5.0);
    // Every launch went out only when the requests before it, other calls included, left room.
    for (i, launch) in launched.iter().enumerate() {
        let earlier: Vec<(f64, f64)> = sent.iter().copied().filter(|s| s.0 <= launch.0).collect();
        assert_eq!(
            worst_case_exceeds(&earlier, max as usize, window),
            None,
            "launch {i}"
        );
    }
    // The first window holds the three early calls and only seven launches.
    assert_eq!(launched.iter().filter(|t| t.0 < window).count(), 7);
}

fn job() -> BulkJob {
    let t = template();
    let sheet = read_sheet("Process name,Employee name,Work email\nA,Dana,d@x.example\nB,,e@x.example\nC,Fox,f@x.example\nD,Gil,g@x.example\n", Separator::Detect).unwrap();
    let targets = auto_map(&sheet.headers, &t);
    let zone = FixedZone::default();
    let dir = members();
    let ctx = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::DayFirst,
    };
    let checks = check_rows(&CheckInput {
        template: &t,
        sheet: &sheet,
        targets: &targets,
        name: &NameSource::Column,
        ctx: &ctx,
        now: now(),
        history: None,
        now_ms: 0,
    });
    BulkJob::new(
        "job1".into(),
        t,
        sheet,
        &checks,
        vec![true; 4],
        "https://x/api".into(),
        "o".into(),
    )
}

#[test]
fn a_reloaded_job_reopens_paused_and_the_row_in_flight_is_unknown() {
    let mut job = job();
    assert_eq!(
        job.included,
        [true, false, true, true],
        "the invalid row is excluded"
    );
    assert_eq!(job.next_row(), Some(0));
    job.state = JobState::Running;
    job.outcomes[0] = Some(RowOutcome::Launched {
        run_id: "r1".into(),
        link: "l1".into(),
    });
    job.in_flight = Some(2);
    let (restored, interrupted) = BulkJob::restore(&job.to_stored()).unwrap();
    assert!(interrupted, "it was running with a row in flight");
    assert_eq!(restored.state, JobState::Paused);
    assert!(matches!(
        restored.outcomes[2],
        Some(RowOutcome::Unknown { .. })
    ));
    assert_eq!(restored.in_flight, None);
    assert_eq!(
        restored.next_row(),
        Some(3),
        "resume continues from the first row with no outcome"
    );
    let p = restored.progress();
    assert_eq!((p.done, p.unknown, p.remaining), (1, 1, 1));
    assert!(BulkJob::restore("{}").is_err());

    // A job paused by the user reopens as it was, and is not "interrupted".
    let (paused, interrupted) = BulkJob::restore(&restored.to_stored()).unwrap();
    assert!(!interrupted);
    assert_eq!(paused, restored);
}

/// Guards against a crash at every start: a saved job whose lists do not line up (hand-edited,
/// or from another version) is refused with a reason, and indexes out of range are ignored.
#[test]
fn a_malformed_saved_job_is_refused_not_a_crash() {
    let job = job();
    let value: serde_json::Value = serde_json::from_str(&job.to_stored()).unwrap();
    for (key, replacement) in [
        ("bodies", serde_json::json!([])),
        ("outcomes", serde_json::json!([null])),
        (
            "included",
            serde_json::json!([true, true, true, true, true, true]),
        ),
        ("in_flight", serde_json::json!(99)),
    ] {
        let mut broken = value.clone();
        broken[key] = replacement;
        let error = BulkJob::restore(&broken.to_string()).unwrap_err();
        assert!(!error.is_empty(), "{key}");
        assert!(BulkJob::read_only(&broken.to_string()).is_err(), "{key}");
    }
    let mut job = job;
    job.set_outcome(1_000, Some(RowOutcome::Unknown { reason: "x".into() }));
    assert_eq!(job.progress().unknown, 0);
}

#[test]
fn rerun_failed_clears_only_definite_failures_and_results_export_as_csv() {
    let mut job = job();
    job.outcomes[0] = Some(RowOutcome::Launched {
        run_id: "r1".into(),
        link: "https://go/r1".into(),
    });
    job.outcomes[2] = Some(RowOutcome::Failed {
        error: ApiError::Forbidden {
            message: "No, \"really\"".into(),
            request_id: None,
        },
    });
    job.outcomes[3] = Some(RowOutcome::Unknown {
        reason: "Server error".into(),
    });
    job.state = JobState::Finished;
    let csv_text = job.results_csv();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "Process name",
            "Employee name",
            "Work email",
            "outcome",
            "run_id",
            "run_link",
            "error"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][3], "launched");
    assert_eq!(&rows[0][5], "https://go/r1");
    assert_eq!(&rows[1][3], "excluded");
    assert!(rows[2][6].contains("No, \"really\""));
    assert_eq!(&rows[3][3], "unknown");
    assert_eq!(job.rerun_failed(), 1);
    assert_eq!(job.state, JobState::Paused);
    assert_eq!(job.next_row(), Some(2));
    assert!(
        matches!(job.outcomes[3], Some(RowOutcome::Unknown { .. })),
        "unknown rows are never re-sent by themselves"
    );
}

/// The decision that keeps a row from launching twice: only a definite answer is final; a lost
/// or failed-server answer is "unknown" (never re-sent by itself); a cancelled 429 wait leaves
/// the row to send.
#[test]
fn an_attempt_maps_to_the_row_outcome_that_keeps_it_from_launching_twice() {
    let run = common::run("r9");
    assert_eq!(
        RowOutcome::from_attempt(
            &Ok(run),
            false,
            Some("https://go.tallyfy.com/o/processes/r9".into())
        ),
        Some(RowOutcome::Launched {
            run_id: "r9".into(),
            link: "https://go.tallyfy.com/o/processes/r9".into()
        })
    );
    let limited = ApiError::RateLimited {
        retry_after_ms: Some(1000),
        hourly: false,
        message: String::new(),
        request_id: None,
    };
    assert_eq!(
        RowOutcome::from_attempt(&Err(limited.clone()), true, None),
        None
    );
    assert!(matches!(
        RowOutcome::from_attempt(&Err(limited), false, None),
        Some(RowOutcome::Failed { .. })
    ));
    for maybe in [
        ApiError::Server {
            status: 502,
            message: "Bad gateway".into(),
            request_id: None,
        },
        ApiError::Network {
            detail: "Failed to fetch".into(),
        },
        ApiError::BadResponse {
            status: 201,
            detail: "no run".into(),
            request_id: None,
        },
    ] {
        assert!(matches!(
            RowOutcome::from_attempt(&Err(maybe), false, None),
            Some(RowOutcome::Unknown { .. })
        ));
    }
    let refused = ApiError::Rejected {
        status: 403,
        message: "No".into(),
        request_id: None,
    };
    assert!(matches!(
        RowOutcome::from_attempt(&Err(refused), false, None),
        Some(RowOutcome::Failed { .. })
    ));
}

/// Step columns: "Assign: <step>" (or the step's own title), "Deadline: <step>" and
/// "Role: <role>" map by themselves; their cells become the row's `tasks` and `roles`, and a
/// bad cell is reported at its column.
#[test]
fn step_columns_assign_each_row_and_bad_cells_are_reported_where_they_are() {
    let t = Template::from_json(
        &json!({"data": {"id": "t2", "title": "Escalation", "prerun": [
            {"id": "f1", "label": "Incident", "field_type": "text", "required": true}
        ], "roles": [{"id": "r1", "name": "On-call manager"}],
        "steps": [
            {"id": "s1", "title": "Triage", "assignees": [1002]},
            {"id": "s2", "title": "Notify the customer"}
        ]}}),
    )
    .unwrap();
    let csv_text =
        "Incident,Assign: Triage,Deadline: triage,Notify the customer,Role: On-call manager\n\
        Outage,bob@example.com,+2h,guest@partner.example,bob@example.com\n\
        Slow,,,,\n\
        Leak,not a person,soonish,,\n";
    let sheet = read_sheet(csv_text, Separator::Detect).unwrap();
    let targets = auto_map(&sheet.headers, &t);
    assert_eq!(
        targets,
        vec![
            Target::Field("f1".into()),
            Target::StepPeople("s1".into()),
            Target::StepDeadline("s1".into()),
            Target::StepPeople("s2".into()),
            Target::RolePeople("r1".into()),
        ]
    );
    let zone = FixedZone::default();
    let dir = members();
    let ctx = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::DayFirst,
    };
    let checks = check_rows(&CheckInput {
        template: &t,
        sheet: &sheet,
        targets: &targets,
        name: &NameSource::Formula("{{Incident}}".into()),
        ctx: &ctx,
        now: now(),
        history: None,
        now_ms: 0,
    });
    let first = checks[0].body.as_ref().expect("row 1 is valid");
    assert_eq!(
        serde_json::Value::Object(first.tasks.clone()),
        json!({
            "s1": {"deadline": "2026-11-26T12:00:00Z", "owners": {"users": [1002], "guests": [], "groups": []}},
            "s2": {"owners": {"users": [], "guests": ["guest@partner.example"], "groups": []}}
        })
    );
    assert_eq!(
        serde_json::Value::Object(first.roles.clone()),
        json!({"r1": {"users": [1002], "guests": [], "groups": []}})
    );
    let second = checks[1].body.as_ref().expect("row 2 is valid");
    assert!(
        second.tasks.is_empty() && second.roles.is_empty(),
        "empty cells keep the template's assignees"
    );
    assert!(checks[2].body.is_none());
    let columns: Vec<Option<usize>> = checks[2].problems.iter().map(|p| p.column).collect();
    assert_eq!(columns, vec![Some(1)], "{:?}", checks[2].problems);
}

/// A column's select lists every target once, the "not chosen" entry first, and marks the
/// fields an ambiguous header could mean.
#[test]
fn a_column_offers_every_target_and_marks_possible_matches() {
    let template = template();
    let ambiguous = Target::Ambiguous(vec!["f-twin-a".into(), "f-twin-b".into()]);
    let choices = column_choices(&template, &ambiguous);
    assert_eq!(
        choices[0],
        (Target::Unknown, "(several fields match: choose one)".into())
    );
    assert_eq!(choices.len(), 5 + template.fields.len());
    let marked: Vec<&Target> = choices
        .iter()
        .filter(|(_, text)| text.ends_with("possible match"))
        .map(|(t, _)| t)
        .collect();
    assert_eq!(
        marked,
        [
            &Target::Field("f-twin-a".into()),
            &Target::Field("f-twin-b".into())
        ]
    );
    let plain = column_choices(&template, &Target::Unknown);
    assert_eq!(plain[0].1, "(no match: choose or ignore)");
    assert!(plain
        .iter()
        .all(|(_, text)| !text.ends_with("possible match")));
}
