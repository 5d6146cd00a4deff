//! Short and long text, and email.

use leptos::prelude::*;

use super::control::Control;
use crate::domain::template::FieldType;
use crate::domain::values::FieldInput;

pub(super) fn text_input(ctrl: Control, multiline: bool) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        input_id,
    } = ctrl;
    let required = field.required.then_some("true");
    let on_input = move |ev| on_edit.run(FieldInput::Text(event_target_value(&ev)));
    if multiline {
        view! {
            <textarea
                id=input_id
                rows="4"
                aria-required=required
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                prop:value=move || input.with(|i| i.as_text().to_string())
                on:input=on_input
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
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
                prop:value=move || input.with(|i| i.as_text().to_string())
                on:input=on_input
            />
        }
        .into_any()
    }
}
