//! Login throttling, per account and per address. Counts live in the
//! database so that every server replica sees the same ones.
//!
//! After [`SLOW_AFTER`] failures on an account each further failure is
//! answered more slowly; at [`ACCOUNT_LIMIT`] failures within [`WINDOW_MINUTES`]
//! the account is refused (429) for [`LOCK_MINUTES`]; an address is refused
//! the same way at [`ADDRESS_LIMIT`] failures, whichever accounts it tried.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::db::{Store, Throttle};

pub const WINDOW_MINUTES: i64 = 15;
pub const LOCK_MINUTES: i64 = 15;
pub const SLOW_AFTER: i64 = 2;
pub const ACCOUNT_LIMIT: i64 = 5;
pub const ADDRESS_LIMIT: i64 = 20;

pub fn account_key(username: &str) -> String {
    format!("user:{}", username.trim().to_lowercase())
}

pub fn address_key(address: &str) -> String {
    format!("addr:{address}")
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

/// Counts a failure against `key`, locking it when it reaches `limit`.
pub async fn fail(
    store: &Store,
    key: &str,
    limit: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Throttle> {
    let cutoff = now - TimeDelta::minutes(WINDOW_MINUTES);
    let state = store.record_failure(key, now, cutoff).await?;
    if state.failures >= limit {
        store
            .lock(key, now + TimeDelta::minutes(LOCK_MINUTES))
            .await?;
    }
    Ok(state)
}

/// How long to hold back the answer to the `failures`-th failure in a row.
pub fn delay(failures: i64) -> Duration {
    let over = (failures - SLOW_AFTER).clamp(0, 4) as u64;
    Duration::from_millis(500 * over)
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
    }

    #[test]
    fn keys_ignore_case_and_space() {
        assert_eq!(account_key(" Office "), "user:office");
        assert_eq!(address_key("127.0.0.1"), "addr:127.0.0.1");
    }
}
