//! Boots the app in the browser.

fn main() {
    // The moment the wasm starts running, for the benchmark's per-screen timings.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("app-start");
    }
    tallyfy_launcher::ui::crash::install_panic_hook();
    // The page's first paint (index.html) gives way to the app in the same task: no frame
    // shows both, or neither.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(tallyfy_launcher::App);
}
