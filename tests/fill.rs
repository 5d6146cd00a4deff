//! What fills the Launch form (a link, a preset, a pasted body, a recorded launch) becomes a
//! draft for the template, and what cannot be carried over is listed with why.

use std::collections::BTreeMap;

use serde_json::json;
use tallyfy_launcher::domain::body_import::read_body;
use tallyfy_launcher::domain::directory::{Directory, Member};
use tallyfy_launcher::domain::fill::Fill;
use tallyfy_launcher::domain::launch::LaunchDraft;
use tallyfy_launcher::domain::preset::Preset;
use tallyfy_launcher::domain::share::ShareLink;
use tallyfy_launcher::domain::template::Template;
use tallyfy_launcher::domain::values::{EncodeContext, FieldInput, FixedZone};

fn template() -> Template {
    Template::from_json(&json!({"data": {"id": "t1", "title": "Onboarding", "prerun": [
        {"id": "f1", "alias": "customer-name", "label": "Customer name", "field_type": "text", "required": true},
        {"id": "f2", "label": "Plan", "field_type": "dropdown", "options": [{"id": 1, "text": "Gold"}, {"id": 2, "text": "Silver"}]}
    ]}}))
    .unwrap()
}

fn directory() -> Directory {
    Directory {
        members: Some(vec![Member {
            id: 1002,
            email: "bob@example.com".into(),
            full_name: "Bob Builder".into(),
        }]),
        groups: Some(Vec::new()),
    }
}

fn fill(fill: Fill) -> (LaunchDraft, Vec<String>) {
    let zone = FixedZone::default();
    let directory = directory();
    LaunchDraft::from_fill(&template(), fill, &EncodeContext::new(&zone, &directory))
}

#[test]
fn a_link_fills_values_owner_and_summary_and_lists_what_it_could_not_place() {
    let link = ShareLink {
        template_id: Some("t1".into()),
        name_formula: Some("Onboard {{Customer name}}".into()),
        owner: Some("bob@example.com".into()),
        summary: Some("From the CRM".into()),
        values: vec![
            ("customer-name".into(), "Acme".into()),
            ("Plan".into(), "Platinum".into()),
            ("Colour".into(), "red".into()),
        ],
        ..ShareLink::default()
    };
    let (draft, problems) = fill(Fill::Link(link));
    assert_eq!(draft.name_formula, "Onboard {{Customer name}}");
    assert_eq!(draft.owner_id, Some(1002));
    assert_eq!(draft.summary, "From the CRM");
    assert_eq!(
        draft.values.get("f1"),
        Some(&FieldInput::Text("Acme".into()))
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("Platinum")));
    assert!(problems.iter().any(|p| p.contains("Colour")));

    let unknown_owner = ShareLink {
        template_id: Some("t1".into()),
        owner: Some("nobody@example.com".into()),
        ..ShareLink::default()
    };
    let (draft, problems) = fill(Fill::Link(unknown_owner));
    assert_eq!(draft.owner_id, None);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("nobody@example.com"));
}

#[test]
fn a_preset_keeps_values_that_fit_and_reports_the_others() {
    let mut values = BTreeMap::new();
    values.insert("f1".to_string(), FieldInput::Text("Globex".into()));
    values.insert("f2".to_string(), FieldInput::Text("not a choice".into()));
    values.insert("gone".to_string(), FieldInput::Text("x".into()));
    let preset = Preset {
        name: "Starter".into(),
        template_title: "Onboarding".into(),
        draft: LaunchDraft {
            template_id: "t1".into(),
            name_formula: "{{today}} run".into(),
            owner_id: Some(1002),
            summary: "Kept".into(),
            values,
            ..LaunchDraft::default()
        },
        template: None,
        relied: None,
    };
    let fill_of = Fill::Preset(Box::new(preset));
    assert_eq!(fill_of.template_id(), "t1");
    let (draft, problems) = fill(fill_of);
    assert_eq!(
        draft.values.get("f1"),
        Some(&FieldInput::Text("Globex".into()))
    );
    assert_eq!(
        (draft.owner_id, draft.summary.as_str()),
        (Some(1002), "Kept")
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn a_pasted_body_keeps_its_name_literally_and_places_values_by_alias() {
    let body = read_body(
        r#"{"checklist_id": "t1", "name": "Order {{7}}", "owner_id": 1002, "prerun": {"customer-name": "Initech", "nope": 1}}"#,
    )
    .unwrap();
    let (draft, problems) = fill(Fill::Imported(body));
    assert_eq!(draft.name_formula, "Order { {7} }");
    assert_eq!(
        draft.values.get("f1"),
        Some(&FieldInput::Text("Initech".into()))
    );
    assert_eq!(draft.owner_id, Some(1002));
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn a_recorded_body_fills_the_same_draft_it_was_built_from() {
    let zone = FixedZone::default();
    let directory = directory();
    let ctx = EncodeContext::new(&zone, &directory);
    let mut original = LaunchDraft::for_template(&template(), "Run".into(), &ctx);
    original
        .values
        .insert("f1".into(), FieldInput::Text("Acme".into()));
    let body = original
        .build(
            &template(),
            &ctx,
            chrono::DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z").unwrap(),
        )
        .unwrap();
    let (draft, problems) = fill(Fill::Body(body));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        draft.values.get("f1"),
        Some(&FieldInput::Text("Acme".into()))
    );
}

/// A template with steps (one left to the launcher, one for a role) and a role.
fn with_steps() -> Template {
    Template::from_json(
        &json!({"data": {"id": "t2", "title": "Escalation", "prerun": [
            {"id": "f1", "label": "Incident", "field_type": "text", "required": true}
        ], "roles": [{"id": "r1", "name": "On-call manager"}],
        "steps": {"data": [
            {"id": "s1", "alias": "triage", "title": "Triage", "position": 1, "assignees": [1002]},
            {"id": "s2", "title": "Page the on-call manager", "position": 2, "roles": ["r1"]},
            {"id": "s3", "title": "Notify the customer", "position": 3,
             "deadline": {"value": 2, "unit": "days", "option": "from", "step": "start_run"}}
        ]}}}),
    )
    .unwrap()
}

/// Every way of launching carries the same step and role assignments: the form's draft, a
/// preset of it, a share link made from it, and the recorded body ("Launch again") all build
/// the same `tasks` and `roles`.
#[test]
fn step_assignments_survive_every_way_of_launching() {
    use tallyfy_launcher::domain::assign::Assignment;
    let template = with_steps();
    let zone = FixedZone::default();
    let directory = Directory {
        groups: Some(vec![tallyfy_launcher::domain::directory::Group {
            id: "g1".into(),
            name: "Finance".into(),
        }]),
        ..directory()
    };
    let ctx = EncodeContext::new(&zone, &directory);
    let now = chrono::DateTime::parse_from_rfc3339("2026-03-01T10:00:00+01:00").unwrap();
    assert_eq!(
        template
            .steps_for_assignment()
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["s2", "s3", "s1"],
        "steps left to the launcher come first"
    );
    let mut draft = LaunchDraft::for_template(&template, "Incident {{Incident}}".into(), &ctx);
    draft
        .values
        .insert("f1".into(), FieldInput::Text("Outage".into()));
    draft.steps.insert(
        "s2".into(),
        Assignment::from_text("bob@example.com, Finance, guest@partner.example", "+2d"),
    );
    draft
        .steps
        .insert("s3".into(), Assignment::from_text("", "2026-03-05 09:30"));
    draft
        .roles
        .insert("r1".into(), Assignment::from_text("bob@example.com", ""));
    let body = draft.build(&template, &ctx, now).unwrap();
    assert_eq!(
        serde_json::Value::Object(body.tasks.clone()),
        json!({
            "s2": {"deadline": "2026-03-03T09:00:00Z",
                   "owners": {"users": [1002], "guests": ["guest@partner.example"], "groups": ["g1"]}},
            "s3": {"deadline": "2026-03-05T09:30:00Z"}
        })
    );
    assert_eq!(
        serde_json::Value::Object(body.roles.clone()),
        json!({"r1": {"users": [1002], "guests": [], "groups": []}})
    );

    let rebuild = |fill: Fill| {
        let (again, problems) = LaunchDraft::from_fill(&template, fill, &ctx);
        assert!(problems.is_empty(), "{problems:?}");
        let rebuilt = again.build(&template, &ctx, now).unwrap();
        (rebuilt.tasks, rebuilt.roles)
    };
    let expected = (body.tasks.clone(), body.roles.clone());
    // A preset.
    let preset = Preset {
        name: "P".into(),
        template_title: String::new(),
        draft: LaunchDraft {
            template_id: "t2".into(),
            options: Default::default(),
            ..draft.clone()
        },
        template: None,
        relied: None,
    };
    let through_file = tallyfy_launcher::domain::preset::parse_presets(
        &tallyfy_launcher::domain::preset::export_presets(&[preset]),
    )
    .unwrap();
    assert_eq!(
        rebuild(Fill::Preset(Box::new(through_file[0].clone()))),
        expected
    );
    // A share link, through its text.
    let mut link = ShareLink {
        template_id: Some("t2".into()),
        values: vec![("Incident".into(), "Outage".into())],
        ..ShareLink::default()
    };
    link.add_assignments(
        &template,
        &(draft.steps.clone(), draft.roles.clone()),
        &directory,
    );
    let text = link.encode();
    assert!(text.contains("a.Page+the+on-call+manager="), "{text}");
    let (decoded, problems) = ShareLink::decode(&text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(rebuild(Fill::Link(decoded)), expected);
    // "Launch again": the recorded body.
    assert_eq!(rebuild(Fill::Body(body.clone())), expected);
    // A link naming a step or role the template does not have says so.
    let (wrong, _) = ShareLink::decode("a.Deploy=bob@example.com&r.Chef=x@y.example");
    let (_, problems) = LaunchDraft::from_fill(
        &template,
        Fill::Link(ShareLink {
            template_id: Some("t2".into()),
            ..wrong
        }),
        &ctx,
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("\"Deploy\""), "{problems:?}");
}

/// The seed's own Workato body (old shape): every value it carries is placed or reported, the
/// boolean reaches the Yes/No radio, and the owner placeholder is reported, never dropped.
#[test]
fn the_seed_workato_body_reports_every_value_it_cannot_carry() {
    let template = Template::from_json(
        &json!({"data": {"id": "nh", "title": "New hire", "prerun": [
            {"id": "f1", "label": "Employee name", "field_type": "text", "required": true},
            {"id": "f2", "label": "Start date", "field_type": "date", "required": true},
            {"id": "f3", "label": "Remote worker", "field_type": "radio",
             "options": [{"id": 1, "text": "Yes"}, {"id": 2, "text": "No"}]},
            {"id": "f4", "label": "Contractor", "field_type": "dropdown",
             "options": [{"id": 7, "text": " True "}, {"id": 8, "text": "False"}]}
        ]}}),
    )
    .unwrap();
    let body = read_body(
        r#"{"blueprint_id": "nh", "title": "Onboard Jane", "owner_id": "hr_manager_id",
            "organization_id": "org", "starred": true, "is_public": true,
            "prerun": {"employee_name": "Jane Doe", "start_date": "2026-12-01", "remote_worker": true,
                       "contractor": false, "badge_colour": "blue"}}"#,
    )
    .unwrap();
    let zone = FixedZone::default();
    let directory = directory();
    let (draft, problems) = LaunchDraft::from_fill(
        &template,
        Fill::Imported(body),
        &EncodeContext::new(&zone, &directory),
    );
    assert_eq!(draft.values["f1"], FieldInput::Text("Jane Doe".into()));
    assert_eq!(draft.values["f3"], FieldInput::Choice(Some(1)));
    assert_eq!(draft.values["f4"], FieldInput::Choice(Some(8)));
    assert_eq!(draft.owner_id, None);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems.iter().any(|p| p.contains("hr_manager_id")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("badge_colour")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("is_public")),
        "{problems:?}"
    );
    assert!(draft.options.starred, "starred is carried");
}

/// The template a preset was saved for, and the same template edited afterwards: a field
/// removed, an option renamed and one removed, a field of another type, a new required field,
/// a step removed.
fn before_and_after() -> (Template, Template) {
    let before = Template::from_json(&json!({"data": {"id": "t1", "title": "Orders", "prerun": [
        {"id": "f1", "label": "Customer", "field_type": "text", "required": true},
        {"id": "f2", "label": "Tier", "field_type": "dropdown", "options": [{"id": 1, "text": "Gold"}, {"id": 2, "text": "Silver"}]},
        {"id": "f3", "label": "Extras", "field_type": "multiselect", "options": [{"id": 1, "text": "Wrap"}, {"id": 2, "text": "Card"}]},
        {"id": "f4", "label": "Notes", "field_type": "textarea"},
        {"id": "f5", "label": "Count", "field_type": "text"}
    ], "steps": [{"id": "s1", "title": "Pack"}, {"id": "s2", "title": "Ship"}]}}))
    .unwrap();
    let after = Template::from_json(&json!({"data": {"id": "t1", "title": "Orders", "prerun": [
        {"id": "f1", "label": "Customer", "field_type": "text", "required": true},
        {"id": "f2", "label": "Tier", "field_type": "dropdown", "options": [{"id": 1, "text": "Golden"}, {"id": 2, "text": "Silver"}]},
        {"id": "f3", "label": "Extras", "field_type": "multiselect", "options": [{"id": 1, "text": "Wrap"}]},
        {"id": "f5", "label": "Count", "field_type": "dropdown", "options": [{"id": 1, "text": "1"}]},
        {"id": "f6", "label": "Cost centre", "field_type": "text", "required": true}
    ], "steps": [{"id": "s1", "title": "Pack"}]}}))
    .unwrap();
    (before, after)
}

/// A preset says what changed in its template since it was saved, cause by cause (issue 25 §3);
/// a recorded launch ("Launch again") says the causes its unplaced values do not.
#[test]
fn a_preset_or_a_recorded_launch_says_what_changed_in_its_template() {
    use tallyfy_launcher::domain::assign::Assignment;
    let (before, after) = before_and_after();
    let mut values = BTreeMap::new();
    values.insert("f1".to_string(), FieldInput::Text("Acme".into()));
    values.insert("f2".to_string(), FieldInput::Choice(Some(1)));
    values.insert("f3".to_string(), FieldInput::Multi(vec![1, 2]));
    values.insert("f4".to_string(), FieldInput::Text("Fragile".into()));
    values.insert("f5".to_string(), FieldInput::Text("3".into()));
    let mut steps = BTreeMap::new();
    steps.insert(
        "s2".to_string(),
        Assignment {
            people: "bob@example.com".into(),
            ..Assignment::default()
        },
    );
    let draft = LaunchDraft {
        template_id: "t1".into(),
        values,
        steps,
        ..LaunchDraft::default()
    };
    let preset = Preset::named("Weekly order", &before, draft.clone(), false);
    // Through the presets file, as a teammate would get it.
    let preset = tallyfy_launcher::domain::preset::parse_presets(
        &tallyfy_launcher::domain::preset::export_presets(&[preset]),
    )
    .unwrap()
    .remove(0);
    let zone = FixedZone::default();
    let directory = directory();
    let ctx = EncodeContext::new(&zone, &directory);
    let (filled, problems) = LaunchDraft::from_fill(&after, Fill::Preset(Box::new(preset)), &ctx);
    assert_eq!(
        problems,
        [
            "Since the preset was saved, field \"Tier\": the option \"Gold\" is now called \"Golden\".",
            "Since the preset was saved, field \"Extras\" no longer has the option \"Card\".",
            "Since the preset was saved, field \"Notes\" is no longer in the template.",
            "Since the preset was saved, field \"Count\" is now of type dropdown (it was text).",
            "Since the preset was saved, field \"Cost centre\" is now required, and this does not fill it.",
            "Since the preset was saved, step \"Ship\" is no longer in the template.",
        ]
    );
    assert_eq!(
        filled.values.get("f1"),
        Some(&FieldInput::Text("Acme".into()))
    );
    // Unchanged, nothing to say.
    let same = Preset::named("Same", &before, draft.clone(), false);
    assert!(
        LaunchDraft::from_fill(&before, Fill::Preset(Box::new(same)), &ctx)
            .1
            .is_empty()
    );

    // A recorded launch: its body alone, no labels then; the current labels name the fields.
    let (body, _) = draft.assemble(
        &before,
        &ctx,
        chrono::DateTime::parse_from_rfc3339("2026-12-07T07:30:00Z").unwrap(),
    );
    let (_, problems) = LaunchDraft::from_fill(&after, Fill::Body(body), &ctx);
    let causes: Vec<&String> = problems
        .iter()
        .filter(|p| p.starts_with("Since this launch"))
        .collect();
    assert_eq!(
        causes,
        [
            "Since this launch, field \"Tier\": the option \"Gold\" is now called \"Golden\".",
            "Since this launch, field \"Extras\" no longer has the option \"Card\".",
            "Since this launch, field \"Cost centre\" is now required, and this does not fill it.",
        ]
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("field f4 is no longer in the template")),
        "{problems:?}"
    );
}

/// A template with a people field beside a text field.
fn with_people_field() -> Template {
    Template::from_json(&json!({"data": {"id": "t3", "title": "Review", "prerun": [
        {"id": "f1", "label": "Topic", "field_type": "text"},
        {"id": "f9", "label": "Reviewers", "field_type": "assignees_form"}
    ]}}))
    .unwrap()
}

#[test]
fn a_fill_that_reads_no_people_gives_the_same_draft_before_the_members_are_in() {
    let zone = FixedZone::default();
    let known = directory();
    let unknown = Directory::default();
    let links = [
        (template(), ShareLink::default(), false),
        (
            template(),
            ShareLink {
                values: vec![("customer-name".into(), "Acme".into())],
                name_formula: Some("Onboard".into()),
                summary: Some("From a link".into()),
                ..ShareLink::default()
            },
            false,
        ),
        (
            with_people_field(),
            ShareLink {
                values: vec![("Topic".into(), "Pricing".into())],
                ..ShareLink::default()
            },
            true,
        ),
        (
            template(),
            ShareLink {
                owner: Some("bob@example.com".into()),
                ..ShareLink::default()
            },
            true,
        ),
        (
            template(),
            ShareLink {
                step_people: vec![("s1".into(), "bob@example.com".into())],
                ..ShareLink::default()
            },
            true,
        ),
        (
            template(),
            ShareLink {
                role_people: vec![("Approver".into(), "bob@example.com".into())],
                ..ShareLink::default()
            },
            true,
        ),
    ];
    for (template, link, reads) in links {
        let fill = Fill::Link(link);
        assert_eq!(fill.reads_people(&template), reads, "{fill:?}");
        if !reads {
            let before = LaunchDraft::from_fill(
                &template,
                fill.clone(),
                &EncodeContext::new(&zone, &unknown),
            );
            let after = LaunchDraft::from_fill(&template, fill, &EncodeContext::new(&zone, &known));
            assert_eq!(before, after);
        }
    }
    let body = read_body(r#"{"checklist_id": "t1", "prerun": {}}"#).unwrap();
    assert!(Fill::Imported(body).reads_people(&template()));
}

/// A link that only opens its template is placed without the readers for values (the app keeps
/// them in a chunk of their own): its draft must be the one the full fill gives, with nothing to
/// report; any link that carries something, however little, goes through the full fill.
#[test]
fn a_link_that_only_opens_its_template_gives_the_full_fills_draft() {
    let zone = FixedZone::default();
    let directory = directory();
    let ctx = EncodeContext::new(&zone, &directory);
    for template in [template(), with_steps()] {
        let bare = ShareLink {
            template_id: Some(template.id.clone()),
            ..ShareLink::default()
        };
        let elsewhere = ShareLink {
            api_base: Some("https://go.tallyfy.com/api".into()),
            org: Some("org1".into()),
            ..bare.clone()
        };
        for link in [bare.clone(), elsewhere] {
            let quick = Fill::Link(link.clone()).bare_draft(&template);
            let (full, problems) = LaunchDraft::from_fill(&template, Fill::Link(link), &ctx);
            assert_eq!(quick, Some(full));
            assert!(problems.is_empty(), "{problems:?}");
        }
        let pair = || vec![(String::new(), String::new())];
        let carrying = [
            ShareLink {
                name_formula: Some(String::new()),
                ..bare.clone()
            },
            ShareLink {
                owner: Some(String::new()),
                ..bare.clone()
            },
            ShareLink {
                summary: Some(String::new()),
                ..bare.clone()
            },
            ShareLink {
                values: pair(),
                ..bare.clone()
            },
            ShareLink {
                step_people: pair(),
                ..bare.clone()
            },
            ShareLink {
                step_deadlines: pair(),
                ..bare.clone()
            },
            ShareLink {
                role_people: pair(),
                ..bare.clone()
            },
        ];
        for link in carrying {
            assert_eq!(
                Fill::Link(link.clone()).bare_draft(&template),
                None,
                "{link:?}"
            );
        }
        let draft = LaunchDraft::for_template(&template, template.initial_formula(), &ctx);
        let preset = Preset::of_form(&template, draft, false);
        assert_eq!(Fill::Preset(Box::new(preset)).bare_draft(&template), None);
    }
    // A template whose defaults need the readers (a choice's, here) is not placed in place:
    // the full fill reads them.
    let mut chosen = template();
    chosen.fields[1].default_value = json!({"id": 2, "text": "Silver"});
    let bare = Fill::Link(ShareLink {
        template_id: Some(chosen.id.clone()),
        ..ShareLink::default()
    });
    assert_eq!(bare.bare_draft(&chosen), None);
    let (full, _) = LaunchDraft::from_fill(&chosen, bare, &ctx);
    assert_eq!(full.values["f2"], FieldInput::Choice(Some(2)));
}

/// What was typed for a field is offered again to the next template with a field of that id; a
/// field the user emptied is forgotten (the next form starts it as its template says), even
/// after an earlier form remembered something for it.
#[test]
fn a_typed_field_is_remembered_for_the_next_form_and_an_emptied_one_forgotten() {
    let zone = FixedZone::default();
    let directory = directory();
    let ctx = EncodeContext::new(&zone, &directory);
    let template = template();
    let fresh = || LaunchDraft::for_template(&template, template.initial_formula(), &ctx);
    let mut memory = BTreeMap::new();

    let mut typed = fresh();
    typed
        .values
        .insert("f1".into(), FieldInput::Text("Acme".into()));
    typed.remember_into(&mut memory);
    let mut next = fresh();
    next.apply_remembered(&template, &memory);
    assert_eq!(
        next.values.get("f1"),
        Some(&FieldInput::Text("Acme".into()))
    );

    for blank in ["", "   "] {
        let mut emptied = fresh();
        emptied
            .values
            .insert("f1".into(), FieldInput::Text(blank.into()));
        emptied.remember_into(&mut memory);
        let mut after = fresh();
        after.apply_remembered(&template, &memory);
        assert_eq!(
            after.values.get("f1"),
            fresh().values.get("f1"),
            "{blank:?}"
        );
    }
}
