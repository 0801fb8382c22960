//! Kept answers of creating requests sent with an `Idempotency-Key`
//! (`http::infra::idempotency`).

use chrono::{DateTime, Utc};
use sqlx::Pool;

use super::DB;
use crate::db::IdempotentRequest;

/// Claims `key_hash` for a request now; `None` when it was free (the
/// caller carries the request out), else what the key already holds.
pub async fn claim_idempotency(
    pool: &Pool<DB>,
    key_hash: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<IdempotentRequest>> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency (key_hash, request_hash, state, created_at)
         VALUES ($1, $2, 'pending', $3)
         ON CONFLICT (key_hash) DO NOTHING",
    )
    .bind(key_hash)
    .bind(request_hash)
    .bind(now)
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(None);
    }
    sqlx::query_as(
        "SELECT request_hash, state, status, content_type, body, created_at
         FROM idempotency WHERE key_hash = $1",
    )
    .bind(key_hash)
    .fetch_optional(pool)
    .await
}

/// Takes over a claim left pending since before `stale_before` (its server
/// stopped mid-request): `true` when this caller now holds it.
pub async fn take_over_idempotency(
    pool: &Pool<DB>,
    key_hash: &str,
    stale_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    sqlx::query(
        "UPDATE idempotency SET created_at = $3
         WHERE key_hash = $1 AND state = 'pending' AND created_at < $2",
    )
    .bind(key_hash)
    .bind(stale_before)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// Keeps the answer a carried-out request gave.
pub async fn keep_idempotent_answer(
    pool: &Pool<DB>,
    key_hash: &str,
    status: i32,
    content_type: Option<&str>,
    body: &[u8],
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE idempotency SET state = 'answered', status = $2, content_type = $3, body = $4
         WHERE key_hash = $1",
    )
    .bind(key_hash)
    .bind(status)
    .bind(content_type)
    .bind(body)
    .execute(pool)
    .await
    .map(|_| ())
}

/// Lets go of a claim whose request wrote nothing: a retry carries it out anew.
pub async fn release_idempotency(pool: &Pool<DB>, key_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM idempotency WHERE key_hash = $1 AND state = 'pending'")
        .bind(key_hash)
        .execute(pool)
        .await
        .map(|_| ())
}

/// Forgets keys older than `before`.
pub async fn sweep_idempotency(pool: &Pool<DB>, before: DateTime<Utc>) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM idempotency WHERE created_at < $1")
        .bind(before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}
