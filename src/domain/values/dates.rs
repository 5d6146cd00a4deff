//! Time zones, and reading dates (and times) written by people or by the API.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
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
    let time = utc.time();
    // chrono keeps a leap second as the 59th with over a second of nanoseconds, written as 60.
    let second = time.second() + u32::from(time.nanosecond() >= 1_000_000_000);
    format!(
        "{}T{}:{second:02}.{:03}Z",
        iso_day(utc.date()),
        clock(time),
        time.nanosecond() / 1_000_000 % 1000
    )
}

// The dates written here are written as chrono's `format("%Y-%m-%d")` and `format("%H:%M")`
// write them (the tests hold them equal), without its format-string interpreter: that is ~5 KB
// of code in the form's chunk, which a linked form waits for.

/// `YYYY-MM-DD`; a year outside 0–9999 with its sign, as ISO 8601 asks.
pub(super) fn iso_day(day: NaiveDate) -> String {
    let year = day.year();
    if (0..10_000).contains(&year) {
        format!("{year:04}-{:02}-{:02}", day.month(), day.day())
    } else {
        format!("{year:+05}-{:02}-{:02}", day.month(), day.day())
    }
}

/// `HH:MM`, on the 24-hour clock.
pub(super) fn clock(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
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
            return Ok((iso_day(instant.date_naive()), String::new()));
        }
        let utc = instant.with_timezone(&Utc).naive_utc();
        let local =
            utc + chrono::Duration::seconds(i64::from(zone.offset_at_utc(utc).local_minus_utc()));
        return Ok((iso_day(local.date()), clock(local.time())));
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
            return Ok((iso_day(date), String::new()));
        }
    }
    for format in all_dates {
        for time_format in ["%H:%M", "%H:%M:%S", "%I:%M %p"] {
            for sep in [" ", "T"] {
                let full = format!("{format}{sep}{time_format}");
                if let Ok(at) = NaiveDateTime::parse_from_str(text, &full) {
                    let time = if collect_time {
                        clock(at.time())
                    } else {
                        String::new()
                    };
                    return Ok((iso_day(at.date()), time));
                }
            }
        }
    }
    Err(FieldError::UnreadableDate {
        text: text.to_string(),
        order,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Years at the edges of four digits and of chrono's range, every month's first and last
    /// day in each, and times at millisecond edges and in a leap second.
    #[test]
    fn dates_and_times_are_written_as_chrono_writes_them() {
        let years = [
            -262_143, -10_000, -9_999, -1_000, -1, 0, 1, 9, 99, 999, 1_000, 1_970, 2_026, 9_999,
            10_000, 99_999, 262_142,
        ];
        for year in years {
            for month in 1..=12 {
                let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
                let last = first
                    .checked_add_months(chrono::Months::new(1))
                    .map_or(first, |next| next.pred_opt().unwrap());
                for day in [first, last] {
                    assert_eq!(iso_day(day), day.format("%Y-%m-%d").to_string());
                }
            }
        }
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        for (hour, minute, second, nano) in [
            (0, 0, 0, 0),
            (9, 5, 7, 999_999),
            (12, 30, 59, 1_000_000),
            (23, 59, 59, 999_999_999),
            (23, 59, 59, 1_999_999_999), // a leap second
        ] {
            let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano).unwrap();
            assert_eq!(clock(time), time.format("%H:%M").to_string());
            let at = day.and_time(time);
            assert_eq!(
                local_to_utc_iso(at, &FixedZone::default()),
                format!("{}Z", at.format("%Y-%m-%dT%H:%M:%S%.3f"))
            );
        }
    }
}
