//! Every query, written once in SQL both engines accept, one module per
//! aggregate. This folder is compiled twice — as `db::sqlite` and as
//! `db::pg` — with `DB` naming the engine; `Store` picks one at run time.
//! Here: the modules and the write transaction every write goes through.

use sqlx::pool::PoolConnection;
use sqlx::{Executor, Pool};

use super::DB;
use crate::db::AuditEntry;

mod accounts;
mod appeals;
mod audit;
#[cfg(feature = "bench")]
mod bench;
mod bulletins;
mod calendar;
mod checklists;
mod decisions;
mod evidence;
mod filters;
mod findings;
mod idempotency;
mod inspections;
mod notifications;
mod outbox;
mod oversight;
mod reminders;
mod reports;
mod rounds;
mod sessions;
mod staff;
mod stats;
mod units;
mod visits;

pub use accounts::*;
pub use appeals::*;
pub use audit::*;
#[cfg(feature = "bench")]
pub use bench::*;
pub use bulletins::*;
pub use calendar::*;
pub use checklists::*;
pub use decisions::*;
pub use evidence::*;
pub use findings::*;
pub use idempotency::*;
pub use inspections::*;
pub use notifications::*;
pub use outbox::*;
pub use oversight::*;
pub use reminders::*;
pub use reports::*;
pub use rounds::*;
pub use sessions::*;
pub use staff::*;
pub use stats::*;
pub use units::*;
pub use visits::*;

pub async fn ping(pool: &Pool<DB>) -> sqlx::Result<()> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

/// Writes one row and commits: the database can still save what it acknowledges.
pub async fn probe_write(pool: &Pool<DB>, now: chrono::DateTime<chrono::Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE health_probe SET checked_at = $1 WHERE id = 1")
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
}

/// A write transaction holding the audit chain's head: every write goes
/// through one, so a change and its audit entries commit together or not at all.
///
/// It drives the transaction itself (`BEGIN` … `COMMIT`) on a connection
/// it owns, so that a connection whose `COMMIT` or `ROLLBACK` failed is
/// closed instead of going back to the pool: after a failed commit (a full
/// disk, say) SQLite keeps the transaction open on that connection, and a
/// pool that handed it out again would acknowledge writes that are never
/// saved and hold the write lock from every other connection.
pub struct WriteTx {
    conn: Option<PoolConnection<DB>>,
    seq: i64,
    head: String,
}

pub async fn begin_write(pool: &Pool<DB>) -> sqlx::Result<WriteTx> {
    let mut conn = pool.acquire().await?;
    conn.execute(super::BEGIN_WRITE).await?;
    let mut tx = WriteTx {
        conn: Some(conn),
        seq: 0,
        head: String::new(),
    };
    // PostgreSQL locks the head row until commit: writes take their turns.
    let (seq, head): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
            .fetch_one(tx.conn())
            .await?;
    tx.seq = seq;
    tx.head = head;
    Ok(tx)
}

/// A transaction dropped before its commit (an error, a stale edit, a
/// client gone) is rolled back in the background; a connection that cannot
/// roll back is closed.
impl Drop for WriteTx {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if let Err(e) = conn.execute("ROLLBACK").await {
                        tracing::warn!(error = %e, "a rollback failed: closing its connection");
                        conn.close_on_drop();
                    }
                });
            }
            Err(_) => conn.close_on_drop(),
        }
    }
}

impl WriteTx {
    pub fn conn(&mut self) -> &mut <DB as sqlx::Database>::Connection {
        self.conn
            .as_deref_mut()
            .expect("a write transaction's connection until it ends")
    }

    /// Appends `entry` to the chain.
    pub async fn audit(&mut self, entry: &AuditEntry) -> sqlx::Result<()> {
        let key = crate::db::AUDIT_KEY.try_with(|key| *key).map_err(|_| {
            sqlx::Error::Configuration("an audit entry outside a store call".into())
        })?;
        let record = entry.chained(self.seq + 1, &self.head, &key);
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
        .execute(self.conn())
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
            .execute(self.conn())
            .await?;
        // A request sent with an `Idempotency-Key`: its key says, in the
        // same transaction, that the request's write is done.
        if let Ok(key_hash) = crate::db::IDEMPOTENCY_KEY.try_with(Clone::clone) {
            sqlx::query(
                "UPDATE idempotency SET state = 'committed' WHERE key_hash = $1 AND state = 'pending'",
            )
            .bind(&*key_hash)
            .execute(self.conn())
            .await?;
        }
        let mut conn = self.conn.take().expect("a transaction commits once");
        match conn.execute("COMMIT").await {
            Ok(_) => Ok(()),
            Err(e) => {
                // Whatever state the connection is in now, it is not
                // handed out again.
                tracing::error!(error = %e, "a commit failed: closing its connection");
                conn.close_on_drop();
                Err(e)
            }
        }
    }
}
