//! Beijing time (UTC+8 all year): the office's clock. Deadlines are days in
//! Beijing, and every moment is shown in Beijing time, wherever the server
//! or the phone is. Pure functions: each side passes its own clock
//! (`Utc::now()`), so tests pass any moment they like.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc};

/// Beijing's offset from UTC (no daylight saving since 1991).
pub const OFFSET: TimeDelta = TimeDelta::hours(8);

/// The offset as chrono's time zone.
pub fn zone() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The wall-clock time in Beijing at `at`.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + OFFSET
}

/// The day `at` falls on in Beijing (today, for `Utc::now()`).
pub fn day(at: DateTime<Utc>) -> NaiveDate {
    local(at).date()
}

/// The moment a Beijing wall-clock time names.
pub fn from_local(local: NaiveDateTime) -> DateTime<Utc> {
    (local - OFFSET).and_utc()
}

/// The moment `day` begins in Beijing.
pub fn midnight(day: NaiveDate) -> DateTime<Utc> {
    from_local(day.and_time(chrono::NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_day_in_beijing_starts_at_four_in_the_afternoon_utc() {
        assert_eq!(day(utc("2020-06-23T15:59:59Z")).to_string(), "2020-06-23");
        assert_eq!(day(utc("2020-06-23T16:00:00Z")).to_string(), "2020-06-24");
        let d = NaiveDate::from_ymd_opt(2020, 6, 24).unwrap();
        assert_eq!(midnight(d), utc("2020-06-23T16:00:00Z"));
        assert_eq!(day(midnight(d)), d);
    }

    #[test]
    fn local_time_goes_there_and_back() {
        let at = utc("2020-07-10T01:30:00Z");
        assert_eq!(local(at).to_string(), "2020-07-10 09:30:00");
        assert_eq!(from_local(local(at)), at);
        assert_eq!(at.with_timezone(&zone()).naive_local(), local(at));
    }
}
