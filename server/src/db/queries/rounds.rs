//! Rounds, their target units and weekly batches.

use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::planning::Batch;
use xiaoneng_domain::planning::Round;
use xiaoneng_domain::planning::{NewBatch, RoundInput};

use super::filters::Filters;
use super::{DB, begin_write};
use crate::db::{AuditEntry, RoundFilter, Written};

macro_rules! round_select {
    () => {
        "SELECT r.id, r.name, r.kind, r.owner_unit_id, o.name AS owner_unit_name,
                r.starts_on, r.ends_on, r.created_at, r.version
         FROM rounds r LEFT JOIN units o ON o.id = r.owner_unit_id"
    };
}

pub async fn round(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<Round>> {
    sqlx::query_as(concat!(round_select!(), " WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Rounds, newest first.
pub async fn list_rounds(pool: &Pool<DB>, filter: &RoundFilter) -> sqlx::Result<Vec<Round>> {
    let mut q = QueryBuilder::<DB>::new("");
    let trees = q.unit_trees(&[("scope", filter.owner_within)]);
    q.push(concat!(round_select!(), " WHERE TRUE"))
        .and_eq("r.kind = ", filter.kind.as_deref())
        .and_within("r.owner_unit_id", &trees)
        .newest_page("r.created_at", "r.id", filter.after, filter.limit);
    q.build_query_as().fetch_all(pool).await
}

pub async fn round_targets(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT unit_id FROM round_units WHERE round_id = $1 ORDER BY unit_id")
        .bind(id)
        .fetch_all(pool)
        .await
}

/// Target units with a submitted inspection in one of the round's visits.
pub async fn round_visited(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT DISTINCT v.unit_id FROM visits v
         JOIN batches b ON b.id = v.batch_id
         JOIN inspections i ON i.visit_id = v.id AND i.state = 'submitted'
         JOIN round_units ru ON ru.round_id = b.round_id AND ru.unit_id = v.unit_id
         WHERE b.round_id = $1 ORDER BY v.unit_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

async fn put_targets(tx: &mut super::WriteTx, round: i64, units: &[i64]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM round_units WHERE round_id = $1")
        .bind(round)
        .execute(tx.conn())
        .await?;
    for unit in units {
        sqlx::query("INSERT INTO round_units (round_id, unit_id) VALUES ($1, $2)")
            .bind(round)
            .bind(unit)
            .execute(tx.conn())
            .await?;
    }
    Ok(())
}

pub async fn create_round(
    pool: &Pool<DB>,
    input: &RoundInput,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rounds (name, starts_on, ends_on, created_by, created_at, kind, owner_unit_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(input.name.trim())
    .bind(input.starts_on)
    .bind(input.ends_on)
    .bind(by)
    .bind(audit.at)
    .bind(input.kind.as_str())
    .bind(input.owner_unit_id)
    .fetch_one(tx.conn())
    .await?;
    put_targets(&mut tx, id, &input.unit_ids).await?;
    tx.finish(id, None, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(id)
}

/// `Written::Stale` (nothing written) when the round is no longer at `version`.
pub async fn update_round(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &RoundInput,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let before: Option<Round> = sqlx::query_as(concat!(round_select!(), " WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
    let updated = sqlx::query(
        "UPDATE rounds SET name = $3, starts_on = $4, ends_on = $5, version = version + 1
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(input.name.trim())
    .bind(input.starts_on)
    .bind(input.ends_on)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    put_targets(&mut tx, id, &input.unit_ids).await?;
    tx.finish(id, before.map(|b| {
            serde_json::json!({ "name": b.name, "starts_on": b.starts_on, "ends_on": b.ends_on })
        }), serde_json::to_value(input).ok(), audit).await?;
    Ok(Written::Done)
}

macro_rules! batch_select {
    () => {
        "SELECT b.id, b.round_id, b.name, b.starts_on, b.ends_on, b.created_at,
                (SELECT COUNT(*) FROM visits v WHERE v.batch_id = b.id) AS visits
         FROM batches b"
    };
}

pub async fn batch(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<Batch>> {
    sqlx::query_as(concat!(batch_select!(), " WHERE b.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn batches(pool: &Pool<DB>, round: i64) -> sqlx::Result<Vec<Batch>> {
    sqlx::query_as(concat!(
        batch_select!(),
        " WHERE b.round_id = $1 ORDER BY b.starts_on, b.id"
    ))
    .bind(round)
    .fetch_all(pool)
    .await
}

pub async fn create_batch(
    pool: &Pool<DB>,
    round: i64,
    new: &NewBatch,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO batches (round_id, name, starts_on, ends_on, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(round)
    .bind(new.name.trim())
    .bind(new.starts_on)
    .bind(new.ends_on)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    let mut after = serde_json::to_value(new).unwrap_or_default();
    after["round_id"] = round.into();
    tx.finish(id, None, Some(after), audit).await?;
    Ok(id)
}
