//! The Xiaoneng server: the REST API and the built app, from one process,
//! over SQLite (embedded, the default) or PostgreSQL.

pub mod audit;
pub mod auth;
pub mod bench;
pub mod config;
pub mod db;
pub mod demo;
pub mod http;

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::TimeDelta;
use tokio::net::TcpListener;

pub use config::{Cli, Command, Config};
pub use db::Store;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    calendar: Arc<CalendarCache>,
}

/// The holiday calendar as last read, kept only over SQLite: there this
/// process is the database's only server, and every change to the calendar
/// goes through it (`forget_calendar`). Over PostgreSQL another replica may
/// change it at any moment, so it is read for every request.
#[derive(Default)]
struct CalendarCache {
    /// Bumped by every change, so a read that began before one is not kept.
    generation: std::sync::atomic::AtomicU64,
    kept: std::sync::RwLock<Option<(u64, Arc<xiaoneng_domain::HolidayCalendar>)>>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        AppState {
            store,
            config: Arc::new(config),
            calendar: Arc::default(),
        }
    }

    /// The office's holiday calendar as it stands.
    pub async fn calendar(&self) -> sqlx::Result<Arc<xiaoneng_domain::HolidayCalendar>> {
        use std::sync::atomic::Ordering;
        let cached = matches!(self.store, Store::Sqlite(_));
        let generation = self.calendar.generation.load(Ordering::Acquire);
        if cached
            && let Some((at, kept)) = self.calendar.kept.read().ok().and_then(|k| k.clone())
            && at == generation
        {
            return Ok(kept);
        }
        let days = self.store.holidays().await?;
        let calendar = Arc::new(xiaoneng_domain::HolidayCalendar::new(
            days.iter().filter(|(_, working)| !working).map(|(d, _)| *d),
            days.iter().filter(|(_, working)| *working).map(|(d, _)| *d),
        ));
        if cached
            && let Ok(mut kept) = self.calendar.kept.write()
            && self.calendar.generation.load(Ordering::Acquire) == generation
        {
            *kept = Some((generation, calendar.clone()));
        }
        Ok(calendar)
    }

    /// After a change to the calendar (once it is committed).
    pub fn forget_calendar(&self) {
        self.calendar
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        if let Ok(mut kept) = self.calendar.kept.write() {
            *kept = None;
        }
    }

    /// Today in the office's time zone (China Standard Time): deadlines are dates there.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now().with_timezone(&cst()).date_naive()
    }

    pub fn session_idle(&self) -> TimeDelta {
        TimeDelta::minutes(self.config.session_idle_minutes.into())
    }
}

/// Connects, migrates and, in demo mode, loads the demo data on first start.
pub async fn prepare(config: Config) -> anyhow::Result<AppState> {
    let store = Store::connect(&config.database_url).await?;
    store.migrate().await?;
    if config.demo {
        demo::load_if_empty(&store, config.demo_story).await?;
    }
    Ok(AppState::new(store, config))
}

/// Serves until `shutdown` completes, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let app = http::app(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    store.close().await;
    result
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// China Standard Time (UTC+8), in which the office's days begin and end.
pub fn cst() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The moment `day` begins in China Standard Time.
pub fn cst_midnight(day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    cst()
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .single()
        .expect("a fixed offset has no gaps")
        .with_timezone(&chrono::Utc)
}
