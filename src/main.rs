//! Boots the app in the browser.

fn main() {
    // The moment the wasm starts running, for the benchmark's per-screen timings.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("app-start");
    }
    tallyfy_launcher::ui::crash::install_panic_hook();
    leptos::mount::mount_to_body(tallyfy_launcher::App);
}
