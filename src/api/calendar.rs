//! The office's holiday calendar.

use chrono::NaiveDate;
use xiaoneng_domain::calendar::{CalendarDay, DayInput, DeadlineExample};
use xiaoneng_domain::import::{ImportReport, ImportRequest};

use super::{ApiError, Write, delete, get, query};

/// The named days of a year.
pub async fn year(year: i32) -> Result<Vec<CalendarDay>, ApiError> {
    get(&format!("/api/calendar?year={year}")).await
}

/// Names a day: a public holiday, or a weekend day worked instead.
pub fn set_day(day: NaiveDate) -> Write<DayInput, CalendarDay> {
    Write::put(format!("/api/calendar/days/{day}"))
}

pub async fn remove_day(day: NaiveDate) -> Result<(), ApiError> {
    delete(&format!("/api/calendar/days/{day}")).await
}

/// The deadline `working_days` working days after `from`, as the calendar counts it.
pub async fn deadline(from: &str, working_days: &str) -> Result<DeadlineExample, ApiError> {
    let pairs = [
        ("from", Some(from.to_owned())),
        ("working_days", Some(working_days.to_owned())),
    ];
    get(&format!("/api/calendar/deadline{}", query(&pairs))).await
}

/// Checks, then writes, a year's days from an `.ics` or CSV file.
pub fn import_days() -> Write<ImportRequest, ImportReport> {
    Write::post("/api/calendar/import")
}
