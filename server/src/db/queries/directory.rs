//! The unit tree's changes and the CSV imports of units and staff: each
//! import is one transaction with an audit entry per row, so a file is
//! written whole or not at all.

use sqlx::Pool;
use xiaoneng_domain::unit::UnitInput;

use super::{DB, begin_write};
use crate::db::{AuditEntry, ImportedUnit, UnitRow};

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

/// `false` (nothing written) when no longer at `version`.
pub async fn update_unit(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &UnitInput,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    let before: Option<UnitRow> = sqlx::query_as(
        "SELECT id, parent_id, name, kind, active, version FROM units WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let done = sqlx::query(
        "UPDATE units SET parent_id = $3, name = $4, kind = $5, active = $6, version = version + 1
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(input.parent_id)
    .bind(input.name.trim())
    .bind(input.kind.as_str())
    .bind(input.active)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let before = before.map(|b| {
        serde_json::json!({ "parent_id": b.parent_id, "name": b.name, "kind": b.kind, "active": b.active })
    });
    tx.finish(id, before, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(true)
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

/// Writes every staff member of a checked file: (unit, name, title, line).
pub async fn import_staff(
    pool: &Pool<DB>,
    rows: &[(i64, String, String, usize)],
    audit: AuditEntry,
) -> sqlx::Result<Vec<i64>> {
    let mut tx = begin_write(pool).await?;
    let mut ids = Vec::with_capacity(rows.len());
    for (unit, name, title, line) in rows {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO staff (unit_id, name, title, active, created_at) VALUES ($1, $2, $3, TRUE, $4) RETURNING id",
        )
        .bind(unit)
        .bind(name)
        .bind(title)
        .bind(audit.at)
        .fetch_one(tx.conn())
        .await?;
        tx.audit(&AuditEntry {
            entity_id: Some(id.to_string()),
            after: Some(
                serde_json::json!({ "unit_id": unit, "name": name, "title": title, "line": line }),
            ),
            ..audit.clone()
        })
        .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}
