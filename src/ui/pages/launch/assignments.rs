//! The Assignments section under the kick-off form: each step of the template with its
//! template assignees and deadline, and who should do it (and by when) for this launch.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::assign::Assignment;
use crate::domain::directory::Directory;
use crate::domain::template::{Owners, Step};
use crate::ui::state::form::FormModel;
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::use_app;

/// The problem of a step or role assignment, once it should show: after its inputs were left,
/// or after Launch was pressed (as for kick-off fields, never while typing).
fn shown_problem(
    id: String,
    problems: Signal<BTreeMap<String, String>>,
) -> (
    impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
    impl Fn() + Clone + 'static,
) {
    let feedback = use_launch_session().feedback;
    let key = format!("assignment:{id}");
    let touched_key = key.clone();
    // Tallyfy's own message (from a 422) first, until the step or role is edited.
    let problem = move || {
        if let Some(server) = feedback.server_assignments.with(|m| m.get(&id).cloned()) {
            return Some(server);
        }
        feedback
            .shows(&key)
            .then(|| problems.with(|p| p.get(&id).cloned()))
            .flatten()
    };
    let touch = move || feedback.touch(&touched_key);
    (problem, touch)
}

/// Who the template assigns, in words.
fn template_owners(
    owners: &Owners,
    roles: &[String],
    directory: &Directory,
    role_name: impl Fn(&str) -> String,
) -> String {
    let mut names: Vec<String> = owners
        .users
        .iter()
        .map(|id| {
            directory
                .member(*id)
                .map_or_else(|| format!("member {id}"), |m| m.full_name.clone())
        })
        .collect();
    names.extend(owners.groups.iter().map(|id| {
        directory
            .group(id)
            .map_or_else(|| format!("group {id}"), |g| g.name.clone())
    }));
    names.extend(owners.guests.iter().cloned());
    names.extend(roles.iter().map(|r| format!("role: {}", role_name(r))));
    if names.is_empty() {
        "nobody (the launcher gets it)".into()
    } else {
        names.join(", ")
    }
}

/// The steps (those left to the launcher first) and the template's roles, each assignable.
#[component]
pub(super) fn AssignmentsSection(
    form: FormModel,
    problems: Signal<BTreeMap<String, String>>,
) -> impl IntoView {
    let app = use_app();
    let template = form.template.clone();
    if template.steps.is_empty() && template.roles.is_empty() {
        return ().into_any();
    }
    let steps_signal = form.steps;
    let roles_signal = form.roles;
    let role_names: BTreeMap<String, String> = template
        .roles
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    let step_rows = template
        .steps_for_assignment()
        .into_iter()
        .cloned()
        .map(|step| step_row(step, steps_signal, problems, role_names.clone()))
        .collect_view();
    let role_rows = template
        .roles
        .clone()
        .into_iter()
        .map(|role| {
            let id = role.id.clone();
            let input_id = format!("role-{}", role.id);
            let label = format!("Role \"{}\": assign to", role.name);
            let value_id = id.clone();
            let (problem, touch) = shown_problem(id.clone(), problems);
            let invalid = problem.clone();
            let problem_dom = format!("{input_id}-problem");
            let feedback = use_launch_session().feedback;
            view! {
                <div class="field">
                    <label for=input_id.clone()>{label}</label>
                    <input id=input_id type="text" list="people-list" autocomplete="off"
                        aria-invalid=move || invalid().is_some().to_string()
                        aria-describedby=problem_dom.clone()
                        on:blur=move |_| touch()
                        placeholder="emails or group names, separated by commas"
                        prop:value=move || {
                            let directory = app.directory.get();
                            roles_signal.with(|r| r.get(&value_id).map(|a| a.input_text(&directory)).unwrap_or_default())
                        }
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            feedback.assignment_edited(&id);
                            roles_signal.update(|r| {
                                if text.trim().is_empty() {
                                    r.remove(&id);
                                } else {
                                    r.insert(id.clone(), Assignment { people: text, ..Assignment::default() });
                                }
                            });
                        } />
                    <p class="error" id=problem_dom>{problem}</p>
                </div>
            }
        })
        .collect_view();
    let people_options = move || {
        let directory = app.directory.get();
        let mut options: Vec<String> = directory
            .members
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.email)
            .collect();
        options.extend(
            directory
                .groups
                .unwrap_or_default()
                .into_iter()
                .map(|g| g.name),
        );
        options
            .into_iter()
            .map(|o| view! { <option value=o></option> })
            .collect_view()
    };
    view! {
        <fieldset class="assignments" data-testid="assignments">
            <legend>"Assignments"</legend>
            <p class="help">"Who does each step of this process, and by when. Leave a step empty to keep the template's assignees and deadline. People: member or guest emails and group names, separated by commas. Deadline: 2026-12-01 17:00, a date (17:00 that day), or a delay from launch such as +3d or +4h."</p>
            <datalist id="people-list">{people_options}</datalist>
            {step_rows}
            {role_rows}
        </fieldset>
    }
    .into_any()
}

fn step_row(
    step: Step,
    steps: RwSignal<BTreeMap<String, Assignment>>,
    problems: Signal<BTreeMap<String, String>>,
    role_names: BTreeMap<String, String>,
) -> impl IntoView {
    let app = use_app();
    let id = step.id.clone();
    let title = step.display_name().to_string();
    let people_id = format!("step-people-{}", step.id);
    let deadline_id = format!("step-deadline-{}", step.id);
    let template_side = {
        let step = step.clone();
        move || {
            let directory = app.directory.get();
            let who = template_owners(&step.owners, &step.roles, &directory, |r| {
                role_names.get(r).cloned().unwrap_or_else(|| r.to_string())
            });
            let when = if step.deadline.is_empty() {
                "no deadline".to_string()
            } else {
                step.deadline.clone()
            };
            format!("Template: {who}; {when}.")
        }
    };
    let feedback = use_launch_session().feedback;
    let edit = move |change: &dyn Fn(&mut Assignment)| {
        let id = id.clone();
        feedback.assignment_edited(&id);
        steps.update(|all| {
            let mut assignment = all.get(&id).cloned().unwrap_or_default();
            change(&mut assignment);
            if assignment.is_blank() {
                all.remove(&id);
            } else {
                all.insert(id, assignment);
            }
        });
    };
    let edit_people = edit.clone();
    let people_value = {
        let id = step.id.clone();
        move || {
            let directory = app.directory.get();
            steps.with(|s| {
                s.get(&id)
                    .map(|a| a.input_text(&directory))
                    .unwrap_or_default()
            })
        }
    };
    let deadline_value = {
        let id = step.id.clone();
        move || steps.with(|s| s.get(&id).map(|a| a.deadline.clone()).unwrap_or_default())
    };
    let (problem, touch) = shown_problem(step.id.clone(), problems);
    let touch_deadline = touch.clone();
    let invalid = problem.clone();
    let invalid_deadline = problem.clone();
    let problem_dom = format!("step-problem-{}", step.id);
    view! {
        <div class="step-assignment" data-step=step.id.clone()>
            <p class="step-title">
                <strong>{title.clone()}</strong>
                {step.assigned_at_launch().then(|| view! { " " <span class="badge badge-at-launch">"assigned at launch"</span> })}
            </p>
            <p class="meta">{template_side}</p>
            <div class="grid-2 compact">
                <div class="field">
                    <label for=people_id.clone()>{format!("{title}: assign to")}</label>
                    <input id=people_id type="text" list="people-list" autocomplete="off"
                        placeholder="emails or group names"
                        aria-invalid=move || invalid().is_some().to_string()
                        aria-describedby=problem_dom.clone()
                        on:blur=move |_| touch()
                        prop:value=people_value
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            edit_people(&|a: &mut Assignment| {
                                a.users.clear();
                                a.groups.clear();
                                a.people = text.clone();
                            });
                        } />
                </div>
                <div class="field">
                    <label for=deadline_id.clone()>{format!("{title}: deadline")}</label>
                    <input id=deadline_id type="text" autocomplete="off" placeholder="+2d or 2026-12-01 17:00"
                        aria-invalid=move || invalid_deadline().is_some().to_string()
                        aria-describedby=problem_dom.clone()
                        on:blur=move |_| touch_deadline()
                        prop:value=deadline_value
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            edit(&|a: &mut Assignment| a.deadline = text.clone());
                        } />
                </div>
            </div>
            <p class="error" id=problem_dom>{problem}</p>
        </div>
    }
}
