//! Files in and out: downloads made in the page, and reading a file the user picked.

use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `filename`.
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not prepare the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not prepare the file".to_string())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no anchor")?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The text of the first file chosen in a file input.
pub async fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
) -> Result<(String, String), String> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or("no file was chosen")?;
    read_file(file).await
}

/// A file's name and text.
pub async fn read_file(file: web_sys::File) -> Result<(String, String), String> {
    let name = file.name();
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("\"{name}\" could not be read"))?
        .as_string()
        .ok_or_else(|| format!("\"{name}\" is not a text file"))?;
    Ok((name, text))
}
