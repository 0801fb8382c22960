//! The audit log: single entries outside a write, the chain's head, pages of it.

use sqlx::Pool;

use super::{DB, begin_write};
use crate::db::{AuditEntry, AuditRecord};

pub async fn audit(pool: &Pool<DB>, entry: &AuditEntry) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    tx.audit(entry).await?;
    tx.commit().await
}

pub async fn audit_head(pool: &Pool<DB>) -> sqlx::Result<(i64, String)> {
    sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(pool)
        .await
}

/// Audit entries after `after_id`, oldest first.
pub async fn audit_page(
    pool: &Pool<DB>,
    after_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<AuditRecord>> {
    sqlx::query_as(
        "SELECT id, at, actor_id, action, entity, entity_id, detail, before_state, after_state,
                request_id, address, prev_hash, hash
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The newest audit entries, newest first (for tests and, later, the audit screen).
pub async fn recent_audit(
    pool: &Pool<DB>,
    limit: i64,
) -> sqlx::Result<Vec<(String, String, Option<i64>)>> {
    sqlx::query_as("SELECT action, entity, actor_id FROM audit_log ORDER BY id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(pool)
        .await
}
