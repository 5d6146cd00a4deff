//! Author HTML (template guidance) shown safely: parsed by the browser's inert `DOMParser`
//! (no scripts run, nothing loads), then rebuilt from allowed elements and text only.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::guidance::{allowed_tag, safe_href, DROPPED_WITH_CONTENT};

/// A node of sanitised guidance.
#[derive(Debug, PartialEq)]
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
    /// One parser for every guidance text.
    static PARSER: Option<web_sys::DomParser> = web_sys::DomParser::new().ok();
    /// Documents parsed so far.
    static DOCUMENTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many documents guidance has been parsed in so far (tests check that texts share one).
pub fn documents_parsed() -> usize {
    DOCUMENTS.with(std::cell::Cell::get)
}

/// A document parsed from `html` by the inert parser, `None` when the browser refuses.
fn parse_document(html: &str) -> Option<web_sys::Document> {
    DOCUMENTS.with(|n| n.set(n.get() + 1));
    PARSER.with(|parser| {
        parser.as_ref().and_then(|p| {
            p.parse_from_string(html, web_sys::SupportedType::TextHtml)
                .ok()
        })
    })
}

/// Text that holds no markup and no character reference: shown as it is, without parsing.
fn is_plain(html: &str) -> bool {
    !html.contains(['<', '&'])
}

/// One author's HTML: inside a template as [`parse_together`] reads it, or, when the text closes
/// that template itself, as the body of a document of its own.
fn parse_alone(html: &str) -> Vec<SafeNode> {
    if is_plain(html) {
        return vec![SafeNode::Text(html.to_string())];
    }
    if let Some(nodes) = parse_together(&[html]).and_then(|mut each| each.pop()) {
        return nodes;
    }
    let Some(document) = parse_document(html) else {
        return vec![SafeNode::Text(html.to_string())];
    };
    let mut out = Vec::new();
    if let Some(body) = document.body() {
        walk(&body, &mut out, 0);
    }
    out
}

/// Authors' HTML parsed in one document, each inside a `<template>` of its own (the parser
/// closes whatever a text left open at its `</template>`, and reads each as a body's content), or
/// `None` when the document is not exactly one template per text: then a text reached out of
/// its own (an unclosed comment or `<textarea>`, its own `</template>`).
fn parse_together(htmls: &[&str]) -> Option<Vec<Vec<SafeNode>>> {
    // The body starts at once: a template before it would go into the head.
    let mut joined = String::from("<body>");
    joined.reserve(htmls.iter().map(|h| h.len() + 21).sum::<usize>() + 21);
    for html in htmls {
        joined.push_str("<template>");
        // As a body of its own would: leading white space is not text.
        joined.push_str(html.trim_ascii_start());
        joined.push_str("</template>");
    }
    // A last, empty template: a text left open at the end eats it too.
    joined.push_str("<template></template>");
    let body = parse_document(&joined)?.body()?;
    let children = body.child_nodes();
    if children.length() as usize != htmls.len() + 1 {
        return None;
    }
    (0..htmls.len() as u32)
        .map(|i| {
            let template = children.item(i)?.dyn_into::<web_sys::Element>().ok()?;
            if template.tag_name() != "TEMPLATE" {
                return None;
            }
            // A template's children live in its content (read by name: no more browser glue).
            let content = js_sys::Reflect::get(&template, &"content".into())
                .ok()
                .filter(JsValue::is_object)?;
            let mut out = Vec::new();
            walk(content.unchecked_ref::<web_sys::Node>(), &mut out, 0);
            Some(out)
        })
        .collect()
}

/// Author HTML made safe: allowed elements and text only, ready for [`SafeHtml`].
#[derive(Debug, Default, PartialEq)]
pub struct SafeContent(Vec<SafeNode>);

impl SafeContent {
    /// One author's HTML made safe.
    pub fn from_html(html: &str) -> SafeContent {
        SafeContent(parse_alone(html))
    }

    /// Many authors' HTML made safe, as [`SafeContent::from_html`] makes each, but parsed in
    /// one document: a document per text costs more than its parsing (a 200-field form spent
    /// ~25 ms creating 200 documents). A text that names `template` is parsed alone, and all are
    /// when one reaches into the next.
    pub fn from_many(htmls: &[&str]) -> Vec<SafeContent> {
        let shares = |html: &str| {
            !is_plain(html)
                && !html
                    .as_bytes()
                    .windows(8)
                    .any(|w| w.eq_ignore_ascii_case(b"template"))
        };
        let texts: Vec<&str> = htmls.iter().copied().filter(|h| shares(h)).collect();
        let mut together = (texts.len() > 1)
            .then(|| parse_together(&texts))
            .flatten()
            .unwrap_or_default()
            .into_iter();
        htmls
            .iter()
            .map(|html| {
                let nodes = if shares(html) { together.next() } else { None };
                SafeContent(nodes.unwrap_or_else(|| parse_alone(html)))
            })
            .collect()
    }

    /// The elements and text kept, written out (`p(Hello em(you))`): what tests compare.
    pub fn outline(&self) -> String {
        fn write(nodes: &[SafeNode], out: &mut String) {
            for (i, node) in nodes.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                match node {
                    SafeNode::Text(text) => {
                        out.push('"');
                        out.push_str(text);
                        out.push('"');
                    }
                    SafeNode::Element {
                        tag,
                        href,
                        children,
                    } => {
                        out.push_str(tag);
                        if let Some(href) = href {
                            out.push_str("[\"");
                            out.push_str(href);
                            out.push_str("\"]");
                        }
                        out.push('(');
                        write(children, out);
                        out.push(')');
                    }
                }
            }
        }
        let mut out = String::new();
        write(&self.0, &mut out);
        out
    }
}

impl SafeContent {
    /// Appends the content to `parent` as elements and text the app creates (as [`SafeHtml`]
    /// renders it), for markup written outside the framework (the kick-off fields).
    pub fn append_to(self, parent: &web_sys::Node) {
        let document = document();
        for node in self.0 {
            append_node(&document, parent, node);
        }
    }
}

fn append_node(document: &web_sys::Document, parent: &web_sys::Node, node: SafeNode) {
    let made: Option<web_sys::Node> = match node {
        SafeNode::Text(text) => Some(document.create_text_node(&text).into()),
        SafeNode::Element {
            tag: "a",
            href: None,
            children,
        } => {
            // A link that may not be followed keeps only what is inside it.
            for child in children {
                append_node(document, parent, child);
            }
            None
        }
        SafeNode::Element {
            tag,
            href,
            children,
        } => document.create_element(tag).ok().map(|element| {
            match (tag, href) {
                ("a", Some(href)) => {
                    let _ = element.set_attribute("href", &href);
                    let _ = element.set_attribute("target", "_blank");
                    let _ = element.set_attribute("rel", "noopener noreferrer");
                }
                // Focusable: a long line scrolls inside it, and a keyboard must reach it.
                ("pre", _) => {
                    let _ = element.set_attribute("tabindex", "0");
                }
                _ => {}
            }
            for child in children {
                append_node(document, &element, child);
            }
            element.into()
        }),
    };
    if let Some(made) = made {
        let _ = parent.append_child(&made);
    }
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

/// Shows author-written HTML with only safe formatting kept.
#[component]
pub fn SafeHtml(
    /// The author's HTML, made safe.
    content: SafeContent,
) -> impl IntoView {
    content.0.into_iter().map(render).collect_view()
}
