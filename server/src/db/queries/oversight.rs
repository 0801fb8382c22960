//! Special supervisors (roster, assignments, yearly grades) and commitment
//! letters (the year's text, who signed).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::finding::FindingState;
use xiaoneng_domain::oversight::Assignment;
use xiaoneng_domain::oversight::Letter;
use xiaoneng_domain::oversight::{AssessmentInput, LetterInput, NewSignature, SupervisorInput};

use super::filters::Filters;
use super::{DB, begin_write};
use crate::db::{AssessmentRow, AuditEntry, StaffSignatureRow, SupervisorRow, Written};

macro_rules! supervisor_select {
    () => {
        "SELECT id, name, kind, affiliation, areas, phone, term_start, term_end, active, created_at, version FROM supervisors"
    };
}

pub async fn supervisors(
    pool: &Pool<DB>,
    q: Option<String>,
    after: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<SupervisorRow>> {
    let mut query = QueryBuilder::<DB>::new(concat!(supervisor_select!(), " WHERE TRUE"));
    query
        .and_like(&["name", "affiliation", "areas"], q.as_deref())
        .newest_page("created_at", "id", after, limit);
    query.build_query_as().fetch_all(pool).await
}

pub async fn supervisor(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<SupervisorRow>> {
    sqlx::query_as(concat!(supervisor_select!(), " WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn create_supervisor(
    pool: &Pool<DB>,
    input: &SupervisorInput,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO supervisors (name, kind, affiliation, areas, phone, term_start, term_end, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(input.name.trim())
    .bind(input.kind.as_str())
    .bind(input.affiliation.trim())
    .bind(input.areas.trim())
    .bind(input.phone.trim())
    .bind(input.term_start)
    .bind(input.term_end)
    .bind(input.active)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    tx.finish(id, None, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(id)
}

/// `Written::Stale` (nothing written) when no longer at `version`.
pub async fn update_supervisor(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &SupervisorInput,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let before: Option<SupervisorRow> =
        sqlx::query_as(concat!(supervisor_select!(), " WHERE id = $1"))
            .bind(id)
            .fetch_optional(tx.conn())
            .await?;
    let done = sqlx::query(
        "UPDATE supervisors SET name = $3, kind = $4, affiliation = $5, areas = $6, phone = $7,
                term_start = $8, term_end = $9, active = $10, version = version + 1
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(input.name.trim())
    .bind(input.kind.as_str())
    .bind(input.affiliation.trim())
    .bind(input.areas.trim())
    .bind(input.phone.trim())
    .bind(input.term_start)
    .bind(input.term_end)
    .bind(input.active)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    tx.finish(
        id,
        before.map(|b| {
            serde_json::json!({
                "name": b.name, "kind": b.kind, "affiliation": b.affiliation, "areas": b.areas,
                "phone": b.phone, "term_start": b.term_start, "term_end": b.term_end, "active": b.active,
            })
        }),
        serde_json::to_value(input).ok(),
        audit,
    )
    .await?;
    Ok(Written::Done)
}

/// The visits a supervisor joined that were planned in `[from, to]`, by date.
pub async fn supervisor_visits(
    pool: &Pool<DB>,
    id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<Assignment>> {
    sqlx::query_as(
        "SELECT v.id AS visit_id, v.unit_id, u.name AS unit_name, v.planned_on,
                CASE WHEN i.state = 'submitted' THEN i.submitted_at END AS submitted_at
         FROM visit_supervisors vs
         JOIN visits v ON v.id = vs.visit_id
         JOIN units u ON u.id = v.unit_id
         LEFT JOIN inspections i ON i.visit_id = v.id
         WHERE vs.supervisor_id = $1 AND v.planned_on >= $2 AND v.planned_on <= $3
         ORDER BY v.planned_on, v.id",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// The states of the findings recorded from the submitted visits a
/// supervisor joined, planned in `[from, to]`.
pub async fn supervisor_finding_states(
    pool: &Pool<DB>,
    id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<FindingState>> {
    sqlx::query_scalar(
        "SELECT f.state FROM visit_supervisors vs
         JOIN visits v ON v.id = vs.visit_id
         JOIN inspections i ON i.visit_id = v.id AND i.state = 'submitted'
         JOIN findings f ON f.visit_id = v.id
         WHERE vs.supervisor_id = $1 AND v.planned_on >= $2 AND v.planned_on <= $3",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// `false` when the supervisor already joined the visit.
pub async fn assign_supervisor(
    pool: &Pool<DB>,
    id: i64,
    visit: i64,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    let done = sqlx::query(
        "INSERT INTO visit_supervisors (visit_id, supervisor_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(visit)
    .bind(id)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    tx.finish(
        id,
        None,
        Some(serde_json::json!({ "visit_id": visit })),
        audit,
    )
    .await?;
    Ok(true)
}

pub async fn assessment(
    pool: &Pool<DB>,
    id: i64,
    year: i32,
) -> sqlx::Result<Option<AssessmentRow>> {
    sqlx::query_as(
        "SELECT a.grade, a.comment, u.display_name AS assessed_by, a.assessed_at, a.version
         FROM supervisor_assessments a JOIN users u ON u.id = a.assessed_by
         WHERE a.supervisor_id = $1 AND a.year = $2",
    )
    .bind(id)
    .bind(year)
    .fetch_optional(pool)
    .await
}

/// Grades the year: a first grade when `version` is none (`Written::Stale` if one
/// exists meanwhile), else an update on `version` (`Stale` when the record changed since it was read).
pub async fn save_assessment(
    pool: &Pool<DB>,
    id: i64,
    year: i32,
    input: &AssessmentInput,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let done = match input.version {
        None => sqlx::query(
            "INSERT INTO supervisor_assessments (supervisor_id, year, grade, comment, assessed_by, assessed_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(year)
        .bind(input.grade.as_str())
        .bind(input.comment.trim())
        .bind(by)
        .bind(audit.at)
        .execute(tx.conn())
        .await?,
        Some(version) => sqlx::query(
            "UPDATE supervisor_assessments SET grade = $3, comment = $4, assessed_by = $5, assessed_at = $6,
                    version = version + 1
             WHERE supervisor_id = $1 AND year = $2 AND version = $7",
        )
        .bind(id)
        .bind(year)
        .bind(input.grade.as_str())
        .bind(input.comment.trim())
        .bind(by)
        .bind(audit.at)
        .bind(version)
        .execute(tx.conn())
        .await?,
    };
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    tx.finish(
        format!("{id}/{year}"),
        None,
        serde_json::to_value(input).ok(),
        audit,
    )
    .await?;
    Ok(Written::Done)
}

pub async fn letter(pool: &Pool<DB>, year: i32) -> sqlx::Result<Option<Letter>> {
    sqlx::query_as(
        "SELECT year, title, text, updated_at, version FROM commitment_letters WHERE year = $1",
    )
    .bind(year)
    .fetch_optional(pool)
    .await
}

/// Writes the year's letter: new when `version` is none (`Written::Stale` if one
/// exists meanwhile), else on `version` (`Stale` when the record changed since it was read).
pub async fn save_letter(
    pool: &Pool<DB>,
    year: i32,
    input: &LetterInput,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let before: Option<Letter> = sqlx::query_as(
        "SELECT year, title, text, updated_at, version FROM commitment_letters WHERE year = $1",
    )
    .bind(year)
    .fetch_optional(tx.conn())
    .await?;
    let done = match input.version {
        None => sqlx::query(
            "INSERT INTO commitment_letters (year, title, text, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )
        .bind(year)
        .bind(input.title.trim())
        .bind(input.text.trim())
        .bind(audit.at)
        .execute(tx.conn())
        .await?,
        Some(version) => sqlx::query(
            "UPDATE commitment_letters SET title = $2, text = $3, updated_at = $4, version = version + 1
             WHERE year = $1 AND version = $5",
        )
        .bind(year)
        .bind(input.title.trim())
        .bind(input.text.trim())
        .bind(audit.at)
        .bind(version)
        .execute(tx.conn())
        .await?,
    };
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    tx.finish(
        year,
        before.map(|b| serde_json::json!({ "title": b.title, "text": b.text })),
        serde_json::to_value(input).ok(),
        audit,
    )
    .await?;
    Ok(Written::Done)
}

/// Every active staff member with their signature of `year`, if any: of
/// one unit (`only`, as a finding's page asks), else of all units.
pub async fn staff_signatures(
    pool: &Pool<DB>,
    year: i32,
    only: Option<i64>,
) -> sqlx::Result<Vec<StaffSignatureRow>> {
    let mut q = QueryBuilder::<DB>::new(
        "SELECT s.unit_id, s.id AS staff_id, s.name, c.signed_on
         FROM staff s LEFT JOIN commitment_signatures c ON c.staff_id = s.id AND c.year = ",
    );
    q.push_bind(year)
        .push(" WHERE s.active")
        .and_eq("s.unit_id = ", only)
        .push(" ORDER BY s.unit_id, s.name, s.id");
    q.build_query_as().fetch_all(pool).await
}

/// `false` when the person already signed that year's letter.
pub async fn sign_letter(
    pool: &Pool<DB>,
    year: i32,
    new: &NewSignature,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    let done = sqlx::query(
        "INSERT INTO commitment_signatures (year, staff_id, signed_on, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(year)
    .bind(new.staff_id)
    .bind(new.signed_on)
    .bind(by)
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    tx.finish(
        format!("{year}/{}", new.staff_id),
        None,
        serde_json::to_value(new).ok(),
        audit,
    )
    .await?;
    Ok(true)
}
