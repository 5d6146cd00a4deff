//! Property tests: the parsers never panic on any input, and what the app writes it reads back.
//! A bounded number of cases runs with `cargo test`; run more by hand with
//! `PROPTEST_CASES=20000 cargo test --test properties`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use serde_json::{json, Value};
use tallyfy_launcher::domain::bulk::{auto_map, read_sheet, Separator};
use tallyfy_launcher::domain::formula::{literal_formula, render_name, NameFormula};
use tallyfy_launcher::domain::history::{History, HistoryRecord, Outcome};
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::outcome::ApiError;
use tallyfy_launcher::domain::share::ShareLink;
use tallyfy_launcher::domain::template::Template;

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00+01:00").unwrap()
}

fn link(_: &str, _: &str, run: &str) -> String {
    format!("https://go.tallyfy.com/o/processes/{run}")
}

/// Text that stays clear of CSV quoting rules, so it can be written raw.
fn cell() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,;\"'\\n\\t%&=+é€-]{0,12}"
}

proptest! {
    #[test]
    fn the_csv_reader_never_panics(text in "\\PC{0,300}", sep in 0..4usize) {
        let separator = [Separator::Detect, Separator::Comma, Separator::Semicolon, Separator::Tab][sep];
        let _ = read_sheet(&text, separator);
    }

    #[test]
    fn csv_written_by_a_spreadsheet_reads_back(headers in proptest::collection::vec("[A-Za-z][A-Za-z0-9 ]{0,8}", 1..6), rows in proptest::collection::vec(proptest::collection::vec(cell(), 6), 1..8)) {
        let width = headers.len();
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&headers).unwrap();
        let rows: Vec<Vec<String>> = rows.into_iter().map(|r| r[..width].to_vec()).filter(|r| r.iter().any(|c| !c.trim().is_empty())).collect();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        prop_assume!(!rows.is_empty());
        let sheet = read_sheet(&text, Separator::Comma).unwrap();
        prop_assert_eq!(sheet.headers, headers.iter().map(|h| h.trim().to_string()).collect::<Vec<_>>());
        prop_assert_eq!(sheet.rows, rows);
    }

    #[test]
    fn header_mapping_never_panics(headers in proptest::collection::vec("\\PC{0,20}", 0..8), template_json in "\\PC{0,200}") {
        let template = Template::from_json_text(&template_json).unwrap_or(Template { id: "t".into(), title: "T".into(), ..Template::default() });
        let targets = auto_map(&headers, &template);
        prop_assert_eq!(targets.len(), headers.len());
    }

    #[test]
    fn the_name_formula_parser_never_panics(formula in "\\PC{0,80}", label in "\\PC{0,20}", value in "\\PC{0,20}") {
        let _ = NameFormula::parse(&formula);
        let _ = render_name(&formula, &[(label, value)], now());
    }

    #[test]
    fn date_placeholders_with_any_format_never_panic(format in "[%a-zA-Z0-9 :.+-]{0,16}", offset in "[+-]?[0-9]{0,6}[dwmyh]?") {
        let _ = render_name(&format!("{{{{today{offset}:{format}}}}}"), &[], now());
        let _ = render_name(&format!("{{{{now{offset}}}}}"), &[], now());
    }

    #[test]
    fn a_literal_formula_renders_its_text(text in "[^{}]{1,80}") {
        prop_assume!(!text.trim().is_empty());
        prop_assert_eq!(render_name(&literal_formula(&text), &[], now()).unwrap(), text.trim());
    }

    #[test]
    fn the_share_link_decoder_never_panics(query in "\\PC{0,300}") {
        let _ = ShareLink::decode(&query);
    }

    #[test]
    fn share_links_round_trip(template in "\\PC{0,40}", name in proptest::option::of("\\PC{0,40}"), values in proptest::collection::vec(("[^\\s][\\PC]{0,15}", "\\PC{0,30}"), 0..5)) {
        let original = ShareLink { template_id: Some(template), name_formula: name, values, ..Default::default() };
        let (decoded, problems) = ShareLink::decode(&original.encode());
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(decoded, original);
    }

    #[test]
    fn the_history_loader_never_panics(text in "\\PC{0,400}") {
        let _ = History::load(Some(&text), &link);
    }

    #[test]
    fn the_history_loader_survives_json_of_any_shape(value in any_json()) {
        let _ = History::load(Some(&value.to_string()), &link);
        let _ = History::load(Some(&json!({"schema": 2, "records": [value.clone()]}).to_string()), &link);
    }

    #[test]
    fn stored_history_reads_back(names in proptest::collection::vec("\\PC{0,30}", 0..6), failed in proptest::collection::vec(any::<bool>(), 6)) {
        let mut history = History::default();
        for (i, name) in names.iter().enumerate() {
            let outcome = if failed[i] {
                Outcome::Failed { error: ApiError::Server { status: 500, message: name.clone(), request_id: None } }
            } else {
                Outcome::Launched {
                    run: common::run(&format!("r{i}")),
                    link: link("", "", &format!("r{i}")),
                }
            };
            let request = LaunchBody { checklist_id: "t".into(), name: name.clone(), ..LaunchBody::default() };
            history.push(HistoryRecord {
                template_title: name.clone(),
                duration_ms: 1,
                org_id: "o".into(),
                ..common::record(&format!("id{i}"), i as i64, request, outcome)
            }, 100);
        }
        let (loaded, report) = History::load(Some(&history.to_stored(&link)), &link);
        prop_assert_eq!(report, Default::default());
        prop_assert_eq!(loaded, history);
    }

    #[test]
    fn the_template_reader_never_panics(text in "\\PC{0,300}") {
        let _ = Template::from_json_text(&text);
    }

    #[test]
    fn the_template_reader_survives_json_of_any_shape(value in any_json()) {
        let _ = Template::from_json(&value);
        let _ = Template::from_json(&json!({"data": {"id": "t", "prerun": [value.clone()]}}));
        let _ = Template::from_json(&json!({"id": "t", "prerun": [{"id": "f", "field_type": "dropdown", "options": value}]}));
    }

    /// Fields and steps in any order, with any positions (ties, negatives, the extremes): read
    /// in position order, ties in the order the API listed them; the Assignments section lists
    /// the steps left to the launcher first, each group in that same order.
    #[test]
    fn fields_and_steps_come_in_position_order_ties_as_listed(
        positions in proptest::collection::vec(prop_oneof![-3i64..4, Just(i64::MIN), Just(i64::MAX)], 0..24),
        owned in proptest::collection::vec(any::<bool>(), 24),
    ) {
        let fields: Vec<Value> = positions.iter().enumerate()
            .map(|(i, p)| json!({"id": format!("f{i}"), "label": format!("F{i}"), "field_type": "text", "position": p}))
            .collect();
        let steps: Vec<Value> = positions.iter().enumerate()
            .map(|(i, p)| json!({"id": format!("s{i}"), "title": format!("S{i}"), "position": p,
                "assignees": if owned[i] { json!([7]) } else { json!([]) }}))
            .collect();
        let template = Template::from_json(&json!({"id": "t", "title": "T", "prerun": fields, "steps": steps})).unwrap();
        let mut expected: Vec<(i64, usize)> = positions.iter().copied().zip(0..).collect();
        expected.sort_by_key(|&(position, _)| position);
        let read_fields: Vec<String> = template.fields.iter().map(|f| f.id.clone()).collect();
        let read_steps: Vec<String> = template.steps.iter().map(|s| s.id.clone()).collect();
        prop_assert_eq!(read_fields, expected.iter().map(|(_, i)| format!("f{i}")).collect::<Vec<_>>());
        prop_assert_eq!(read_steps, expected.iter().map(|(_, i)| format!("s{i}")).collect::<Vec<_>>());
        let listed: Vec<String> = template.steps_for_assignment().iter().map(|s| s.id.clone()).collect();
        let (open, taken): (Vec<_>, Vec<_>) = expected.iter().partition(|(_, i)| !owned[*i]);
        let wanted: Vec<String> = open.iter().chain(&taken).map(|(_, i)| format!("s{i}")).collect();
        prop_assert_eq!(listed, wanted);
    }
}

/// Arbitrary JSON, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        "\\PC{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("id"),
            Just("prerun"),
            Just("field_type"),
            Just("options"),
            Just("schema")
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("label".to_string()),
                    Just("field_type".to_string()),
                    Just("prerun".to_string()),
                    Just("records".to_string()),
                    Just("text".to_string()),
                    "[a-z]{1,6}"
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Any time a chunk reports, including none, negative, infinite or not a number.
fn any_time() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..200.0f64,
        Just(0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        -1e9..0.0f64,
        proptest::num::f64::ANY,
    ]
}

proptest! {
    #[test]
    fn a_chunk_size_is_always_between_one_and_the_cap(
        budget in prop_oneof![0.0..100.0f64, proptest::num::f64::ANY],
        max in 0usize..10_000,
        items in any::<usize>(),
        spent in any_time(),
        growth in 0usize..20,
    ) {
        use tallyfy_launcher::domain::chunking::ChunkSizer;
        let sizer = ChunkSizer { budget_ms: budget, max_items: max, max_growth: growth };
        let next = sizer.next(items, spent);
        prop_assert!(next >= 1);
        prop_assert!(next <= max.max(1));
        // Never more than the growth factor times, or less than half, the last (clamped) size.
        let last = items.clamp(1, max.max(1));
        prop_assert!(next <= last.saturating_mul(growth.max(1)));
        prop_assert!(next >= (last / 2).max(1).min(max.max(1)));
    }
}

/// Every kick-off field kind but people, steps (one with a deadline) and a role; and the same
/// with a people field.
fn fill_templates() -> [Template; 2] {
    let fields = json!([
        {"id": "f1", "alias": "name", "label": "Name", "field_type": "text"},
        {"id": "f2", "label": "Notes", "field_type": "textarea"},
        {"id": "f3", "label": "Email", "field_type": "email"},
        {"id": "f4", "label": "Start", "field_type": "date"},
        {"id": "f5", "label": "Plan", "field_type": "dropdown", "options": [{"id": 1, "text": "Gold"}]},
        {"id": "f6", "label": "Modules", "field_type": "multiselect", "options": [{"id": 1, "text": "SSO"}]},
        {"id": "f7", "label": "Items", "field_type": "table", "columns": [{"id": 1, "label": "Item"}]}
    ]);
    let steps = json!({"data": [
        {"id": "s1", "alias": "triage", "title": "Triage", "position": 1, "assignees": [1002]},
        {"id": "s2", "title": "Review", "position": 2, "roles": ["r1"],
         "deadline": {"value": 2, "unit": "days", "option": "from", "step": "start_run"}}
    ]});
    let mut with_people = fields.clone();
    with_people
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "f9", "label": "Team", "field_type": "assignees_form"}));
    [fields, with_people].map(|prerun| {
        Template::from_json(&json!({"data": {"id": "t1", "title": "T", "prerun": prerun,
            "roles": [{"id": "r1", "name": "Approver"}], "steps": steps}}))
        .unwrap()
    })
}

/// A field, step or role reference as a link may give it: by id, alias or title, or unknown.
fn link_key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "f1", "name", "Name", "f2", "Email", "f4", "Start", "Plan", "f6", "Items", "Team",
            "f9", "s1", "triage", "Review", "r1", "Approver"
        ])
        .prop_map(String::from),
        "\\PC{0,8}",
    ]
}

/// Text a link may carry, people-like included (emails, member and group names, ids).
fn link_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "bob@example.com",
            "Bob Builder",
            "1002",
            "Support",
            "g1",
            "2026-12-01",
            "Gold",
            "SSO"
        ])
        .prop_map(String::from),
        1 => "\\PC{0,16}",
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec((link_key(), link_text()), 0..4)
}

/// Mostly none: a link that names people is left to wait, so only some are generated.
fn rarely<T: std::fmt::Debug + Clone + 'static>(
    none: T,
    some: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = T> {
    prop_oneof![3 => Just(none), 1 => some]
}

proptest! {
    /// `Fill::reads_people` lets a link's form show before the members and groups are in: for
    /// every link it says reads none, the draft is the same with no directory as with one.
    #[test]
    fn a_link_that_reads_no_people_fills_the_same_before_the_members_are_in(
        which in 0..2usize,
        values in pairs(),
        step_people in rarely(Vec::new(), pairs()),
        step_deadlines in pairs(),
        role_people in rarely(Vec::new(), pairs()),
        owner in rarely(None, link_text().prop_map(Some)),
        name_formula in proptest::option::of("\\PC{0,16}"),
        summary in proptest::option::of("\\PC{0,16}"),
    ) {
        use tallyfy_launcher::domain::directory::{Directory, Group, Member};
        use tallyfy_launcher::domain::fill::Fill;
        use tallyfy_launcher::domain::launch::LaunchDraft;
        use tallyfy_launcher::domain::values::{EncodeContext, FixedZone};
        let template = &fill_templates()[which];
        let fill = Fill::Link(ShareLink {
            template_id: Some("t1".into()),
            values, step_people, step_deadlines, role_people, owner, name_formula, summary,
            ..ShareLink::default()
        });
        prop_assume!(!fill.reads_people(template));
        let known = Directory {
            members: Some(vec![Member { id: 1002, email: "bob@example.com".into(), full_name: "Bob Builder".into() }]),
            groups: Some(vec![Group { id: "g1".into(), name: "Support".into() }]),
        };
        let zone = FixedZone::default();
        let before = LaunchDraft::from_fill(template, fill.clone(), &EncodeContext::new(&zone, &Directory::default()));
        let after = LaunchDraft::from_fill(template, fill, &EncodeContext::new(&zone, &known));
        prop_assert_eq!(before, after);
    }
}

/// A value of any JSON type, with numbers around the edges of the settings' integer types.
fn any_setting_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        "\\PC{0,8}".prop_map(Value::String),
        prop_oneof![
            0u64..5,
            Just(u64::from(u32::MAX)),
            Just(u64::from(u32::MAX) + 1),
            Just(u64::MAX),
            any::<u64>()
        ]
        .prop_map(|n| json!(n)),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|n| json!(n)),
        Just(json!([])),
        Just(json!({})),
    ]
}

const SETTING_KEYS: [&str; 14] = [
    "api_base",
    "org_id",
    "remember_token",
    "keep_history",
    "history_cap",
    "rate_limit",
    "rate_window_secs",
    "read_limit",
    "read_window_secs",
    "web_app_url",
    "track_refresh_minutes",
    "track_share_percent",
    "track_archived",
    "an_unknown_key",
];

proptest! {
    /// The hand reader of stored settings reads exactly what the derived reader reads (then
    /// kept within the limits), and refuses exactly what it refuses.
    #[test]
    fn stored_settings_read_by_hand_as_serde_reads_them(
        entries in proptest::collection::vec((0..SETTING_KEYS.len(), any_setting_value()), 0..8)
    ) {
        use tallyfy_launcher::domain::settings::{Settings, DEFAULT_HISTORY_CAP};
        let stored: serde_json::Map<String, Value> = entries
            .into_iter()
            .map(|(key, value)| (SETTING_KEYS[key].to_string(), value))
            .collect();
        let stored = Value::Object(stored);
        let by_serde = serde_json::from_value::<Settings>(stored.clone()).map(|mut s| {
            if s.history_cap == 0 {
                s.history_cap = DEFAULT_HISTORY_CAP;
            }
            s.keep_within_limits();
            s
        });
        let by_hand = Settings::from_value(&stored);
        match (&by_hand, &by_serde) {
            (Ok(hand), Ok(serde)) => prop_assert_eq!(hand, serde),
            (Err(why), Err(_)) => prop_assert!(why.starts_with('`'), "{}", why),
            _ => prop_assert!(false, "{:?} vs {:?} for {}", by_hand, by_serde, stored),
        }
        prop_assert!(Settings::from_value(&json!([stored])).is_err());
    }

    /// Numbers as ids and messages show them: whole numbers exactly, others to six decimals,
    /// always text that reads back as about the same number.
    #[test]
    fn numbers_read_as_text_read_back(whole in any::<i64>(), big in any::<u64>(), float in any::<f64>()) {
        use tallyfy_launcher::domain::json::number_text;
        prop_assert_eq!(number_text(&whole.into()), whole.to_string());
        prop_assert_eq!(number_text(&big.into()), big.to_string());
        if let Some(n) = serde_json::Number::from_f64(float) {
            let text = number_text(&n);
            let back: f64 = text.parse().map_err(|_| TestCaseError::fail(text.clone()))?;
            let tolerance = (float.abs() * 1e-6).max(5e-7);
            prop_assert!((back - float).abs() <= tolerance, "{} → {} → {}", float, text, back);
            prop_assert!(!text.contains("inf") && !text.contains("NaN"), "{}", text);
        }
    }
}

#[test]
fn numbers_as_text_by_example() {
    use tallyfy_launcher::domain::json::number_text;
    let text = |v: Value| number_text(v.as_number().unwrap());
    assert_eq!(text(json!(1.5)), "1.5");
    assert_eq!(text(json!(-2.25)), "-2.25");
    assert_eq!(text(json!(0.1)), "0.1");
    assert_eq!(text(json!(3.0)), "3");
    assert_eq!(text(json!(-0.0000001)), "0");
    assert_eq!(text(json!(1e20)), "1e20");
    assert_eq!(text(json!(1234567890123.5)), "1.234568e12");
    assert_eq!(text(json!(-1.5e300)), "-1.5e300");
    assert_eq!(text(json!(u64::MAX as f64 * 2.0)), "3.689349e19");
}

proptest! {
    /// The interactive calls' pacing: requests go at once while fewer than `max` were sent;
    /// then the one `max` requests back must have been answered a whole window ago (plus the
    /// margin), and while it is in flight the answer is "ask again shortly".
    #[test]
    fn a_burst_waits_for_the_request_max_back(
        max in 1u32..6,
        gaps in proptest::collection::vec(0.0f64..500.0, 0..12),
        lag in 0.0f64..300.0,
        in_flight in any::<bool>(),
        now in 0.0f64..10_000.0,
    ) {
        use tallyfy_launcher::domain::rate::Pacer;
        let pacer = Pacer::new(max, 1_000.0);
        let mut at = 0.0;
        let mut sent: Vec<(f64, f64)> = gaps.iter().map(|gap| { at += gap; (at, at + lag) }).collect();
        if in_flight {
            if let Some(last) = sent.last_mut() { last.1 = f64::NAN; }
        }
        let now = now.max(at);
        let slot = pacer.next_burst_slot(&sent, now);
        prop_assert!(slot >= now);
        if sent.len() < max as usize {
            prop_assert_eq!(slot, now);
        } else {
            let decisive = sent[sent.len() - max as usize];
            if decisive.1.is_nan() {
                prop_assert_eq!(slot, now + 20.0);
            } else {
                prop_assert_eq!(slot, now.max(decisive.1 + 1_000.0 * 1.002));
            }
        }
    }
}

proptest! {
    /// Settings written by hand are what the derived writer writes, and read back as they were.
    #[test]
    fn stored_settings_written_by_hand_as_serde_writes_them(
        texts in ("\\PC{0,12}", "\\PC{0,12}", "\\PC{0,12}"),
        flags in any::<(bool, bool, bool)>(),
        counts in any::<(u32, u32, u32, u32, u32, u32)>(),
        cap in any::<u32>(),
    ) {
        use tallyfy_launcher::domain::settings::Settings;
        let mut settings = Settings {
            api_base: texts.0, org_id: texts.1, web_app_url: texts.2,
            remember_token: flags.0, keep_history: flags.1, track_archived: flags.2,
            history_cap: cap as usize, rate_limit: counts.0, rate_window_secs: counts.1,
            read_limit: counts.2, read_window_secs: counts.3, track_refresh_minutes: counts.4,
            track_share_percent: counts.5 % 200,
        };
        prop_assert_eq!(settings.to_value(), serde_json::to_value(&settings).unwrap());
        settings.history_cap = settings.history_cap.max(1);
        settings.keep_within_limits();
        prop_assert_eq!(Settings::from_value(&settings.to_value()).unwrap(), settings.clone());
        prop_assert_eq!(Settings::from_stored(&settings.to_stored()).unwrap(), settings);
    }
}
