//! Time zones, and reading dates (and times) written by people or by the API.

use chrono::format::{Fixed, Item, Numeric, Pad, Parsed};
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

// The formats dates and times are read in, as chrono's reader takes them: already in pieces,
// each named by the `strftime` text it stands for (the tests hold each equal to chrono's own
// splitting of that text). Splitting the texts at run time, and building the date-and-time
// texts with `format!`, made the kick-off form's chunk 1.8 KB gzip larger.

const fn two(number: Numeric) -> Item<'static> {
    Item::Numeric(number, Pad::Zero)
}
const SPACE: Item<'static> = Item::Space(" ");
const YEAR: Item<'static> = two(Numeric::Year);
const MONTH: Item<'static> = two(Numeric::Month);
const DAY: Item<'static> = two(Numeric::Day);
const SHORT_MONTH: Item<'static> = Item::Fixed(Fixed::ShortMonthName);
const LONG_MONTH: Item<'static> = Item::Fixed(Fixed::LongMonthName);

/// `%Y-%m-%d`: how the app writes dates.
pub(super) const ISO_DATE: &[Item<'static>] =
    &[YEAR, Item::Literal("-"), MONTH, Item::Literal("-"), DAY];

/// `%Y/%m/%d`, `%d %b %Y`, `%d %B %Y`, `%b %d, %Y`, `%B %d, %Y`, `%b %d %Y`, `%B %d %Y`.
const WRITTEN_DATES: [&[Item<'static>]; 7] = [
    &[YEAR, Item::Literal("/"), MONTH, Item::Literal("/"), DAY],
    &[DAY, SPACE, SHORT_MONTH, SPACE, YEAR],
    &[DAY, SPACE, LONG_MONTH, SPACE, YEAR],
    &[SHORT_MONTH, SPACE, DAY, Item::Literal(","), SPACE, YEAR],
    &[LONG_MONTH, SPACE, DAY, Item::Literal(","), SPACE, YEAR],
    &[SHORT_MONTH, SPACE, DAY, SPACE, YEAR],
    &[LONG_MONTH, SPACE, DAY, SPACE, YEAR],
];

/// `%d/%m/%Y`, `%d.%m.%Y`, `%d-%m-%Y`.
const DAY_FIRST: [&[Item<'static>]; 3] = [
    &[DAY, Item::Literal("/"), MONTH, Item::Literal("/"), YEAR],
    &[DAY, Item::Literal("."), MONTH, Item::Literal("."), YEAR],
    &[DAY, Item::Literal("-"), MONTH, Item::Literal("-"), YEAR],
];

/// `%m/%d/%Y`, `%m.%d.%Y`, `%m-%d-%Y`.
const MONTH_FIRST: [&[Item<'static>]; 3] = [
    &[MONTH, Item::Literal("/"), DAY, Item::Literal("/"), YEAR],
    &[MONTH, Item::Literal("."), DAY, Item::Literal("."), YEAR],
    &[MONTH, Item::Literal("-"), DAY, Item::Literal("-"), YEAR],
];

/// `%H:%M`, `%H:%M:%S`, `%I:%M %p`, `%I:%M%p`: the times a time box takes (a date's time takes
/// the first three).
const TIMES: [&[Item<'static>]; 4] = [
    &[two(Numeric::Hour), Item::Literal(":"), two(Numeric::Minute)],
    &[
        two(Numeric::Hour),
        Item::Literal(":"),
        two(Numeric::Minute),
        Item::Literal(":"),
        two(Numeric::Second),
    ],
    &[
        two(Numeric::Hour12),
        Item::Literal(":"),
        two(Numeric::Minute),
        SPACE,
        Item::Fixed(Fixed::UpperAmPm),
    ],
    &[
        two(Numeric::Hour12),
        Item::Literal(":"),
        two(Numeric::Minute),
        Item::Fixed(Fixed::UpperAmPm),
    ],
];

/// Between a date and its time: ` ` or `T`.
const DATE_TIME_SEPARATORS: [&[Item<'static>]; 2] = [&[SPACE], &[Item::Literal("T")]];

/// What `text` holds read exactly as `parts`, one after the other, say (chrono's reader).
pub(super) fn read_as(text: &str, parts: &[&[Item<'static>]]) -> Option<Parsed> {
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, text, parts.iter().flat_map(|part| part.iter())).ok()?;
    Some(parsed)
}

pub(super) fn parse_time(text: &str) -> Option<NaiveTime> {
    TIMES
        .iter()
        .find_map(|time| read_as(text, &[time])?.to_naive_time().ok())
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
        DateOrder::DayFirst => DAY_FIRST,
        DateOrder::MonthFirst => MONTH_FIRST,
    };
    let all_dates = std::iter::once(&ISO_DATE)
        .chain(WRITTEN_DATES.iter())
        .chain(day_month.iter());
    for format in all_dates.clone() {
        if let Some(date) = read_as(text, &[format]).and_then(|p| p.to_naive_date().ok()) {
            if collect_time {
                return Err(FieldError::NeedsTime {
                    text: text.to_string(),
                });
            }
            return Ok((iso_day(date), String::new()));
        }
    }
    for format in all_dates {
        for time_format in &TIMES[..3] {
            for sep in DATE_TIME_SEPARATORS {
                let read = read_as(text, &[format, sep, time_format]);
                if let Some(at) = read.and_then(|p| p.to_naive_datetime_with_offset(0).ok()) {
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

    /// Each format in pieces is exactly what chrono makes of its `strftime` text, alone and as
    /// a date with a time.
    #[test]
    fn the_formats_in_pieces_are_chronos_own_reading_of_their_texts() {
        use chrono::format::StrftimeItems;
        fn pieces(text: &str) -> Vec<Item<'_>> {
            StrftimeItems::new(text).collect()
        }
        let dates = [
            "%Y-%m-%d",
            "%Y/%m/%d",
            "%d %b %Y",
            "%d %B %Y",
            "%b %d, %Y",
            "%B %d, %Y",
            "%b %d %Y",
            "%B %d %Y",
        ];
        let all_dates: Vec<&[Item<'static>]> =
            std::iter::once(ISO_DATE).chain(WRITTEN_DATES).collect();
        for (text, items) in dates.iter().zip(&all_dates) {
            assert_eq!(pieces(text), items.to_vec(), "{text}");
        }
        for (text, items) in ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"].iter().zip(DAY_FIRST) {
            assert_eq!(pieces(text), items.to_vec(), "{text}");
        }
        for (text, items) in ["%m/%d/%Y", "%m.%d.%Y", "%m-%d-%Y"].iter().zip(MONTH_FIRST) {
            assert_eq!(pieces(text), items.to_vec(), "{text}");
        }
        let times = ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p"];
        for (text, items) in times.iter().zip(TIMES) {
            assert_eq!(pieces(text), items.to_vec(), "{text}");
        }
        for (date, date_items) in dates.iter().zip(&all_dates) {
            for (time, time_items) in times[..3].iter().zip(&TIMES[..3]) {
                for (sep, sep_items) in [" ", "T"].iter().zip(DATE_TIME_SEPARATORS) {
                    let joined: Vec<Item<'static>> = [*date_items, sep_items, time_items].concat();
                    assert_eq!(pieces(&format!("{date}{sep}{time}")), joined);
                }
            }
        }
    }

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
