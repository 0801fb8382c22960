//! The holiday calendar: public holidays and weekend days worked.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Pool;
use xiaoneng_domain::calendar::CalendarDay;

use super::{DB, begin_write};
use crate::db::AuditEntry;

pub async fn holidays(pool: &Pool<DB>) -> sqlx::Result<Vec<(NaiveDate, bool)>> {
    sqlx::query_as("SELECT day, working FROM holidays ORDER BY day")
        .fetch_all(pool)
        .await
}

pub async fn calendar_days(
    pool: &Pool<DB>,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<CalendarDay>> {
    sqlx::query_as(
        "SELECT day, working, name FROM holidays WHERE day >= $1 AND day <= $2 ORDER BY day",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// Sets (or replaces) one day of the calendar, with its audit entry.
pub async fn put_calendar_day(
    pool: &Pool<DB>,
    day: &CalendarDay,
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    let (before, after) = put_day(&mut tx, day).await?;
    tx.finish(day.day, before, Some(after), audit).await
}

/// Sets (or replaces) the days of an imported file, all in one transaction,
/// each with its own audit entry; a day already as the file has it is left
/// alone. Returns how many days changed.
pub async fn import_calendar(
    pool: &Pool<DB>,
    days: &[CalendarDay],
    audit: AuditEntry,
) -> sqlx::Result<usize> {
    let mut tx = begin_write(pool).await?;
    let mut changed = 0;
    for day in days {
        let (before, after) = put_day(&mut tx, day).await?;
        if before.as_ref() == Some(&after) {
            continue;
        }
        changed += 1;
        tx.audit(&AuditEntry {
            entity_id: Some(day.day.to_string()),
            before,
            after: Some(after),
            ..audit.clone()
        })
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// Writes one day; the day as it was and as it is now, for the audit log.
async fn put_day(
    tx: &mut super::WriteTx,
    day: &CalendarDay,
) -> sqlx::Result<(Option<serde_json::Value>, serde_json::Value)> {
    let before: Option<CalendarDay> =
        sqlx::query_as("SELECT day, working, name FROM holidays WHERE day = $1")
            .bind(day.day)
            .fetch_optional(tx.conn())
            .await?;
    sqlx::query(
        "INSERT INTO holidays (day, working, name) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET working = excluded.working, name = excluded.name",
    )
    .bind(day.day)
    .bind(day.working)
    .bind(&day.name)
    .execute(tx.conn())
    .await?;
    Ok((
        before.map(|b| serde_json::json!({ "working": b.working, "name": b.name })),
        serde_json::json!({ "working": day.working, "name": day.name }),
    ))
}

/// Removes one day from the calendar (it is an ordinary day again); `false` if it was not there.
pub async fn delete_calendar_day(
    pool: &Pool<DB>,
    day: NaiveDate,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    let before: Option<CalendarDay> =
        sqlx::query_as("SELECT day, working, name FROM holidays WHERE day = $1")
            .bind(day)
            .fetch_optional(tx.conn())
            .await?;
    let Some(before) = before else {
        return Ok(false);
    };
    sqlx::query("DELETE FROM holidays WHERE day = $1")
        .bind(day)
        .execute(tx.conn())
        .await?;
    tx.finish(
        day,
        Some(serde_json::json!({ "working": before.working, "name": before.name })),
        None,
        audit,
    )
    .await?;
    Ok(true)
}

/// The calendar days in one transaction (demo data), each audited.
pub async fn seed_calendar(
    pool: &Pool<DB>,
    days: &[CalendarDay],
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    for day in days {
        sqlx::query("INSERT INTO holidays (day, working, name) VALUES ($1, $2, $3)")
            .bind(day.day)
            .bind(day.working)
            .bind(&day.name)
            .execute(tx.conn())
            .await?;
        tx.audit(&AuditEntry {
            entity_id: Some(day.day.to_string()),
            after: Some(serde_json::json!({ "working": day.working, "name": day.name })),
            ..AuditEntry::new(now, None, "create", "calendar_day")
        })
        .await?;
    }
    tx.commit().await
}
