//! Problems, listed under the sentence that says what they stop.

use leptos::prelude::*;

/// One line per problem, under an introducing sentence when there is one.
#[component]
pub fn ProblemList(
    /// The sentence before the list.
    #[prop(optional, into)]
    intro: Option<String>,
    /// One line per problem.
    items: Vec<String>,
    /// The list's test id.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        {intro.map(|intro| view! { <p>{intro}</p> })}
        <ul data-testid=testid>{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
    }
}
