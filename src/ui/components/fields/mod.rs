//! The kick-off fields. Each field owns a signal of its [`FieldInput`]; errors appear beside
//! the field once it has been left (or on Launch), are linked to it with `aria-describedby`,
//! and mark it `aria-invalid`.
//!
//! [`markup`] writes a field as HTML text and [`list`] puts a chunk of them in the page at
//! once, listens for the edits of all of them in one place ([`wiring`] says what each event
//! means) and keeps their errors and values shown. Table, people and file inputs are
//! framework components from a later chunk: [`control`] is what they need, and one file per
//! kind: [`table`], [`assignees`], [`files`].

mod assignees;
mod control;
mod files;
mod list;
pub mod markup;
mod table;
mod wiring;

use leptos::prelude::*;

use crate::api::clock::monotonic_ms;
use crate::domain::chunking::ChunkSizer;
use crate::domain::template::Field;
use crate::domain::values::FieldInput;
use crate::ui::browser::dom::after_first_paint;
use crate::ui::split::when_loaded;
use crate::ui::state::feedback::use_feedback;

pub use control::{Control, LaterInputs, ViewOnItsWay};

/// Fields rendered with the form itself: a screenful below the form's header (a field is at
/// least ~70 px tall), so what the user sees paints at once; the next chunk follows a frame later.
pub const FIRST_SCREEN_FIELDS: usize = 12;
/// Fields added in the first frame after the first screen, before the cost of one is known
/// (that frame also builds what follows the fields): a field written as markup costs about a
/// tenth of a millisecond of script and as much again of style and layout on a desktop.
pub const FIRST_CHUNK_FIELDS: usize = 32;
/// Each later frame adds as many fields as fit this much work (script, style and layout), so a
/// fast machine fills the form in a few frames and no frame holds up input for long (a task over
/// 50 ms counts as long). A chunk may be up to eight times the last: each chunk waits for a
/// frame, and a field written as markup costs little, so doubling alone took five frames more
/// than the work needs on a 200-field form.
pub const FILL_CHUNKS: ChunkSizer = ChunkSizer {
    budget_ms: 30.0,
    max_items: 200,
    max_growth: 8,
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
    let fields = list::ShownFields::new(inputs, feedback);
    let element = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let end = visible();
        if let Some(element) = element.get() {
            fields.add_up_to(&element, end);
        }
    });
    Effect::new(move |_| fields.show_errors());
    // Busy until all fields are in and settled: only then may the browser skip laying out the
    // fields out of sight (style/main.css says why not before).
    let busy = move || (shown.get() <= total).to_string();
    view! {
        <div class="kickoff-list" aria-busy=busy node_ref=element
            on:input=move |ev| fields.edited(ev.as_ref(), wiring::EditEvent::Input)
            on:change=move |ev| fields.edited(ev.as_ref(), wiring::EditEvent::Change)
            on:focusout=move |ev| fields.left(ev.as_ref())></div>
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
