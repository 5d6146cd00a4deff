//! The kick-off field list in headless Chromium: fields written as markup show a template's
//! hostile texts as text, every kind of control edits its field's input, an input changed from
//! elsewhere shows in its controls, errors show and mark the controls, guidance is the same
//! elements `SafeHtml` makes, and a table field is the framework's component, in place.
#![cfg(target_arch = "wasm32")]

mod common;
#[path = "common/unicode.rs"]
mod unicode;

use common::browser::{container, settle};
use leptos::prelude::*;
use tallyfy_launcher::domain::template::{Field, FieldOption, FieldType, TableColumn};
use tallyfy_launcher::domain::values::FieldInput;
use tallyfy_launcher::ui::components::fields::{
    Control, KickoffFieldList, LaterInputs, ViewOnItsWay,
};
use tallyfy_launcher::ui::components::safe_html::{SafeContent, SafeHtml};
use tallyfy_launcher::ui::route::Route;
use tallyfy_launcher::ui::state::feedback::FieldFeedback;
use tallyfy_launcher::ui::state::provide_app_state;
use unicode::BREAKS_AND_SPACES;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Texts that are markup, references or breaks, in any script.
fn hostile_texts() -> Vec<String> {
    let mut texts: Vec<String> = [
        "<script>window.__pwned = 1</script>",
        "\"><img src=x onerror=\"window.__pwned = 1\">",
        "</label></div><p>out",
        "&amp; &lt; &#13; &#0; &#128;",
        "<!-- open",
        "</select></textarea>",
        "'single' \"double\"",
        "\0 NUL",
        "\r\n CRLF \r CR",
        "Ünïcödé ✓ 名前 اسم",
    ]
    .map(String::from)
    .to_vec();
    texts.extend(BREAKS_AND_SPACES.iter().map(|c| format!("a{c}b")));
    texts
}

/// What the page shows for `text`: the same, a NUL as U+FFFD.
fn shown(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}

fn options(texts: &[String]) -> Vec<FieldOption> {
    (1..)
        .zip(texts)
        .map(|(id, text)| FieldOption {
            id,
            text: text.clone(),
        })
        .collect()
}

/// One field of every kind the list writes as markup, and a table, each named `name`.
fn every_kind(name: &str, option_texts: &[String]) -> Vec<(Field, RwSignal<FieldInput>)> {
    let kinds = [
        FieldType::Text,
        FieldType::Email,
        FieldType::Textarea,
        FieldType::Date,
        FieldType::Radio,
        FieldType::Dropdown,
        FieldType::Multiselect,
        FieldType::Table,
        FieldType::Unsupported(name.to_string()),
    ];
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let mut field = Field::new(&format!("{name}-{i}"), name, kind);
            field.required = i % 2 == 0;
            field.collect_time = true;
            field.guidance = format!("<p>Guide <em>{i}</em></p>");
            field.options = options(option_texts);
            field.columns = vec![TableColumn {
                id: 1,
                label: "Item".into(),
            }];
            let input = RwSignal::new(FieldInput::empty_for(&field));
            (field, input)
        })
        .collect()
}

/// The list of `fields` mounted with the app state, the feedback and the later inputs it reads.
fn mount(
    fields: Vec<(Field, RwSignal<FieldInput>)>,
) -> (web_sys::HtmlElement, FieldFeedback, impl Sized) {
    let root = container();
    let feedback = StoredValue::new(None::<FieldFeedback>);
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_app_state(Route::parse("#/launch"));
        feedback.set_value(Some(FieldFeedback::provide()));
        provide_context(LaterInputs {
            load: |ctrl: Control| -> ViewOnItsWay {
                Box::pin(async move { Ok(ctrl.later_input()) })
            },
            ready: RwSignal::new(true),
        });
        view! { <KickoffFieldList inputs=fields /> }
    });
    (root, feedback.get_value().unwrap(), mounted)
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::HtmlInputElement> {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .map(|i| found.item(i).unwrap().unchecked_into())
        .collect()
}

fn one(root: &web_sys::Element, selector: &str) -> web_sys::HtmlInputElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

fn fire(target: &web_sys::Element, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(name, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn hostile_names_and_options_show_as_text_in_every_kind_of_field() {
    let texts = hostile_texts();
    for name in &texts {
        let fields = every_kind(name, &texts);
        let count = fields.len();
        let (root, _, _mounted) = mount(fields);
        settle().await;
        let list: web_sys::Element = root.query_selector(".kickoff-list").unwrap().unwrap();
        assert_eq!(list.children().length() as usize, count, "{name:?}");
        // Nothing but what the list writes: no script, image or stray paragraph came in.
        assert!(
            root.query_selector("script, img").unwrap().is_none(),
            "{name:?}"
        );
        assert!(js_sys::Reflect::get(&window(), &"__pwned".into())
            .unwrap()
            .is_undefined());
        for i in 0..count {
            let field = list.children().item(i as u32).unwrap();
            let heading = field.first_element_child().unwrap();
            let required = if i % 2 == 0 { "*" } else { "" };
            assert_eq!(
                heading.text_content().unwrap(),
                format!("{}{required}", shown(name)),
                "field {i} named {name:?}"
            );
        }
        // Each option's text, in the radio buttons, the dropdown and the checklist.
        let wanted: Vec<String> = texts.iter().map(|t| shown(t)).collect();
        for group in all(&list, ".choices") {
            let got: Vec<String> = all(&group, "label")
                .iter()
                .map(|l| l.text_content().unwrap())
                .collect();
            assert_eq!(got, wanted, "{name:?}");
        }
        let select_texts: Vec<String> = all(&list, "select option")
            .iter()
            .skip(1)
            .map(|o| o.text_content().unwrap())
            .collect();
        assert_eq!(select_texts, wanted, "{name:?}");
        let time = one(&list, "input[type=time]");
        assert_eq!(
            time.get_attribute("aria-label").unwrap(),
            format!("{} (time)", shown(name))
        );
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn every_control_edits_its_field_and_follows_its_input() {
    let option_texts = ["One".to_string(), "Two".to_string()];
    let fields = every_kind("F", &option_texts);
    let inputs: Vec<RwSignal<FieldInput>> = fields.iter().map(|(_, input)| *input).collect();
    let (root, feedback, _mounted) = mount(fields);
    settle().await;
    // Text, email and long text: as typed.
    for (i, selector) in [(0, "#f-F-0"), (1, "#f-F-1"), (2, "#f-F-2")] {
        let control = one(&root, selector);
        control.set_value(&format!("typed {i}"));
        fire(&control, "input");
        assert_eq!(
            inputs[i].get_untracked(),
            FieldInput::Text(format!("typed {i}"))
        );
    }
    // The date and its time, each keeping the other.
    let date = one(&root, "#f-F-3");
    date.set_value("2026-12-08");
    fire(&date, "input");
    let time = one(&root, "input[type=time]");
    time.set_value("09:30");
    fire(&time, "input");
    assert_eq!(
        inputs[3].get_untracked(),
        FieldInput::Date {
            date: "2026-12-08".into(),
            time: "09:30".into()
        }
    );
    // A radio button, the dropdown, and checklist boxes on and off.
    let radios = all(&root, "input[type=radio]");
    radios[1].set_checked(true);
    fire(&radios[1], "change");
    assert_eq!(inputs[4].get_untracked(), FieldInput::Choice(Some(2)));
    let select = one(&root, "#f-F-5");
    select.set_value("1");
    fire(&select, "change");
    assert_eq!(inputs[5].get_untracked(), FieldInput::Choice(Some(1)));
    let boxes = all(&root, "input[type=checkbox]");
    for (checkbox, on) in [(&boxes[1], true), (&boxes[0], true), (&boxes[1], false)] {
        checkbox.set_checked(on);
        fire(checkbox, "change");
    }
    assert_eq!(inputs[6].get_untracked(), FieldInput::Multi(vec![1]));
    // A text box's change (on leaving it) is not an edit; leaving marks the field as left.
    fire(&one(&root, "#f-F-0"), "focusout");
    assert!(feedback.touched.get_untracked().contains("F-0"));

    // Set from elsewhere (a fill, Clear form): the controls follow.
    inputs[0].set(FieldInput::Text("filled".into()));
    inputs[3].set(FieldInput::Date {
        date: "2027-01-02".into(),
        time: String::new(),
    });
    inputs[4].set(FieldInput::Choice(Some(1)));
    inputs[5].set(FieldInput::Choice(Some(99)));
    inputs[6].set(FieldInput::Multi(vec![2]));
    settle().await;
    assert_eq!(one(&root, "#f-F-0").value(), "filled");
    assert_eq!(one(&root, "#f-F-3").value(), "2027-01-02");
    assert_eq!(one(&root, "input[type=time]").value(), "");
    let checked = |selector: &str| -> Vec<bool> {
        all(&root, selector).iter().map(|c| c.checked()).collect()
    };
    assert_eq!(checked("input[type=radio]"), [true, false]);
    // An option the field does not have: nothing chosen, as "(choose one)".
    assert_eq!(one(&root, "#f-F-5").value(), "");
    assert_eq!(checked("input[type=checkbox]"), [false, true]);
}

#[wasm_bindgen_test]
async fn errors_show_in_place_and_mark_the_controls() {
    let fields = every_kind("E", &["One".to_string()]);
    let (root, feedback, _mounted) = mount(fields);
    settle().await;
    let invalid = |root: &web_sys::HtmlElement| all(root, "[aria-invalid='true']").len();
    assert_eq!(invalid(&root), 0);
    // A field's own problem shows once it was left; Tallyfy's message (a 422) first.
    feedback.field_problems.set(
        [("E-0".to_string(), "Required.".to_string())]
            .into_iter()
            .collect(),
    );
    settle().await;
    assert_eq!(one(&root, "#e-E-0").text_content().unwrap(), "");
    feedback.touch("E-0");
    settle().await;
    assert_eq!(one(&root, "#e-E-0").text_content().unwrap(), "Required.");
    assert_eq!(
        one(&root, "#f-E-0")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    feedback.server_errors.set(
        [("E-6".to_string(), vec!["Pick one or more.".to_string()])]
            .into_iter()
            .collect(),
    );
    settle().await;
    assert_eq!(
        one(&root, "#e-E-6").text_content().unwrap(),
        "Pick one or more."
    );
    assert!(
        all(&root, "#e-E-6")[0]
            .parent_element()
            .unwrap()
            .query_selector_all("input[aria-invalid='true']")
            .unwrap()
            .length()
            > 0
    );
    // Edited: Tallyfy's message goes, and so does the mark.
    let checkbox = one(&root, "input[type=checkbox]");
    checkbox.set_checked(true);
    fire(&checkbox, "change");
    settle().await;
    assert_eq!(one(&root, "#e-E-6").text_content().unwrap(), "");
    assert_eq!(invalid(&root), 1);
    // Every control is described by its guidance and its error.
    for control in all(&root, "[aria-describedby]") {
        let described = control.get_attribute("aria-describedby").unwrap();
        for id in described.split(' ') {
            assert!(document().get_element_by_id(id).is_some(), "{id}");
        }
    }
}

#[wasm_bindgen_test]
async fn guidance_is_the_elements_safe_html_makes_and_a_table_is_the_component() {
    let texts = [
        "<p>a <em>b</em> <a href=\"https://a.example\">c</a><a href=\"javascript:x\">d</a></p>",
        "<ul><li>one</li></ul><pre>code</pre><script>bad()</script>",
        "<div><div>nested</div></div>plain &amp; text",
    ];
    for text in texts {
        let mut field = Field::new("g", "G", FieldType::Table);
        field.guidance = text.to_string();
        field.columns = vec![TableColumn {
            id: 1,
            label: "Item".into(),
        }];
        let input = RwSignal::new(FieldInput::empty_for(&field));
        let (root, _, _mounted) = mount(vec![(field, input)]);
        settle().await;
        let made = one(&root, "#g-g").inner_html();
        let reference = document().create_element("div").unwrap();
        let _reference = leptos::mount::mount_to(reference.clone().unchecked_into(), move || {
            view! { <SafeHtml content=SafeContent::from_html(text) /> }
        });
        // The same elements and text (the framework adds empty comments as its markers).
        assert_eq!(
            made,
            reference.inner_html().replace("<!---->", ""),
            "{text:?}"
        );
        // The table's component is in the field, before its error line, and edits its input.
        let cell = one(&root, "fieldset table input");
        assert_eq!(
            cell.closest("fieldset")
                .unwrap()
                .unwrap()
                .last_element_child()
                .unwrap()
                .id(),
            "e-g"
        );
        cell.set_value("row one");
        fire(&cell, "input");
        assert_eq!(
            input.get_untracked(),
            FieldInput::Table(vec![vec!["row one".into()]])
        );
        root.remove();
    }
}
