//! The Settings screen: the connection (API base URL, token, organization) with Test
//! connection's checks, and the preferences (history, links, pacing, Track).

mod connection;
mod doctor;
mod preferences;

use leptos::html;
use leptos::prelude::*;

use crate::ui::state::app::keep_early_recipe;
use crate::ui::state::doctor::{diagnose, Diagnosis};
use crate::ui::state::use_app;
use connection::{ApiBaseField, OrganizationField, TokenField};
use doctor::DoctorResult;
use preferences::PreferencesCard;

/// The Settings screen; while it is shown, the early template request's recipe follows the
/// connection typed here.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    keep_early_recipe(app);
    let settings = app.settings;
    let token_input = NodeRef::<html::Input>::new();
    let test = Action::new_local(move |_: &()| async move {
        let diagnosis: Diagnosis = diagnose(app).await;
        // Pick the organization when the account has exactly one and none is set.
        if let Some([only]) = diagnosis.organizations.as_deref() {
            if settings.with_untracked(|s| s.org_id.trim().is_empty()) {
                settings.update(|s| s.org_id = only.id.clone());
            }
        }
        diagnosis
    });
    let reenter_token = Callback::new(move |()| {
        if let Some(input) = token_input.get() {
            let _ = input.focus();
            input.select();
        }
    });

    view! {
        <section class="page settings" aria-labelledby="settings-title">
            <h1 id="settings-title">"Settings"</h1>
            <p class="lead">
                "Where the launcher sends requests and with which token. The token stays in this browser and is sent only to the API base URL below."
            </p>
            <form class="card stack" novalidate on:submit=move |ev| {
                ev.prevent_default();
                test.dispatch(());
            }>
                <ApiBaseField />
                <TokenField token_input=token_input />
                <OrganizationField test=test />
                <div class="actions">
                    <button type="submit" disabled=move || test.pending().get()>"Test connection"</button>
                </div>
                <DoctorResult test=test reenter_token=reenter_token />
            </form>
            <PreferencesCard />
        </section>
    }
}
