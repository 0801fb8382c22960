//! The daily reminder pass's writes: each reminder or ladder step is taken
//! once per finding and deadline (`reminders`' key), with its notifications
//! and timeline entry in the same transaction; the office's ladder; each
//! user's delivery choices.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Pool;
use xiaoneng_domain::Lang;
use xiaoneng_domain::finding::ActionKind;
use xiaoneng_domain::notification::{Delivery, NotificationKind, NotificationSettings, Preference};
use xiaoneng_domain::reminder::{LadderStep, Rung};

use super::findings::RUNNING;
use super::notifications::{About, notify};
use super::{DB, begin_write};
use crate::db::{AuditEntry, Reminder, RunningDeadlineRow};

/// Findings whose deadline is running, and that deadline.
pub async fn running_deadlines(pool: &Pool<DB>) -> sqlx::Result<Vec<RunningDeadlineRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT f.id, {RUNNING} AS deadline FROM findings f
         WHERE f.state IN ('fed_back', 'rectifying') AND {RUNNING} IS NOT NULL ORDER BY f.id"
    )))
    .fetch_all(pool)
    .await
}

/// Takes `stage` of `finding`'s `deadline` unless taken already (or the
/// finding no longer runs against that deadline): tells `recipients`
/// (`kind`), and for a ladder `step` puts it on the timeline (no person
/// as actor) and, for 督办, marks the finding. `false`: nothing was done.
pub async fn take_reminder(
    pool: &Pool<DB>,
    reminder: &Reminder,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let Reminder {
        finding,
        deadline,
        stage,
        step,
        kind,
        recipients,
    } = reminder.clone();
    let mut tx = begin_write(pool).await?;
    let taken = sqlx::query(
        "INSERT INTO reminders (finding_id, deadline, stage, sent_on) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(finding)
    .bind(deadline)
    .bind(&stage)
    .bind(today)
    .execute(tx.conn())
    .await?;
    if taken.rows_affected() == 0 {
        return Ok(false);
    }
    let still: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT f.id FROM findings f WHERE f.id = $1 AND {RUNNING} = $2"
    )))
    .bind(finding)
    .bind(deadline)
    .fetch_optional(tx.conn())
    .await?;
    if still.is_none() {
        return Ok(false);
    }
    if let Some(step) = step {
        sqlx::query(
            "INSERT INTO finding_events (finding_id, at, actor_id, action, from_state, to_state, comment, deadline)
             SELECT id, $2, NULL, $3, state, state, NULL, $4 FROM findings WHERE id = $1",
        )
        .bind(finding)
        .bind(at)
        .bind(step.as_str())
        .bind(deadline)
        .execute(tx.conn())
        .await?;
        if step == ActionKind::Supervise {
            sqlx::query(
                "UPDATE findings SET supervised_on = $2 WHERE id = $1 AND supervised_on IS NULL",
            )
            .bind(finding)
            .bind(today)
            .execute(tx.conn())
            .await?;
        }
    }
    let told = notify(
        &mut tx,
        About::Finding(finding),
        kind,
        recipients,
        Some(deadline),
        at,
    )
    .await?;
    let audit = AuditEntry::new(at, None, "remind", "finding").with_detail(serde_json::json!({
        "stage": stage, "deadline": deadline, "kind": kind.as_str(), "told": told.len(),
    }));
    tx.finish(finding, None, None, audit).await?;
    Ok(true)
}

/// The office's escalation ladder, lowest rung first.
pub async fn escalation_ladder(pool: &Pool<DB>) -> sqlx::Result<Vec<Rung>> {
    let rows: Vec<(i64, LadderStep)> =
        sqlx::query_as("SELECT days, step FROM escalation_steps ORDER BY days")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(days, step)| Rung {
            days: u32::try_from(days).unwrap_or(u32::MAX),
            step,
        })
        .collect())
}

/// Replaces the ladder (checked by `reminder::check_ladder`).
pub async fn set_escalation_ladder(
    pool: &Pool<DB>,
    rungs: &[Rung],
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let before = escalation_ladder(pool).await?;
    let mut tx = begin_write(pool).await?;
    sqlx::query("DELETE FROM escalation_steps")
        .execute(tx.conn())
        .await?;
    for rung in rungs {
        sqlx::query("INSERT INTO escalation_steps (days, step) VALUES ($1, $2)")
            .bind(i64::from(rung.days))
            .bind(rung.step)
            .execute(tx.conn())
            .await?;
    }
    tx.finish(
        "escalation",
        serde_json::to_value(before).ok(),
        serde_json::to_value(rungs).ok(),
        audit,
    )
    .await
}

/// Records that the daily pass of `day` ran; `false` when it had already.
pub async fn mark_daily_pass(
    pool: &Pool<DB>,
    day: NaiveDate,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    sqlx::query("INSERT INTO daily_passes (day, run_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(day)
        .bind(at)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1)
}

/// How `user` is reached and what they chose (kinds not listed are sent immediately).
pub async fn notification_settings(
    pool: &Pool<DB>,
    user: i64,
) -> sqlx::Result<NotificationSettings> {
    let (email, mobile, lang): (Option<String>, Option<String>, String) =
        sqlx::query_as("SELECT email, mobile, lang FROM users WHERE id = $1")
            .bind(user)
            .fetch_one(pool)
            .await?;
    let rows: Vec<(NotificationKind, Delivery)> = sqlx::query_as(
        "SELECT kind, delivery FROM notification_preferences WHERE user_id = $1 ORDER BY kind",
    )
    .bind(user)
    .fetch_all(pool)
    .await?;
    Ok(NotificationSettings {
        email,
        mobile,
        lang: Lang::from_tag(&lang).unwrap_or_default(),
        preferences: rows
            .into_iter()
            .map(|(kind, delivery)| Preference { kind, delivery })
            .collect(),
    })
}

/// Replaces `user`'s contact details and choices (checked by
/// `NotificationSettings::validate`).
pub async fn set_notification_settings(
    pool: &Pool<DB>,
    user: i64,
    settings: &NotificationSettings,
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let before = notification_settings(pool, user).await?;
    let mut tx = begin_write(pool).await?;
    sqlx::query("UPDATE users SET email = $2, mobile = $3, lang = $4 WHERE id = $1")
        .bind(user)
        .bind(&settings.email)
        .bind(&settings.mobile)
        .bind(settings.lang.tag())
        .execute(tx.conn())
        .await?;
    sqlx::query("DELETE FROM notification_preferences WHERE user_id = $1")
        .bind(user)
        .execute(tx.conn())
        .await?;
    for p in &settings.preferences {
        sqlx::query(
            "INSERT INTO notification_preferences (user_id, kind, delivery) VALUES ($1, $2, $3)",
        )
        .bind(user)
        .bind(p.kind)
        .bind(p.delivery)
        .execute(tx.conn())
        .await?;
    }
    tx.finish(
        user,
        serde_json::to_value(before).ok(),
        serde_json::to_value(settings).ok(),
        audit,
    )
    .await
}
