//! The last line of defence: if the app ever panics, the console says where, and the page says
//! what to do instead of silently freezing. The launch form is saved as it is typed (see
//! `LaunchSession::keep_saving_the_form`), so a reload brings it back.

use std::panic::PanicHookInfo;

/// The message shown when the app has stopped.
pub const CRASH_MESSAGE: &str = "Something went wrong and the launcher stopped. Your form is saved: reload the page to carry on.";

/// Installs the panic hook. Call first thing, before mounting the app.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        let place = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "an unknown place".into());
        let what = info.payload_as_str().unwrap_or("no message");
        web_sys::console::error_1(&format!("Tallyfy Launcher stopped at {place}: {what}").into());
        show_crash_notice();
    }));
}

/// Puts the crash message at the top of the page, built from plain DOM calls: after a panic
/// the app's reactive system can no longer be trusted, and no Rust handler will run again, so
/// "Reload" is a plain link to this very page.
pub fn show_crash_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Ok(notice), Ok(text), Ok(reload)) = (
        document.body(),
        document.create_element("div"),
        document.create_element("p"),
        document.create_element("a"),
    ) else {
        return;
    };
    if document.get_element_by_id("crash-notice").is_some() {
        return;
    }
    notice.set_id("crash-notice");
    let _ = notice.set_attribute("class", "notice warning crash");
    let _ = notice.set_attribute("role", "alert");
    text.set_text_content(Some(CRASH_MESSAGE));
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_else(|| "./".into());
    let _ = reload.set_attribute("href", &here);
    let _ = reload.set_attribute("class", "button");
    reload.set_text_content(Some("Reload"));
    let _ = notice.append_child(&text);
    let _ = notice.append_child(&reload);
    let _ = body.insert_before(&notice, body.first_child().as_ref());
}
