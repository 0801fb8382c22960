//! The outbox: what is to be sent by e-mail or the webhook, written in the
//! transaction that caused it, claimed by one delivery worker at a time
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas share the work and
//! never take the same row), each attempt kept.

use chrono::{DateTime, Utc};
use sqlx::Pool;

use super::{DB, WriteTx, begin_write};
use xiaoneng_domain::notification::FailedDelivery;

use crate::db::{AuditEntry, DeliveryRow, MailNotificationRow};

/// `ids` as an SQL list (integers only: nothing to escape).
pub(super) fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Queues what the configured channels send of notifications `ids`, just
/// made in `tx`: an e-mail to each reader who has an address and wants it
/// now, a webhook call for each reader who wants it now; a reader who
/// wants a digest has the notification kept for it.
pub async fn queue(tx: &mut WriteTx, ids: &[i64], at: DateTime<Utc>) -> sqlx::Result<()> {
    let channels = crate::db::CHANNELS.try_with(|c| *c).unwrap_or_default();
    if ids.is_empty() || !(channels.email || channels.webhook) {
        return Ok(());
    }
    let list = id_list(ids);
    let wanting = |delivery: &str| {
        format!(
            "FROM notifications n JOIN users u ON u.id = n.user_id
             LEFT JOIN notification_preferences p ON p.user_id = n.user_id AND p.kind = n.kind
             WHERE n.id IN ({list}) AND COALESCE(p.delivery, 'immediate') = '{delivery}'"
        )
    };
    if channels.email {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO outbox (channel, topic, notification_id, user_id, address, next_attempt_at, created_at)
             SELECT 'email', 'notification', n.id, n.user_id, u.email, $1, $1 {} AND u.email IS NOT NULL
             ORDER BY n.id",
            wanting("immediate")
        )))
        .bind(at)
        .execute(tx.conn())
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE notifications SET digest_pending = TRUE WHERE id IN
               (SELECT n.id {} AND u.email IS NOT NULL)",
            wanting("digest")
        )))
        .execute(tx.conn())
        .await?;
    }
    if channels.webhook {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO outbox (channel, topic, notification_id, user_id, next_attempt_at, created_at)
             SELECT 'webhook', 'notification', n.id, n.user_id, $1, $1 {} ORDER BY n.id",
            wanting("immediate")
        )))
        .bind(at)
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// Queues the e-mail telling the citizen who reported `report` where it
/// stands, when they asked to be told and left an address.
pub async fn queue_report_status(
    tx: &mut WriteTx,
    report: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    if !crate::db::CHANNELS.try_with(|c| c.email).unwrap_or(false) {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO outbox (channel, topic, report_id, address, next_attempt_at, created_at)
         SELECT 'email', 'report_status', r.id, r.contact, $2, $2 FROM reports r
         WHERE r.id = $1 AND r.notify AND r.contact IS NOT NULL",
    )
    .bind(report)
    .bind(at)
    .execute(tx.conn())
    .await
    .map(|_| ())
}

/// Claims up to `limit` rows due at `now` until `until` (a worker that
/// dies holding them leaves them to another when the claim runs out), and
/// counts the attempt.
pub async fn claim_deliveries(
    pool: &Pool<DB>,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<DeliveryRow>> {
    // An idle worker asks every half second: a read, so that it takes no
    // write lock (SQLite has one for the whole database) when nothing is due.
    let due: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM outbox
         WHERE state = 'pending' AND next_attempt_at <= $1
           AND (claimed_until IS NULL OR claimed_until < $1)
         LIMIT 1",
    )
    .bind(now)
    .fetch_optional(pool)
    .await?;
    if due.is_none() {
        return Ok(Vec::new());
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE outbox SET claimed_until = $2, attempts = attempts + 1
         WHERE id IN (
             SELECT id FROM outbox
             WHERE state = 'pending' AND next_attempt_at <= $1
               AND (claimed_until IS NULL OR claimed_until < $1)
             ORDER BY next_attempt_at, id LIMIT $3{}
         )
         RETURNING id, channel, topic, notification_id, user_id, report_id, address, attempts",
        super::super::SKIP_LOCKED
    )))
    .bind(now)
    .bind(until)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Records an attempt at row `id`: sent, or failed with `error` and tried
/// again at `retry_at` (`None`: given up, shown to the office).
pub async fn record_delivery(
    pool: &Pool<DB>,
    id: i64,
    at: DateTime<Utc>,
    error: Option<&str>,
    retry_at: Option<DateTime<Utc>>,
) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    match (error, retry_at) {
        (None, _) => sqlx::query(
            "UPDATE outbox SET state = 'sent', sent_at = $2, claimed_until = NULL, last_error = NULL
             WHERE id = $1",
        )
        .bind(id)
        .bind(at),
        (Some(error), Some(retry_at)) => sqlx::query(
            "UPDATE outbox SET next_attempt_at = $2, claimed_until = NULL, last_error = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(retry_at)
        .bind(error),
        (Some(error), None) => sqlx::query(
            "UPDATE outbox SET state = 'failed', claimed_until = NULL, last_error = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(error),
    }
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO outbox_attempts (outbox_id, attempted_at, ok, error) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(at)
    .bind(error.is_none())
    .bind(error)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// A notification with its reader, as a message about it is written.
pub async fn mail_notification(
    pool: &Pool<DB>,
    id: i64,
) -> sqlx::Result<Option<MailNotificationRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MAIL_NOTIFICATION} WHERE n.id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The notifications a digest message carries, oldest first.
pub async fn digest_notifications(
    pool: &Pool<DB>,
    digest: i64,
) -> sqlx::Result<Vec<MailNotificationRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MAIL_NOTIFICATION} WHERE n.digest_id = $1 ORDER BY n.id"
    )))
    .bind(digest)
    .fetch_all(pool)
    .await
}

const MAIL_NOTIFICATION: &str = "SELECT n.id, n.kind, n.finding_id, n.report_id, n.visit_id, n.bulletin_id,
        COALESCE(f.code, r.code, CAST(v.planned_on AS TEXT), b.doc_number, '') AS code,
        COALESCE(f.title, r.what, vu.name, b.title, '') AS title,
        n.deadline, n.created_at, u.id AS user_id, u.username, u.display_name, u.email, u.mobile, u.lang
     FROM notifications n
     JOIN users u ON u.id = n.user_id
     LEFT JOIN findings f ON f.id = n.finding_id
     LEFT JOIN reports r ON r.id = n.report_id
     LEFT JOIN visits v ON v.id = n.visit_id
     LEFT JOIN units vu ON vu.id = v.unit_id
     LEFT JOIN bulletins b ON b.id = n.bulletin_id";

/// Gathers each user's notifications waiting for the digest into one
/// e-mail each; returns how many were queued.
pub async fn queue_digests(pool: &Pool<DB>, at: DateTime<Utc>) -> sqlx::Result<u64> {
    let mut tx = begin_write(pool).await?;
    let queued: Vec<(i64, i64)> = sqlx::query_as(
        "INSERT INTO outbox (channel, topic, user_id, address, next_attempt_at, created_at)
         SELECT 'email', 'digest', u.id, u.email, $1, $1 FROM users u
         WHERE u.active AND u.email IS NOT NULL
           AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.digest_pending)
         RETURNING id, user_id",
    )
    .bind(at)
    .fetch_all(tx.conn())
    .await?;
    for (digest, user) in &queued {
        sqlx::query(
            "UPDATE notifications SET digest_pending = FALSE, digest_id = $1
             WHERE user_id = $2 AND digest_pending",
        )
        .bind(digest)
        .bind(user)
        .execute(tx.conn())
        .await?;
    }
    tx.commit().await?;
    Ok(queued.len() as u64)
}

/// Deliveries given up on, newest first, after `after` (an id).
pub async fn failed_deliveries(
    pool: &Pool<DB>,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<FailedDelivery>> {
    sqlx::query_as(
        "SELECT o.id, o.channel, o.topic, n.kind, COALESCE(f.code, r.code, rr.code) AS code,
                u.display_name AS recipient, o.attempts, o.last_error, o.created_at,
                (SELECT MAX(a.attempted_at) FROM outbox_attempts a WHERE a.outbox_id = o.id) AS last_attempt_at
         FROM outbox o
         LEFT JOIN notifications n ON n.id = o.notification_id
         LEFT JOIN findings f ON f.id = n.finding_id
         LEFT JOIN reports r ON r.id = n.report_id
         LEFT JOIN reports rr ON rr.id = o.report_id
         LEFT JOIN users u ON u.id = o.user_id
         WHERE o.state = 'failed' AND o.id < $1
         ORDER BY o.id DESC LIMIT $2",
    )
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Puts failed delivery `id` back in the queue (the office's retry);
/// `false` when it is not a failed one.
pub async fn retry_delivery(pool: &Pool<DB>, id: i64, audit: AuditEntry) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $2, last_error = NULL
         WHERE id = $1 AND state = 'failed'",
    )
    .bind(id)
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    tx.finish(id, None, None, audit).await?;
    Ok(true)
}

/// How many rows wait (pending) and how many were given up (failed).
pub async fn outbox_counts(pool: &Pool<DB>) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM outbox",
    )
    .fetch_one(pool)
    .await
}
