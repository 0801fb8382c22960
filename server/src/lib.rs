//! The Xiaoneng server: the REST API and the built app, from one process,
//! over SQLite (embedded, the default) or PostgreSQL.

pub mod audit;
pub mod auth;
pub mod backup;
#[cfg(feature = "bench")]
pub mod bench;
pub mod config;
pub mod db;
pub mod deliver;
#[cfg(feature = "demo")]
pub mod demo;
pub mod http;
pub mod remind;
pub mod secret;

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
    /// Password hashing and checking, bounded (argon2 is costly on purpose).
    pub passwords: Arc<auth::password::Gate>,
    /// The secret kept outside the database.
    pub secret: Arc<secret::Secret>,
    /// How much work may be in progress at once, and for how long.
    pub bounds: Arc<http::bounds::Bounds>,
    /// The public figures as last worked out (`GET /api/public/stats`).
    pub public_stats: Arc<http::stats::KeptPublicStats>,
    /// When `/api/health` last wrote to the database successfully.
    pub last_write_probe: Arc<std::sync::Mutex<Option<std::time::Instant>>>,
}

impl AppState {
    pub fn new(store: Store, config: Config, secret: secret::Secret) -> Self {
        AppState {
            store,
            bounds: Arc::new(http::bounds::Bounds::new(&config)),
            public_stats: Arc::default(),
            last_write_probe: Arc::default(),
            config: Arc::new(config),
            passwords: Arc::new(auth::password::Gate::for_this_machine()),
            secret: Arc::new(secret),
        }
    }

    /// What per-address limits count a client by: a keyed hash of its
    /// address (IPv6: of its /64), never the address itself.
    pub fn address_hash(&self, client: &http::client::Client) -> String {
        self.secret.address_hash(&client.bucket())
    }

    /// The office's holiday calendar as it stands.
    pub async fn calendar(&self) -> sqlx::Result<Arc<xiaoneng_domain::HolidayCalendar>> {
        self.store.calendar().await
    }

    /// Today in the office's time zone (China Standard Time): deadlines are dates there.
    pub fn today(&self) -> chrono::NaiveDate {
        xiaoneng_domain::beijing::day(chrono::Utc::now())
    }

    pub fn session_idle(&self) -> TimeDelta {
        TimeDelta::minutes(self.config.session_idle_minutes.into())
    }

    /// How long a session lives at most, however active.
    pub fn session_max(&self) -> TimeDelta {
        TimeDelta::hours(self.config.session_max_hours.into())
    }
}

/// Connects, migrates and, in demo mode, loads the demo data on first start.
pub async fn prepare(config: Config) -> anyhow::Result<AppState> {
    let secret = secret::Secret::load_or_create(&config.secret_file)?;
    let store = Store::connect(&config.database_url, secret.audit_key())
        .await?
        .with_channels(config.channels());
    store.migrate().await?;
    if config.demo {
        #[cfg(feature = "demo")]
        demo::load_if_empty(&store, config.demo_story).await?;
        #[cfg(not(feature = "demo"))]
        anyhow::bail!(
            "XIAONENG_DEMO is set, but this build has no demo data (build with `--features demo`)"
        );
    }
    Ok(AppState::new(store, config, secret))
}

/// Serves until `shutdown` completes, then lets in-flight requests finish
/// for at most `XIAONENG_SHUTDOWN_SECONDS` before it stops anyway.
///
/// Connections are bounded: at most `XIAONENG_MAX_CONNECTIONS` at once (the
/// next waits in the kernel's queue), and one that has not sent a whole
/// request head within `XIAONENG_HEADER_TIMEOUT_SECONDS` is closed — so
/// clients that open connections and never finish them cannot take the
/// server's file descriptors from everyone else.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let store = state.store.clone();
    let config = state.config.clone();
    let grace = std::time::Duration::from_secs(config.shutdown_seconds);
    let sweeping = tokio::spawn(sweep_now_and_then(state.clone()));
    let reminding = tokio::spawn(remind::daily(state.clone()));
    let delivering = deliver::start(&state).map_err(std::io::Error::other)?;
    let app = http::app(state);
    let connections = Arc::new(tokio::sync::Semaphore::new(config.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(std::time::Duration::from_secs(
            config.header_timeout_seconds,
        ));
    builder.http2().timer(TokioTimer::new());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit.expect("the semaphore stays open"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, say: wait a moment, then go on.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = app
            .clone()
            .map_request(move |mut request: axum::extract::Request<_>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                request
            });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    let result = tokio::select! {
        () = graceful.shutdown() => Ok(()),
        () = tokio::time::sleep(grace) => {
            tracing::warn!(seconds = grace.as_secs(), "requests still in flight at the shutdown deadline: stopping anyway");
            Ok(())
        }
    };
    sweeping.abort();
    reminding.abort();
    if let Some(delivering) = delivering {
        delivering.abort();
    }
    // A request cut off at the deadline may still hold a connection.
    if tokio::time::timeout(grace.max(std::time::Duration::from_secs(1)), store.close())
        .await
        .is_err()
    {
        tracing::warn!("database connections still in use at shutdown");
    }
    result
}

/// How often counts that have run out are swept away.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs [`sweep`] every [`SWEEP_EVERY`] (each replica does; every step is
/// one statement, and doing it twice does nothing more).
async fn sweep_now_and_then(state: AppState) {
    let mut every = tokio::time::interval(SWEEP_EVERY);
    loop {
        every.tick().await;
        sweep(&state, chrono::Utc::now()).await;
    }
}

/// Forgets throttle counts whose window has passed, citizens' contact
/// details past their retention (audited) and idempotency keys past their
/// day. Failures are logged; the next sweep tries again.
pub async fn sweep(state: &AppState, now: chrono::DateTime<chrono::Utc>) {
    match auth::throttle::sweep(&state.store, now).await {
        Ok(0) => {}
        Ok(n) => tracing::debug!(swept = n, "throttle counts swept"),
        Err(e) => tracing::warn!(error = %e, "sweeping throttle counts failed"),
    }
    let retention = TimeDelta::days(state.config.report_retention_days.into());
    let audit = db::AuditEntry::new(now, None, "erase_contacts", "report");
    match state.store.erase_old_contacts(now - retention, audit).await {
        Ok(codes) if !codes.is_empty() => {
            tracing::info!(
                reports = codes.len(),
                "citizens' contact details erased after the retention period"
            );
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "erasing old contact details failed"),
    }
    let kept = TimeDelta::hours(http::idempotency::KEEP_HOURS);
    if let Err(e) = state.store.sweep_idempotency(now - kept).await {
        tracing::warn!(error = %e, "sweeping idempotency keys failed");
    }
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
