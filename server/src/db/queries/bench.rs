//! Bulk inserts for the benchmark's data set (`xiaoneng seed-bench`): many
//! rows per statement, one transaction per table, the audit chain kept.

use sqlx::{Pool, QueryBuilder};

use super::DB;
use crate::db::{AuditRecord, BenchBulletin, BenchFinding};

/// Rows per INSERT: under both engines' bound-parameter limits.
const CHUNK: usize = 1000;

pub async fn bench_findings(pool: &Pool<DB>, rows: &[BenchFinding]) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    for chunk in rows.chunks(CHUNK) {
        let mut q: QueryBuilder<DB> = QueryBuilder::new(
            "INSERT INTO findings (code, unit_id, source, dimension, severity, title, description, observed_on,
                                   state, verify_by, rectify_by, recorded_by, created_at, updated_at, people) ",
        );
        q.push_values(chunk, |mut b, f| {
            b.push_bind(&f.code)
                .push_bind(f.unit_id)
                .push_bind("inspection")
                .push_bind(f.dimension)
                .push_bind("minor")
                .push_bind(&f.title)
                .push_bind(&f.description)
                .push_bind(f.observed_on)
                .push_bind(f.state)
                .push_bind(f.verify_by)
                .push_bind(f.rectify_by)
                .push_bind(f.recorded_by)
                .push_bind(f.created_at)
                .push_bind(f.created_at)
                .push_bind("[]");
        });
        q.build().execute(&mut *tx).await?;
    }
    tx.commit().await
}

pub async fn bench_bulletins(pool: &Pool<DB>, rows: &[BenchBulletin]) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    for chunk in rows.chunks(CHUNK) {
        let mut q: QueryBuilder<DB> = QueryBuilder::new(
            "INSERT INTO bulletins (doc_number, title, kind, body, audience, state, show_names, public_title,
                                    public_body, published_at, created_by, created_at, updated_at) ",
        );
        q.push_values(chunk, |mut b, r| {
            b.push_bind(&r.doc_number)
                .push_bind(&r.title)
                .push_bind("inspection_results")
                .push_bind(&r.body)
                .push_bind("public")
                .push_bind("published")
                .push_bind(false)
                .push_bind(&r.title)
                .push_bind(&r.body)
                .push_bind(r.published_at)
                .push_bind(r.created_by)
                .push_bind(r.published_at)
                .push_bind(r.published_at);
        });
        q.build().execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// Appends chained audit records (ids and hashes already computed) and moves the head.
pub async fn bench_audit(pool: &Pool<DB>, records: &[AuditRecord]) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    for chunk in records.chunks(CHUNK) {
        let mut q: QueryBuilder<DB> = QueryBuilder::new(
            "INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, detail, before_state, after_state,
                                    request_id, address, prev_hash, hash) ",
        );
        q.push_values(chunk, |mut b, r| {
            b.push_bind(r.id)
                .push_bind(r.at)
                .push_bind(r.actor_id)
                .push_bind(&r.action)
                .push_bind(&r.entity)
                .push_bind(&r.entity_id)
                .push_bind(&r.detail)
                .push_bind(&r.before_state)
                .push_bind(&r.after_state)
                .push_bind(&r.request_id)
                .push_bind(&r.address)
                .push_bind(&r.prev_hash)
                .push_bind(&r.hash);
        });
        q.build().execute(&mut *tx).await?;
    }
    if let Some(last) = records.last() {
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(last.id)
            .bind(&last.hash)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// The cursor at the end of row `n` of the unfiltered findings list (newest first).
pub async fn bench_cursor(
    pool: &Pool<DB>,
    n: i64,
) -> sqlx::Result<Option<(chrono::DateTime<chrono::Utc>, i64)>> {
    sqlx::query_as(
        "SELECT created_at, id FROM findings ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET $1",
    )
    .bind(n - 1)
    .fetch_optional(pool)
    .await
}

/// Updates the planner's statistics, as a live database's maintenance would.
pub async fn bench_analyze(pool: &Pool<DB>) -> sqlx::Result<()> {
    sqlx::query("ANALYZE").execute(pool).await.map(|_| ())
}
