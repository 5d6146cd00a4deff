//! The connection doctor's findings: three checks (the API and the token, the organization,
//! one read in it), each passed, failed or not reached, and for a failure which kind it is, in
//! words, with the fix: the browser refused the call (CORS), the host cannot be reached, the
//! API base is wrong, the token is refused, the organization is unknown, or a rate limit.

use super::directory::{Member, Organization};
use super::outcome::ApiError;

/// How a check came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
    /// Not reached: a check before it failed.
    Skipped,
}

impl Outcome {
    /// The mark shown (and copied) before the check.
    pub fn mark(self) -> &'static str {
        match self {
            Outcome::Passed => "✓",
            Outcome::Failed => "✗",
            Outcome::Skipped => "–",
        }
    }
}

/// One check of the doctor.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// What was asked, such as "The API and your token (GET /me)".
    pub name: &'static str,
    pub outcome: Outcome,
    /// What it found, with the fix when it failed.
    pub text: String,
    /// The error behind a failure (its request id, what the server said).
    pub error: Option<ApiError>,
}

/// The checks' names, in the order they run.
pub const CHECKS: [&str; 3] = [
    "The API and your token (GET /me)",
    "Your organization (GET /me/organizations)",
    "A read in the organization (its templates)",
];

/// What a failed call means, in words, with the fix.
pub fn explain(error: &ApiError, base: &str) -> String {
    match error {
        ApiError::Refused { page, api } => format!(
            "The browser refused the call: the API at {api} does not allow this page ({page}) to call it (CORS, or a blocked preflight). Fix: serve the launcher and a proxy of the API on one origin (README: hosting it for a team; nginx and Caddy are ready in deploy/), so no CORS applies."
        ),
        ApiError::Network { detail } => format!(
            "The API's host could not be reached ({detail}): this computer is offline, the name does not resolve, its certificate is refused, or nothing answers on that port. Fix: check the API base URL ({base}) and the network."
        ),
        ApiError::WrongEndpoint { .. } | ApiError::BadResponse { .. } => format!(
            "The API base URL is wrong: {base} answers, but not as Tallyfy's API ({error}). Fix: give the API's own address, such as https://go.tallyfy.com/api, or your proxy's."
        ),
        ApiError::NotConfigured(why) if why.contains("redirect") => format!(
            "The API base URL is wrong: {why}"
        ),
        ApiError::Unauthorized { .. } => "The token was refused: Tallyfy's personal tokens stop working when you log out of its web app, and after about six months. Fix: copy a new token from Tallyfy (Settings > Integrations > REST API) and paste it above.".to_string(),
        ApiError::RateLimited { retry_after_ms, .. } => format!(
            "Tallyfy is limiting requests (429). Fix: wait{} and test again; the launcher keeps to the limits in Settings.",
            retry_after_ms.map(|ms| format!(" {} s", ms.div_ceil(1000))).unwrap_or_default()
        ),
        other => other.to_string(),
    }
}

/// The first check: who the token belongs to, or why the API could not say.
pub fn me_check(result: Result<Member, ApiError>, base: &str) -> Check {
    match result {
        Ok(me) => Check {
            name: CHECKS[0],
            outcome: Outcome::Passed,
            text: format!("Connected as {}", me.describe()),
            error: None,
        },
        Err(error) => failed(CHECKS[0], explain(&error, base), error),
    }
}

/// The second check: whether `org` is one of the token's organizations.
pub fn organization_check(
    result: &Result<Vec<Organization>, ApiError>,
    org: &str,
    base: &str,
) -> Check {
    let org = org.trim();
    let passed = |text: String| Check {
        name: CHECKS[1],
        outcome: Outcome::Passed,
        text,
        error: None,
    };
    let failed_with = |text: String| Check {
        name: CHECKS[1],
        outcome: Outcome::Failed,
        text,
        error: None,
    };
    match result {
        Err(error) => failed(CHECKS[1], explain(error, base), error.clone()),
        Ok(orgs) => match orgs.iter().find(|o| o.id == org) {
            Some(found) => passed(format!("{} ({}) is one of yours.", found.name, found.id)),
            None if org.is_empty() => failed_with(format!(
                "No organization is chosen. Fix: choose one of your {} below.",
                orgs.len()
            )),
            // The list may be one the server shortened: the read below decides.
            None if orgs.is_empty() => passed(format!(
                "Your organizations could not be listed; {org} is checked by the read below."
            )),
            None => failed_with(format!(
                "{org} is not one of your organizations ({}). Fix: choose one below, or check the ID in Tallyfy (Settings > Organization).",
                orgs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ")
            )),
        },
    }
}

/// The third check: one read in the organization.
pub fn read_check(result: Result<u64, ApiError>, org: &str, base: &str) -> Check {
    match result {
        Ok(total) => Check {
            name: CHECKS[2],
            outcome: Outcome::Passed,
            text: format!("Its templates can be read ({total} in all)."),
            error: None,
        },
        Err(error @ (ApiError::NotFound { .. } | ApiError::Forbidden { .. })) => failed(
            CHECKS[2],
            format!("The organization {org} is unknown, or not visible to this token. Fix: check the organization ID (Tallyfy: Settings > Organization) or choose it from your list."),
            error,
        ),
        Err(error) => failed(CHECKS[2], explain(&error, base), error),
    }
}

/// A check not reached because one before it failed.
pub fn skipped(name: &'static str) -> Check {
    Check {
        name,
        outcome: Outcome::Skipped,
        text: "Not checked: a check above failed.".into(),
        error: None,
    }
}

fn failed(name: &'static str, text: String, error: ApiError) -> Check {
    Check {
        name,
        outcome: Outcome::Failed,
        text,
        error: Some(error),
    }
}

/// The checks as text to paste into a support request: where the page runs, where it calls,
/// each check with its request id; never the token.
pub fn report(checks: &[Check], page: &str, base: &str, org: &str, at: &str) -> String {
    let mut lines = vec![
        format!("Tallyfy Launcher connection check, {at}"),
        format!("Page: {page}"),
        format!("API base URL: {base}"),
        format!(
            "Organization: {}",
            if org.trim().is_empty() { "(none)" } else { org }
        ),
    ];
    for check in checks {
        lines.push(format!(
            "{} {}: {}",
            check.outcome.mark(),
            check.name,
            check.text
        ));
        if let Some(error) = &check.error {
            lines.push(format!("    {error}"));
            if let Some(id) = error.request_id() {
                lines.push(format!("    Request ID (X-Request-Id): {id}"));
            }
        }
    }
    lines.join("\n")
}
