//! Filling the form from a pasted launch body (current or old Workato shape).

use leptos::prelude::*;

use crate::domain::body_import::{read_body, BodyShape, OLD_SHAPE_EXPLAINED};
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::use_app;

/// Reads a pasted launch body (current or old Workato shape) into the form.
#[component]
pub(super) fn PasteBody() -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(bool, String), String>>);
    view! {
        <div class="stack">
            <div class="field">
                <label for="paste-body">"Launch body (JSON)"</label>
                <textarea id="paste-body" rows="5" spellcheck="false" class="mono" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| {
                    match read_body(&text.get_untracked()) {
                        Ok(body) => {
                            let mut note = match body.shape {
                                BodyShape::Old => OLD_SHAPE_EXPLAINED.to_string(),
                                BodyShape::Current => "Read the body: the form below is filled from it.".to_string(),
                            };
                            let org = app.settings.with_untracked(|s| s.org_id.clone());
                            if let Some(body_org) = body.org_id.as_ref().filter(|o| **o != org) {
                                note.push_str(&format!(" The body names organization {body_org}, but your settings use {}: launches go to the organization in Settings.", if org.is_empty() { "none".to_string() } else { org }));
                            }
                            outcome.set(Some(Ok((body.shape == BodyShape::Old, note))));
                            session.open_imported(body);
                        }
                        Err(e) => outcome.set(Some(Err(e))),
                    }
                }>"Read body"</button>
            </div>
            <div role="status">
                {move || outcome.get().map(|o| match o {
                    Ok((old, note)) => view! { <p class=if old { "warning" } else { "help" }>{note}</p> }.into_any(),
                    Err(e) => view! { <p class="error">{format!("The body could not be read: {e}")}</p> }.into_any(),
                })}
            </div>
        </div>
    }
}
