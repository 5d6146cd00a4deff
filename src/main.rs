//! Boots the app in the browser.

fn main() {
    tallyfy_launcher::ui::crash::install_panic_hook();
    leptos::mount::mount_to_body(tallyfy_launcher::App);
}
