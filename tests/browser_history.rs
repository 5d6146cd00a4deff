//! History opened first, in headless Chromium: the screen shows the newest records read alone
//! (`HistoryPreview`) with the whole count, and from that state every action a user can take
//! (delete, search, filter, show more, launch again, the toolbar's first touch) works on the
//! whole history and never writes a partial one over the stored one.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use serde_json::Value;
use tallyfy_launcher::domain::history::{History, HistoryRecord};
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::ui::browser::storage::{self, Area};
use tallyfy_launcher::ui::pages::history::HistoryPage;
use tallyfy_launcher::ui::route::Route;
use tallyfy_launcher::ui::state::history::{provide_history, HistoryStore};
use tallyfy_launcher::ui::state::launch::provide_launch_session;
use tallyfy_launcher::ui::state::provide_app_state;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

use common::browser::{container, settle};

wasm_bindgen_test_configure!(run_in_browser);

/// Records stored: more than two pages.
const STORED: usize = 60;
const TEMPLATES: usize = 7;

/// Record `n`: launched at minute `n`, from one of seven templates.
fn record(n: usize) -> HistoryRecord {
    let request = LaunchBody {
        checklist_id: format!("tpl-{}", n % TEMPLATES),
        name: format!("Audit {n}"),
        ..LaunchBody::default()
    };
    let at_ms = 1_760_000_000_000 + n as i64 * 60_000;
    let mut record =
        common::launched_record(&format!("rec-{n:03}"), at_ms, request, &format!("run-{n}"));
    record.template_title = format!("Template {}", n % TEMPLATES);
    record
}

/// Stores the history as this version writes it (newest first, said to be).
fn store_history() {
    let storage = window().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let mut history = History::default();
    for n in 0..STORED {
        history.push(record(n), usize::MAX);
    }
    let text = history.to_stored(&|_: &str, _: &str, run: &str| format!("/runs/{run}"));
    assert!(text.contains(r#""newest_first":true"#));
    storage::set(Area::Local, storage::HISTORY_KEY, &text).unwrap();
}

/// The stored history's record ids and tombstones.
fn stored_ids() -> (Vec<String>, Vec<String>) {
    let text = storage::get(Area::Local, storage::HISTORY_KEY).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let ids = |key: &str, field: Option<&str>| -> Vec<String> {
        doc[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| field.map_or(v, |f| &v[f]).as_str().unwrap().to_string())
            .collect()
    };
    (ids("records", Some("id")), ids("deleted", None))
}

/// History mounted on a stored history, as opened first; the store, to look into.
fn mount_history() -> (web_sys::HtmlElement, HistoryStore, impl Sized) {
    store_history();
    let root = container();
    let store = StoredValue::new(None::<HistoryStore>);
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        let app = provide_app_state(Route::parse("#/history"));
        let history = provide_history(app);
        provide_launch_session(app, history);
        store.set_value(Some(history));
        view! { <HistoryPage /> }
    });
    (root, store.get_value().unwrap(), mounted)
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is shown"))
        .text_content()
        .unwrap_or_default()
}

/// The process names the list shows, top to bottom.
fn names(root: &web_sys::HtmlElement) -> Vec<String> {
    let rows = root.query_selector_all(".history-record th").unwrap();
    (0..rows.length())
        .map(|i| rows.item(i).unwrap().text_content().unwrap())
        .collect()
}

fn newest(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| format!("Audit {}", STORED - 1 - i))
        .collect()
}

fn button(root: &web_sys::HtmlElement, selector: &str, words: &str) -> web_sys::HtmlElement {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .map(|i| {
            found
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::HtmlElement>()
        })
        .find(|b| b.text_content().unwrap_or_default().trim() == words)
        .unwrap_or_else(|| panic!("a {words:?} button"))
}

fn set_value(root: &web_sys::HtmlElement, selector: &str, value: &str, event: &str) {
    let element = root.query_selector(selector).unwrap().unwrap();
    match element.dyn_ref::<web_sys::HtmlInputElement>() {
        Some(input) => input.set_value(value),
        None => element
            .unchecked_ref::<web_sys::HtmlSelectElement>()
            .set_value(value),
    }
    element
        .dispatch_event(&web_sys::Event::new(event).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn opened_first_history_shows_the_newest_page_and_the_whole_count_before_reading_the_rest() {
    let (root, store, _mounted) = mount_history();
    settle().await;
    assert!(!store.loaded.get_untracked(), "only the first page is read");
    assert_eq!(names(&root), newest(25));
    assert_eq!(
        text_of(&root, "[data-testid=history-count]"),
        format!("Showing 25 of {STORED} matching records ({STORED} in all).")
    );
    // The whole history, read later, lists the same page.
    store.ensure_loaded();
    settle().await;
    assert_eq!(names(&root), newest(25));
    assert_eq!(
        text_of(&root, "#history-template")
            .matches("Template ")
            .count(),
        TEMPLATES
    );
}

/// What a user can do on the first page, and what the whole history then shows.
#[derive(Clone, Copy, Debug)]
enum Action {
    Delete,
    Search,
    Filter,
    ShowMore,
    ClearAllCancelled,
    Focus,
}

#[wasm_bindgen_test]
async fn every_action_from_the_first_page_works_on_the_whole_history() {
    for action in [
        Action::Delete,
        Action::Search,
        Action::Filter,
        Action::ShowMore,
        Action::ClearAllCancelled,
        Action::Focus,
    ] {
        let (root, store, mounted) = mount_history();
        settle().await;
        assert!(!store.loaded.get_untracked(), "{action:?}: first page only");
        let (stored_before, _) = stored_ids();
        assert_eq!(stored_before.len(), STORED);
        match action {
            Action::Delete => {
                button(&root, ".history-record button", "Delete").click();
                settle().await;
                let (ids, deleted) = stored_ids();
                assert_eq!(ids.len(), STORED - 1, "{action:?}: the others are kept");
                assert_eq!(deleted, vec![format!("rec-{:03}", STORED - 1)]);
                assert_eq!(names(&root), newest(26)[1..].to_vec());
            }
            Action::Search => {
                set_value(&root, "#history-search", "audit 1", "input");
                settle().await;
                // Audit 1, 10–19: most of them beyond the first page.
                assert_eq!(names(&root).len(), 11, "{action:?}");
                assert_eq!(
                    text_of(&root, "[data-testid=history-count]"),
                    format!("Showing 11 of 11 matching records ({STORED} in all).")
                );
            }
            Action::Filter => {
                set_value(&root, "#history-template", "tpl-3", "change");
                settle().await;
                let expected = (0..STORED).filter(|n| n % TEMPLATES == 3).count();
                assert_eq!(names(&root).len(), expected, "{action:?}");
            }
            Action::ShowMore => {
                button(&root, "button", "Show more").click();
                settle().await;
                assert_eq!(names(&root), newest(50), "{action:?}");
            }
            Action::ClearAllCancelled => {
                button(&root, "button", "Clear all").click();
                settle().await;
                let question = text_of(&root, "[role=alertdialog]");
                assert!(
                    question.contains(&format!("Delete all {STORED} records")),
                    "{question}"
                );
                button(&root, "button", "Cancel").click();
                settle().await;
            }
            Action::Focus => {
                root.query_selector("#history-search")
                    .unwrap()
                    .unwrap()
                    .unchecked_into::<web_sys::HtmlElement>()
                    .focus()
                    .unwrap();
                settle().await;
                assert!(
                    store.loaded.get_untracked(),
                    "{action:?}: read on the first touch"
                );
                assert_eq!(
                    text_of(&root, "#history-template")
                        .matches("Template ")
                        .count(),
                    TEMPLATES
                );
            }
        }
        // Nothing was lost, whatever the action.
        let (ids, _) = stored_ids();
        let expected = STORED - usize::from(matches!(action, Action::Delete));
        assert_eq!(ids.len(), expected, "{action:?}");
        store.ensure_loaded();
        assert_eq!(store.history.with_untracked(History::len), expected);
        drop(mounted);
        root.remove();
    }
}
