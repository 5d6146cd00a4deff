//! An API error as the user sees it: what happened, what to do, and the request id.

use leptos::prelude::*;

use crate::domain::outcome::ApiError;

/// Shows an error's explanation and, when the server sent one, its `X-Request-Id`.
#[component]
pub fn ErrorDetails(
    /// The error to explain.
    error: ApiError,
    /// Say only what happened: the caller shows the messages where they belong.
    #[prop(optional)]
    headline_only: bool,
) -> impl IntoView {
    let request_id = error.request_id().map(str::to_string);
    let text = if headline_only {
        error.headline()
    } else {
        error.to_string()
    };
    view! {
        <div class="error-box" data-testid="error-details">
            <p>{text}</p>
            {request_id.map(|id| view! { <p class="meta">"Request ID (X-Request-Id): " <code>{id}</code></p> })}
        </div>
    }
}
