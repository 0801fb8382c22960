//! Accountability decisions and their measures.

use chrono::{DateTime, Utc};
use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::accountability::Decision;
use xiaoneng_domain::accountability::{Measure, NewDecision};

use super::filters::Filters;
use super::{DB, WriteTx, begin_write};
use crate::db::{AuditEntry, ChangeRow, DecisionFindingRow, Written};
use xiaoneng_domain::accountability::{DecisionChangeKind, DecisionEvent, correction_notice};
use xiaoneng_domain::stored::JsonText;

macro_rules! decision_select {
    () => {
        "SELECT d.id, d.staff_id, d.person_name, d.person_unit_id, n.name AS person_unit_name, d.person_post, d.basis,
                d.notes, d.decided_on, d.decided_by, u.display_name AS decided_by_name, d.created_at,
                d.revoked_at, d.revoked_reason, d.version
         FROM decisions d JOIN units n ON n.id = d.person_unit_id JOIN users u ON u.id = d.decided_by"
    };
}

/// Records a decision with its findings and measures, and its audit entry.
pub async fn create_decision(
    pool: &Pool<DB>,
    new: &NewDecision,
    measures: &[Measure],
    decided_by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO decisions (person_name, person_unit_id, person_post, basis, notes, decided_on, decided_by, created_at,
                                staff_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.person_name.trim())
    .bind(new.person_unit_id)
    .bind(new.person_post.trim())
    .bind(new.basis.trim())
    .bind(new.notes.as_deref().map(str::trim).filter(|n| !n.is_empty()))
    .bind(new.decided_on)
    .bind(decided_by)
    .bind(audit.at)
    .bind(new.staff_id)
    .fetch_one(tx.conn())
    .await?;
    for finding_id in &new.finding_ids {
        sqlx::query("INSERT INTO decision_findings (decision_id, finding_id) VALUES ($1, $2)")
            .bind(id)
            .bind(finding_id)
            .execute(tx.conn())
            .await?;
        // The unit's liaisons are told a decision concerns someone of theirs.
        super::notifications::notify(
            &mut tx,
            super::notifications::About::Finding(*finding_id),
            xiaoneng_domain::notification::NotificationKind::DecisionRecorded,
            xiaoneng_domain::notification::Recipients::UnitLiaisons,
            None,
            audit.at,
        )
        .await?;
    }
    insert_measures(&mut tx, id, measures).await?;
    let mut after = serde_json::to_value(new).unwrap_or_default();
    after["measures"] = serde_json::to_value(measures).unwrap_or_default();
    tx.finish(id, None, Some(after), audit).await?;
    Ok(id)
}

pub async fn decision(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<Decision>> {
    sqlx::query_as(concat!(decision_select!(), " WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Decisions newest first; `scope` keeps those about people of a unit's subtree.
pub async fn list_decisions(
    pool: &Pool<DB>,
    filter: &crate::db::DecisionFilter,
    after: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<Decision>> {
    let mut q = QueryBuilder::<DB>::new("");
    let trees = q.unit_trees(&[("scope", filter.scope), ("pick", filter.unit)]);
    q.push(concat!(decision_select!(), " WHERE TRUE"))
        .and_within("d.person_unit_id", &trees)
        .and_eq("d.person_name = ", filter.person.as_deref())
        .and_eq("d.staff_id = ", filter.staff);
    if let Some(finding) = filter.finding {
        q.push(" AND d.id IN (SELECT decision_id FROM decision_findings WHERE finding_id = ")
            .push_bind(finding)
            .push(")");
    }
    q.newest_page("d.created_at", "d.id", after, limit);
    q.build_query_as().fetch_all(pool).await
}

/// The findings of each of the decisions `ids`: (decision, finding id,
/// code, title, and for the access rule its unit, recorder and state).
pub async fn findings_of_decisions(
    pool: &Pool<DB>,
    ids: &[i64],
) -> sqlx::Result<Vec<DecisionFindingRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = QueryBuilder::<DB>::new(
        "SELECT df.decision_id, f.id, f.code, f.title, f.unit_id, f.recorded_by, f.state
         FROM decision_findings df JOIN findings f ON f.id = df.finding_id
         WHERE df.decision_id IN (",
    );
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    q.push(") ORDER BY df.decision_id, f.id");
    q.build_query_as().fetch_all(pool).await
}

/// The measures of each of the decisions `ids`, in their order.
pub async fn measures_of_decisions(
    pool: &Pool<DB>,
    ids: &[i64],
) -> sqlx::Result<Vec<(i64, Measure)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = QueryBuilder::<DB>::new(
        "SELECT decision_id, kind, place, start_on, end_on, note FROM decision_measures
         WHERE decision_id IN (",
    );
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    q.push(") ORDER BY decision_id, position");
    let rows: Vec<MeasureOfDecision> = q.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.decision_id, r.measure))
        .collect())
}

#[derive(sqlx::FromRow)]
struct MeasureOfDecision {
    decision_id: i64,
    #[sqlx(flatten)]
    measure: Measure,
}

/// Every decision in force naming one of `staff_ids`, or one of `names`
/// without a staff record: what repeat cases are found among.
pub async fn peers_of_decisions(
    pool: &Pool<DB>,
    staff_ids: &[i64],
    names: &[String],
) -> sqlx::Result<Vec<crate::db::DecisionPeer>> {
    if staff_ids.is_empty() && names.is_empty() {
        return Ok(vec![]);
    }
    let mut q = QueryBuilder::<DB>::new(
        "SELECT id, staff_id, person_name, person_unit_id, decided_on FROM decisions
         WHERE revoked_at IS NULL AND (FALSE",
    );
    if !staff_ids.is_empty() {
        q.push(" OR staff_id IN (");
        let mut list = q.separated(", ");
        for id in staff_ids {
            list.push_bind(*id);
        }
        q.push(")");
    }
    if !names.is_empty() {
        q.push(" OR (staff_id IS NULL AND person_name IN (");
        let mut list = q.separated(", ");
        for name in names {
            list.push_bind(name.clone());
        }
        q.push("))");
    }
    q.push(") ORDER BY id");
    q.build_query_as().fetch_all(pool).await
}

pub async fn sanction_ladder(
    pool: &Pool<DB>,
) -> sqlx::Result<xiaoneng_domain::accountability::SanctionLadder> {
    let steps: Option<String> =
        sqlx::query_scalar("SELECT steps FROM sanction_settings WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    Ok(steps
        .and_then(|s| serde_json::from_str(&s).ok())
        .map(|steps| xiaoneng_domain::accountability::SanctionLadder { steps })
        .unwrap_or_default())
}

pub async fn set_sanction_ladder(
    pool: &Pool<DB>,
    ladder: &xiaoneng_domain::accountability::SanctionLadder,
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT steps FROM sanction_settings WHERE id = 1")
            .fetch_optional(tx.conn())
            .await?;
    let steps = serde_json::to_string(&ladder.steps).unwrap_or_else(|_| "[]".into());
    sqlx::query("UPDATE sanction_settings SET steps = $1 WHERE id = 1")
        .bind(&steps)
        .execute(tx.conn())
        .await?;
    tx.finish(
        "sanctions",
        before.and_then(|b| serde_json::from_str(&b).ok()),
        serde_json::to_value(ladder).ok(),
        audit,
    )
    .await
}

/// Amends or revokes the decision `id` inside `tx` — if it still stands and,
/// when `version` is given, is still at it — putting the change on its
/// history and a correction notice on every published bulletin that
/// announced it. `false`: nothing done (stale, or revoked already).
pub(super) async fn apply_change(
    tx: &mut WriteTx,
    id: i64,
    version: Option<i64>,
    change: &ChangeRow<'_>,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let current: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT d.person_name, n.name, d.basis, d.version FROM decisions d
         JOIN units n ON n.id = d.person_unit_id
         WHERE d.id = $1 AND d.revoked_at IS NULL",
    )
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((person, unit, basis_before, at_version)) = current else {
        return Ok(false);
    };
    if version.is_some_and(|v| v != at_version) {
        return Ok(false);
    }
    let before: Vec<MeasureOfDecision> = sqlx::query_as(
        "SELECT decision_id, kind, place, start_on, end_on, note FROM decision_measures
         WHERE decision_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(tx.conn())
    .await?;
    let before: Vec<Measure> = before.into_iter().map(|m| m.measure).collect();
    let moved =
        match change.change {
            DecisionChangeKind::Amend => {
                sqlx::query(
                    "UPDATE decisions SET basis = $3, version = version + 1
                 WHERE id = $1 AND version = $2 AND revoked_at IS NULL",
                )
                .bind(id)
                .bind(at_version)
                .bind(change.basis_after.unwrap_or(&basis_before).trim())
                .execute(tx.conn())
                .await?
            }
            DecisionChangeKind::Revoke => sqlx::query(
                "UPDATE decisions SET revoked_at = $3, revoked_reason = $4, version = version + 1
                 WHERE id = $1 AND version = $2 AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(at_version)
            .bind(at)
            .bind(change.reason.trim())
            .execute(tx.conn())
            .await?,
        };
    if moved.rows_affected() == 0 {
        return Ok(false);
    }
    if change.change == DecisionChangeKind::Amend {
        sqlx::query("DELETE FROM decision_measures WHERE decision_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        insert_measures(tx, id, change.after).await?;
    }
    sqlx::query(
        "INSERT INTO decision_events (decision_id, change, reason, before, after, basis_before, basis_after, by_user, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(change.change.as_str())
    .bind(change.reason.trim())
    .bind(JsonText(&before))
    .bind(JsonText(change.after))
    .bind(&basis_before)
    .bind(change.basis_after.map(str::trim))
    .bind(change.by)
    .bind(at)
    .execute(tx.conn())
    .await?;
    // Every published bulletin that announced it says so, naming the person as it does.
    let bulletins: Vec<(i64, String, bool)> = sqlx::query_as(
        "SELECT b.id, b.audience, b.show_names FROM bulletin_decisions bd
         JOIN bulletins b ON b.id = bd.bulletin_id
         WHERE bd.decision_id = $1 AND b.state = 'published'",
    )
    .bind(id)
    .fetch_all(tx.conn())
    .await?;
    for (bulletin, audience, show_names) in bulletins {
        let masked = audience == "public" && !show_names;
        let name = if masked {
            xiaoneng_domain::bulletin::mask_name(&person)
        } else {
            person.clone()
        };
        let notice = correction_notice(
            &name,
            &unit,
            change.change,
            &before,
            change.after,
            change.reason,
        );
        sqlx::query(
            "INSERT INTO bulletin_corrections (bulletin_id, decision_id, notice, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(bulletin)
        .bind(id)
        .bind(&notice)
        .bind(at)
        .execute(tx.conn())
        .await?;
    }
    Ok(true)
}

async fn insert_measures(tx: &mut WriteTx, id: i64, measures: &[Measure]) -> sqlx::Result<()> {
    for (position, m) in measures.iter().enumerate() {
        sqlx::query(
            "INSERT INTO decision_measures (decision_id, position, kind, place, start_on, end_on, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(m.kind.as_str())
        .bind(m.place.as_deref().map(str::trim))
        .bind(m.start)
        .bind(m.end)
        .bind(m.note.as_deref().map(str::trim).filter(|n| !n.is_empty()))
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// Amends or revokes a decision on the version the office read, with its audit entry.
pub async fn change_decision(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    change: &ChangeRow<'_>,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    if !apply_change(&mut tx, id, Some(version), change, audit.at).await? {
        return Ok(Written::Stale);
    }
    let after = serde_json::json!({
        "change": change.change.as_str(), "reason": change.reason.trim(),
        "measures": change.after, "basis": change.basis_after,
    });
    tx.finish(id, None, Some(after), audit).await?;
    Ok(Written::Done)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    decision_id: i64,
    change: DecisionChangeKind,
    reason: String,
    before: JsonText<Vec<Measure>>,
    after: JsonText<Vec<Measure>>,
    basis_before: String,
    basis_after: Option<String>,
    by_name: Option<String>,
    at: DateTime<Utc>,
}

/// The history of each of the decisions `ids`, oldest first.
pub async fn events_of_decisions(
    pool: &Pool<DB>,
    ids: &[i64],
) -> sqlx::Result<Vec<(i64, DecisionEvent)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = QueryBuilder::<DB>::new(
        "SELECT e.decision_id, e.change, e.reason, e.before, e.after, e.basis_before, e.basis_after,
                u.display_name AS by_name, e.at
         FROM decision_events e LEFT JOIN users u ON u.id = e.by_user
         WHERE e.decision_id IN (",
    );
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    q.push(") ORDER BY e.decision_id, e.id");
    let rows: Vec<EventRow> = q.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.decision_id,
                DecisionEvent {
                    change: r.change,
                    reason: r.reason,
                    before: r.before.0,
                    after: r.after.0,
                    basis_before: r.basis_before,
                    basis_after: r.basis_after,
                    by_name: r.by_name.unwrap_or_default(),
                    at: r.at,
                },
            )
        })
        .collect())
}

macro_rules! reassignment_select {
    () => {
        "SELECT m.id, m.decision_id, d.person_name, d.person_unit_id, n.name AS person_unit_name, d.person_post,
                m.place, m.start_on, m.end_on, m.returned_on, m.host_grade, m.host_assessment,
                u.display_name AS recorded_by_name, m.recorded_at, d.version, d.created_at
         FROM decision_measures m
         JOIN decisions d ON d.id = m.decision_id
         JOIN units n ON n.id = d.person_unit_id
         LEFT JOIN users u ON u.id = m.recorded_by
         WHERE m.kind = 'reassignment' AND d.revoked_at IS NULL"
    };
}

/// Reassignments of decisions in force, newest decision first, by where
/// they stand on `filter.today`.
pub async fn list_reassignments(
    pool: &Pool<DB>,
    filter: &crate::db::ReassignmentFilter,
) -> sqlx::Result<Vec<crate::db::ReassignmentRow>> {
    use xiaoneng_domain::reassignment::{ENDING_SOON_DAYS, ServingStatus};
    let today = filter.today;
    let soon = today + chrono::Duration::days(ENDING_SOON_DAYS);
    let mut q = QueryBuilder::<DB>::new(reassignment_select!());
    match filter.status {
        None => {}
        Some(ServingStatus::Upcoming) => {
            q.push(" AND m.returned_on IS NULL AND m.start_on > ")
                .push_bind(today);
        }
        Some(ServingStatus::Serving) => {
            q.push(" AND m.returned_on IS NULL AND m.start_on <= ")
                .push_bind(today)
                .push(" AND m.end_on >= ")
                .push_bind(today);
        }
        Some(ServingStatus::EndingSoon) => {
            q.push(" AND m.returned_on IS NULL AND m.start_on <= ")
                .push_bind(today)
                .push(" AND m.end_on >= ")
                .push_bind(today)
                .push(" AND m.end_on <= ")
                .push_bind(soon);
        }
        Some(ServingStatus::Overdue) => {
            q.push(" AND m.returned_on IS NULL AND m.end_on < ")
                .push_bind(today);
        }
        Some(ServingStatus::Returned) => {
            q.push(" AND m.returned_on IS NOT NULL");
        }
    }
    q.newest_page("d.created_at", "m.id", filter.after, filter.limit);
    q.build_query_as().fetch_all(pool).await
}

pub async fn reassignment(
    pool: &Pool<DB>,
    id: i64,
) -> sqlx::Result<Option<crate::db::ReassignmentRow>> {
    sqlx::query_as(concat!(reassignment_select!(), " AND m.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Records the return to post and the host's assessment, once, on the
/// decision's version. `Written::Stale` (nothing written) otherwise.
pub async fn record_return(
    pool: &Pool<DB>,
    id: i64,
    back: &xiaoneng_domain::reassignment::ReassignmentReturn,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let decision = sqlx::query(
        "UPDATE decisions SET version = version + 1
         WHERE id = (SELECT decision_id FROM decision_measures WHERE id = $1)
           AND version = $2 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(back.version)
    .execute(tx.conn())
    .await?;
    if decision.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    let measure = sqlx::query(
        "UPDATE decision_measures SET returned_on = $2, host_grade = $3, host_assessment = $4,
                                      recorded_by = $5, recorded_at = $6
         WHERE id = $1 AND kind = 'reassignment' AND returned_on IS NULL",
    )
    .bind(id)
    .bind(back.returned_on)
    .bind(back.host_grade.as_str())
    .bind(back.host_assessment.trim())
    .bind(audit.actor_id)
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    if measure.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    tx.finish(id, None, serde_json::to_value(back).ok(), audit)
        .await?;
    Ok(Written::Done)
}
