//! Short and long text, and email.

use leptos::prelude::*;

use super::control::Control;
use crate::domain::template::FieldType;
use crate::domain::values::FieldInput;

pub(super) fn text_input(ctrl: Control, multiline: bool) -> AnyView {
    let aria = ctrl.aria();
    let (field, input, on_edit, input_id) = (ctrl.field, ctrl.input, ctrl.on_edit, ctrl.input_id);
    let required = field.required.then_some("true");
    let on_input = move |ev| on_edit.run(FieldInput::Text(event_target_value(&ev)));
    if multiline {
        view! {
            <textarea
                id=input_id
                rows="4"
                aria-required=required
                prop:value=move || input.with(|i| i.as_text().to_string())
                on:input={on_input}
                aria-invalid=aria.invalid() aria-describedby=aria.described_by()
            ></textarea>
        }
        .into_any()
    } else {
        let kind = if field.field_type == FieldType::Email {
            "email"
        } else {
            "text"
        };
        view! {
            <input
                id=input_id
                type=kind
                aria-required=required
                prop:value=move || input.with(|i| i.as_text().to_string())
                on:input={on_input}
                aria-invalid=aria.invalid() aria-describedby=aria.described_by()
            />
        }
        .into_any()
    }
}
