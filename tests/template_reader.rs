//! Reading templates from the API's JSON, leniently.

use serde_json::json;
use tallyfy_launcher::domain::template::{FieldType, Template, TemplateError};

#[test]
fn a_checklist_response_becomes_a_template_with_fields_in_position_order() {
    let body = json!({"data": {
        "id": "tpl", "title": "Onboarding",
        "prerun": [
            {"id": "b", "label": "Second", "field_type": "dropdown", "position": 2, "required": 1,
             "options": [{"id": "1", "text": "One"}, {"id": 2, "label": "Two"}, {"text": "no id"}]},
            {"id": "a", "alias": "first", "label": "First", "field_type": "text", "position": 1, "settings": {"max_length": "50"}},
            {"timeline_id": "c", "label": "Table", "field_type": "table", "position": 3, "columns": [{"label": "Item"}, "Qty"]},
            {"id": "d", "label": "Signature", "field_type": "signature", "position": 4}
        ]
    }});
    let t = Template::from_json(&body).unwrap();
    assert_eq!(t.title, "Onboarding");
    let ids: Vec<&str> = t.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(t.fields[0].max_length, Some(50));
    assert!(t.fields[1].required);
    assert_eq!(
        t.fields[1].options.len(),
        2,
        "an option without an id is skipped"
    );
    assert_eq!(t.fields[2].columns[1].label, "Qty");
    assert_eq!(
        t.fields[3].field_type,
        FieldType::Unsupported("signature".into())
    );
}

#[test]
fn empty_and_odd_shapes_are_tolerated_or_explained() {
    let t = Template::from_json(&json!({"id": "t", "name": "By name", "prerun": {}})).unwrap();
    assert_eq!((t.title.as_str(), t.fields.len()), ("By name", 0));
    assert!(matches!(
        Template::from_json_text("not json"),
        Err(TemplateError::NotJson(_))
    ));
    assert!(matches!(
        Template::from_json(&json!([1, 2])),
        Err(TemplateError::NotATemplate(_))
    ));
    assert!(matches!(
        Template::from_json(&json!({"title": "x"})),
        Err(TemplateError::NotATemplate(_))
    ));
    assert!(matches!(
        Template::from_json(&json!({"id": "t", "prerun": [{"label": "no id"}]})),
        Err(TemplateError::NotATemplate(_))
    ));
}

/// Naming settings, steps (plain or wrapped in `data`), roles, a disabled default and the
/// public kick-off flag are read; the name format becomes our placeholders where it names a
/// kick-off field, and stays literal text where it does not.
#[test]
fn naming_steps_roles_and_defaults_are_read_as_tallyfy_sends_them() {
    use tallyfy_launcher::domain::template::Template;
    let template = Template::from_json(&serde_json::json!({"data": {
        "id": "t", "title": "Escalation", "alias": "escalation", "is_public_kickoff": true,
        "auto_naming": true, "default_process_name_format": "{{incident-1}} at {{Site}} – {{date}} {{Unknown thing}}",
        "allow_launcher_change_name": false,
        "prerun": [
            {"id": "f1", "alias": "incident-1", "label": "Incident", "field_type": "text",
             "default_value": "Outage", "default_value_enabled": false},
            {"id": "f2", "label": "Site", "field_type": "text", "default_value": "HQ"},
            {"id": "f3", "label": "Floor", "field_type": "text", "default_value": "2", "default_value_enabled": true}
        ],
        "roles": [{"id": "r1", "title": "On-call"}],
        "steps": {"data": [
            {"id": "s2", "timeline_id": "tl2", "title": "Page", "position": 2, "roles": [{"id": "r1"}]},
            {"id": "s1", "title": "Triage", "position": 1, "assignees": [{"id": 7}], "groups": ["g"],
             "deadline": {"value": 4, "unit": "hours", "option": "from", "step": "start_run"}}
        ]}
    }}))
    .unwrap();
    assert!(template.public_kickoff);
    assert_eq!(template.alias, "escalation");
    assert!(template.naming.tallyfy_names_it());
    assert_eq!(
        template.formula_from_format().unwrap(),
        "{{Incident}} at {{Site}} – {{today}} { {Unknown thing} }"
    );
    assert_eq!(template.fields[0].default_value, serde_json::Value::Null);
    assert_eq!(template.fields[1].default_value, "HQ");
    assert_eq!(template.fields[2].default_value, "2");
    assert_eq!(template.steps.len(), 2);
    assert_eq!(template.steps[0].id, "s1");
    assert_eq!(template.steps[0].owners.users, vec![7]);
    assert_eq!(template.steps[0].deadline, "4 hours from launch");
    assert_eq!(template.steps[1].id, "tl2", "the timeline id is the key");
    assert!(template.steps[1].assigned_at_launch());
    assert_eq!(template.roles[0].name, "On-call");
    // Renaming allowed (or the key absent): the format is only where the name starts.
    let open = Template::from_json(&serde_json::json!({"id": "t", "auto_naming": true,
        "default_process_name_format": "Fixed", "prerun": []}))
    .unwrap();
    assert!(!open.naming.tallyfy_names_it());
    assert_eq!(open.initial_formula(), "Fixed");
}

// proptest runs natively only (a native dev-dependency).
#[cfg(not(target_arch = "wasm32"))]
mod ordering {
    use proptest::prelude::*;
    use serde_json::{json, Value};
    use tallyfy_launcher::domain::template::Template;

    /// A field as the API sends it, with or without a `position`.
    fn field(index: usize, position: Option<i64>) -> Value {
        let mut field =
            json!({"id": format!("f{index}"), "label": format!("F{index}"), "field_type": "text"});
        if let Some(position) = position {
            field["position"] = json!(position);
        }
        field
    }

    proptest! {
        /// Fields come out in the order the standard library's stable sort by position gives
        /// (a field without one counts at its place in the list): equal positions keep the order
        /// they were sent in, whatever the order, the repeats and the size.
        #[test]
        fn fields_come_in_the_order_a_stable_sort_by_position_gives(
            positions in prop::collection::vec(prop::option::of(-3i64..6), 0..60),
        ) {
            let prerun: Vec<Value> = positions.iter().enumerate().map(|(i, p)| field(i, *p)).collect();
            let template = Template::from_json(&json!({"data": {"id": "t", "title": "T", "prerun": prerun}})).unwrap();
            let mut expected: Vec<(i64, String)> = positions
                .iter()
                .enumerate()
                .map(|(i, p)| (p.unwrap_or(i as i64), format!("f{i}")))
                .collect();
            expected.sort_by_key(|(position, _)| *position);
            let ids: Vec<&str> = template.fields.iter().map(|f| f.id.as_str()).collect();
            let expected: Vec<&str> = expected.iter().map(|(_, id)| id.as_str()).collect();
            prop_assert_eq!(ids, expected);
        }
    }

    /// A long template listed backwards is read whole and in order (the sort's worst case).
    #[test]
    fn a_long_template_listed_backwards_is_read_in_order() {
        let prerun: Vec<Value> = (0..2000).map(|i| field(i, Some(2000 - i as i64))).collect();
        let template =
            Template::from_json(&json!({"data": {"id": "t", "title": "T", "prerun": prerun}}))
                .unwrap();
        let positions: Vec<i64> = template.fields.iter().map(|f| f.position).collect();
        assert_eq!(positions, (1..=2000).collect::<Vec<_>>());
    }
}
