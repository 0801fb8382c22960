//! Appeals (申诉 / 复核): lodged by a unit, reviewed by the office or a
//! leader. Each step writes the appeal, the finding's timeline, the
//! notification and the audit entry in one transaction.

use chrono::{DateTime, Utc};
use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::appeal::{Appeal, AppealAction, AppealSettings, AppealState, AppealSubject};
use xiaoneng_domain::finding::{ActionKind, FindingState};
use xiaoneng_domain::notification::{NotificationKind, Recipients};

use super::filters::Filters;
use super::notifications::{About, notify};
use super::{DB, begin_write};
use crate::db::{AppealFilter, AppealReview, AuditEntry, NewAppealRow, Written};

macro_rules! appeal_select {
    () => {
        "SELECT a.id, a.subject, a.finding_id, f.code AS finding_code, f.title AS finding_title,
                a.decision_id, d.person_name, a.unit_id, n.name AS unit_name, a.grounds, a.state,
                l.display_name AS lodged_by_name, a.lodged_at, a.review_by, a.reason, a.restored_to,
                r.display_name AS decided_by_name, a.decided_at, a.version
         FROM appeals a
         JOIN findings f ON f.id = a.finding_id
         JOIN units n ON n.id = a.unit_id
         JOIN users l ON l.id = a.lodged_by
         LEFT JOIN users r ON r.id = a.decided_by
         LEFT JOIN decisions d ON d.id = a.decision_id"
    };
}

pub async fn appeal_settings(pool: &Pool<DB>) -> sqlx::Result<AppealSettings> {
    let row: Option<(i64, i64, bool)> = sqlx::query_as(
        "SELECT window_days, review_days, leader_reviews_decisions FROM appeal_settings WHERE id = 1",
    )
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map_or_else(AppealSettings::default, |(w, r, l)| AppealSettings {
            window_days: w.clamp(1, 60) as u32,
            review_days: r.clamp(1, 60) as u32,
            leader_reviews_decisions: l,
        }),
    )
}

pub async fn set_appeal_settings(
    pool: &Pool<DB>,
    settings: &AppealSettings,
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    let before: Option<(i64, i64, bool)> = sqlx::query_as(
        "SELECT window_days, review_days, leader_reviews_decisions FROM appeal_settings WHERE id = 1",
    )
    .fetch_optional(tx.conn())
    .await?;
    sqlx::query(
        "UPDATE appeal_settings SET window_days = $1, review_days = $2, leader_reviews_decisions = $3
         WHERE id = 1",
    )
    .bind(i64::from(settings.window_days))
    .bind(i64::from(settings.review_days))
    .bind(settings.leader_reviews_decisions)
    .execute(tx.conn())
    .await?;
    let before = before.map(|(w, r, l)| {
        serde_json::json!({ "window_days": w, "review_days": r, "leader_reviews_decisions": l })
    });
    tx.finish(
        "appeals",
        before,
        serde_json::to_value(settings).ok(),
        audit,
    )
    .await
}

pub async fn appeal(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<Appeal>> {
    sqlx::query_as(concat!(appeal_select!(), " WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Appeals newest first; `scope` keeps those of a unit's subtree.
pub async fn appeals(
    pool: &Pool<DB>,
    filter: &AppealFilter,
    after: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<Appeal>> {
    let mut q = QueryBuilder::<DB>::new("");
    let trees = q.unit_trees(&[("scope", filter.scope)]);
    q.push(concat!(appeal_select!(), " WHERE TRUE"))
        .and_within("a.unit_id", &trees)
        .and_eq("a.state = ", filter.state.map(AppealState::as_str))
        .and_eq("a.finding_id = ", filter.finding)
        .and_eq("a.decision_id = ", filter.decision)
        .newest_page("a.lodged_at", "a.id", after, limit);
    q.build_query_as().fetch_all(pool).await
}

/// When the finding was last substantiated (its appeal window runs from then).
pub async fn substantiated_at(
    pool: &Pool<DB>,
    finding: i64,
) -> sqlx::Result<Option<DateTime<Utc>>> {
    sqlx::query_scalar(
        "SELECT at FROM finding_events WHERE finding_id = $1 AND to_state = 'substantiated'
         ORDER BY at DESC, id DESC LIMIT 1",
    )
    .bind(finding)
    .fetch_optional(pool)
    .await
}

/// Writes the appeal, the unit's step on the finding's timeline, and tells
/// the reviewers. `None` (nothing written) when the finding or decision has
/// an appeal already.
pub async fn lodge_appeal(
    pool: &Pool<DB>,
    new: &NewAppealRow,
    audit: AuditEntry,
) -> sqlx::Result<Option<i64>> {
    let mut tx = begin_write(pool).await?;
    let taken: Option<i64> = match new.decision_id {
        Some(decision) => {
            sqlx::query_scalar("SELECT id FROM appeals WHERE decision_id = $1")
                .bind(decision)
                .fetch_optional(tx.conn())
                .await?
        }
        None => {
            sqlx::query_scalar(
                "SELECT id FROM appeals WHERE finding_id = $1 AND subject = 'finding'",
            )
            .bind(new.finding_id)
            .fetch_optional(tx.conn())
            .await?
        }
    };
    if taken.is_some() {
        return Ok(None);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO appeals (subject, finding_id, decision_id, unit_id, grounds, state, lodged_by, lodged_at, review_by)
         VALUES ($1, $2, $3, $4, $5, 'lodged', $6, $7, $8) RETURNING id",
    )
    .bind(new.subject.as_str())
    .bind(new.finding_id)
    .bind(new.decision_id)
    .bind(new.unit_id)
    .bind(new.grounds.trim())
    .bind(new.lodged_by)
    .bind(audit.at)
    .bind(new.review_by)
    .fetch_one(tx.conn())
    .await?;
    timeline(
        &mut tx,
        new.finding_id,
        new.lodged_by,
        ActionKind::Appeal,
        None,
        new.grounds.trim(),
        audit.at,
    )
    .await?;
    notify(
        &mut tx,
        About::Finding(new.finding_id),
        NotificationKind::AppealLodged,
        new.reviewers,
        Some(new.review_by),
        audit.at,
    )
    .await?;
    let after = serde_json::json!({
        "subject": new.subject.as_str(), "finding_id": new.finding_id, "decision_id": new.decision_id,
        "grounds": new.grounds.trim(), "review_by": new.review_by,
    });
    tx.finish(id, None, Some(after), audit).await?;
    Ok(Some(id))
}

/// A step on the finding's timeline; `to`: the state it moves to (none: it stays).
async fn timeline(
    tx: &mut super::WriteTx,
    finding: i64,
    actor: i64,
    action: ActionKind,
    to: Option<FindingState>,
    comment: &str,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO finding_events (finding_id, at, actor_id, action, from_state, to_state, comment, deadline)
         SELECT id, $2, $3, $4, state, COALESCE($5, state), $6, NULL FROM findings WHERE id = $1",
    )
    .bind(finding)
    .bind(at)
    .bind(actor)
    .bind(action.as_str())
    .bind(to.map(FindingState::as_str))
    .bind(comment)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The review: the appeal decided; upheld, the finding returns to the
/// state named (its deadlines end) or the decision is revoked; the unit is
/// told. `Written::Stale` (nothing written) when the appeal is no longer at
/// `version`, or the finding or decision changed under it.
pub async fn review_appeal(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    review: &AppealReview,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let before: Option<(String, i64)> =
        sqlx::query_as("SELECT state, version FROM appeals WHERE id = $1")
            .bind(id)
            .fetch_optional(tx.conn())
            .await?;
    let restored = match (review.action, review.subject) {
        (AppealAction::Uphold, AppealSubject::Finding) => review.restore,
        _ => None,
    };
    let done = sqlx::query(
        "UPDATE appeals SET state = $3, reason = $4, restored_to = $5, decided_by = $6, decided_at = $7,
                            version = version + 1
         WHERE id = $1 AND version = $2 AND state = 'lodged'",
    )
    .bind(id)
    .bind(version)
    .bind(review.to.as_str())
    .bind(review.reason.trim())
    .bind(restored.map(FindingState::as_str))
    .bind(review.by)
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    let step = match review.action {
        AppealAction::Uphold => ActionKind::UpholdAppeal,
        AppealAction::Dismiss => ActionKind::DismissAppeal,
    };
    timeline(
        &mut tx,
        review.finding_id,
        review.by,
        step,
        restored,
        review.reason.trim(),
        audit.at,
    )
    .await?;
    if let Some(state) = restored {
        // Still substantiated as when the appeal was read: else the finding
        // moved meanwhile and the reviewer must look again.
        let moved = sqlx::query(
            "UPDATE findings SET state = $2, verify_by = NULL, rectify_by = NULL, extension_requested = NULL,
                                 supervised_on = NULL, updated_at = $3, version = version + 1
             WHERE id = $1 AND state IN ('substantiated', 'rectifying', 'report_submitted', 'closed')",
        )
        .bind(review.finding_id)
        .bind(state.as_str())
        .bind(audit.at)
        .execute(tx.conn())
        .await?;
        if moved.rows_affected() == 0 {
            return Ok(Written::Stale);
        }
    }
    if let (AppealAction::Uphold, Some(decision)) = (review.action, review.decision_id) {
        // Revoked as the office would revoke it: on its history, and
        // corrected on the bulletins that announced it.
        let revoke = crate::db::ChangeRow {
            change: xiaoneng_domain::accountability::DecisionChangeKind::Revoke,
            after: &[],
            basis_after: None,
            reason: review.reason.trim(),
            by: Some(review.by),
        };
        if !super::decisions::apply_change(&mut tx, decision, None, &revoke, audit.at).await? {
            return Ok(Written::Stale);
        }
        tx.audit(&AuditEntry {
            action: "revoke",
            entity: "decision",
            entity_id: Some(decision.to_string()),
            before: None,
            after: Some(
                serde_json::json!({ "revoked_reason": review.reason.trim(), "appeal_id": id }),
            ),
            ..audit.clone()
        })
        .await?;
    }
    notify(
        &mut tx,
        About::Finding(review.finding_id),
        NotificationKind::AppealDecided,
        Recipients::UnitLiaisons,
        None,
        audit.at,
    )
    .await?;
    let before =
        before.map(|(state, version)| serde_json::json!({ "state": state, "version": version }));
    let after = serde_json::json!({
        "state": review.to.as_str(), "reason": review.reason.trim(),
        "restored_to": restored.map(FindingState::as_str),
    });
    tx.finish(id, before, Some(after), audit).await?;
    Ok(Written::Done)
}

/// Attaches a file to the appeal `appeal` (about `new.finding_id`) while it
/// is lodged and has fewer than `max` files. `None` (nothing written) otherwise.
pub async fn attach_appeal_evidence(
    pool: &Pool<DB>,
    appeal: i64,
    new: &crate::db::NewEvidence,
    max: usize,
    audit: AuditEntry,
) -> sqlx::Result<Option<i64>> {
    let mut tx = begin_write(pool).await?;
    // The appeal's row first: two uploads at once take turns on it.
    let lodged =
        sqlx::query("UPDATE appeals SET version = version WHERE id = $1 AND state = 'lodged'")
            .bind(appeal)
            .execute(tx.conn())
            .await?;
    if lodged.rows_affected() == 0 {
        return Ok(None);
    }
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM appeal_evidence WHERE appeal_id = $1")
            .bind(appeal)
            .fetch_one(tx.conn())
            .await?;
    if count as usize >= max {
        return Ok(None);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO appeal_evidence (appeal_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(appeal)
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
        appeal,
        None,
        Some(serde_json::json!({
            "evidence_id": id, "finding_id": new.finding_id, "file_name": new.file_name, "content_type": new.content_type,
            "size": new.data.len(), "sha256": new.sha256,
        })),
        audit,
    )
    .await?;
    Ok(Some(id))
}

pub async fn appeal_evidence_of(
    pool: &Pool<DB>,
    appeal: i64,
) -> sqlx::Result<Vec<xiaoneng_domain::appeal::AppealEvidence>> {
    sqlx::query_as(
        "SELECT e.id, e.file_name, e.content_type, e.size, u.display_name AS uploaded_by_name, e.uploaded_at
         FROM appeal_evidence e JOIN users u ON u.id = e.uploaded_by
         WHERE e.appeal_id = $1 ORDER BY e.id",
    )
    .bind(appeal)
    .fetch_all(pool)
    .await
}

/// A file of an appeal: (appeal, file name, type, SHA-256, bytes).
pub async fn appeal_evidence_file(
    pool: &Pool<DB>,
    id: i64,
) -> sqlx::Result<Option<(i64, String, String, String, Vec<u8>)>> {
    sqlx::query_as(
        "SELECT appeal_id, file_name, content_type, sha256, data FROM appeal_evidence WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}
