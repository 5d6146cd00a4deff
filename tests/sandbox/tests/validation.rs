//! The sandbox's launch validation, one group of cases per field type. These rules are what
//! the end-to-end tests hold the app to, so they must match `../shared/tallyfy-api.md`.

use serde_json::{json, Value};
use tallyfy_sandbox::seed::{self, hex_id};
use tallyfy_sandbox::validate::{validate_launch, ErrorBag, Field};

fn all_types() -> (Vec<Field>, tallyfy_sandbox::validate::Directory) {
    let seed = seed::demo();
    let template = seed
        .template(&hex_id("template/all-types"))
        .expect("seeded all-types template")
        .clone();
    (template.prerun, seed.directory())
}

fn field<'a>(fields: &'a [Field], label: &str) -> &'a Field {
    fields.iter().find(|f| f.label == label).expect(label)
}

/// A body that passes, so each case can change one value.
fn valid_prerun(fields: &[Field]) -> serde_json::Map<String, Value> {
    let mut prerun = serde_json::Map::new();
    prerun.insert(field(fields, "Customer name").id.clone(), json!("Globex"));
    prerun.insert(
        field(fields, "Contact email").id.clone(),
        json!("ops@globex.example"),
    );
    prerun.insert(
        field(fields, "Start date").id.clone(),
        json!("2026-03-15T00:00:00.000Z"),
    );
    prerun.insert(field(fields, "Priority").id.clone(), json!("High"));
    prerun.insert(
        field(fields, "Plan").id.clone(),
        json!({"id": 3, "text": "Gold"}),
    );
    prerun
}

fn launch_with(
    fields: &[Field],
    dir: &tallyfy_sandbox::validate::Directory,
    label: &str,
    value: Value,
) -> Result<(), ErrorBag> {
    let mut prerun = valid_prerun(fields);
    prerun.insert(field(fields, label).id.clone(), value);
    validate_launch(&json!({"name": "Run", "prerun": prerun}), fields, dir).map(|_| ())
}

fn error_for(fields: &[Field], result: Result<(), ErrorBag>, label: &str) -> String {
    let key = format!("prerun.{}", field(fields, label).id);
    let bag = result.expect_err("expected a 422");
    bag.get(&key)
        .unwrap_or_else(|| panic!("no error at {key}: {bag:?}"))
        .join(" ")
}

#[test]
fn a_complete_valid_body_is_accepted_and_unknown_keys_are_dropped() {
    let (fields, dir) = all_types();
    let mut prerun = valid_prerun(&fields);
    prerun.insert("Customer name".into(), json!("label used as key"));
    prerun.insert("not-a-field".into(), json!("x"));
    let accepted =
        validate_launch(&json!({"name": "Run", "prerun": prerun}), &fields, &dir).unwrap();
    assert_eq!(accepted.prerun.len(), 5, "only the five real ids are kept");
    assert!(!accepted.prerun.contains_key("Customer name"));
}

#[test]
fn missing_required_fields_are_reported_by_label() {
    let (fields, dir) = all_types();
    let bag = validate_launch(&json!({"name": "Run", "prerun": {}}), &fields, &dir).unwrap_err();
    let key = format!("prerun.{}", field(&fields, "Customer name").id);
    assert_eq!(bag[&key], vec!["Customer name is required".to_string()]);
    assert_eq!(bag.len(), 5, "five required fields: {bag:?}");
}

#[test]
fn name_is_optional_and_capped_at_550_characters() {
    let (fields, dir) = all_types();
    let prerun = valid_prerun(&fields);
    // No name: the server names the process.
    let accepted = validate_launch(&json!({"prerun": prerun}), &fields, &dir).unwrap();
    assert_eq!(accepted.name, None);
    let bag = validate_launch(&json!({"name": 5, "prerun": prerun}), &fields, &dir).unwrap_err();
    assert!(bag.contains_key("name"));
    let long = "é".repeat(551);
    let bag = validate_launch(&json!({"name": long, "prerun": prerun}), &fields, &dir).unwrap_err();
    assert!(bag["name"][0].contains("550"));
    let ok = "é".repeat(550);
    assert!(validate_launch(&json!({"name": ok, "prerun": prerun}), &fields, &dir).is_ok());
}

#[test]
fn a_prerun_list_is_taken_with_its_values_dropped() {
    let (fields, dir) = all_types();
    let none: Vec<Field> = Vec::new();
    assert!(validate_launch(&json!({"name": "R", "prerun": []}), &none, &dir).is_ok());
    let accepted =
        validate_launch(&json!({"name": "R", "prerun": [{"a": 1}]}), &none, &dir).unwrap();
    assert!(accepted.prerun.is_empty());
    // With required fields, the dropped values leave them missing.
    let listed = json!({"name": "R", "prerun": [valid_prerun(&fields)]});
    assert!(validate_launch(&listed, &fields, &dir).is_err());
    let bag = validate_launch(&json!({"name": "R", "prerun": "x"}), &none, &dir).unwrap_err();
    assert!(bag.contains_key("prerun"));
}

#[test]
fn owner_must_be_a_known_member() {
    let (fields, dir) = all_types();
    let prerun = valid_prerun(&fields);
    assert!(validate_launch(
        &json!({"name": "R", "owner_id": 1002, "prerun": prerun}),
        &fields,
        &dir
    )
    .is_ok());
    let bag = validate_launch(
        &json!({"name": "R", "owner_id": 9, "prerun": prerun}),
        &fields,
        &dir,
    )
    .unwrap_err();
    assert!(bag.contains_key("owner_id"));
    let bag = validate_launch(
        &json!({"name": "R", "owner_id": "1002", "prerun": prerun}),
        &fields,
        &dir,
    )
    .unwrap_err();
    assert!(bag.contains_key("owner_id"));
}

#[test]
fn text_must_be_a_string_within_the_field_limit() {
    let (fields, dir) = all_types();
    assert!(launch_with(&fields, &dir, "Customer name", json!("x".repeat(120))).is_ok());
    let msg = error_for(
        &fields,
        launch_with(&fields, &dir, "Customer name", json!("x".repeat(121))),
        "Customer name",
    );
    assert!(msg.contains("120"), "{msg}");
    // Characters, not bytes; any scalar is taken as its text.
    assert!(launch_with(&fields, &dir, "Customer name", json!("日".repeat(120))).is_ok());
    assert!(launch_with(&fields, &dir, "Customer name", json!(42)).is_ok());
    assert!(launch_with(&fields, &dir, "Customer name", json!(true)).is_ok());
    let msg = error_for(
        &fields,
        launch_with(&fields, &dir, "Customer name", json!(["a"])),
        "Customer name",
    );
    assert!(msg.contains("string"), "{msg}");
}

#[test]
fn textarea_takes_any_string_and_may_be_cleared() {
    let (fields, dir) = all_types();
    assert!(launch_with(&fields, &dir, "Notes", json!("line 1\nline 2")).is_ok());
    assert!(launch_with(&fields, &dir, "Notes", json!("")).is_ok());
    let result = launch_with(&fields, &dir, "Notes", json!(["not", "text"]));
    assert!(error_for(&fields, result, "Notes").contains("string"));
}

#[test]
fn email_is_not_checked_by_the_server() {
    let (fields, dir) = all_types();
    for any in ["not-an-email", "a@b", "a b@c.com", "@example.com"] {
        assert!(
            launch_with(&fields, &dir, "Contact email", json!(any)).is_ok(),
            "{any}"
        );
    }
    let msg = error_for(
        &fields,
        launch_with(&fields, &dir, "Contact email", json!({"a": 1})),
        "Contact email",
    );
    assert!(msg.contains("string"), "{msg}");
}

#[test]
fn date_must_be_iso_8601() {
    let (fields, dir) = all_types();
    assert!(launch_with(
        &fields,
        &dir,
        "Kick-off meeting",
        json!("2026-03-15T09:30:00.000Z")
    )
    .is_ok());
    for bad in ["15/03/2026", "2026-02-30T00:00:00Z", "tomorrow"] {
        let msg = error_for(
            &fields,
            launch_with(&fields, &dir, "Start date", json!(bad)),
            "Start date",
        );
        assert!(msg.contains("valid date"), "{bad}: {msg}");
    }
}

#[test]
fn radio_takes_the_exact_option_text() {
    let (fields, dir) = all_types();
    assert!(launch_with(&fields, &dir, "Priority", json!("Low")).is_ok());
    for bad in [json!("low"), json!(1), json!({"id": 1, "text": "Low"})] {
        let msg = error_for(
            &fields,
            launch_with(&fields, &dir, "Priority", bad.clone()),
            "Priority",
        );
        assert_eq!(msg, "Invalid radio choice selected.", "{bad}");
    }
}

#[test]
fn dropdown_takes_id_and_text_of_the_same_option() {
    let (fields, dir) = all_types();
    for bad in [
        json!("Gold"),
        json!({"id": 2, "text": "Gold"}),
        json!({"id": 3}),
        json!({"id": "3", "text": "Gold"}),
    ] {
        let msg = error_for(
            &fields,
            launch_with(&fields, &dir, "Plan", bad.clone()),
            "Plan",
        );
        assert_eq!(msg, "Invalid dropdown choice selected.", "{bad}");
    }
}

#[test]
fn multiselect_takes_a_list_of_option_pairs() {
    let (fields, dir) = all_types();
    let good = json!([{"id": 1, "text": "SSO", "selected": true}, {"id": 3, "text": "API access", "selected": true}]);
    assert!(launch_with(&fields, &dir, "Modules", good).is_ok());
    for bad in [
        json!("SSO"),
        json!([{"id": 1, "text": "Reporting"}]),
        json!(["SSO"]),
    ] {
        let msg = error_for(
            &fields,
            launch_with(&fields, &dir, "Modules", bad.clone()),
            "Modules",
        );
        assert!(msg.contains("multiselect"), "{bad}: {msg}");
    }
}

#[test]
fn table_needs_exactly_one_entry_per_column_and_cannot_be_sent_empty() {
    let (fields, dir) = all_types();
    assert!(launch_with(&fields, &dir, "Line items", json!(["Pens", "4"])).is_ok());
    for bad in [json!(["Pens"]), json!(["Pens", "4", "x"])] {
        let msg = error_for(
            &fields,
            launch_with(&fields, &dir, "Line items", bad.clone()),
            "Line items",
        );
        assert_eq!(
            msg, "Number of columns does not match required columns",
            "{bad}"
        );
    }
    for bad in [
        json!([["Pens", "Ink"], ["4", "2"]]),
        json!(""),
        json!([]),
        json!({"Item": "Pens"}),
    ] {
        let msg = error_for(
            &fields,
            launch_with(&fields, &dir, "Line items", bad.clone()),
            "Line items",
        );
        assert_eq!(msg, "Invalid table field", "{bad}");
    }
}

#[test]
fn assignees_take_known_members_groups_and_guest_emails() {
    let (fields, dir) = all_types();
    let group = hex_id("group/finance");
    let good = json!({"users": [1002], "guests": ["guest@partner.example"], "groups": [group]});
    assert!(launch_with(&fields, &dir, "Account team", good).is_ok());
    for bad in [
        json!({"users": [999]}),
        json!({"users": ["1002"]}),
        json!({"guests": ["nope"]}),
        json!({"groups": ["unknown"]}),
        json!({"people": []}),
        json!([1002]),
    ] {
        let msg = error_for(
            &fields,
            launch_with(&fields, &dir, "Account team", bad.clone()),
            "Account team",
        );
        assert!(msg.starts_with("Invalid assignees"), "{bad}: {msg}");
    }
}

#[test]
fn file_takes_url_file_objects() {
    let (fields, dir) = all_types();
    let good = json!([{"filename": "contract.pdf", "source": "url", "url": "https://files.example/c.pdf"}]);
    assert!(launch_with(&fields, &dir, "Contract", good).is_ok());
    // An uploaded asset: an id and a full_url, no filename needed.
    let asset = json!([{"id": "a1", "source": "local", "full_url": "https://files.example/a1"}]);
    assert!(launch_with(&fields, &dir, "Contract", asset).is_ok());
    for bad in [
        json!("https://files.example/c.pdf"),
        json!([{"filename": "c.pdf", "source": "url", "url": "ftp://files.example/c.pdf"}]),
        json!([{"filename": "c.pdf", "source": "web", "url": "https://files.example/c.pdf"}]),
        json!([{"filename": "c.pdf", "source": "url"}]),
        json!([{"filename": "c.pdf", "url": "https://files.example/c.pdf"}]),
    ] {
        let msg = error_for(
            &fields,
            launch_with(&fields, &dir, "Contract", bad.clone()),
            "Contract",
        );
        assert!(msg.starts_with("Invalid file field"), "{bad}: {msg}");
    }
}

#[test]
fn the_seed_covers_every_field_type_and_a_hostile_template() {
    let seed = seed::demo();
    let types: std::collections::BTreeSet<&str> = seed
        .templates
        .iter()
        .flat_map(|t| t.prerun.iter().map(|f| f.field_type.as_str()))
        .collect();
    let expected = [
        "assignees_form",
        "date",
        "dropdown",
        "email",
        "file",
        "multiselect",
        "radio",
        "table",
        "text",
        "textarea",
    ];
    assert_eq!(types.into_iter().collect::<Vec<_>>(), expected);
    let all = seed.template(&hex_id("template/all-types")).unwrap();
    assert!(all
        .prerun
        .iter()
        .any(|f| f.field_type == "date" && f.collect_time));
    assert!(all
        .prerun
        .iter()
        .any(|f| f.field_type == "date" && !f.collect_time));
    let hostile = seed.template(&hex_id("template/hostile")).unwrap();
    assert!(hostile.prerun[0].label.contains("<script>"));
    assert!(hostile.prerun[0].guidance.contains("onerror"));
}
