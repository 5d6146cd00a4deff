//! Kick-off fields written as markup (`ui::components::fields::markup`) are read back by a real
//! HTML parser (html5ever, through scraper) as exactly the elements, attributes and texts meant,
//! whatever a template's names, option texts, ids and type names hold: every Unicode line
//! break, quotes, ampersands, tags, character references, controls, any script, any length.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/unicode.rs"]
mod unicode;

use proptest::prelude::*;
use scraper::{ElementRef, Html, Node};
use tallyfy_launcher::domain::template::{Field, FieldOption, FieldType};
use tallyfy_launcher::ui::components::fields::markup::{as_parsed, dom_id, write_field, InputKind};
use unicode::BREAKS_AND_SPACES;

/// The element tree under `element`, written out: `tag[name=value…](children)` with its
/// attributes sorted by name and text in quotes (what the parser built, to compare).
fn outline(element: ElementRef) -> String {
    let mut attributes: Vec<(&str, &str)> = element.value().attrs().collect();
    attributes.sort();
    let mut out = element.value().name().to_string();
    for (name, value) in attributes {
        out.push_str(&format!("[{name}={value:?}]"));
    }
    out.push('(');
    let children: Vec<String> = element
        .children()
        .filter_map(|child| match child.value() {
            Node::Text(text) => Some(format!("{:?}", &**text)),
            Node::Element(_) => ElementRef::wrap(child).map(outline),
            _ => None,
        })
        .collect();
    out.push_str(&children.join(" "));
    out.push(')');
    out
}

/// The fields' markup as parsed in a page: each top-level element's outline.
fn parsed(fields: &[Field]) -> Vec<String> {
    let mut markup = String::new();
    for (i, field) in fields.iter().enumerate() {
        write_field(&mut markup, i, field, &InputKind::of(field));
    }
    let fragment = Html::parse_fragment(&markup);
    fragment
        .root_element()
        .children()
        .map(|child| ElementRef::wrap(child).map_or_else(|| format!("stray {child:?}"), outline))
        .collect()
}

/// Attributes as `outline` writes them (sorted by the caller).
fn attrs(pairs: &[(&str, &str)]) -> String {
    let mut pairs = pairs.to_vec();
    pairs.sort();
    pairs
        .iter()
        .map(|(name, value)| format!("[{name}={value:?}]"))
        .collect()
}

/// What field number `i` must read back as, written from what a user must get: its name as
/// text, a required star, an empty guidance box, the controls of its kind carrying its ids and
/// ARIA attributes, its option texts as text, and an empty error line.
fn expected(i: usize, field: &Field) -> String {
    let text = |t: &str| format!("{:?}", as_parsed(t));
    // An option's text after its input, as a child (none when empty: no text node).
    let child_text = |t: &str| {
        if t.is_empty() {
            String::new()
        } else {
            format!(" {}", text(t))
        }
    };
    let (input_id, error_id, guidance_id) = (
        as_parsed(&dom_id("f", &field.id)),
        as_parsed(&dom_id("e", &field.id)),
        as_parsed(&dom_id("g", &field.id)),
    );
    let has_guidance = !field.guidance.trim().is_empty();
    let described = if has_guidance {
        format!("{guidance_id} {error_id}")
    } else {
        error_id.clone()
    };
    let required = if field.required {
        Some(("aria-required", "true"))
    } else {
        None
    };
    let aria = |with_required: bool, more: &[(&str, &str)]| {
        let mut pairs = vec![
            ("aria-invalid", "false"),
            ("aria-describedby", described.as_str()),
        ];
        pairs.extend(required.filter(|_| with_required));
        pairs.extend_from_slice(more);
        attrs(&pairs)
    };
    let kind = InputKind::of(field);
    let mut heading = text(field.display_name());
    if field.required {
        heading.push_str(&format!(
            " span{}(\"*\")",
            attrs(&[("aria-hidden", "true"), ("class", "required")])
        ));
    }
    let option_ids: Vec<String> = field.options.iter().map(|o| o.id.to_string()).collect();
    // The options as boxes, each input with `attributes` (sorted) and its option's id as value.
    let checks = |attributes: &str| -> String {
        let options: Vec<String> = field
            .options
            .iter()
            .zip(&option_ids)
            // `attrs` sorts: `value` comes after every other attribute written here.
            .map(|(o, id)| {
                format!(
                    "label{}(input{attributes}[value={id:?}](){})",
                    attrs(&[("class", "check")]),
                    child_text(&o.text)
                )
            })
            .collect();
        options.join(" ")
    };
    let control = match &kind {
        InputKind::Text | InputKind::Email => {
            let kind = if kind == InputKind::Email { "email" } else { "text" };
            format!("input{}()", aria(true, &[("id", &input_id), ("type", kind)]))
        }
        InputKind::Textarea => {
            format!("textarea{}()", aria(true, &[("id", &input_id), ("rows", "4")]))
        }
        InputKind::Date { with_time } => {
            let time_label = as_parsed(&format!("{} (time)", field.display_name()));
            let time = with_time
                .then(|| {
                    format!(
                        " input{}()",
                        aria(true, &[("aria-label", &time_label), ("type", "time")])
                    )
                })
                .unwrap_or_default();
            format!(
                "div{}(input{}(){time})",
                attrs(&[("class", "input-row")]),
                aria(true, &[("id", &input_id), ("type", "date")])
            )
        }
        InputKind::Radio => format!(
            "div{}({})",
            aria(false, &[("class", "choices"), ("role", "radiogroup")]),
            checks(&attrs(&[("name", &input_id), ("type", "radio")]))
        ),
        InputKind::Dropdown => {
            let mut options = vec![format!("option{}(\"(choose one)\")", attrs(&[("value", "")]))];
            options.extend(field.options.iter().zip(&option_ids).map(|(o, id)| {
                format!("option{}({})", attrs(&[("value", id)]), child_text(&o.text).trim_start())
            }));
            format!("select{}({})", aria(true, &[("id", &input_id)]), options.join(" "))
        }
        InputKind::Multi => format!(
            "div{}({})",
            attrs(&[("class", "choices")]),
            checks(&aria(false, &[("type", "checkbox")]))
        ),
        InputKind::Later => String::new(),
        InputKind::Unsupported(name) => format!(
            "p{}({})",
            attrs(&[("class", "help")]),
            text(&format!(
                "This field's type (\"{name}\") cannot be filled here; it is left empty when launching."
            ))
        ),
    };
    let (wrapper, label) = if kind.grouped() {
        ("fieldset", format!("legend({heading})"))
    } else {
        (
            "div",
            format!("label{}({heading})", attrs(&[("for", &input_id)])),
        )
    };
    let guidance = if has_guidance {
        format!(
            " div{}()",
            attrs(&[("class", "guidance help"), ("id", &guidance_id)])
        )
    } else {
        String::new()
    };
    let control = if control.is_empty() {
        String::new()
    } else {
        format!(" {control}")
    };
    format!(
        "{wrapper}{}({label}{guidance}{control} p{}())",
        attrs(&[("class", "field kickoff"), ("data-field", &i.to_string())]),
        attrs(&[("class", "error"), ("id", &error_id)])
    )
}

/// What breaks markup, or the text read back from it.
const MARKUP: [&str; 22] = [
    "<",
    ">",
    "&",
    "\"",
    "'",
    "&amp;",
    "&#13;",
    "&lt",
    "&#x0;",
    "&#128;",
    "</label>",
    "</textarea>",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "<!--",
    "-->",
    "<![CDATA[",
    "</div></div><p>",
    "<option>",
    "</select>",
    "\0",
    "\u{80}\u{9F}",
];

/// Structured hostile text: markup pieces, every line break and trimmed space, any script.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(MARKUP.to_vec()).prop_map(str::to_string),
            3 => prop::sample::select(BREAKS_AND_SPACES.to_vec()).prop_map(String::from),
            1 => Just("\r\n".to_string()),
            2 => "\\PC{0,6}",
            1 => any::<char>().prop_map(String::from),
        ],
        0..8,
    )
    .prop_map(|pieces| pieces.concat())
}

fn field_type() -> impl Strategy<Value = FieldType> {
    prop_oneof![
        8 => prop::sample::select(FieldType::ALL.to_vec()),
        1 => hostile().prop_map(FieldType::Unsupported),
    ]
}

prop_compose! {
    fn hostile_field()(
        id in hostile(),
        label in hostile(),
        alias in hostile(),
        field_type in field_type(),
        required in any::<bool>(),
        collect_time in any::<bool>(),
        guidance in prop_oneof![Just(String::new()), Just(" \n".to_string()), hostile()],
        texts in prop::collection::vec(hostile(), 0..4),
        first_id in -3i64..1_000_000,
    ) -> Field {
        let mut field = Field::new(&id, &label, field_type);
        field.alias = alias;
        field.required = required;
        field.collect_time = collect_time;
        field.guidance = guidance;
        field.options = (first_id..).zip(texts).map(|(id, text)| FieldOption { id, text }).collect();
        field
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn hostile_fields_read_back_as_written(fields in prop::collection::vec(hostile_field(), 1..4)) {
        let got = parsed(&fields);
        let want: Vec<String> = fields.iter().enumerate().map(|(i, f)| expected(i, f)).collect();
        prop_assert_eq!(got, want);
    }
}

#[test]
fn every_line_break_space_and_control_reads_back_in_text_and_attributes() {
    let mut specials: Vec<String> = BREAKS_AND_SPACES.iter().map(|c| c.to_string()).collect();
    specials.extend(
        [
            "\r\n", "\0", "\u{1}", "\u{7F}", "\u{80}", "\u{9F}", "\u{FFFD}",
        ]
        .map(String::from),
    );
    for special in specials {
        let name = format!("{special}a{special}b{special}");
        let mut date = Field::new(&name, &name, FieldType::Date);
        date.collect_time = true;
        let mut dropdown = Field::new("d", &name, FieldType::Dropdown);
        dropdown.options = vec![FieldOption {
            id: 1,
            text: name.clone(),
        }];
        let fields = [date, dropdown];
        let want: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| expected(i, f))
            .collect();
        assert_eq!(parsed(&fields), want, "{special:?}");
        // The parser's reading of the label is the name itself (a NUL as U+FFFD).
        assert!(
            want[0].contains(&format!("{:?}", as_parsed(&name))),
            "{special:?}"
        );
    }
}

#[test]
fn a_very_long_name_and_many_options_read_back() {
    let name = "Ünïcödé <b>&amp;</b> \r\n".repeat(2_000);
    let mut radio = Field::new("r", &name, FieldType::Radio);
    radio.options = (0..300)
        .map(|id| FieldOption {
            id,
            text: format!("{name}{id}"),
        })
        .collect();
    let want = expected(0, &radio);
    assert_eq!(parsed(std::slice::from_ref(&radio)), vec![want]);
}

#[test]
fn a_list_backed_choice_is_a_text_box_and_a_later_field_has_no_control() {
    let list_backed = Field::new("l", "Pick from a list", FieldType::Dropdown);
    assert_eq!(InputKind::of(&list_backed), InputKind::Text);
    let table = Field::new("t", "Rows", FieldType::Table);
    let got = parsed(&[list_backed, table]);
    assert!(
        got[0].starts_with("div[class=\"field kickoff\"]"),
        "{}",
        got[0]
    );
    assert!(
        got[0].contains("input[aria-describedby=\"e-l\"]"),
        "{}",
        got[0]
    );
    assert_eq!(
        got[1],
        "fieldset[class=\"field kickoff\"][data-field=\"1\"](legend(\"Rows\") p[class=\"error\"][id=\"e-t\"]())"
    );
}
