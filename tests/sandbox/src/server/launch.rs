//! Launching: `POST …/runs` checked as Tallyfy checks it, and runs made in bulk for tests.

use super::*;

pub(super) fn launch(state: &mut SandboxState, body: &str) -> Response {
    let Ok(body) = serde_json::from_str::<Value>(body) else {
        return message(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON.",
        );
    };
    let Some(checklist_id) = body.get("checklist_id").and_then(Value::as_str) else {
        return json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "message": "The given data was invalid.",
                    "errors": { "checklist_id": ["The checklist id field is required."] } }),
        );
    };
    let Some(template) = state.seed.template(checklist_id).cloned() else {
        return not_found("Checklist");
    };
    let directory = state.seed.directory();
    let launched = validate_launch(&body, &template.prerun, &directory);
    let assigned = validate_assignments(&body, &template.steps, &template.roles, &directory);
    let (accepted, (tasks, roles)) = match (launched, assigned) {
        (Ok(accepted), Ok(assigned)) => (accepted, assigned),
        (launched, assigned) => {
            let mut errors = launched.err().unwrap_or_default();
            errors.extend(assigned.err().unwrap_or_default());
            return json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "message": "The given data was invalid.", "errors": errors }),
            );
        }
    };
    let increment = state.runs.len() as u64 + 1;
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let today = Utc::now().format("%Y-%m-%d").to_string();
    // Auto-naming with renaming off: the template's format wins over any name sent.
    let tallyfy_names_it = template.auto_name.is_some() && !template.launcher_can_rename;
    let name = match accepted.name.clone() {
        Some(name) if !tallyfy_names_it => name,
        _ => template.auto_name(&accepted.prerun, &today),
    };
    let prerun = if accepted.prerun.is_empty() {
        json!([])
    } else {
        Value::Object(accepted.prerun)
    };
    let run = json!({
        "id": hex_id(&format!("run/{increment}/{now}")),
        "increment_id": increment,
        "checklist_id": template.id,
        "checklist_title": template.title,
        "name": name,
        "tasks": tasks,
        "roles": roles,
        "starred": body.get("starred").and_then(Value::as_bool).unwrap_or(false),
        "tags": body.get("tags").cloned().unwrap_or(json!([])),
        "folders": body.get("folders").cloned().unwrap_or(json!([])),
        "summary": accepted.summary,
        "status": "active",
        "started_by": seed::ME_ID,
        "owner_id": accepted.owner_id.unwrap_or(seed::ME_ID),
        "prerun": prerun,
        "created_at": now,
        "started_at": now,
        "completed_at": null,
        "archived_at": null,
        "due_date": null,
    });
    let run_id = run["id"].as_str().unwrap_or_default().to_string();
    let launched = Utc::now();
    state.tasks.insert(
        run_id.clone(),
        runs::tasks_for(&run_id, &template, &tasks, launched),
    );
    state.runs.push(run.clone());
    let data = state.present(&run, &[]);
    json_response(StatusCode::CREATED, json!({ "data": data }))
}

/// What `POST /__sandbox/runs` takes: processes made as if launched elsewhere (another
/// app, a teammate), for demos and benchmarks.
#[derive(Debug, Deserialize)]
pub(super) struct MadeRuns {
    checklist_id: String,
    #[serde(default = "one")]
    count: usize,
    /// Launch times spread over this many past days (0: now).
    #[serde(default)]
    days: u32,
    /// Name prefix.
    #[serde(default)]
    name: Option<String>,
}

pub(super) fn one() -> usize {
    1
}

pub(super) fn make_runs(state: &mut SandboxState, made: MadeRuns) -> Response {
    let Some(template) = state.seed.template(&made.checklist_id).cloned() else {
        return message(StatusCode::NOT_FOUND, "Checklist not found.");
    };
    let now = Utc::now();
    let mut ids = Vec::new();
    for i in 0..made.count.min(20_000) {
        let increment = state.runs.len() as u64 + 1;
        let back = if made.days == 0 || made.count < 2 {
            chrono::Duration::zero()
        } else {
            let span = chrono::Duration::days(i64::from(made.days)).num_seconds();
            chrono::Duration::seconds(span * i as i64 / (made.count as i64 - 1))
        };
        let launched = now - back;
        let at = runs::stamp(launched);
        let id = hex_id(&format!("made/{increment}/{at}"));
        let name = format!(
            "{} {}",
            made.name.as_deref().unwrap_or(&template.title),
            i + 1
        );
        let run = json!({
            "id": id,
            "increment_id": increment,
            "checklist_id": template.id,
            "checklist_title": template.title,
            "name": name,
            "tasks": {},
            "roles": {},
            "starred": false,
            "tags": [],
            "folders": [],
            "summary": "",
            "status": "active",
            "started_by": seed::ME_ID,
            "owner_id": seed::ME_ID,
            "prerun": [],
            "created_at": at,
            "started_at": at,
            "completed_at": null,
            "archived_at": null,
            "due_date": null,
        });
        state.tasks.insert(
            id.clone(),
            runs::tasks_for(&id, &template, &Map::new(), launched),
        );
        state.runs.push(run);
        ids.push(id);
    }
    json_response(StatusCode::OK, json!({ "ids": ids }))
}
