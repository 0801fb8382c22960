//! Evidence: files attached to findings.

use sqlx::Pool;
use xiaoneng_domain::record::Evidence;

use super::{DB, begin_write};
use crate::db::{AuditEntry, EvidenceFile, NewEvidence};

/// Attaches a file to a finding, with its audit entry (which names the hash, not the bytes).
pub async fn attach_evidence(
    pool: &Pool<DB>,
    new: &NewEvidence,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evidence (finding_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.finding_id)
    .bind(&new.file_name)
    .bind(&new.content_type)
    .bind(new.data.len() as i64)
    .bind(&new.sha256)
    .bind(new.uploaded_by)
    .bind(audit.at)
    .bind(&new.data)
    .fetch_one(tx.conn())
    .await?;
    tx.finish(
        new.finding_id,
        None,
        Some(serde_json::json!({
            "evidence_id": id,
            "file_name": new.file_name,
            "content_type": new.content_type,
            "size": new.data.len(),
            "sha256": new.sha256,
        })),
        audit,
    )
    .await?;
    Ok(id)
}

pub async fn evidence_of(pool: &Pool<DB>, finding_id: i64) -> sqlx::Result<Vec<Evidence>> {
    sqlx::query_as(
        "SELECT e.id, e.finding_id, e.file_name, e.content_type, e.size, e.sha256, e.uploaded_by,
                u.display_name AS uploaded_by_name, e.uploaded_at
         FROM evidence e JOIN users u ON u.id = e.uploaded_by
         WHERE e.finding_id = $1 ORDER BY e.id",
    )
    .bind(finding_id)
    .fetch_all(pool)
    .await
}

pub async fn evidence_file(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<EvidenceFile>> {
    sqlx::query_as(
        "SELECT finding_id, file_name, content_type, sha256, data FROM evidence WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}
