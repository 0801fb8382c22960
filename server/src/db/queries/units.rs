//! The unit tree: units, their subtrees, edits and CSV imports.

use chrono::{DateTime, Utc};
use sqlx::{Executor, Pool};
use xiaoneng_domain::unit::Unit;
use xiaoneng_domain::unit::UnitInput;

use super::{DB, begin_write};
use crate::db::{AuditEntry, ImportedUnit, NewUnit, Written};

pub async fn insert_unit<'c>(
    e: impl Executor<'c, Database = DB>,
    unit: &NewUnit,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO units (parent_id, name, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(unit.parent_id)
    .bind(&unit.name)
    .bind(&unit.kind)
    .bind(now)
    .fetch_one(e)
    .await
}

pub async fn units(pool: &Pool<DB>) -> sqlx::Result<Vec<Unit>> {
    sqlx::query_as(
        "SELECT id, parent_id, name, kind, active, head_user_id, version FROM units ORDER BY id",
    )
    .fetch_all(pool)
    .await
}

pub async fn unit_exists(pool: &Pool<DB>, id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1 AND active")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// A unit and every unit below it.
pub async fn unit_subtree(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "WITH RECURSIVE tree(id) AS (
             SELECT id FROM units WHERE id = $1
             UNION SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id
         )
         SELECT id FROM tree",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

pub async fn create_unit(
    pool: &Pool<DB>,
    input: &UnitInput,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO units (parent_id, name, kind, active, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(input.parent_id)
    .bind(input.name.trim())
    .bind(input.kind.as_str())
    .bind(input.active)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    let after = serde_json::to_value(input).ok();
    tx.finish(id, None, after, audit).await?;
    Ok(id)
}

/// `Written::Stale` (nothing written) when no longer at `version`, or when
/// the head named is no longer an active account of the unit.
pub async fn update_unit(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &UnitInput,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let before: Option<Unit> = sqlx::query_as(
        "SELECT id, parent_id, name, kind, active, head_user_id, version FROM units WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    // Under a unit that is now (after a move committed since the caller
    // read the tree) below this one: the tree changed, nothing is written.
    if let Some(parent) = input.parent_id {
        let inside: i64 = sqlx::query_scalar(
            "WITH RECURSIVE up(id) AS (
                 SELECT CAST($1 AS BIGINT)
                 UNION SELECT u.parent_id FROM units u JOIN up ON u.id = up.id
                 WHERE u.parent_id IS NOT NULL
             )
             SELECT COUNT(*) FROM up WHERE id = $2",
        )
        .bind(parent)
        .bind(id)
        .fetch_one(tx.conn())
        .await?;
        if inside > 0 {
            return Ok(Written::Stale);
        }
    }
    let done = sqlx::query(
        "UPDATE units SET parent_id = $3, name = $4, kind = $5, active = $6, head_user_id = $7,
                          version = version + 1
         WHERE id = $1 AND version = $2
           AND ($7 IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = $7 AND unit_id = $1 AND active))",
    )
    .bind(id)
    .bind(version)
    .bind(input.parent_id)
    .bind(input.name.trim())
    .bind(input.kind.as_str())
    .bind(input.active)
    .bind(input.head_user_id)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    let before = before.map(|b| {
        serde_json::json!({
            "parent_id": b.parent_id, "name": b.name, "kind": b.kind, "active": b.active,
            "head_user_id": b.head_user_id,
        })
    });
    tx.finish(id, before, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(Written::Done)
}

/// Writes every unit of a checked file in order (a parent before its
/// children); answers their ids.
pub async fn import_units(
    pool: &Pool<DB>,
    rows: &[ImportedUnit],
    audit: AuditEntry,
) -> sqlx::Result<Vec<i64>> {
    let mut tx = begin_write(pool).await?;
    let mut ids: Vec<i64> = Vec::with_capacity(rows.len());
    for row in rows {
        let parent = match (row.parent_id, row.parent_row) {
            (Some(id), _) => Some(id),
            (None, Some(i)) => ids.get(i).copied(),
            (None, None) => None,
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (parent_id, name, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(parent)
        .bind(&row.name)
        .bind(row.kind.as_str())
        .bind(audit.at)
        .fetch_one(tx.conn())
        .await?;
        tx.audit(&AuditEntry {
            entity_id: Some(id.to_string()),
            after: Some(serde_json::json!({
                "parent_id": parent, "name": row.name, "kind": row.kind.as_str(), "line": row.line,
            })),
            ..audit.clone()
        })
        .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}
