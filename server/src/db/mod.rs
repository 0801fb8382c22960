//! The database: one query layer (`queries/`, one file per aggregate) compiled for SQLite and for
//! PostgreSQL, and `Store`, which picks the engine from the URL at start.

pub mod cache;
pub mod pg;
pub mod sqlite;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use hmac::Mac;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use xiaoneng_domain::Role;

use crate::secret::AuditKey;
use xiaoneng_domain::accountability::{Decision, Measure};
use xiaoneng_domain::calendar::CalendarDay;
use xiaoneng_domain::finding::FindingState;
use xiaoneng_domain::record::{Evidence, Finding, FindingEvent, PersonInvolved};
use xiaoneng_domain::stored::JsonText;
use xiaoneng_domain::unit::Unit;

/// The longest a PostgreSQL statement may run.
pub const PG_STATEMENT_TIMEOUT: &str = "30s";

/// A PostgreSQL connection idle for less than this is handed out unchecked.
const PG_TRUST_IDLE_FOR: Duration = Duration::from_secs(10);

/// The database: a connection pool to one of the two engines, and what this
/// process keeps of what it read (`cache`).
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    cache: Arc<Cache>,
    audit_key: AuditKey,
    channels: Channels,
}

/// The channels messages go out by besides the inbox: what a write queues
/// in the outbox (`queries::outbox::queue`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Channels {
    /// `XIAONENG_SMTP_URL` is set.
    pub email: bool,
    /// `XIAONENG_WEBHOOK_URL` is set.
    pub webhook: bool,
}

tokio::task_local! {
    /// The audit chain's key while a store call runs: the write transaction
    /// (`queries::WriteTx`) hashes each entry with it.
    pub static AUDIT_KEY: AuditKey;
    /// The `Idempotency-Key` (hashed) of the request being carried out, if
    /// it has one: a write transaction marks it committed as it commits.
    pub static IDEMPOTENCY_KEY: std::sync::Arc<str>;
    /// The channels configured while a store call runs: a write that
    /// notifies someone queues what they carry.
    pub static CHANNELS: Channels;
}

/// Whether `e` says the database cannot be reached or cannot write just now
/// (a lost or refused connection, a PostgreSQL shutting down or starting,
/// SQLite busy past its timeout, a full disk or an I/O error) — worth a
/// 503 and a retry, not a 500.
pub fn unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some()
            {
                // 08: connection exception; 57P01-03: shutting down or
                // starting; 53: insufficient resources (disk full, out of
                // memory, too many connections); 40001/40P01 are retried
                // by the writes themselves.
                code.starts_with("08") || code.starts_with("57P") || code.starts_with("53")
            } else {
                // SQLite's primary result code is the extended one's low byte:
                // BUSY 5, LOCKED 6, NOMEM 7, READONLY 8, IOERR 10, FULL 13, CANTOPEN 14.
                code.parse::<i32>()
                    .is_ok_and(|c| matches!(c & 0xff, 5 | 6 | 7 | 8 | 10 | 13 | 14))
            }
        }
        _ => false,
    }
}

/// A connection pool to one of the two engines.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// Runs the same query function against whichever engine the store has.
macro_rules! dispatch {
    ($store:expr, $f:ident ( $($arg:expr),* )) => {
        $crate::db::AUDIT_KEY
            .scope($store.audit_key, $crate::db::CHANNELS.scope($store.channels, async {
                match &$store.pool {
                    $crate::db::Pool::Sqlite(pool) => $crate::db::sqlite::$f(pool $(, $arg)*).await,
                    $crate::db::Pool::Pg(pool) => $crate::db::pg::$f(pool $(, $arg)*).await,
                }
            }))
            .await
    };
}

/// `Store` methods that hand their arguments to the query function of the
/// same name. One marked `changes Topic` makes what is kept of that topic
/// stale (see `cache`).
macro_rules! store_fns {
    ($(fn $f:ident($($arg:ident: $ty:ty),*) -> $ret:ty $(, changes $topic:ident)?;)*) => {
        impl Store {
            $(pub async fn $f(&self, $($arg: $ty),*) -> sqlx::Result<$ret> {
                let done = dispatch!(self, $f($($arg),*));
                $(if done.is_ok() {
                    self.changed($crate::db::cache::Topic::$topic).await;
                })?
                done
            })*
        }
    };
}

mod records;
use cache::{Cache, Topic};
pub use records::*;

impl Store {
    /// Connects by URL scheme: `sqlite:` (the file and its folder are
    /// created) or `postgres://` / `postgresql://`. Audit entries written
    /// through it are hashed with `audit_key`.
    pub async fn connect(url: &str, audit_key: AuditKey) -> anyhow::Result<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // Statements are prepared once per connection, and each keeps
            // one plan whatever the values bound to it, as SQLite does here
            // (`SQLITE_ENABLE_QPSG`, .cargo/config.toml). A statement holds
            // only the filters given (`queries/filters.rs`) and pages by
            // keyset, so its plan is the same for any values. Left to
            // choose (`auto`), PostgreSQL planned a findings page anew on
            // every request: a keyset's unknown bound looks dearer to it
            // than a known one, so the kept plan never won. Planning took
            // 0.19 ms and running 0.08 ms; the same build with kept plans
            // served findings pages at 1.8× the requests per second (wrk
            // over the data `cargo xtask bench api` seeds).
            let options = PgConnectOptions::from_str(url)
                .context("reading the PostgreSQL URL")?
                .options([
                    ("plan_cache_mode", "force_generic_plan"),
                    // No statement holds a connection (and its locks) for
                    // longer: a runaway query fails instead of starving the pool.
                    ("statement_timeout", PG_STATEMENT_TIMEOUT),
                ]);
            let pool = PgPoolOptions::new()
                // sqlx pings every connection it hands out: a second round
                // trip for every query. A connection busy a moment ago is
                // alive; one idle for a while (a restarted server, a
                // firewall's timeout) is checked, and replaced if it fails.
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        if meta.idle_for >= PG_TRUST_IDLE_FOR {
                            sqlx::Connection::ping(conn).await?;
                        }
                        Ok(true)
                    })
                })
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .context("connecting to PostgreSQL")?;
            let cache = Arc::new(Cache::new(false));
            cache.listen(pool.clone()).await;
            Ok(Store {
                pool: Pool::Pg(pool),
                cache,
                audit_key,
                channels: Channels::default(),
            })
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .context("reading the SQLite URL")?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: each commit is on the disk before it is acknowledged
                // (NORMAL may lose the last commits to a power failure). Its
                // cost is one fsync of the WAL per commit: `cargo xtask bench
                // faults` prints the write throughput of both settings,
                // choosing NORMAL for its comparison run through
                // XIAONENG_SQLITE_SYNCHRONOUS=normal (for the benchmark only).
                .synchronous(
                    match std::env::var("XIAONENG_SQLITE_SYNCHRONOUS").as_deref() {
                        Ok("normal") => SqliteSynchronous::Normal,
                        _ => SqliteSynchronous::Full,
                    },
                )
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            if let Some(dir) = options
                .get_filename()
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating the database folder {}", dir.display()))?;
            }
            let pool = SqlitePoolOptions::new()
                // An embedded database has no other end to hang up: the
                // ping sqlx makes before handing out a connection is a
                // round trip to the connection's thread for nothing.
                .test_before_acquire(false)
                .max_connections(8)
                .connect_with(options)
                .await
                .context("opening the SQLite database")?;
            Ok(Store {
                pool: Pool::Sqlite(pool),
                cache: Arc::new(Cache::new(true)),
                audit_key,
                channels: Channels::default(),
            })
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres://, not {url:?}")
        }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await?,
            Pool::Pg(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Bytes free on the disk of the SQLite database (`None` for
    /// PostgreSQL, whose disk is its server's).
    pub fn free_bytes(&self) -> Option<u64> {
        let Pool::Sqlite(pool) = &self.pool else {
            return None;
        };
        let file = pool.connect_options().get_filename().to_path_buf();
        let dir = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        rustix::fs::statvfs(dir)
            .ok()
            .map(|fs| fs.f_bavail.saturating_mul(fs.f_frsize))
    }

    /// The same store, queueing messages for `channels`.
    pub fn with_channels(self, channels: Channels) -> Store {
        Store { channels, ..self }
    }

    /// The channels writes queue messages for.
    pub fn channels(&self) -> Channels {
        self.channels
    }

    /// The key audit entries are hashed with.
    pub fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }

    /// The engine's name, as `/api/health` reports it.
    pub fn engine(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Pg(_) => "postgresql",
        }
    }

    /// The connection pool, for what the query layer does not cover (tests
    /// that change the database behind the application's back).
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub async fn close(&self) {
        self.cache.stop();
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Pg(pool) => pool.close().await,
        }
    }

    pub async fn ping(&self) -> sqlx::Result<()> {
        dispatch!(self, ping())
    }
    pub async fn claim_idempotency(
        &self,
        key_hash: &str,
        request_hash: &str,
        now: DateTime<Utc>,
    ) -> sqlx::Result<Option<IdempotentRequest>> {
        dispatch!(self, claim_idempotency(key_hash, request_hash, now))
    }
    pub async fn take_over_idempotency(
        &self,
        key_hash: &str,
        stale_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> sqlx::Result<bool> {
        dispatch!(self, take_over_idempotency(key_hash, stale_before, now))
    }
    pub async fn keep_idempotent_answer(
        &self,
        key_hash: &str,
        status: i32,
        content_type: Option<&str>,
        body: &[u8],
    ) -> sqlx::Result<()> {
        dispatch!(
            self,
            keep_idempotent_answer(key_hash, status, content_type, body)
        )
    }
    pub async fn release_idempotency(&self, key_hash: &str) -> sqlx::Result<()> {
        dispatch!(self, release_idempotency(key_hash))
    }
    pub async fn sweep_idempotency(&self, before: DateTime<Utc>) -> sqlx::Result<u64> {
        dispatch!(self, sweep_idempotency(before))
    }
    pub async fn probe_write(&self, now: DateTime<Utc>) -> sqlx::Result<()> {
        dispatch!(self, probe_write(now))
    }
    pub async fn count_users(&self) -> sqlx::Result<i64> {
        dispatch!(self, count_users())
    }
    pub async fn user_by_username(&self, username: &str) -> sqlx::Result<Option<UserRow>> {
        dispatch!(self, user_by_username(username))
    }
    pub async fn create_user(&self, user: &NewUser, audit: AuditEntry) -> sqlx::Result<i64> {
        dispatch!(self, create_user(user, audit))
    }
    pub async fn seed(
        &self,
        units: &[(NewUnit, Option<usize>)],
        users: &[(NewUser, Option<usize>)],
        now: DateTime<Utc>,
    ) -> sqlx::Result<bool> {
        dispatch!(self, seed(units, users, now))
    }
    /// After a committed change: forgets what it made stale here, and tells
    /// the other replicas (PostgreSQL). A replica that misses the notice
    /// reads the change within `cache::KEEP_FOR`.
    async fn changed(&self, topic: Topic) {
        self.cache.forget(topic);
        if let Pool::Pg(pool) = &self.pool
            && let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(cache::CHANNEL)
                .bind(topic.as_str())
                .execute(pool)
                .await
        {
            tracing::error!(error = %e, topic = topic.as_str(), "could not tell the other replicas of a change");
        }
    }

    /// The session a cookie's hash names, as kept from a recent read (its
    /// `last_seen_at` may be older than the database's).
    pub fn kept_session(&self, id_hash: &str) -> Option<Arc<SessionRow>> {
        self.cache.session(id_hash)
    }
    /// The session as the database has it now; kept for the next requests.
    pub async fn session(&self, id_hash: &str) -> sqlx::Result<Option<Arc<SessionRow>>> {
        let reading = self.cache.reading_sessions();
        let session = dispatch!(self, session(id_hash))?.map(Arc::new);
        if let Some(session) = &session {
            self.cache.keep_session(session.clone(), reading);
        }
        Ok(session)
    }
    pub async fn touch_session(&self, id_hash: &str, now: DateTime<Utc>) -> sqlx::Result<()> {
        dispatch!(self, touch_session(id_hash, now))?;
        self.cache.touched(id_hash, now);
        Ok(())
    }
    pub async fn delete_session(&self, id_hash: &str) -> sqlx::Result<()> {
        dispatch!(self, delete_session(id_hash))?;
        self.changed(Topic::Sessions).await;
        Ok(())
    }
    pub async fn end_session(&self, id_hash: &str, audit: AuditEntry) -> sqlx::Result<()> {
        dispatch!(self, end_session(id_hash, audit))?;
        self.changed(Topic::Sessions).await;
        Ok(())
    }
    pub async fn start_session(
        &self,
        new: &NewSession,
        replaces: Option<&str>,
        throttle_key: &str,
        idle_cutoff: DateTime<Utc>,
        audit: AuditEntry,
    ) -> sqlx::Result<()> {
        dispatch!(
            self,
            start_session(new, replaces, throttle_key, idle_cutoff, audit)
        )?;
        // It ended the session it replaces, if any.
        self.changed(Topic::Sessions).await;
        Ok(())
    }
    pub async fn throttle(&self, key: &str) -> sqlx::Result<Option<Throttle>> {
        dispatch!(self, throttle(key))
    }
    pub async fn record_failure(
        &self,
        key: &str,
        now: DateTime<Utc>,
        window_cutoff: DateTime<Utc>,
    ) -> sqlx::Result<Throttle> {
        dispatch!(self, record_failure(key, now, window_cutoff))
    }
    pub async fn sweep_throttle(
        &self,
        window_cutoff: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> sqlx::Result<u64> {
        dispatch!(self, sweep_throttle(window_cutoff, now))
    }
    pub async fn clear_throttle(&self, key: &str) -> sqlx::Result<()> {
        dispatch!(self, clear_throttle(key))
    }
    pub async fn lock(&self, key: &str, until: DateTime<Utc>) -> sqlx::Result<()> {
        dispatch!(self, lock(key, until))
    }
    pub async fn audit(&self, entry: &AuditEntry) -> sqlx::Result<()> {
        dispatch!(self, audit(entry))
    }
    pub async fn units(&self) -> sqlx::Result<Vec<Unit>> {
        dispatch!(self, units())
    }
    pub async fn calendar_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> sqlx::Result<Vec<CalendarDay>> {
        dispatch!(self, calendar_days(from, to))
    }
    pub async fn put_calendar_day(&self, day: &CalendarDay, audit: AuditEntry) -> sqlx::Result<()> {
        dispatch!(self, put_calendar_day(day, audit))?;
        self.changed(Topic::Calendar).await;
        Ok(())
    }
    pub async fn delete_calendar_day(
        &self,
        day: NaiveDate,
        audit: AuditEntry,
    ) -> sqlx::Result<bool> {
        let deleted = dispatch!(self, delete_calendar_day(day, audit))?;
        self.changed(Topic::Calendar).await;
        Ok(deleted)
    }
    pub async fn seed_calendar(
        &self,
        days: &[CalendarDay],
        now: DateTime<Utc>,
    ) -> sqlx::Result<()> {
        dispatch!(self, seed_calendar(days, now))?;
        self.changed(Topic::Calendar).await;
        Ok(())
    }
    pub async fn attach_evidence(&self, new: &NewEvidence, audit: AuditEntry) -> sqlx::Result<i64> {
        dispatch!(self, attach_evidence(new, audit))
    }
    pub async fn evidence_of(&self, finding_id: i64) -> sqlx::Result<Vec<Evidence>> {
        dispatch!(self, evidence_of(finding_id))
    }
    pub async fn evidence_file(&self, id: i64) -> sqlx::Result<Option<EvidenceFile>> {
        dispatch!(self, evidence_file(id))
    }
    pub async fn create_decision(
        &self,
        new: &xiaoneng_domain::accountability::NewDecision,
        measures: &[xiaoneng_domain::accountability::Measure],
        decided_by: i64,
        audit: AuditEntry,
    ) -> sqlx::Result<i64> {
        dispatch!(self, create_decision(new, measures, decided_by, audit))
    }
    pub async fn decision(&self, id: i64) -> sqlx::Result<Option<Decision>> {
        dispatch!(self, decision(id))
    }
    pub async fn list_decisions(
        &self,
        filter: &DecisionFilter,
        after: Option<(DateTime<Utc>, i64)>,
        limit: i64,
    ) -> sqlx::Result<Vec<Decision>> {
        dispatch!(self, list_decisions(filter, after, limit))
    }
    pub async fn findings_of_decisions(
        &self,
        ids: &[i64],
    ) -> sqlx::Result<Vec<DecisionFindingRow>> {
        dispatch!(self, findings_of_decisions(ids))
    }
    pub async fn measures_of_decisions(&self, ids: &[i64]) -> sqlx::Result<Vec<(i64, Measure)>> {
        dispatch!(self, measures_of_decisions(ids))
    }
    pub async fn holidays(&self) -> sqlx::Result<Vec<(NaiveDate, bool)>> {
        dispatch!(self, holidays())
    }
    /// The office's holiday calendar as it stands (cached, see `cache`).
    pub async fn calendar(&self) -> sqlx::Result<Arc<xiaoneng_domain::HolidayCalendar>> {
        if let Some(calendar) = self.cache.calendar() {
            return Ok(calendar);
        }
        let reading = self.cache.reading_calendar();
        let days = self.holidays().await?;
        let calendar = Arc::new(xiaoneng_domain::HolidayCalendar::new(
            days.iter().filter(|(_, working)| !working).map(|(d, _)| *d),
            days.iter().filter(|(_, working)| *working).map(|(d, _)| *d),
        ));
        self.cache.keep_calendar(calendar.clone(), reading);
        Ok(calendar)
    }
    pub async fn unit_exists(&self, id: i64) -> sqlx::Result<bool> {
        dispatch!(self, unit_exists(id))
    }
    pub async fn unit_subtree(&self, id: i64) -> sqlx::Result<Vec<i64>> {
        dispatch!(self, unit_subtree(id))
    }
    pub async fn finding(&self, id: i64) -> sqlx::Result<Option<Finding>> {
        dispatch!(self, finding(id))
    }
    pub async fn finding_events(&self, id: i64) -> sqlx::Result<Vec<FindingEvent>> {
        dispatch!(self, finding_events(id))
    }
    pub async fn list_findings(&self, filter: &FindingFilter) -> sqlx::Result<Vec<Finding>> {
        dispatch!(self, list_findings(filter))
    }
    pub async fn create_finding(
        &self,
        new: &xiaoneng_domain::record::NewFinding,
        recorded_by: i64,
        audit: AuditEntry,
    ) -> sqlx::Result<i64> {
        dispatch!(self, create_finding(new, recorded_by, audit))
    }
    pub async fn advance_finding(
        &self,
        id: i64,
        version: i64,
        step: &FindingStep,
        audit: AuditEntry,
    ) -> sqlx::Result<Written> {
        dispatch!(self, advance_finding(id, version, step, audit))
    }
    pub async fn audit_head(&self) -> sqlx::Result<(i64, String)> {
        dispatch!(self, audit_head())
    }
    pub async fn audit_page(&self, after_id: i64, limit: i64) -> sqlx::Result<Vec<AuditRecord>> {
        dispatch!(self, audit_page(after_id, limit))
    }
    pub async fn recent_audit(
        &self,
        limit: i64,
    ) -> sqlx::Result<Vec<(String, String, Option<i64>)>> {
        dispatch!(self, recent_audit(limit))
    }
}

/// What a write on a version the caller read did: written, or nothing
/// written because someone changed the record first (the API's 409).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Done,
    Stale,
}

impl Written {
    /// For the system's own writes (the demo), where nobody else can have
    /// changed the record: stale is a bug.
    pub fn written(self, what: &str) -> anyhow::Result<()> {
        match self {
            Written::Done => Ok(()),
            Written::Stale => anyhow::bail!("{what}: the record changed under the write"),
        }
    }
}

/// A user as stored, with the unit's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub signs_bulletins: bool,
}

/// A session joined with its user.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id_hash: String,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    #[sqlx(flatten)]
    pub user: UserRow,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub id_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewUnit {
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub password_hash: String,
    pub must_change_password: bool,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub signs_bulletins: bool,
}

/// Failed logins counted against one key (an account or an address).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Throttle {
    pub failures: i64,
    pub window_start: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// One line of the audit log: who did what to which record, when, from
/// where, and the record before and after.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: Option<String>,
    pub detail: serde_json::Value,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
    pub address: Option<String>,
}

impl AuditEntry {
    /// A change made by the system itself (demo data, `create-admin`).
    pub fn system(
        at: DateTime<Utc>,
        action: &'static str,
        entity: &'static str,
        id: i64,
        name: &str,
    ) -> Self {
        AuditEntry {
            entity_id: Some(id.to_string()),
            detail: serde_json::json!({ "name": name }),
            ..AuditEntry::new(at, None, action, entity)
        }
    }

    pub fn new(
        at: DateTime<Utc>,
        actor_id: Option<i64>,
        action: &'static str,
        entity: &'static str,
    ) -> Self {
        AuditEntry {
            at,
            actor_id,
            action,
            entity,
            entity_id: None,
            detail: serde_json::json!({}),
            before: None,
            after: None,
            request_id: None,
            address: None,
        }
    }

    /// The same entry, made at `at` (the time the change itself records).
    pub fn at(self, at: DateTime<Utc>) -> Self {
        AuditEntry { at, ..self }
    }

    /// The same entry, with what the change was about.
    pub fn with_detail(self, detail: serde_json::Value) -> Self {
        AuditEntry { detail, ..self }
    }

    /// The stored line, number `id` in the chain after `prev_hash`.
    pub fn chained(&self, id: i64, prev_hash: &str, key: &AuditKey) -> AuditRecord {
        let mut record = AuditRecord {
            id,
            // Both engines keep microseconds; hash what will be read back.
            at: self.at.trunc_subsecs(6),
            actor_id: self.actor_id,
            action: self.action.to_owned(),
            entity: self.entity.to_owned(),
            entity_id: self.entity_id.clone(),
            detail: self.detail.to_string(),
            before_state: self.before.as_ref().map(ToString::to_string),
            after_state: self.after.as_ref().map(ToString::to_string),
            request_id: self.request_id.clone(),
            address: self.address.clone(),
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
        };
        record.hash = record.expected_hash(key);
        record
    }
}

/// An audit line as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: String,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
    pub request_id: Option<String>,
    pub address: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// HMAC-SHA256, keyed with the server's secret, over the previous hash
    /// and every field but `hash`.
    pub fn expected_hash(&self, key: &AuditKey) -> String {
        let fields = serde_json::json!([
            self.id,
            self.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            self.actor_id,
            self.action,
            self.entity,
            self.entity_id,
            self.detail,
            self.before_state,
            self.after_state,
            self.request_id,
            self.address,
        ]);
        let mut mac = key.mac();
        mac.update(self.prev_hash.as_bytes());
        mac.update(b"\n");
        mac.update(fields.to_string().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// The finding a merge folds into, as read: written only if still at `version`.
#[derive(Debug, Clone)]
pub struct MergeTarget {
    pub id: i64,
    pub version: i64,
    /// The people of both.
    pub people: JsonText<Vec<PersonInvolved>>,
    /// What the target's timeline says: the merged finding's code and title.
    pub note: String,
}

/// A finding a decision rests on: (decision, finding id, code, title, unit,
/// recorder, state).
pub type DecisionFindingRow = (i64, i64, String, String, i64, i64, FindingState);

/// Which findings a list shows: the caller's reach, then the filters asked for.
#[derive(Debug, Clone, Default)]
pub struct FindingFilter {
    /// Only this unit and its sub-units (a liaison's reach).
    pub scope: Option<i64>,
    /// Leave out findings not yet fed back but those this user (a liaison)
    /// recorded in their unit's own inspection, and merged ones.
    pub hide_recorded: Option<i64>,
    /// Only findings this user recorded (an inspector's reach).
    pub recorded_by: Option<i64>,
    /// Filter: this unit and its sub-units.
    pub unit: Option<i64>,
    pub state: Option<String>,
    pub dimension: Option<String>,
    /// A `LIKE` pattern, lower-case, with `%` and `_` escaped by `\`.
    pub pattern: Option<String>,
    pub source: Option<String>,
    /// The running deadline (to verify or to rectify) on or after this day.
    pub running_from: Option<NaiveDate>,
    /// The running deadline on or before this day.
    pub running_to: Option<NaiveDate>,
    /// Only findings from the visits of this round (the office's filter).
    pub round: Option<i64>,
    /// Only findings with an extension request waiting for a decision.
    pub extension_requested: bool,
    /// Only substantiated findings with no decision in force resting on them.
    pub accountability_pending: bool,
    pub sort: FindingSort,
    /// Keyset cursor: the sort key and id of the last row of the previous
    /// page ([`FindingSort::key`]).
    pub after: Option<(DateTime<Utc>, i64)>,
    pub limit: i64,
}

/// The order of a findings list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FindingSort {
    #[default]
    Newest,
    Oldest,
    /// The running deadline (to verify or to rectify), soonest first;
    /// findings with none last.
    Deadline,
}

/// Where findings with no running deadline sort (as the query writes it).
pub const NO_DEADLINE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

impl FindingSort {
    pub fn parse(s: &str) -> Option<FindingSort> {
        match s {
            "newest" => Some(FindingSort::Newest),
            "oldest" => Some(FindingSort::Oldest),
            "deadline" => Some(FindingSort::Deadline),
            _ => None,
        }
    }

    /// A row's keyset key; a deadline rides in the cursor as its midnight.
    pub fn key(self, row: &Finding) -> (DateTime<Utc>, i64) {
        match self {
            FindingSort::Newest | FindingSort::Oldest => (row.created_at, row.id),
            FindingSort::Deadline => (
                row.progress
                    .running_deadline()
                    .unwrap_or(NO_DEADLINE)
                    .and_time(chrono::NaiveTime::MIN)
                    .and_utc(),
                row.id,
            ),
        }
    }
}

/// Which decisions a list shows: the caller's reach, then the filters asked for.
#[derive(Debug, Clone, Default)]
pub struct DecisionFilter {
    /// Only this unit's subtree (a liaison's reach).
    pub scope: Option<i64>,
    /// Filter: the person's unit and its sub-units.
    pub unit: Option<i64>,
    /// Filter: the person, by name as recorded.
    pub person: Option<String>,
    /// Filter: the person, by staff record.
    pub staff: Option<i64>,
    /// Filter: the decisions resting on this finding.
    pub finding: Option<i64>,
}

/// Which reassignments, and which page of them.
#[derive(Debug, Clone)]
pub struct ReassignmentFilter {
    pub status: Option<xiaoneng_domain::reassignment::ServingStatus>,
    pub today: NaiveDate,
    pub after: Option<(DateTime<Utc>, i64)>,
    pub limit: i64,
}

/// A reassignment measure as stored, with its decision's person.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReassignmentRow {
    pub id: i64,
    pub decision_id: i64,
    pub person_name: String,
    pub person_unit_id: i64,
    pub person_unit_name: String,
    pub person_post: String,
    pub place: Option<String>,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
    pub host_grade: Option<xiaoneng_domain::reassignment::HostGrade>,
    pub host_assessment: Option<String>,
    pub recorded_by_name: Option<String>,
    pub recorded_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// Who a decision in force names and when, for repeat cases.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DecisionPeer {
    pub id: i64,
    pub staff_id: Option<i64>,
    pub person_name: String,
    pub person_unit_id: i64,
    pub decided_on: NaiveDate,
}

/// One workflow step to write.
#[derive(Debug, Clone)]
pub struct FindingStep {
    pub at: DateTime<Utc>,
    pub actor_id: i64,
    pub action: &'static str,
    pub from: xiaoneng_domain::finding::Progress,
    pub next: xiaoneng_domain::finding::Progress,
    pub comment: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// For a merge: the finding it is folded into.
    pub merge: Option<MergeTarget>,
}

#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub finding_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub uploaded_by: i64,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EvidenceFile {
    pub finding_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub data: Vec<u8>,
}
