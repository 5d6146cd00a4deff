//! Loading one template for a screen (Launch or Bulk): the latest request wins.

use leptos::prelude::*;

use crate::api::client::{fetch_template_answer, read_template};
use crate::domain::outcome::ApiError;
use crate::domain::template::Template;
use crate::ui::browser::dom::spawn_started;
use crate::ui::state::AppState;

/// Loading a template.
#[derive(Clone, Debug, PartialEq)]
pub enum TemplateStatus {
    /// Nothing loading.
    Idle,
    /// Loading this id.
    Loading(String),
    /// Loading this id failed.
    Failed { id: String, error: ApiError },
}

/// Fetches template `id` for a screen whose loading state is `status`: hands the template to
/// `show`, or records why it failed. A request made meanwhile for another template wins: an
/// answer for an id no longer loading is dropped.
pub fn load_latest_template(
    app: &AppState,
    status: RwSignal<TemplateStatus>,
    id: String,
    show: impl FnOnce(Template) + 'static,
) {
    let read_id = id.clone();
    load_latest_template_answer(app, status, id, move |body| match read_template(&body) {
        Ok(template) => show(template),
        Err(error) => status.set(TemplateStatus::Failed { id: read_id, error }),
    });
}

/// Like [`load_latest_template`], but hands `show` the API's answer unread (the Launch form reads
/// it in its own chunk, and marks `status` failed if it is not a template). The status is idle
/// before `show` runs, so `show` may mark it failed.
pub fn load_latest_template_answer(
    app: &AppState,
    status: RwSignal<TemplateStatus>,
    id: String,
    show: impl FnOnce(serde_json::Value) + 'static,
) {
    let connection = match app.connection() {
        Ok(c) => c,
        Err(error) => {
            status.set(TemplateStatus::Failed { id, error });
            return;
        }
    };
    status.set(TemplateStatus::Loading(id.clone()));
    // Started at once: a linked template's request goes out before the app's first render.
    spawn_started(async move {
        let loaded = fetch_template_answer(&connection, &id).await;
        if status.get_untracked() != TemplateStatus::Loading(id.clone()) {
            return;
        }
        match loaded {
            Ok(body) => {
                status.set(TemplateStatus::Idle);
                show(body);
            }
            Err(error) => status.set(TemplateStatus::Failed { id, error }),
        }
    });
}
