//! A field's template default: the form's own code reads only the defaults that need no reader
//! (none, or a text field's text) and leaves every other kind to the full reader, which must give
//! the same input. Tested over every field type against defaults of every JSON kind.

mod common;

use chrono::FixedOffset;
use serde_json::{json, Value};
use tallyfy_launcher::domain::directory::Directory;
use tallyfy_launcher::domain::launch::LaunchDraft;
use tallyfy_launcher::domain::template::{Field, FieldType, Template};
use tallyfy_launcher::domain::values::{EncodeContext, FieldInput, FixedZone};

fn every_field_type() -> Vec<Field> {
    let kinds = FieldType::ALL
        .into_iter()
        .chain([FieldType::Unsupported("signature".into())]);
    let mut fields = Vec::new();
    for (n, kind) in kinds.enumerate() {
        let mut field = Field::new(&format!("f{n}"), "A field", kind);
        field.options = common::options(&["Bronze", "Silver", "Gold", "true"]);
        field.columns = common::columns(&["Item", "Qty"]);
        // The same type again without options: a choice filled from a list, by its text.
        let mut listed = field.clone();
        listed.id = format!("l{n}");
        listed.options.clear();
        let mut timed = field.clone();
        timed.id = format!("t{n}");
        timed.collect_time = true;
        fields.extend([field, listed, timed]);
    }
    fields
}

fn hostile_defaults() -> Vec<Value> {
    let breaks = [
        "\n", "\r", "\r\n", "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{2029}",
    ];
    let mut defaults = vec![
        Value::Null,
        json!(""),
        json!(" "),
        json!("Gold"),
        json!(" gold "),
        json!("Bronze; Gold"),
        json!("2026-12-07"),
        json!("07/12/2026 09:30"),
        json!("alice@example.com"),
        json!("https://files.example.com/a.pdf"),
        json!("[[\"a\", \"1\"]]"),
        json!("Zürich — 東京 — مرحبا — 👩‍💻"),
        json!("<script>alert(1)</script>{{ secrets.TOKEN }}${{ x }}$(id)`id`"),
        json!("x".repeat(100_000)),
        json!(0),
        json!(-2.5),
        json!(true),
        json!(false),
        json!({"id": 3, "text": "Gold"}),
        json!({"users": [1001], "groups": ["g"], "guests": ["a@example.com"]}),
        json!([{"id": 1, "text": "Bronze", "selected": true}]),
        json!([["a", "1"]]),
        json!([{"url": "https://files.example.com/a.pdf"}]),
        json!([]),
        json!({}),
    ];
    defaults.extend(breaks.iter().map(|b| json!(format!("line one{b}line two"))));
    defaults
}

fn with_ctx<T>(f: impl FnOnce(&EncodeContext<'_>) -> T) -> T {
    let zone = FixedZone(FixedOffset::east_opt(2 * 3600).unwrap());
    let directory = Directory::default();
    f(&EncodeContext::new(&zone, &directory))
}

fn is_text_kind(field: &Field) -> bool {
    matches!(
        field.field_type,
        FieldType::Text | FieldType::Textarea | FieldType::Email
    )
}

/// What the form's code reads in place is exactly what the full reader gives; it reads in place
/// every missing or empty default and every text field's text, and nothing else.
#[test]
fn defaults_read_in_place_are_the_full_readers_and_only_the_plain_kinds_are() {
    with_ctx(|ctx| {
        for mut field in every_field_type() {
            for default in hostile_defaults() {
                field.default_value = default.clone();
                let in_place = FieldInput::initial_in_place(&field);
                let full = FieldInput::initial(&field, ctx.zone);
                let plain = match &default {
                    Value::Null => true,
                    Value::String(text) => text.is_empty() || is_text_kind(&field),
                    _ => false,
                };
                let case = format!("{:?} {default}", field.field_type);
                assert_eq!(in_place.is_some(), plain, "{case}");
                if let Some(input) = in_place {
                    assert_eq!(input, full, "{case}");
                }
            }
        }
    });
}

/// A draft made in place is the full draft, and is made exactly when every field's default can
/// be read in place; one field with a default of another kind sends the whole form to the
/// reader.
#[test]
fn a_draft_is_made_in_place_only_when_every_default_is_plain() {
    with_ctx(|ctx| {
        let plain = |n: usize| {
            let mut field = Field::new(&format!("p{n}"), "Plain", FieldType::Text);
            field.default_value = json!("Acme Corp");
            field
        };
        for other in every_field_type() {
            for default in hostile_defaults() {
                let mut other = other.clone();
                other.default_value = default;
                let plain_one = FieldInput::initial_in_place(&other).is_some();
                let template = Template {
                    id: "t1".into(),
                    title: "Defaults".into(),
                    fields: vec![plain(1), other, plain(2)],
                    ..Template::default()
                };
                let formula = "Launched {{Plain}}".to_string();
                let full = LaunchDraft::for_template(&template, formula.clone(), ctx);
                let in_place = LaunchDraft::for_template_in_place(&template, formula);
                assert_eq!(in_place.is_some(), plain_one);
                if let Some(draft) = in_place {
                    assert_eq!(draft, full);
                }
            }
        }
    });
}
