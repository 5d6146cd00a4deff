//! What the list's input events mean for a field of each kind, and how a field's controls
//! follow its input when it changes from elsewhere (a fill placed, Clear form).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::markup::InputKind;
use crate::domain::values::FieldInput;

/// Which of its two events a control reports an edit with: text as it is typed (`input`), a
/// choice once made (`change`, which a text box also fires when left).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum EditEvent {
    /// `input`.
    Input,
    /// `change`.
    Change,
}

/// The field's next input after `event` on one of its controls, `None` when the event is not
/// the one its kind reports edits with (or a later input's own, which it handles itself).
pub(super) fn edited(
    kind: &InputKind,
    which: EditEvent,
    event: &web_sys::Event,
    now: &FieldInput,
) -> Option<FieldInput> {
    let value = || event_target_value(event);
    let option = |value: String| value.parse::<i64>().ok();
    match (kind, which) {
        (InputKind::Text | InputKind::Email | InputKind::Textarea, EditEvent::Input) => {
            Some(FieldInput::Text(value()))
        }
        (InputKind::Date { .. }, EditEvent::Input) => {
            let (date, time) = now.as_date();
            let is_time = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.get_attribute("type"))
                .is_some_and(|t| t == "time");
            Some(if is_time {
                FieldInput::Date {
                    date: date.to_string(),
                    time: value(),
                }
            } else {
                FieldInput::Date {
                    date: value(),
                    time: time.to_string(),
                }
            })
        }
        (InputKind::Radio | InputKind::Dropdown, EditEvent::Change) => {
            Some(FieldInput::Choice(option(value())))
        }
        (InputKind::Multi, EditEvent::Change) => {
            let chosen = option(value())?;
            let mut next = now.multi().to_vec();
            next.retain(|id| *id != chosen);
            if event_target_checked(event) {
                next.push(chosen);
            }
            Some(FieldInput::Multi(next))
        }
        _ => None,
    }
}

/// Sets the field's controls (inside `field`, its element) to show `input`, touching only
/// what differs: a text box being typed in keeps its caret.
pub(super) fn show_input(kind: &InputKind, field: &web_sys::Element, input: &FieldInput) {
    let controls = |selector: &str| {
        let found = field.query_selector_all(selector).ok();
        let count = found.as_ref().map_or(0, web_sys::NodeList::length);
        (0..count)
            .filter_map(move |i| found.as_ref()?.item(i))
            // Every control here has a `value` and a `checked` (a select and a text area
            // answer to an input's accessors by name).
            .map(|node| node.unchecked_into::<web_sys::HtmlInputElement>())
    };
    let set_value = |control: &web_sys::HtmlInputElement, value: &str| {
        if control.value() != value {
            control.set_value(value);
        }
    };
    let set_checked = |control: &web_sys::HtmlInputElement, on: bool| {
        if control.checked() != on {
            control.set_checked(on);
        }
    };
    let option = |control: &web_sys::HtmlInputElement| control.value().parse::<i64>().ok();
    match kind {
        InputKind::Text | InputKind::Email | InputKind::Textarea => {
            for control in controls("input, textarea") {
                set_value(&control, input.as_text());
            }
        }
        InputKind::Date { .. } => {
            let (date, time) = input.as_date();
            for (control, value) in controls("input").zip([date, time]) {
                set_value(&control, value);
            }
        }
        InputKind::Dropdown => {
            let chosen = input.choice().map(|id| id.to_string()).unwrap_or_default();
            for control in controls("select") {
                set_value(&control, &chosen);
                // An option the template no longer has: nothing is chosen, as the list says.
                if control.value() != chosen {
                    control.set_value("");
                }
            }
        }
        InputKind::Radio => {
            for control in controls("input") {
                set_checked(
                    &control,
                    option(&control).is_some_and(|id| input.choice() == Some(id)),
                );
            }
        }
        InputKind::Multi => {
            for control in controls("input") {
                set_checked(
                    &control,
                    option(&control).is_some_and(|id| input.multi().contains(&id)),
                );
            }
        }
        InputKind::Later | InputKind::Unsupported(_) => {}
    }
}
