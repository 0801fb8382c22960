//! The browser's clock, read in Beijing time (the rule is the domain's
//! `beijing`, which the server follows too).

use chrono::{DateTime, NaiveDate, Utc};
use xiaoneng_domain::beijing;

/// Today in Beijing, where every deadline is kept.
pub fn today() -> NaiveDate {
    beijing::day(Utc::now())
}

/// The day a moment falls on in Beijing, as YYYY-MM-DD.
pub fn beijing_day(at: DateTime<Utc>) -> String {
    beijing::day(at).to_string()
}

/// A moment in Beijing time, to the minute (`format` as chrono's).
pub fn beijing_time(at: DateTime<Utc>, format: &str) -> String {
    beijing::local(at).format(format).to_string()
}
