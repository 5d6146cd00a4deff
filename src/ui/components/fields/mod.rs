//! One input per kick-off field type. Each field owns a signal of its [`FieldInput`]; errors
//! appear beside the field once it has been left (or on Launch), are linked to it with
//! `aria-describedby`, and mark it `aria-invalid`.
//!
//! [`control`] is what every input needs and picks the input for a field type; one file per
//! kind of input: [`text`], [`date`], [`choice`] (radio, dropdown, checklist), [`table`],
//! [`assignees`], [`files`].

mod assignees;
mod choice;
mod control;
mod date;
mod files;
mod table;
mod text;

use leptos::prelude::*;

use super::safe_html::{SafeContent, SafeHtml};
use crate::api::clock::monotonic_ms;
use crate::domain::chunking::ChunkSizer;
use crate::domain::template::{Field, FieldType};
use crate::domain::values::FieldInput;
use crate::ui::browser::dom::after_first_paint;
use crate::ui::split::when_loaded;
use crate::ui::state::feedback::use_feedback;

use choice::{dropdown_input, multi_input, radio_input};
pub use control::{Control, LaterInputs, ViewOnItsWay};
use date::date_input;
use text::text_input;

/// A DOM id for a field id (which may contain anything when defined by hand).
pub fn dom_id(prefix: &str, field_id: &str) -> String {
    let safe: String = field_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{safe}")
}

/// Fields rendered with the form itself: a screenful below the form's header (a field is at
/// least ~70 px tall), so what the user sees paints at once; the next chunk follows a frame later.
pub const FIRST_SCREEN_FIELDS: usize = 12;
/// Fields added in the first frame after the first screen, before the cost of one is known.
pub const FIRST_CHUNK_FIELDS: usize = 10;
/// Each later frame adds as many fields as fit this much work (script, style and layout), so a
/// fast machine fills the form in a few frames and no frame holds up input for long (a task over
/// 50 ms counts as long).
const FILL_CHUNKS: ChunkSizer = ChunkSizer {
    budget_ms: 30.0,
    max_items: 200,
};

/// How long after the last fields are in the list settles: Chrome's autofill looks at new form
/// controls within ~100 ms of their frame (one pass forcing a layout per field that the browser
/// skips laying out), so the list lets the browser skip only after that.
const SETTLE_AFTER: std::time::Duration = std::time::Duration::from_millis(500);

/// The kick-off fields in order: the first screenful at once, the rest in chunks sized to a time
/// budget after each paint. A 200-field form would otherwise keep the page blank until every
/// field is laid out.
#[component]
pub fn KickoffFieldList(
    /// Each field with its input, in display order.
    inputs: Vec<(Field, RwSignal<FieldInput>)>,
) -> impl IntoView {
    let total = inputs.len();
    // How many fields are shown; `total + 1` once all are and have settled (see `busy`).
    let shown = RwSignal::new(if total > FIRST_SCREEN_FIELDS {
        FIRST_SCREEN_FIELDS
    } else {
        total + 1
    });
    if total > FIRST_SCREEN_FIELDS {
        reveal_after_paint(shown, total);
    }
    // A launch attempt shows every error and focuses the first: then all fields must exist.
    let feedback = use_feedback();
    let visible = move || {
        if feedback.show_all.get() {
            total
        } else {
            shown.get().min(total)
        }
    };
    let inputs = StoredValue::new(inputs);
    // Guidance is made safe a pass at a time: the first field a pass adds parses the guidance of
    // all it adds, in one document; the others take theirs.
    let guidance = StoredValue::new(Vec::new());
    let guidance_of = move |i: usize| {
        let made = guidance.try_update_value(|made: &mut Vec<Option<SafeContent>>| {
            made.get_mut(i).and_then(Option::take)
        });
        made.flatten().unwrap_or_else(|| {
            let end = if feedback.show_all.get_untracked() {
                total
            } else {
                shown.get_untracked().min(total)
            };
            let mut made = inputs
                .with_value(|all| {
                    let texts: Vec<&str> = all[i..end.max(i + 1)]
                        .iter()
                        .map(|(field, _)| field.guidance.as_str())
                        .collect();
                    SafeContent::from_many(&texts)
                })
                .into_iter();
            let first = made.next().unwrap_or_default();
            let rest = std::iter::repeat_with(|| None).take(i + 1);
            guidance.set_value(rest.chain(made.map(Some)).collect());
            first
        })
    };
    // Busy until all fields are in and settled: only then may the browser skip laying out the
    // fields out of sight (style/main.css says why not before).
    let busy = move || (shown.get() <= total).to_string();
    view! {
        <div class="kickoff-list" aria-busy=busy>
            <For each=move || 0..visible() key=|i| *i children=move |i| {
                inputs.with_value(|all| all.get(i).cloned()).map(|(field, input)| {
                    view! { <KickoffField field=field input=input guidance=guidance_of(i) /> }
                })
            } />
        </div>
    }
}

/// Adds chunks, one per frame, starting in the frame after the one that paints the first
/// screen, until all `total` are shown; stops if the form has gone.
fn reveal_after_paint(shown: RwSignal<usize>, total: usize) {
    after_first_paint(move || reveal_chunk(shown, total, FIRST_CHUNK_FIELDS));
}

fn reveal_chunk(shown: RwSignal<usize>, total: usize, chunk: usize) {
    let started = monotonic_ms();
    let now = shown.try_update(|n| {
        *n = (*n + chunk).min(total);
        *n
    });
    if now.is_none_or(|n| n >= total) {
        if now.is_some() {
            // All are in: settled once Chrome's autofill has looked at the last of them.
            set_timeout(
                move || {
                    shown.try_update(|n| *n = total + 1);
                },
                SETTLE_AFTER,
            );
        }
        return;
    }
    // A timer set in a frame callback runs after that frame is built, laid out and painted:
    // the time until then is what this chunk cost.
    set_timeout(
        move || {
            let next = FILL_CHUNKS.next(chunk, monotonic_ms() - started);
            request_animation_frame(move || reveal_chunk(shown, total, next));
        },
        std::time::Duration::ZERO,
    );
}

/// One kick-off field: label (as text), guidance (sanitised), the input, and its error.
#[component]
pub fn KickoffField(
    field: Field,
    input: RwSignal<FieldInput>,
    /// The field's guidance, made safe.
    guidance: SafeContent,
) -> impl IntoView {
    let feedback = use_feedback();
    let id = field.id.clone();
    let error_id = dom_id("e", &id);
    let guidance_id = dom_id("g", &id);
    let has_guidance = !field.guidance.trim().is_empty();
    let described_by = if has_guidance {
        format!("{guidance_id} {error_id}")
    } else {
        error_id.clone()
    };

    let id_for_error = id.clone();
    // Tallyfy's own message (from a 422) first, until the field is edited; then its own.
    let shown_error = Memo::new(move |_| {
        feedback.server_field(&id_for_error).or_else(|| {
            feedback
                .shows(&id_for_error)
                .then(|| feedback.field_problem(&id_for_error))
                .flatten()
        })
    });
    let id_for_edit = id.clone();
    let on_edit = Callback::new(move |next: FieldInput| {
        input.set(next);
        feedback.field_edited(&id_for_edit);
    });
    let id_for_blur = id.clone();
    let on_leave = move |_| feedback.touch(&id_for_blur);
    let invalid = Signal::derive(move || shown_error.with(Option::is_some));
    let grouped = !field.is_list_backed()
        && matches!(
            field.field_type,
            FieldType::Radio
                | FieldType::Multiselect
                | FieldType::Table
                | FieldType::AssigneesForm
                | FieldType::File
        );
    // Built once, not a closure: a closure child is a render effect, and a field's name and
    // whether it is required never change while it is shown.
    let heading = view! {
        {field.display_name().to_string()}
        {field.required.then(|| view! { <span class="required" aria-hidden="true">"*"</span> })}
    };
    let guidance_view = has_guidance.then(|| {
        view! {
            <div class="guidance help" id=guidance_id>
                <SafeHtml content=guidance />
            </div>
        }
    });
    let error_view = view! {
        <p class="error" id=error_id>{move || shown_error.get().unwrap_or_default()}</p>
    };
    let input_id = dom_id("f", &id);
    let for_id = input_id.clone();
    let body = control_for(Control {
        field,
        input,
        on_edit,
        invalid,
        described_by,
        input_id,
    });
    if grouped {
        view! {
            <fieldset class="field kickoff" on:focusout=on_leave>
                <legend>{heading}</legend>
                {guidance_view}
                {body}
                {error_view}
            </fieldset>
        }
        .into_any()
    } else {
        view! {
            <div class="field kickoff" on:focusout=on_leave>
                <label for=for_id>{heading}</label>
                {guidance_view}
                {body}
                {error_view}
            </div>
        }
        .into_any()
    }
}

/// The input a field's type gets.
fn control_for(ctrl: Control) -> AnyView {
    // A choice filled from a list in Tallyfy comes with no options: it takes its text.
    if ctrl.field.is_list_backed() {
        return text_input(ctrl, false);
    }
    match ctrl.field.field_type.clone() {
        FieldType::Text | FieldType::Email => text_input(ctrl, false),
        FieldType::Textarea => text_input(ctrl, true),
        FieldType::Date => date_input(ctrl),
        FieldType::Radio => radio_input(ctrl),
        FieldType::Dropdown => dropdown_input(ctrl),
        FieldType::Multiselect => multi_input(ctrl),
        FieldType::Table | FieldType::AssigneesForm | FieldType::File => later_input(ctrl),
        FieldType::Unsupported(name) => view! {
            <p class="help">
                {format!("This field's type (\"{name}\") cannot be filled here; it is left empty when launching.")}
            </p>
        }
        .into_any(),
    }
}

/// A table, people or file input: its code comes with [`LaterInputs`], so a form's first
/// field never waits for it; until it is there the field says it is loading.
fn later_input(ctrl: Control) -> AnyView {
    // Safe: the Launch form gives it above its fields; only a wiring bug misses it.
    let LaterInputs { load, ready } = expect_context::<LaterInputs>();
    (move || {
        if ready.get() {
            let ctrl = ctrl.clone();
            when_loaded(move || load(ctrl.clone()), None).into_any()
        } else {
            view! { <p class="help" role="status">"Loading this field…"</p> }.into_any()
        }
    })
    .into_any()
}
