//! Addresses: checking an API base, the page's policy on which hosts it may call, and the
//! web app's links (derived from the API base unless overridden, and checked before use).

use crate::domain::syntax::url::query;
pub(super) use crate::domain::syntax::url::segment;

/// Checks an API base URL and returns it without a trailing slash. `https://` is required,
/// except for loopback addresses (a local proxy or the sandbox), because the token travels
/// in a header. The host must be a plain name or IPv4 address: no user name or password (the
/// prompt would show a misleading host), no IPv6 literal (a Content-Security-Policy cannot
/// list one, so the browser would block it).
///
/// A path alone (`/tallyfy-api`) names the API on this page's own origin, behind the same web
/// server (a team's same-origin proxy): no CORS applies, and the page's `'self'` allows it.
pub fn validate_base(base: &str) -> Result<String, String> {
    let base = base.trim().trim_end_matches('/');
    if base.is_empty() {
        return Err("Enter the API base URL, for example https://go.tallyfy.com/api.".into());
    }
    if let Some(path) = base.strip_prefix('/') {
        return validate_own_path(base, path);
    }
    let Some((scheme, rest)) = base.split_once("://") else {
        return Err(format!(
            "\"{base}\" is not a web address: it must start with https:// (for example https://go.tallyfy.com/api)."
        ));
    };
    let secure = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => false,
        _ => {
            return Err(format!(
                "\"{base}\" is not a web address: it must start with https:// (for example https://go.tallyfy.com/api)."
            ))
        }
    };
    if base.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "\"{base}\" has spaces or invisible characters in it; it should look like https://go.tallyfy.com/api."
        ));
    }
    if base.contains(['?', '#']) {
        return Err("The API base URL cannot contain \"?\" or \"#\"; give just the address, like https://go.tallyfy.com/api.".into());
    }
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    if authority.contains('@') {
        return Err(format!(
            "\"{base}\" has a user name or password before \"@\": the host it names is the part after the \"@\", and the browser refuses such addresses. Give just https://host/path."
        ));
    }
    let host = authority_host(authority).map_err(|why| format!("\"{base}\" {why}"))?;
    if path.split('/').any(|part| part == "." || part == "..") || path.contains('\\') {
        return Err(format!(
            "\"{base}\" has \".\", \"..\" or \"\\\" in its path; give the path as plain folders, like /api."
        ));
    }
    if !secure && !is_loopback_host(&host) {
        return Err(format!(
            "\"{base}\" uses http://, which would send your token unencrypted. Use https:// (http:// is allowed only for 127.0.0.1 or localhost, such as a local proxy or the sandbox)."
        ));
    }
    Ok(base.to_string())
}

/// A same-origin base (`/path`): plain folders, nothing that would change the origin or the
/// request (`//host`, `?`, `#`, `.`, `..`, `\`, spaces).
fn validate_own_path(base: &str, path: &str) -> Result<String, String> {
    let plain = !path.starts_with('/')
        && !base.contains(['?', '#', '\\'])
        && !base.chars().any(|c| c.is_whitespace() || c.is_control())
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if plain {
        Ok(base.to_string())
    } else {
        Err(format!(
            "\"{base}\" is not a path on this site: give plain folders after one \"/\", like /tallyfy-api (or a full address, like https://go.tallyfy.com/api)."
        ))
    }
}

/// Whether a base [`validate_base`] accepted is a path on the page's own origin.
pub fn is_own_path(base: &str) -> bool {
    base.trim().starts_with('/')
}

/// The lower-case host of `host[:port]`, or what is wrong with it.
fn authority_host(authority: &str) -> Result<String, String> {
    if authority.starts_with('[') {
        return Err("names an IPv6 address, which the launcher cannot call: use 127.0.0.1 for this machine, or a host name.".into());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let host = host.to_ascii_lowercase();
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && !host.ends_with('-')
        && !host.contains("..")
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if !host_ok {
        return Err("has no valid host name; it should look like https://go.tallyfy.com/api (write international names in their xn-- form).".into());
    }
    if let Some(port) = port {
        let port_ok = !port.is_empty()
            && port.len() <= 5
            && port.chars().all(|c| c.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p));
        if !port_ok {
            return Err(format!(
                "has a port \"{port}\" that is not a number from 1 to 65535."
            ));
        }
    }
    Ok(host)
}

fn is_loopback_host(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost")
}

/// The origin (`scheme://host[:port]`, lower case) of a base that [`validate_base`] accepts;
/// empty for a path on the page's own origin.
pub fn origin_of(base: &str) -> String {
    let base = base.trim();
    if is_own_path(base) {
        return String::new();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let authority = rest.split('/').next().unwrap_or_default();
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    )
}

/// The web app's address for a run of an organization, for an API base (see [`web_app_host`]).
pub fn web_app_run_link(api_base: &str, web_app_url: &str, org: &str, run_id: &str) -> String {
    format!(
        "{}/{}/processes/{}",
        web_app_host(api_base, web_app_url),
        segment(org),
        segment(run_id)
    )
}

/// Tallyfy's own pre-filled launch form for a template (`ko_fields` keyed by alias, JSON;
/// `default_run_name` when a name is given): it needs no token, the user launches in Tallyfy.
/// With `at_once`, `launchprocess=true`: Tallyfy launches as soon as it opens when every
/// required field is filled (else it shows the form).
pub fn tallyfy_launch_link(
    api_base: &str,
    web_app_url: &str,
    org: &str,
    template_id: &str,
    name: &str,
    ko_fields: &str,
    at_once: bool,
) -> String {
    let mut pairs = Vec::with_capacity(3);
    if !name.trim().is_empty() {
        pairs.push(("default_run_name", name));
    }
    pairs.push(("ko_fields", ko_fields));
    if at_once {
        pairs.push(("launchprocess", "true"));
    }
    format!(
        "{}/{}/process/{}/create?{}",
        web_app_host(api_base, web_app_url),
        segment(org),
        segment(template_id),
        query(pairs)
    )
}

/// A template's public kick-off form, pre-filled the same way (anyone with the link may launch).
pub fn public_kickoff_link(
    api_base: &str,
    web_app_url: &str,
    org: &str,
    template_alias: &str,
    ko_fields: &str,
) -> String {
    format!(
        "{}/{}/public/kickoff/{}?{}",
        web_app_host(api_base, web_app_url),
        segment(org),
        segment(template_alias),
        query([("ko_fields", ko_fields)])
    )
}

/// Tallyfy's web app, for an API base that does not name it (a same-origin proxy).
pub const DEFAULT_WEB_APP: &str = "https://go.tallyfy.com";

/// The web app for an API base: `https://go.tallyfy.com/api` → `https://go.tallyfy.com`,
/// `https://api.tallyfy.com` → `https://go.tallyfy.com`, a path on this site → Tallyfy's; an
/// override wins.
pub fn web_app_host(api_base: &str, web_app_url: &str) -> String {
    let explicit = web_app_url.trim().trim_end_matches('/');
    if !explicit.is_empty() {
        return explicit.to_string();
    }
    if is_own_path(api_base) {
        return DEFAULT_WEB_APP.to_string();
    }
    let base = api_base.trim().trim_end_matches('/');
    let base = base.strip_suffix("/api").unwrap_or(base);
    match base.split_once("://") {
        Some((scheme, rest)) => match rest.strip_prefix("api.") {
            Some(domain) => format!("{scheme}://go.{domain}"),
            None => base.to_string(),
        },
        None => base.to_string(),
    }
}

/// Whether a Content-Security-Policy `connect-src` list lets a page at `page_origin` call the
/// API at `base` (an address [`validate_base`] accepted). Understands what the launcher's own
/// policy uses: `'self'`, schemes (`https:`), and hosts with an optional `*.` prefix and a port
/// or `:*`. The browser enforces the policy either way; this lets the app say so first.
pub fn policy_allows(connect_src: &str, page_origin: &str, base: &str) -> bool {
    if is_own_path(base) {
        return connect_src
            .split_whitespace()
            .any(|s| s.eq_ignore_ascii_case("'self'") || s == "*");
    }
    let target = origin_of(base);
    let Some((scheme, authority)) = target.split_once("://") else {
        return false;
    };
    let (host, port) = split_port(authority, scheme);
    connect_src.split_whitespace().any(|source| {
        let source = source.to_ascii_lowercase();
        if source == "'self'" {
            return page_origin.eq_ignore_ascii_case(&target);
        }
        if source == "*" {
            return true;
        }
        if let Some(only_scheme) = source.strip_suffix(':') {
            return !only_scheme.contains('/') && scheme_matches(only_scheme, scheme);
        }
        let (source_scheme, rest) = match source.split_once("://") {
            Some((s, rest)) => (s, rest),
            None => (scheme, source.as_str()),
        };
        if !scheme_matches(source_scheme, scheme) {
            return false;
        }
        let source_authority = rest.split('/').next().unwrap_or_default();
        let (source_host, source_port) = split_port(source_authority, source_scheme);
        let host_ok = match source_host.strip_prefix("*.") {
            Some(parent) => host.ends_with(&format!(".{parent}")),
            None => source_host == host,
        };
        host_ok && (source_port == "*" || source_port == port)
    })
}

/// A source's scheme allows the target's: the same, or `http` allowing its secure upgrade.
fn scheme_matches(source: &str, target: &str) -> bool {
    source == target || (source == "http" && target == "https")
}

/// `host[:port]` → (host, port), the port defaulting to the scheme's.
fn split_port<'a>(authority: &'a str, scheme: &str) -> (&'a str, &'a str) {
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, port),
        None => (authority, if scheme == "http" { "80" } else { "443" }),
    }
}

/// A run link from stored or imported data, if it is safe to open: `https:` (Tallyfy's web app
/// is), or on the web app the settings point at (the sandbox's is loopback http). Anything else
/// (another scheme, control characters, spaces) is shown as text, never as a link.
pub fn trusted_run_link(link: &str, api_base: &str, web_app_url: &str) -> Option<String> {
    let link = link.trim();
    if link.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let https = link
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
    let web_app = format!("{}/", web_app_host(api_base, web_app_url));
    (https || link.starts_with(&web_app)).then(|| link.to_string())
}
