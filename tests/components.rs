//! Component tests in headless Chromium (`wasm-bindgen-test`, run by `scripts/test.sh`).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tallyfy_launcher::domain::outcome::ApiError;
use tallyfy_launcher::domain::template::{Field, FieldType};
use tallyfy_launcher::domain::values::FieldInput;
use tallyfy_launcher::ui::components::error_details::ErrorDetails;
use tallyfy_launcher::ui::components::fields::{
    KickoffFieldList, FILL_CHUNKS, FIRST_CHUNK_FIELDS, FIRST_SCREEN_FIELDS,
};
use tallyfy_launcher::ui::pages::settings::SettingsPage;
use tallyfy_launcher::ui::route::Route;
use tallyfy_launcher::ui::state::feedback::FieldFeedback;
use tallyfy_launcher::ui::state::provide_app_state;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

use common::browser::container;

wasm_bindgen_test_configure!(run_in_browser);

/// Resolves at the browser's next animation frame.
async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        window().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
}

/// `count` required text fields labelled "Field 1", "Field 2", …, each with an input.
fn text_fields(count: usize) -> Vec<(Field, RwSignal<FieldInput>)> {
    (1..=count)
        .map(|n| {
            let mut field = Field::new(&format!("id{n}"), &format!("Field {n}"), FieldType::Text);
            field.required = true;
            let input = RwSignal::new(FieldInput::empty_for(&field));
            (field, input)
        })
        .collect()
}

/// `count` text fields in a kick-off list, mounted with the app state and the field feedback it
/// reads (returned), whose field problems say "Required." for each empty field (as the launch
/// preview would); keep the last value to keep it mounted.
fn mount_field_list(count: usize) -> (web_sys::HtmlElement, FieldFeedback, impl Sized) {
    let root = container();
    let feedback = StoredValue::new(None::<FieldFeedback>);
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_app_state(Route::parse("#/launch"));
        let provided = FieldFeedback::provide();
        let inputs = text_fields(count);
        let watched = inputs.clone();
        Effect::new(move |_| {
            let mut problems = std::collections::BTreeMap::new();
            for (field, input) in &watched {
                if input.with(FieldInput::is_blank) {
                    problems.insert(field.id.clone(), "Required.".to_string());
                }
            }
            provided.field_problems.set(problems);
        });
        feedback.set_value(Some(provided));
        view! { <KickoffFieldList inputs=inputs /> }
    });
    (root, feedback.get_value().unwrap(), mounted)
}

fn labels(root: &web_sys::HtmlElement) -> Vec<String> {
    let found = root.query_selector_all(".kickoff label").unwrap();
    (0..found.length())
        .map(|i| found.item(i).unwrap().text_content().unwrap())
        .collect()
}

fn query(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

#[wasm_bindgen_test]
async fn error_details_show_the_advice_and_the_request_id() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        view! {
            <ErrorDetails error=ApiError::Unauthorized {
                message: "Unauthenticated.".into(),
                request_id: Some("req-42".into()),
            } />
        }
    });
    leptos::task::tick().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("The API token was refused (401"), "{text}");
    assert!(text.contains("log out of Tallyfy"), "{text}");
    assert!(text.contains("req-42"), "{text}");
}

#[wasm_bindgen_test]
async fn settings_flag_an_unencrypted_api_base_and_clear_the_flag_when_fixed() {
    let storage = window().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        provide_app_state(Route::parse("#/settings"));
        view! { <SettingsPage /> }
    });
    leptos::task::tick().await;
    let input: web_sys::HtmlInputElement = query(&root, "#api-base").unchecked_into();
    assert_eq!(input.value(), "https://go.tallyfy.com/api");
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );

    // The base is taken when the user leaves the box ("change"), never per keystroke.
    input.set_value("http://tallyfy.example.com/api");
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error = query(&root, "#api-base-error").text_content().unwrap();
    assert!(error.contains("unencrypted"), "{error}");
    // The message is tied to the input for assistive technology.
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap()
        .contains("api-base-error"));

    input.set_value("http://127.0.0.1:8787/api");
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    // Saved once taken, so a reload brings it back.
    let stored = storage
        .get_item("tallyfy-launcher/settings/v1")
        .unwrap()
        .unwrap();
    assert!(stored.contains("http://127.0.0.1:8787/api"), "{stored}");
}

#[wasm_bindgen_test]
async fn a_long_form_paints_its_first_screen_then_adds_the_rest_in_order() {
    let total = 150;
    let (root, _, _mounted) = mount_field_list(total);
    leptos::task::tick().await;
    assert_eq!(labels(&root).len(), FIRST_SCREEN_FIELDS);
    // The next frame paints the first screen and adds nothing.
    next_frame().await;
    assert_eq!(labels(&root).len(), FIRST_SCREEN_FIELDS);
    let mut seen = vec![FIRST_SCREEN_FIELDS];
    for _ in 0..120 {
        next_frame().await;
        leptos::task::tick().await;
        let now = labels(&root).len();
        if now != *seen.last().unwrap() {
            seen.push(now);
        }
        if now == total {
            break;
        }
    }
    // Chunks in later frames: a first guess, then each sized from what the last one cost (at
    // most the sizer's growth factor times, at least half the last), until all are shown, in the
    // template's order.
    assert_eq!(
        seen[1],
        FIRST_SCREEN_FIELDS + FIRST_CHUNK_FIELDS,
        "{seen:?}"
    );
    assert_eq!(*seen.last().unwrap(), total, "{seen:?}");
    let chunks: Vec<usize> = seen.windows(2).map(|w| w[1] - w[0]).collect();
    for pair in chunks.windows(2) {
        assert!(pair[1] <= FILL_CHUNKS.max_growth * pair[0], "{chunks:?}");
    }
    // The last chunk holds what is left, so only the others must be at least half the one before.
    for pair in chunks[..chunks.len() - 1].windows(2) {
        assert!(pair[1] >= pair[0] / 2, "{chunks:?}");
    }
    let all = labels(&root);
    assert_eq!(all.first().unwrap(), "Field 1*");
    assert_eq!(all.last().unwrap(), &format!("Field {total}*"));
    // Busy while fields are added and just after (the browser lays out every field until then),
    // settled half a second later (then fields out of sight may go unrendered).
    let busy = || query(&root, ".kickoff-list").get_attribute("aria-busy");
    assert_eq!(busy().as_deref(), Some("true"));
    sleep_ms(700).await;
    assert_eq!(busy().as_deref(), Some("false"));
}

/// Resolves after `ms` milliseconds.
async fn sleep_ms(ms: i32) {
    let done = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(done).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_short_form_is_settled_at_once() {
    let (root, _, _mounted) = mount_field_list(FIRST_SCREEN_FIELDS);
    leptos::task::tick().await;
    assert_eq!(labels(&root).len(), FIRST_SCREEN_FIELDS);
    let list = query(&root, ".kickoff-list");
    assert_eq!(list.get_attribute("aria-busy").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn a_launch_attempt_shows_every_field_at_once_with_its_error() {
    let total = FIRST_SCREEN_FIELDS + 3 * FIRST_CHUNK_FIELDS;
    let (root, feedback, _mounted) = mount_field_list(total);
    leptos::task::tick().await;
    assert_eq!(labels(&root).len(), FIRST_SCREEN_FIELDS);
    feedback.show_all.set(true);
    leptos::task::tick().await;
    // Without waiting for frames: every field is there, and the last is marked invalid, with
    // the problem the feedback gives for it.
    assert_eq!(labels(&root).len(), total);
    let last = query(&root, &format!("[aria-invalid='true'][id$='id{total}']"));
    assert_eq!(last.tag_name(), "INPUT");
    let error = query(&root, &format!("#e-id{total}"));
    assert_eq!(error.text_content().unwrap_or_default().trim(), "Required.");
}

/// Guards against a silent dead page: if the app ever panics, the notice stands on its own
/// (built without the app), says the form is saved, and offers a plain reload link.
#[wasm_bindgen_test]
async fn a_panic_leaves_a_message_and_a_reload_link() {
    use tallyfy_launcher::ui::crash::{show_crash_notice, CRASH_MESSAGE};
    show_crash_notice();
    show_crash_notice();
    let notices = document().query_selector_all("#crash-notice").unwrap();
    assert_eq!(notices.length(), 1, "shown once, however often it is asked");
    let notice = document().get_element_by_id("crash-notice").unwrap();
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    assert!(notice.text_content().unwrap().contains(CRASH_MESSAGE));
    let reload = notice.query_selector("a").unwrap().unwrap();
    assert_eq!(reload.text_content().as_deref(), Some("Reload"));
    assert_eq!(
        reload.get_attribute("href"),
        window().location().href().ok()
    );
    notice.remove();
}

#[wasm_bindgen_test]
async fn the_board_pictures_draw_one_shape_per_non_empty_part_and_tell_it_in_words() {
    use tallyfy_launcher::domain::track::{DayBar, Tally};
    use tallyfy_launcher::ui::pages::track::charts::{DayChart, ProgressChart, StatusBar};
    let root = container();
    let bars = vec![
        DayBar {
            day: "2026-11-27".into(),
            segments: [3, 1, 0, 0, 0],
        },
        DayBar {
            day: "2026-11-28".into(),
            segments: [0, 0, 0, 0, 0],
        },
        DayBar {
            day: "2026-11-29".into(),
            segments: [0, 2, 1, 1, 0],
        },
    ];
    let tally = Tally {
        total: 9,
        segments: [3, 3, 1, 1, 1],
        open: 5,
        due_soon: 1,
    };
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <DayChart bars=bars.clone() table_open=RwSignal::new(true) />
            <StatusBar tally=tally title="<b>Batch</b>".to_string() table_open=RwSignal::new(false) />
            <ProgressChart buckets=[4, 0, 2, 0, 3] table_open=RwSignal::new(false) />
        }
    });
    leptos::task::tick().await;
    let count = |selector: &str| root.query_selector_all(selector).unwrap().length();
    // Two parts on the first day, none on the empty one, three on the last.
    assert_eq!(count("[data-testid=chart-days] rect"), 5);
    assert_eq!(count("[data-testid=table-days] tbody tr"), 2);
    // A folded table is not built until it is opened.
    assert_eq!(count("[data-testid=table-status]"), 0);
    assert_eq!(count("details[open] [data-testid=table-days]"), 1);
    assert_eq!(count("[data-testid=chart-status] rect"), 5);
    assert_eq!(count("[data-testid=chart-progress] rect"), 5);
    assert_eq!(count("svg[role=img]"), 3);
    let status = query(&root, "#chart-status-desc").text_content().unwrap();
    assert_eq!(
        status,
        "9 processes: 3 complete, 3 on track, 1 overdue, 1 problem, 1 archived."
    );
    let days = query(&root, "#chart-days-desc").text_content().unwrap();
    assert!(
        days.starts_with("8 launches from 2026-11-27 to 2026-11-29"),
        "{days}"
    );
    // A title from the API is text, never markup.
    assert_eq!(count("[data-testid=chart-status] b"), 0);
    let caption = query(&root, "#chart-status-title").text_content().unwrap();
    assert_eq!(caption, "Where they stand: <b>Batch</b>");
}

/// Guidance texts that try every way an author's HTML can reach past its own end: each tag left
/// open, closed without opening, or both; the raw-text and document-level elements; comments and
/// other markup left open; `</template>` in every spelling; every Unicode line break; entities,
/// scripts, links, and a long text.
fn hostile_guidance() -> Vec<String> {
    let tags = [
        "p",
        "li",
        "ul",
        "ol",
        "b",
        "i",
        "em",
        "strong",
        "u",
        "a href=\"https://a.example\"",
        "a href=\"javascript:alert(1)\"",
        "table",
        "tbody",
        "tr",
        "td",
        "th",
        "caption",
        "colgroup",
        "col",
        "select",
        "option",
        "optgroup",
        "textarea",
        "title",
        "style",
        "script",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
        "svg",
        "math",
        "form",
        "button",
        "frameset",
        "frame",
        "body",
        "html",
        "head",
        "template",
        "pre",
        "code",
        "blockquote",
        "div",
        "h1",
        "dl",
        "dd",
        "ruby",
        "rt",
        "object",
        "embed",
        "img",
        "br",
        "hr",
        "input",
        "image",
        "marquee",
        "listing",
        "nobr",
        "font",
        "details",
        "dialog",
        "meta",
        "link",
        "base",
    ];
    let mut texts = Vec::new();
    for tag in tags {
        let name = tag.split(' ').next().unwrap();
        texts.push(format!("<{tag}>open"));
        texts.push(format!("closed</{name}>after"));
        texts.push(format!("<{tag}>both</{name}> after"));
        texts.push(format!("<p>in <{tag}>nested"));
    }
    for odd in [
        "<!-- open comment",
        "<!-- closed -->after",
        "<!",
        "<?pi x>",
        "<![CDATA[x]]>y",
        "</",
        "<",
        "a < b & c",
        "</ p>",
        "<p/>x",
        "&amp",
        "&",
        "&bogus;",
        "&#x1F600;",
        "&#0;",
        "</template>",
        "</TEMPLATE>",
        "<template>",
        "</template\n>",
        "</tEmPlAtE >",
        "a</template><template>b",
        "<textarea></template><template>",
        "   <p>lead</p>",
        "\n\n<em>lead</em>",
        "\u{a0}<em>nbsp</em>",
        "x\0y<p>\0</p>",
        "مرحبا <b>بالعالم</b>",
        "漢字 <i>かな</i>",
        "👩‍👩‍👧 <u>family</u>",
        "<p onclick=\"alert(1)\">handler</p>",
        "<a href=\" https://ok.example \">trim</a>",
        "<a href=\"http://x\u{7}\">bell</a>",
    ] {
        texts.push(odd.to_string());
    }
    for brk in [
        "\n", "\r", "\r\n", "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{2029}",
    ] {
        texts.push(format!("<p{brk}>a{brk}b</p{brk}>{brk}<em>c</em>"));
        texts.push(format!("<{brk}p>a</p>&amp;{brk}"));
    }
    texts.push(format!("<p>{}</p>", "long <em>text</em> ".repeat(2_000)));
    texts
}

#[wasm_bindgen_test]
async fn guidance_parsed_together_reads_as_each_parsed_alone() {
    use tallyfy_launcher::ui::components::safe_html::{documents_parsed, SafeContent};
    let texts = hostile_guidance();
    let alone: Vec<String> = texts
        .iter()
        .map(|t| SafeContent::from_html(t).outline())
        .collect();
    let check = |batch: &[&str], expected: Vec<&String>| {
        let together: Vec<String> = SafeContent::from_many(batch)
            .iter()
            .map(SafeContent::outline)
            .collect();
        for ((text, got), want) in batch.iter().zip(&together).zip(expected) {
            assert_eq!(got, want, "{text:?} in a batch of {}", batch.len());
        }
    };
    let all: Vec<&str> = texts.iter().map(String::as_str).collect();
    // Texts that keep to themselves share one document.
    let before = documents_parsed();
    check(&all[..8], alone.iter().take(8).collect());
    assert_eq!(documents_parsed(), before + 1);
    // All at once, both ways round: every text next to two others.
    check(&all, alone.iter().collect());
    let reversed: Vec<&str> = all.iter().rev().copied().collect();
    check(&reversed, alone.iter().rev().collect());
    // Every text right before every other: what one leaves open meets what the next closes.
    // The page gets its turn now and then: the test runner reads results from it while it runs.
    let mut turn_taken = js_sys::Date::now();
    for (i, first) in all.iter().enumerate() {
        for (j, second) in all.iter().enumerate() {
            check(&[first, second], vec![&alone[i], &alone[j]]);
            if js_sys::Date::now() - turn_taken > 50.0 {
                sleep_ms(0).await;
                turn_taken = js_sys::Date::now();
            }
        }
    }
    // Not vacuous: the hostile texts were read (kept text, dropped scripts, links checked).
    let outline = |t: &str| SafeContent::from_html(t).outline();
    assert_eq!(outline("<p>in <em>nested"), r#"p("in " em("nested"))"#);
    assert_eq!(outline("<script>bad</script>ok"), r#""ok""#);
    assert_eq!(
        outline("<a href=\"javascript:alert(1)\">x</a><a href=\"https://a.example\">y</a>"),
        r#"a("x") a["https://a.example"]("y")"#
    );
    assert_eq!(outline("<textarea>raw <b>text</b>"), r#""raw <b>text</b>""#);
    // Each is read as a body's content: a title's text shows where it stands.
    assert_eq!(outline("<title>t</title>body"), r#""t" "body""#);
}
