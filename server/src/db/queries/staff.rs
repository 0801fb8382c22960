//! Staff (kept one by one or imported from CSV), posts and away-from-post notices.

use chrono::{DateTime, Utc};
use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::staff::Staff;
use xiaoneng_domain::staff::{NewAwayNotice, PostInput, StaffInput};

use super::filters::Filters;
use super::{DB, begin_write};
use crate::db::{AuditEntry, NoticeRow, PostRow, Written};

pub async fn staff_of(pool: &Pool<DB>, unit: i64) -> sqlx::Result<Vec<Staff>> {
    sqlx::query_as("SELECT id, unit_id, name, title, active, version FROM staff WHERE unit_id = $1 ORDER BY name, id")
        .bind(unit)
        .fetch_all(pool)
        .await
}

pub async fn staff_member(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<Staff>> {
    sqlx::query_as("SELECT id, unit_id, name, title, active, version FROM staff WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn create_staff(
    pool: &Pool<DB>,
    unit: i64,
    input: &StaffInput,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO staff (unit_id, name, title, active, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(unit)
    .bind(input.name.trim())
    .bind(input.title.trim())
    .bind(input.active)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    let mut after = serde_json::to_value(input).unwrap_or_default();
    after["unit_id"] = unit.into();
    tx.finish(id, None, Some(after), audit).await?;
    Ok(id)
}

/// `Written::Stale` (nothing written) when no longer at `version`.
pub async fn update_staff(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &StaffInput,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let before: Option<Staff> =
        sqlx::query_as("SELECT id, unit_id, name, title, active, version FROM staff WHERE id = $1")
            .bind(id)
            .fetch_optional(tx.conn())
            .await?;
    let done = sqlx::query("UPDATE staff SET name = $3, title = $4, active = $5, version = version + 1 WHERE id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .bind(input.name.trim())
        .bind(input.title.trim())
        .bind(input.active)
        .execute(tx.conn())
        .await?;
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    tx.finish(
        id,
        before.map(|b| serde_json::json!({ "name": b.name, "title": b.title, "active": b.active })),
        serde_json::to_value(input).ok(),
        audit,
    )
    .await?;
    Ok(Written::Done)
}

macro_rules! post_select {
    () => {
        "SELECT p.id, p.unit_id, p.name, p.a_staff_id, a.name AS a_name, p.b_staff_id, b.name AS b_name, p.version
         FROM posts p LEFT JOIN staff a ON a.id = p.a_staff_id LEFT JOIN staff b ON b.id = p.b_staff_id"
    };
}

pub async fn posts_of(pool: &Pool<DB>, unit: i64) -> sqlx::Result<Vec<PostRow>> {
    sqlx::query_as(concat!(
        post_select!(),
        " WHERE p.unit_id = $1 ORDER BY p.name, p.id"
    ))
    .bind(unit)
    .fetch_all(pool)
    .await
}

pub async fn post(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<PostRow>> {
    sqlx::query_as(concat!(post_select!(), " WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn create_post(
    pool: &Pool<DB>,
    unit: i64,
    input: &PostInput,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO posts (unit_id, name, a_staff_id, b_staff_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(unit)
    .bind(input.name.trim())
    .bind(input.a_staff_id)
    .bind(input.b_staff_id)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    let mut after = serde_json::to_value(input).unwrap_or_default();
    after["unit_id"] = unit.into();
    tx.finish(id, None, Some(after), audit).await?;
    Ok(id)
}

pub async fn update_post(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &PostInput,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let before: Option<PostRow> = sqlx::query_as(concat!(post_select!(), " WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
    let done = sqlx::query("UPDATE posts SET name = $3, a_staff_id = $4, b_staff_id = $5, version = version + 1 WHERE id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .bind(input.name.trim())
        .bind(input.a_staff_id)
        .bind(input.b_staff_id)
        .execute(tx.conn())
        .await?;
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    tx.finish(id, before.map(|b| serde_json::json!({ "name": b.name, "a_staff_id": b.a_staff_id, "b_staff_id": b.b_staff_id })), serde_json::to_value(input).ok(), audit).await?;
    Ok(Written::Done)
}

/// Notices of staff in the subtree of `unit`, newest first; with `at`, only those in force then.
pub async fn away_notices(
    pool: &Pool<DB>,
    unit: i64,
    at: Option<DateTime<Utc>>,
) -> sqlx::Result<Vec<NoticeRow>> {
    let mut q = QueryBuilder::<DB>::new("");
    let trees = q.unit_trees(&[("tree", Some(unit))]);
    q.push(
        "SELECT n.id, n.staff_id, s.name AS staff_name, s.unit_id, n.reason, n.away_from, n.expected_return,
                n.covered_by, c.name AS covered_by_name, n.created_at
         FROM away_notices n JOIN staff s ON s.id = n.staff_id LEFT JOIN staff c ON c.id = n.covered_by
         WHERE TRUE",
    )
    .and_within("s.unit_id", &trees)
    .and_eq("n.away_from <= ", at)
    .and_eq("n.expected_return >= ", at)
    .push(" ORDER BY n.away_from DESC, n.id DESC LIMIT 200");
    q.build_query_as().fetch_all(pool).await
}

pub async fn create_away_notice(
    pool: &Pool<DB>,
    new: &NewAwayNotice,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO away_notices (staff_id, reason, away_from, expected_return, covered_by, posted_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.staff_id)
    .bind(new.reason.trim())
    .bind(new.away_from)
    .bind(new.expected_return)
    .bind(new.covered_by)
    .bind(by)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    tx.finish(id, None, serde_json::to_value(new).ok(), audit)
        .await?;
    Ok(id)
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
