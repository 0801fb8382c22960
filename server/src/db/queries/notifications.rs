//! The inbox: notifications written inside the write that causes them
//! (`notify_about_finding`), read and marked read by their owner.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Pool;
use xiaoneng_domain::notification::{NotificationKind, Recipients};

use super::{DB, WriteTx};
use crate::db::NotificationRow;

/// Tells `recipients` of finding `finding_id`, inside the write `tx`: a
/// rolled-back step tells nobody.
pub async fn notify_about_finding(
    tx: &mut WriteTx,
    finding_id: i64,
    kind: NotificationKind,
    recipients: Recipients,
    deadline: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> sqlx::Result<u64> {
    let who = match recipients {
        // A liaison's units are their own and everything below it: those
        // of every unit from the finding's up to the root.
        Recipients::UnitLiaisons => {
            "WITH RECURSIVE up(id) AS (
                 SELECT unit_id FROM findings WHERE id = $1
                 UNION SELECT u.parent_id FROM units u JOIN up ON u.id = up.id
                 WHERE u.parent_id IS NOT NULL
             )
             SELECT $1, u.id, $2, $3, $4 FROM users u
             WHERE u.role = 'liaison' AND u.active AND u.unit_id IN (SELECT id FROM up)"
        }
        Recipients::Office => {
            "SELECT $1, u.id, $2, $3, $4 FROM users u WHERE u.role = 'office' AND u.active"
        }
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO notifications (finding_id, user_id, kind, deadline, created_at) {who}"
    )))
    .bind(finding_id)
    .bind(kind)
    .bind(deadline)
    .bind(at)
    .execute(tx.conn())
    .await
    .map(|r| r.rows_affected())
}

/// `user`'s notifications, unread first, newest first within each; after
/// the key `(read, id)` of the last one read.
pub async fn notifications(
    pool: &Pool<DB>,
    user: i64,
    after: Option<(i64, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<NotificationRow>> {
    let (after_read, after_id) = after.unwrap_or((-1, i64::MAX));
    sqlx::query_as(
        "SELECT n.id, n.kind, n.finding_id, n.report_id,
                COALESCE(f.code, r.code) AS code, COALESCE(f.title, r.what) AS title,
                n.deadline, n.created_at, n.read_at,
                CAST(CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS read
         FROM notifications n
         LEFT JOIN findings f ON f.id = n.finding_id
         LEFT JOIN reports r ON r.id = n.report_id
         WHERE n.user_id = $1
           AND (CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END > $2
                OR (CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END = $2 AND n.id < $3))
         ORDER BY read, n.id DESC
         LIMIT $4",
    )
    .bind(user)
    .bind(after_read)
    .bind(after_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn unread_notifications(pool: &Pool<DB>, user: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user)
        .fetch_one(pool)
        .await
}

/// Marks `user`'s notification `id` read (another's, or one read already,
/// is left as it is).
pub async fn mark_notification_read(
    pool: &Pool<DB>,
    user: i64,
    id: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notifications SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at IS NULL",
    )
    .bind(id)
    .bind(user)
    .bind(at)
    .execute(pool)
    .await
    .map(|_| ())
}

/// Marks every notification made before `before` read (the demo's past:
/// its 2020 campaign was dealt with long ago).
pub async fn read_notifications_before(
    pool: &Pool<DB>,
    before: DateTime<Utc>,
) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE notifications SET read_at = created_at WHERE read_at IS NULL AND created_at < $1",
    )
    .bind(before)
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
}
