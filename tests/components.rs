//! Component tests in headless Chromium (`wasm-bindgen-test`, run by `scripts/test.sh`).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tallyfy_launcher::domain::outcome::ApiError;
use tallyfy_launcher::ui::components::error_box::ErrorDetails;
use tallyfy_launcher::ui::pages::settings::SettingsPage;
use tallyfy_launcher::ui::route::Route;
use tallyfy_launcher::ui::state::provide_app_state;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, attached to the document.
fn container() -> web_sys::HtmlElement {
    let document = document();
    let element = document
        .create_element("div")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    document.body().unwrap().append_child(&element).unwrap();
    element
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

    input.set_value("http://tallyfy.example.com/api");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
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
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    // Saved as typed, so a reload brings it back.
    let stored = storage
        .get_item("tallyfy-launcher/settings/v1")
        .unwrap()
        .unwrap();
    assert!(stored.contains("http://127.0.0.1:8787/api"), "{stored}");
}
