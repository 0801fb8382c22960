//! Visits, their inspectors, and who may inspect or answer for a unit.

use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::planning::VisitInput;

use super::filters::Filters;
use super::{DB, begin_write};
use crate::db::{AuditEntry, VisitFilter, VisitRow, Written};

macro_rules! visit_select {
    () => {
        "SELECT v.id, b.round_id, r.name AS round_name, r.owner_unit_id, v.batch_id, b.name AS batch_name, v.unit_id,
                n.name AS unit_name, v.planned_on, v.mode, v.checklist_id, v.created_at, v.version,
                (SELECT i.state FROM inspections i WHERE i.visit_id = v.id) AS inspection_state
         FROM visits v
         JOIN batches b ON b.id = v.batch_id
         JOIN rounds r ON r.id = b.round_id
         JOIN units n ON n.id = v.unit_id"
    };
}

pub async fn visit(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<VisitRow>> {
    sqlx::query_as(concat!(visit_select!(), " WHERE v.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Visits by planned day, latest first; `filter.assigned_to` keeps one inspector's.
pub async fn list_visits(pool: &Pool<DB>, filter: &VisitFilter) -> sqlx::Result<Vec<VisitRow>> {
    let (liaison_unit, liaison) = filter.liaison.unzip();
    let mut q = QueryBuilder::<DB>::new("");
    q.unit_trees(&[("scope", liaison_unit)]);
    q.push(concat!(visit_select!(), " WHERE TRUE"));
    if let Some(inspector) = filter.assigned_to {
        q.push(" AND EXISTS (SELECT 1 FROM visit_inspectors vi WHERE vi.visit_id = v.id AND vi.user_id = ")
            .push_bind(inspector)
            .push(")");
    }
    if filter.open {
        q.push(
            " AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.visit_id = v.id AND i.state = 'submitted')",
        );
    }
    q.and_eq("b.round_id = ", filter.round)
        .and_eq("v.batch_id = ", filter.batch)
        .and_eq("v.unit_id = ", filter.unit);
    if let Some(liaison) = liaison {
        q.push(
            " AND r.owner_unit_id IS NOT NULL AND (r.owner_unit_id IN (SELECT id FROM scope)
              OR EXISTS (SELECT 1 FROM visit_inspectors vi WHERE vi.visit_id = v.id AND vi.user_id = ",
        )
        .push_bind(liaison)
        .push("))");
    }
    q.newest_page("v.created_at", "v.id", filter.after, filter.limit);
    q.build_query_as().fetch_all(pool).await
}

/// The inspectors of a visit: (id, display name).
pub async fn visit_inspectors(pool: &Pool<DB>, visit: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.display_name FROM visit_inspectors vi JOIN users u ON u.id = vi.user_id
         WHERE vi.visit_id = $1 ORDER BY u.id",
    )
    .bind(visit)
    .fetch_all(pool)
    .await
}

/// Of `ids`, those naming active inspectors.
pub async fn inspectors_among(pool: &Pool<DB>, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    let mut found = Vec::new();
    for id in ids {
        let hit: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM users WHERE id = $1 AND role = 'inspector' AND active",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?;
        found.extend(hit);
    }
    Ok(found)
}

/// Sets the visit's inspectors; those newly assigned are told (only they:
/// never the unit), in the same transaction.
async fn put_inspectors(
    tx: &mut super::WriteTx,
    visit: i64,
    inspectors: &[i64],
    planned_on: chrono::NaiveDate,
    at: chrono::DateTime<chrono::Utc>,
) -> sqlx::Result<()> {
    let before: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM visit_inspectors WHERE visit_id = $1")
            .bind(visit)
            .fetch_all(tx.conn())
            .await?;
    let added: Vec<i64> = inspectors
        .iter()
        .copied()
        .filter(|u| !before.contains(u))
        .collect();
    super::notifications::notify_users(
        tx,
        super::notifications::About::Visit(visit),
        xiaoneng_domain::notification::NotificationKind::VisitAssigned,
        &added,
        Some(planned_on),
        at,
    )
    .await?;
    sqlx::query("DELETE FROM visit_inspectors WHERE visit_id = $1")
        .bind(visit)
        .execute(tx.conn())
        .await?;
    for user in inspectors {
        sqlx::query("INSERT INTO visit_inspectors (visit_id, user_id) VALUES ($1, $2)")
            .bind(visit)
            .bind(user)
            .execute(tx.conn())
            .await?;
    }
    Ok(())
}

pub async fn create_visit(
    pool: &Pool<DB>,
    input: &VisitInput,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO visits (batch_id, unit_id, planned_on, mode, checklist_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(input.batch_id)
    .bind(input.unit_id)
    .bind(input.planned_on)
    .bind(input.mode.as_str())
    .bind(input.checklist_id)
    .bind(by)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    put_inspectors(
        &mut tx,
        id,
        &input.inspector_ids,
        input.planned_on,
        audit.at,
    )
    .await?;
    tx.finish(id, None, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(id)
}

/// Reschedules or reassigns a visit not yet started; `Written::Stale` when it is no longer at `version`.
pub async fn update_visit(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &VisitInput,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let updated = sqlx::query(
        "UPDATE visits SET batch_id = $3, unit_id = $4, planned_on = $5, mode = $6, checklist_id = $7,
                           version = version + 1
         WHERE id = $1 AND version = $2 AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.visit_id = $1)",
    )
    .bind(id)
    .bind(version)
    .bind(input.batch_id)
    .bind(input.unit_id)
    .bind(input.planned_on)
    .bind(input.mode.as_str())
    .bind(input.checklist_id)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    put_inspectors(
        &mut tx,
        id,
        &input.inspector_ids,
        input.planned_on,
        audit.at,
    )
    .await?;
    tx.finish(id, None, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(Written::Done)
}

/// Active users with the inspector role: (id, display name), by name.
/// Whether `user` inspects a visit to `unit` not yet submitted.
pub async fn inspects_unit(pool: &Pool<DB>, user: i64, unit: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT v.id FROM visits v JOIN visit_inspectors vi ON vi.visit_id = v.id
         WHERE vi.user_id = $1 AND v.unit_id = $2
           AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.visit_id = v.id AND i.state = 'submitted')
         LIMIT 1",
    )
    .bind(user)
    .bind(unit)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Who may inspect in a round run by `root`: the active liaisons of its
/// tree, by name: (id, display name, unit id, unit name).
pub async fn liaisons_within(
    pool: &Pool<DB>,
    root: i64,
) -> sqlx::Result<Vec<(i64, String, i64, String)>> {
    sqlx::query_as(
        "WITH RECURSIVE scope(id) AS (
             SELECT id FROM units WHERE id = $1
             UNION SELECT u.id FROM units u JOIN scope s ON u.parent_id = s.id
         )
         SELECT u.id, u.display_name, n.id, n.name FROM users u JOIN units n ON n.id = u.unit_id
         WHERE u.role = 'liaison' AND u.active AND u.unit_id IN (SELECT id FROM scope)
         ORDER BY n.name, u.display_name, u.id",
    )
    .bind(root)
    .fetch_all(pool)
    .await
}

pub async fn inspectors(pool: &Pool<DB>) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT id, display_name FROM users WHERE role = 'inspector' AND active ORDER BY display_name, id",
    )
    .fetch_all(pool)
    .await
}
