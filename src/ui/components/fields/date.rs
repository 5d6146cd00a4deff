//! A date, with a time when the field collects one.

use leptos::prelude::*;

use super::control::Control;
use crate::domain::values::FieldInput;

pub(super) fn date_input(ctrl: Control) -> AnyView {
    let Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        input_id,
    } = ctrl;
    let time_label = format!("{} (time)", field.display_name());
    let required = field.required.then_some("true");
    let time = field.collect_time.then(|| {
        let described_by = described_by.clone();
        view! {
            <input
                type="time"
                aria-label=time_label
                aria-required=required
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
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
                aria-required=required
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=described_by
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
