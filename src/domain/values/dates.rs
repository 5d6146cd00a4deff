//! Time zones, and reading dates (and times) written by people or by the API.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::FieldError;

/// Converts between the user's local time and UTC (the browser's zone in the app, fixed in tests).
pub trait LocalZone {
    /// The UTC offset in force at this local wall-clock time.
    fn offset_at_local(&self, local: NaiveDateTime) -> FixedOffset;
    /// The UTC offset in force at this UTC instant.
    fn offset_at_utc(&self, utc: NaiveDateTime) -> FixedOffset;
}

/// A zone with one fixed offset (UTC by default).
#[derive(Clone, Copy, Debug)]
pub struct FixedZone(pub FixedOffset);

impl Default for FixedZone {
    fn default() -> Self {
        // Safe: an offset of zero seconds is always in range.
        FixedZone(FixedOffset::east_opt(0).expect("zero offset"))
    }
}

impl LocalZone for FixedZone {
    fn offset_at_local(&self, _: NaiveDateTime) -> FixedOffset {
        self.0
    }
    fn offset_at_utc(&self, _: NaiveDateTime) -> FixedOffset {
        self.0
    }
}

/// How to read dates like `03/04/2026` from spreadsheets and links.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    /// 03/04/2026 is 3 April.
    #[default]
    DayFirst,
    /// 03/04/2026 is 4 March.
    MonthFirst,
}

impl DateOrder {
    /// Both readings, with how each reads 03/04, in the order a picker lists them.
    pub const ALL: [(DateOrder, &'static str); 2] = [
        (DateOrder::DayFirst, "3 April (day first)"),
        (DateOrder::MonthFirst, "4 March (month first)"),
    ];
}

pub(super) fn local_to_utc_iso(local: NaiveDateTime, zone: &dyn LocalZone) -> String {
    let offset = zone.offset_at_local(local);
    let utc = local - chrono::Duration::seconds(i64::from(offset.local_minus_utc()));
    format!("{}Z", utc.format("%Y-%m-%dT%H:%M:%S%.3f"))
}

pub(super) fn parse_time(text: &str) -> Option<NaiveTime> {
    ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
}

/// Reads a date (and time) written in ISO form or a common spreadsheet form, returning the
/// local `YYYY-MM-DD` and `HH:MM` (empty when the field has no time).
pub fn parse_date_text(
    text: &str,
    collect_time: bool,
    order: DateOrder,
    zone: &dyn LocalZone,
) -> Result<(String, String), FieldError> {
    let text = text.trim();
    // An instant with an offset (the API's own form): shown in the user's zone when the field
    // has a time, taken as the calendar date written when it does not.
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        if !collect_time {
            return Ok((
                instant.date_naive().format("%Y-%m-%d").to_string(),
                String::new(),
            ));
        }
        let utc = instant.with_timezone(&Utc).naive_utc();
        let local =
            utc + chrono::Duration::seconds(i64::from(zone.offset_at_utc(utc).local_minus_utc()));
        return Ok((
            local.format("%Y-%m-%d").to_string(),
            local.format("%H:%M").to_string(),
        ));
    }
    let day_month = match order {
        DateOrder::DayFirst => ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"],
        DateOrder::MonthFirst => ["%m/%d/%Y", "%m.%d.%Y", "%m-%d-%Y"],
    };
    let date_formats = [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%d %b %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%b %d %Y",
        "%B %d %Y",
    ];
    let all_dates = date_formats.iter().chain(day_month.iter());
    for format in all_dates.clone() {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            if collect_time {
                return Err(FieldError::NeedsTime {
                    text: text.to_string(),
                });
            }
            return Ok((date.format("%Y-%m-%d").to_string(), String::new()));
        }
    }
    for format in all_dates {
        for time_format in ["%H:%M", "%H:%M:%S", "%I:%M %p"] {
            for sep in [" ", "T"] {
                let full = format!("{format}{sep}{time_format}");
                if let Ok(at) = NaiveDateTime::parse_from_str(text, &full) {
                    let time = if collect_time {
                        at.format("%H:%M").to_string()
                    } else {
                        String::new()
                    };
                    return Ok((at.format("%Y-%m-%d").to_string(), time));
                }
            }
        }
    }
    Err(FieldError::UnreadableDate {
        text: text.to_string(),
        order,
    })
}
