//! Findings: one, a list by filter and keyset, recording and each workflow step.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::record::FindingEvent;
use xiaoneng_domain::record::{Finding, NewFinding};

use super::filters::Filters;
use xiaoneng_domain::finding::{ActionKind, FindingState};
use xiaoneng_domain::notification::{NotificationKind, Recipients};

use super::notifications::{About, notify};
use super::{DB, WriteTx, begin_write};
use crate::db::{AuditEntry, FindingFilter, FindingOrigin, FindingSort, FindingStep, Written};

macro_rules! finding_select {
    () => {
        "SELECT f.id, f.code, f.unit_id, n.name AS unit_name, f.source, f.dimension, f.severity,
                f.title, f.description, f.observed_on, f.state, f.verify_by, f.rectify_by,
                f.extension_requested, f.supervised_on, f.recorded_by, f.created_at, f.updated_at, f.version,
                f.people
         FROM findings f JOIN units n ON n.id = f.unit_id"
    };
}

pub async fn finding(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<Finding>> {
    sqlx::query_as(concat!(finding_select!(), " WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn finding_events(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<FindingEvent>> {
    let mut events: Vec<FindingEvent> = sqlx::query_as(
        "SELECT e.at, COALESCE(e.actor_id, -1) AS actor_id, COALESCE(u.display_name, '') AS actor_name,
                e.action, e.from_state, e.to_state, e.comment, e.deadline
         FROM finding_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.finding_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    // A correction's facts before and after, in the same order.
    let changes: Vec<Option<String>> =
        sqlx::query_scalar("SELECT changes FROM finding_events WHERE finding_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(pool)
            .await?;
    for (event, changes) in events.iter_mut().zip(changes) {
        if let Some(text) = changes {
            event.changes =
                serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(e.into()))?;
        }
    }
    Ok(events)
}

/// Sets a finding's facts right: the new facts, and on its timeline the
/// reason with each fact before and after, audited. `Written::Stale`
/// (nothing written) when the finding is no longer at `version`.
pub async fn correct_finding(
    pool: &Pool<DB>,
    id: i64,
    correction: &xiaoneng_domain::record::FindingCorrection,
    changes: &[xiaoneng_domain::record::FieldChange],
    actor: i64,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE findings SET dimension = $3, severity = $4, title = $5, description = $6, observed_on = $7,
                             people = $8, updated_at = $9, version = version + 1
         WHERE id = $1 AND version = $2 AND state <> 'merged'",
    )
    .bind(id)
    .bind(correction.version)
    .bind(correction.dimension.as_str())
    .bind(correction.severity.as_str())
    .bind(correction.title.trim())
    .bind(correction.description.trim())
    .bind(correction.observed_on)
    .bind(serde_json::to_string(&correction.people).unwrap_or_else(|_| "[]".into()))
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    let changes_text = serde_json::to_string(changes).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO finding_events (finding_id, at, actor_id, action, from_state, to_state, comment, deadline, changes)
         SELECT id, $2, $3, 'correct', state, state, $4, NULL, $5 FROM findings WHERE id = $1",
    )
    .bind(id)
    .bind(audit.at)
    .bind(actor)
    .bind(correction.reason.trim())
    .bind(&changes_text)
    .execute(tx.conn())
    .await?;
    let before: serde_json::Map<String, serde_json::Value> = changes
        .iter()
        .map(|c| (c.field.clone(), serde_json::Value::from(c.before.clone())))
        .collect();
    let after: serde_json::Map<String, serde_json::Value> = changes
        .iter()
        .map(|c| (c.field.clone(), serde_json::Value::from(c.after.clone())))
        .chain([(
            "reason".to_owned(),
            serde_json::Value::from(correction.reason.trim()),
        )])
        .collect();
    tx.finish(id, Some(before.into()), Some(after.into()), audit)
        .await?;
    Ok(Written::Done)
}

/// The running deadline in SQL, `'9999-12-31'` ([`NO_DEADLINE`]) when there is none.
/// Migration 0014 indexes this very expression: change both together.
macro_rules! running_or_last {
    () => {
        "COALESCE(CASE f.state WHEN 'fed_back' THEN f.verify_by WHEN 'rectifying' THEN f.rectify_by END, '9999-12-31')"
    };
}

/// The deadline a finding is running against (none outside fed back and rectifying).
pub(super) const RUNNING: &str =
    "(CASE f.state WHEN 'fed_back' THEN f.verify_by WHEN 'rectifying' THEN f.rectify_by END)";

/// One page of findings in `filter.sort` order, after the `filter.after`
/// cursor. The statement holds only the filters given — `$n IS NULL OR …`
/// for an absent one stops both engines using the index a given one could
/// (a state's findings newest first, say) — so it is built per request, with
/// every value bound.
pub async fn list_findings(pool: &Pool<DB>, filter: &FindingFilter) -> sqlx::Result<Vec<Finding>> {
    let mut q = QueryBuilder::<DB>::new("");
    let trees = q.unit_trees(&[("scope", filter.scope), ("pick", filter.unit)]);
    q.push(concat!(finding_select!(), " WHERE TRUE"))
        .and_within("f.unit_id", &trees);
    if let Some(user) = filter.hide_recorded {
        q.push(" AND f.state <> 'merged' AND (f.state <> 'recorded' OR f.recorded_by = ")
            .push_bind(user)
            .push(")");
    }
    if let Some(by) = filter.recorded_by {
        q.push(" AND f.recorded_by = ").push_bind(by);
    }
    if let Some(state) = &filter.state {
        q.push(" AND f.state = ").push_bind(state);
    }
    if let Some(dimension) = &filter.dimension {
        q.push(" AND f.dimension = ").push_bind(dimension);
    }
    if let Some(source) = &filter.source {
        q.push(" AND f.source = ").push_bind(source);
    }
    if let Some(pattern) = &filter.pattern {
        q.push(" AND (LOWER(f.title) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\' OR LOWER(f.description) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\' OR LOWER(f.code) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
    if let Some(from) = filter.running_from {
        q.push(format_args!(" AND {RUNNING} >= ")).push_bind(from);
    }
    if let Some(to) = filter.running_to {
        q.push(format_args!(" AND {RUNNING} <= ")).push_bind(to);
    }
    if filter.accountability_pending {
        q.push(
            " AND f.state IN ('substantiated', 'rectifying', 'report_submitted', 'closed')
              AND NOT EXISTS (SELECT 1 FROM decision_findings df JOIN decisions d ON d.id = df.decision_id
                              WHERE df.finding_id = f.id AND d.revoked_at IS NULL)",
        );
    }
    if filter.extension_requested {
        q.push(" AND f.extension_requested IS NOT NULL");
    }
    if let Some(round) = filter.round {
        q.push(
            " AND f.visit_id IN (SELECT v.id FROM visits v JOIN batches b ON b.id = v.batch_id
                                 WHERE b.round_id = ",
        )
        .push_bind(round)
        .push(")");
    }
    // The keyset: always there, so the index ranges over it.
    let first_day = NaiveDate::from_ymd_opt(1, 1, 1).expect("a valid date");
    match filter.sort {
        FindingSort::Newest => {
            let (at, id) = keyset(filter.after);
            q.push(" AND (f.created_at, f.id) < (")
                .push_bind(at)
                .push(", ")
                .push_bind(id)
                .push(") ORDER BY f.created_at DESC, f.id DESC");
        }
        FindingSort::Oldest => {
            let (at, id) = filter.after.unwrap_or((
                first_day.and_time(chrono::NaiveTime::MIN).and_utc(),
                i64::MIN,
            ));
            q.push(" AND (f.created_at, f.id) > (")
                .push_bind(at)
                .push(", ")
                .push_bind(id)
                .push(") ORDER BY f.created_at, f.id");
        }
        FindingSort::Deadline => {
            let (day, id) = filter
                .after
                .map_or((first_day, i64::MIN), |(t, id)| (t.date_naive(), id));
            // The plain comparison lets SQLite range over the expression
            // index (it does not for a row value); the row value keeps the order.
            q.push(concat!(" AND ", running_or_last!(), " >= "))
                .push_bind(day)
                .push(concat!(" AND (", running_or_last!(), ", f.id) > ("))
                .push_bind(day)
                .push(", ")
                .push_bind(id)
                .push(concat!(") ORDER BY ", running_or_last!(), ", f.id"));
        }
    }
    q.push(" LIMIT ").push_bind(filter.limit);
    q.build_query_as().fetch_all(pool).await
}

/// A keyset cursor for a `(time, id) < (…)` row comparison; the first page
/// starts after everything, so the comparison is always there for the
/// index to range over (an `IS NULL OR …` would stop both engines using it).
pub fn keyset(after: Option<(DateTime<Utc>, i64)>) -> (DateTime<Utc>, i64) {
    after.unwrap_or_else(|| {
        let end = chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
            .and_then(|d| d.and_hms_opt(23, 59, 59))
            .expect("a valid date")
            .and_utc();
        (end, i64::MAX)
    })
}

/// Inserts a finding and its first timeline step inside `tx`, with its
/// audit entry; the code counts on within the year (writes are serialised
/// by the audit head). Answers the id and the code.
pub async fn insert_finding(
    tx: &mut WriteTx,
    new: &NewFinding,
    origin: FindingOrigin,
    recorded_by: i64,
    audit: AuditEntry,
) -> sqlx::Result<(i64, String)> {
    let now = audit.at;
    let prefix = format!("XN-{}-", now.format("%Y"));
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM findings WHERE code LIKE $1")
        .bind(format!("{prefix}%"))
        .fetch_one(tx.conn())
        .await?;
    let code = format!("{prefix}{:04}", taken + 1);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO findings (code, unit_id, source, dimension, severity, title, description, observed_on,
                               state, recorded_by, created_at, updated_at, people, visit_id, item_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'recorded', $9, $10, $10, $11, $12, $13) RETURNING id",
    )
    .bind(&code)
    .bind(new.unit_id)
    .bind(new.source.as_str())
    .bind(new.dimension.as_str())
    .bind(new.severity.as_str())
    .bind(new.title.trim())
    .bind(new.description.trim())
    .bind(new.observed_on)
    .bind(recorded_by)
    .bind(now)
    .bind(serde_json::to_string(&new.people).unwrap_or_else(|_| "[]".into()))
    .bind(origin.visit_id)
    .bind(origin.item_key)
    .fetch_one(tx.conn())
    .await?;
    sqlx::query(
        "INSERT INTO finding_events (finding_id, at, actor_id, action, from_state, to_state, comment, deadline)
         VALUES ($1, $2, $3, NULL, NULL, 'recorded', NULL, NULL)",
    )
    .bind(id)
    .bind(now)
    .bind(recorded_by)
    .execute(tx.conn())
    .await?;
    let mut after = serde_json::to_value(new).unwrap_or_default();
    after["code"] = code.clone().into();
    if let Some(visit) = origin.visit_id {
        after["visit_id"] = visit.into();
    }
    tx.audit(&AuditEntry {
        entity_id: Some(id.to_string()),
        after: Some(after),
        ..audit
    })
    .await?;
    Ok((id, code))
}

/// Records a finding, its first timeline step and its audit entry.
pub async fn create_finding(
    pool: &Pool<DB>,
    new: &NewFinding,
    recorded_by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let (id, _) =
        insert_finding(&mut tx, new, FindingOrigin::default(), recorded_by, audit).await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves a finding on if it still has `version`; `Written::Stale` (and nothing
/// written) when someone else changed it first.
pub async fn advance_finding(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    step: &FindingStep,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let next = &step.next;
    let updated = sqlx::query(
        "UPDATE findings SET state = $3, verify_by = $4, rectify_by = $5, extension_requested = $6,
                             updated_at = $7, version = version + 1
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(next.state.as_str())
    .bind(next.verify_by)
    .bind(next.rectify_by)
    .bind(next.extension_requested)
    .bind(step.at)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    sqlx::query(
        "INSERT INTO finding_events (finding_id, at, actor_id, action, from_state, to_state, comment, deadline)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(step.at)
    .bind(step.actor_id)
    .bind(step.action)
    .bind(step.from.state.as_str())
    .bind(next.state.as_str())
    .bind(&step.comment)
    .bind(step.deadline)
    .execute(tx.conn())
    .await?;
    if let Some(target) = &step.merge {
        let moved = sqlx::query(
            "UPDATE findings SET people = $3, updated_at = $4, version = version + 1
             WHERE id = $1 AND version = $2 AND state = 'recorded'",
        )
        .bind(target.id)
        .bind(target.version)
        .bind(&target.people)
        .bind(step.at)
        .execute(tx.conn())
        .await?;
        if moved.rows_affected() == 0 {
            return Ok(Written::Stale);
        }
        sqlx::query("UPDATE findings SET merged_into = $2 WHERE id = $1")
            .bind(id)
            .bind(target.id)
            .execute(tx.conn())
            .await?;
        // The evidence goes along: copied, so each finding's stays as attached.
        sqlx::query(
            "INSERT INTO evidence (finding_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data)
             SELECT $2, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data
             FROM evidence WHERE finding_id = $1 ORDER BY id",
        )
        .bind(id)
        .bind(target.id)
        .execute(tx.conn())
        .await?;
        sqlx::query(
            "INSERT INTO finding_events (finding_id, at, actor_id, action, from_state, to_state, comment, deadline)
             VALUES ($1, $2, $3, $4, 'recorded', 'recorded', $5, NULL)",
        )
        .bind(target.id)
        .bind(step.at)
        .bind(step.actor_id)
        .bind(step.action)
        .bind(&target.note)
        .execute(tx.conn())
        .await?;
    }
    // Whoever the step asks to act is told, in the same transaction.
    let action = ActionKind::ALL
        .into_iter()
        .find(|a| a.as_str() == step.action);
    if let Some((kind, recipients)) = action.and_then(NotificationKind::of_action) {
        // The unit is told the deadline it now runs against.
        let deadline = step.deadline.or(match recipients {
            Recipients::Office | Recipients::OfficeAndLeaders | Recipients::VisitInspectors => None,
            _ => next.running_deadline().or(next.rectify_by),
        });
        notify(
            &mut tx,
            About::Finding(id),
            kind,
            recipients,
            deadline,
            step.at,
        )
        .await?;
    }
    // A citizen who asked is told when the finding from their report is closed.
    if next.state == FindingState::Closed {
        let reports: Vec<i64> = sqlx::query_scalar("SELECT id FROM reports WHERE finding_id = $1")
            .bind(id)
            .fetch_all(tx.conn())
            .await?;
        for report in reports {
            super::outbox::queue_report_status(&mut tx, report, step.at).await?;
        }
    }
    tx.finish(
        id,
        serde_json::to_value(step.from).ok(),
        serde_json::to_value(next).ok(),
        audit,
    )
    .await?;
    Ok(Written::Done)
}
