//! Copying text to the clipboard.

/// Copies `text`; the error says why the browser refused.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| {
            "the browser did not allow copying; select the text and copy it by hand".to_string()
        })
}

/// Copies `text` in the background and reports into `status`: "Copied {what}." or why not.
pub fn copy_and_report(
    text: String,
    what: &'static str,
    status: leptos::prelude::RwSignal<Option<String>>,
) {
    use leptos::prelude::Set;
    leptos::task::spawn_local(async move {
        status.set(Some(match copy_text(&text).await {
            Ok(()) => format!("Copied {what}."),
            Err(reason) => reason,
        }));
    });
}
