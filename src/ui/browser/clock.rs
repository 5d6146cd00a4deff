//! The browser's clock and time zone, for the screens and the domain's date handling: the
//! current time (from `api::clock`, which paces requests by it), local times for display, and
//! the zone the domain converts dates with.

pub use crate::api::clock::{monotonic_ms, now_ms, sleep_ms};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, Timelike};
use wasm_bindgen::JsValue;

use crate::domain::directory::Directory;
use crate::domain::values::{EncodeContext, LocalZone};

/// The zone the browser runs in (DST included), read through `Date`.
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserZone;

fn offset_from_minutes_west(minutes_west: f64) -> FixedOffset {
    FixedOffset::east_opt((-minutes_west * 60.0) as i32)
        // Safe: an offset of zero seconds is always in range.
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero"))
}

impl LocalZone for BrowserZone {
    fn offset_at_local(&self, local: NaiveDateTime) -> FixedOffset {
        let date = js_sys::Date::new_with_year_month_day_hr_min_sec(
            local.year() as u32,
            local.month0() as i32,
            local.day() as i32,
            local.hour() as i32,
            local.minute() as i32,
            local.second() as i32,
        );
        offset_from_minutes_west(date.get_timezone_offset())
    }

    fn offset_at_utc(&self, utc: NaiveDateTime) -> FixedOffset {
        let ms = utc.and_utc().timestamp_millis() as f64;
        offset_from_minutes_west(js_sys::Date::new(&JsValue::from_f64(ms)).get_timezone_offset())
    }
}

/// Now, in the browser's zone.
pub fn now_local() -> DateTime<FixedOffset> {
    let utc = crate::api::client::now_utc();
    utc.with_timezone(&BrowserZone.offset_at_utc(utc.naive_utc()))
}

/// A time as the user's local "YYYY-MM-DD HH:MM:SS".
pub fn local_time(at_ms: i64) -> String {
    let Some(utc) = chrono::DateTime::from_timestamp_millis(at_ms) else {
        return String::new();
    };
    let offset = BrowserZone.offset_at_utc(utc.naive_utc());
    utc.with_timezone(&offset)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

impl<'a> EncodeContext<'a> {
    /// The context the screens encode with: the browser's zone, these members and groups.
    pub fn browser(directory: &'a Directory) -> EncodeContext<'a> {
        EncodeContext::new(&BrowserZone, directory)
    }
}
