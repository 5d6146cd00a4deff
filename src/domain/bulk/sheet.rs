//! Reading a spreadsheet: CSV with quotes, embedded separators and newlines, a BOM, and `,`
//! `;` or tab, into a header row and data rows of text.

use serde::{Deserialize, Serialize};

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
    Tab,
}

impl Separator {
    /// Every choice, in the order a picker lists them.
    pub const ALL: [Separator; 4] = [
        Separator::Detect,
        Separator::Comma,
        Separator::Semicolon,
        Separator::Tab,
    ];

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
