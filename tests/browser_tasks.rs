//! `spawn_started` (ui::browser::dom) in headless Chromium: a task it starts runs up to its first
//! wait at once, in the caller's turn (so a request the task makes goes out before the app's
//! first render), then finishes as any spawned task, woken by what it waits for; a task that
//! finishes in that first run is not run again.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use tallyfy_launcher::api::clock::sleep_ms;
use tallyfy_launcher::ui::browser::dom::spawn_started;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The task executor, set up as mounting the app sets it up (by mounting nothing).
fn with_executor() {
    let body = leptos::prelude::document().body().expect("a body");
    leptos::mount::mount_to(body, || ()).forget();
}

#[wasm_bindgen_test]
async fn a_started_task_runs_to_its_first_wait_at_once_and_then_finishes() {
    with_executor();
    let steps = Rc::new(RefCell::new(Vec::new()));
    let log = steps.clone();
    spawn_started(async move {
        log.borrow_mut().push("before the wait");
        sleep_ms(20).await;
        log.borrow_mut().push("after the wait");
        sleep_ms(20).await;
        log.borrow_mut().push("done");
    });
    assert_eq!(*steps.borrow(), ["before the wait"]);
    sleep_ms(200).await;
    assert_eq!(
        *steps.borrow(),
        ["before the wait", "after the wait", "done"]
    );
}

#[wasm_bindgen_test]
async fn a_task_that_finishes_at_once_runs_once() {
    with_executor();
    let runs = Rc::new(RefCell::new(0));
    let count = runs.clone();
    spawn_started(async move {
        *count.borrow_mut() += 1;
    });
    assert_eq!(*runs.borrow(), 1);
    sleep_ms(50).await;
    assert_eq!(*runs.borrow(), 1);
}
