//! Boots the app in the browser.

fn main() {
    leptos::mount::mount_to_body(tallyfy_launcher::App);
}
