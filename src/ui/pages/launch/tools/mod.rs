//! The Launch screen's tools: presets, a kick-off form editor for templates the token cannot
//! read, pasting a Workato or seed body, share links, export for Workato, and schedules.

mod form_editor;
mod paste_body;
mod presets;
mod schedule;
mod share;
mod workato;

use crate::ui::components::disclosure::Disclosure;
use form_editor::FormEditor;
use paste_body::PasteBody;
use presets::PresetsPanel;
use schedule::ScheduleExport;
use share::SharePanel;
use workato::WorkatoExport;

use leptos::prelude::*;

use crate::ui::state::app::keep_early_recipe;
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::use_app;

/// All tools, each in its own collapsible section; while they are shown, the early template
/// request's recipe follows the connection.
#[component]
pub fn LaunchTools() -> impl IntoView {
    let session = use_launch_session();
    keep_early_recipe(use_app());
    let has_form = move || session.form.with(Option::is_some);
    let schedule_open = RwSignal::new(false);
    provide_context(ScheduleSection(schedule_open));
    view! {
        <div class="card tools">
            <h2>"More ways to fill, share and schedule"</h2>
            <Section title="Presets" body=|| view! { <PresetsPanel /> }.into_any() />
            <Section title="Define the kick-off form yourself" body=|| view! { <FormEditor /> }.into_any() />
            <Section title="Paste a launch body (Workato or seed)" body=|| view! { <PasteBody /> }.into_any() />
            <Show when=has_form>
                <Section title="Share link" body=|| view! { <SharePanel /> }.into_any() />
                <Section title="Export for Workato" body=|| view! { <WorkatoExport /> }.into_any() />
                <Section title="Schedule (cron, GitHub Actions, Workato)" body=|| view! { <ScheduleExport /> }.into_any() open=schedule_open />
            </Show>
        </div>
    }
}

/// Whether the Schedule section is open: "Schedule this preset" opens it.
#[derive(Clone, Copy)]
pub(super) struct ScheduleSection(pub RwSignal<bool>);

/// A collapsible tool whose contents exist only while it is open.
#[component]
fn Section(
    title: &'static str,
    body: fn() -> AnyView,
    /// Opened from elsewhere too (as Schedule is), else its own.
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
) -> impl IntoView {
    let open = open.unwrap_or_else(|| RwSignal::new(false));
    view! { <Disclosure summary=title open=open>{body()}</Disclosure> }
}

/// A status line for a panel.
pub(super) fn status_line(message: RwSignal<Option<String>>) -> impl IntoView {
    view! { <p class="meta" role="status">{move || message.get()}</p> }
}
