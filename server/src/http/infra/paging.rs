//! Keyset paging for long lists, newest first: a page is asked for with an
//! opaque `cursor` (the last row's creation time and id) and a `limit`, and
//! answers the `next` cursor while more rows remain.

use chrono::{DateTime, Utc};
use xiaoneng_domain::{Invalid, Reason};

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// Where a page starts and how long it is.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub after: Option<(DateTime<Utc>, i64)>,
    pub limit: i64,
}

impl PageRequest {
    /// Reads `cursor` and `limit`, adding to `invalid` what is wrong with them.
    pub fn parse(cursor: Option<&str>, limit: Option<i64>, invalid: &mut Invalid) -> PageRequest {
        let after = cursor.and_then(|c| {
            let parsed = decode(c);
            if parsed.is_none() {
                invalid.add("cursor", Reason::WrongType);
            }
            parsed
        });
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            invalid.add(
                "limit",
                Reason::OutOfRange {
                    min: 1,
                    max: MAX_LIMIT,
                },
            );
        }
        PageRequest { after, limit }
    }

    /// How many rows to fetch: one more than the page, to know whether another follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// Cuts the fetched rows to the page and says where the next one starts.
    pub fn finish<T>(
        &self,
        mut rows: Vec<T>,
        key: impl Fn(&T) -> (DateTime<Utc>, i64),
    ) -> (Vec<T>, Option<String>) {
        if rows.len() as i64 <= self.limit {
            return (rows, None);
        }
        rows.truncate(self.limit as usize);
        let next = rows.last().map(|row| encode(key(row)));
        (rows, next)
    }
}

/// A case-insensitive `LIKE` pattern for text anywhere in a column:
/// lower-cased, `%`, `_` and `\` escaped by `\`.
pub fn like_pattern(q: &str) -> String {
    let mut escaped = String::with_capacity(q.len() + 2);
    escaped.push('%');
    for c in q.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

/// Seconds, nanoseconds and id: exact, so a row compares equal to its own
/// cursor on both engines (SQLite keeps the nanoseconds it was given), and
/// wide enough for a deadline sort's far-future "no deadline".
pub fn encode((at, id): (DateTime<Utc>, i64)) -> String {
    format!("{}.{}.{id}", at.timestamp(), at.timestamp_subsec_nanos())
}

fn decode(cursor: &str) -> Option<(DateTime<Utc>, i64)> {
    let mut parts = cursor.splitn(3, '.');
    let (secs, nanos, id) = (parts.next()?, parts.next()?, parts.next()?);
    Some((
        DateTime::from_timestamp(secs.parse().ok()?, nanos.parse().ok()?)?,
        id.parse().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_bad_ones_are_named() {
        let at = DateTime::from_timestamp(1_593_000_000, 123_456_789).unwrap();
        assert_eq!(decode(&encode((at, 42))), Some((at, 42)));
        let far = crate::db::NO_DEADLINE
            .and_time(chrono::NaiveTime::MIN)
            .and_utc();
        assert_eq!(decode(&encode((far, -1))), Some((far, -1)));
        let mut invalid = Invalid::default();
        let page = PageRequest::parse(Some("yesterday"), Some(0), &mut invalid);
        assert!(page.after.is_none());
        assert!(invalid.reason("cursor").is_some() && invalid.reason("limit").is_some());
    }

    #[test]
    fn a_page_says_whether_another_follows() {
        let at = DateTime::from_timestamp_micros(0).unwrap();
        let page = PageRequest {
            after: None,
            limit: 2,
        };
        let (rows, next) = page.finish(vec![3, 2, 1], |id| (at, *id));
        assert_eq!((rows, next.as_deref()), (vec![3, 2], Some("0.0.2")));
        let (rows, next) = page.finish(vec![3, 2], |id| (at, *id));
        assert_eq!((rows, next), (vec![3, 2], None));
    }
}
