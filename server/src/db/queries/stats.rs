//! The few aggregates behind the figures; counting by key happens in Rust,
//! the same way on both engines.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::planning::Round;

use super::DB;
use super::filters::Filters;
use crate::db::StatFindingRow;

/// Findings observed in [from, to), with their unit's kind and when the
/// last rectification report came in.
pub async fn stats_findings(
    pool: &Pool<DB>,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<StatFindingRow>> {
    sqlx::query_as(
        "SELECT f.id, f.unit_id, n.name AS unit_name, n.kind AS unit_kind, f.dimension, f.state,
                f.observed_on, f.rectify_by,
                (SELECT MAX(e.at) FROM finding_events e
                 WHERE e.finding_id = f.id AND e.to_state = 'report_submitted') AS report_at
         FROM findings f JOIN units n ON n.id = f.unit_id
         WHERE f.observed_on >= $1 AND f.observed_on < $2 AND f.state <> 'merged'",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// Measures of decisions made in [from, to): (kind, count).
pub async fn stats_measures(
    pool: &Pool<DB>,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT m.kind, COUNT(*) FROM decision_measures m JOIN decisions d ON d.id = m.decision_id
         WHERE d.decided_on >= $1 AND d.decided_on < $2 GROUP BY m.kind ORDER BY m.kind",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// The office's inspections submitted in [from, to) per unit (units' own
/// self- and mutual inspections are theirs, not the office's figures): (unit id, unit name, count).
pub async fn stats_inspections(
    pool: &Pool<DB>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<Vec<(i64, String, i64)>> {
    sqlx::query_as(
        "SELECT v.unit_id, n.name, COUNT(*) FROM inspections i
         JOIN visits v ON v.id = i.visit_id JOIN units n ON n.id = v.unit_id
         JOIN batches b ON b.id = v.batch_id JOIN rounds r ON r.id = b.round_id
         WHERE i.state = 'submitted' AND i.submitted_at >= $1 AND i.submitted_at < $2
           AND r.owner_unit_id IS NULL
         GROUP BY v.unit_id, n.name ORDER BY v.unit_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// The office's rounds starting in [from, to), oldest first; `ended_before` keeps those over by then.
pub async fn rounds_between(
    pool: &Pool<DB>,
    from: NaiveDate,
    to: NaiveDate,
    ended_before: Option<NaiveDate>,
) -> sqlx::Result<Vec<Round>> {
    let mut q = QueryBuilder::<DB>::new(
        "SELECT r.id, r.name, r.kind, r.owner_unit_id, NULL AS owner_unit_name,
                r.starts_on, r.ends_on, r.created_at, r.version FROM rounds r
         WHERE r.owner_unit_id IS NULL",
    );
    q.and_eq("r.starts_on >= ", Some(from))
        .and_eq("r.starts_on < ", Some(to))
        .and_eq("r.ends_on < ", ended_before)
        .push(" ORDER BY r.starts_on, r.id");
    q.build_query_as().fetch_all(pool).await
}
