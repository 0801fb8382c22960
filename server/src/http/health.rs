//! `GET /api/health`: the server answers and its database does too.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::{ErrorCode, ErrorResponse};

use super::error::ApiError;
use crate::AppState;

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

/// The server answers and its database does too.
#[utoipa::path(get, path = "/api/health", tag = "system", responses(
    (status = 200, description = "Up", body = Health),
    (status = 503, description = "The database does not answer", body = ErrorResponse),
))]
async fn health(State(app): State<AppState>) -> Result<Json<Health>, ApiError> {
    app.store.ping().await.map_err(|e| {
        tracing::error!(error = %e, "health check: the database does not answer");
        ApiError::Code(ErrorCode::Unavailable)
    })?;
    Ok(Json(Health {
        status: "ok",
        database: app.store.engine(),
    }))
}
