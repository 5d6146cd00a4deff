//! Quick picks above the template search: pinned templates, then the ones launched from this
//! browser lately, each with when it was last launched.

use leptos::prelude::*;

use crate::domain::quick_picks::{quick_picks, QuickPick, RECENT_PICKS};
use crate::domain::time_ago::time_ago;
use crate::ui::browser::clock::now_ms;
use crate::ui::split::{idle, split_point, when_loaded};
use crate::ui::state::history::use_history;
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::presets::use_presets;

split_point! {
    quick_picks_chunk: fn quick_picks_view(on_pick: Callback<String>) { view! { <QuickPickList on_pick=on_pick /> } }
    load load_quick_picks, preload preload_quick_picks
}

/// Pinned and recently launched templates, one click each; nothing while there are none. Its
/// code (with the presets' reader) comes once the first screen is up and a linked or restored
/// form is filled, so it never shares the wire with the form: the picks need the history,
/// which is read then too.
#[component]
pub fn QuickPicks(
    /// Called with the id of the chosen template.
    on_pick: Callback<String>,
) -> impl IntoView {
    let session = use_launch_session();
    when_loaded(
        move || async move {
            idle().await;
            session.settled().await;
            load_quick_picks(on_pick).await
        },
        None,
    )
}

/// The quick picks themselves.
#[component]
fn QuickPickList(on_pick: Callback<String>) -> impl IntoView {
    let history = use_history();
    let presets = use_presets();
    let picks = Memo::new(move |_| {
        presets
            .pins
            .with(|pins| history.history.with(|h| quick_picks(pins, h, RECENT_PICKS)))
    });
    move || {
        let picks = picks.get();
        (!picks.is_empty()).then(|| {
            let now = now_ms() as i64;
            view! {
                <section class="quick-picks" aria-labelledby="quick-picks-title" data-testid="quick-picks">
                    <h3 id="quick-picks-title">"Quick picks"</h3>
                    <ul class="quick-pick-list">
                        {picks.into_iter().map(|pick| quick_pick(pick, now, on_pick)).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

fn quick_pick(pick: QuickPick, now: i64, on_pick: Callback<String>) -> impl IntoView {
    let presets = use_presets();
    let QuickPick {
        template_id,
        title,
        last_launched_ms,
        pinned,
    } = pick;
    let when = match last_launched_ms {
        Some(at) => format!("launched {}", time_ago(now, at)),
        None => "not launched from this browser yet".into(),
    };
    let meta = if pinned {
        format!("Pinned · {when}")
    } else {
        when
    };
    let toggle_label = format!("{} {title}", if pinned { "Unpin" } else { "Pin" });
    let (id_for_pick, id_for_pin, title_for_pin) =
        (template_id.clone(), template_id, title.clone());
    view! {
        <li class="quick-pick">
            <button type="button" class="template-choice" on:click=move |_| on_pick.run(id_for_pick.clone())>
                <span class="title">{title}</span>
                <span class="meta">{meta}</span>
            </button>
            <button type="button" class="secondary pin-toggle" aria-pressed=pinned.to_string() aria-label=toggle_label
                on:click=move |_| presets.set_pinned(&id_for_pin, &title_for_pin, !pinned)>
                {if pinned { "Unpin" } else { "Pin" }}
            </button>
        </li>
    }
}
