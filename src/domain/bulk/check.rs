//! Checking rows: every cell converted as the kick-off form would, every body built, repeats
//! flagged (within the sheet, and against a day of history).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{NameSource, Sheet, Target};
use crate::domain::directory::Directory;
use crate::domain::formula::{literal_formula, NameFormula};
use crate::domain::history::{History, HistoryRecord};
use crate::domain::launch::{DraftProblems, LaunchBody, LaunchDraft};
use crate::domain::template::Template;
use crate::domain::values::{EncodeContext, FieldInput};

/// A problem found in a row, with the column it belongs to when there is one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellProblem {
    /// Column index, or `None` for the row as a whole.
    pub column: Option<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Why a row may be a repeat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Duplicate {
    /// The same body as an earlier row (1-based).
    SameAsRow(usize),
    /// The same body as a run launched within the last 24 hours.
    LaunchedRecently {
        /// When (ms since epoch).
        at_ms: i64,
        run_id: String,
    },
}

/// The result of checking one row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowCheck {
    /// 1-based data row number.
    pub row: usize,
    /// The process name, when it could be made.
    pub name: String,
    /// The body to send, when the row is valid.
    pub body: Option<LaunchBody>,
    /// Everything wrong with the row.
    pub problems: Vec<CellProblem>,
    /// A possible repeat.
    pub duplicate: Option<Duplicate>,
}

/// What a check needs.
pub struct CheckInput<'a> {
    /// The template launched.
    pub template: &'a Template,
    pub sheet: &'a Sheet,
    /// What each column feeds.
    pub targets: &'a [Target],
    /// Where names come from.
    pub name: &'a NameSource,
    /// Values context (zone, members, date order).
    pub ctx: &'a EncodeContext<'a>,
    /// The time `{{today}}` means.
    pub now: DateTime<FixedOffset>,
    /// For spotting launches of the last 24 hours.
    pub history: Option<&'a History>,
    /// Now, in ms since epoch.
    pub now_ms: i64,
}

/// One day, in ms: how far back history is searched for repeats.
pub const DUPLICATE_LOOKBACK_MS: i64 = 24 * 60 * 60 * 1000;

/// Checks every row: converts each cell as the kick-off form would, builds the body, and flags
/// repeats. Rows are numbered from 1 (the first data row).
pub fn check_rows(input: &CheckInput<'_>) -> Vec<RowCheck> {
    let formula = match input.name {
        NameSource::Formula(f) => NameFormula::parse(f).ok(),
        NameSource::Column => None,
    };
    let mut seen_bodies: BTreeMap<String, usize> = BTreeMap::new();
    let recent: Vec<&HistoryRecord> = input
        .history
        .map(|h| {
            h.records()
                .iter()
                .rev()
                .take_while(|r| input.now_ms - r.at_ms <= DUPLICATE_LOOKBACK_MS)
                .filter(|r| r.run().is_some())
                .collect()
        })
        .unwrap_or_default();
    input
        .sheet
        .rows
        .iter()
        .enumerate()
        .map(|(index, cells)| {
            let mut check = check_row(input, formula.as_ref(), index + 1, cells);
            if let Some(body) = &check.body {
                let key = body.to_json();
                if let Some(first) = seen_bodies.get(&key) {
                    check.duplicate = Some(Duplicate::SameAsRow(*first));
                } else {
                    seen_bodies.insert(key, index + 1);
                    if let Some(record) = recent.iter().find(|r| &r.request == body) {
                        check.duplicate = Some(Duplicate::LaunchedRecently {
                            at_ms: record.at_ms,
                            run_id: record.run().map(|r| r.id.clone()).unwrap_or_default(),
                        });
                    }
                }
            }
            check
        })
        .collect()
}

/// A row's cells placed in a draft, with what could not be read and which column filled what.
struct RowDraft<'a> {
    draft: LaunchDraft,
    problems: Vec<CellProblem>,
    /// The column each field came from.
    field_column: BTreeMap<&'a str, usize>,
    /// The column each step's or role's assignment came from.
    assignment_column: BTreeMap<&'a str, usize>,
    /// The process name column's cell, if one is mapped.
    name_cell: Option<String>,
}

fn check_row(
    input: &CheckInput<'_>,
    formula: Option<&NameFormula>,
    row: usize,
    cells: &[String],
) -> RowCheck {
    let template = input.template;
    let mut placed = place_cells(input, cells);
    let name = match row_name(input, formula, cells, placed.name_cell.as_deref()) {
        Ok(name) => {
            placed.draft.name_formula = literal_formula(&name);
            name
        }
        Err(problem) => {
            placed.problems.push(problem);
            String::new()
        }
    };
    let body = match placed.draft.build(template, input.ctx, input.now) {
        Ok(body) => Some(body),
        Err(found) => {
            place_draft_problems(input, &mut placed, found);
            None
        }
    };
    RowCheck {
        row,
        name,
        body: if placed.problems.is_empty() {
            body
        } else {
            None
        },
        problems: placed.problems,
        duplicate: None,
    }
}

/// Each cell into the draft through its column's target; fields no column fills start empty
/// (not at their defaults): the row says it all.
fn place_cells<'a>(input: &CheckInput<'a>, cells: &[String]) -> RowDraft<'a> {
    let template = input.template;
    let mut draft = LaunchDraft::for_template(template, String::new(), input.ctx);
    for field in &template.fields {
        draft
            .values
            .insert(field.id.clone(), FieldInput::empty_for(field));
    }
    let mut placed = RowDraft {
        draft,
        problems: Vec::new(),
        field_column: BTreeMap::new(),
        assignment_column: BTreeMap::new(),
        name_cell: None,
    };
    let draft = &mut placed.draft;
    for (column, (target, cell)) in input.targets.iter().zip(cells).enumerate() {
        match target {
            Target::Field(id) => {
                let Some(field) = template.field(id) else {
                    continue;
                };
                placed.field_column.insert(id.as_str(), column);
                match FieldInput::from_text(field, cell, input.ctx) {
                    Ok(value) => {
                        draft.values.insert(id.clone(), value);
                    }
                    Err(error) => placed.problems.push(CellProblem {
                        column: Some(column),
                        message: error.to_string(),
                    }),
                }
            }
            Target::ProcessName => placed.name_cell = Some(cell.clone()),
            Target::Owner => match owner_of(cell, input.ctx.directory) {
                Ok(owner) => draft.owner_id = owner,
                Err(message) => placed.problems.push(CellProblem {
                    column: Some(column),
                    message,
                }),
            },
            Target::Summary => draft.summary = cell.clone(),
            Target::StepPeople(id) if !cell.trim().is_empty() => {
                placed.assignment_column.insert(id.as_str(), column);
                draft.steps.entry(id.clone()).or_default().people = cell.trim().to_string();
            }
            Target::StepDeadline(id) if !cell.trim().is_empty() => {
                placed
                    .assignment_column
                    .entry(id.as_str())
                    .or_insert(column);
                draft.steps.entry(id.clone()).or_default().deadline = cell.trim().to_string();
            }
            Target::RolePeople(id) if !cell.trim().is_empty() => {
                placed.assignment_column.insert(id.as_str(), column);
                draft.roles.entry(id.clone()).or_default().people = cell.trim().to_string();
            }
            Target::StepPeople(_)
            | Target::StepDeadline(_)
            | Target::RolePeople(_)
            | Target::Ignore
            | Target::Unknown
            | Target::Ambiguous(_) => {}
        }
    }
    placed
}

/// The row's process name: none when Tallyfy names it, else from the formula over the row's
/// cells, or the name column's cell taken literally.
fn row_name(
    input: &CheckInput<'_>,
    formula: Option<&NameFormula>,
    cells: &[String],
    name_cell: Option<&str>,
) -> Result<String, CellProblem> {
    let name = match (input.name, formula) {
        _ if input.template.naming.tallyfy_names_it() => Ok(String::new()),
        (NameSource::Formula(_), Some(formula)) => {
            let values: Vec<(String, String)> = input
                .sheet
                .headers
                .iter()
                .cloned()
                .zip(cells.iter().map(|c| c.trim().to_string()))
                .collect();
            formula.render(&values, input.now)
        }
        _ => crate::domain::formula::render_name(
            &literal_formula(name_cell.unwrap_or("")),
            &[],
            input.now,
        ),
    };
    name.map_err(|e| CellProblem {
        column: if *input.name == NameSource::Column {
            input.targets.iter().position(|t| *t == Target::ProcessName)
        } else {
            None
        },
        message: format!("Process name: {e}"),
    })
}

/// What building the body found, each problem at the column it came from (a field's problem
/// already said when its cell was read is not said twice).
fn place_draft_problems(input: &CheckInput<'_>, placed: &mut RowDraft<'_>, found: DraftProblems) {
    let already_wrong: Vec<usize> = placed.problems.iter().filter_map(|p| p.column).collect();
    for field in &input.template.fields {
        if let Some(message) = found.fields.get(&field.id) {
            let column = placed.field_column.get(field.id.as_str()).copied();
            if column.is_some_and(|c| already_wrong.contains(&c)) {
                continue;
            }
            let message = match column {
                Some(_) => message.clone(),
                None => format!(
                    "{}: {message} (no column is mapped to it)",
                    field.display_name()
                ),
            };
            placed.problems.push(CellProblem { column, message });
        }
    }
    for (id, message) in &found.assignments {
        let column = placed.assignment_column.get(id.as_str()).copied();
        placed.problems.push(CellProblem {
            column,
            message: message.clone(),
        });
    }
    if let Some(message) = found.owner {
        placed.problems.push(CellProblem {
            column: input.targets.iter().position(|t| *t == Target::Owner),
            message,
        });
    }
}

/// An owner cell: a member's email, a member id, or empty (the token's user owns it).
fn owner_of(cell: &str, directory: &Directory) -> Result<Option<i64>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    if let Some(member) = directory.member_by_email(cell) {
        return Ok(Some(member.id));
    }
    if let Ok(id) = cell.parse::<i64>() {
        if directory.members.is_none() || directory.member(id).is_some() {
            return Ok(Some(id));
        }
    }
    Err(match directory.members {
        None => format!("Owner \"{cell}\" cannot be looked up: members are not loaded (give a member id instead)."),
        Some(_) => format!("Owner \"{cell}\" is not a member of this organization (use a member's email)."),
    })
}
