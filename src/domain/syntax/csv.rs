//! Writing CSV that is safe to open in a spreadsheet: every cell of every export goes through
//! here, so no cell (a name, a run id from the server, an imported link) can run as a formula.

/// Spreadsheets run cells starting with these as formulas (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as text a spreadsheet shows and never runs: a leading `'` when it would start a
/// formula.
pub fn neutralise_formula(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Rows as CSV (RFC 4180 quoting), every cell neutralised.
pub fn write_safe_csv<R, C>(rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|cell| neutralise_formula(cell.as_ref()))
            .collect();
        // Writing into memory cannot fail.
        let _ = writer.write_record(&cells);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
