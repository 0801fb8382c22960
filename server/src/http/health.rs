//! `GET /api/health`: the server answers and its database does too.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use xiaoneng_domain::ErrorCode;

use super::error::ApiError;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/health", get(health))
}

async fn health(State(app): State<AppState>) -> Result<Json<Value>, ApiError> {
    app.store.ping().await.map_err(|e| {
        tracing::error!(error = %e, "health check: the database does not answer");
        ApiError::Code(ErrorCode::Unavailable)
    })?;
    Ok(Json(
        json!({ "status": "ok", "database": app.store.engine() }),
    ))
}
