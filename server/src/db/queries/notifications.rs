//! The inbox: notifications written inside the write that causes them
//! (`notify_about_finding`), read and marked read by their owner.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Pool;
use xiaoneng_domain::notification::{NotificationKind, Recipients};

use super::{DB, WriteTx};
use crate::db::NotificationRow;

/// What a notification is about: the page its reader opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Finding(i64),
    Report(i64),
    Visit(i64),
    Bulletin(i64),
}

/// Who `recipients` are, as a condition on `users u`, with `$1` the id of
/// what the notification is about (a finding for the unit's people, a
/// visit for its inspectors).
fn recipients_sql(recipients: Recipients) -> String {
    // A liaison's units are their own and everything below it: those of
    // every unit from the finding's up to the root.
    const LIAISONS: &str = "(u.role = 'liaison' AND u.unit_id IN (
             WITH RECURSIVE up(id) AS (
                 SELECT unit_id FROM findings WHERE id = $1
                 UNION SELECT un.parent_id FROM units un JOIN up ON un.id = up.id
                 WHERE un.parent_id IS NOT NULL
             ) SELECT id FROM up))";
    const HEAD: &str =
        "u.id = (SELECT un.head_user_id FROM units un JOIN findings f ON f.unit_id = un.id
                                WHERE f.id = $1)";
    match recipients {
        Recipients::UnitLiaisons => LIAISONS.to_owned(),
        Recipients::Office => "u.role = 'office'".to_owned(),
        Recipients::UnitHeadAndLiaisons => format!("{LIAISONS} OR {HEAD}"),
        Recipients::UnitHeadAndLeaders => format!("u.role = 'leader' OR {HEAD}"),
        Recipients::OfficeAndLeaders => "u.role IN ('office', 'leader')".to_owned(),
        Recipients::Leaders => "u.role = 'leader'".to_owned(),
        Recipients::VisitInspectors => "u.role = 'inspector' AND u.id IN
             (SELECT vi.user_id FROM visit_inspectors vi WHERE vi.visit_id = $1)"
            .to_owned(),
    }
}

/// Tells `recipients` about `about`, inside the write `tx`: a rolled-back
/// step tells nobody. What is to be sent by e-mail or the webhook goes
/// into the outbox in the same transaction (`outbox::queue`). Returns the
/// notifications made.
pub async fn notify(
    tx: &mut WriteTx,
    about: About,
    kind: NotificationKind,
    recipients: Recipients,
    deadline: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<i64>> {
    notify_where(tx, about, kind, &recipients_sql(recipients), deadline, at).await
}

/// As [`notify`], leaving out `actor` (who took the step themselves).
pub async fn notify_others(
    tx: &mut WriteTx,
    about: About,
    kind: NotificationKind,
    recipients: Recipients,
    actor: Option<i64>,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<i64>> {
    let who = format!(
        "({}) AND u.id <> {}",
        recipients_sql(recipients),
        actor.unwrap_or(-1)
    );
    notify_where(tx, about, kind, &who, None, at).await
}

/// Tells the active users `users` (an inspector newly assigned to a visit, say).
pub async fn notify_users(
    tx: &mut WriteTx,
    about: About,
    kind: NotificationKind,
    users: &[i64],
    deadline: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<i64>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let list = super::outbox::id_list(users);
    notify_where(tx, about, kind, &format!("u.id IN ({list})"), deadline, at).await
}

async fn notify_where(
    tx: &mut WriteTx,
    about: About,
    kind: NotificationKind,
    who: &str,
    deadline: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<i64>> {
    let (column, id) = match about {
        About::Finding(id) => ("finding_id", id),
        About::Report(id) => ("report_id", id),
        About::Visit(id) => ("visit_id", id),
        About::Bulletin(id) => ("bulletin_id", id),
    };
    let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "INSERT INTO notifications ({column}, user_id, kind, deadline, created_at)
         SELECT $1, u.id, $2, $3, $4 FROM users u WHERE u.active AND ({who})
         RETURNING id"
    )))
    .bind(id)
    .bind(kind)
    .bind(deadline)
    .bind(at)
    .fetch_all(tx.conn())
    .await?;
    super::outbox::queue(tx, &ids, at).await?;
    Ok(ids)
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
        "SELECT n.id, n.kind, n.finding_id, n.report_id, n.visit_id, n.bulletin_id,
                COALESCE(f.code, r.code, CAST(v.planned_on AS TEXT), b.doc_number, '') AS code,
                COALESCE(f.title, r.what, vu.name, b.title, '') AS title,
                n.deadline, n.created_at, n.read_at,
                CAST(CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS read
         FROM notifications n
         LEFT JOIN findings f ON f.id = n.finding_id
         LEFT JOIN reports r ON r.id = n.report_id
         LEFT JOIN visits v ON v.id = n.visit_id
         LEFT JOIN units vu ON vu.id = v.unit_id
         LEFT JOIN bulletins b ON b.id = n.bulletin_id
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
