//! Every query, written once in SQL both engines accept. This file is
//! compiled twice — as `db::sqlite` and as `db::pg` — with `DB` naming the
//! engine; `Store` picks one at run time.

use chrono::{DateTime, NaiveDate, Utc};
use filters::Filters;
use sqlx::{Executor, Pool, QueryBuilder};
use xiaoneng_domain::accountability::{Measure, NewDecision};
use xiaoneng_domain::record::NewFinding;

use super::DB;

mod accounts;
mod bench;
mod bulletins;
mod directory;
mod filters;
mod oversight;
mod planning;
mod reports;
mod staff;
mod stats;
use crate::db::{
    AuditEntry, AuditRecord, CalendarDayRow, DecisionRow, EvidenceFile, EvidenceRow,
    FindingEventRow, FindingFilter, FindingOrigin, FindingRow, FindingSort, FindingStep,
    MeasureRow, NewEvidence, NewSession, NewUnit, NewUser, SessionRow, Throttle, UnitRow, UserRow,
};
pub use accounts::*;
pub use bench::*;
pub use bulletins::*;
pub use directory::*;
pub use oversight::*;
pub use planning::*;
pub use reports::*;
pub use staff::*;
pub use stats::*;

pub async fn ping(pool: &Pool<DB>) -> sqlx::Result<()> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

pub async fn count_users(pool: &Pool<DB>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await
}

pub async fn user_by_username(pool: &Pool<DB>, username: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name,
                u.password_hash, u.must_change_password, u.active
         FROM users u LEFT JOIN units n ON n.id = u.unit_id
         WHERE u.username = $1",
    )
    .bind(username)
    .fetch_optional(pool)
    .await
}

pub async fn insert_unit<'c>(
    e: impl Executor<'c, Database = DB>,
    unit: &NewUnit,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO units (parent_id, name, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(unit.parent_id)
    .bind(&unit.name)
    .bind(&unit.kind)
    .bind(now)
    .fetch_one(e)
    .await
}

pub async fn insert_user<'c>(
    e: impl Executor<'c, Database = DB>,
    user: &NewUser,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, role, unit_id, password_hash, must_change_password, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(user.role.as_str())
    .bind(user.unit_id)
    .bind(&user.password_hash)
    .bind(user.must_change_password)
    .bind(now)
    .fetch_one(e)
    .await
}

/// A write transaction holding the audit chain's head: every write goes
/// through one, so a change and its audit entries commit together or not at all.
pub struct WriteTx {
    tx: sqlx::Transaction<'static, DB>,
    seq: i64,
    head: String,
}

pub async fn begin_write(pool: &Pool<DB>) -> sqlx::Result<WriteTx> {
    let mut tx = pool.begin().await?;
    // A write first: SQLite takes its write lock now (never a read-to-write
    // upgrade later), PostgreSQL locks the head row until commit.
    let (seq, head): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut *tx)
            .await?;
    Ok(WriteTx { tx, seq, head })
}

impl WriteTx {
    pub fn conn(&mut self) -> &mut <DB as sqlx::Database>::Connection {
        &mut self.tx
    }

    /// Appends `entry` to the chain.
    pub async fn audit(&mut self, entry: &AuditEntry) -> sqlx::Result<()> {
        let record = entry.chained(self.seq + 1, &self.head);
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, detail, before_state, after_state,
                                    request_id, address, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(record.id)
        .bind(record.at)
        .bind(record.actor_id)
        .bind(&record.action)
        .bind(&record.entity)
        .bind(&record.entity_id)
        .bind(&record.detail)
        .bind(&record.before_state)
        .bind(&record.after_state)
        .bind(&record.request_id)
        .bind(&record.address)
        .bind(&record.prev_hash)
        .bind(&record.hash)
        .execute(&mut *self.tx)
        .await?;
        self.seq = record.id;
        self.head = record.hash;
        Ok(())
    }

    /// Audits a change to record `id` (what it was and what it is now) and commits.
    pub async fn finish(
        mut self,
        id: impl ToString,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
        audit: AuditEntry,
    ) -> sqlx::Result<()> {
        self.audit(&AuditEntry {
            entity_id: Some(id.to_string()),
            before,
            after,
            ..audit
        })
        .await?;
        self.commit().await
    }

    pub async fn commit(mut self) -> sqlx::Result<()> {
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(self.seq)
            .bind(&self.head)
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await
    }
}

pub async fn audit_head(pool: &Pool<DB>) -> sqlx::Result<(i64, String)> {
    sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(pool)
        .await
}

/// Audit entries after `after_id`, oldest first.
pub async fn audit_page(
    pool: &Pool<DB>,
    after_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<AuditRecord>> {
    sqlx::query_as(
        "SELECT id, at, actor_id, action, entity, entity_id, detail, before_state, after_state,
                request_id, address, prev_hash, hash
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Units and users in one transaction, each with its audit entry.
pub async fn seed(
    pool: &Pool<DB>,
    units: &[(NewUnit, Option<usize>)],
    users: &[(NewUser, Option<usize>)],
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    let mut ids: Vec<i64> = Vec::with_capacity(units.len());
    for (unit, parent) in units {
        let unit = NewUnit {
            parent_id: parent.map(|p| ids[p]),
            ..unit.clone()
        };
        let id = insert_unit(tx.conn(), &unit, now).await?;
        tx.audit(&AuditEntry::system(now, "create", "unit", id, &unit.name))
            .await?;
        ids.push(id);
    }
    for (user, unit) in users {
        let user = NewUser {
            unit_id: unit.map(|u| ids[u]),
            ..user.clone()
        };
        let id = insert_user(tx.conn(), &user, now).await?;
        tx.audit(&AuditEntry::system(
            now,
            "create",
            "user",
            id,
            &user.username,
        ))
        .await?;
    }
    tx.commit().await
}

/// Creates a user and its audit entry atomically.
pub async fn create_user(pool: &Pool<DB>, user: &NewUser, audit: AuditEntry) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id = insert_user(tx.conn(), user, audit.at).await?;
    tx.finish(id, None, None, audit).await?;
    Ok(id)
}

pub async fn session(pool: &Pool<DB>, id_hash: &str) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as(
        "SELECT s.id_hash, s.csrf_token, s.last_seen_at,
                u.id, u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name,
                u.password_hash, u.must_change_password, u.active
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN units n ON n.id = u.unit_id
         WHERE s.id_hash = $1",
    )
    .bind(id_hash)
    .fetch_optional(pool)
    .await
}

pub async fn touch_session(pool: &Pool<DB>, id_hash: &str, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(id_hash)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
}

pub async fn delete_session(pool: &Pool<DB>, id_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(pool)
        .await
        .map(|_| ())
}

/// Ends a session and records who signed out.
pub async fn end_session(pool: &Pool<DB>, id_hash: &str, audit: AuditEntry) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(tx.conn())
        .await?;
    tx.audit(&audit).await?;
    tx.commit().await
}

/// A successful login: the old session (if any) ends, a new one starts,
/// the account's failure count is cleared, idle sessions are swept, and
/// the audit log says so — all or nothing.
pub async fn start_session(
    pool: &Pool<DB>,
    new: &NewSession,
    replaces: Option<&str>,
    throttle_key: &str,
    idle_cutoff: DateTime<Utc>,
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    if let Some(old) = replaces {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(old)
            .execute(tx.conn())
            .await?;
    }
    sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1")
        .bind(idle_cutoff)
        .execute(tx.conn())
        .await?;
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(&new.id_hash)
    .bind(new.user_id)
    .bind(&new.csrf_token)
    .bind(new.created_at)
    .execute(tx.conn())
    .await?;
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(throttle_key)
        .execute(tx.conn())
        .await?;
    tx.audit(&audit).await?;
    tx.commit().await
}

pub async fn throttle(pool: &Pool<DB>, key: &str) -> sqlx::Result<Option<Throttle>> {
    sqlx::query_as("SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await
}

/// Counts one failed login against `key` atomically (replicas share the
/// count) and returns the new state; a window older than `window_cutoff`
/// starts again at one.
pub async fn record_failure(
    pool: &Pool<DB>,
    key: &str,
    now: DateTime<Utc>,
    window_cutoff: DateTime<Utc>,
) -> sqlx::Result<Throttle> {
    sqlx::query_as(
        "INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END,
             window_start = CASE WHEN login_throttle.window_start < $3 THEN $2 ELSE login_throttle.window_start END
         RETURNING failures, window_start, locked_until",
    )
    .bind(key)
    .bind(now)
    .bind(window_cutoff)
    .fetch_one(pool)
    .await
}

pub async fn lock(pool: &Pool<DB>, key: &str, until: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE login_throttle SET locked_until = $2 WHERE key = $1")
        .bind(key)
        .bind(until)
        .execute(pool)
        .await
        .map(|_| ())
}

pub async fn audit(pool: &Pool<DB>, entry: &AuditEntry) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    tx.audit(entry).await?;
    tx.commit().await
}

/// The newest audit entries, newest first (for tests and, later, the audit screen).
pub async fn recent_audit(
    pool: &Pool<DB>,
    limit: i64,
) -> sqlx::Result<Vec<(String, String, Option<i64>)>> {
    sqlx::query_as("SELECT action, entity, actor_id FROM audit_log ORDER BY id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(pool)
        .await
}

macro_rules! finding_select {
    () => {
        "SELECT f.id, f.code, f.unit_id, n.name AS unit_name, f.source, f.dimension, f.severity,
                f.title, f.description, f.observed_on, f.state, f.verify_by, f.rectify_by,
                f.extension_requested, f.recorded_by, f.created_at, f.updated_at, f.version, f.people
         FROM findings f JOIN units n ON n.id = f.unit_id"
    };
}

pub async fn holidays(pool: &Pool<DB>) -> sqlx::Result<Vec<(NaiveDate, bool)>> {
    sqlx::query_as("SELECT day, working FROM holidays ORDER BY day")
        .fetch_all(pool)
        .await
}

pub async fn unit_exists(pool: &Pool<DB>, id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1 AND active")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// A unit and every unit below it.
pub async fn unit_subtree(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "WITH RECURSIVE tree(id) AS (
             SELECT id FROM units WHERE id = $1
             UNION ALL SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id
         )
         SELECT id FROM tree",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

pub async fn finding(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<FindingRow>> {
    sqlx::query_as(concat!(finding_select!(), " WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn finding_events(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<FindingEventRow>> {
    sqlx::query_as(
        "SELECT e.at, e.actor_id, u.display_name AS actor_name, e.action, e.from_state, e.to_state,
                e.comment, e.deadline
         FROM finding_events e JOIN users u ON u.id = e.actor_id
         WHERE e.finding_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// The running deadline in SQL, `'9999-12-31'` ([`NO_DEADLINE`]) when there is none.
/// Migration 0014 indexes this very expression: change both together.
macro_rules! running_or_last {
    () => {
        "COALESCE(CASE f.state WHEN 'fed_back' THEN f.verify_by WHEN 'rectifying' THEN f.rectify_by END, '9999-12-31')"
    };
}

/// The deadline a finding is running against (none outside fed back and rectifying).
const RUNNING: &str =
    "(CASE f.state WHEN 'fed_back' THEN f.verify_by WHEN 'rectifying' THEN f.rectify_by END)";

/// One page of findings in `filter.sort` order, after the `filter.after`
/// cursor. The statement holds only the filters given — `$n IS NULL OR …`
/// for an absent one stops both engines using the index a given one could
/// (a state's findings newest first, say) — so it is built per request, with
/// every value bound.
pub async fn list_findings(
    pool: &Pool<DB>,
    filter: &FindingFilter,
) -> sqlx::Result<Vec<FindingRow>> {
    let mut q = QueryBuilder::<DB>::new("");
    let trees = q.unit_trees(&[("scope", filter.scope), ("pick", filter.unit)]);
    q.push(concat!(finding_select!(), " WHERE TRUE"))
        .and_within("f.unit_id", &trees);
    if filter.hide_recorded {
        q.push(" AND f.state NOT IN ('recorded', 'merged')");
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

/// Moves a finding on if it still has `version`; `false` (and nothing
/// written) when someone else changed it first.
pub async fn advance_finding(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    step: &FindingStep,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
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
        return Ok(false);
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
            return Ok(false);
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
    tx.finish(
        id,
        serde_json::to_value(step.from).ok(),
        serde_json::to_value(next).ok(),
        audit,
    )
    .await?;
    Ok(true)
}

pub async fn units(pool: &Pool<DB>) -> sqlx::Result<Vec<UnitRow>> {
    sqlx::query_as("SELECT id, parent_id, name, kind, active, version FROM units ORDER BY id")
        .fetch_all(pool)
        .await
}

pub async fn calendar_days(
    pool: &Pool<DB>,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<CalendarDayRow>> {
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
    day: &CalendarDayRow,
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    let before: Option<CalendarDayRow> =
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
    tx.finish(
        day.day,
        before.map(|b| serde_json::json!({ "working": b.working, "name": b.name })),
        Some(serde_json::json!({ "working": day.working, "name": day.name })),
        audit,
    )
    .await
}

/// Removes one day from the calendar (it is an ordinary day again); `false` if it was not there.
pub async fn delete_calendar_day(
    pool: &Pool<DB>,
    day: NaiveDate,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    let before: Option<CalendarDayRow> =
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
    days: &[CalendarDayRow],
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

/// Attaches a file to a finding, with its audit entry (which names the hash, not the bytes).
pub async fn attach_evidence(
    pool: &Pool<DB>,
    new: &NewEvidence,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evidence (finding_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.finding_id)
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
        new.finding_id,
        None,
        Some(serde_json::json!({
            "evidence_id": id,
            "file_name": new.file_name,
            "content_type": new.content_type,
            "size": new.data.len(),
            "sha256": new.sha256,
        })),
        audit,
    )
    .await?;
    Ok(id)
}

pub async fn evidence_of(pool: &Pool<DB>, finding_id: i64) -> sqlx::Result<Vec<EvidenceRow>> {
    sqlx::query_as(
        "SELECT e.id, e.finding_id, e.file_name, e.content_type, e.size, e.sha256, e.uploaded_by,
                u.display_name AS uploaded_by_name, e.uploaded_at
         FROM evidence e JOIN users u ON u.id = e.uploaded_by
         WHERE e.finding_id = $1 ORDER BY e.id",
    )
    .bind(finding_id)
    .fetch_all(pool)
    .await
}

pub async fn evidence_file(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<EvidenceFile>> {
    sqlx::query_as(
        "SELECT finding_id, file_name, content_type, sha256, data FROM evidence WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

macro_rules! decision_select {
    () => {
        "SELECT d.id, d.person_name, d.person_unit_id, n.name AS person_unit_name, d.person_post, d.basis,
                d.notes, d.decided_on, d.decided_by, u.display_name AS decided_by_name, d.created_at, d.version
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
        "INSERT INTO decisions (person_name, person_unit_id, person_post, basis, notes, decided_on, decided_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.person_name.trim())
    .bind(new.person_unit_id)
    .bind(new.person_post.trim())
    .bind(new.basis.trim())
    .bind(new.notes.as_deref().map(str::trim).filter(|n| !n.is_empty()))
    .bind(new.decided_on)
    .bind(decided_by)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    for finding_id in &new.finding_ids {
        sqlx::query("INSERT INTO decision_findings (decision_id, finding_id) VALUES ($1, $2)")
            .bind(id)
            .bind(finding_id)
            .execute(tx.conn())
            .await?;
    }
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
    let mut after = serde_json::to_value(new).unwrap_or_default();
    after["measures"] = serde_json::to_value(measures).unwrap_or_default();
    tx.finish(id, None, Some(after), audit).await?;
    Ok(id)
}

pub async fn decision(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<DecisionRow>> {
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
) -> sqlx::Result<Vec<DecisionRow>> {
    let mut q = QueryBuilder::<DB>::new("");
    let trees = q.unit_trees(&[("scope", filter.scope), ("pick", filter.unit)]);
    q.push(concat!(decision_select!(), " WHERE TRUE"))
        .and_within("d.person_unit_id", &trees)
        .and_eq("d.person_name = ", filter.person.as_deref())
        .newest_page("d.created_at", "d.id", after, limit);
    q.build_query_as().fetch_all(pool).await
}

pub async fn decision_findings(
    pool: &Pool<DB>,
    id: i64,
) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "SELECT f.id, f.code, f.title FROM decision_findings df JOIN findings f ON f.id = df.finding_id
         WHERE df.decision_id = $1 ORDER BY f.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

pub async fn decision_measures(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<MeasureRow>> {
    sqlx::query_as(
        "SELECT kind, place, start_on, end_on, note FROM decision_measures WHERE decision_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}
