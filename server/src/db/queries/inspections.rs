//! Inspections: the checklist drafts, their photos, and submitting them into findings.

use sqlx::Pool;
use xiaoneng_domain::record::NewFinding;

use super::{DB, begin_write, insert_finding};
use crate::db::{AuditEntry, DraftRow, FindingOrigin, InspectionRow, NewPhoto, Written};
use xiaoneng_domain::checklist::InspectionPhoto;

pub async fn inspection(pool: &Pool<DB>, visit: i64) -> sqlx::Result<Option<InspectionRow>> {
    sqlx::query_as(
        "SELECT id, visit_id, checklist_id, state, answers, notes, snapshot, observations, inspector_id, started_at,
                submitted_at, version
         FROM inspections WHERE visit_id = $1",
    )
    .bind(visit)
    .fetch_optional(pool)
    .await
}

/// Saves a draft: creates it at version 0, or updates it if still a draft
/// at `version`; a snapshot is kept once, by the first save that brings one. `Stale` when the record changed since it was read or submitted.
pub async fn save_inspection(
    pool: &Pool<DB>,
    draft: &DraftRow,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let DraftRow {
        visit,
        checklist,
        version,
        answers,
        notes,
        observations,
        snapshot,
        inspector,
    } = draft;
    let mut tx = begin_write(pool).await?;
    let written = if *version == 0 {
        sqlx::query(
            "INSERT INTO inspections (visit_id, checklist_id, state, answers, notes, inspector_id, started_at,
                                      observations, snapshot)
             VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8) ON CONFLICT (visit_id) DO NOTHING",
        )
        .bind(visit)
        .bind(checklist)
        .bind(answers)
        .bind(notes)
        .bind(inspector)
        .bind(audit.at)
        .bind(observations)
        .bind(snapshot)
        .execute(tx.conn())
        .await?
    } else {
        sqlx::query(
            "UPDATE inspections SET answers = $3, notes = $4, observations = $5,
                                    snapshot = COALESCE(snapshot, $6), version = version + 1
             WHERE visit_id = $1 AND version = $2 AND state = 'draft'",
        )
        .bind(visit)
        .bind(version)
        .bind(answers)
        .bind(notes)
        .bind(observations)
        .bind(snapshot)
        .execute(tx.conn())
        .await?
    };
    if written.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    tx.finish(
        visit,
        None,
        Some(serde_json::json!({ "answers": answers.0, "notes": notes, "observations": observations.0 })),
        audit,
    )
    .await?;
    Ok(Written::Done)
}

pub async fn inspection_photos(
    pool: &Pool<DB>,
    inspection: i64,
) -> sqlx::Result<Vec<InspectionPhoto>> {
    sqlx::query_as(
        "SELECT id, item_key, file_name, content_type, size, sha256, uploaded_at, taken_at
         FROM inspection_photos WHERE inspection_id = $1 ORDER BY id",
    )
    .bind(inspection)
    .fetch_all(pool)
    .await
}

/// A photo with its visit: (visit id, content type, file name, SHA-256, data).
pub async fn inspection_photo(
    pool: &Pool<DB>,
    id: i64,
) -> sqlx::Result<Option<(i64, String, String, String, Vec<u8>)>> {
    sqlx::query_as(
        "SELECT i.visit_id, p.content_type, p.file_name, p.sha256, p.data
         FROM inspection_photos p JOIN inspections i ON i.id = p.inspection_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Attaches a photo to a draft; `None` when the inspection is no longer a
/// draft. Answers the photo's id and whether it is new: a photo whose
/// `client_id` the inspection already has is the one stored before (an
/// upload sent again after a lost answer), kept as it was.
pub async fn add_inspection_photo(
    pool: &Pool<DB>,
    new: &NewPhoto,
    audit: AuditEntry,
) -> sqlx::Result<Option<(i64, bool)>> {
    let mut tx = begin_write(pool).await?;
    let draft: Option<i64> =
        sqlx::query_scalar("SELECT id FROM inspections WHERE id = $1 AND state = 'draft'")
            .bind(new.inspection_id)
            .fetch_optional(tx.conn())
            .await?;
    if let Some(client_id) = &new.client_id {
        // Writes take their turns (`begin_write`), so no second upload of
        // the same photo can pass between this read and the insert below.
        let kept: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM inspection_photos WHERE inspection_id = $1 AND client_id = $2",
        )
        .bind(new.inspection_id)
        .bind(client_id)
        .fetch_optional(tx.conn())
        .await?;
        if let Some(id) = kept {
            return Ok(Some((id, false)));
        }
    }
    if draft.is_none() {
        return Ok(None);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO inspection_photos (inspection_id, item_key, file_name, content_type, size, sha256,
                                        uploaded_by, uploaded_at, data, client_id, taken_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(new.inspection_id)
    .bind(&new.item_key)
    .bind(&new.file_name)
    .bind(&new.content_type)
    .bind(new.data.len() as i64)
    .bind(&new.sha256)
    .bind(new.uploaded_by)
    .bind(audit.at)
    .bind(&new.data)
    .bind(&new.client_id)
    .bind(new.taken_at)
    .fetch_one(tx.conn())
    .await?;
    tx.finish(
        new.inspection_id,
        None,
        Some(serde_json::json!({
            "photo_id": id, "item": new.item_key, "file_name": new.file_name,
            "content_type": new.content_type, "size": new.data.len(), "sha256": new.sha256,
            "client_id": new.client_id, "taken_at": new.taken_at,
        })),
        audit,
    )
    .await?;
    Ok(Some((id, true)))
}

/// Submits a draft at `version`, recording one finding per failed item
/// (`findings`: the item key and the finding) with that item's photos as
/// its evidence — all in one transaction. `None` when stale or submitted.
pub async fn submit_inspection(
    pool: &Pool<DB>,
    inspection: &InspectionRow,
    findings: &[(String, NewFinding)],
    audit: AuditEntry,
) -> sqlx::Result<Option<Vec<(String, i64, String)>>> {
    let mut tx = begin_write(pool).await?;
    let updated = sqlx::query(
        "UPDATE inspections SET state = 'submitted', submitted_at = $3, version = version + 1
         WHERE id = $1 AND version = $2 AND state = 'draft'",
    )
    .bind(inspection.id)
    .bind(inspection.version)
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(None);
    }
    tx.audit(&AuditEntry {
        entity_id: Some(inspection.visit_id.to_string()),
        after: Some(serde_json::json!({ "state": "submitted", "findings": findings.len() })),
        ..audit.clone()
    })
    .await?;
    let mut created = Vec::with_capacity(findings.len());
    for (item, new) in findings {
        let origin = FindingOrigin {
            visit_id: Some(inspection.visit_id),
            item_key: Some(item.clone()),
        };
        let (id, code) = insert_finding(
            &mut tx,
            new,
            origin,
            inspection.inspector_id,
            AuditEntry {
                action: "create",
                entity: "finding",
                ..audit.clone()
            },
        )
        .await?;
        sqlx::query(
            "INSERT INTO evidence (finding_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data)
             SELECT $1, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data
             FROM inspection_photos WHERE inspection_id = $2 AND item_key = $3 ORDER BY id",
        )
        .bind(id)
        .bind(inspection.id)
        .bind(item)
        .execute(tx.conn())
        .await?;
        created.push((item.clone(), id, code));
    }
    tx.commit().await?;
    Ok(Some(created))
}

/// The findings a visit's inspection created: (item key, id, code).
pub async fn visit_findings(
    pool: &Pool<DB>,
    visit: i64,
) -> sqlx::Result<Vec<(Option<String>, i64, String)>> {
    sqlx::query_as("SELECT item_key, id, code FROM findings WHERE visit_id = $1 ORDER BY id")
        .bind(visit)
        .fetch_all(pool)
        .await
}
