//! The sandbox's lists: templates (search and pages) and runs (filters, sort, pages and
//! `with` includes).

use super::*;

pub(super) fn list_templates(seed: &Seed, params: &BTreeMap<String, String>) -> Response {
    let q = params
        .get("q")
        .map(|q| q.trim().to_lowercase())
        .unwrap_or_default();
    let matching: Vec<Value> = seed
        .templates
        .iter()
        .filter(|t| q.is_empty() || t.title.to_lowercase().contains(&q))
        .map(|t| t.to_json())
        .collect();
    page_of(matching, params, 10, 100)
}

/// One page of `items` as `page` and `per_page` ask (`per_page` defaults to `default` and is
/// capped at `max`), with Tallyfy's pagination block.
pub(super) fn page_of(
    items: Vec<Value>,
    params: &BTreeMap<String, String>,
    default: usize,
    max: usize,
) -> Response {
    let per_page = params
        .get("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(default)
        .clamp(1, max);
    let page = params
        .get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let total = items.len();
    let here: Vec<Value> = items
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    let count = here.len();
    json_response(
        StatusCode::OK,
        json!({
            "data": here,
            "meta": { "pagination": pagination(total, count, page, per_page) },
        }),
    )
}

/// `with=a,b` as a list.
pub(super) fn includes(params: &BTreeMap<String, String>) -> Vec<&str> {
    params
        .get("with")
        .map(|w| w.split(',').map(str::trim).collect())
        .unwrap_or_default()
}

impl SandboxState {
    /// A run as the API shows it, with what `with` includes.
    pub(super) fn present(&self, run: &Value, with: &[&str]) -> Value {
        let id = run["id"].as_str().unwrap_or_default();
        let tasks = self.tasks.get(id).map(Vec::as_slice).unwrap_or_default();
        runs::present(run, tasks, with, Utc::now())
    }
}

/// `GET …/runs`: filtered by `checklist_id`, `status`, `owners` and `tag`, sorted by
/// `sort` (`-created_at`, the default, or `created_at`), paged (10 a page by default, at
/// most 100), with `with` includes.
pub(super) fn list_runs(state: &SandboxState, params: &BTreeMap<String, String>) -> Response {
    let with = includes(params);
    let mut matching: Vec<&Value> = state
        .runs
        .iter()
        .filter(|run| {
            let id = run["id"].as_str().unwrap_or_default();
            let tasks = state.tasks.get(id).map(Vec::as_slice).unwrap_or_default();
            runs::matches(run, tasks, params)
        })
        .collect();
    let created = |run: &Value| run["created_at"].as_str().unwrap_or_default().to_string();
    matching.sort_by_key(|run| created(run));
    if params.get("sort").map(String::as_str) != Some("created_at") {
        matching.reverse();
    }
    let presented = matching
        .into_iter()
        .map(|run| state.present(run, &with))
        .collect();
    page_of(presented, params, 10, 100)
}
