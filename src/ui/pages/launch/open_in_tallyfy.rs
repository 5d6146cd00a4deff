//! "Open pre-filled in Tallyfy": Tallyfy's own launch form, filled from the same draft by a
//! link (`ko_fields` keyed by alias). It needs no token and no CORS: the user launches there.

use leptos::prelude::*;

use crate::api::address::{public_kickoff_link, tallyfy_launch_link};
use crate::domain::tallyfy_link::{ko_fields, ko_fields_text};
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::components::problem_list::ProblemList;
use crate::ui::state::launch::{use_launch_session, LaunchPreview};
use crate::ui::state::{use_app, AppState};

/// Tallyfy's links for the form as it is now, and what they cannot carry.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TallyfyLinks {
    /// The logged-in launch form.
    pub launch: String,
    /// The public kick-off form, when the template has one.
    pub public: Option<String>,
    /// What the links leave out, each with why.
    pub left_out: Vec<String>,
}

/// The links for the form as `preview` shows it, or why there are none (no organization yet);
/// `at_once` asks Tallyfy to launch as soon as the link opens.
pub(super) fn tallyfy_links(
    app: &AppState,
    preview: &LaunchPreview,
    at_once: bool,
) -> Result<TallyfyLinks, String> {
    let settings = app.settings.get();
    if settings.org_id.trim().is_empty() {
        return Err("Set the organization in Settings first: Tallyfy's link names it.".into());
    }
    let LaunchPreview {
        template,
        body,
        problems,
        ..
    } = preview;
    let (fields, mut left_out) = ko_fields(template, body);
    for message in problems.summary(template) {
        left_out.push(format!("{message} (not carried until it is fixed)"));
    }
    let text = ko_fields_text(&fields);
    let launch = tallyfy_launch_link(
        &settings.api_base,
        &settings.web_app_url,
        &settings.org_id,
        &template.id,
        &body.name,
        &text,
        at_once,
    );
    let public = (template.public_kickoff && !template.alias.trim().is_empty()).then(|| {
        public_kickoff_link(
            &settings.api_base,
            &settings.web_app_url,
            &settings.org_id,
            &template.alias,
            &text,
        )
    });
    Ok(TallyfyLinks {
        launch,
        public,
        left_out,
    })
}

/// The panel under the Launch button: what the link leaves out, then the link itself.
#[component]
pub(super) fn OpenInTallyfyPanel() -> impl IntoView {
    let session = use_launch_session();
    let app = use_app();
    let copied = RwSignal::new(None::<String>);
    let at_once = RwSignal::new(false);
    let links = Memo::new(move |_| {
        session
            .preview()
            .with(|p| p.as_ref().map(|p| tallyfy_links(&app, p, at_once.get())))
    });
    move || {
        if !session.tallyfy_panel.get() {
            return None;
        }
        Some(match links.get()? {
            Err(why) => {
                view! { <div class="notice warning" role="status"><p>{why}</p></div> }.into_any()
            }
            Ok(found) => {
                let href = found.launch.clone();
                let for_record = found.launch.clone();
                let for_copy = found.launch.clone();
                let left_out = found.left_out.clone();
                view! {
                    <section class="notice info" aria-label="Open pre-filled in Tallyfy" data-testid="open-in-tallyfy">
                        <p>"Tallyfy's own launch form opens in a new tab, filled with this form's values; you press Launch there. It needs no API token here, only that you are logged in to Tallyfy."</p>
                        {(!left_out.is_empty()).then(|| view! {
                            <ProblemList intro="The link cannot carry everything:" items=left_out testid="not-in-link" />
                        })}
                        <label class="check">
                            <input type="checkbox" prop:checked=move || at_once.get()
                                on:change=move |ev| at_once.set(event_target_checked(&ev)) />
                            "Launch at once in Tallyfy when every required field is filled (launchprocess=true; otherwise you review and press Launch there)"
                        </label>
                        <p>
                            <a href=href target="_blank" rel="noopener noreferrer" data-testid="tallyfy-launch-link"
                                on:click=move |_| {
                                    session.preview().with_untracked(|p| if let Some(p) = p {
                                        session.record_opened(p.template.title.clone(), p.body.clone(), for_record.clone());
                                    });
                                }>"Open in Tallyfy"</a>
                            " "
                            <button type="button" class="secondary" on:click=move |_| copy_and_report(for_copy.clone(), "Tallyfy's pre-filled launch link", copied)>"Copy link"</button>
                            " "
                            <button type="button" class="secondary" on:click=move |_| session.tallyfy_panel.set(false)>"Close"</button>
                        </p>
                        <p class="meta" role="status">{move || copied.get()}</p>
                    </section>
                }
                .into_any()
            }
        })
    }
}
