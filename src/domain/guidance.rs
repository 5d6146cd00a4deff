//! The rules for showing author-written guidance HTML safely: which elements are kept (as
//! fresh elements the app creates, never as markup), which are dropped with their content, and
//! which links may be followed. Everything else keeps only its text.

/// Elements dropped together with everything inside them.
pub const DROPPED_WITH_CONTENT: [&str; 12] = [
    "script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "frame",
    "frameset", "head",
];

/// The element the app renders for an author's element, or `None` to keep only its text.
pub fn allowed_tag(tag: &str) -> Option<&'static str> {
    Some(match tag.to_ascii_lowercase().as_str() {
        "p" | "div" => "p",
        "br" => "br",
        "strong" | "b" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "strong",
        "em" | "i" => "em",
        "u" => "u",
        "ul" => "ul",
        "ol" => "ol",
        "li" => "li",
        "a" => "a",
        "code" => "code",
        "pre" => "pre",
        "blockquote" => "blockquote",
        _ => return None,
    })
}

/// A link target that is safe to follow: http(s) and mailto only.
pub fn safe_href(href: &str) -> Option<String> {
    let trimmed = href.trim();
    let lower = trimmed.to_ascii_lowercase();
    let ok = lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:");
    (ok && !trimmed.chars().any(char::is_control)).then(|| trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_formatting_survives() {
        assert_eq!(allowed_tag("STRONG"), Some("strong"));
        assert_eq!(allowed_tag("h2"), Some("strong"));
        assert_eq!(allowed_tag("img"), None);
        assert_eq!(allowed_tag("script"), None);
        assert!(DROPPED_WITH_CONTENT.contains(&"script"));
    }

    #[test]
    fn only_web_and_mail_links_are_followed() {
        assert_eq!(
            safe_href(" https://example.com/a "),
            Some("https://example.com/a".into())
        );
        assert_eq!(
            safe_href("mailto:a@b.example"),
            Some("mailto:a@b.example".into())
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<script>"), None);
        assert_eq!(safe_href("/relative"), None);
    }
}
