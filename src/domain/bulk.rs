//! Bulk launch: reading a spreadsheet, mapping its columns to a template, checking every row
//! (through the same draft and encoder as the Launch screen), pacing the launches, and the job
//! state that survives a reload.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::csv_out::write_safe_csv;
use super::directory::Directory;
use super::formula::{literal_formula, NameFormula};
use super::history::{History, HistoryRecord};
use super::launch::{LaunchBody, LaunchDraft};
use super::outcome::ApiError;
use super::template::{Field, Template};
use super::values::{EncodeContext, FieldInput};

/// Rows are read up to this many; a bigger file is refused with a message.
pub const MAX_ROWS: usize = 20_000;

/// The separators the reader knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Separator {
    /// Guess from the first line.
    #[default]
    Detect,
    /// `,`
    Comma,
    /// `;`
    Semicolon,
    /// Tab.
    Tab,
}

impl Separator {
    fn byte(self) -> Option<u8> {
        match self {
            Separator::Detect => None,
            Separator::Comma => Some(b','),
            Separator::Semicolon => Some(b';'),
            Separator::Tab => Some(b'\t'),
        }
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Separator::Detect => "detect",
            Separator::Comma => "comma",
            Separator::Semicolon => "semicolon",
            Separator::Tab => "tab",
        }
    }
}

/// A spreadsheet: a header row and data rows, all cells as text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// Column headers.
    pub headers: Vec<String>,
    /// Data rows, each padded to the header's width.
    pub rows: Vec<Vec<String>>,
    /// The separator used.
    pub separator: char,
    /// Rows whose cell count differed from the header's: (1-based data row, cells found).
    pub ragged: Vec<(usize, usize)>,
}

/// Picks the separator that splits the first line into the most cells (quotes respected).
fn detect_separator(text: &str) -> u8 {
    let first_line: String = {
        let mut quoted = false;
        text.chars()
            .take_while(|c| {
                if *c == '"' {
                    quoted = !quoted;
                }
                quoted || (*c != '\n' && *c != '\r')
            })
            .collect()
    };
    let count = |sep: char| {
        let mut quoted = false;
        first_line
            .chars()
            .filter(|c| {
                if *c == '"' {
                    quoted = !quoted;
                }
                !quoted && *c == sep
            })
            .count()
    };
    // On a tie the later entry wins: tab, then semicolon (commas often appear inside text).
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map(|(b, _)| b)
        .unwrap_or(b',')
}

/// Reads CSV text (quotes, embedded separators and newlines, a BOM, `,` `;` or tab). The first
/// row is the header; blank lines are skipped; short rows are padded and long ones reported.
pub fn read_sheet(text: &str, separator: Separator) -> Result<Sheet, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("There is nothing to read: paste rows or choose a CSV file. The first row must be the column headers.".into());
    }
    let sep = separator.byte().unwrap_or_else(|| detect_separator(text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(record)) => record.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(e)) => return Err(format!("The header row cannot be read: {e}.")),
        None => return Err("There is no header row.".into()),
    };
    if headers.iter().all(String::is_empty) {
        return Err("The first row is empty: it must hold the column headers.".into());
    }
    let mut rows = Vec::new();
    let mut ragged = Vec::new();
    for record in records {
        let record = record.map_err(|e| format!("Row {} cannot be read: {e}.", rows.len() + 1))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(format!(
                "More than {MAX_ROWS} rows: split the file and launch it in parts."
            ));
        }
        let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.len() != headers.len() {
            ragged.push((rows.len() + 1, cells.len()));
        }
        if cells.len() < headers.len() {
            cells.resize(headers.len(), String::new());
        }
        rows.push(cells);
    }
    if rows.is_empty() {
        return Err("There are headers but no data rows.".into());
    }
    Ok(Sheet {
        headers,
        rows,
        separator: sep as char,
        ragged,
    })
}

/// What a column feeds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// A kick-off field, by id.
    Field(String),
    /// The process name.
    ProcessName,
    /// The owner (member email or id).
    Owner,
    /// The summary.
    Summary,
    /// Nothing: the column is ignored on purpose.
    Ignore,
    /// Not decided: the header matched no field.
    Unknown,
    /// Not decided: the header matched several fields equally well (their ids).
    Ambiguous(Vec<String>),
}

impl Target {
    /// Whether the user still has to decide.
    pub fn unresolved(&self) -> bool {
        matches!(self, Target::Unknown | Target::Ambiguous(_))
    }
}

/// Matches headers to the template's fields: by id, then alias, then label, exact before
/// case-insensitive; "Process name", "Owner" and "Summary" are recognised too.
pub fn auto_map(headers: &[String], template: &Template) -> Vec<Target> {
    headers
        .iter()
        .map(|header| {
            let h = header.trim();
            match template.fields_named(h).as_slice() {
                [] => {}
                [only] => return Target::Field(only.id.clone()),
                found => return Target::Ambiguous(found.iter().map(|f| f.id.clone()).collect()),
            }
            match h.to_lowercase().as_str() {
                "process name" | "process" | "name" | "run name" => Target::ProcessName,
                "owner" | "owner email" | "owner_id" => Target::Owner,
                "summary" | "description" => Target::Summary,
                "" => Target::Ignore,
                _ => Target::Unknown,
            }
        })
        .collect()
}

/// Where process names come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum NameSource {
    /// The column mapped to the process name.
    Column,
    /// A formula whose placeholders are column headers (and dates).
    Formula(String),
}

/// Problems with the mapping itself (they block checking rows).
pub fn mapping_problems(
    headers: &[String],
    targets: &[Target],
    template: &Template,
    name: &NameSource,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (header, target) in headers.iter().zip(targets) {
        match target {
            Target::Unknown => problems.push(format!(
                "Column \"{header}\" matches no kick-off field: choose its field, or ignore it."
            )),
            Target::Ambiguous(ids) => {
                let names: Vec<&str> = ids
                    .iter()
                    .filter_map(|id| template.field(id).map(Field::display_name))
                    .collect();
                problems.push(format!(
                    "Column \"{header}\" could be any of {}: choose one, or ignore it.",
                    names.join(", ")
                ));
            }
            _ => {}
        }
    }
    let mut seen: Vec<(&Target, &str)> = Vec::new();
    for (header, target) in headers.iter().zip(targets) {
        if matches!(
            target,
            Target::Ignore | Target::Unknown | Target::Ambiguous(_)
        ) {
            continue;
        }
        match seen.iter().find(|(t, _)| *t == target) {
            Some((_, first)) => problems.push(format!(
                "Columns \"{first}\" and \"{header}\" both fill the same thing: ignore one of them."
            )),
            None => seen.push((target, header)),
        }
    }
    if *name == NameSource::Column && !targets.contains(&Target::ProcessName) {
        problems.push(
            "No column is mapped to the process name: map one, or use a name formula.".into(),
        );
    }
    if let NameSource::Formula(formula) = name {
        if let Err(e) = NameFormula::parse(formula) {
            problems.push(format!("Process name formula: {e}"));
        }
    }
    problems
}

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
        /// Run id.
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
    /// The spreadsheet.
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

fn check_row(
    input: &CheckInput<'_>,
    formula: Option<&NameFormula>,
    row: usize,
    cells: &[String],
) -> RowCheck {
    let template = input.template;
    let mut problems = Vec::new();
    let mut draft = LaunchDraft::for_template(template, String::new(), input.ctx);
    // Fields not filled by a column start empty (not at their defaults): the row says it all.
    for field in &template.fields {
        draft
            .values
            .insert(field.id.clone(), FieldInput::empty_for(field));
    }
    let mut field_column: BTreeMap<&str, usize> = BTreeMap::new();
    let mut name_cell = None;
    for (column, (target, cell)) in input.targets.iter().zip(cells).enumerate() {
        match target {
            Target::Field(id) => {
                let Some(field) = template.field(id) else {
                    continue;
                };
                field_column.insert(id.as_str(), column);
                match FieldInput::from_text(field, cell, input.ctx) {
                    Ok(value) => {
                        draft.values.insert(id.clone(), value);
                    }
                    Err(message) => problems.push(CellProblem {
                        column: Some(column),
                        message,
                    }),
                }
            }
            Target::ProcessName => name_cell = Some(cell.clone()),
            Target::Owner => match owner_of(cell, input.ctx.directory) {
                Ok(owner) => draft.owner_id = owner,
                Err(message) => problems.push(CellProblem {
                    column: Some(column),
                    message,
                }),
            },
            Target::Summary => draft.summary = cell.clone(),
            Target::Ignore | Target::Unknown | Target::Ambiguous(_) => {}
        }
    }
    let name = match (input.name, formula) {
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
        _ => super::formula::render_name(
            &literal_formula(name_cell.as_deref().unwrap_or("")),
            &[],
            input.now,
        ),
    };
    let name_column = input.targets.iter().position(|t| *t == Target::ProcessName);
    let name = match name {
        Ok(name) => {
            draft.name_formula = literal_formula(&name);
            name
        }
        Err(e) => {
            problems.push(CellProblem {
                column: if *input.name == NameSource::Column {
                    name_column
                } else {
                    None
                },
                message: format!("Process name: {e}"),
            });
            String::new()
        }
    };
    let already_wrong: Vec<usize> = problems.iter().filter_map(|p| p.column).collect();
    let body = match draft.build(template, input.ctx, input.now) {
        Ok(body) => Some(body),
        Err(found) => {
            for field in &template.fields {
                if let Some(message) = found.fields.get(&field.id) {
                    let column = field_column.get(field.id.as_str()).copied();
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
                    problems.push(CellProblem { column, message });
                }
            }
            if let Some(message) = found.owner {
                problems.push(CellProblem {
                    column: input.targets.iter().position(|t| *t == Target::Owner),
                    message,
                });
            }
            None
        }
    };
    RowCheck {
        row,
        name,
        body: if problems.is_empty() { body } else { None },
        problems,
        duplicate: None,
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

/// Even pacing under a limit of `max` requests per `window_ms`.
///
/// The server sees a request somewhere between the moment it was sent and the moment its answer
/// arrived. So a request may go only when the one `max` requests back was *answered* a full
/// window ago: then no window of the server's can hold more than `max`, however late the
/// browser actually sent either of them. Between those, requests are spread evenly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pacer {
    /// Requests allowed per window.
    pub max: u32,
    /// Window length, ms.
    pub window_ms: f64,
    /// Extra time, as a fraction of the window, for clock granularity.
    pub margin: f64,
}

/// How soon to ask again while the request that decides the next slot is still in flight.
const IN_FLIGHT_RECHECK_MS: f64 = 20.0;

impl Pacer {
    /// `max` requests per `window_ms`.
    pub fn new(max: u32, window_ms: f64) -> Pacer {
        Pacer {
            max: max.max(1),
            window_ms: window_ms.max(1.0),
            margin: 0.002,
        }
    }

    /// The earliest time (ms) at or after `now` when one more request keeps every window of the
    /// server's within the limit, bursts allowed (no even spacing): for the app's interactive
    /// calls, which must not wait behind a bulk job's spacing but must count against the limit.
    pub fn next_burst_slot(&self, sent: &[(f64, f64)], now: f64) -> f64 {
        let max = self.max as usize;
        if sent.len() < max {
            return now;
        }
        let mut sorted: Vec<(f64, f64)> = sent.to_vec();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        match sorted.len().checked_sub(max).and_then(|i| sorted.get(i)) {
            Some((_, answered)) if answered.is_nan() => now + IN_FLIGHT_RECHECK_MS,
            Some((_, answered)) => now.max(answered + self.window_ms * (1.0 + self.margin)),
            None => now,
        }
    }

    /// The even gap between two paced requests (no bursts).
    pub fn spacing_ms(&self) -> f64 {
        self.window_ms / f64::from(self.max)
    }

    /// The earliest time (ms) at or after `now` when one more request keeps every window of the
    /// server's within the limit. `sent` holds (sent, answered) times of earlier requests, the
    /// app's other calls included; `answered` is `NAN` while a request is in flight. Other
    /// calls may happen while waiting, so ask again on waking: send only when the answer is
    /// `now` itself.
    pub fn next_slot(&self, sent: &[(f64, f64)], now: f64) -> f64 {
        let mut sorted: Vec<(f64, f64)> = sent.to_vec();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut at = now;
        if let Some((last_sent, _)) = sorted.last() {
            at = at.max(last_sent + self.spacing_ms());
        }
        let max = self.max as usize;
        if let Some(&(_, answered)) = sorted.len().checked_sub(max).and_then(|i| sorted.get(i)) {
            at = if answered.is_nan() {
                at.max(now + IN_FLIGHT_RECHECK_MS)
            } else {
                at.max(answered + self.window_ms * (1.0 + self.margin))
            };
        }
        at
    }
}

/// How a row ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RowOutcome {
    /// Launched.
    Launched {
        /// Run id.
        run_id: String,
        /// Link to the run.
        link: String,
    },
    /// Definitely not launched (refused, invalid, rate limited to the end).
    Failed {
        /// Why.
        error: ApiError,
    },
    /// Maybe launched: the server failed or the answer was lost. Never re-sent by itself.
    Unknown {
        /// What happened.
        reason: String,
    },
}

impl RowOutcome {
    /// Short word for tables and CSV.
    pub fn label(&self) -> &'static str {
        match self {
            RowOutcome::Launched { .. } => "launched",
            RowOutcome::Failed { .. } => "failed",
            RowOutcome::Unknown { .. } => "unknown",
        }
    }
}

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    /// Sending rows.
    Running,
    /// Stopped by the user or by a reload; Resume continues.
    Paused,
    /// Cancelled: nothing more is sent.
    Cancelled,
    /// Every included row has an outcome.
    Finished,
}

/// A bulk job: everything needed to resume it after a reload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkJob {
    /// Job id.
    pub id: String,
    /// The template.
    pub template: Template,
    /// The rows.
    pub sheet: Sheet,
    /// The checked body of each row (`None` when invalid).
    pub bodies: Vec<Option<LaunchBody>>,
    /// Which rows are launched.
    pub included: Vec<bool>,
    /// Each row's outcome so far.
    pub outcomes: Vec<Option<RowOutcome>>,
    /// The row whose request is being sent (0-based).
    pub in_flight: Option<usize>,
    /// Where the job is.
    pub state: JobState,
    /// API base and organization the job launches into.
    pub api_base: String,
    /// Organization id.
    pub org_id: String,
}

/// Counts for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Launched.
    pub done: usize,
    /// Definitely failed.
    pub failed: usize,
    /// Maybe launched.
    pub unknown: usize,
    /// Still to send.
    pub remaining: usize,
}

impl BulkJob {
    /// A job over checked rows; rows with problems are excluded.
    pub fn new(
        id: String,
        template: Template,
        sheet: Sheet,
        checks: &[RowCheck],
        included: Vec<bool>,
        api_base: String,
        org_id: String,
    ) -> BulkJob {
        let bodies: Vec<Option<LaunchBody>> = checks.iter().map(|c| c.body.clone()).collect();
        let included = included
            .into_iter()
            .zip(&bodies)
            .map(|(inc, body)| inc && body.is_some())
            .collect();
        let rows = sheet.rows.len();
        BulkJob {
            id,
            template,
            sheet,
            bodies,
            included,
            outcomes: vec![None; rows],
            in_flight: None,
            state: JobState::Paused,
            api_base,
            org_id,
        }
    }

    /// Reads a saved job as it is (another tab's, to show): checked, never changed.
    pub fn read_only(text: &str) -> Result<BulkJob, String> {
        let job: BulkJob = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let rows = job.sheet.rows.len();
        if job.outcomes.len() != rows || job.included.len() != rows || job.bodies.len() != rows {
            return Err("its rows, bodies and outcomes do not line up".into());
        }
        if job.in_flight.is_some_and(|row| row >= rows) {
            return Err("it names a row in flight that it does not have".into());
        }
        Ok(job)
    }

    /// Reads a saved job to carry on with it, and says whether it was interrupted (running, or
    /// with a request on its way, when the page went away). A row whose request was in flight
    /// is marked unknown (it may have launched) and never re-sent; a running job reopens paused.
    pub fn restore(text: &str) -> Result<(BulkJob, bool), String> {
        let mut job = BulkJob::read_only(text)?;
        let interrupted = job.state == JobState::Running || job.in_flight.is_some();
        if let Some(row) = job.in_flight.take() {
            if let Some(slot) = job.outcomes.get_mut(row) {
                *slot = Some(RowOutcome::Unknown {
                    reason: "The page was closed or reloaded while this row's request was on its way: it may have launched. Check Tallyfy before launching it again.".into(),
                });
            }
        }
        if job.state == JobState::Running {
            job.state = JobState::Paused;
        }
        Ok((job, interrupted))
    }

    /// The job as stored.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Whether row `i` is to be sent: included, with a valid body.
    fn sendable(&self, i: usize) -> bool {
        self.included.get(i).copied().unwrap_or(false)
            && self.bodies.get(i).is_some_and(Option::is_some)
    }

    /// The first included row without an outcome.
    pub fn next_row(&self) -> Option<usize> {
        self.outcomes
            .iter()
            .enumerate()
            .find(|(i, outcome)| outcome.is_none() && self.sendable(*i))
            .map(|(i, _)| i)
    }

    /// Records how row `i` ended (`None` makes it to send again); rows out of range are ignored.
    pub fn set_outcome(&mut self, i: usize, outcome: Option<RowOutcome>) {
        if let Some(slot) = self.outcomes.get_mut(i) {
            *slot = outcome;
        }
    }

    /// Counts for the progress bar.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        for (i, outcome) in self.outcomes.iter().enumerate() {
            match outcome {
                Some(RowOutcome::Launched { .. }) => p.done += 1,
                Some(RowOutcome::Failed { .. }) => p.failed += 1,
                Some(RowOutcome::Unknown { .. }) => p.unknown += 1,
                None if self.sendable(i) => p.remaining += 1,
                None => {}
            }
        }
        p
    }

    /// Clears definite failures so "Re-run failed rows" sends them (and only them) again.
    pub fn rerun_failed(&mut self) -> usize {
        let mut n = 0;
        for outcome in &mut self.outcomes {
            if matches!(outcome, Some(RowOutcome::Failed { .. })) {
                *outcome = None;
                n += 1;
            }
        }
        if n > 0 && matches!(self.state, JobState::Finished | JobState::Cancelled) {
            self.state = JobState::Paused;
        }
        n
    }

    /// The input columns plus outcome, run id, link and error, as CSV, every cell formula-safe.
    pub fn results_csv(&self) -> String {
        let mut header = self.sheet.headers.clone();
        header.extend(["outcome", "run_id", "run_link", "error"].map(String::from));
        let rows = self.sheet.rows.iter().enumerate().map(|(i, cells)| {
            let (outcome, run_id, link, error) = match self.outcomes.get(i).cloned().flatten() {
                Some(RowOutcome::Launched { run_id, link }) => {
                    ("launched", run_id, link, String::new())
                }
                Some(RowOutcome::Failed { error }) => {
                    ("failed", String::new(), String::new(), error.to_string())
                }
                Some(RowOutcome::Unknown { reason }) => {
                    ("unknown", String::new(), String::new(), reason)
                }
                None if !self.included.get(i).copied().unwrap_or(false) => {
                    ("excluded", String::new(), String::new(), String::new())
                }
                None => ("not sent", String::new(), String::new(), String::new()),
            };
            let mut row = cells.clone();
            row.extend([outcome.to_string(), run_id, link, error]);
            row
        });
        write_safe_csv(std::iter::once(header).chain(rows))
    }
}
