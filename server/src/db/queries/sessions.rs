//! Sessions and the failed-login throttle.

use chrono::{DateTime, Utc};
use sqlx::Pool;

use super::{DB, begin_write};
use crate::db::{AuditEntry, NewSession, SessionRow, Throttle};

pub async fn session(pool: &Pool<DB>, id_hash: &str) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as(
        "SELECT s.id_hash, s.csrf_token, s.created_at, s.last_seen_at,
                u.id, u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name,
                u.password_hash, u.must_change_password, u.active, u.signs_bulletins
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN units n ON n.id = u.unit_id
         WHERE s.id_hash = $1",
    )
    .bind(id_hash)
    .fetch_optional(pool)
    .await
}

pub async fn touch_session(pool: &Pool<DB>, id_hash: &str, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(id_hash)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
}

pub async fn delete_session(pool: &Pool<DB>, id_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(pool)
        .await
        .map(|_| ())
}

/// Ends a session and records who signed out.
pub async fn end_session(pool: &Pool<DB>, id_hash: &str, audit: AuditEntry) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(tx.conn())
        .await?;
    tx.audit(&audit).await?;
    tx.commit().await
}

/// A successful login: the old session (if any) ends, a new one starts,
/// the account's failure count is cleared, idle sessions are swept, and
/// the audit log says so — all or nothing.
pub async fn start_session(
    pool: &Pool<DB>,
    new: &NewSession,
    replaces: Option<&str>,
    throttle_key: &str,
    idle_cutoff: DateTime<Utc>,
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    if let Some(old) = replaces {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(old)
            .execute(tx.conn())
            .await?;
    }
    sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1")
        .bind(idle_cutoff)
        .execute(tx.conn())
        .await?;
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(&new.id_hash)
    .bind(new.user_id)
    .bind(&new.csrf_token)
    .bind(new.created_at)
    .execute(tx.conn())
    .await?;
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(throttle_key)
        .execute(tx.conn())
        .await?;
    tx.audit(&audit).await?;
    tx.commit().await
}

pub async fn throttle(pool: &Pool<DB>, key: &str) -> sqlx::Result<Option<Throttle>> {
    sqlx::query_as("SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await
}

/// Counts one attempt against `key` atomically (replicas share the
/// count) and returns the new state; a window older than `window_cutoff`
/// starts again at one.
pub async fn record_failure(
    pool: &Pool<DB>,
    key: &str,
    now: DateTime<Utc>,
    window_cutoff: DateTime<Utc>,
) -> sqlx::Result<Throttle> {
    sqlx::query_as(
        "INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END,
             window_start = CASE WHEN login_throttle.window_start < $3 THEN $2 ELSE login_throttle.window_start END
         RETURNING failures, window_start, locked_until",
    )
    .bind(key)
    .bind(now)
    .bind(window_cutoff)
    .fetch_one(pool)
    .await
}

pub async fn lock(pool: &Pool<DB>, key: &str, until: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE login_throttle SET locked_until = $2 WHERE key = $1")
        .bind(key)
        .bind(until)
        .execute(pool)
        .await
        .map(|_| ())
}

/// Deletes throttle counts whose window began before `window_cutoff` and
/// that are not locked past `now`.
pub async fn sweep_throttle(
    pool: &Pool<DB>,
    window_cutoff: DateTime<Utc>,
    now: DateTime<Utc>,
) -> sqlx::Result<u64> {
    sqlx::query(
        "DELETE FROM login_throttle
         WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $2)",
    )
    .bind(window_cutoff)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
}

/// Forgets `key`'s count (a password proved, say).
pub async fn clear_throttle(pool: &Pool<DB>, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(pool)
        .await
        .map(|_| ())
}
