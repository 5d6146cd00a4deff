//! The early template request (`src/api/early_template.js`, inlined into index.html; `api::early`)
//! in headless Chromium, the script run as the page runs it, with the browser's `fetch` replaced
//! by a recorder underneath it. For links with hostile template ids (every Unicode line break and
//! space, dots, slashes, percent signs, other hosts, any script, long ids) it asks nothing, or
//! exactly what the app then asks through its own transport, which gets that answer instead of
//! sending again; it never asks anything outside the API base the app is connected to. A link
//! naming another API or organization, Settings changed since the recipe was made, a page without
//! a token or a recipe, and other screens' links ask nothing; the offer ends at the app's first
//! template request, whichever it is, and leaves every other request as it was.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Reflect};
use tallyfy_launcher::api::transport::send;
use tallyfy_launcher::api::{early, Connection, Secret};
use tallyfy_launcher::domain::json_text;
use tallyfy_launcher::domain::settings::Settings;
use tallyfy_launcher::domain::share::ShareLink;
use tallyfy_launcher::ui::browser::storage::{self, Area};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

#[path = "common/unicode.rs"]
mod unicode;
use unicode::BREAKS_AND_SPACES;

wasm_bindgen_test_configure!(run_in_browser);

const SCRIPT: &str = include_str!("../src/api/early_template.js");
const BASE: &str = "http://127.0.0.1:9/api";
const ORG: &str = "org 1/ü";
const TOKEN: &str = "tok-early-123";
/// Where every template request of the connection starts.
const TEMPLATES: &str = "http://127.0.0.1:9/api/organizations/org%201%2F%C3%BC/checklists/";

fn connection() -> Connection {
    Connection::new(BASE, ORG, &Secret::new(TOKEN)).unwrap()
}

fn store_settings(api: &str, org: &str) {
    let settings = Settings {
        api_base: api.into(),
        org_id: org.into(),
        ..Settings::default()
    };
    let text = json_text::stringify(&settings.to_value());
    storage::set(Area::Local, storage::SETTINGS_KEY, &text).unwrap();
}

/// The addresses the recorder under the script was asked for.
fn asked() -> Vec<String> {
    let calls: Array = Reflect::get(&js_sys::global(), &"__earlyCalls".into())
        .unwrap()
        .unchecked_into();
    calls.iter().map(|url| url.as_string().unwrap()).collect()
}

fn recorder() -> JsValue {
    Reflect::get(&js_sys::global(), &"__recorder".into()).unwrap()
}

/// Runs the page's script on a page at `hash` (recipe and token stored or not, Settings as the
/// recipe was made for), over a `fetch` that records each address and answers 200.
fn open_page(hash: &str, recipe: bool, token: bool) {
    let global = js_sys::global();
    Reflect::set(&global, &"__earlyCalls".into(), &Array::new()).unwrap();
    let record = Function::new_with_args(
        "input, init",
        "const asked = input instanceof Request ? input : new Request(input, init);
         window.__earlyCalls.push(asked.url);
         return Promise.resolve(new Response('{\"data\":{}}', { status: 200 }));",
    );
    Reflect::set(&global, &"__recorder".into(), &record).unwrap();
    Reflect::set(&global, &"fetch".into(), &record).unwrap();
    store_settings(BASE, ORG);
    match early::recipe(&connection(), BASE, ORG).filter(|_| recipe) {
        Some(recipe) => storage::set(
            Area::Local,
            storage::EARLY_TEMPLATE_KEY,
            &json_text::stringify(&recipe),
        )
        .unwrap(),
        None => storage::remove(Area::Local, storage::EARLY_TEMPLATE_KEY),
    }
    storage::remove(Area::Session, storage::TOKEN_KEY);
    if token {
        storage::set(Area::Local, storage::TOKEN_KEY, TOKEN).unwrap();
    } else {
        storage::remove(Area::Local, storage::TOKEN_KEY);
    }
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(hash)
        .unwrap();
    run_script();
}

fn run_script() {
    Function::new_no_args(SCRIPT)
        .call0(&JsValue::NULL)
        .expect("the script never throws");
}

fn link_to(id: &str) -> String {
    let link = ShareLink {
        template_id: Some(id.to_string()),
        ..ShareLink::default()
    };
    format!("#/launch?{}", link.encode())
}

/// The template id the app reads from the link, as it reads it.
fn app_id(hash: &str) -> String {
    let query = hash.split_once('?').unwrap().1;
    ShareLink::decode(query).0.template_id.unwrap()
}

fn hostile_ids() -> Vec<String> {
    let mut ids: Vec<String> = [
        "tpl123",
        "a/b",
        "../../me",
        "..%2F..%2Fme",
        "%2e%2e",
        "?x=1#y",
        "a b+c",
        "!'()*~._-",
        "100%",
        "ünïcødé",
        "模板",
        "قالب",
        "😀👍🏽",
        "\u{200B}zero-width",
        "@evil.example.com",
        "//evil.example.com/x",
        "http://evil.example.com/",
        "\\evil",
        ".",
        "..",
        " ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every Unicode line break and space, inside an id and around it.
    for c in BREAKS_AND_SPACES {
        ids.push(format!("a{c}b"));
        ids.push(format!("{c}tpl{c}"));
    }
    ids.push("x".repeat(3_000));
    ids
}

#[wasm_bindgen_test]
async fn it_asks_exactly_what_the_app_then_asks_or_nothing_and_only_the_api() {
    let connection = connection();
    for id in hostile_ids() {
        let hash = link_to(&id);
        open_page(&hash, true, true);
        let early = asked();
        assert!(early.len() <= 1, "{id:?}: {early:?}");
        for url in &early {
            assert!(url.starts_with(TEMPLATES), "{id:?} asked {url}");
        }
        // What the app asks, through its own transport (an id that cannot be a path segment,
        // blank, "." or "..", it refuses to ask).
        let Ok(request) = connection.template(&app_id(&hash)) else {
            assert!(matches!(id.trim(), "" | "." | ".."), "{id:?}");
            assert!(early.is_empty(), "{id:?}: {early:?}");
            continue;
        };
        let answer = send(&request).await.expect("answered");
        assert_eq!(answer.status, 200);
        let after = asked();
        let taken = after.len() == early.len();
        // The two trims differ on a few characters (U+0085, U+FEFF): then the addresses
        // differ and the app's request goes out. Otherwise the early answer is the app's.
        let same_trim = js_sys::JsString::from(id.as_str()).trim() == id.trim();
        if same_trim && !matches!(id.trim(), "" | "." | "..") {
            assert_eq!(early.len(), 1, "{id:?} was not asked early");
            assert!(taken, "{id:?}: the app sent {after:?} again");
        } else {
            assert!(!taken, "{id:?}: {early:?} then {after:?}");
        }
        // The offer is over: the same request goes out again, to the fetch underneath.
        send(&request).await.expect("answered");
        assert_eq!(asked().len(), after.len() + 1, "{id:?}");
        assert_eq!(
            Reflect::get(&js_sys::global(), &"fetch".into()).unwrap(),
            recorder()
        );
    }
}

#[wasm_bindgen_test]
fn a_link_to_another_api_or_organization_or_screen_asks_nothing() {
    let connection = connection();
    let same = ShareLink {
        api_base: Some(format!(" {} ", connection.base())),
        org: Some(connection.org().to_string()),
        template_id: Some("tpl1".into()),
        ..ShareLink::default()
    };
    open_page(&format!("#/launch?{}", same.encode()), true, true);
    assert_eq!(asked(), [format!("{TEMPLATES}tpl1?with=steps")]);

    let others = [
        ShareLink {
            api_base: Some("https://evil.example.com/api".into()),
            ..same.clone()
        },
        ShareLink {
            org: Some("other-org".into()),
            ..same.clone()
        },
    ];
    for link in others {
        open_page(&format!("#/launch?{}", link.encode()), true, true);
        assert!(asked().is_empty(), "{link:?}");
    }
    for hash in [
        "#/history?template=tpl1",
        "#/settings?template=tpl1",
        "#/bulk?template=tpl1",
        "#/launch",
        "#/launch?name=x",
    ] {
        open_page(hash, true, true);
        assert!(asked().is_empty(), "{hash}");
    }
}

#[wasm_bindgen_test]
fn without_a_token_a_recipe_or_the_settings_it_was_made_for_it_asks_nothing() {
    open_page(&link_to("tpl1"), false, true);
    assert!(asked().is_empty(), "no recipe");
    open_page(&link_to("tpl1"), true, false);
    assert!(asked().is_empty(), "no token");
    for (api, org) in [("https://go.tallyfy.com/api", ORG), (BASE, "another")] {
        open_page(&link_to("tpl1"), true, true);
        Reflect::set(&js_sys::global(), &"__earlyCalls".into(), &Array::new()).unwrap();
        store_settings(api, org);
        run_script();
        assert!(asked().is_empty(), "Settings now {api} {org}");
    }
    open_page(&link_to("tpl1"), true, true);
    Reflect::set(&js_sys::global(), &"__earlyCalls".into(), &Array::new()).unwrap();
    storage::set(Area::Local, storage::EARLY_TEMPLATE_KEY, "{not json").unwrap();
    run_script();
    assert!(asked().is_empty(), "an unreadable recipe");
    storage::remove(Area::Local, storage::EARLY_TEMPLATE_KEY);
    storage::remove(Area::Local, storage::TOKEN_KEY);
}

#[wasm_bindgen_test]
async fn the_offer_waits_through_other_requests_and_ends_at_the_first_template_request() {
    let connection = connection();
    open_page(&link_to("tpl1"), true, true);
    // The template list is not a template request: it goes out, and the offer stays.
    send(&connection.templates("", 1, 100).unwrap())
        .await
        .unwrap();
    assert_eq!(asked().len(), 2);
    // The same template with another token is another request: it goes out, and ends the offer.
    let other_token = Connection::new(BASE, ORG, &Secret::new("other")).unwrap();
    send(&other_token.template("tpl1").unwrap()).await.unwrap();
    send(&connection.template("tpl1").unwrap()).await.unwrap();
    assert_eq!(asked().len(), 4);

    open_page(&link_to("tpl1"), true, true);
    send(&connection.template("tpl2").unwrap()).await.unwrap();
    send(&connection.template("tpl1").unwrap()).await.unwrap();
    assert_eq!(asked().len(), 3);

    open_page(&link_to("tpl1"), true, true);
    send(&connection.template("tpl1").unwrap()).await.unwrap();
    assert_eq!(asked().len(), 1, "the answer was taken");
    storage::remove(Area::Local, storage::EARLY_TEMPLATE_KEY);
    storage::remove(Area::Local, storage::TOKEN_KEY);
}
