//! A question that needs an answer before something irreversible happens.

use leptos::prelude::*;

/// A warning-styled alert dialog: the question as its accessible name, the message and the
/// answers (buttons) as its children.
#[component]
pub fn ConfirmNotice(
    /// The question, read out as the dialog's name ("Delete all history?").
    title: &'static str,
    /// The message and the buttons that answer it.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="notice warning" role="alertdialog" aria-label=title>
            {children()}
        </div>
    }
}
