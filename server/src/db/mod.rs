//! The database: one query layer (`queries.rs`) compiled for SQLite and for
//! PostgreSQL, and `Store`, which picks the engine from the URL at start.

pub mod pg;
pub mod sqlite;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use xiaoneng_domain::Role;

/// A connection pool to one of the two engines.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// Runs the same query function against whichever engine the store has.
macro_rules! dispatch {
    ($store:expr, $f:ident ( $($arg:expr),* )) => {
        match $store {
            Store::Sqlite(pool) => sqlite::$f(pool $(, $arg)*).await,
            Store::Pg(pool) => pg::$f(pool $(, $arg)*).await,
        }
    };
}

impl Store {
    /// Connects by URL scheme: `sqlite:` (the file and its folder are
    /// created) or `postgres://` / `postgresql://`.
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .context("connecting to PostgreSQL")?;
            Ok(Store::Pg(pool))
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .context("reading the SQLite URL")?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
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
                .max_connections(8)
                .connect_with(options)
                .await
                .context("opening the SQLite database")?;
            Ok(Store::Sqlite(pool))
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres://, not {url:?}")
        }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Store::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await?,
            Store::Pg(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// The engine's name, as `/api/health` reports it.
    pub fn engine(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Pg(_) => "postgresql",
        }
    }

    pub async fn close(&self) {
        match self {
            Store::Sqlite(pool) => pool.close().await,
            Store::Pg(pool) => pool.close().await,
        }
    }

    pub async fn ping(&self) -> sqlx::Result<()> {
        dispatch!(self, ping())
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
    ) -> sqlx::Result<()> {
        dispatch!(self, seed(units, users, now))
    }
    pub async fn session(&self, id_hash: &str) -> sqlx::Result<Option<SessionRow>> {
        dispatch!(self, session(id_hash))
    }
    pub async fn touch_session(&self, id_hash: &str, now: DateTime<Utc>) -> sqlx::Result<()> {
        dispatch!(self, touch_session(id_hash, now))
    }
    pub async fn delete_session(&self, id_hash: &str) -> sqlx::Result<()> {
        dispatch!(self, delete_session(id_hash))
    }
    pub async fn end_session(&self, id_hash: &str, audit: AuditEntry) -> sqlx::Result<()> {
        dispatch!(self, end_session(id_hash, audit))
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
        )
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
    pub async fn lock(&self, key: &str, until: DateTime<Utc>) -> sqlx::Result<()> {
        dispatch!(self, lock(key, until))
    }
    pub async fn audit(&self, entry: &AuditEntry) -> sqlx::Result<()> {
        dispatch!(self, audit(entry))
    }
    pub async fn recent_audit(
        &self,
        limit: i64,
    ) -> sqlx::Result<Vec<(String, String, Option<i64>)>> {
        dispatch!(self, recent_audit(limit))
    }
}

/// A user as stored, with the unit's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
}

/// A session joined with its user.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id_hash: String,
    pub csrf_token: String,
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
}

/// Failed logins counted against one key (an account or an address).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Throttle {
    pub failures: i64,
    pub window_start: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// One line of the audit log: who did what to which record, when and from where.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: Option<String>,
    pub detail: serde_json::Value,
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
            at,
            actor_id: None,
            action,
            entity,
            entity_id: Some(id.to_string()),
            detail: serde_json::json!({ "name": name }),
            request_id: None,
            address: None,
        }
    }
}
