//! Building requests: the connection (base URL, organization, token) and one constructor per
//! endpoint, plus the exact headers and a copy-pasteable curl command.

use std::fmt;

use super::address::{segment, validate_base, web_app_host};
use crate::domain::json_text;
use crate::domain::launch::LaunchBody;
use crate::domain::outcome::ApiError;
use crate::domain::syntax::{ruby, shell, url};

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

/// `text` as one path segment of an API address, or why it cannot be one. An empty segment
/// (once trimmed) would leave the address naming the list above it, and `.` and `..` read as
/// "this folder" and "the folder above" to the browser's URL parser even percent-encoded
/// (`%2E`): either way the request would go to another endpoint than the one named.
fn path_segment(what: &str, text: &str) -> Result<String, ApiError> {
    match text.trim() {
        "" => Err(ApiError::NotConfigured(format!("The {what} is empty."))),
        dots @ ("." | "..") => Err(ApiError::NotConfigured(format!(
            "\"{dots}\" is not a usable {what}: Tallyfy's IDs are letters and digits. Check the ID you were given."
        ))),
        _ => Ok(segment(text)),
    }
}

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
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
            path_segment("organization ID", &self.org)?
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
        let (page, per_page) = (page.max(1).to_string(), per_page.clamp(1, 100).to_string());
        let mut params = Vec::with_capacity(3);
        if !query.trim().is_empty() {
            params.push(("q", query.trim()));
        }
        params.push(("page", &page));
        params.push(("per_page", &per_page));
        Ok(self.get(format!(
            "{}/checklists?{}",
            self.org_path()?,
            url::query(params)
        )))
    }

    /// `GET .../checklists/{id}?with=steps`: a template with its kick-off fields and its
    /// steps (steps come only when asked for), for assigning them at launch.
    pub fn template(&self, id: &str) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!(
            "{}/checklists/{}?with=steps",
            self.org_path()?,
            path_segment("template ID", id)?
        )))
    }

    /// `GET .../users?page=&per_page=100`: one page of members (read them all: a default page
    /// size is no promise).
    pub fn users(&self, page: u32) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!(
            "{}/users?page={}&per_page={LIST_PAGE_SIZE}",
            self.org_path()?,
            page.max(1)
        )))
    }

    /// `GET .../groups?page=&per_page=100`: one page of groups (the API's default is 10).
    pub fn groups(&self, page: u32) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!(
            "{}/groups?page={}&per_page={LIST_PAGE_SIZE}",
            self.org_path()?,
            page.max(1)
        )))
    }

    /// `GET .../tags?page=&per_page=100`: one page of the organization's tags.
    pub fn tags(&self, page: u32) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!(
            "{}/tags?page={}&per_page={LIST_PAGE_SIZE}",
            self.org_path()?,
            page.max(1)
        )))
    }

    /// `GET .../folders?folder_type=run&page=&per_page=100`: one page of process folders.
    pub fn folders(&self, page: u32) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!(
            "{}/folders?folder_type=run&page={}&per_page={LIST_PAGE_SIZE}",
            self.org_path()?,
            page.max(1)
        )))
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
        Ok(self.get(format!(
            "{}/runs/{}",
            self.org_path()?,
            path_segment("process ID", id)?
        )))
    }

    /// `GET .../runs?checklist_id=&with=checklist,next_task&sort=-created_at&page=&per_page=100`:
    /// one page of the processes launched from a template, newest first, with their next task;
    /// with `archived`, its archived processes instead (`archived=only`: Tallyfy leaves them out
    /// of the list otherwise).
    pub fn template_runs(
        &self,
        template_id: &str,
        page: u32,
        archived: bool,
    ) -> Result<ApiRequest, ApiError> {
        Ok(self.get(format!(
            "{}/runs?checklist_id={}{}&with=checklist,next_task&sort=-created_at&page={}&per_page={LIST_PAGE_SIZE}",
            self.org_path()?,
            segment(template_id),
            if archived { "&archived=only" } else { "" },
            page.max(1)
        )))
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

/// The most items per page the API serves.
pub const LIST_PAGE_SIZE: u32 = 100;

/// One request, ready to send or to show.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    pub method: Method,
    pub url: String,
    /// JSON body, for POST.
    pub body: Option<String>,
    token: Secret,
}

impl ApiRequest {
    /// A response body with every occurrence of the token masked (a debugging proxy may echo
    /// the request's headers back), ready to keep or show.
    pub fn redact(&self, body: serde_json::Value) -> serde_json::Value {
        let token = self.token.expose();
        // Through the JavaScript engine's JSON in the app: a chunk that reads an answer then
        // carries no JSON text writer or parser of its own.
        let text = json_text::stringify(&body);
        if token.is_empty() || !text.contains(token) {
            return body;
        }
        json_text::parse(&text.replace(token, MASK)).unwrap_or(serde_json::Value::Null)
    }

    /// The same address read with GET and the same headers (no body): asks the browser the
    /// same CORS question as this request, and changes nothing.
    pub fn as_read(&self) -> ApiRequest {
        ApiRequest {
            method: Method::Get,
            url: self.url.clone(),
            body: None,
            token: self.token.clone(),
        }
    }

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

    /// The headers that carry no secret (all but `Authorization`), for exports that add the
    /// token themselves from a variable or a secret.
    pub fn public_headers(&self) -> Vec<(String, String)> {
        self.headers(false)
            .into_iter()
            .filter(|(name, _)| *name != "Authorization")
            .map(|(name, value)| (name.to_string(), value))
            .collect()
    }

    /// The method, URL and headers for a Workato HTTP action, the token as a placeholder.
    fn workato_head(&self) -> String {
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
        out
    }

    /// The request for a Workato HTTP action: method, URL, headers with the token as a
    /// placeholder, and the body.
    pub fn workato_export(&self) -> String {
        let mut out = self.workato_head();
        if let Some(body) = &self.body {
            // JSON, and inert in formula mode too (a `#` is written \u0023), whichever mode the
            // recipe author pastes it into.
            let pretty = serde_json::from_str::<serde_json::Value>(body)
                .map(|v| ruby::json(&v, true))
                .unwrap_or_else(|_| ruby::inert_json_text(body));
            out.push_str(&format!("\nBody (JSON):\n{pretty}\n"));
        }
        out
    }

    /// A reusable Workato HTTP action for a template: this request's method, URL and headers,
    /// and the template's body in formula mode (see [`crate::domain::workato_recipe`]).
    pub fn workato_recipe(&self, recipe: &crate::domain::workato_recipe::RecipeBody) -> String {
        let mut out = self.workato_head();
        out.push_str(
            "\nBody (formula mode; replace each trigger['…'] with a data pill, drop the # lines):\n",
        );
        out.push_str(&recipe.body);
        out.push_str("\n\nKick-off fields (label | alias | type | required | options):\n");
        for line in &recipe.legend {
            out.push_str(&format!("  {line}\n"));
        }
        out
    }

    /// A curl command for this request. Masked, it reads the token from `$TALLYFY_TOKEN`.
    pub fn to_curl(&self, reveal: bool) -> String {
        // --globoff: braces and brackets in the URL are text, never a list of URLs to try.
        let mut parts = vec![format!(
            "curl --globoff -X {} {}",
            self.method.as_str(),
            shell::word(&self.url)
        )];
        for (name, value) in self.headers(reveal) {
            if name == "Authorization" && !reveal {
                // Double quotes so the shell expands the variable.
                parts.push(format!("-H \"Authorization: Bearer {TOKEN_VARIABLE}\""));
            } else {
                parts.push(format!("-H {}", shell::word(&format!("{name}: {value}"))));
            }
        }
        if let Some(body) = &self.body {
            parts.push(format!("--data-raw {}", shell::word(body)));
        }
        parts.join(" \\\n  ")
    }
}
