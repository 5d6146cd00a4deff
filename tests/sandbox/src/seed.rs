//! The sandbox's demo organization: members, groups and templates whose kick-off forms
//! together cover all ten field types, plus a hostile template and a 200-field one.

use serde::Serialize;
use serde_json::{json, Value};

use crate::validate::{Directory, Field, FieldOption, TableColumn};

/// The token the sandbox accepts.
pub const DEMO_TOKEN: &str = "sandbox-demo-token-2f6c1e9a";
/// The demo organization's id.
pub const ORG_ID: &str = "5d3a4f1c9e2b4a7f8c6d0e1f2a3b4c5d";
/// The demo organization's name.
pub const ORG_NAME: &str = "Acme Demo (sandbox)";
/// Members in the demo organization (more than one page of 100).
pub const MEMBER_COUNT: usize = 120;
/// Groups in the demo organization (more than one page of 10).
pub const GROUP_COUNT: usize = 15;
/// The member `GET /me` answers with.
pub const ME_ID: i64 = 1001;

/// A member of the organization.
#[derive(Clone, Debug, Serialize)]
pub struct User {
    /// Integer member id.
    pub id: i64,
    /// Login email.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Display name.
    pub full_name: String,
    /// IANA zone.
    pub timezone: String,
}

/// A group of members.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    /// Group id (a string in the API).
    pub id: String,
    /// Group name.
    pub name: String,
    /// Member ids.
    pub members: Vec<i64>,
}

/// A template (checklist) with its kick-off form.
#[derive(Clone, Debug, Serialize)]
pub struct Template {
    /// 32-hex template id.
    pub id: String,
    /// Title shown in the picker.
    pub title: String,
    /// Short description.
    pub summary: String,
    /// Kick-off fields.
    pub prerun: Vec<Field>,
    /// Steps (sent only with `?with=steps`).
    pub steps: Vec<Step>,
    /// Roles a launch may fill.
    pub roles: Vec<Role>,
    /// `auto_naming` with its `default_process_name_format`.
    pub auto_name: Option<String>,
    /// `allow_launcher_change_name`.
    pub launcher_can_rename: bool,
    /// `is_public_kickoff`.
    pub public_kickoff: bool,
}

/// A step of a template.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// Step id (also its timeline id).
    pub id: String,
    /// Alias.
    pub alias: String,
    /// Title.
    pub title: String,
    /// Order.
    pub position: u32,
    /// Member ids assigned in the template.
    pub assignees: Vec<i64>,
    /// Guest emails assigned in the template.
    pub guests: Vec<String>,
    /// Group ids assigned in the template.
    pub groups: Vec<String>,
    /// Role ids the step is assigned to.
    pub roles: Vec<String>,
    /// Tallyfy's deadline object.
    pub deadline: Value,
}

/// A template role.
#[derive(Clone, Debug, Serialize)]
pub struct Role {
    /// Role id.
    pub id: String,
    /// Role name.
    pub name: String,
}

impl Template {
    /// A template with fields and nothing else.
    pub fn plain(key: &str, title: &str, summary: &str, prerun: Vec<Field>) -> Template {
        Template {
            id: hex_id(&format!("template/{key}")),
            title: title.into(),
            summary: summary.into(),
            prerun,
            steps: Vec::new(),
            roles: Vec::new(),
            auto_name: None,
            launcher_can_rename: true,
            public_kickoff: false,
        }
    }

    /// The `data` object of `GET .../checklists/{id}`.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "alias": self.title.to_lowercase().replace(' ', "-"),
            "title": self.title,
            "summary": self.summary,
            "prerun": self.prerun,
            "steps_count": self.steps.len().max(3),
            "is_public": false,
            "is_public_kickoff": self.public_kickoff,
            "auto_naming": self.auto_name.is_some(),
            "default_process_name_format": self.auto_name,
            "allow_launcher_change_name": self.launcher_can_rename,
            "roles": self.roles,
            "created_at": "2026-01-05T09:00:00.000Z",
        })
    }

    /// The same with its steps, as `?with=steps` gives it.
    pub fn to_json_with_steps(&self) -> Value {
        let mut value = self.to_json();
        value["steps"] = json!({ "data": self.steps });
        value
    }

    /// The name the server gives a process launched with no name: the template's format with
    /// kick-off values put in, else "{title} - {date}".
    pub fn auto_name(&self, prerun: &serde_json::Map<String, Value>, date: &str) -> String {
        let Some(format) = &self.auto_name else {
            return format!("{} - {date}", self.title);
        };
        let mut name = format.clone();
        for field in &self.prerun {
            let text = match prerun.get(&field.id) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Object(o)) => o
                    .get("text")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            for key in [&field.alias, &field.label] {
                name = name.replace(&format!("{{{{{key}}}}}"), &text);
            }
        }
        name
    }
}

/// Everything the sandbox starts with.
#[derive(Clone, Debug)]
pub struct Seed {
    /// Members.
    pub users: Vec<User>,
    /// Groups.
    pub groups: Vec<Group>,
    /// Templates, in list order.
    pub templates: Vec<Template>,
    /// Tags (`{id, title}`).
    pub tags: Vec<Value>,
    /// Process folders (`{id, name}`).
    pub folders: Vec<Value>,
}

impl Seed {
    /// The members and groups a launch may name.
    pub fn directory(&self) -> Directory {
        let ids = |items: &[Value]| {
            items
                .iter()
                .filter_map(|i| i["id"].as_str().map(str::to_string))
                .collect()
        };
        Directory {
            user_ids: self.users.iter().map(|u| u.id).collect(),
            group_ids: self.groups.iter().map(|g| g.id.clone()).collect(),
            tag_ids: ids(&self.tags),
            folder_ids: ids(&self.folders),
        }
    }

    /// Finds a template by id.
    pub fn template(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }
}

/// A stable 32-hex id derived from a name (FNV-1a, widened), so tests can rely on ids.
pub fn hex_id(name: &str) -> String {
    let mut out = String::with_capacity(32);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for round in 0u8..2 {
        for byte in name.bytes().chain(std::iter::once(round)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{hash:016x}"));
    }
    out
}

struct FieldSpec<'a> {
    template: &'a str,
    label: &'a str,
    field_type: &'a str,
    required: bool,
}

fn field(spec: FieldSpec<'_>, position: u32) -> Field {
    let alias = spec
        .label
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>();
    Field {
        id: hex_id(&format!("{}/{}", spec.template, spec.label)),
        alias: format!("{}-{}", alias.trim_matches('-'), 8_300_000 + position),
        label: spec.label.to_string(),
        field_type: spec.field_type.to_string(),
        required: spec.required,
        position,
        guidance: String::new(),
        options: Vec::new(),
        columns: Vec::new(),
        collect_time: false,
        default_value: Value::Null,
        max_length: None,
    }
}

fn options(texts: &[&str]) -> Vec<FieldOption> {
    texts
        .iter()
        .zip(1..)
        .map(|(text, id)| FieldOption {
            id,
            text: (*text).to_string(),
        })
        .collect()
}

fn columns(labels: &[&str]) -> Vec<TableColumn> {
    labels
        .iter()
        .zip(1..)
        .map(|(label, id)| TableColumn {
            id,
            label: (*label).to_string(),
        })
        .collect()
}

/// Builds a template's fields from (label, type, required) triples, positions in order.
fn fields(template: &str, specs: &[(&str, &str, bool)]) -> Vec<Field> {
    specs
        .iter()
        .zip(1..)
        .map(|((label, field_type, required), position)| {
            field(
                FieldSpec {
                    template,
                    label,
                    field_type,
                    required: *required,
                },
                position,
            )
        })
        .collect()
}

fn all_types_template() -> Template {
    let key = "all-types";
    let mut prerun = fields(
        key,
        &[
            ("Customer name", "text", true),
            ("Notes", "textarea", false),
            ("Contact email", "email", true),
            ("Start date", "date", true),
            ("Kick-off meeting", "date", false),
            ("Priority", "radio", true),
            ("Plan", "dropdown", true),
            ("Modules", "multiselect", false),
            ("Line items", "table", false),
            ("Account team", "assignees_form", false),
            ("Contract", "file", false),
        ],
    );
    prerun[0].guidance = "<p>The <strong>legal</strong> name, as on the contract.</p>".into();
    prerun[0].max_length = Some(120);
    prerun[0].default_value = json!("Acme Corp");
    prerun[1].guidance = "<p>Anything the team should know.<br>Shown on the first task.</p>".into();
    prerun[3].guidance = "<p>First working day</p>".into();
    prerun[4].collect_time = true;
    prerun[4].guidance = "<p>Date <em>and</em> time of the first meeting.</p>".into();
    prerun[5].options = options(&["Low", "Normal", "High"]);
    prerun[6].options = options(&["Bronze", "Silver", "Gold"]);
    prerun[7].options = options(&["SSO", "Reporting", "API access"]);
    prerun[8].columns = columns(&["Item", "Quantity"]);
    prerun[9].guidance = "<ul><li>Members</li><li>Groups</li><li>Guests by email</li></ul>".into();
    prerun[10].guidance =
        "<p>Link to the signed contract (<a href=\"https://example.com\">where?</a>)</p>".into();
    Template::plain(
        "all-types",
        "Customer onboarding (all field types)",
        "Every kick-off field type, for trying the launcher.",
        prerun,
    )
}

fn onboarding_template() -> Template {
    let key = "employee-onboarding";
    let mut prerun = fields(
        key,
        &[
            ("Employee name", "text", true),
            ("Work email", "email", true),
            ("Start date", "date", true),
            ("Office", "dropdown", true),
            ("Buddy", "assignees_form", false),
        ],
    );
    prerun[2].guidance = "<p>First working day</p>".into();
    prerun[3].options = options(&["London", "New York", "Remote"]);
    Template::plain(
        "employee-onboarding",
        "Employee onboarding",
        "New hire paperwork, accounts and first week.",
        prerun,
    )
}

/// A second version of the onboarding template: it shares the onboarding fields' ids (as a
/// template's next version keeps its fields), so values typed for one carry to the other.
fn contractor_template() -> Template {
    let mut template = onboarding_template();
    template.id = hex_id("template/contractor-onboarding");
    template.title = "Employee onboarding – contractors".into();
    template.summary = "The onboarding template's contractor version.".into();
    template.prerun.truncate(3);
    let mut end = field(
        FieldSpec {
            template: "contractor-onboarding",
            label: "Contract end",
            field_type: "date",
            required: true,
        },
        4,
    );
    end.guidance = "<p>Last working day</p>".into();
    template.prerun.push(end);
    template
}

fn order_template() -> Template {
    let key = "customer-order";
    let mut prerun = fields(
        key,
        &[
            ("Order number", "text", true),
            ("Delivery", "radio", true),
            ("Extras", "multiselect", true),
            ("Items", "table", true),
            ("Purchase order", "file", false),
        ],
    );
    prerun[1].options = options(&["Standard", "Express"]);
    prerun[2].options = options(&["Gift wrap", "Insurance", "Signature on delivery"]);
    prerun[3].columns = columns(&["SKU", "Description", "Qty"]);
    Template::plain(
        "customer-order",
        "Customer order",
        "Fulfil one order.",
        prerun,
    )
}

fn hostile_template() -> Template {
    let key = "hostile";
    let mut prerun = fields(
        key,
        &[
            ("<script>window.__pwned=1</script>Name", "text", true),
            (
                "<img src=x onerror=\"window.__pwned=2\">Comment",
                "textarea",
                false,
            ),
        ],
    );
    prerun[0].guidance =
        "<p>Hello</p><script>window.__pwned=3</script><img src=x onerror=\"window.__pwned=4\">"
            .into();
    prerun[1].guidance =
        "<a href=\"javascript:window.__pwned=5\">click</a><iframe src=\"https://example.com\"></iframe>"
            .into();
    Template::plain(
        "hostile",
        "Hostile <img src=x onerror=\"window.__pwned=6\"> template",
        "<script>window.__pwned=7</script>",
        prerun,
    )
}

fn no_fields_template() -> Template {
    Template::plain(
        "quick-request",
        "Quick request (no kick-off form)",
        "Launches with a name only.",
        Vec::new(),
    )
}

fn big_template() -> Template {
    let key = "big-form";
    let types = [
        "text",
        "textarea",
        "email",
        "date",
        "radio",
        "dropdown",
        "multiselect",
    ];
    let prerun = (0..200u32)
        .map(|i| {
            let label = format!("Field {:03}", i + 1);
            let field_type = types[i as usize % types.len()];
            let mut f = field(
                FieldSpec {
                    template: key,
                    label: &label,
                    field_type,
                    required: false,
                },
                i + 1,
            );
            if matches!(field_type, "radio" | "dropdown" | "multiselect") {
                f.options = options(&["One", "Two", "Three"]);
            }
            f.guidance = format!("<p>Guidance for <em>field {}</em></p>", i + 1);
            f
        })
        .collect();
    Template::plain(
        "big-form",
        "Big form (200 fields)",
        "For measuring render speed.",
        prerun,
    )
}

fn audit_templates() -> Vec<Template> {
    (1..=24)
        .map(|n| {
            Template::plain(
                &format!("audit-{n:02}"),
                &format!("Site audit {n:02}"),
                "A routine audit.",
                fields(
                    &format!("audit-{n:02}"),
                    &[("Site", "text", true), ("Audit date", "date", false)],
                ),
            )
        })
        .collect()
}

/// The on-call role of the escalation template.
pub const ONCALL_ROLE: &str = "role-oncall-manager";

/// Steps to assign at launch: one with a member, one for a role, one with nobody (left to the
/// launcher), one for a group; the template names its processes and the launcher may not.
fn escalation_template() -> Template {
    let key = "escalation";
    let mut prerun = fields(
        key,
        &[("Incident", "text", true), ("Severity", "radio", true)],
    );
    prerun[1].options = options(&["Low", "High"]);
    let step = |n: u32, title: &str| Step {
        id: hex_id(&format!("step/{key}/{n}")),
        alias: format!("{}-{n}", title.to_lowercase().replace(' ', "-")),
        title: title.into(),
        position: n,
        assignees: Vec::new(),
        guests: Vec::new(),
        groups: Vec::new(),
        roles: Vec::new(),
        deadline: json!({ "value": n, "unit": "days", "option": "from", "step": "start_run" }),
    };
    let mut triage = step(1, "Triage");
    triage.assignees = vec![ME_ID];
    let mut on_call = step(2, "Page the on-call manager");
    on_call.roles = vec![ONCALL_ROLE.into()];
    let notify = step(3, "Notify the customer");
    let mut review = step(4, "Post-incident review");
    review.groups = vec![hex_id("group/finance")];
    let mut template = Template::plain(
        key,
        "Incident escalation",
        "Escalate an incident to the on-call manager.",
        prerun,
    );
    template.steps = vec![triage, on_call, notify, review];
    template.roles = vec![Role {
        id: ONCALL_ROLE.into(),
        name: "On-call manager".into(),
    }];
    template.auto_name = Some("Escalation: {{Incident}} ({{Severity}})".into());
    template.launcher_can_rename = false;
    template
}

/// The template behind the seed's Workato example: a Yes/No radio among its fields.
fn new_hire_template() -> Template {
    let key = "new-hire";
    let mut prerun = fields(
        key,
        &[
            ("Employee name", "text", true),
            ("Start date", "date", true),
            ("Remote worker", "radio", false),
            ("Department", "dropdown", false),
            ("Laptop", "dropdown", false),
        ],
    );
    // "Laptop" is filled from a list in Tallyfy: it comes with no options.
    prerun[2].options = options(&["Yes", "No"]);
    prerun[3].options = options(&["Engineering", "Sales", "Support"]);
    let mut template = Template::plain(
        key,
        "New hire (Workato recipe)",
        "The process the Workato recipe launches for each new hire.",
        prerun,
    );
    template.public_kickoff = true;
    template
}

/// The demo organization every sandbox starts with.
pub fn demo() -> Seed {
    let user = |id, first: &str, last: &str| User {
        id,
        email: format!("{}@example.com", first.to_lowercase()),
        first_name: first.into(),
        last_name: last.into(),
        full_name: format!("{first} {last}"),
        timezone: "Europe/London".into(),
    };
    let mut users = vec![
        user(ME_ID, "Alice", "Admin"),
        user(1002, "Bob", "Builder"),
        user(1003, "Carol", "Chen"),
        user(1004, "Dan", "Diaz"),
    ];
    // Enough members and groups that their lists span pages (100 members, 10 groups a page).
    users.extend((users.len() + 1..=MEMBER_COUNT).map(|n| {
        let first = format!("Member{n:03}");
        user(1000 + n as i64, &first, "Staff")
    }));
    let mut groups = vec![
        Group {
            id: hex_id("group/finance"),
            name: "Finance".into(),
            members: vec![1002, 1003],
        },
        Group {
            id: hex_id("group/onboarding"),
            name: "Onboarding team".into(),
            members: vec![ME_ID, 1004],
        },
    ];
    groups.extend((groups.len() + 1..=GROUP_COUNT).map(|n| Group {
        id: hex_id(&format!("group/team-{n:02}")),
        name: format!("Team {n:02}"),
        members: vec![1000 + n as i64],
    }));
    let mut templates = vec![
        all_types_template(),
        onboarding_template(),
        contractor_template(),
        order_template(),
        no_fields_template(),
        hostile_template(),
        big_template(),
        escalation_template(),
        new_hire_template(),
    ];
    templates.extend(audit_templates());
    let tags = ["Urgent", "Customer", "Internal"]
        .iter()
        .map(|t| json!({ "id": hex_id(&format!("tag/{t}")), "title": t }))
        .collect();
    let folders = ["Escalations", "Onboarding"]
        .iter()
        .map(|f| json!({ "id": hex_id(&format!("folder/{f}")), "name": f, "folder_type": "run" }))
        .collect();
    Seed {
        users,
        groups,
        templates,
        tags,
        folders,
    }
}
