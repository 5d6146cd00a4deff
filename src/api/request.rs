//! Building requests: the connection (base URL, organization, token) and one constructor per
//! endpoint, plus the exact headers and a copy-pasteable curl command.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::domain::launch::LaunchBody;
use crate::domain::outcome::ApiError;

/// An API token. It never prints, never serialises, and leaves this type only as the value of
/// an `Authorization` header (or, on explicit request, in a copied curl command).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

/// Characters a paste brings along that are never part of a token: whitespace anywhere (a
/// wrapped token has line breaks inside it) and invisible format characters.
fn is_paste_noise(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
}

impl Secret {
    /// Wraps a token, removing the whitespace and invisible characters a paste tends to bring
    /// along (anywhere in it, not only at its ends).
    pub fn new(token: &str) -> Secret {
        Secret(token.chars().filter(|c| !is_paste_noise(*c)).collect())
    }

    /// Whether `typed` had characters [`Secret::new`] removed from inside it (worth telling the
    /// user: the token they see is not the token that is sent).
    pub fn had_noise_inside(typed: &str) -> bool {
        typed.trim().chars().any(is_paste_noise)
    }

    /// Why the token cannot be sent in an HTTP header, if it cannot: a header value holds only
    /// visible ASCII.
    pub fn problem(&self) -> Option<String> {
        self.0
            .chars()
            .position(|c| !c.is_ascii_graphic())
            .map(|at| format!(
                "The API token has a character that cannot be sent (at position {}): tokens are plain letters, digits and punctuation. Copy it again from Tallyfy (Settings > Integrations > REST API) and paste it in Settings.",
                at + 1
            ))
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The token itself: for the token input box and for storage, nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(••••)")
    }
}

/// What stands in for the token wherever it is shown masked.
pub const MASK: &str = "••••••••";
/// What stands in for the token in an export for Workato.
pub const TOKEN_PLACEHOLDER: &str = "{{your Tallyfy API token}}";
/// The variable a masked curl command reads the token from.
pub const TOKEN_VARIABLE: &str = "$TALLYFY_TOKEN";

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
}

impl Method {
    /// "GET" or "POST".
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Where requests go and with which token.
#[derive(Clone, Debug, PartialEq)]
pub struct Connection {
    base: String,
    org: String,
    token: Secret,
}

/// Characters left as they are in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A path segment, percent-encoded. `.` and `..` are encoded too: the URL parser would
/// otherwise read them as "this folder" and "the folder above" and send the request elsewhere.
fn segment(text: &str) -> String {
    match text.trim() {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        text => utf8_percent_encode(text, SEGMENT).to_string(),
    }
}

/// Checks an API base URL and returns it without a trailing slash. `https://` is required,
/// except for loopback addresses (a local proxy or the sandbox), because the token travels
/// in a header. The host must be a plain name or IPv4 address: no user name or password (the
/// prompt would show a misleading host), no IPv6 literal (a Content-Security-Policy cannot
/// list one, so the browser would block it).
pub fn validate_base(base: &str) -> Result<String, String> {
    let base = base.trim().trim_end_matches('/');
    if base.is_empty() {
        return Err("Enter the API base URL, for example https://go.tallyfy.com/api.".into());
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

/// The origin (`scheme://host[:port]`, lower case) of a base that [`validate_base`] accepts.
pub fn origin_of(base: &str) -> String {
    let base = base.trim();
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let authority = rest.split('/').next().unwrap_or_default();
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    )
}

impl Connection {
    /// A connection, or what is missing or wrong in the settings.
    pub fn new(base: &str, org: &str, token: &Secret) -> Result<Connection, ApiError> {
        let base = validate_base(base).map_err(ApiError::NotConfigured)?;
        if token.is_empty() {
            return Err(ApiError::NotConfigured(
                "No API token: paste yours in Settings (Tallyfy > Settings > Integrations > REST API).".into(),
            ));
        }
        if let Some(problem) = token.problem() {
            return Err(ApiError::NotConfigured(problem));
        }
        Ok(Connection {
            base,
            org: org.trim().to_string(),
            token: token.clone(),
        })
    }

    /// A response body with every occurrence of the token masked (a debugging proxy may echo
    /// the request's headers back), ready to keep or show.
    pub fn redact(&self, body: serde_json::Value) -> serde_json::Value {
        let token = self.token.expose();
        let text = body.to_string();
        if token.is_empty() || !text.contains(token) {
            return body;
        }
        serde_json::from_str(&text.replace(token, MASK)).unwrap_or(serde_json::Value::Null)
    }

    /// The API base, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The organization id.
    pub fn org(&self) -> &str {
        &self.org
    }

    fn org_path(&self) -> Result<String, ApiError> {
        if self.org.is_empty() {
            return Err(ApiError::NotConfigured(
                "No organization: enter its ID in Settings (Tallyfy > Settings > Organization), or pick it after Test connection.".into(),
            ));
        }
        Ok(format!(
            "{}/organizations/{}",
            self.base,
            segment(&self.org)
        ))
    }

    fn get(&self, url: String) -> ApiRequest {
        ApiRequest {
            method: Method::Get,
            url,
            body: None,
            token: self.token.clone(),
        }
    }

    /// `GET /me`: tests the token.
    pub fn me(&self) -> ApiRequest {
        self.get(format!("{}/me", self.base))
    }

    /// `GET /me/organizations`.
    pub fn organizations(&self) -> ApiRequest {
        self.get(format!("{}/me/organizations", self.base))
    }

    /// `GET .../checklists?q=&page=&per_page=` (the server caps `per_page` at 100).
    pub fn templates(&self, query: &str, page: u32, per_page: u32) -> Result<ApiRequest, ApiError> {
        let mut params = form_urlencoded::Serializer::new(String::new());
        if !query.trim().is_empty() {
            params.append_pair("q", query.trim());
        }
        params.append_pair("page", &page.max(1).to_string());
        params.append_pair("per_page", &per_page.clamp(1, 100).to_string());
        Ok(self.get(format!(
            "{}/checklists?{}",
            self.org_path()?,
            params.finish()
        )))
    }

    /// `GET .../checklists/{id}`: a template with its kick-off fields.
    pub fn template(&self, id: &str) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!("{}/checklists/{}", self.org_path()?, segment(id))))
    }

    /// `GET .../users`.
    pub fn users(&self) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!("{}/users?per_page=100", self.org_path()?)))
    }

    /// `GET .../groups`.
    pub fn groups(&self) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!("{}/groups", self.org_path()?)))
    }

    /// `POST .../runs`: launches a process.
    pub fn launch(&self, body: &LaunchBody) -> Result<ApiRequest, ApiError> {
        Ok(ApiRequest {
            method: Method::Post,
            url: format!("{}/runs", self.org_path()?),
            body: Some(body.to_json()),
            token: self.token.clone(),
        })
    }

    /// `GET .../runs/{id}`.
    pub fn run(&self, id: &str) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!("{}/runs/{}", self.org_path()?, segment(id))))
    }

    /// The organization's process list in the web app.
    pub fn processes_link(&self, web_app_url: &str) -> String {
        format!(
            "{}/{}/processes",
            self.web_app(web_app_url),
            segment(&self.org)
        )
    }

    fn web_app(&self, web_app_url: &str) -> String {
        web_app_host(&self.base, web_app_url)
    }
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

/// The web app for an API base: `https://go.tallyfy.com/api` → `https://go.tallyfy.com`,
/// `https://api.tallyfy.com` → `https://go.tallyfy.com`; an override wins.
pub fn web_app_host(api_base: &str, web_app_url: &str) -> String {
    let explicit = web_app_url.trim().trim_end_matches('/');
    if !explicit.is_empty() {
        return explicit.to_string();
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

/// One request, ready to send or to show.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    /// Method.
    pub method: Method,
    /// Full URL.
    pub url: String,
    /// JSON body, for POST.
    pub body: Option<String>,
    token: Secret,
}

impl ApiRequest {
    /// The headers sent with this request; the token is masked unless `reveal` is true.
    pub fn headers(&self, reveal: bool) -> Vec<(&'static str, String)> {
        let token = if reveal { self.token.expose() } else { MASK };
        let mut headers = vec![
            ("Authorization", format!("Bearer {token}")),
            ("Accept", "application/json".to_string()),
            ("X-Tallyfy-Client", "APIClient".to_string()),
        ];
        if self.body.is_some() {
            headers.push(("Content-Type", "application/json".to_string()));
        }
        headers
    }

    /// The request for a Workato HTTP action: method, URL, headers with the token as a
    /// placeholder, and the body.
    pub fn workato_export(&self) -> String {
        let mut out = format!(
            "Method: {}\nURL: {}\n\nHeaders:\n",
            self.method.as_str(),
            self.url
        );
        for (name, value) in self.headers(false) {
            let value = if name == "Authorization" {
                format!("Bearer {TOKEN_PLACEHOLDER}")
            } else {
                value
            };
            out.push_str(&format!("  {name}: {value}\n"));
        }
        if let Some(body) = &self.body {
            let pretty = serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
                .unwrap_or_else(|| body.clone());
            out.push_str(&format!("\nBody (JSON):\n{pretty}\n"));
        }
        out
    }

    /// A curl command for this request. Masked, it reads the token from `$TALLYFY_TOKEN`.
    pub fn to_curl(&self, reveal: bool) -> String {
        let mut parts = vec![format!(
            "curl -X {} {}",
            self.method.as_str(),
            shell_quote(&self.url)
        )];
        for (name, value) in self.headers(reveal) {
            if name == "Authorization" && !reveal {
                // Double quotes so the shell expands the variable.
                parts.push(format!("-H \"Authorization: Bearer {TOKEN_VARIABLE}\""));
            } else {
                parts.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
            }
        }
        if let Some(body) = &self.body {
            parts.push(format!("--data-raw {}", shell_quote(body)));
        }
        parts.join(" \\\n  ")
    }
}

/// Single-quotes for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// Whether a Content-Security-Policy `connect-src` list lets a page at `page_origin` call the
/// API at `base` (an address [`validate_base`] accepted). Understands what the launcher's own
/// policy uses: `'self'`, schemes (`https:`), and hosts with an optional `*.` prefix and a port
/// or `:*`. The browser enforces the policy either way; this lets the app say so first.
pub fn policy_allows(connect_src: &str, page_origin: &str, base: &str) -> bool {
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
