//! The browser's clock, read in Beijing time (the rule is the domain's
//! `beijing`, which the server follows too).

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use xiaoneng_domain::beijing;

/// Today in Beijing, where every deadline is kept.
pub fn today() -> NaiveDate {
    beijing::day(Utc::now())
}

/// The day a moment falls on in Beijing, as YYYY-MM-DD.
pub fn beijing_day(at: DateTime<Utc>) -> String {
    beijing::day(at).to_string()
}

/// How much of a moment in Beijing time is shown, always to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// 2026-12-04 09:30
    DayAndTime,
    /// 12-04 09:30, within the year at hand.
    MonthDayAndTime,
    /// 09:30, within the day at hand.
    Time,
    /// 2026-12-04T09:30, as a `datetime-local` input takes it.
    Input,
}

/// A moment in Beijing time, to the minute. Written out here rather than
/// by chrono's `format`, whose pattern interpreter the apps need not carry.
pub fn beijing_time(at: DateTime<Utc>, shown: Shown) -> String {
    let t = beijing::local(at);
    let (y, mo, d, h, mi) = (t.year(), t.month(), t.day(), t.hour(), t.minute());
    match shown {
        Shown::DayAndTime => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}"),
        Shown::MonthDayAndTime => format!("{mo:02}-{d:02} {h:02}:{mi:02}"),
        Shown::Time => format!("{h:02}:{mi:02}"),
        Shown::Input => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::{Shown, beijing_time};

    #[test]
    fn a_moment_is_shown_in_beijing_time_to_the_minute() {
        let at = Utc.with_ymd_and_hms(2026, 12, 4, 1, 30, 59).unwrap();
        assert_eq!(beijing_time(at, Shown::DayAndTime), "2026-12-04 09:30");
        assert_eq!(beijing_time(at, Shown::MonthDayAndTime), "12-04 09:30");
        assert_eq!(beijing_time(at, Shown::Time), "09:30");
        assert_eq!(beijing_time(at, Shown::Input), "2026-12-04T09:30");
        // Past midnight in Beijing while still the old year in UTC.
        let new_year = Utc.with_ymd_and_hms(2026, 12, 31, 16, 5, 0).unwrap();
        assert_eq!(
            beijing_time(new_year, Shown::DayAndTime),
            "2027-01-01 00:05"
        );
    }
}
