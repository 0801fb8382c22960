//! `GET /api/health`: the server answers, and its database answers and can
//! write (one row, committed, at most every two seconds while that works) — and for SQLite, its disk has room
//! (`XIAONENG_HEALTH_MIN_FREE_MB`).

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::{ErrorCode, ErrorResponse};

use super::error::ApiError;
use crate::AppState;

/// How long a successful write probe stands for the next checks.
const PROBE_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` in a 200 answer.
    status: &'static str,
    /// `sqlite` or `postgresql`.
    database: &'static str,
}

/// The server answers, and its database answers and can write.
#[utoipa::path(get, path = "/api/health", tag = "system", responses(
    (status = 200, description = "Up", body = Health),
    (status = 503, description = "The database does not answer, cannot write, or (SQLite) its disk is nearly full; see `Retry-After`", body = ErrorResponse),
))]
async fn health(State(app): State<AppState>) -> Result<Json<Health>, ApiError> {
    app.store.ping().await.map_err(|e| {
        tracing::error!(error = %e, "health check: the database does not answer");
        ApiError::Code(ErrorCode::Unavailable)
    })?;
    // The write is made at most every PROBE_EVERY while it succeeds (a
    // health check anyone may call must not become a way to make the
    // server write); after a failure, every check tries again.
    let fresh = app
        .last_write_probe
        .lock()
        .ok()
        .and_then(|last| *last)
        .is_some_and(|at| at.elapsed() < PROBE_EVERY);
    if !fresh {
        app.store
            .probe_write(chrono::Utc::now())
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "health check: the database cannot write");
                ApiError::Code(ErrorCode::Unavailable)
            })?;
        if let Ok(mut last) = app.last_write_probe.lock() {
            *last = Some(std::time::Instant::now());
        }
    }
    let min_free = app.config.health_min_free_mb.saturating_mul(1024 * 1024);
    if let Some(free) = app.store.free_bytes()
        && free < min_free
    {
        tracing::error!(
            free,
            min_free,
            "health check: the database's disk is (nearly) full"
        );
        return Err(ApiError::Code(ErrorCode::Unavailable));
    }
    Ok(Json(Health {
        status: "ok",
        database: app.store.engine(),
    }))
}
