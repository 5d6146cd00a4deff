//! The template picker, on Launch, Bulk and Track: quick picks, search by title (debounced,
//! paged), or paste an id. It calls the API and reads the stores, so it lives among the screens.

mod quick_picks;

use std::time::Duration;

use leptos::prelude::*;

use crate::api::client::call;
use crate::api::response::{data_list, Pagination};
use crate::domain::outcome::{ApiError, ErrorKind};
use crate::domain::template::field_count;
use crate::ui::components::error_details::ErrorDetails;
use crate::ui::state::template_loader::TemplateStatus;
use crate::ui::state::use_app;
use quick_picks::QuickPicks;

/// Templates listed per page in the picker.
const PAGE_SIZE: u32 = 20;

/// Whether text is a template id (32 hexadecimal characters).
pub fn looks_like_template_id(text: &str) -> bool {
    let text = text.trim();
    text.len() == 32 && text.chars().all(|c| c.is_ascii_hexdigit())
}

/// Search templates by title, or paste an id; `on_pick` receives the chosen id.
#[component]
pub fn TemplatePicker(
    /// Called with the id of the chosen template.
    on_pick: Callback<String>,
    /// Loading state of the chosen template (spinner, error and Retry).
    status: Signal<TemplateStatus>,
) -> impl IntoView {
    let app = use_app();
    let search_text = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);
    let id_text = RwSignal::new(String::new());
    let id_problem = RwSignal::new(None::<String>);
    let debounce = StoredValue::new(None::<TimeoutHandle>);

    // Each answer carries the search and page it answers, so the list can say when it is
    // behind what was typed (aria-busy) instead of changing under the pointer unannounced.
    let results = LocalResource::new(move || {
        let q = query.get();
        let page = page.get();
        let connection = app.connection_tracked();
        async move {
            let answer = async {
                let connection = connection?;
                let body = call(&connection.templates(&q, page, PAGE_SIZE)?).await?;
                let items = data_list(&body);
                let paging = Pagination::of(&body, items.len());
                Ok::<_, ApiError>((items, paging))
            }
            .await;
            ((q, page), answer)
        }
    });
    let busy = move || match results.get() {
        None => true,
        Some(((q, p), _)) => q != search_text.get().trim() || p != page.get(),
    };

    let on_search = move |ev| {
        let text = event_target_value(&ev);
        search_text.set(text.clone());
        if let Some(handle) = debounce.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                page.set(1);
                query.set(text.trim().to_string());
            },
            Duration::from_millis(300),
        )
        .ok();
        debounce.set_value(handle);
    };

    let load_by_id = move || {
        let text = id_text.get_untracked().trim().to_string();
        if text.is_empty() {
            id_problem.set(Some("Paste a template ID (32 letters and digits, from the template's address in Tallyfy).".into()));
        } else if looks_like_template_id(&text) {
            id_problem.set(None);
            on_pick.run(text.to_ascii_lowercase());
        } else {
            id_problem.set(Some(format!(
                "\"{text}\" is not a template ID: IDs are 32 characters, digits and the letters a to f (see the template's address in Tallyfy). If it is the template's name, search for it instead."
            )));
        }
    };

    view! {
        <div class="card picker">
            <h2>"Template"</h2>
            <QuickPicks on_pick=on_pick />
            <div class="picker-grid">
                <div class="field">
                    <label for="template-search">"Search templates"</label>
                    <input id="template-search" type="search" autocomplete="off" placeholder="Type part of a title"
                        prop:value=move || search_text.get() on:input=on_search />
                </div>
                <form class="field" novalidate on:submit=move |ev| { ev.prevent_default(); load_by_id(); }>
                    <label for="template-id">"Template ID"</label>
                    <div class="input-row">
                        <input id="template-id" type="text" autocomplete="off" spellcheck="false"
                            aria-invalid=move || id_problem.with(Option::is_some).to_string()
                            aria-describedby="template-id-error"
                            prop:value=move || id_text.get() on:input=move |ev| id_text.set(event_target_value(&ev)) />
                        <button type="submit" class="secondary">"Load template"</button>
                    </div>
                    <IdProblem problem=id_problem pasted=id_text on_search=Callback::new(move |pasted: String| {
                        search_text.set(pasted.clone());
                        page.set(1);
                        query.set(pasted);
                        id_problem.set(None);
                    }) />
                </form>
            </div>
            <div class="results" role="region" aria-label="Matching templates" aria-busy=move || busy().to_string()>
                {move || match results.get().map(|(_, answer)| answer) {
                    None => view! { <p class="pending"><span class="spinner" aria-hidden="true"></span>"Loading templates…"</p> }.into_any(),
                    Some(Err(ApiError::NotConfigured(message))) => view! {
                        <p class="help">{message} " " <a href="#/settings">"Open Settings"</a></p>
                    }.into_any(),
                    Some(Err(error)) => view! {
                        <ErrorDetails error=error />
                        <button type="button" class="secondary" on:click=move |_| results.refetch()>"Retry"</button>
                    }.into_any(),
                    Some(Ok((items, paging))) => template_list(on_pick, items, paging, page).into_any(),
                }}
            </div>
            <TemplateLoadStatus status=status on_retry=on_pick />
        </div>
    }
}

/// Why the typed template id was not loaded; for what looks like a title, "Search for" it.
#[component]
fn IdProblem(
    problem: RwSignal<Option<String>>,
    pasted: RwSignal<String>,
    on_search: Callback<String>,
) -> impl IntoView {
    view! {
        <div id="template-id-error" role="alert">
            {move || problem.get().map(|problem| {
                let pasted = pasted.get_untracked().trim().to_string();
                let offer = !looks_like_template_id(&pasted) && !pasted.is_empty();
                view! {
                    <p class="error">{problem}</p>
                    <Show when=move || offer>
                        <button type="button" class="link" on:click={
                            let pasted = pasted.clone();
                            move |_| on_search.run(pasted.clone())
                        }>{format!("Search for \"{pasted}\"")}</button>
                    </Show>
                }
            })}
        </div>
    }
}

fn template_list(
    on_pick: Callback<String>,
    items: Vec<serde_json::Value>,
    paging: Pagination,
    page: RwSignal<u32>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="help">"No templates match. Try another part of the title."</p> }
            .into_any();
    }
    let buttons = items
        .into_iter()
        .filter_map(|item| {
            let id = item.get("id").and_then(|v| v.as_str())?.to_string();
            let title = item
                .get("title")
                .or_else(|| item.get("name"))
                .and_then(|v| v.as_str())
                .unwrap_or("(untitled)")
                .to_string();
            let count = match field_count(&item) {
                Some(1) => "1 kick-off field".to_string(),
                Some(n) => format!("{n} kick-off fields"),
                None => String::new(),
            };
            Some(view! {
                <li>
                    <button type="button" class="template-choice" on:click=move |_| on_pick.run(id.clone())>
                        <span class="title">{title}</span>
                        <span class="meta">{count}</span>
                    </button>
                </li>
            })
        })
        .collect_view();
    view! {
        <ul class="template-list">{buttons}</ul>
        <div class="pager">
            <button type="button" class="secondary small" disabled=move || paging.current_page <= 1
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>"Previous page"</button>
            <span>{format!("Page {} of {} ({} templates)", paging.current_page, paging.total_pages, paging.total)}</span>
            <button type="button" class="secondary small" disabled=move || !paging.has_next()
                on:click=move |_| page.update(|p| *p += 1)>"Next page"</button>
        </div>
    }
    .into_any()
}

/// Spinner or error (with Retry) while a template loads.
#[component]
fn TemplateLoadStatus(status: Signal<TemplateStatus>, on_retry: Callback<String>) -> impl IntoView {
    move || {
        match status.get() {
        TemplateStatus::Idle => ().into_any(),
        TemplateStatus::Loading(_) => view! {
            <p class="pending" role="status"><span class="spinner" aria-hidden="true"></span>"Loading the template…"</p>
        }
        .into_any(),
        TemplateStatus::Failed { id, error } => {
            let not_found = error.kind() == ErrorKind::NotFound;
            let request_id = error.request_id().map(str::to_string);
            view! {
                <div role="alert">
                    {if not_found {
                        view! {
                            <div class="error-box">
                                <p>"Template not found, or your token cannot see it: check the template ID (not its name) and the organization."</p>
                                {request_id.map(|id| view! { <p class="meta">"Request ID (X-Request-Id): " <code>{id}</code></p> })}
                            </div>
                        }.into_any()
                    } else {
                        view! { <ErrorDetails error=error /> }.into_any()
                    }}
                    <button type="button" class="secondary" on:click=move |_| on_retry.run(id.clone())>"Retry"</button>
                </div>
            }
            .into_any()
        }
    }
    }
}
