//! A date, with a time when the field collects one.

use leptos::prelude::*;

use super::control::Control;
use crate::domain::values::FieldInput;

pub(super) fn date_input(ctrl: Control) -> AnyView {
    let aria = ctrl.aria();
    let (field, input, on_edit, input_id) = (ctrl.field, ctrl.input, ctrl.on_edit, ctrl.input_id);
    let time_label = format!("{} (time)", field.display_name());
    let required = field.required.then_some("true");
    let time = field.collect_time.then(|| {
        let aria = aria.clone();
        view! {
            <input
                type="time"
                aria-invalid=aria.invalid() aria-describedby=aria.described_by()
                aria-label=time_label
                aria-required=required
                prop:value=move || input.with(|i| i.as_date().1.to_string())
                on:input=move |ev| {
                    let date = input.with_untracked(|i| i.as_date().0.to_string());
                    on_edit.run(FieldInput::Date { date, time: event_target_value(&ev) });
                }
            />
        }
    });
    view! {
        <div class="input-row">
            <input
                id=input_id
                type="date"
                aria-invalid=aria.invalid() aria-describedby=aria.described_by()
                aria-required=required
                prop:value=move || input.with(|i| i.as_date().0.to_string())
                on:input=move |ev| {
                    let time = input.with_untracked(|i| i.as_date().1.to_string());
                    on_edit.run(FieldInput::Date { date: event_target_value(&ev), time });
                }
            />
            {time}
        </div>
    }
    .into_any()
}
