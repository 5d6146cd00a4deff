//! Test connection, as a doctor: the three checks of `domain::diagnosis` run in order against
//! the settings as they are (a failure stops the checks after it), and what they found,
//! ready to show and to copy for a support request.

use leptos::prelude::*;

use crate::api::client::call;
use crate::api::response::{data_list, Pagination};
use crate::domain::diagnosis::{
    me_check, organization_check, read_check, report, skipped, Check, Outcome, CHECKS,
};
use crate::domain::directory::{Member, Organization};
use crate::domain::outcome::ApiError;
use crate::ui::browser::clock::{local_time, now_ms};
use crate::ui::state::AppState;

/// What Test connection found.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnosis {
    pub checks: Vec<Check>,
    /// The token's organizations, when they could be listed (for the picker).
    pub organizations: Option<Vec<Organization>>,
    /// The checks as text for a support request (never the token).
    pub report: String,
}

impl Diagnosis {
    /// Whether every check passed.
    pub fn healthy(&self) -> bool {
        self.checks.iter().all(|c| c.outcome == Outcome::Passed)
    }
}

/// Runs the checks for the app's current settings.
pub async fn diagnose(app: AppState) -> Diagnosis {
    let (base, org) = app
        .settings
        .with_untracked(|s| (s.api_base.clone(), s.org_id.clone()));
    let mut checks = Vec::with_capacity(CHECKS.len());
    let mut organizations = None;
    match app.connection_to(&base, &org) {
        Err(error) => checks.push(me_check(Err(error), &base)),
        Ok(connection) => {
            let me = call(&connection.me()).await.and_then(|body| {
                body.get("data")
                    .and_then(Member::from_json)
                    .ok_or_else(|| ApiError::BadResponse {
                        status: 200,
                        detail: "the answer to GET /me has no user in it".into(),
                        request_id: None,
                    })
            });
            checks.push(me_check(me, &base));
            if checks[0].outcome == Outcome::Passed {
                let listed = call(&connection.organizations()).await.map(|body| {
                    data_list(&body)
                        .iter()
                        .filter_map(Organization::from_json)
                        .collect::<Vec<_>>()
                });
                checks.push(organization_check(&listed, &org, &base));
                organizations = listed.ok();
            }
            if checks.last().is_some_and(|c| c.outcome == Outcome::Passed) {
                let read = match connection.templates("", 1, 1) {
                    Ok(request) => call(&request)
                        .await
                        .map(|body| Pagination::of(&body, data_list(&body).len()).total),
                    Err(error) => Err(error),
                };
                checks.push(read_check(read, &org, &base));
            }
        }
    }
    for name in &CHECKS[checks.len()..] {
        checks.push(skipped(name));
    }
    let page = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let report = report(&checks, &page, &base, &org, &local_time(now_ms() as i64));
    Diagnosis {
        checks,
        organizations,
        report,
    }
}
