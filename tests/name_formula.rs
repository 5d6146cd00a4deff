//! Process-name formulas: placeholders, dates, unknown names, the 550-character limit.

use chrono::{DateTime, FixedOffset};
use tallyfy_launcher::domain::formula::{
    default_formula, literal_formula, render_name, FormulaError,
};

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-15T09:05:00+01:00").unwrap()
}

fn values() -> Vec<(String, String)> {
    vec![
        ("Customer name".into(), "Globex".into()),
        ("Start date".into(), "2026-04-01".into()),
    ]
}

#[test]
fn fields_are_found_by_label_regardless_of_case_and_spacing() {
    let name = render_name(
        "Onboard {{Customer name}} / {{ start DATE }}",
        &values(),
        now(),
    )
    .unwrap();
    assert_eq!(name, "Onboard Globex / 2026-04-01");
}

#[test]
fn dates_offsets_and_formats() {
    let cases = [
        ("{{today}}", "2026-03-15"),
        ("{{today+7d}}", "2026-03-22"),
        ("{{today-1w}}", "2026-03-08"),
        ("{{today+1m}}", "2026-04-15"),
        ("{{now}}", "2026-03-15 09:05"),
        ("{{now+2h:%H:%M}}", "11:05"),
        ("{{today:%d %b %Y}}", "15 Mar 2026"),
        ("Week {{today:%V}}", "Week 11"),
    ];
    for (formula, expected) in cases {
        assert_eq!(
            render_name(formula, &values(), now()).unwrap(),
            expected,
            "{formula}"
        );
    }
}

#[test]
fn an_unknown_placeholder_names_itself_and_lists_the_valid_ones() {
    let error = render_name("Order {{Custmer name}}", &values(), now()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("Unknown placeholder {{Custmer name}}."),
        "{message}"
    );
    assert!(
        message.contains("{{Customer name}}") && message.contains("{{today}}"),
        "{message}"
    );
}

#[test]
fn malformed_formulas_say_what_is_wrong() {
    assert_eq!(
        render_name("ab {{today", &values(), now()),
        Err(FormulaError::Unclosed { position: 4 })
    );
    assert!(matches!(
        render_name("{{today+x}}", &values(), now()),
        Err(FormulaError::BadOffset { .. })
    ));
    let bad_format = render_name("{{today:%Q}}", &values(), now()).unwrap_err();
    assert!(bad_format.to_string().contains("\"%Q\""), "{bad_format}");
    assert_eq!(
        render_name("   ", &values(), now()),
        Err(FormulaError::Empty)
    );
}

#[test]
fn names_are_limited_to_550_characters() {
    let exactly = "é".repeat(550);
    assert_eq!(
        render_name(&exactly, &values(), now())
            .unwrap()
            .chars()
            .count(),
        550
    );
    let error = render_name(&format!("{exactly}{{{{today}}}}"), &values(), now()).unwrap_err();
    assert_eq!(error, FormulaError::TooLong { chars: 560 });
    assert!(error.to_string().contains("Shorten it by 10"));
}

#[test]
fn the_default_formula_uses_the_title_and_today_and_cannot_be_hijacked_by_it() {
    assert_eq!(
        default_formula("Employee onboarding"),
        "Employee onboarding – {{today}}"
    );
    let formula = default_formula("Weird {{Customer name}} title");
    assert_eq!(
        render_name(&formula, &values(), now()).unwrap(),
        "Weird { {Customer name} } title – 2026-03-15"
    );
}

/// Runs of three or more braces are broken apart too: a literal name never holds a placeholder,
/// whatever its braces (a recorded name, a bulk name cell, a schedule's fixed text).
#[test]
fn a_literal_formula_holds_no_placeholder_whatever_its_braces() {
    let now = DateTime::parse_from_rfc3339("2026-03-15T09:00:00+00:00").unwrap();
    for text in [
        "{{{x",
        "x}}}",
        "{{{{",
        "}}}}}",
        "{{{today}}}",
        "a{{b}}c{{{d}}}",
        "{{{𞟠",
        "{}{}{{}}",
    ] {
        let formula = literal_formula(text);
        assert!(
            !formula.contains("{{") && !formula.contains("}}"),
            "{text:?} -> {formula:?}"
        );
        let rendered = render_name(&formula, &[], now).unwrap();
        assert_eq!(rendered.replace(' ', ""), text.replace(' ', ""), "{text:?}");
    }
}
