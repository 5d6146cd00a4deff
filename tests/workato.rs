//! The reusable Workato recipe body: evaluated by a real Ruby (Workato's formula mode) with sample
//! pills, it is the launch body the API documents, every field in its type's shape, keyed by id.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::foreign::ruby_eval;
use serde_json::json;
use tallyfy_launcher::domain::template::Template;
use tallyfy_launcher::domain::workato_recipe::{recipe_body, Pill};

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
        recipe.body.contains("2 = 'Gold # 1'"),
        "option ids are listed: {}",
        recipe.body
    );
    // Pills are the alias, else a slug: nothing to escape in trigger['…'].
    let keys: Vec<&str> = recipe.pills.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "process_name",
            "customer-name",
            "start",
            "priority",
            "tier",
            "modules",
            "items",
            "items_item",
            "items_qty",
            "team",
            "contract",
            "contract_file_name",
            "step_review_deadline",
            "step_review_assignee_email"
        ]
    );
    assert_eq!(recipe.pills[7].1, Pill::Cell("f6".into(), 0));
    // Evaluated by Ruby as Workato's formula mode would, with sample pills.
    let pills = json!({
        "process_name": "Onboard Acme",
        "customer-name": "Acme",
        "start": "2026-03-15T00:00:00.000Z",
        "priority": "High",
        "tier": "Gold # 1",
        "modules": ["SSO", "API"],
        "items_item": "Pens",
        "items_qty": "4",
        "team": ["guest@partner.example"],
        "contract": "https://files.example/c.pdf",
        "contract_file_name": "c.pdf",
        "step_review_deadline": "2026-03-20T17:00:00Z",
        "step_review_assignee_email": "guest@partner.example",
    });
    let body = ruby_eval(&recipe.body, &pills).unwrap_or_else(|e| panic!("{e}\n{}", recipe.body));
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
    assert!(
        recipe.legend[0].starts_with(
            "Customer | pill customer-name | alias customer-name | Short text | required"
        ),
        "{}",
        recipe.legend[0]
    );
}
