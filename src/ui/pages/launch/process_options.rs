//! Process options under the form: starred, and the organization's tags and process folders
//! (read when the section is opened, once per connection).

use leptos::prelude::*;

use crate::api::client::call_every_page;
use crate::domain::directory::Labelled;
use crate::domain::launch::ProcessOptions;
use crate::domain::outcome::ApiError;
use crate::ui::components::disclosure::Disclosure;
use crate::ui::state::use_app;

/// The organization's tags and process folders.
type Lists = Result<(Vec<Labelled>, Vec<Labelled>), ApiError>;

/// Which list of ids a checkbox changes.
#[derive(Clone, Copy)]
enum Kind {
    Tags,
    Folders,
}

impl Kind {
    fn ids(self, options: &ProcessOptions) -> &Vec<String> {
        match self {
            Kind::Tags => &options.tags,
            Kind::Folders => &options.folders,
        }
    }

    fn ids_mut(self, options: &mut ProcessOptions) -> &mut Vec<String> {
        match self {
            Kind::Tags => &mut options.tags,
            Kind::Folders => &mut options.folders,
        }
    }
}

/// Starred, tags and folders for this launch.
#[component]
pub(super) fn ProcessOptionsSection(options: RwSignal<ProcessOptions>) -> impl IntoView {
    let app = use_app();
    let opened = RwSignal::new(!options.with_untracked(ProcessOptions::is_empty));
    let lists = LocalResource::new(move || {
        let wanted = opened
            .get()
            .then(|| app.connection_tracked().ok())
            .flatten();
        async move {
            let connection = wanted?;
            let read = async {
                let tags = call_every_page(|page| connection.tags(page)).await?;
                let folders = call_every_page(|page| connection.folders(page)).await?;
                Ok((
                    tags.iter().filter_map(Labelled::from_json).collect(),
                    folders.iter().filter_map(Labelled::from_json).collect(),
                ))
            };
            Some::<Lists>(read.await)
        }
    });
    let toggle = move |kind: Kind, id: String, on: bool| {
        options.update(|o| {
            let ids = kind.ids_mut(o);
            ids.retain(|i| *i != id);
            if on {
                ids.push(id);
            }
        });
    };
    let choices = move |items: Vec<Labelled>, legend: &'static str, kind: Kind| {
        if items.is_empty() {
            return view! { <p class="help">{format!("The organization has no {}.", legend.to_lowercase())}</p> }.into_any();
        }
        view! {
            <fieldset>
                <legend>{legend}</legend>
                <div class="choices">
                    {items.into_iter().map(|item| {
                        let id = item.id.clone();
                        let checked_id = item.id.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox"
                                    prop:checked=move || options.with(|o| kind.ids(o).contains(&checked_id))
                                    on:change=move |ev| toggle(kind, id.clone(), event_target_checked(&ev)) />
                                {item.name}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }
        .into_any()
    };
    view! {
        <Disclosure class="process-options" summary="Process options: starred, tags, folders" open=opened>
            <label class="check">
                <input type="checkbox" prop:checked=move || options.with(|o| o.starred)
                    on:change=move |ev| options.update(|o| o.starred = event_target_checked(&ev)) />
                "Star the process"
            </label>
            {move || match lists.get().flatten() {
                None if opened.get() => view! { <p class="help" role="status">"Reading the organization's tags and folders…"</p> }.into_any(),
                None => ().into_any(),
                Some(Err(error)) => view! { <p class="warning">{format!("Tags and folders could not be read, so none can be chosen here: {error}")}</p> }.into_any(),
                Some(Ok((tags, folders))) => view! {
                    {choices(tags, "Tags", Kind::Tags)}
                    {choices(folders, "Folders", Kind::Folders)}
                }.into_any(),
            }}
        </Disclosure>
    }
}
