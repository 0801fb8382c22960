//! What the server keeps of what it read: signed-in sessions and the holiday
//! calendar. Nearly every request needs them and they rarely change, so
//! reading them from the database each time is most of a small request's cost.
//!
//! Every change to them goes through `Store` (see [`Topic`]). The store
//! forgets what it kept at once and, over PostgreSQL, tells the other
//! replicas with `NOTIFY`. Each replica listens on one connection and
//! forgets whatever the notice names. While that connection is down a
//! replica could miss a notice, so it keeps nothing until it listens again.
//! A kept copy is read again after [`KEEP_FOR`] in any case. That bounds the
//! staleness a notice lost without anyone seeing could cause: a connection
//! that hangs without closing, or a `xiaoneng` command that writes the SQLite
//! file beside a running server.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sqlx::postgres::{PgListener, PgPool};
use xiaoneng_domain::HolidayCalendar;

use super::SessionRow;

/// The longest a kept copy is used before it is read again.
pub const KEEP_FOR: Duration = Duration::from_secs(10);

/// The PostgreSQL channel on which replicas announce changes.
pub const CHANNEL: &str = "xiaoneng_changed";

/// How long the listener waits before trying again after a failed connect.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Sessions kept beyond this many are swept of stale entries on the next put.
const SWEEP_ABOVE: usize = 4096;

/// What a change makes stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Sessions and the accounts and units they show: a session ends, an
    /// account's role, unit, password or status changes, a unit is renamed.
    Sessions,
    /// The office's holiday calendar.
    Calendar,
}

impl Topic {
    pub const ALL: [Topic; 2] = [Topic::Sessions, Topic::Calendar];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Sessions => "sessions",
            Topic::Calendar => "calendar",
        }
    }

    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Copies of one kind of record, by key, each with when it was read.
struct Shelf<K, V> {
    /// Bumped by every change, so a read that began before one is not kept.
    generation: AtomicU64,
    items: RwLock<HashMap<K, (Instant, V)>>,
}

impl<K: Hash + Eq, V: Clone> Shelf<K, V> {
    fn new() -> Self {
        Shelf {
            generation: AtomicU64::new(0),
            items: RwLock::new(HashMap::new()),
        }
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let items = self.items.read().ok()?;
        let (at, value) = items.get(key)?;
        (at.elapsed() < KEEP_FOR).then(|| value.clone())
    }

    /// Keeps `value`, read at `generation`, unless something changed since.
    fn put(&self, key: K, value: V, read_at: Instant, generation: u64) {
        let Ok(mut items) = self.items.write() else {
            return;
        };
        // Checked under the lock: `forget` bumps the generation before it
        // takes the lock to clear, so a stale read is either refused here
        // or cleared there.
        if self.generation() != generation {
            return;
        }
        if items.len() >= SWEEP_ABOVE {
            items.retain(|_, (at, _)| at.elapsed() < KEEP_FOR);
        }
        items.insert(key, (read_at, value));
    }

    /// Changes a kept copy in place (the change has been written).
    fn update<Q: Hash + Eq + ?Sized>(&self, key: &Q, change: impl FnOnce(&V) -> V)
    where
        K: Borrow<Q>,
    {
        if let Ok(mut items) = self.items.write()
            && let Some((_, value)) = items.get_mut(key)
        {
            *value = change(value);
        }
    }

    fn forget(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut items) = self.items.write() {
            items.clear();
        }
    }
}

/// The copies one store keeps, and whether it may use them.
pub struct Cache {
    /// Whether no change can go unheard: always over SQLite, whose only
    /// server is this process; over PostgreSQL while the listener listens.
    trusted: AtomicBool,
    sessions: Shelf<String, Arc<SessionRow>>,
    calendar: Shelf<(), Arc<HolidayCalendar>>,
    listener: std::sync::Mutex<Option<tokio::task::AbortHandle>>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("trusted", &self.trusted.load(Ordering::Acquire))
            .finish_non_exhaustive()
    }
}

/// A read about to happen: what it reads may be kept if nothing changes
/// before it is done.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    at: Instant,
    generation: u64,
}

impl Cache {
    pub fn new(trusted: bool) -> Self {
        Cache {
            trusted: AtomicBool::new(trusted),
            sessions: Shelf::new(),
            calendar: Shelf::new(),
            listener: std::sync::Mutex::new(None),
        }
    }

    fn trusted(&self) -> bool {
        self.trusted.load(Ordering::Acquire)
    }

    pub fn session(&self, id_hash: &str) -> Option<Arc<SessionRow>> {
        self.trusted().then(|| self.sessions.get(id_hash)).flatten()
    }

    pub fn reading_sessions(&self) -> Reading {
        Reading {
            at: Instant::now(),
            generation: self.sessions.generation(),
        }
    }

    pub fn keep_session(&self, session: Arc<SessionRow>, reading: Reading) {
        if self.trusted() {
            let key = session.id_hash.clone();
            self.sessions
                .put(key, session, reading.at, reading.generation);
        }
    }

    /// The session was used: its kept copy shows when.
    pub fn touched(&self, id_hash: &str, at: chrono::DateTime<chrono::Utc>) {
        self.sessions.update(id_hash, |s| {
            Arc::new(SessionRow {
                last_seen_at: at,
                ..SessionRow::clone(s)
            })
        });
    }

    pub fn calendar(&self) -> Option<Arc<HolidayCalendar>> {
        self.trusted().then(|| self.calendar.get(&())).flatten()
    }

    pub fn reading_calendar(&self) -> Reading {
        Reading {
            at: Instant::now(),
            generation: self.calendar.generation(),
        }
    }

    pub fn keep_calendar(&self, calendar: Arc<HolidayCalendar>, reading: Reading) {
        if self.trusted() {
            self.calendar
                .put((), calendar, reading.at, reading.generation);
        }
    }

    pub fn forget(&self, topic: Topic) {
        match topic {
            Topic::Sessions => self.sessions.forget(),
            Topic::Calendar => self.calendar.forget(),
        }
    }

    fn forget_all(&self) {
        Topic::ALL.into_iter().for_each(|t| self.forget(t));
    }

    /// Starts listening for other replicas' notices (PostgreSQL). Once the
    /// first connection listens, what is read may be kept; if it cannot
    /// connect, nothing is kept until it can.
    pub async fn listen(self: &Arc<Self>, pool: PgPool) {
        let first = connect(&pool).await;
        if first.is_ok() {
            self.trusted.store(true, Ordering::Release);
        }
        let task = tokio::spawn(listen(pool, Arc::downgrade(self), Some(first)));
        if let Ok(mut listener) = self.listener.lock() {
            *listener = Some(task.abort_handle());
        }
    }

    /// Stops listening; nothing is kept from then on.
    pub fn stop(&self) {
        self.trusted.store(false, Ordering::Release);
        if let Ok(mut listener) = self.listener.lock()
            && let Some(task) = listener.take()
        {
            task.abort();
        }
        self.forget_all();
    }
}

async fn connect(pool: &PgPool) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect_with(pool).await?;
    // A lost connection is reported at once, not after reconnecting: until
    // `listen` listens again, nothing may be kept.
    listener.eager_reconnect(false);
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Listens on its own connection for as long as the store lives. Each time
/// it connects again it first forgets everything, since a notice may have
/// gone unheard while it was not listening.
async fn listen(
    pool: PgPool,
    kept: std::sync::Weak<Cache>,
    mut first: Option<sqlx::Result<PgListener>>,
) {
    loop {
        let again = first.is_none();
        let connected = match first.take() {
            Some(connected) => connected,
            None => connect(&pool).await,
        };
        let Some(shared) = kept.upgrade() else {
            return;
        };
        match connected {
            Ok(mut listener) => {
                if again {
                    shared.forget_all();
                }
                shared.trusted.store(true, Ordering::Release);
                drop(shared);
                let error = loop {
                    match listener.try_recv().await {
                        Ok(Some(notice)) => {
                            let Some(kept) = kept.upgrade() else {
                                return;
                            };
                            match Topic::parse(notice.payload()) {
                                Some(topic) => kept.forget(topic),
                                None => kept.forget_all(),
                            }
                        }
                        Ok(None) => break None,
                        Err(e) => break Some(e),
                    }
                };
                let Some(shared) = kept.upgrade() else {
                    return;
                };
                shared.trusted.store(false, Ordering::Release);
                shared.forget_all();
                match error {
                    Some(sqlx::Error::PoolClosed) => return,
                    Some(e) => {
                        tracing::warn!(error = %e, "stopped hearing other replicas' changes; listening again")
                    }
                    None => tracing::warn!(
                        "lost the connection that hears other replicas' changes; listening again"
                    ),
                }
            }
            Err(sqlx::Error::PoolClosed) => return,
            Err(e) => {
                drop(shared);
                tracing::warn!(error = %e, "cannot listen for other replicas' changes; keeping nothing until it can");
                tokio::time::sleep(RETRY_AFTER).await;
            }
        }
    }
}
