//! The reusable Workato recipe body: with sample values put in for its expressions, it is the
//! launch body the API documents, every field in its type's shape, keyed by id.

use serde_json::{json, Value};
use tallyfy_launcher::domain::template::Template;
use tallyfy_launcher::domain::workato::recipe_body;

/// Puts a sample value (JSON) in for every `trigger["key"]` and drops the `#` lines.
fn with_samples(body: &str, sample: impl Fn(&str) -> Value) -> Value {
    let mut text = String::new();
    for line in body.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let mut rest = line;
        while let Some((before, after)) = rest.split_once("trigger[") {
            text.push_str(before);
            let (key, next) = after.split_once("]").expect("closed");
            let key: String = serde_json::from_str(key).expect("a JSON string key");
            text.push_str(&sample(&key).to_string());
            rest = next;
        }
        text.push_str(rest);
        text.push('\n');
    }
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn the_recipe_body_with_samples_is_the_documented_launch_body() {
    let template = Template::from_json(&json!({"data": {"id": "tpl", "title": "T",
        "auto_naming": false,
        "prerun": [
            {"id": "f1", "alias": "customer-name", "label": "Customer", "field_type": "text", "required": true},
            {"id": "f2", "alias": "start", "label": "Start", "field_type": "date"},
            {"id": "f3", "alias": "priority", "label": "Priority", "field_type": "radio", "options": [{"id": 1, "text": "Low"}, {"id": 2, "text": "High"}]},
            {"id": "f4", "alias": "tier", "label": "Tier", "field_type": "dropdown", "options": [{"id": 2, "text": "Gold # 1"}]},
            {"id": "f5", "alias": "modules", "label": "Modules", "field_type": "multiselect", "options": [{"id": 1, "text": "SSO"}, {"id": 2, "text": "API"}]},
            {"id": "f6", "alias": "items", "label": "Items", "field_type": "table", "columns": [{"id": 1, "label": "Item"}, {"id": 2, "label": "Qty"}]},
            {"id": "f7", "alias": "team", "label": "Team", "field_type": "assignees_form"},
            {"id": "f8", "alias": "contract", "label": "Contract", "field_type": "file"},
            {"id": "f9", "label": "Signature", "field_type": "signature"}
        ],
        "steps": [{"id": "s1", "title": "Review"}, {"id": "s2", "title": "Ship", "assignees": [5]}]
    }}))
    .unwrap();
    let recipe = recipe_body(&template);
    assert!(recipe.body.contains("REQUIRED"), "{}", recipe.body);
    assert!(
        recipe.body.contains("2 = \"Gold # 1\""),
        "option ids are listed: {}",
        recipe.body
    );
    let body = with_samples(&recipe.body, |key| match key {
        "process name" => json!("Onboard Acme"),
        "customer-name" => json!("Acme"),
        "start" => json!("2026-03-15T00:00:00.000Z"),
        "priority" => json!("High"),
        "tier id" => json!(2),
        "tier" => json!("Gold # 1"),
        "items Item" => json!("Pens"),
        "items Qty" => json!("4"),
        "team" => json!("guest@partner.example"),
        "contract" => json!("https://files.example/c.pdf"),
        "contract file name" => json!("c.pdf"),
        "Review deadline" => json!("2026-03-20T17:00:00Z"),
        "Review assignee email" => json!("guest@partner.example"),
        other => panic!("unexpected key {other}"),
    });
    assert_eq!(
        body,
        json!({
            "checklist_id": "tpl",
            "name": "Onboard Acme",
            "prerun": {
                "f1": "Acme",
                "f2": "2026-03-15T00:00:00.000Z",
                "f3": "High",
                "f4": {"id": 2, "text": "Gold # 1"},
                "f5": [{"id": 1, "text": "SSO", "selected": true}, {"id": 2, "text": "API", "selected": true}],
                "f6": ["Pens", "4"],
                "f7": {"users": [], "guests": ["guest@partner.example"], "groups": []},
                "f8": [{"filename": "c.pdf", "source": "url", "url": "https://files.example/c.pdf"}]
            },
            "tasks": {
                "s1": {"deadline": "2026-03-20T17:00:00Z",
                       "owners": {"users": [], "guests": ["guest@partner.example"], "groups": []}}
            }
        })
    );
    assert_eq!(recipe.legend.len(), 8, "{:?}", recipe.legend);
    assert!(recipe.legend[0].starts_with("Customer | alias customer-name | Short text | required"));
}
