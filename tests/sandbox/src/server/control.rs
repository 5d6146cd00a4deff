//! The `/__sandbox` control endpoints tests use: reset, seed, faults, config, the request log.

use super::*;

#[derive(Debug, Deserialize)]
pub(super) struct ConfigUpdate {
    #[serde(default)]
    rate_limit: Option<Option<RateLimit>>,
    #[serde(default)]
    cors: Option<bool>,
}

pub(super) fn control(sandbox: &Sandbox, method: &Method, rest: &str, body: &str) -> Response {
    let parsed: Result<Value, _> = if body.trim().is_empty() {
        Ok(Value::Null)
    } else {
        serde_json::from_str(body)
    };
    let Ok(parsed) = parsed else {
        return message(StatusCode::BAD_REQUEST, "control body is not JSON");
    };
    let mut state = sandbox.lock();
    match (method.as_str(), rest.trim_end_matches('/')) {
        ("POST", "/reset") => {
            state.reset();
            json_response(StatusCode::OK, json!({ "ok": true }))
        }
        ("GET", "/seed") => json_response(
            StatusCode::OK,
            json!({
                "org_id": seed::ORG_ID,
                "org_name": seed::ORG_NAME,
                "token": seed::DEMO_TOKEN,
                "me": seed::ME_ID,
                "users": state.seed.users,
                "groups": state.seed.groups,
                "tags": state.seed.tags,
                "folders": state.seed.folders,
                "templates": state.seed.templates.iter().map(|t| t.to_json_with_steps()).collect::<Vec<_>>(),
            }),
        ),
        ("GET", "/requests") => json_response(StatusCode::OK, json!(state.requests)),
        ("GET", "/runs") => {
            let all: Vec<Value> = state
                .runs
                .iter()
                .map(|run| state.present(run, &["task_list", "next_task"]))
                .collect();
            json_response(StatusCode::OK, json!(all))
        }
        ("POST", "/runs") => match serde_json::from_value::<MadeRuns>(parsed) {
            Ok(made) => make_runs(&mut state, made),
            Err(e) => message(StatusCode::BAD_REQUEST, &format!("bad runs request: {e}")),
        },
        ("DELETE", "/faults") => {
            state.faults.clear();
            json_response(StatusCode::OK, json!({ "ok": true }))
        }
        ("POST", "/faults") => {
            let rules: Result<Vec<FaultRule>, _> = match parsed {
                Value::Array(_) => serde_json::from_value(parsed),
                other => serde_json::from_value(other).map(|rule| vec![rule]),
            };
            match rules {
                Ok(rules) => {
                    state.faults.extend(rules.into_iter().map(|r| (r, 0)));
                    json_response(StatusCode::OK, json!({ "ok": true }))
                }
                Err(e) => message(StatusCode::BAD_REQUEST, &format!("bad fault rule: {e}")),
            }
        }
        ("POST", "/config") => match serde_json::from_value::<ConfigUpdate>(parsed) {
            Ok(update) => {
                if let Some(limit) = update.rate_limit {
                    state.rate_limit = limit;
                    state.accepted.clear();
                }
                if let Some(cors) = update.cors {
                    state.cors = cors;
                }
                json_response(StatusCode::OK, json!({ "ok": true }))
            }
            Err(e) => message(StatusCode::BAD_REQUEST, &format!("bad config: {e}")),
        },
        ("POST", path) if path.starts_with("/templates/") => {
            let id = &path["/templates/".len()..];
            let edit = match serde_json::from_value::<templates::TemplateEdit>(parsed) {
                Ok(edit) => edit,
                Err(e) => {
                    return message(StatusCode::BAD_REQUEST, &format!("bad template edit: {e}"))
                }
            };
            match templates::edit(&mut state.seed.templates, id, edit) {
                Ok(id) => {
                    let template = state.seed.template(&id).map(|t| t.to_json_with_steps());
                    json_response(StatusCode::OK, json!({ "data": template }))
                }
                Err(e) => message(StatusCode::NOT_FOUND, &e),
            }
        }
        ("POST", path) if path.starts_with("/runs/") => {
            let id = &path["/runs/".len()..];
            let state = &mut *state;
            let Some(run) = state.runs.iter_mut().find(|r| r["id"] == id) else {
                return message(StatusCode::NOT_FOUND, "Run not found.");
            };
            let tasks = state.tasks.entry(id.to_string()).or_default();
            if let Value::Object(changes) = parsed {
                runs::advance(run, tasks, &changes);
            }
            let data = runs::present(run, tasks, &["task_list", "next_task"], Utc::now());
            json_response(StatusCode::OK, json!({ "data": data }))
        }
        _ => message(StatusCode::NOT_FOUND, "unknown control endpoint"),
    }
}
