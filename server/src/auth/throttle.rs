//! Throttling by key — an account, a client address (keyed hash), a
//! citizen's reports — with counts in the database so that every replica
//! sees the same ones.
//!
//! Every count is taken atomically *before* the costly or risky work (one
//! `INSERT … ON CONFLICT DO UPDATE … RETURNING` per attempt), so a burst of
//! parallel attempts is limited exactly as the same attempts one after the
//! other would be.
//!
//! Sign-in: an account may be tried [`ACCOUNT_LIMIT`] times in
//! [`WINDOW_MINUTES`] (a success clears its count); further attempts are
//! refused (429) for [`LOCK_MINUTES`] before any password is checked. After
//! [`SLOW_AFTER`] failures each answer is slower. An address — shared by a
//! whole office behind one NAT — never stops the right password of an
//! account that is not itself locked: past [`ADDRESS_SLOW_AFTER`] failures
//! its wrong answers are slowed, and past [`ADDRESS_LIMIT`] they are 429.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::db::Store;

pub const WINDOW_MINUTES: i64 = 15;
pub const LOCK_MINUTES: i64 = 15;
pub const SLOW_AFTER: i64 = 2;
pub const ACCOUNT_LIMIT: i64 = 5;
pub const ADDRESS_SLOW_AFTER: i64 = 10;
pub const ADDRESS_LIMIT: i64 = 20;

pub fn account_key(username: &str) -> String {
    format!("user:{}", username.trim().to_lowercase())
}

/// An address as the throttle keeps it: a keyed hash (see
/// [`crate::secret::Secret::address_hash`]), never the address itself.
pub fn address_key(address_hash: &str) -> String {
    format!("addr:{address_hash}")
}

/// Seconds until `key` may try again, if it is locked now.
pub async fn locked_for(store: &Store, key: &str, now: DateTime<Utc>) -> sqlx::Result<Option<u64>> {
    Ok(store
        .throttle(key)
        .await?
        .and_then(|t| t.locked_until)
        .filter(|until| *until > now)
        .map(|until| (until - now).num_seconds().max(1) as u64))
}

/// What one counted attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// The attempt may go ahead; it is the `n`-th in the window.
    Allowed(i64),
    /// Over the limit: refused, try again in this many seconds. `just_now`
    /// when this attempt is the one that locked the key.
    Refused { retry_after: u64, just_now: bool },
}

/// Counts an attempt against `key` (atomically: replicas and parallel
/// requests share the count) within a window of `window` and answers
/// whether it may go ahead: at most `limit` in a window, after which the
/// key is locked for `lock`.
pub async fn count(
    store: &Store,
    key: &str,
    limit: i64,
    window: TimeDelta,
    lock: TimeDelta,
    now: DateTime<Utc>,
) -> sqlx::Result<Counted> {
    if let Some(retry_after) = locked_for(store, key, now).await? {
        return Ok(Counted::Refused {
            retry_after,
            just_now: false,
        });
    }
    let state = store.record_failure(key, now, now - window).await?;
    if state.failures <= limit {
        return Ok(Counted::Allowed(state.failures));
    }
    store.lock(key, now + lock).await?;
    Ok(Counted::Refused {
        retry_after: lock.num_seconds().max(1) as u64,
        just_now: state.failures == limit + 1,
    })
}

/// Counts a sign-in attempt against an account or an address.
pub async fn attempt(
    store: &Store,
    key: &str,
    limit: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Counted> {
    count(
        store,
        key,
        limit,
        TimeDelta::minutes(WINDOW_MINUTES),
        TimeDelta::minutes(LOCK_MINUTES),
        now,
    )
    .await
}

/// How long to hold back the answer to an account's `failures`-th failure
/// in a row: half a second more for each past [`SLOW_AFTER`], at most two.
pub fn delay(failures: i64) -> Duration {
    let over = (failures - SLOW_AFTER).clamp(0, 4) as u64;
    Duration::from_millis(500 * over)
}

/// The same for an address's failures (many people may share it): a
/// quarter second more for each past [`ADDRESS_SLOW_AFTER`], at most one.
pub fn address_delay(failures: i64) -> Duration {
    let over = (failures - ADDRESS_SLOW_AFTER).clamp(0, 4) as u64;
    Duration::from_millis(250 * over)
}

/// Forgets counts whose window has passed and whose lock has run out.
pub async fn sweep(store: &Store, now: DateTime<Utc>) -> sqlx::Result<u64> {
    let oldest_window =
        TimeDelta::minutes(WINDOW_MINUTES.max(crate::http::public::REPORT_WINDOW_MINUTES));
    store.sweep_throttle(now - oldest_window, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slows_down_then_caps() {
        assert_eq!(delay(1), Duration::ZERO);
        assert_eq!(delay(2), Duration::ZERO);
        assert_eq!(delay(3), Duration::from_millis(500));
        assert_eq!(delay(4), Duration::from_millis(1000));
        assert_eq!(delay(50), Duration::from_millis(2000));
        assert_eq!(address_delay(10), Duration::ZERO);
        assert_eq!(address_delay(11), Duration::from_millis(250));
        assert_eq!(address_delay(50), Duration::from_millis(1000));
    }

    #[test]
    fn keys_ignore_case_and_space() {
        assert_eq!(account_key(" Office "), "user:office");
        assert_eq!(address_key("ab12"), "addr:ab12");
    }
}
