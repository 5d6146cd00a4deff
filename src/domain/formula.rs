//! Process-name formulas: literal text with placeholders in Tallyfy's variable style,
//! `{{Customer name}}` for a kick-off field (by label) and `{{today}}`, `{{today+7d}}`,
//! `{{now}}` for dates, each with an optional strftime format: `{{today:%d %b %Y}}`.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Datelike, FixedOffset, Months, TimeDelta};

use super::syntax::{first_unsafe, one_line};

/// The longest process name Tallyfy accepts, in characters.
pub const NAME_MAX_CHARS: usize = 550;

/// Why a name formula cannot give a name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormulaError {
    /// `{{` without a closing `}}`.
    #[error("\"{{{{\" at character {position} is never closed with \"}}}}\".")]
    Unclosed {
        /// 1-based character position of the `{{`.
        position: usize,
    },
    /// A placeholder that names no field and no date.
    #[error("Unknown placeholder {{{{{name}}}}}. Valid placeholders: {}.", .valid.join(", "))]
    Unknown {
        /// What was written between the braces.
        name: String,
        /// Every placeholder that would work, braces included.
        valid: Vec<String>,
    },
    /// A date offset that cannot be read, like `{{today+x}}`.
    #[error("Cannot read the date offset in {{{{{placeholder}}}}}: write it like today+7d, today-1w, today+1m or now+2h.")]
    BadOffset {
        /// The whole placeholder.
        placeholder: String,
    },
    /// A strftime format with an unknown code.
    #[error("The date format \"{format}\" in {{{{{placeholder}}}}} is not valid: use strftime codes such as %Y-%m-%d or %d %b %Y.")]
    BadFormat {
        /// The whole placeholder.
        placeholder: String,
        /// The format part.
        format: String,
    },
    /// A date format with a line break, control or invisible character: it would not stay on
    /// one line in a name or in an export.
    #[error("The date format in {{{{{placeholder}}}}} holds {what}: a date format is one line of text and strftime codes, such as %d %b %Y.")]
    UnsafeFormat {
        /// The whole placeholder, made printable.
        placeholder: String,
        /// The character, named.
        what: String,
    },
    /// A date moved outside the years a calendar date can be written in.
    #[error("{{{{{placeholder}}}}} lands in the year {year}: dates must fall between the years 1 and 9999.")]
    OutOfRange {
        /// The whole placeholder.
        placeholder: String,
        /// The year it gave.
        year: i32,
    },
    /// The name comes out empty.
    #[error("The process name is required: type one, or use placeholders such as {{{{today}}}}.")]
    Empty,
    /// The name comes out too long.
    #[error("The process name is {chars} characters long; Tallyfy accepts at most 550. Shorten it by {}.", .chars - NAME_MAX_CHARS)]
    TooLong {
        /// Length of the rendered name.
        chars: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
enum Segment {
    Literal(String),
    Placeholder(String),
}

/// The date keywords a formula understands.
const DATE_KEYWORDS: [&str; 2] = ["today", "now"];

/// A parsed name formula.
#[derive(Clone, Debug, PartialEq)]
pub struct NameFormula {
    segments: Vec<Segment>,
}

impl NameFormula {
    /// Splits a formula into literal text and placeholders.
    pub fn parse(text: &str) -> Result<NameFormula, FormulaError> {
        let mut segments = Vec::new();
        let mut rest = text;
        let mut consumed_chars = 0;
        while let Some(at) = rest.find("{{") {
            // In a run of braces the placeholder opens at the last two: `{{{x}}` is the text
            // `{` and then `{{x}}`, so literal text ending in a brace can precede a placeholder.
            let extra = rest[at + 2..].chars().take_while(|c| *c == '{').count();
            let (before, opened) = (&rest[..at + extra], &rest[at + extra + 2..]);
            if !before.is_empty() {
                segments.push(Segment::Literal(before.to_string()));
            }
            let before_chars = before.chars().count();
            let Some((inner, after)) = opened.split_once("}}") else {
                return Err(FormulaError::Unclosed {
                    position: consumed_chars + before_chars + 1,
                });
            };
            segments.push(Segment::Placeholder(inner.trim().to_string()));
            consumed_chars += before_chars + 2 + inner.chars().count() + 2;
            rest = after;
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest.to_string()));
        }
        Ok(NameFormula { segments })
    }

    /// Renders the name. `values` are (name, text) pairs that placeholders may refer to (field
    /// labels on the Launch screen, column headers in bulk); names match case-insensitively.
    pub fn render(
        &self,
        values: &[(String, String)],
        now: DateTime<FixedOffset>,
    ) -> Result<String, FormulaError> {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => out.push_str(text),
                Segment::Placeholder(inner) => out.push_str(&resolve(inner, values, now)?),
            }
        }
        let name = out.trim().to_string();
        let chars = name.chars().count();
        if chars == 0 {
            return Err(FormulaError::Empty);
        }
        if chars > NAME_MAX_CHARS {
            return Err(FormulaError::TooLong { chars });
        }
        Ok(name)
    }
}

/// Parses and renders in one step.
pub fn render_name(
    formula: &str,
    values: &[(String, String)],
    now: DateTime<FixedOffset>,
) -> Result<String, FormulaError> {
    NameFormula::parse(formula)?.render(values, now)
}

/// The default formula for a template: "<title> – {{today}}". Braces in the title are kept
/// literal by breaking them, so a title can never inject a placeholder.
pub fn default_formula(title: &str) -> String {
    format!("{} – {{{{today}}}}", literal_formula(title.trim()))
}

fn lookup<'a>(name: &str, values: &'a [(String, String)]) -> Option<&'a str> {
    values
        .iter()
        .find(|(key, _)| key.trim() == name)
        .or_else(|| {
            values
                .iter()
                .find(|(key, _)| key.trim().to_lowercase() == name.to_lowercase())
        })
        .map(|(_, value)| value.as_str())
}

/// One piece of a formula once its field placeholders are filled in: text, or a date that is
/// worked out when the name is made (so a schedule can compute it at each run).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NamePart {
    /// Literal text, or a kick-off field's value.
    Text(String),
    /// `{{today…}}` or `{{now…}}`.
    Date(DatePart),
}

/// A date placeholder: which instant, moved by an offset, in a strftime format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatePart {
    /// `now` (the time of day counts) rather than `today`; both are the launch's local time.
    pub is_now: bool,
    /// The offset, such as +7 days.
    pub offset: Option<Offset>,
    /// The strftime format (a default when the placeholder gives none).
    pub format: String,
    /// The placeholder as written, for messages.
    pub placeholder: String,
}

/// A date offset: a signed amount of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offset {
    /// Signed amount, at most [`MAX_OFFSET_AMOUNT`] either way.
    pub amount: i64,
    /// What the amount counts.
    pub unit: OffsetUnit,
}

/// The units a date offset may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetUnit {
    /// `h`
    Hours,
    /// `d`
    Days,
    /// `w`
    Weeks,
    /// `m`: calendar months (the day kept, or the month's last).
    Months,
    /// `y`: twelve calendar months.
    Years,
}

impl NameFormula {
    /// The formula's pieces with every field placeholder filled in from `values` and every
    /// date placeholder checked (offset and format), but not yet computed.
    pub fn parts(&self, values: &[(String, String)]) -> Result<Vec<NamePart>, FormulaError> {
        self.segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => Ok(NamePart::Text(text.clone())),
                Segment::Placeholder(inner) => classify(inner, values),
            })
            .collect()
    }
}

impl DatePart {
    /// The date's text for a launch at `now`.
    pub fn at(&self, now: DateTime<FixedOffset>) -> Result<String, FormulaError> {
        let at = match self.offset {
            None => now,
            Some(offset) => offset.apply(now).ok_or_else(|| FormulaError::BadOffset {
                placeholder: self.placeholder.clone(),
            })?,
        };
        if !(1..=9999).contains(&at.year()) {
            return Err(FormulaError::OutOfRange {
                placeholder: self.placeholder.clone(),
                year: at.year(),
            });
        }
        format_date(at, &self.format).ok_or_else(|| FormulaError::BadFormat {
            placeholder: self.placeholder.clone(),
            format: self.format.clone(),
        })
    }
}

fn resolve(
    inner: &str,
    values: &[(String, String)],
    now: DateTime<FixedOffset>,
) -> Result<String, FormulaError> {
    match classify(inner, values)? {
        NamePart::Text(text) => Ok(text),
        NamePart::Date(date) => date.at(now),
    }
}

fn classify(inner: &str, values: &[(String, String)]) -> Result<NamePart, FormulaError> {
    // A field label may itself contain ':' or '+', so the whole text is tried as a name first.
    if let Some(value) = lookup(inner, values) {
        return Ok(NamePart::Text(value.to_string()));
    }
    let (head, format) = match inner.split_once(':') {
        Some((head, format)) => (head.trim(), Some(format)),
        None => (inner, None),
    };
    // `get` rather than indexing: a placeholder may start with any character, and a byte
    // index inside a multibyte one would panic.
    let keyword = DATE_KEYWORDS.iter().find(|k| {
        head.get(..k.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(k))
    });
    let (Some(keyword), Some(offset_text)) = (keyword, keyword.and_then(|k| head.get(k.len()..)))
    else {
        return Err(unknown(inner, values));
    };
    let offset_text = offset_text.trim();
    let offset = if offset_text.is_empty() {
        None
    } else {
        Some(
            Offset::parse(offset_text).ok_or_else(|| FormulaError::BadOffset {
                placeholder: inner.to_string(),
            })?,
        )
    };
    let format = match format {
        Some(f) => f,
        None if *keyword == "now" => "%Y-%m-%d %H:%M",
        None => "%Y-%m-%d",
    };
    if let Some(what) = first_unsafe(format) {
        return Err(FormulaError::UnsafeFormat {
            placeholder: one_line(inner),
            what,
        });
    }
    let items_valid = !StrftimeItems::new(format).any(|item| matches!(item, Item::Error));
    if !items_valid {
        return Err(FormulaError::BadFormat {
            placeholder: inner.to_string(),
            format: format.to_string(),
        });
    }
    Ok(NamePart::Date(DatePart {
        is_now: *keyword == "now",
        offset,
        format: format.to_string(),
        placeholder: inner.to_string(),
    }))
}

fn unknown(inner: &str, values: &[(String, String)]) -> FormulaError {
    let mut valid: Vec<String> = ["{{today}}", "{{today+7d}}", "{{now}}", "{{today:%d %b %Y}}"]
        .into_iter()
        .map(str::to_string)
        .collect();
    valid.extend(
        values
            .iter()
            .map(|(name, _)| format!("{{{{{}}}}}", name.trim())),
    );
    FormulaError::Unknown {
        name: inner.to_string(),
        valid,
    }
}

/// The largest offset amount a formula accepts, in any unit (about 270 years of days).
pub const MAX_OFFSET_AMOUNT: i64 = 100_000;

impl Offset {
    /// `+7d`, `-1w`, `+1m`, `+1y`, `+2h`; `None` when it cannot be read or is too large.
    pub fn parse(text: &str) -> Option<Offset> {
        let mut chars = text.chars();
        let sign = match chars.next()? {
            '+' => 1i64,
            '-' => -1i64,
            _ => return None,
        };
        let rest = chars.as_str().trim();
        let mut digits = rest.chars();
        let unit = match digits.next_back()?.to_ascii_lowercase() {
            'h' => OffsetUnit::Hours,
            'd' => OffsetUnit::Days,
            'w' => OffsetUnit::Weeks,
            'm' => OffsetUnit::Months,
            'y' => OffsetUnit::Years,
            _ => return None,
        };
        let amount: i64 = digits.as_str().trim().parse().ok()?;
        if !(0..=MAX_OFFSET_AMOUNT).contains(&amount) {
            return None;
        }
        Some(Offset {
            amount: sign.checked_mul(amount)?,
            unit,
        })
    }

    /// `at` moved by the offset. Every sum is checked: an offset of any size, either sign,
    /// gives `None` (a "cannot read the offset" message), never a panic.
    pub fn apply(self, at: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
        let amount = self.amount;
        match self.unit {
            OffsetUnit::Days => at.checked_add_signed(TimeDelta::try_days(amount)?),
            OffsetUnit::Weeks => at.checked_add_signed(TimeDelta::try_weeks(amount)?),
            OffsetUnit::Hours => at.checked_add_signed(TimeDelta::try_hours(amount)?),
            OffsetUnit::Months | OffsetUnit::Years => {
                let per_unit = if self.unit == OffsetUnit::Years {
                    12
                } else {
                    1
                };
                let months = Months::new(u32::try_from(amount.abs().checked_mul(per_unit)?).ok()?);
                if amount >= 0 {
                    at.checked_add_months(months)
                } else {
                    at.checked_sub_months(months)
                }
            }
        }
    }
}

/// Formats with a user-written strftime string; `None` when it has an unknown code (chrono
/// would otherwise panic while displaying it).
pub fn format_date(at: DateTime<FixedOffset>, format: &str) -> Option<String> {
    let items: Vec<Item<'_>> = StrftimeItems::new(format).collect();
    if items.iter().any(|item| matches!(item, Item::Error)) {
        return None;
    }
    use std::fmt::Write;
    let mut out = String::new();
    write!(out, "{}", at.format_with_items(items.into_iter())).ok()?;
    Some(out)
}

/// The placeholder that names a field by `label` (`{{label}}`), when one can: a label with
/// `{{` or `}}` in it, a brace at either end, or a line break would be read as other syntax.
pub fn label_placeholder(label: &str) -> Option<String> {
    let label = label.trim();
    let readable = !label.is_empty()
        && !label.contains("{{")
        && !label.contains("}}")
        && !label.starts_with('{')
        && !label.ends_with('}')
        && first_unsafe(label).is_none();
    readable.then(|| format!("{{{{{label}}}}}"))
}

/// A formula that renders exactly `text` (placeholder braces in it are broken apart, since the
/// formula language has no escape): used to relaunch a recorded name.
pub fn literal_formula(text: &str) -> String {
    // One pass leaves a pair inside a run of three or more ("{{{" gives "{ {{"): again until
    // no pair is left.
    let mut out = text.to_string();
    while out.contains("{{") || out.contains("}}") {
        out = out.replace("{{", "{ {").replace("}}", "} }");
    }
    out
}
