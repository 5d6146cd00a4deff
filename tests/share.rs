//! Sharing: pre-fill links, preset files, and launch bodies pasted from Workato or seeds.

mod common;

use std::collections::BTreeMap;

use serde_json::json;
use tallyfy_launcher::domain::body_import::{place_values, read_body, BodyShape};
use tallyfy_launcher::domain::directory::Directory;
use tallyfy_launcher::domain::launch::LaunchDraft;
use tallyfy_launcher::domain::preset::{
    export_presets, merge_presets, name_clashes, parse_presets, Preset,
};
use tallyfy_launcher::domain::share::{ShareLink, MAX_LINK_CHARS};
use tallyfy_launcher::domain::template::{Field, FieldOption, FieldType, Template};
use tallyfy_launcher::domain::values::{DateOrder, EncodeContext, FieldInput, FixedZone};

fn template() -> Template {
    let mut name = Field::new("f1", "Customer name", FieldType::Text);
    name.alias = "customer-name".into();
    let start = Field::new("f2", "Start date", FieldType::Date);
    let mut plan = Field::new("f3", "Plan", FieldType::Dropdown);
    plan.options = vec![
        FieldOption {
            id: 1,
            text: "Bronze".into(),
        },
        FieldOption {
            id: 3,
            text: "Gold".into(),
        },
    ];
    Template {
        id: "tpl".into(),
        title: "Onboarding".into(),
        fields: vec![name, start, plan],
        ..Template::default()
    }
}

fn link() -> ShareLink {
    ShareLink {
        api_base: Some("https://go.tallyfy.com/api".into()),
        org: Some("org 1".into()),
        template_id: Some("tpl".into()),
        name_formula: Some("Onboard {{Customer name}} & co – {{today}}".into()),
        owner: Some("1002".into()),
        summary: Some("Line one\nline two".into()),
        values: vec![
            ("Customer name".into(), "Acme, \"Inc.\" = 100%".into()),
            ("f2".into(), "2026-03-15".into()),
            ("plan".into(), "gold".into()),
        ],
        step_people: vec![("Review & sign".into(), "bob@example.com, Finance".into())],
        step_deadlines: vec![("Review & sign".into(), "+3d".into())],
        role_people: vec![("On-call".into(), "x@y.example".into())],
    }
}

#[test]
fn links_round_trip_exactly() {
    let encoded = link().encode();
    assert!(encoded.starts_with("lv=1&"), "{encoded}");
    assert!(encoded.contains("&sum="));
    let (decoded, problems) = ShareLink::decode(&encoded);
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(decoded, link());
    assert!(!encoded.to_lowercase().contains("token"));
}

#[test]
fn values_are_placed_by_id_alias_or_label_and_unknown_names_are_reported() {
    let zone = FixedZone::default();
    let dir = Directory::default();
    let ctx = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::DayFirst,
    };
    let mut l = link();
    l.values.push(("customer-name".into(), "By alias".into()));
    l.values.push(("Favourite colour".into(), "blue".into()));
    l.values.push(("Plan".into(), "Platinum".into()));
    let (inputs, problems) = l.inputs_for(&template(), &ctx);
    assert_eq!(inputs["f1"], FieldInput::Text("By alias".into()));
    assert_eq!(
        inputs["f2"],
        FieldInput::Date {
            date: "2026-03-15".into(),
            time: String::new()
        }
    );
    assert_eq!(
        inputs["f3"],
        FieldInput::Choice(Some(3)),
        "the valid \"gold\" was kept"
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("\"Favourite colour\" that \"Onboarding\" does not have"));
    assert!(problems[1].starts_with("Plan: \"Platinum\" is not one of the options"));
}

#[test]
fn a_cut_link_is_detected_and_what_can_be_read_is_kept() {
    let encoded = link().encode();
    // Cut inside the last value's percent-encoding, and before the check value.
    let cut_at = encoded.find("gold").unwrap() - 4;
    let (decoded, problems) = ShareLink::decode(&encoded[..cut_at]);
    assert!(
        problems.iter().any(|p| p.contains("no check value")),
        "{problems:?}"
    );
    assert_eq!(decoded.template_id.as_deref(), Some("tpl"));
    assert_eq!(
        decoded.values.len(),
        3,
        "the cut pair still reads as a field name: {:?}",
        decoded.values
    );
    let broken = format!(
        "{}&v.Plan=%E2%8",
        &encoded[..encoded.find("&sum=").unwrap()]
    );
    let (decoded, problems) = ShareLink::decode(&broken);
    assert!(
        problems.iter().any(|p| p.contains("could not be read")),
        "{problems:?}"
    );
    assert_eq!(decoded.values.len(), 3);
}

#[test]
fn a_tampered_link_is_flagged_and_tokens_are_refused() {
    let encoded = link().encode().replace("gold", "bronze");
    let (decoded, problems) = ShareLink::decode(&encoded);
    assert!(
        problems.iter().any(|p| p.contains("cut short or altered")),
        "{problems:?}"
    );
    assert_eq!(
        decoded.values[2].1, "bronze",
        "the values are still shown, to be checked"
    );
    let (decoded, problems) = ShareLink::decode("template=tpl&token=secret-123&color=red");
    assert_eq!(decoded.template_id.as_deref(), Some("tpl"));
    assert!(problems.iter().any(|p| p.contains("carried an API token")));
    assert!(problems
        .iter()
        .any(|p| p.contains("unknown part \"color\"")));
    assert!(!format!("{decoded:?}").contains("secret-123"));
}

#[test]
fn an_oversized_link_is_refused_whole() {
    let huge = format!("template=tpl&v.f1={}", "x".repeat(MAX_LINK_CHARS));
    let (decoded, problems) = ShareLink::decode(&huge);
    assert!(decoded.is_empty());
    assert!(problems[0].contains("more than the"));
}

#[test]
fn links_built_by_other_systems_need_no_check_value() {
    let (decoded, problems) =
        ShareLink::decode("template=tpl&v.Customer+name=Acme&v.Start%20date=2026-03-15");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        decoded.values,
        vec![
            ("Customer name".into(), "Acme".into()),
            ("Start date".into(), "2026-03-15".into())
        ]
    );
}

fn preset(name: &str) -> Preset {
    let mut values = BTreeMap::new();
    values.insert("f1".to_string(), FieldInput::Text("Acme".into()));
    Preset {
        name: name.into(),
        template_title: "Onboarding".into(),
        draft: LaunchDraft {
            template_id: "tpl".into(),
            name_formula: "{{Customer name}} – {{today}}".into(),
            owner_id: Some(1002),
            values,
            ..LaunchDraft::default()
        },
        template: Some(template()),
        relied: None,
    }
}

#[test]
fn preset_files_round_trip_and_bad_files_say_why() {
    let file = export_presets(&[preset("A"), preset("B")]);
    assert_eq!(
        parse_presets(&file).unwrap(),
        vec![preset("A"), preset("B")]
    );
    let cases = [
        ("not json", "not valid JSON"),
        (
            r#"{"kind": "history", "schema": 2}"#,
            "holds \"history\", not presets",
        ),
        (
            r#"{"schema": 1, "presets": []}"#,
            "not a Tallyfy Launcher presets export",
        ),
        (
            r#"{"kind": "presets", "schema": 9, "presets": []}"#,
            "schema version 9",
        ),
        (r#"{"kind": "presets", "schema": 1}"#, "no \"presets\" list"),
        (
            r#"{"kind": "presets", "schema": 1, "presets": [{"name": "", "template_id": "t"}]}"#,
            "preset 1 has no name",
        ),
        (
            r#"{"kind": "presets", "schema": 1, "presets": [{"name": "X", "template_id": " "}]}"#,
            "\"X\" has no template id",
        ),
        (
            r#"{"kind": "presets", "schema": 1, "presets": [{"name": "X"}]}"#,
            "preset 1 is not in the expected form",
        ),
    ];
    for (text, expected) in cases {
        let error = parse_presets(text).unwrap_err();
        assert!(error.contains(expected), "{text}: {error}");
    }
    let mut wrong_field = preset("W");
    wrong_field
        .draft
        .values
        .insert("nope".into(), FieldInput::Text("x".into()));
    assert!(parse_presets(&export_presets(&[wrong_field]))
        .unwrap_err()
        .contains("field nope"));
    let twice = export_presets(&[preset("D"), preset("D")]);
    assert!(parse_presets(&twice)
        .unwrap_err()
        .contains("two presets named \"D\""));
}

#[test]
fn presets_with_the_same_name_are_replaced_only_when_asked() {
    let mut mine = vec![preset("A"), preset("B")];
    let mut theirs_a = preset("A");
    theirs_a.draft.summary = "theirs".into();
    let incoming = vec![theirs_a.clone(), preset("C")];
    assert_eq!(name_clashes(&mine, &incoming), vec!["A".to_string()]);
    assert_eq!(merge_presets(&mut mine, incoming.clone(), false), (1, 0));
    assert_eq!(
        mine.iter().find(|p| p.name == "A").unwrap().draft.summary,
        ""
    );
    assert_eq!(
        merge_presets(&mut mine, incoming, true),
        (0, 2),
        "A and the C added just before"
    );
    assert_eq!(
        mine.iter().find(|p| p.name == "A").unwrap().draft.summary,
        "theirs"
    );
    assert_eq!(
        mine.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["A", "B", "C"]
    );
}

#[test]
fn the_old_workato_shape_is_recognised_and_converted() {
    let old = json!({"blueprint_id": "tpl", "title": "Order 7", "owner_id": "1002", "organization_id": "org9",
                     "prerun": {"Customer name": "Acme", "Plan": {"id": 3, "text": "Gold"}, "Colour": "red", "f2": "2026-03-15T00:00:00.000Z"}});
    let body = read_body(&old.to_string()).unwrap();
    assert_eq!(body.shape, BodyShape::Old);
    assert_eq!(
        (
            body.template_id.as_str(),
            body.name.as_deref(),
            body.owner_id,
            body.org_id.as_deref()
        ),
        ("tpl", Some("Order 7"), Some(1002), Some("org9"))
    );
    let zone = FixedZone::default();
    let dir = Directory::default();
    let ctx = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::DayFirst,
    };
    let (inputs, unplaced) = place_values(&body.prerun, &template(), &zone, &ctx);
    assert_eq!(
        inputs["f1"],
        FieldInput::Text("Acme".into()),
        "a field name became its id"
    );
    assert_eq!(inputs["f3"], FieldInput::Choice(Some(3)));
    assert_eq!(
        inputs["f2"],
        FieldInput::Date {
            date: "2026-03-15".into(),
            time: String::new()
        }
    );
    assert_eq!(
        unplaced,
        vec![
            "\"Colour\" matches no field of \"Onboarding\": give its field id instead".to_string()
        ]
    );
}

#[test]
fn current_bodies_and_the_legacy_prerun_list_are_read() {
    let current = json!({"checklist_id": "tpl", "name": "Run", "summary": "S", "prerun": [{"f1": "Acme"}, {"f3": {"id": 1, "text": "Bronze"}}]});
    let body = read_body(&current.to_string()).unwrap();
    assert_eq!(body.shape, BodyShape::Current);
    assert_eq!(body.prerun.len(), 2);
    assert!(read_body("[1]").unwrap_err().contains("JSON object"));
    assert!(read_body(r#"{"name": "x"}"#)
        .unwrap_err()
        .contains("names no template"));
    assert!(read_body(r#"{"checklist_id": "t", "prerun": "x"}"#)
        .unwrap_err()
        .contains("must be an object"));
}

#[test]
fn values_written_into_a_link_read_back_the_same() {
    use tallyfy_launcher::domain::directory::Member;
    use tallyfy_launcher::domain::values::FileEntry;
    let zone = FixedZone::default();
    let dir = Directory {
        members: Some(vec![Member {
            id: 1002,
            email: "bob@example.com".into(),
            full_name: "Bob".into(),
        }]),
        groups: Some(vec![]),
    };
    let ctx = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::DayFirst,
    };
    let mut multi = Field::new("m", "Modules", FieldType::Multiselect);
    multi.options = common::options(&["SSO", "A; B"]);
    let mut table = Field::new("t", "Items", FieldType::Table);
    table.columns = common::columns(&["Item", "Qty"]);
    let mut timed = Field::new("d", "Meeting", FieldType::Date);
    timed.collect_time = true;
    let cases = vec![
        (
            Field::new("x", "Notes", FieldType::Textarea),
            FieldInput::Text("two\nlines".into()),
        ),
        (
            timed,
            FieldInput::Date {
                date: "2026-03-15".into(),
                time: "09:30".into(),
            },
        ),
        (template().fields[2].clone(), FieldInput::Choice(Some(3))),
        (multi.clone(), FieldInput::Multi(vec![1, 2])),
        (
            table,
            FieldInput::Table(vec![
                vec!["Pen, blue".into(), "2".into()],
                vec!["Ink".into(), "1".into()],
            ]),
        ),
        (
            Field::new("a", "Team", FieldType::AssigneesForm),
            FieldInput::Assignees {
                users: vec![1002],
                groups: vec![],
                guests: "g@x.example".into(),
            },
        ),
        (
            Field::new("f", "Files", FieldType::File),
            FieldInput::Files(vec![FileEntry {
                filename: "Signed".into(),
                url: "https://x.example/c.pdf".into(),
            }]),
        ),
    ];
    for (field, input) in cases {
        let text = input.to_text(&field, &dir);
        assert_eq!(
            FieldInput::from_text(&field, &text, &ctx),
            Ok(input.clone()),
            "{} as {text:?}",
            field.label
        );
    }
}

#[test]
fn hand_made_templates_are_checked_and_keep_given_option_ids() {
    use tallyfy_launcher::domain::template::{build_template, FieldDraft};
    let drafts = vec![
        FieldDraft {
            id: "p1".into(),
            label: "Plan".into(),
            field_type: Some(FieldType::Dropdown),
            options: "3: Gold\n7: Silver\nBronze".into(),
            ..Default::default()
        },
        FieldDraft {
            id: "p2".into(),
            label: "".into(),
            field_type: Some(FieldType::Table),
            columns: "Item\nQty".into(),
            ..Default::default()
        },
    ];
    let t = build_template(" tpl ", "", &drafts).unwrap();
    assert_eq!((t.id.as_str(), t.title.as_str()), ("tpl", "tpl"));
    let ids: Vec<(i64, &str)> = t.fields[0]
        .options
        .iter()
        .map(|o| (o.id, o.text.as_str()))
        .collect();
    assert_eq!(ids, [(3, "Gold"), (7, "Silver"), (8, "Bronze")]);
    assert_eq!(
        t.fields[1].label, "p2",
        "an empty label falls back to the id"
    );
    assert_eq!(
        FieldDraft::from_field(&t.fields[0]).options,
        "3: Gold\n7: Silver\n8: Bronze"
    );
    let bad = vec![
        FieldDraft {
            id: "".into(),
            field_type: Some(FieldType::Text),
            ..Default::default()
        },
        FieldDraft {
            id: "x".into(),
            field_type: Some(FieldType::Radio),
            ..Default::default()
        },
        FieldDraft {
            id: "x".into(),
            field_type: None,
            ..Default::default()
        },
    ];
    let problems = build_template("", "", &bad).unwrap_err();
    assert_eq!(problems.len(), 5, "{problems:?}");
}

/// Tallyfy's own launch link: `ko_fields` decode to the body's values keyed by alias (same
/// shapes as `prerun`), `default_run_name` carries the name, and what the link cannot carry is
/// listed, never silently dropped.
#[test]
fn tallyfy_launch_links_carry_values_by_alias_and_list_the_rest() {
    use tallyfy_launcher::api::address::{public_kickoff_link, tallyfy_launch_link};
    use tallyfy_launcher::domain::launch::LaunchBody;
    use tallyfy_launcher::domain::tallyfy_link::{ko_fields, ko_fields_text};
    let template = Template::from_json(&serde_json::json!({"data": {"id": "tpl", "title": "T", "prerun": [
        {"id": "f1", "alias": "customer-name", "label": "Customer", "field_type": "text"},
        {"id": "f2", "alias": "tier", "label": "Tier", "field_type": "dropdown", "options": [{"id": 2, "text": "Gold"}]},
        {"id": "f3", "alias": "modules", "label": "Modules", "field_type": "multiselect", "options": [{"id": 1, "text": "SSO"}]},
        {"id": "f4", "alias": "contract", "label": "Contract", "field_type": "file"},
        {"id": "f5", "alias": "team", "label": "Team", "field_type": "assignees_form"},
        {"id": "f6", "label": "No alias", "field_type": "text"}
    ], "steps": [{"id": "s1", "title": "Review"}]}}))
    .unwrap();
    let mut body = LaunchBody {
        checklist_id: "tpl".into(),
        name: "Acme & co – 100%".into(),
        owner_id: Some(1002),
        ..LaunchBody::default()
    };
    for (id, value) in [
        ("f1", serde_json::json!("Acme")),
        ("f2", serde_json::json!({"id": 2, "text": "Gold"})),
        (
            "f3",
            serde_json::json!([{"id": 1, "text": "SSO", "selected": true}]),
        ),
        (
            "f4",
            serde_json::json!([{"filename": "c.pdf", "source": "url", "url": "https://x.example/c.pdf"}]),
        ),
        (
            "f5",
            serde_json::json!({"users": [1002], "guests": [], "groups": []}),
        ),
        ("f6", serde_json::json!("x")),
    ] {
        body.prerun.insert(id.into(), value);
    }
    body.tasks.insert(
        "s1".into(),
        serde_json::json!({"deadline": "2026-01-01T00:00:00Z"}),
    );
    let (fields, left_out) = ko_fields(&template, &body);
    let link = tallyfy_launch_link(
        "https://go.tallyfy.com/api",
        "",
        "org1",
        "tpl",
        &body.name,
        &ko_fields_text(&fields),
        false,
    );
    let (address, query) = link.split_once('?').unwrap();
    assert_eq!(address, "https://go.tallyfy.com/org1/process/tpl/create");
    let query: BTreeMap<String, String> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(query["default_run_name"], "Acme & co – 100%");
    assert!(!query.contains_key("launchprocess"), "off by default");
    // Asked for: Tallyfy launches at once when every required field is filled (§10).
    let at_once = tallyfy_launch_link(
        "https://go.tallyfy.com/api",
        "",
        "org1",
        "tpl",
        "",
        "[]",
        true,
    );
    assert!(at_once.ends_with("&launchprocess=true"), "{at_once}");
    let decoded: serde_json::Value = serde_json::from_str(&query["ko_fields"]).unwrap();
    assert_eq!(
        decoded,
        serde_json::json!([
            {"customer-name": "Acme"},
            {"tier": {"id": 2, "text": "Gold"}},
            {"modules": [{"id": 1, "text": "SSO", "selected": true}]}
        ])
    );
    let joined = left_out.join("\n");
    for expected in ["Contract", "Team", "No alias", "Review", "Owner"] {
        assert!(
            joined.contains(expected),
            "{expected} missing from {joined}"
        );
    }
    assert_eq!(left_out.len(), 5, "{left_out:?}");
    let public = public_kickoff_link("https://go.tallyfy.com/api", "", "org1", "new-hire", "[]");
    assert_eq!(
        public,
        "https://go.tallyfy.com/org1/public/kickoff/new-hire?ko_fields=%5B%5D"
    );
}

/// A presets file as the launcher has always written it (the draft's fields beside `name`, no
/// `relied`): it loads into the embedded draft, and is written back in the same layout.
#[test]
fn presets_files_of_the_old_layout_load_and_keep_their_layout() {
    let old = json!({
        "app": "tallyfy-launcher", "kind": "presets", "schema": 1,
        "presets": [{
            "name": "Weekly", "template_title": "Onboarding", "template_id": "tpl",
            "name_formula": "{{Customer name}} – {{today}}", "owner_id": 1002,
            "summary": "From a file", "values": {"f1": {"text": "Acme"}},
            "steps": {"s1": {"users": [1002], "groups": [], "people": "", "deadline": "+3d"}}
        }]
    });
    let presets = parse_presets(&old.to_string()).unwrap();
    let draft = &presets[0].draft;
    assert_eq!(draft.template_id, "tpl");
    assert_eq!(draft.owner_id, Some(1002));
    assert_eq!(draft.summary, "From a file");
    assert_eq!(draft.values["f1"], FieldInput::Text("Acme".into()));
    assert_eq!(draft.steps["s1"].deadline, "+3d");
    let written: serde_json::Value = serde_json::from_str(&export_presets(&presets)).unwrap();
    let keys: Vec<&str> = written["presets"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "name",
        "template_title",
        "template_id",
        "name_formula",
        "owner_id",
        "summary",
        "values",
        "steps",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    assert!(
        !keys.contains(&"draft"),
        "the draft is not nested: {keys:?}"
    );
    assert_eq!(parse_presets(&written.to_string()).unwrap(), presets);
}

/// A link made from a form carries exactly what was ticked: chosen fields by label, as text.
#[test]
fn a_link_from_a_form_carries_only_what_was_ticked() {
    use tallyfy_launcher::domain::share::ShareChoices;
    let template = template();
    let mut draft = LaunchDraft::for_template(
        &template,
        "{{Customer name}}".into(),
        &EncodeContext::new(&FixedZone::default(), &Directory::default()),
    );
    draft
        .values
        .insert("f1".into(), FieldInput::Text("Acme".into()));
    draft
        .values
        .insert("f3".into(), FieldInput::Choice(Some(3)));
    draft.owner_id = Some(1002);
    draft.summary = "Kept out".into();
    let choices = ShareChoices {
        fields: ["f1".to_string(), "f3".to_string()].into(),
        name: true,
        owner: false,
        summary: false,
        assignments: true,
        connection: Some(("https://go.tallyfy.com/api".into(), String::new())),
    };
    let share = ShareLink::for_draft(&template, &draft, &Directory::default(), &choices);
    assert_eq!(
        share.values,
        [
            ("Customer name".to_string(), "Acme".to_string()),
            ("Plan".into(), "Gold".into())
        ]
    );
    assert_eq!(share.name_formula.as_deref(), Some("{{Customer name}}"));
    assert_eq!((share.owner, share.summary, share.org), (None, None, None));
    assert_eq!(
        share.api_base.as_deref(),
        Some("https://go.tallyfy.com/api")
    );
    let none = ShareLink::for_draft(
        &template,
        &draft,
        &Directory::default(),
        &ShareChoices::default(),
    );
    assert!(none.values.is_empty() && none.name_formula.is_none() && none.api_base.is_none());
}
