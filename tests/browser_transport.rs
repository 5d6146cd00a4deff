//! The transport (`api::transport::send`) in headless Chromium, over a `fetch` that records what
//! it was asked: every request of every endpoint goes out at exactly the address the app built
//! (the one the Request panel, curl and the exports show), with exactly its method, headers and
//! body, for hostile ids and searches (every Unicode line break, `&`, `=`, `#`, `?`, `%`, `+`,
//! dots, any script); an id that cannot be a path segment (blank, `.`, `..`: the browser reads
//! `%2E` as a dot too) is refused before anything is sent. gloo-net's builder once added a
//! stray `&` to every address with a query.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Reflect};
use tallyfy_launcher::api::transport::send;
use tallyfy_launcher::api::{ApiRequest, Connection, Secret};
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::outcome::ApiError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[path = "common/unicode.rs"]
mod unicode;
use unicode::BREAKS_AND_SPACES;

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces `fetch` with a recorder of (method, address, headers as `name: value` lines, body)
/// that answers 200.
fn record_fetches() {
    let record = Function::new_with_args(
        "request",
        "window.__sent.push(request.text().then((body) => [request.method, request.url,
           [...request.headers].map(([n, v]) => `${n}: ${v}`).join('\\n'), body]));
         return Promise.resolve(new Response('{}', { status: 200 }));",
    );
    let global = js_sys::global();
    Reflect::set(&global, &"__sent".into(), &Array::new()).unwrap();
    Reflect::set(&global, &"fetch".into(), &record).unwrap();
}

/// What the recorder was asked last.
async fn last_sent() -> Vec<String> {
    let sent: Array = Reflect::get(&js_sys::global(), &"__sent".into())
        .unwrap()
        .unchecked_into();
    let last: js_sys::Promise = sent.get(sent.length() - 1).unchecked_into();
    let last: Array = wasm_bindgen_futures::JsFuture::from(last)
        .await
        .unwrap()
        .unchecked_into();
    last.iter().map(|v| v.as_string().unwrap()).collect()
}

fn hostile_texts() -> Vec<String> {
    let mut texts: Vec<String> = [
        "plain",
        "a&b=c",
        "x#y?z",
        "100% + 1",
        "..",
        ".",
        "a/b/../c",
        "ünïcødé 模板 قالب 😀",
        "&",
        "=",
        " .. ",
        "...",
        "",
        " ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for c in BREAKS_AND_SPACES {
        texts.push(format!("a{c}b"));
    }
    texts
}

fn every_request(connection: &Connection, text: &str) -> Vec<Result<ApiRequest, ApiError>> {
    vec![
        Ok(connection.me()),
        Ok(connection.organizations()),
        connection.templates(text, 2, 20),
        connection.templates("", 1, 100),
        connection.template(text),
        connection.users(3),
        connection.groups(1),
        connection.tags(1),
        connection.folders(1),
        connection.run(text),
        connection.template_runs(text, 2, true),
        connection.template_runs(text, 1, false),
        connection.launch(&LaunchBody {
            checklist_id: text.to_string(),
            name: text.to_string(),
            ..LaunchBody::default()
        }),
    ]
}

#[wasm_bindgen_test]
async fn every_request_goes_out_exactly_as_built() {
    record_fetches();
    for org in ["org1", "o r/g&?#"] {
        let connection =
            Connection::new("http://127.0.0.1:9/api", org, &Secret::new("tok-1")).unwrap();
        for text in hostile_texts() {
            for request in every_request(&connection, &text) {
                let request = match request {
                    Ok(request) => request,
                    Err(_) => {
                        // Only an id that cannot be a path segment is refused.
                        assert!(matches!(text.trim(), "" | "." | ".."), "{text:?}");
                        continue;
                    }
                };
                send(&request).await.expect("answered");
                let sent = last_sent().await;
                assert_eq!(sent[0], request.method.as_str(), "{}", request.url);
                assert_eq!(sent[1], request.url, "{text:?}");
                let mut headers: Vec<String> = request
                    .headers(true)
                    .into_iter()
                    .map(|(name, value)| format!("{}: {value}", name.to_ascii_lowercase()))
                    .collect();
                headers.sort();
                assert_eq!(sent[2], headers.join("\n"), "{}", request.url);
                assert_eq!(
                    sent[3],
                    request.body.clone().unwrap_or_default(),
                    "{}",
                    request.url
                );
            }
        }
    }
}
