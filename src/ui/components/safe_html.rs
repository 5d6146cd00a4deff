//! Author HTML (template guidance) shown safely: parsed by the browser's inert `DOMParser`
//! (no scripts run, nothing loads), then rebuilt from allowed elements and text only.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::guidance::{allowed_tag, safe_href, DROPPED_WITH_CONTENT};

/// A node of sanitised guidance.
#[derive(Clone, Debug, PartialEq)]
enum SafeNode {
    Text(String),
    Element {
        tag: &'static str,
        href: Option<String>,
        children: Vec<SafeNode>,
    },
}

const MAX_DEPTH: usize = 24;

fn walk(node: &web_sys::Node, out: &mut Vec<SafeNode>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let children = node.child_nodes();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        match child.node_type() {
            web_sys::Node::TEXT_NODE => {
                if let Some(text) = child.text_content() {
                    out.push(SafeNode::Text(text));
                }
            }
            web_sys::Node::ELEMENT_NODE => {
                let Ok(element) = child.dyn_into::<web_sys::Element>() else {
                    continue;
                };
                let tag = element.tag_name().to_ascii_lowercase();
                if DROPPED_WITH_CONTENT.contains(&tag.as_str()) {
                    continue;
                }
                let mut inner = Vec::new();
                walk(&element, &mut inner, depth + 1);
                match allowed_tag(&tag) {
                    Some(safe) => out.push(SafeNode::Element {
                        tag: safe,
                        href: (safe == "a")
                            .then(|| element.get_attribute("href").and_then(|h| safe_href(&h)))
                            .flatten(),
                        children: inner,
                    }),
                    None => out.extend(inner),
                }
            }
            _ => {}
        }
    }
}

thread_local! {
    /// One parser for every guidance text (creating one per field costs measurable time).
    static PARSER: Option<web_sys::DomParser> = web_sys::DomParser::new().ok();
}

fn parse(html: &str) -> Vec<SafeNode> {
    // Plain text needs no parsing.
    if !html.contains(['<', '&']) {
        return vec![SafeNode::Text(html.to_string())];
    }
    let parsed = PARSER.with(|parser| {
        parser.as_ref().and_then(|p| {
            p.parse_from_string(html, web_sys::SupportedType::TextHtml)
                .ok()
        })
    });
    let Some(document) = parsed else {
        return vec![SafeNode::Text(html.to_string())];
    };
    let mut out = Vec::new();
    if let Some(body) = document.body() {
        walk(&body, &mut out, 0);
    }
    out
}

fn render(node: SafeNode) -> AnyView {
    match node {
        SafeNode::Text(text) => text.into_any(),
        SafeNode::Element {
            tag,
            href,
            children,
        } => {
            let inner = children.into_iter().map(render).collect_view();
            match tag {
                "p" => view! { <p>{inner}</p> }.into_any(),
                "br" => view! { <br /> }.into_any(),
                "strong" => view! { <strong>{inner}</strong> }.into_any(),
                "em" => view! { <em>{inner}</em> }.into_any(),
                "u" => view! { <u>{inner}</u> }.into_any(),
                "ul" => view! { <ul>{inner}</ul> }.into_any(),
                "ol" => view! { <ol>{inner}</ol> }.into_any(),
                "li" => view! { <li>{inner}</li> }.into_any(),
                "code" => view! { <code>{inner}</code> }.into_any(),
                // Focusable: a long line scrolls inside it, and a keyboard must reach it.
                "pre" => view! { <pre tabindex="0">{inner}</pre> }.into_any(),
                "blockquote" => view! { <blockquote>{inner}</blockquote> }.into_any(),
                "a" => match href {
                    Some(href) => view! {
                        <a href=href target="_blank" rel="noopener noreferrer">{inner}</a>
                    }
                    .into_any(),
                    None => inner.into_any(),
                },
                _ => inner.into_any(),
            }
        }
    }
}

/// Renders author-written HTML with only safe formatting kept.
#[component]
pub fn SafeHtml(
    /// The author's HTML.
    html: String,
) -> impl IntoView {
    parse(&html).into_iter().map(render).collect_view()
}
