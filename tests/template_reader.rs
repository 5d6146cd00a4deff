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
