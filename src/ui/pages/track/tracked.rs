//! Which templates the board reads: those chosen here (any template, kept with the presets and
//! carried by Export presets) besides those this browser launched from; and whether archived
//! processes are read too.

use leptos::prelude::*;

use crate::ui::pages::picker::TemplatePicker;
use crate::ui::state::track::use_track_view;

/// The chosen templates, each with Remove, and the picker to add one.
#[component]
pub fn TrackedTemplates() -> impl IntoView {
    let view = use_track_view();
    let adding = RwSignal::new(false);
    view! {
        <details class="card tracked" data-testid="tracked-templates">
            <summary>{move || format!("Tracked templates ({} chosen)", view.tracked().len())}</summary>
            <p class="help">"The board reads the templates you launched from in this browser and those chosen here: track a template Workato or a teammate launches to watch its processes. The choice is kept with the presets (Export presets carries it)."</p>
            <ul class="tracked-list">
                <For
                    each=move || view.tracked()
                    key=|pin| pin.template_id.clone()
                    children=move |pin| {
                        let (id, title) = (pin.template_id.clone(), pin.title.clone());
                        let shown = if title.is_empty() { id.clone() } else { title.clone() };
                        view! {
                            <li>
                                <span>{shown.clone()}</span>
                                <button type="button" class="secondary" aria-label=format!("Stop tracking {shown}")
                                    on:click=move |_| view.untrack_template(&id, &title)>"Remove"</button>
                            </li>
                        }
                    }
                />
            </ul>
            <label class="check">
                <input type="checkbox" prop:checked=move || view.archived()
                    on:change=move |ev| view.set_archived(event_target_checked(&ev)) />
                "Include archived processes (read separately: Tallyfy lists them only when asked)"
            </label>
            <Show
                when=move || adding.get()
                fallback=move || view! { <button type="button" class="secondary" on:click=move |_| adding.set(true)>"Track another template"</button> }
            >
                <TemplatePicker
                    on_pick=Callback::new(move |id: String| view.track_template(id))
                    status=Signal::derive(move || view.adding.get())
                />
            </Show>
        </details>
    }
}
