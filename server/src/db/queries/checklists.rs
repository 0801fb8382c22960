//! Checklist templates and their versions.

use sqlx::Pool;
use xiaoneng_domain::checklist::Checklist;

use super::{DB, WriteTx, begin_write};
use crate::db::{AuditEntry, SaveOutcome};

macro_rules! checklist_select {
    () => {
        "SELECT c.id, c.template_id, c.number, c.name, c.items, c.created_by, c.created_at, c.version,
                EXISTS (SELECT 1 FROM inspections i WHERE i.checklist_id = c.id) AS in_use,
                c.number = (SELECT MAX(x.number) FROM checklists x WHERE x.template_id = c.template_id) AS latest,
                c.number = t.active_number AS active, t.version AS template_version
         FROM checklists c JOIN checklist_templates t ON t.id = c.template_id"
    };
}

pub async fn checklist(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<Checklist>> {
    sqlx::query_as(concat!(checklist_select!(), " WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A version as the write transaction `tx` sees it.
async fn checklist_in(tx: &mut WriteTx, id: i64) -> sqlx::Result<Option<Checklist>> {
    sqlx::query_as(concat!(checklist_select!(), " WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(tx.conn())
        .await
}

/// The newest version of every template.
pub async fn latest_checklists(pool: &Pool<DB>) -> sqlx::Result<Vec<Checklist>> {
    sqlx::query_as(concat!(
        checklist_select!(),
        " WHERE c.number = (SELECT MAX(x.number) FROM checklists x WHERE x.template_id = c.template_id)
          ORDER BY c.template_id"
    ))
    .fetch_all(pool)
    .await
}

/// The version of every template that new visits take.
pub async fn active_checklists(pool: &Pool<DB>) -> sqlx::Result<Vec<Checklist>> {
    sqlx::query_as(concat!(
        checklist_select!(),
        " WHERE c.number = t.active_number ORDER BY c.template_id"
    ))
    .fetch_all(pool)
    .await
}

/// Makes version `id` the one new visits take; refused when its template is
/// no longer at `template_version`.
pub async fn activate_checklist(
    pool: &Pool<DB>,
    id: i64,
    template_version: i64,
    audit: AuditEntry,
) -> sqlx::Result<SaveOutcome> {
    let mut tx = begin_write(pool).await?;
    let Some(current) = checklist_in(&mut tx, id).await? else {
        return Ok(SaveOutcome::Missing);
    };
    let before: i64 =
        sqlx::query_scalar("SELECT active_number FROM checklist_templates WHERE id = $1")
            .bind(current.template_id)
            .fetch_one(tx.conn())
            .await?;
    let done = sqlx::query(
        "UPDATE checklist_templates SET active_number = $2, version = version + 1
         WHERE id = $1 AND version = $3",
    )
    .bind(current.template_id)
    .bind(current.number)
    .bind(template_version)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if done == 0 {
        return Ok(SaveOutcome::Stale);
    }
    tx.finish(
        id,
        Some(serde_json::json!({ "template_id": current.template_id, "active_number": before })),
        Some(serde_json::json!({ "template_id": current.template_id, "active_number": current.number })),
        audit,
    )
    .await?;
    Ok(SaveOutcome::Saved(id))
}

/// Every version of one template, oldest first.
pub async fn checklist_versions(pool: &Pool<DB>, template_id: i64) -> sqlx::Result<Vec<Checklist>> {
    sqlx::query_as(concat!(
        checklist_select!(),
        " WHERE c.template_id = $1 ORDER BY c.number"
    ))
    .bind(template_id)
    .fetch_all(pool)
    .await
}

pub async fn create_checklist(
    pool: &Pool<DB>,
    name: &str,
    items: &str,
    created_by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let template: i64 =
        sqlx::query_scalar("INSERT INTO checklist_templates (created_at) VALUES ($1) RETURNING id")
            .bind(audit.at)
            .fetch_one(tx.conn())
            .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO checklists (template_id, number, name, items, created_by, created_at)
         VALUES ($1, 1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(template)
    .bind(name)
    .bind(items)
    .bind(created_by)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    tx.finish(id, None, Some(serde_json::json!({ "template_id": template, "number": 1, "name": name, "items": items })), audit).await?;
    Ok(id)
}

/// Saves a template version: in place while no inspection has used it,
/// otherwise as the template's next version. Refused when `id` is not the
/// newest version or not at `version` any more.
pub async fn save_checklist(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    name: &str,
    items: &str,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<SaveOutcome> {
    let mut tx = begin_write(pool).await?;
    let Some(current) = checklist_in(&mut tx, id).await? else {
        return Ok(SaveOutcome::Missing);
    };
    if !current.latest || current.version != version {
        return Ok(SaveOutcome::Stale);
    }
    let before = serde_json::json!({ "number": current.number, "name": current.name, "items": current.items });
    let outcome = if current.in_use {
        let new_id: i64 = sqlx::query_scalar(
            "INSERT INTO checklists (template_id, number, name, items, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(current.template_id)
        .bind(current.number + 1)
        .bind(name)
        .bind(items)
        .bind(by)
        .bind(audit.at)
        .fetch_one(tx.conn())
        .await?;
        SaveOutcome::NewVersion(new_id)
    } else {
        sqlx::query(
            "UPDATE checklists SET name = $2, items = $3, version = version + 1 WHERE id = $1",
        )
        .bind(id)
        .bind(name)
        .bind(items)
        .execute(tx.conn())
        .await?;
        SaveOutcome::Saved(id)
    };
    let saved = match outcome {
        SaveOutcome::NewVersion(id) | SaveOutcome::Saved(id) => id,
        _ => id,
    };
    tx.finish(saved, Some(before), Some(serde_json::json!({
            "number": if matches!(outcome, SaveOutcome::NewVersion(_)) { current.number + 1 } else { current.number },
            "name": name,
            "items": items,
        })), audit).await?;
    Ok(outcome)
}
