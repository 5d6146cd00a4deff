//! Process-name formulas: literal text with placeholders in Tallyfy's variable style,
//! `{{Customer name}}` for a kick-off field (by label) and `{{today}}`, `{{today+7d}}`,
//! `{{now}}` for dates, each with an optional strftime format: `{{today:%d %b %Y}}`.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, FixedOffset, Months, TimeDelta};

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
        while let Some((before, opened)) = rest.split_once("{{") {
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

fn resolve(
    inner: &str,
    values: &[(String, String)],
    now: DateTime<FixedOffset>,
) -> Result<String, FormulaError> {
    // A field label may itself contain ':' or '+', so the whole text is tried as a name first.
    if let Some(value) = lookup(inner, values) {
        return Ok(value.to_string());
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
    let at = if offset_text.is_empty() {
        now
    } else {
        apply_offset(now, offset_text).ok_or_else(|| FormulaError::BadOffset {
            placeholder: inner.to_string(),
        })?
    };
    let format = match format {
        Some(f) => f,
        None if *keyword == "now" => "%Y-%m-%d %H:%M",
        None => "%Y-%m-%d",
    };
    format_date(at, format).ok_or_else(|| FormulaError::BadFormat {
        placeholder: inner.to_string(),
        format: format.to_string(),
    })
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
const MAX_OFFSET_AMOUNT: i64 = 100_000;

/// `+7d`, `-1w`, `+1m`, `+1y`, `+2h`. Every sum is checked: an offset of any size, either sign,
/// gives `None` (a "cannot read the offset" message), never a panic.
fn apply_offset(at: DateTime<FixedOffset>, text: &str) -> Option<DateTime<FixedOffset>> {
    let mut chars = text.chars();
    let sign = match chars.next()? {
        '+' => 1i64,
        '-' => -1i64,
        _ => return None,
    };
    let rest = chars.as_str().trim();
    let mut digits = rest.chars();
    let unit = digits.next_back()?;
    let amount: i64 = digits.as_str().trim().parse().ok()?;
    if !(0..=MAX_OFFSET_AMOUNT).contains(&amount) {
        return None;
    }
    let signed = sign.checked_mul(amount)?;
    match unit.to_ascii_lowercase() {
        'd' => at.checked_add_signed(TimeDelta::try_days(signed)?),
        'w' => at.checked_add_signed(TimeDelta::try_weeks(signed)?),
        'h' => at.checked_add_signed(TimeDelta::try_hours(signed)?),
        'm' | 'y' => {
            let per_unit = if unit.eq_ignore_ascii_case(&'y') {
                12
            } else {
                1
            };
            let months = Months::new(u32::try_from(amount.checked_mul(per_unit)?).ok()?);
            if sign > 0 {
                at.checked_add_months(months)
            } else {
                at.checked_sub_months(months)
            }
        }
        _ => None,
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

/// A formula that renders exactly `text` (placeholder braces in it are broken apart, since the
/// formula language has no escape): used to relaunch a recorded name.
pub fn literal_formula(text: &str) -> String {
    text.replace("{{", "{ {").replace("}}", "} }")
}
