//! Each of the ten field types: valid input encodes to exactly the shape in
//! `../shared/tallyfy-api.md` section 3; invalid input gives a message that says what to fix.

mod common;

use chrono::FixedOffset;
use serde_json::{json, Value};
use tallyfy_launcher::domain::directory::{Directory, Group, Member};
use tallyfy_launcher::domain::template::{Field, FieldType};
use tallyfy_launcher::domain::values::{
    encode, DateOrder, EncodeContext, FieldError, FieldInput, FileEntry, FixedZone,
};

fn directory() -> Directory {
    Directory {
        members: Some(vec![
            Member {
                id: 1001,
                email: "alice@example.com".into(),
                full_name: "Alice Admin".into(),
            },
            Member {
                id: 1002,
                email: "bob@example.com".into(),
                full_name: "Bob Builder".into(),
            },
        ]),
        groups: Some(vec![Group {
            id: "g-fin".into(),
            name: "Finance".into(),
        }]),
    }
}

/// Runs `f` with a context in the given UTC offset (hours).
fn with_ctx<T>(offset_hours: i32, f: impl FnOnce(&EncodeContext<'_>) -> T) -> T {
    let zone = FixedZone(FixedOffset::east_opt(offset_hours * 3600).unwrap());
    let dir = directory();
    let ctx = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::DayFirst,
    };
    f(&ctx)
}

fn field(field_type: FieldType) -> Field {
    let mut f = Field::new("f1", "Test field", field_type);
    f.options = common::options(&["Bronze", "Silver", "Gold"]);
    f.columns = common::columns(&["Item", "Qty"]);
    f
}

fn ok(field: &Field, input: FieldInput) -> Value {
    with_ctx(0, |ctx| encode(field, &input, ctx))
        .expect("valid")
        .expect("a value, not omitted")
}

fn err(field: &Field, input: FieldInput) -> FieldError {
    with_ctx(0, |ctx| encode(field, &input, ctx)).expect_err("invalid")
}

#[test]
fn text_is_a_string_within_its_limit() {
    let mut f = field(FieldType::Text);
    assert_eq!(
        ok(&f, FieldInput::Text("Acme Corp".into())),
        json!("Acme Corp")
    );
    // Tallyfy caps short text at 200 characters when the field states no limit.
    assert!(matches!(
        err(&f, FieldInput::Text("x".repeat(201))),
        FieldError::TooLong {
            limit: 200,
            over: 1,
            ..
        }
    ));
    // Characters, not bytes: 200 letters of any script fit, 201 do not.
    for letter in ["é", "日", "🙂"] {
        assert_eq!(
            with_ctx(0, |ctx| encode(
                &f,
                &FieldInput::Text(letter.repeat(200)),
                ctx
            )),
            Ok(Some(json!(letter.repeat(200)))),
            "{letter}"
        );
        assert!(matches!(
            err(&f, FieldInput::Text(letter.repeat(201))),
            FieldError::TooLong { over: 1, .. }
        ));
    }
    let mut long = field(FieldType::Textarea);
    assert!(with_ctx(0, |ctx| encode(
        &long,
        &FieldInput::Text("日".repeat(30_000)),
        ctx
    ))
    .is_ok());
    long.max_length = None;
    assert!(matches!(
        err(&long, FieldInput::Text("日".repeat(30_001))),
        FieldError::TooLong {
            limit: 30_000,
            over: 1,
            ..
        }
    ));
    f.max_length = Some(5);
    let error = err(&f, FieldInput::Text("éééééééé".into()));
    assert!(
        matches!(&error, FieldError::TooLong { detail, limit: 5, over: 3 } if detail == "8 characters"),
        "{error:?}"
    );
    // The words people see.
    assert!(error.to_string().contains("limit is 5"), "{error}");
}

#[test]
fn textarea_keeps_line_breaks() {
    let f = field(FieldType::Textarea);
    assert_eq!(
        ok(&f, FieldInput::Text("one\ntwo".into())),
        json!("one\ntwo")
    );
    assert!(matches!(
        err(&f, FieldInput::Text("x".repeat(30_001))),
        FieldError::TooLong { limit: 30_000, .. }
    ));
}

#[test]
fn email_must_be_an_address() {
    let f = field(FieldType::Email);
    assert_eq!(
        ok(&f, FieldInput::Text(" ops@globex.example ".into())),
        json!("ops@globex.example")
    );
    for bad in ["ops", "ops@globex", "ops @globex.example", "a@b@c.example"] {
        assert_eq!(
            err(&f, FieldInput::Text(bad.into())),
            FieldError::NotEmail { text: bad.into() },
            "{bad}"
        );
    }
}

#[test]
fn date_without_time_is_midnight_utc_of_that_day() {
    let f = field(FieldType::Date);
    let input = FieldInput::Date {
        date: "2026-03-15".into(),
        time: String::new(),
    };
    // The calendar date, whatever the user's zone.
    assert_eq!(
        with_ctx(-8, |ctx| encode(&f, &input, ctx)).unwrap(),
        Some(json!("2026-03-15T00:00:00.000Z"))
    );
    assert_eq!(
        err(
            &f,
            FieldInput::Date {
                date: "2026-02-30".into(),
                time: String::new()
            }
        ),
        FieldError::NotRealDate {
            text: "2026-02-30".into()
        }
    );
}

#[test]
fn date_with_time_converts_local_time_to_utc() {
    let mut f = field(FieldType::Date);
    f.collect_time = true;
    let input = FieldInput::Date {
        date: "2026-03-15".into(),
        time: "09:30".into(),
    };
    assert_eq!(
        with_ctx(2, |ctx| encode(&f, &input, ctx)).unwrap(),
        Some(json!("2026-03-15T07:30:00.000Z"))
    );
    assert_eq!(
        with_ctx(-5, |ctx| encode(&f, &input, ctx)).unwrap(),
        Some(json!("2026-03-15T14:30:00.000Z"))
    );
    assert_eq!(
        err(
            &f,
            FieldInput::Date {
                date: "2026-03-15".into(),
                time: String::new()
            }
        ),
        FieldError::TimeMissing
    );
    assert_eq!(
        err(
            &f,
            FieldInput::Date {
                date: "2026-03-15".into(),
                time: "25:00".into()
            }
        ),
        FieldError::BadTime {
            text: "25:00".into()
        }
    );
}

#[test]
fn radio_sends_the_option_text_bare() {
    let f = field(FieldType::Radio);
    assert_eq!(ok(&f, FieldInput::Choice(Some(2))), json!("Silver"));
    assert_eq!(err(&f, FieldInput::Choice(Some(9))), FieldError::OptionGone);
}

#[test]
fn dropdown_sends_id_and_text_of_one_option() {
    let f = field(FieldType::Dropdown);
    assert_eq!(
        ok(&f, FieldInput::Choice(Some(3))),
        json!({"id": 3, "text": "Gold"})
    );
}

#[test]
fn multiselect_sends_selected_pairs_in_template_order() {
    let f = field(FieldType::Multiselect);
    assert_eq!(
        ok(&f, FieldInput::Multi(vec![3, 1])),
        json!([{"id": 1, "text": "Bronze", "selected": true}, {"id": 3, "text": "Gold", "selected": true}])
    );
    let mut required = f.clone();
    required.required = true;
    assert_eq!(
        err(&required, FieldInput::Multi(vec![])),
        FieldError::Required
    );
}

#[test]
fn table_sends_one_entry_per_column_and_is_omitted_when_empty() {
    let f = field(FieldType::Table);
    let one_row = FieldInput::Table(vec![
        vec!["Pens".into(), "4".into()],
        vec![String::new(), String::new()],
    ]);
    assert_eq!(ok(&f, one_row), json!(["Pens", "4"]));
    let two_rows = FieldInput::Table(vec![
        vec!["Pens".into(), "4".into()],
        vec!["Ink".into(), "2".into()],
    ]);
    // Tallyfy takes one row at launch: a second filled row is refused, in words.
    assert_eq!(err(&f, two_rows), FieldError::TableOneRow { rows: 2 });
    let empty = FieldInput::Table(vec![vec![String::new(), String::new()]]);
    assert_eq!(
        with_ctx(0, |ctx| encode(&f, &empty, ctx)).unwrap(),
        None,
        "an empty table is left out"
    );
    let ragged = FieldInput::Table(vec![vec!["Pens".into(), String::new()]]);
    assert_eq!(
        err(&f, ragged),
        FieldError::RowIncomplete {
            row: 1,
            missing: "Qty".into()
        }
    );
}

#[test]
fn assignees_send_users_guests_and_groups() {
    let f = field(FieldType::AssigneesForm);
    let input = FieldInput::Assignees {
        users: vec![1002],
        groups: vec!["g-fin".into()],
        guests: "a@x.example, b@y.example".into(),
    };
    assert_eq!(
        ok(&f, input),
        json!({"users": [1002], "guests": ["a@x.example", "b@y.example"], "groups": ["g-fin"]})
    );
    let unknown = FieldInput::Assignees {
        users: vec![7],
        groups: vec![],
        guests: String::new(),
    };
    assert_eq!(err(&f, unknown), FieldError::UnknownMember { id: 7 });
    let bad_guest = FieldInput::Assignees {
        users: vec![],
        groups: vec![],
        guests: "nobody".into(),
    };
    assert_eq!(
        err(&f, bad_guest),
        FieldError::GuestNotEmail {
            text: "nobody".into()
        }
    );
}

/// Every way a person can be named in the assignee text (a member's email, a group's name, an
/// outside email), before and after the members and groups are loaded: a member is always sent
/// as a member, never invited as a guest.
#[test]
fn people_named_by_text_are_resolved_once_the_lists_are_known() {
    let f = field(FieldType::AssigneesForm);
    let zone = FixedZone::default();
    let unloaded = Directory::default();
    let early = EncodeContext::new(&zone, &unloaded);
    // Read before the lists are in: names stay as typed, nothing is refused or decided.
    let input = FieldInput::from_text(&f, "BOB@example.com; Finance; guest@out.example", &early)
        .expect("kept as typed");
    assert_eq!(
        input,
        FieldInput::Assignees {
            users: vec![],
            groups: vec![],
            guests: "BOB@example.com, Finance, guest@out.example".into()
        }
    );
    // Built once the lists are in: the member and the group are resolved.
    assert_eq!(
        ok(&f, input.clone()),
        json!({"users": [1002], "guests": ["guest@out.example"], "groups": ["g-fin"]})
    );
    // Built while they could not be loaded: emails go as guests; a name cannot be checked.
    assert_eq!(
        encode(&f, &input, &early),
        Err(FieldError::CouldNotCheck {
            text: "Finance".into()
        })
    );
    // Typed into the guest box by hand, a member's email still goes as that member.
    let typed = FieldInput::Assignees {
        users: vec![1002],
        groups: vec![],
        guests: "alice@example.com bob@example.com".into(),
    };
    assert_eq!(
        ok(&f, typed),
        json!({"users": [1002, 1001], "guests": [], "groups": []})
    );
    // Once loaded, a name that is no group is refused at once.
    assert_eq!(
        with_ctx(0, |ctx| FieldInput::from_text(&f, "Marketing", ctx)),
        Err(FieldError::NotAnAssignee {
            text: "Marketing".into()
        })
    );
}

#[test]
fn files_send_url_objects_with_a_default_name() {
    let f = field(FieldType::File);
    let input = FieldInput::Files(vec![
        FileEntry {
            filename: String::new(),
            url: "https://files.example/docs/contract.pdf?sig=1".into(),
        },
        FileEntry {
            filename: "Scan".into(),
            url: "http://files.example/s.png".into(),
        },
    ]);
    assert_eq!(
        ok(&f, input),
        json!([
            {"filename": "contract.pdf", "source": "url", "url": "https://files.example/docs/contract.pdf?sig=1"},
            {"filename": "Scan", "source": "url", "url": "http://files.example/s.png"}
        ])
    );
    let bad = FieldInput::Files(vec![FileEntry {
        filename: "x".into(),
        url: "ftp://files.example/x".into(),
    }]);
    assert!(matches!(
        err(&f, bad),
        FieldError::BadFileUrl { index: 1, .. }
    ));
}

#[test]
fn required_fields_refuse_blank_input_and_optional_ones_are_left_out() {
    for t in FieldType::ALL {
        let mut f = field(t.clone());
        let blank = FieldInput::empty_for(&f);
        assert_eq!(
            with_ctx(0, |ctx| encode(&f, &blank, ctx)),
            Ok(None),
            "{t:?} optional blank"
        );
        f.required = true;
        assert_eq!(err(&f, blank), FieldError::Required, "{t:?} required blank");
    }
}

#[test]
fn unsupported_types_are_never_sent() {
    let mut f = Field::new("u", "Signature", FieldType::from("signature".to_string()));
    assert_eq!(
        with_ctx(0, |ctx| encode(&f, &FieldInput::Unsupported, ctx)),
        Ok(None)
    );
    f.required = true;
    assert_eq!(
        err(&f, FieldInput::Unsupported),
        FieldError::UnsupportedRequired {
            type_name: "signature".into()
        }
    );
}

#[test]
fn text_cells_convert_through_the_same_path() {
    with_ctx(0, |ctx| {
        let dropdown = field(FieldType::Dropdown);
        assert_eq!(
            FieldInput::from_text(&dropdown, " gold ", ctx),
            Ok(FieldInput::Choice(Some(3)))
        );
        assert_eq!(
            FieldInput::from_text(&dropdown, "Platinum", ctx),
            Err(FieldError::NotAnOption {
                text: "Platinum".into(),
                choices: "\"Bronze\", \"Silver\", \"Gold\"".into()
            })
        );
        let multi = field(FieldType::Multiselect);
        assert_eq!(
            FieldInput::from_text(&multi, "Gold; Bronze", ctx),
            Ok(FieldInput::Multi(vec![3, 1]))
        );
        let date = field(FieldType::Date);
        for text in [
            "2026-03-15",
            "15/03/2026",
            "15 Mar 2026",
            "March 15, 2026",
            "2026-03-15T00:00:00.000Z",
        ] {
            assert_eq!(
                FieldInput::from_text(&date, text, ctx),
                Ok(FieldInput::Date {
                    date: "2026-03-15".into(),
                    time: String::new()
                }),
                "{text}"
            );
        }
        let table = field(FieldType::Table);
        assert_eq!(
            FieldInput::from_text(&table, "Pens; 4", ctx),
            Ok(FieldInput::Table(vec![vec!["Pens".into(), "4".into()]]))
        );
        assert_eq!(
            FieldInput::from_text(&table, r#"[["Pens","4"],["Ink","2"]]"#, ctx),
            Ok(FieldInput::Table(vec![
                vec!["Pens".into(), "4".into()],
                vec!["Ink".into(), "2".into()]
            ]))
        );
        let people = field(FieldType::AssigneesForm);
        assert_eq!(
            FieldInput::from_text(&people, "bob@example.com; Finance; guest@out.example", ctx),
            Ok(FieldInput::Assignees {
                users: vec![1002],
                groups: vec!["g-fin".into()],
                guests: "guest@out.example".into()
            })
        );
    });
    let zone = FixedZone::default();
    let dir = Directory::default();
    let month_first = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::MonthFirst,
    };
    assert_eq!(
        FieldInput::from_text(&field(FieldType::Date), "03/15/2026", &month_first),
        Ok(FieldInput::Date {
            date: "2026-03-15".into(),
            time: String::new()
        })
    );
}

#[test]
fn encoded_values_read_back_into_the_same_input() {
    let zone = FixedZone(FixedOffset::east_opt(3600).unwrap());
    let mut timed = field(FieldType::Date);
    timed.collect_time = true;
    let cases = vec![
        (field(FieldType::Text), FieldInput::Text("Acme".into())),
        (field(FieldType::Radio), FieldInput::Choice(Some(2))),
        (field(FieldType::Dropdown), FieldInput::Choice(Some(1))),
        (field(FieldType::Multiselect), FieldInput::Multi(vec![1, 2])),
        (
            field(FieldType::Table),
            FieldInput::Table(vec![vec!["a".into(), "1".into()]]),
        ),
        (
            timed,
            FieldInput::Date {
                date: "2026-07-01".into(),
                time: "18:45".into(),
            },
        ),
        (
            field(FieldType::File),
            FieldInput::Files(vec![FileEntry {
                filename: "c.pdf".into(),
                url: "https://x.example/c.pdf".into(),
            }]),
        ),
    ];
    let dir = directory();
    let ctx = EncodeContext {
        zone: &zone,
        directory: &dir,
        date_order: DateOrder::DayFirst,
    };
    for (f, input) in cases {
        let value = encode(&f, &input, &ctx).unwrap().unwrap();
        assert_eq!(
            FieldInput::from_api_value(&f, &value, &zone),
            Some(input.clone()),
            "{value}"
        );
    }
}

/// A choice field filled from a list in Tallyfy comes with no options: it is still filled, by
/// its text, in the shape of its type, and reads back from what it sent.
#[test]
fn choices_backed_by_a_list_with_no_options_are_filled_by_text() {
    let zone = FixedZone::default();
    let dir = directory();
    let ctx = EncodeContext::new(&zone, &dir);
    for (field_type, text, sent) in [
        (FieldType::Radio, "Blue", json!("Blue")),
        (
            FieldType::Dropdown,
            " MacBook Air ",
            json!({"text": "MacBook Air"}),
        ),
        (
            FieldType::Multiselect,
            "SSO; API",
            json!([{"text": "SSO", "selected": true}, {"text": "API", "selected": true}]),
        ),
    ] {
        let f = Field::new("f1", "Listed", field_type.clone());
        assert!(f.is_list_backed());
        assert_eq!(FieldInput::empty_for(&f), FieldInput::Text(String::new()));
        let input = FieldInput::from_text(&f, text, &ctx).expect("any text");
        assert_eq!(
            encode(&f, &input, &ctx),
            Ok(Some(sent.clone())),
            "{field_type:?}"
        );
        let back = FieldInput::from_api_value(&f, &sent, &zone).expect("reads back");
        assert_eq!(encode(&f, &back, &ctx), Ok(Some(sent)), "{field_type:?}");
    }
}

/// A link or a cell names an option in any case, in any script: the option it names is chosen,
/// and writing that choice back as text reads back as the same option.
#[test]
fn options_are_named_ignoring_case_in_any_script() {
    with_ctx(0, |ctx| {
        let mut dropdown = field(FieldType::Dropdown);
        dropdown.options = common::options(&["Été", "ΟΔΟΣ", "Київ", "İzmir", "Straße", "日本"]);
        let named = [
            ("été", 1),
            ("ÉTÉ", 1),
            ("οδος", 2),
            ("Οδοσ", 2),
            ("КИЇВ", 3),
            ("i̇zmir", 4),
            ("STRAßE", 5),
            ("日本", 6),
        ];
        for (text, id) in named {
            let input = FieldInput::from_text(&dropdown, text, ctx);
            assert_eq!(input, Ok(FieldInput::Choice(Some(id))), "{text:?}");
            let written = input.unwrap().to_text(&dropdown, ctx.directory);
            assert_eq!(
                FieldInput::from_text(&dropdown, &written, ctx),
                Ok(FieldInput::Choice(Some(id))),
                "{text:?} written as {written:?}"
            );
        }
        // Case is all that is ignored: "STRASSE" is another word, and so is "日".
        for text in ["STRASSE", "日", "Ete"] {
            assert!(
                matches!(
                    FieldInput::from_text(&dropdown, text, ctx),
                    Err(FieldError::NotAnOption { .. })
                ),
                "{text:?}"
            );
        }
    });
}
