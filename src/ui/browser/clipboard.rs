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
