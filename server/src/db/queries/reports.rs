//! Citizen reports.

use chrono::{DateTime, Utc};
use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::record::NewFinding;

use xiaoneng_domain::notification::{NotificationKind, Recipients};

use super::filters::Filters;
use super::notifications::{About, notify};
use super::outbox::queue_report_status;
use super::{DB, begin_write, insert_finding};
use crate::db::{AuditEntry, FindingOrigin, NewReportRow, ReportRow, Written};

macro_rules! report_select {
    () => {
        "SELECT r.id, r.code, r.unit_id, n.name AS unit_name, r.what, r.place, r.happened_on, r.contact,
                r.photo_type, r.photo_size, r.photo_sha256, r.status, r.finding_id, f.state AS finding_state,
                r.declined_reason, r.received_at, r.updated_at, r.version
         FROM reports r LEFT JOIN units n ON n.id = r.unit_id LEFT JOIN findings f ON f.id = r.finding_id"
    };
}

/// Stores a report; `false` when the code is taken (the caller draws another).
pub async fn create_report(
    pool: &Pool<DB>,
    new: &NewReportRow,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    let inserted = sqlx::query(
        "INSERT INTO reports (code, unit_id, what, place, happened_on, contact, photo_type, photo_size,
                              photo_sha256, photo, status, received_at, updated_at, notify)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'received', $11, $11, $12)
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(&new.code)
    .bind(new.report.unit_id)
    .bind(new.report.what.trim())
    .bind(new.report.place.trim())
    .bind(new.report.happened_on)
    .bind(
        new.report
            .contact
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty()),
    )
    .bind(new.photo.as_ref().map(|p| p.content_type.clone()))
    .bind(new.photo.as_ref().map(|p| p.data.len() as i64))
    .bind(new.photo.as_ref().map(|p| p.sha256.clone()))
    .bind(new.photo.as_ref().map(|p| p.data.clone()))
    .bind(audit.at)
    .bind(new.report.notify)
    .execute(tx.conn())
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(false);
    }
    // The office is told, in the same transaction.
    let id: i64 = sqlx::query_scalar("SELECT id FROM reports WHERE code = $1")
        .bind(&new.code)
        .fetch_one(tx.conn())
        .await?;
    notify(
        &mut tx,
        About::Report(id),
        NotificationKind::ReportReceived,
        Recipients::Office,
        None,
        audit.at,
    )
    .await?;
    // The audit log keeps the report but never the contact (only the office reads it, in place).
    tx.audit(&AuditEntry {
        entity_id: Some(new.code.clone()),
        after: Some(serde_json::json!({
            "unit_id": new.report.unit_id, "what": new.report.what, "place": new.report.place,
            "happened_on": new.report.happened_on, "contact_given": new.report.contact.is_some(),
            "photo_sha256": new.photo.as_ref().map(|p| p.sha256.clone()),
        })),
        ..audit
    })
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn report_by_code(pool: &Pool<DB>, code: &str) -> sqlx::Result<Option<ReportRow>> {
    sqlx::query_as(concat!(report_select!(), " WHERE r.code = $1"))
        .bind(code)
        .fetch_optional(pool)
        .await
}

pub async fn report(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<ReportRow>> {
    sqlx::query_as(concat!(report_select!(), " WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Reports newest first, optionally of one status.
pub async fn list_reports(
    pool: &Pool<DB>,
    status: Option<String>,
    after: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<ReportRow>> {
    let mut q = QueryBuilder::<DB>::new(concat!(report_select!(), " WHERE TRUE"));
    q.and_eq("r.status = ", status)
        .newest_page("r.received_at", "r.id", after, limit);
    q.build_query_as().fetch_all(pool).await
}

/// The photo's type and bytes.
pub async fn report_photo(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    let row: Option<(Option<String>, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT photo_type, photo FROM reports WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(t, d)| Some((t?, d?))))
}

/// Accepts a received report at `version` as a new finding (its photo
/// becomes the finding's evidence); `None` when stale or already decided.
pub async fn accept_report(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    finding: &NewFinding,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<Option<i64>> {
    let mut tx = begin_write(pool).await?;
    let current: Option<(String, i64)> =
        sqlx::query_as("SELECT status, version FROM reports WHERE id = $1")
            .bind(id)
            .fetch_optional(tx.conn())
            .await?;
    if current != Some(("received".into(), version)) {
        return Ok(None);
    }
    let (finding_id, code) = insert_finding(
        &mut tx,
        finding,
        FindingOrigin::default(),
        by,
        AuditEntry {
            entity: "finding",
            action: "create",
            ..audit.clone()
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO evidence (finding_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data)
         SELECT $1, $5, photo_type, photo_size, photo_sha256, $2, $3, photo
         FROM reports WHERE id = $4 AND photo IS NOT NULL",
    )
    .bind(finding_id)
    .bind(by)
    .bind(audit.at)
    .bind(id)
    // Named after the finding, never the citizen's tracking code (which
    // would let the unit follow the citizen's report).
    .bind(format!("{code}-citizen-photo"))
    .execute(tx.conn())
    .await?;
    sqlx::query(
        "UPDATE reports SET status = 'accepted', finding_id = $2, updated_at = $3, version = version + 1
         WHERE id = $1",
    )
    .bind(id)
    .bind(finding_id)
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    queue_report_status(&mut tx, id, audit.at).await?;
    tx.finish(id, Some(serde_json::json!({ "status": "received" })), Some(serde_json::json!({ "status": "accepted", "finding_id": finding_id, "finding_code": code })), audit).await?;
    Ok(Some(finding_id))
}

/// Declines a received report at `version`; `Stale` when the record changed since it was read or already decided.
pub async fn decline_report(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    reason: &str,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let updated = sqlx::query(
        "UPDATE reports SET status = 'declined', declined_reason = $3, updated_at = $4, version = version + 1
         WHERE id = $1 AND version = $2 AND status = 'received'",
    )
    .bind(id)
    .bind(version)
    .bind(reason.trim())
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    queue_report_status(&mut tx, id, audit.at).await?;
    tx.finish(
        id,
        Some(serde_json::json!({ "status": "received" })),
        Some(serde_json::json!({ "status": "declined", "reason": reason.trim() })),
        audit,
    )
    .await?;
    Ok(Written::Done)
}

/// Erases the contact details of reports closed before `closed_before`
/// (declined then, or whose finding was closed, found unfounded or merged
/// then), with one audit entry naming them; the tracking codes erased.
pub async fn erase_old_contacts(
    pool: &Pool<DB>,
    closed_before: DateTime<Utc>,
    audit: AuditEntry,
) -> sqlx::Result<Vec<String>> {
    let mut tx = begin_write(pool).await?;
    let codes: Vec<String> = sqlx::query_scalar(
        "UPDATE reports SET contact = NULL
         WHERE contact IS NOT NULL AND (
             (status = 'declined' AND updated_at < $1)
             OR (status = 'accepted' AND finding_id IN (
                 SELECT id FROM findings
                 WHERE state IN ('closed', 'unfounded', 'merged') AND updated_at < $1)))
         RETURNING code",
    )
    .bind(closed_before)
    .fetch_all(tx.conn())
    .await?;
    if codes.is_empty() {
        return Ok(codes);
    }
    tx.audit(&AuditEntry {
        detail: serde_json::json!({ "erased": "contact", "reports": codes, "closed_before": closed_before }),
        ..audit
    })
    .await?;
    tx.commit().await?;
    Ok(codes)
}
