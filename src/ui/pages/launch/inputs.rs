//! The launch's own inputs under the kick-off form: the process name (a formula, with its
//! preview or problem), the owner and the summary. Each shows Tallyfy's message from a 422 that
//! names it until it is edited.

use leptos::prelude::*;

use crate::domain::template::Naming;
use crate::ui::state::form::FormModel;
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::use_app;

/// The process name: the formula box, its help, and the preview (or the problem).
#[component]
pub(super) fn ProcessNameField(
    form: FormModel,
    /// The formula's own problem, if any.
    problem: Signal<Option<String>>,
    /// The name the launch would send now.
    preview: Signal<String>,
) -> impl IntoView {
    let feedback = use_launch_session().feedback;
    let name_formula = form.name_formula;
    let naming: Naming = form.template.naming.clone();
    let tallyfy_names_it = naming.tallyfy_names_it();
    let naming_format = naming.format.clone();
    let title = form.template.title.clone();
    let note = if tallyfy_names_it {
        Some(format!("This template names its processes itself (\"{}\") and does not let the launcher change the name. ", naming.format))
    } else if naming.auto && !naming.format.trim().is_empty() {
        Some(format!(
            "Started from the template's name format (\"{}\"). ",
            naming.format
        ))
    } else {
        None
    };
    // Tallyfy's message first, until the name is edited.
    let shown_problem = move || feedback.server_input("name").or_else(|| problem.get());
    view! {
        <div class="field">
            <label for="process-name">"Process name"</label>
            <input id="process-name" type="text" autocomplete="off"
                readonly=tallyfy_names_it
                aria-invalid=move || shown_problem().is_some().to_string()
                aria-describedby="process-name-help process-name-preview"
                prop:value=move || if tallyfy_names_it { naming_format.clone() } else { name_formula.get() }
                on:input=move |ev| {
                    feedback.input_edited("name");
                    name_formula.set(event_target_value(&ev));
                } />
            <p id="process-name-help" class="help">
                {note}
                {(!tallyfy_names_it).then(|| view! {
                    "Text with placeholders: a kick-off field by its label, such as " <code>"{{Customer name}}"</code>
                    ", or a date: " <code>"{{today}}"</code> ", " <code>"{{today+7d}}"</code> ", " <code>"{{now}}"</code>
                    ", " <code>"{{today:%d %b %Y}}"</code> ". Leave it empty and Tallyfy names the process \"" {title} " - <date>\"."
                })}
            </p>
            <p id="process-name-preview" data-testid="name-preview" class=move || if shown_problem().is_some() { "error" } else { "preview" }>
                {move || match shown_problem() {
                    Some(problem) => problem,
                    None if tallyfy_names_it => "Tallyfy names this process from the template's format; the launch sends no name.".to_string(),
                    None if preview.with(String::is_empty) => "Preview: no name is sent, so Tallyfy names the process.".to_string(),
                    None => format!("Preview: {}", preview.get()),
                }}
            </p>
        </div>
    }
}

/// The owner: whoever the token belongs to, or a member.
#[component]
pub(super) fn OwnerField(form: FormModel) -> impl IntoView {
    let app = use_app();
    let feedback = use_launch_session().feedback;
    let owner = form.owner;
    let problem = move || feedback.server_input("owner_id");
    view! {
        <div class="field">
            <label for="owner">"Owner"</label>
            <select id="owner"
                aria-invalid=move || problem().is_some().to_string()
                aria-describedby="owner-problem"
                on:change=move |ev| {
                    feedback.input_edited("owner_id");
                    owner.set(event_target_value(&ev).parse().ok());
                }>
                <option value="" selected=move || owner.get().is_none()>"(whoever the token belongs to)"</option>
                {move || app.directory.get().members.unwrap_or_default().into_iter().map(|m| {
                    let id = m.id;
                    view! { <option value=id.to_string() selected=move || owner.get() == Some(id)>{m.describe()}</option> }
                }).collect_view()}
            </select>
            <p class="error" id="owner-problem">{problem}</p>
        </div>
    }
}

/// The summary.
#[component]
pub(super) fn SummaryField(form: FormModel) -> impl IntoView {
    let feedback = use_launch_session().feedback;
    let summary = form.summary;
    let problem = move || feedback.server_input("summary");
    view! {
        <div class="field">
            <label for="summary">"Summary"</label>
            <textarea id="summary" rows="2"
                aria-invalid=move || problem().is_some().to_string()
                aria-describedby="summary-problem"
                prop:value=move || summary.get()
                on:input=move |ev| {
                    feedback.input_edited("summary");
                    summary.set(event_target_value(&ev));
                }></textarea>
            <p class="error" id="summary-problem">{problem}</p>
        </div>
    }
}
