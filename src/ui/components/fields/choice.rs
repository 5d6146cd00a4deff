//! Radio buttons, a dropdown, and a checklist.

use leptos::prelude::*;

use super::control::Control;
use crate::domain::values::FieldInput;

pub(super) fn radio_input(ctrl: Control) -> AnyView {
    let aria = ctrl.aria();
    let (field, input, on_edit, input_id) = (ctrl.field, ctrl.input, ctrl.on_edit, ctrl.input_id);
    let options = field.options.clone();
    view! {
        <div class="choices" role="radiogroup" aria-invalid=aria.invalid() aria-describedby=aria.described_by()>
            {options
                .into_iter()
                .map(|option| {
                    let option_id = option.id;
                    let name = input_id.clone();
                    view! {
                        <label class="check">
                            <input
                                type="radio"
                                name=name
                                value=option_id.to_string()
                                prop:checked=move || input.with(FieldInput::choice) == Some(option_id)
                                on:change=move |_| on_edit.run(FieldInput::Choice(Some(option_id)))
                            />
                            {option.text}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

pub(super) fn dropdown_input(ctrl: Control) -> AnyView {
    let aria = ctrl.aria();
    let (field, input, on_edit, input_id) = (ctrl.field, ctrl.input, ctrl.on_edit, ctrl.input_id);
    let options = field.options.clone();
    view! {
        <select
            id=input_id
            aria-required=field.required.then_some("true")
            aria-invalid=aria.invalid() aria-describedby=aria.described_by()
            on:change=move |ev| {
                let value = event_target_value(&ev);
                on_edit.run(FieldInput::Choice(value.parse().ok()));
            }
        >
            <option value="" selected=move || input.with(FieldInput::choice).is_none()>"(choose one)"</option>
            {options
                .into_iter()
                .map(|option| {
                    let option_id = option.id;
                    view! {
                        <option value=option_id.to_string() selected=move || input.with(FieldInput::choice) == Some(option_id)>
                            {option.text}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
    .into_any()
}

pub(super) fn multi_input(ctrl: Control) -> AnyView {
    let aria = ctrl.aria();
    let (field, input, on_edit) = (ctrl.field, ctrl.input, ctrl.on_edit);
    let options = field.options.clone();
    let ids = move || input.with(|i| i.multi().to_vec());
    view! {
        <div class="choices">
            {options
                .into_iter()
                .map(|option| {
                    let option_id = option.id;
                    let aria = aria.clone();
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                aria-invalid=aria.invalid() aria-describedby=aria.described_by()
                                prop:checked=move || ids().contains(&option_id)
                                on:change=move |ev| {
                                    let mut next = ids();
                                    next.retain(|id| *id != option_id);
                                    if event_target_checked(&ev) {
                                        next.push(option_id);
                                    }
                                    on_edit.run(FieldInput::Multi(next));
                                }
                            />
                            {option.text}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}
