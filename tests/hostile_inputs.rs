//! Structured hostile input, by class (issue 11): every way user or API text reaches a parser or
//! formatter is fed what breaks naive code: placeholders in any script, date offsets of any
//! size and sign, any `%` sequence in a date format, any bytes in a CSV cell, any parameter in a
//! share link, malformed saved state. The property is always "an answer, never a panic"; where
//! there is a right answer, it is checked too.
//! `PROPTEST_CASES=20000 cargo test --test hostile_inputs` runs more cases by hand.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use serde_json::{json, Value};
use tallyfy_launcher::api::address::{
    policy_allows, trusted_run_link, validate_base, web_app_host,
};
use tallyfy_launcher::api::{Connection, Secret};
use tallyfy_launcher::domain::assign::deadline_at;
use tallyfy_launcher::domain::bulk::{
    auto_map, check_rows, read_sheet, BulkJob, CheckInput, NameSource, Separator,
};
use tallyfy_launcher::domain::directory::Directory;
use tallyfy_launcher::domain::formula::{render_name, FormulaError, NameFormula};
use tallyfy_launcher::domain::preset::parse_presets;
use tallyfy_launcher::domain::settings::Settings;
use tallyfy_launcher::domain::share::ShareLink;
use tallyfy_launcher::domain::syntax::csv::write_safe_csv;
use tallyfy_launcher::domain::template::Template;
use tallyfy_launcher::domain::values::{DateOrder, EncodeContext, FixedZone};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-26T10:00:00+01:00").unwrap()
}

/// A template with one field of every type, labels in several scripts.
fn all_types() -> Template {
    Template::from_json(&json!({"data": {"id": "t1", "title": "Все типы", "prerun": [
        {"id": "f1", "alias": "name", "label": "Größe", "field_type": "text", "required": true},
        {"id": "f2", "label": "備考", "field_type": "textarea"},
        {"id": "f3", "label": "Email", "field_type": "email"},
        {"id": "f4", "label": "Date", "field_type": "date", "collect_time": true},
        {"id": "f5", "label": "Radio", "field_type": "radio", "options": [{"id": 1, "text": " Ja "}, {"id": 2, "text": "Nein"}]},
        {"id": "f6", "label": "Plan", "field_type": "dropdown", "options": [{"id": 1, "text": "Gold"}]},
        {"id": "f7", "label": "Extras", "field_type": "multiselect", "options": [{"id": 1, "text": "SSO"}, {"id": 2, "text": "API"}]},
        {"id": "f8", "label": "Items", "field_type": "table", "columns": [{"id": 1, "label": "Item"}, {"id": 2, "label": "Qty"}]},
        {"id": "f9", "label": "Who", "field_type": "assignees_form"},
        {"id": "f10", "label": "Files", "field_type": "file"}
    ]}}))
    .unwrap()
}

fn with_ctx<T>(f: impl FnOnce(&EncodeContext<'_>) -> T) -> T {
    let zone = FixedZone(FixedOffset::east_opt(3600).unwrap());
    let directory = Directory::default();
    f(&EncodeContext {
        zone: &zone,
        directory: &directory,
        date_order: DateOrder::DayFirst,
    })
}

/// Text in any script, with the characters that matter to parsers mixed in.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => any::<char>(),
            1 => prop::sample::select(vec!['{', '}', ':', '+', '-', '%', 'd', 'w', 'm', 'y', 'h', ' ', 'ö', '名', 'Я', '\u{200B}', '\u{FEFF}']),
        ],
        0..max,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// A date offset of any size and sign, as a user might type it (or not).
fn any_offset() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["+", "-", "+-", "-+", "", " + ", "--"]),
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            "[0-9]{1,40}",
            Just(String::new()),
        ],
        prop::sample::select(vec!["d", "w", "m", "y", "h", "D", "Y", "", "x", "ö", "日"]),
    )
        .prop_map(|(sign, amount, unit)| format!("{sign}{amount}{unit}"))
}

/// A strftime format made of any `%` sequences and literal text.
fn any_format() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            any::<char>().prop_map(|c| format!("%{c}")),
            "%[-_0^#]?[0-9]{0,3}[a-zA-Z%.:+]".prop_map(|s| s),
            any_text(4),
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    /// Finding: `{{Größe}}`, `{{Имя}}`, `{{名前}}` sliced a string inside a character.
    #[test]
    fn placeholders_in_any_script_never_panic(before in any_text(8), inner in any_text(16), after in any_text(8), label in any_text(12), value in any_text(12)) {
        let formula = format!("{before}{{{{{inner}}}}}{after}");
        let values = [(label.clone(), value.clone()), ("Größe".to_string(), "XL".to_string())];
        let _ = NameFormula::parse(&formula);
        let _ = render_name(&formula, &values, now());
        // A label written in another case still matches, in any script.
        let trimmed = label.trim();
        if !trimmed.is_empty() && !trimmed.contains("}}") && !trimmed.contains("{{") && !value.trim().is_empty() {
            let upper = format!("{{{{{}}}}}", trimmed.to_uppercase());
            if let Ok(name) = render_name(&upper, &values, now()) {
                prop_assert!(!name.is_empty());
            }
        }
    }

    /// Finding: `{{today+-200000000000d}}` overflowed a date sum.
    #[test]
    fn date_offsets_of_any_size_never_panic(keyword in prop::sample::select(vec!["today", "now", "TODAY", "Now"]), offset in any_offset(), format in proptest::option::of(any_format())) {
        let inner = match &format {
            Some(format) => format!("{keyword}{offset}:{format}"),
            None => format!("{keyword}{offset}"),
        };
        match render_name(&format!("Run {{{{{inner}}}}}"), &[], now()) {
            Ok(name) => prop_assert!(name.starts_with("Run")),
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    /// Any `%` sequence: an unknown code is a message, never a panic inside chrono.
    #[test]
    fn any_date_format_never_panics(format in any_format()) {
        let _ = render_name(&format!("{{{{today:{format}}}}}"), &[], now());
        let _ = render_name(&format!("{{{{now+1d:{format}}}}}"), &[], now());
    }

    /// Any bytes in a CSV cell, read as a sheet, mapped and checked against every field type
    /// with a formula that names the columns.
    #[test]
    fn csv_with_any_bytes_is_read_and_checked_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), sep in 0..4usize) {
        let text = String::from_utf8_lossy(&bytes);
        let separator = [Separator::Detect, Separator::Comma, Separator::Semicolon, Separator::Tab][sep];
        let template = all_types();
        if let Ok(sheet) = read_sheet(&text, separator) {
            let targets = auto_map(&sheet.headers, &template);
            let formula = sheet.headers.iter().map(|h| format!("{{{{{h}}}}}")).collect::<Vec<_>>().join(" ");
            with_ctx(|ctx| {
                let _ = check_rows(&CheckInput {
                    template: &template,
                    sheet: &sheet,
                    targets: &targets,
                    name: &NameSource::Formula(formula),
                    ctx,
                    now: now(),
                    history: None,
                    now_ms: i64::MAX,
                });
            });
        }
    }

    /// A sheet whose cells hold every field type's hostile values (the same cells a link or a
    /// paste would carry), checked row by row.
    #[test]
    fn hostile_cells_for_every_field_type_are_checked_without_panic(cells in proptest::collection::vec(any_text(24), 10)) {
        let template = all_types();
        let headers = ["Größe", "備考", "Email", "Date", "Radio", "Plan", "Extras", "Items", "Who", "Files"];
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(headers).unwrap();
        writer.write_record(&cells).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        if let Ok(sheet) = read_sheet(&text, Separator::Comma) {
            let targets = auto_map(&sheet.headers, &template);
            with_ctx(|ctx| {
                let _ = check_rows(&CheckInput {
                    template: &template,
                    sheet: &sheet,
                    targets: &targets,
                    name: &NameSource::Formula("{{Größe}} {{today+1d}}".into()),
                    ctx,
                    now: now(),
                    history: None,
                    now_ms: 0,
                });
            });
        }
    }

    /// Share links with any parameter: every key the format knows plus unknown ones, values in
    /// any script, then placed into the all-types form.
    #[test]
    fn share_links_with_any_parameter_never_panic(params in proptest::collection::vec((prop_oneof![
        Just("template".to_string()), Just("name".to_string()), Just("owner".to_string()),
        Just("summary".to_string()), Just("api".to_string()), Just("org".to_string()),
        Just("lv".to_string()), Just("sum".to_string()), Just("token".to_string()),
        prop::sample::select(vec!["Größe", "備考", "Email", "Date", "Radio", "Plan", "Extras", "Items", "Who", "Files", "f1", "name"]).prop_map(|f| format!("v.{f}")),
        any_text(10).prop_map(|f| format!("v.{f}")),
        any_text(10),
    ], any_text(40)), 0..10), raw_tail in any_text(20)) {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &params {
            query.append_pair(key, value);
        }
        let query = format!("{}{raw_tail}", query.finish());
        let (link, _) = ShareLink::decode(&query);
        let template = all_types();
        with_ctx(|ctx| {
            let _ = link.inputs_for(&template, ctx);
        });
        if let Some(formula) = &link.name_formula {
            let _ = render_name(formula, &[], now());
        }
        if let Some(api) = &link.api_base {
            let _ = validate_base(api);
        }
    }

    /// Any API base, typed or from a link: an answer, and an accepted base never has
    /// credentials, an IPv6 literal, whitespace, or plain http to a non-loopback host.
    #[test]
    fn api_bases_are_checked_without_panic(base in prop_oneof![
        any_text(40),
        (prop::sample::select(vec!["https://", "http://", "HTTPS://", "ftp://", "", "/", "//"]), any_text(20), prop::sample::select(vec!["", "/api", "/api/", "/./", "/../x", ":8080", ":99999", "@evil.example"]))
            .prop_map(|(s, h, t)| format!("{s}{h}{t}")),
    ]) {
        if let Ok(accepted) = validate_base(&base) {
            // A path is this site's own (a same-origin proxy): plain folders, never another host.
            if let Some(path) = accepted.strip_prefix('/') {
                prop_assert!(!path.starts_with('/') && !accepted.contains(['?', '#', '\\']), "{}", accepted);
                prop_assert!(!accepted.chars().any(|c| c.is_whitespace() || c.is_control()));
                prop_assert!(path.split('/').all(|p| !p.is_empty() && p != "." && p != ".."), "{}", accepted);
                prop_assert_eq!(web_app_host(&accepted, ""), "https://go.tallyfy.com");
                return Ok(());
            }
            let authority = accepted.split_once("://").unwrap().1.split('/').next().unwrap();
            prop_assert!(!authority.contains('@'));
            prop_assert!(!authority.starts_with('['));
            prop_assert!(!accepted.chars().any(char::is_whitespace));
            if accepted.to_ascii_lowercase().starts_with("http://") {
                let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h).to_ascii_lowercase();
                prop_assert!(host == "127.0.0.1" || host == "localhost", "{}", accepted);
            }
            let _ = web_app_host(&accepted, "");
            let _ = policy_allows("'self' https://go.tallyfy.com http://127.0.0.1:*", "https://a.example", &accepted);
        }
    }

    /// A pasted token: whatever is pasted, what is sent is visible ASCII or refused with a
    /// message, so a header is never invalid.
    #[test]
    fn pasted_tokens_are_cleaned_or_refused(typed in any_text(40)) {
        let secret = Secret::new(&typed);
        match secret.problem() {
            None => prop_assert!(secret.expose().chars().all(|c| c.is_ascii_graphic())),
            Some(message) => prop_assert!(message.contains("cannot be sent")),
        }
        if secret.problem().is_some() && !secret.is_empty() {
            prop_assert!(Connection::new("https://go.tallyfy.com/api", "o", &secret).is_err());
        }
    }

    /// Stored state edited by hand or by another version: a message, never a crash at start.
    #[test]
    fn saved_state_of_any_shape_is_read_without_panic(value in any_json()) {
        let text = value.to_string();
        let _ = Settings::from_stored(&text);
        let _ = parse_presets(&text);
        if let Ok((job, _)) = BulkJob::restore(&text) {
            let _ = (job.progress(), job.next_row(), job.results_csv());
        }
        let _ = parse_presets(&json!({"app": "tallyfy-launcher", "kind": "presets", "schema": 1, "presets": [value.clone()]}).to_string());
    }

    /// Any cell text from the server, an import or the user: no exported cell can start a
    /// spreadsheet formula, and the text is otherwise kept.
    #[test]
    fn exported_csv_cells_are_formula_safe(cells in proptest::collection::vec(any_text(12), 1..6)) {
        // A header row first, as every export has (a reader drops a byte-order mark at the start).
        let text = write_safe_csv([vec!["header".to_string()], cells.clone()]);
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        for (written, original) in row.iter().zip(&cells) {
            prop_assert!(!written.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", written);
            let quoted = format!("'{}", original);
            prop_assert!(written == original.as_str() || written == quoted.as_str());
        }
    }

    /// Links from imported or stored data are used as links only when safe.
    #[test]
    fn only_safe_run_links_become_links(link in any_text(40)) {
        if let Some(href) = trusted_run_link(&link, "https://go.tallyfy.com/api", "") {
            let lower = href.to_ascii_lowercase();
            prop_assert!(lower.starts_with("https://"));
            prop_assert!(!href.chars().any(|c| c.is_control() || c.is_whitespace()));
        }
    }

    /// Step deadlines of any shape (delays of any size and sign, dates in any script, instants
    /// with any offset) give a UTC instant or a message, never a panic; a delay never overflows.
    #[test]
    fn step_deadlines_of_any_shape_never_panic(text in prop_oneof![
        any_text(24),
        any_offset(),
        (any::<i64>(), prop::sample::select(vec!["d", "h", "w", "m", " days", " hours", "x"])).prop_map(|(n, u)| format!("+{n}{u}")),
        (any::<u32>(), 0..13u32, 0..40u32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02} 25:61")),
        any_text(10).prop_map(|t| format!("2026-12-01T10:00:00{t}")),
    ]) {
        with_ctx(|ctx| {
            if let Ok(at) = deadline_at(&text, now(), ctx) {
                prop_assert!(DateTime::parse_from_rfc3339(&at).is_ok(), "{at}");
                prop_assert!(at.ends_with('Z'));
            }
            Ok(())
        })?;
    }

    /// Tallyfy's name formats of any text become formulas that parse and render or say why.
    #[test]
    fn template_name_formats_of_any_text_never_panic(format in any_text(40), label in any_text(10)) {
        let template = Template::from_json(&json!({"id": "t", "auto_naming": true,
            "default_process_name_format": format,
            "prerun": [{"id": "f", "label": label, "field_type": "text"}]})).unwrap();
        if let Some(formula) = template.formula_from_format() {
            let _ = render_name(&formula, &[(label.trim().to_string(), "x".into())], now());
        }
    }
}

/// The five formulas that froze the page, each now a clear message (or a name).
#[test]
fn the_formulas_that_froze_the_page_give_messages() {
    let values = [("Customer name".to_string(), "Acme".to_string())];
    for formula in ["Hallo {{Größe}}", "Заявка {{Имя}}", "{{名前}} 様"] {
        assert!(
            matches!(
                render_name(formula, &values, now()),
                Err(FormulaError::Unknown { .. })
            ),
            "{formula}"
        );
    }
    for formula in [
        "{{today+-200000000000d}}",
        "{{now+-9999999999999h}}",
        "{{today-99999999999999999999w}}",
    ] {
        assert!(
            matches!(
                render_name(formula, &[], now()),
                Err(FormulaError::BadOffset { .. })
            ),
            "{formula}"
        );
    }
    // A label in another script matches case-insensitively.
    let cyrillic = [("Имя клиента".to_string(), "Иван".to_string())];
    assert_eq!(
        render_name("{{имя клиента}}", &cyrillic, now()).unwrap(),
        "Иван"
    );
    assert_eq!(
        render_name("{{today-2d}}", &[], now()).unwrap(),
        "2026-11-24"
    );
}

#[test]
fn api_bases_with_credentials_ipv6_or_dot_segments_are_refused() {
    for base in [
        "https://go.tallyfy.com@evil.example/api",
        "https://user:pass@go.tallyfy.com/api",
        "http://[::1]:8787/api",
        "https://[2001:db8::1]/api",
        "https://go.tallyfy.com/../evil",
        "https://go..tallyfy.com/api",
        "https://go.tallyfy.com:0/api",
        "https://go.tallyfy.com:123456/api",
        "https://gö.tallyfy.com/api",
        "http://evil.example/api",
        "https://go.tallyfy.com/a\\b",
    ] {
        assert!(validate_base(base).is_err(), "{base}");
    }
    for base in [
        "https://go.tallyfy.com/api/",
        "HTTPS://Go.Tallyfy.com/api",
        "http://127.0.0.1:8787/api",
        "http://localhost:3000",
        "https://xn--g-eha.example/api",
    ] {
        assert!(validate_base(base).is_ok(), "{base}");
    }
}

#[test]
fn ids_of_dot_and_dot_dot_or_blank_are_refused_as_path_segments() {
    // The browser reads "%2E" as "." too (tests/browser_transport.rs), and a blank id would
    // leave the address naming the list: either would move the request to another endpoint,
    // so each is refused, padded or not.
    let secret = Secret::new("t");
    let good = Connection::new("https://go.tallyfy.com/api", "org1", &secret).unwrap();
    for dots in [".", "..", " .. ", "\t.\n"] {
        let bad_org = Connection::new("https://go.tallyfy.com/api", dots, &secret).unwrap();
        assert!(bad_org.template("t1").is_err(), "{dots:?}");
        assert!(bad_org.users(1).is_err(), "{dots:?}");
        assert!(good.template(dots).is_err(), "{dots:?}");
        assert!(good.run(dots).is_err(), "{dots:?}");
    }
    for blank in ["", " ", "\n\t"] {
        assert!(good.template(blank).is_err(), "{blank:?}");
        assert!(good.run(blank).is_err(), "{blank:?}");
    }
    for fine in ["...", ".a", "a.", "%2e%2e", ". ."] {
        assert!(good.template(fine).is_ok(), "{fine:?}");
        assert!(good.run(fine).is_ok(), "{fine:?}");
    }
}

#[test]
fn tokens_lose_paste_noise_and_refuse_what_a_header_cannot_carry() {
    let wrapped = "abc\n  def\u{200B}ghi\u{FEFF}";
    assert_eq!(Secret::new(wrapped).expose(), "abcdefghi");
    assert!(Secret::had_noise_inside(wrapped));
    assert!(!Secret::had_noise_inside("  abc  "));
    let accented = Secret::new("tökén");
    assert!(accented.problem().is_some());
    assert!(Connection::new("https://go.tallyfy.com/api", "o", &accented).is_err());
}

#[test]
fn the_page_policy_is_read_like_a_browser_would() {
    let policy = "'self' https://go.tallyfy.com https://api.tallyfy.com http://127.0.0.1:* http://localhost:* https://*.corp.example:8443";
    let page = "https://tools.example.com";
    assert!(policy_allows(policy, page, "https://go.tallyfy.com/api"));
    assert!(policy_allows(policy, page, "http://127.0.0.1:8787/api"));
    assert!(policy_allows(
        policy,
        page,
        "https://tools.example.com/tallyfy-api"
    ));
    assert!(policy_allows(
        policy,
        page,
        "https://proxy.corp.example:8443/api"
    ));
    assert!(!policy_allows(
        policy,
        page,
        "https://proxy.corp.example/api"
    ));
    assert!(!policy_allows(policy, page, "https://evil.example/api"));
    assert!(!policy_allows(
        policy,
        page,
        "https://go.tallyfy.com.evil.example/api"
    ));
    assert!(policy_allows(
        "'self' https:",
        page,
        "https://anything.example/api"
    ));
}

#[test]
fn run_links_are_links_only_when_https_or_the_web_app() {
    assert!(trusted_run_link(
        "https://go.tallyfy.com/o/processes/r",
        "https://go.tallyfy.com/api",
        ""
    )
    .is_some());
    assert!(trusted_run_link(
        "http://127.0.0.1:9/o/processes/r",
        "http://127.0.0.1:9/api",
        ""
    )
    .is_some());
    assert!(trusted_run_link("http://evil.example/o", "https://go.tallyfy.com/api", "").is_none());
    assert!(trusted_run_link("javascript:alert(1)", "https://go.tallyfy.com/api", "").is_none());
    assert!(
        trusted_run_link("https://a.example/\u{0}", "https://go.tallyfy.com/api", "").is_none()
    );
}

/// Arbitrary JSON, a few levels deep, with the keys saved state uses.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any_text(8).prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop::sample::select(vec![
                    "id",
                    "template",
                    "sheet",
                    "rows",
                    "headers",
                    "bodies",
                    "included",
                    "outcomes",
                    "in_flight",
                    "state",
                    "api_base",
                    "org_id",
                    "history_cap",
                    "rate_limit",
                    "kind",
                    "presets",
                    "values",
                    "name",
                    "template_id",
                ])
                .prop_map(str::to_string),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn a_response_that_echoes_the_token_is_masked_before_it_is_kept() {
    let c = Connection::new(
        "https://go.tallyfy.com/api",
        "o",
        &Secret::new("tok-secret-1"),
    )
    .unwrap();
    let echoed = json!({"message": "bad", "headers": {"authorization": "Bearer tok-secret-1"}});
    let kept = c.me().redact(echoed).to_string();
    assert!(!kept.contains("tok-secret-1"));
    assert!(kept.contains("Bearer ••••••••"));
    assert_eq!(
        c.me().redact(json!({"message": "ok"})),
        json!({"message": "ok"})
    );
}
