//! Request building (URL, headers, body), curl rendering, and reading responses and errors.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use serde_json::{json, Map};
use tallyfy_launcher::api::address::{validate_base, web_app_host, web_app_run_link};
use tallyfy_launcher::api::response::{interpret, Pagination, RawResponse};
use tallyfy_launcher::api::{Connection, Method, Secret};
use tallyfy_launcher::domain::launch::LaunchBody;
use tallyfy_launcher::domain::outcome::{ApiError, ErrorKind};
use tallyfy_launcher::domain::retry::{parse_retry_after, RetryDecision, RetryPolicy};

const TOKEN: &str = "tok-123'secret";

fn connection() -> Connection {
    Connection::new("https://go.tallyfy.com/api/", "org 1", &Secret::new(TOKEN)).unwrap()
}

fn body() -> LaunchBody {
    let mut prerun = Map::new();
    prerun.insert("abc".into(), json!("It's here"));
    LaunchBody {
        checklist_id: "tpl1".into(),
        name: "Run 1".into(),
        summary: String::new(),
        owner_id: Some(1002),
        prerun,
        ..LaunchBody::default()
    }
}

#[test]
fn urls_are_built_from_the_base_and_the_organization() {
    let c = connection();
    assert_eq!(c.me().url, "https://go.tallyfy.com/api/me");
    assert_eq!(
        c.organizations().url,
        "https://go.tallyfy.com/api/me/organizations"
    );
    assert_eq!(
        c.templates("on board & more", 2, 500).unwrap().url,
        "https://go.tallyfy.com/api/organizations/org%201/checklists?q=on+board+%26+more&page=2&per_page=100"
    );
    assert_eq!(
        c.template("a/b").unwrap().url,
        "https://go.tallyfy.com/api/organizations/org%201/checklists/a%2Fb?with=steps"
    );
    assert_eq!(
        c.run("r1").unwrap().url,
        "https://go.tallyfy.com/api/organizations/org%201/runs/r1"
    );
    let launch = c.launch(&body()).unwrap();
    assert_eq!(launch.method, Method::Post);
    assert_eq!(
        launch.url,
        "https://go.tallyfy.com/api/organizations/org%201/runs"
    );
    assert_eq!(
        launch.body.as_deref(),
        Some(
            r#"{"checklist_id":"tpl1","name":"Run 1","owner_id":1002,"prerun":{"abc":"It's here"}}"#
        )
    );
}

#[test]
fn every_request_carries_the_three_headers_and_a_body_adds_content_type() {
    let c = connection();
    let get = c.me();
    assert_eq!(
        get.headers(true),
        vec![
            ("Authorization", format!("Bearer {TOKEN}")),
            ("Accept", "application/json".to_string()),
            ("X-Tallyfy-Client", "APIClient".to_string()),
        ]
    );
    let post = c.launch(&body()).unwrap();
    assert_eq!(
        post.headers(true).last(),
        Some(&("Content-Type", "application/json".to_string()))
    );
    // Shown headers hide the token.
    assert!(post.headers(false).iter().all(|(_, v)| !v.contains(TOKEN)));
}

#[test]
fn curl_is_masked_by_default_and_exact_when_revealed() {
    let launch = connection().launch(&body()).unwrap();
    let masked = launch.to_curl(false);
    assert!(!masked.contains("tok-123"), "{masked}");
    assert!(
        masked.contains("-H \"Authorization: Bearer $TALLYFY_TOKEN\""),
        "{masked}"
    );
    assert!(
        masked.starts_with(
            "curl --globoff -X POST 'https://go.tallyfy.com/api/organizations/org%201/runs'"
        ),
        "{masked}"
    );
    assert!(masked.contains("-H 'X-Tallyfy-Client: APIClient'"));
    assert!(masked.contains("-H 'Content-Type: application/json'"));
    // The single quote inside the body is escaped for the shell.
    assert!(masked.contains(r#"--data-raw '{"checklist_id":"tpl1","name":"Run 1","owner_id":1002,"prerun":{"abc":"It'\''s here"}}'"#), "{masked}");
    let revealed = launch.to_curl(true);
    assert!(
        revealed.contains(r"-H 'Authorization: Bearer tok-123'\''secret'"),
        "{revealed}"
    );
}

#[test]
fn the_token_never_prints_in_debug_output() {
    let c = connection();
    assert!(!format!("{c:?} {:?}", c.me()).contains("tok-123"));
}

#[test]
fn base_urls_must_be_https_except_on_loopback() {
    assert_eq!(
        validate_base("https://go.tallyfy.com/api/").unwrap(),
        "https://go.tallyfy.com/api"
    );
    assert!(validate_base("http://127.0.0.1:8787/api").is_ok());
    assert!(validate_base("http://localhost:9000").is_ok());
    assert!(validate_base("http://go.tallyfy.com/api")
        .unwrap_err()
        .contains("unencrypted"));
    assert!(validate_base("go.tallyfy.com/api")
        .unwrap_err()
        .contains("https://"));
    assert!(validate_base("").is_err());
    assert!(Connection::new("https://x.example", "o", &Secret::new("  ")).is_err());
}

#[test]
fn web_app_links_derive_from_the_api_base() {
    assert_eq!(
        web_app_host("https://go.tallyfy.com/api", ""),
        "https://go.tallyfy.com"
    );
    assert_eq!(
        web_app_host("https://api.tallyfy.com", ""),
        "https://go.tallyfy.com"
    );
    assert_eq!(
        web_app_host("https://staging.go.tallyfy.com/api", ""),
        "https://staging.go.tallyfy.com"
    );
    assert_eq!(
        web_app_host("https://proxy.example/api", "https://go.tallyfy.com/"),
        "https://go.tallyfy.com"
    );
    assert_eq!(
        web_app_run_link("https://go.tallyfy.com/api", "", "org 1", "r1"),
        "https://go.tallyfy.com/org%201/processes/r1"
    );
}

fn raw(status: u16, body: &str) -> RawResponse {
    RawResponse {
        status,
        body: body.into(),
        retry_after: None,
        request_id: Some("req-9".into()),
    }
}

#[test]
fn statuses_map_to_errors_that_keep_the_server_message_and_request_id() {
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    assert_eq!(
        interpret(&raw(201, r#"{"data":{"id":"r"}}"#), now).unwrap(),
        json!({"data": {"id": "r"}})
    );
    let e = interpret(&raw(401, r#"{"message":"Unauthenticated."}"#), now).unwrap_err();
    assert_eq!(
        e,
        ApiError::Unauthorized {
            message: "Unauthenticated.".into(),
            request_id: Some("req-9".into())
        }
    );
    let e = interpret(
        &raw(
            409,
            r#"{"error":{"code":"SEAT_POOL_EXHAUSTED","message":"No seats left"}}"#,
        ),
        now,
    )
    .unwrap_err();
    assert!(e.to_string().contains("No seats left"));
    let e = interpret(&raw(403, "{}"), now).unwrap_err();
    assert!(
        e.to_string().contains("you do not have permission"),
        "missing message falls back: {e}"
    );
    let e = interpret(
        &raw(502, "<html><body><h1>Bad gateway</h1></body></html>"),
        now,
    )
    .unwrap_err();
    assert!(
        matches!(&e, ApiError::Server { status: 502, message, .. } if message.contains("Bad gateway")),
        "{e:?}"
    );
    assert!(e.launch_may_have_happened());
    let e = interpret(&raw(200, r#"{"data": {"id": "trunc"#), now).unwrap_err();
    assert!(matches!(e, ApiError::BadResponse { status: 200, .. }));
}

#[test]
fn validation_errors_are_split_into_fields_and_the_rest() {
    let body = r#"{"message":"The given data was invalid.","errors":{"prerun.f1":["Plan is required"],"prerun.f2.0.id":["Invalid"],"name":["The name field is required."]}}"#;
    let e = interpret(
        &raw(422, body),
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
    )
    .unwrap_err();
    let ApiError::Validation {
        fields,
        named,
        others,
        ..
    } = e
    else {
        panic!("not validation")
    };
    let inputs = &named.inputs;
    let mut expected = BTreeMap::new();
    expected.insert("f1".to_string(), vec!["Plan is required".to_string()]);
    expected.insert("f2".to_string(), vec!["Invalid".to_string()]);
    assert_eq!(fields, expected);
    assert_eq!(
        inputs["name"],
        vec!["The name field is required.".to_string()]
    );
    assert!(others.is_empty());
}

/// Every key a 422 can name goes to what it names (issue 25): a step, a role, a kick-off field
/// or one of the launch's inputs, dotted or nested; the rest stays "path: message". An error
/// stored before steps, roles and inputs existed still reads.
#[test]
fn a_422_names_steps_roles_fields_and_inputs() {
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let step = "0123456789abcdef0123456789abcdef";
    let body = json!({"message": "The given data was invalid.", "errors": {
        format!("tasks.{step}"): ["The selected step is invalid."],
        "tasks": {"s2": {"owners.users.0": ["The selected user is invalid."]}},
        "tasks.s3.deadline": ["The deadline must be a date."],
        "roles.r1": ["The selected role is invalid."],
        "prerun": {"f9": ["Pick one."]},
        "prerun.f1.0.id": ["Invalid"],
        "owner_id": ["The selected owner id is invalid."],
        "summary": ["The summary may not be greater than 2000 characters."],
        "name": ["The name field is required."],
        "starred": ["The starred field must be true or false."]
    }});
    let e = interpret(&raw(422, &body.to_string()), now).unwrap_err();
    let ApiError::Validation {
        fields,
        named,
        others,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    let (steps, roles, inputs) = (&named.steps, &named.roles, &named.inputs);
    assert_eq!(steps[step], ["The selected step is invalid."]);
    assert_eq!(
        steps["s2"],
        ["owners.users.0: The selected user is invalid."]
    );
    assert_eq!(steps["s3"], ["The deadline must be a date."]);
    assert_eq!(roles["r1"], ["The selected role is invalid."]);
    assert_eq!(
        (fields["f1"].as_slice(), fields["f9"].as_slice()),
        (&["Invalid".to_string()][..], &["Pick one.".to_string()][..])
    );
    assert_eq!(
        inputs.keys().collect::<Vec<_>>(),
        ["name", "owner_id", "summary"]
    );
    assert_eq!(
        others,
        &["starred: The starred field must be true or false."]
    );
    // Without a template, the message still names each by its key.
    let text = e.to_string();
    assert!(
        text.contains(&format!("tasks.{step}: The selected step is invalid.")),
        "{text}"
    );
    assert!(
        text.contains("owner_id: The selected owner id is invalid."),
        "{text}"
    );
    let old: ApiError = serde_json::from_value(json!({"validation": {
        "message": "m", "fields": {}, "others": ["x: y"], "request_id": null
    }}))
    .unwrap();
    assert!(matches!(old, ApiError::Validation { named, .. } if named.steps.is_empty()));
}

/// Every error body shape of the API notes (section 5), each read into the message a user
/// needs: what happened, with the server's words, and what to do.
#[test]
fn every_error_body_shape_gives_its_own_message() {
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let error = |status: u16, body: &str| interpret(&raw(status, body), now).unwrap_err();

    // 1. A bare message, sometimes with "error": true.
    let e = error(
        400,
        r#"{"error":true,"message":"Bad request: checklist_id"}"#,
    );
    assert!(matches!(e, ApiError::Rejected { status: 400, .. }), "{e:?}");
    assert!(e.to_string().contains("Bad request: checklist_id"), "{e}");

    // 2. Machine codes: a wrong path or base, an invisible resource, an hourly cap.
    let e = error(
        404,
        r#"{"error":true,"message":"API endpoint not found","code":"ENDPOINT_NOT_FOUND"}"#,
    );
    assert_eq!(e.kind(), ErrorKind::WrongEndpoint);
    assert!(e.to_string().contains("Settings > API base URL"), "{e}");
    assert!(e.to_string().contains("API endpoint not found"), "{e}");
    let e = error(
        404,
        r#"{"error":true,"message":"Checklist not found","code":"RESOURCE_NOT_FOUND"}"#,
    );
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(
        e.to_string()
            .contains("does not exist, or your token cannot see it"),
        "{e}"
    );
    assert!(e.to_string().contains("Checklist not found"), "{e}");
    let mut limited = raw(
        429,
        r#"{"error":true,"message":"Guest invite limit reached","code":"RATE_LIMIT_EXCEEDED"}"#,
    );
    limited.retry_after = Some("1200".into());
    let e = interpret(&limited, now).unwrap_err();
    assert!(
        matches!(
            e,
            ApiError::RateLimited {
                hourly: true,
                retry_after_ms: Some(1_200_000),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("hourly limit"), "{e}");
    assert!(e.to_string().contains("20 min"), "{e}");
    let e = error(429, r#"{"message":"Too Many Attempts."}"#);
    assert!(
        !e.to_string().contains("hourly"),
        "a burst limit is not an hourly cap: {e}"
    );

    // 3. `errors` on a status other than 422, with no message, and messages that are objects.
    let e = error(
        403,
        r#"{"errors":{"owner_id":["You cannot assign this owner."]}}"#,
    );
    assert!(matches!(e, ApiError::Forbidden { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("owner_id: You cannot assign this owner."),
        "{e}"
    );
    let e = error(
        422,
        r#"{"message":"The given data was invalid.","errors":{"tasks":{"abc123":{"owners.users.0":["The selected user is invalid."]}},"prerun.f1":[{"text":"Invalid dropdown choice selected."}]}}"#,
    );
    let ApiError::Validation {
        fields,
        named,
        others,
        ..
    } = &e
    else {
        panic!("not validation: {e:?}")
    };
    let steps = &named.steps;
    // The step is named by its id (issue 25), not left in the rest.
    assert!(others.is_empty());
    assert_eq!(
        steps["abc123"],
        ["owners.users.0: The selected user is invalid."]
    );
    assert_eq!(
        fields.get("f1"),
        Some(&vec!["text: Invalid dropdown choice selected.".to_string()])
    );

    // 4. Laravel validation, paths into prerun.
    let e = error(
        422,
        r#"{"message":"The given data was invalid.","errors":{"prerun.f2":["Plan is required"]}}"#,
    );
    assert!(
        matches!(&e, ApiError::Validation { fields, .. } if fields["f2"] == ["Plan is required"])
    );

    // 5. The structured form: code, message and details, all shown.
    let e = error(
        409,
        r#"{"error":{"code":"SEAT_POOL_EXHAUSTED","message":"No seats left","details":{"seats_available":0}}}"#,
    );
    assert!(matches!(e, ApiError::Conflict { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("No seats left [SEAT_POOL_EXHAUSTED]"),
        "{text}"
    );
    assert!(text.contains("seats_available: 0"), "{text}");

    // 6. Not JSON at all (a proxy's page), and an object where the message should be.
    let e = error(404, "<html><h1>404 Not Found</h1></html>");
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
    assert!(e.to_string().contains("404 Not Found"), "{e}");
    let e = error(400, r#"{"message":{"name":["Too long"]}}"#);
    assert!(e.to_string().contains("name: Too long"), "{e}");
    // A 404 with only the words of a missing endpoint is read as one too.
    let e = error(404, r#"{"message":"API endpoint not found."}"#);
    assert_eq!(e.kind(), ErrorKind::WrongEndpoint);
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    assert_eq!(parse_retry_after("2", now), Some(2000));
    assert_eq!(parse_retry_after("1.5", now), Some(1500));
    assert_eq!(
        parse_retry_after("Thu, 26 Nov 2026 12:00:30 GMT", now),
        Some(30_000)
    );
    assert_eq!(
        parse_retry_after("Thu, 26 Nov 2026 11:00:00 GMT", now),
        Some(0)
    );
    assert_eq!(parse_retry_after("soon", now), None);
    assert_eq!(parse_retry_after("-1", now), None);
    let mut r = raw(429, r#"{"message":"Too Many Attempts."}"#);
    r.retry_after = Some("3".into());
    assert!(matches!(
        interpret(&r, now).unwrap_err(),
        ApiError::RateLimited {
            retry_after_ms: Some(3000),
            ..
        }
    ));
}

#[test]
fn backoff_doubles_with_jitter_and_stops_after_four_retries() {
    let policy = RetryPolicy::default();
    assert_eq!(
        policy.after_rate_limit(0, Some(2000), 0.5),
        RetryDecision::WaitThenRetry(2000)
    );
    assert_eq!(
        policy.after_rate_limit(0, None, 0.5),
        RetryDecision::WaitThenRetry(500)
    );
    assert_eq!(
        policy.after_rate_limit(3, None, 0.5),
        RetryDecision::WaitThenRetry(4000)
    );
    assert_eq!(policy.backoff_ms(10, 0.5), 8000, "capped");
    assert_eq!(policy.backoff_ms(0, 0.0), 400, "-20 %");
    assert_eq!(policy.backoff_ms(0, 1.0), 600, "+20 %");
    assert_eq!(
        policy.after_rate_limit(4, Some(1000), 0.5),
        RetryDecision::GiveUp
    );
    assert_eq!(
        policy.after_rate_limit(0, Some(3_600_000), 0.5),
        RetryDecision::GiveUp,
        "an hour is not waited out"
    );
}

#[test]
fn pagination_is_read_leniently() {
    let body = json!({"data": [], "meta": {"pagination": {"total": 24, "current_page": 2, "total_pages": 3, "links": []}}});
    let p = Pagination::of(&body, 0);
    assert_eq!(
        (p.total, p.current_page, p.total_pages, p.has_next()),
        (24, 2, 3, true)
    );
    let p = Pagination::of(&json!({"data": [1, 2]}), 2);
    assert_eq!((p.total, p.has_next()), (2, false));
}

/// A 422 placed on the form's template (issue 25): each message by the title of what it names;
/// a step the template lacks is "missing" (Reload the template); the rest stays as it came.
#[test]
fn a_rejection_names_each_control_by_its_title() {
    use tallyfy_launcher::domain::rejection::Rejection;
    use tallyfy_launcher::domain::template::Template;
    let template = Template::from_json(&json!({"data": {
        "id": "t1", "title": "Escalation",
        "prerun": [{"id": "f1", "label": "Incident", "field_type": "text"}],
        "steps": [{"id": "s1", "title": "Triage"}],
        "roles": [{"id": "r1", "name": "On-call manager"}]
    }}))
    .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let body = json!({"message": "Invalid.", "errors": {
        "prerun.f1": ["Too vague."], "tasks.s1.deadline": ["Not a date."], "tasks.gone": ["The selected step is invalid."],
        "roles.r1": ["Nobody."], "owner_id": ["Not a member."], "starred": ["Not a flag."]
    }});
    let error = interpret(&raw(422, &body.to_string()), now).unwrap_err();
    let rejection = Rejection::of(&template, &error).unwrap();
    assert_eq!(
        rejection.lines(),
        [
            "field \"Incident\": Too vague.",
            "step \"Triage\": Not a date.",
            "role \"On-call manager\": Nobody.",
            "Owner: Not a member.",
            "a step this form does not have (gone): The selected step is invalid.",
            "starred: Not a flag.",
        ]
    );
    assert!(rejection.marked_anything() && rejection.needs_reload());
    let only_lost = interpret(
        &raw(422, &json!({"errors": {"tasks.gone": ["x"]}}).to_string()),
        now,
    )
    .unwrap_err();
    let lost = Rejection::of(&template, &only_lost).unwrap();
    assert!(
        !lost.marked_anything() && lost.needs_reload(),
        "nothing to mark above"
    );
    assert!(Rejection::of(&template, &ApiError::NotConfigured("x".into())).is_none());
}

/// A path alone names the API on the page's own origin (a team's same-origin proxy, issue 26):
/// accepted in plain folders only, allowed by `'self'`, its links going to Tallyfy's web app.
#[test]
fn a_same_origin_path_is_a_valid_api_base() {
    use tallyfy_launcher::api::address::{is_own_path, origin_of, policy_allows};
    assert_eq!(validate_base("/tallyfy-api/").unwrap(), "/tallyfy-api");
    assert_eq!(
        validate_base(" /team/tallyfy-api ").unwrap(),
        "/team/tallyfy-api"
    );
    for bad in [
        "//evil.example/api",
        "/a/../b",
        "/./api",
        "/api?x=1",
        "/api#x",
        "/a b",
        "/a\\b",
        "/a//b",
        "/\u{7}x",
    ] {
        assert!(validate_base(bad).is_err(), "{bad:?}");
    }
    assert!(is_own_path("/tallyfy-api") && !is_own_path("https://go.tallyfy.com/api"));
    assert_eq!(origin_of("/tallyfy-api"), "");
    assert!(policy_allows(
        "'self' https://go.tallyfy.com",
        "https://tools.example.com",
        "/tallyfy-api"
    ));
    assert!(!policy_allows(
        "https://go.tallyfy.com",
        "https://tools.example.com",
        "/tallyfy-api"
    ));
    assert_eq!(web_app_host("/tallyfy-api", ""), "https://go.tallyfy.com");
    assert_eq!(
        web_app_host("/tallyfy-api", "https://tallyfy.example.com/"),
        "https://tallyfy.example.com"
    );
    let connection = Connection::new("/tallyfy-api", "org1", &Secret::new("t")).unwrap();
    let launch = connection
        .launch(&LaunchBody {
            checklist_id: "c".into(),
            ..LaunchBody::default()
        })
        .unwrap();
    assert_eq!(launch.url, "/tallyfy-api/organizations/org1/runs");
}

/// Defaults under Tallyfy's published figures (issue 26): every request 100 per minute, reads
/// 2 per second on top; stored values of any size are kept within the Settings screen's bounds.
#[test]
fn pacing_defaults_respect_tallyfys_published_limits() {
    use tallyfy_launcher::domain::settings::{Settings, LIMITS};
    let settings = Settings::default();
    assert_eq!((settings.rate_limit, settings.rate_window_secs), (100, 60));
    assert_eq!((settings.read_limit, settings.read_window_secs), (2, 1));
    let reads = settings.read_pacer();
    assert_eq!((reads.max, reads.window_ms), (2, 1_000.0));
    // Older stored settings (no read limit) take the default; nonsense is bounded.
    let stored = Settings::from_stored(
        r#"{"rate_limit": 0, "read_limit": 999999, "read_window_secs": 0, "history_cap": 3}"#,
    )
    .unwrap();
    assert_eq!(stored.rate_limit, LIMITS.requests.0);
    assert_eq!(
        (stored.read_limit, stored.read_window_secs),
        (LIMITS.requests.1, LIMITS.window_secs.0)
    );
    assert_eq!(stored.history_cap, LIMITS.history_cap.0);
    let old = Settings::from_stored(r#"{"api_base": "https://go.tallyfy.com/api"}"#).unwrap();
    assert_eq!(old.read_limit, 2);
}

/// Every HTTP date form RFC 9110 asks a recipient to accept, for any second from 1970 to 9999,
/// reads as chrono reads the same instant; what is not a date reads as nothing.
#[cfg(not(target_arch = "wasm32"))]
mod http_dates {
    use chrono::{DateTime, Utc};
    use proptest::prelude::*;
    use tallyfy_launcher::domain::retry::http_date_ms;

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..253_402_300_799).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
    }

    proptest! {
        #[test]
        fn each_form_reads_as_the_instant(at in instant(), offset_min in -(14 * 60)..=(14 * 60i32)) {
            let ms = Some(at.timestamp_millis());
            prop_assert_eq!(http_date_ms(&at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()), ms);
            prop_assert_eq!(http_date_ms(&at.format("%a %b %e %H:%M:%S %Y").to_string()), ms);
            let zone = chrono::FixedOffset::east_opt(offset_min * 60).unwrap();
            let zoned = at.with_timezone(&zone).to_rfc2822();
            prop_assert_eq!(http_date_ms(&zoned), ms, "{}", zoned);
            // RFC 850's two-digit years stand for 1970 to 2069.
            if (1970..2070).contains(&chrono::Datelike::year(&at)) {
                prop_assert_eq!(http_date_ms(&at.format("%A, %d-%b-%y %H:%M:%S GMT").to_string()), ms);
            }
        }

        #[test]
        fn anything_else_reads_as_nothing_or_a_real_instant(text in "\\PC{0,40}") {
            if let Some(ms) = http_date_ms(&text) {
                prop_assert!(DateTime::<Utc>::from_timestamp_millis(ms).is_some());
            }
        }
    }

    #[test]
    fn impossible_dates_and_times_are_refused() {
        for text in [
            "Thu, 31 Feb 2026 12:00:00 GMT",
            "Thu, 29 Feb 2025 12:00:00 GMT",
            "Thu, 26 Nov 2026 24:00:00 GMT",
            "Thu, 26 Nov 2026 12:60:00 GMT",
            "Thu, 26 Nov 2026 12:00:00 +0160",
            "Thu, 26 Foo 2026 12:00:00 GMT",
            "Thu, 26 Nov 2026 GMT",
            "26 Nov 12:00:00 GMT",
            "soon",
            "",
        ] {
            assert_eq!(http_date_ms(text), None, "{text}");
        }
        assert_eq!(
            http_date_ms("Sat, 29 Feb 2028 00:00:00 GMT"),
            Some(1_835_395_200_000)
        );
    }
}

/// Delay seconds in every decimal spelling read as the float parser reads them, rounded to the
/// millisecond; anything else that is not a number is refused.
#[cfg(not(target_arch = "wasm32"))]
mod delay_seconds {
    use proptest::prelude::*;
    use tallyfy_launcher::domain::retry::seconds_ms;

    proptest! {
        #[test]
        fn decimals_read_as_the_float_parser_reads_them(
            whole in "[0-9]{0,9}",
            fraction in proptest::option::of("[0-9]{0,3}"),
            plus in any::<bool>(),
        ) {
            let text = format!("{}{whole}{}", if plus { "+" } else { "" },
                fraction.as_ref().map(|f| format!(".{f}")).unwrap_or_default());
            let expected = text.parse::<f64>().ok().map(|s| (s * 1000.0).round() as u64);
            prop_assert_eq!(seconds_ms(&text), expected, "{}", text);
        }

        #[test]
        fn anything_else_is_refused(text in "\\PC{0,12}") {
            let simple = text.trim_start_matches('+').bytes().all(|b| b.is_ascii_digit() || b == b'.');
            if !simple || text.matches('.').count() > 1 || text.starts_with("++") {
                prop_assert_eq!(seconds_ms(&text), None, "{}", text);
            }
        }
    }

    #[test]
    fn halves_round_up_and_huge_values_saturate() {
        assert_eq!(seconds_ms("0.0005"), Some(1));
        assert_eq!(seconds_ms("0.00049"), Some(0));
        assert_eq!(seconds_ms("2.9996"), Some(3000));
        assert_eq!(seconds_ms("99999999999999999999999"), Some(u64::MAX));
        for refused in ["", ".", "-1", "1e3", "inf", "NaN", "1.2.3", " 1", "1 ", "٣"] {
            assert_eq!(seconds_ms(refused), None, "{refused}");
        }
    }
}
