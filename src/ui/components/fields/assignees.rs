//! Members, groups and guests.

use leptos::prelude::*;

use super::control::Control;
use crate::domain::case::folded;
use crate::domain::values::FieldInput;
use crate::ui::state::use_app;

/// The assignees input's parts, owned, to edit one of them.
fn owned_assignees(input: &FieldInput) -> (Vec<i64>, Vec<String>, String) {
    let (users, groups, guests) = input.assignees();
    (users.to_vec(), groups.to_vec(), guests.to_string())
}

pub(super) fn assignees_input(ctrl: Control) -> AnyView {
    let aria = ctrl.aria();
    let (field, input, on_edit) = (ctrl.field, ctrl.input, ctrl.on_edit);
    let app = use_app();
    let label = field.display_name().to_string();
    let filter = RwSignal::new(String::new());
    let toggle_user = move |id: i64, on: bool| {
        let (mut users, groups, guests) = input.with_untracked(owned_assignees);
        users.retain(|u| *u != id);
        if on {
            users.push(id);
        }
        on_edit.run(FieldInput::Assignees {
            users,
            groups,
            guests,
        });
    };
    let toggle_group = move |id: String, on: bool| {
        let (users, mut groups, guests) = input.with_untracked(owned_assignees);
        groups.retain(|g| *g != id);
        if on {
            groups.push(id);
        }
        on_edit.run(FieldInput::Assignees {
            users,
            groups,
            guests,
        });
    };
    let member_aria = aria.clone();
    let members = move || {
        let directory = app.directory.get();
        let Some(members) = directory.members else {
            return view! { <p class="help">"Members are not loaded (see the note above the form); add people as guest emails, or reload after fixing the connection."</p> }.into_any();
        };
        let chosen = input.with(|i| i.assignees().0.to_vec());
        let needle = folded(filter.get().trim());
        let shown: Vec<_> = members
            .into_iter()
            .filter(|m| {
                chosen.contains(&m.id)
                    || needle.is_empty()
                    || folded(&m.full_name).contains(&needle)
                    || folded(&m.email).contains(&needle)
            })
            .take(30)
            .collect();
        let aria = member_aria.clone();
        shown
            .into_iter()
            .map(|m| {
                let id = m.id;
                let checked = chosen.contains(&id);
                view! {
                    <label class="check">
                        <input type="checkbox" aria-invalid=aria.invalid() aria-describedby=aria.described_by()
                            prop:checked=checked on:change=move |ev| toggle_user(id, event_target_checked(&ev)) />
                        {m.describe()}
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };
    let groups = move || {
        let groups = app.directory.get().groups.unwrap_or_default();
        let chosen = input.with(|i| i.assignees().1.to_vec());
        groups
            .into_iter()
            .map(|g| {
                let checked = chosen.contains(&g.id);
                let id = g.id.clone();
                view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=checked on:change=move |ev| toggle_group(id.clone(), event_target_checked(&ev)) />
                        {g.name}
                    </label>
                }
            })
            .collect_view()
    };
    let find_label = format!("{label}: find a member");
    let guests_label = format!("{label}: guest emails");
    view! {
        <div class="assignees">
            <input type="search" class="compact" aria-label=find_label placeholder="Find a member by name or email"
                prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) />
            <div class="choices">{members}</div>
            <div class="choices">{groups}</div>
            <label class="sub-label">
                {guests_label}
                <input type="text" aria-invalid=aria.invalid() aria-describedby=aria.described_by()
                    placeholder="name@example.com, other@example.com"
                    prop:value=move || input.with(|i| i.assignees().2.to_string())
                    on:input=move |ev| {
                        let (users, groups, _) = input.with_untracked(owned_assignees);
                        on_edit.run(FieldInput::Assignees { users, groups, guests: event_target_value(&ev) });
                    } />
            </label>
        </div>
    }
    .into_any()
}
