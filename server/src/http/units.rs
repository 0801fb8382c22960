//! `GET /api/units`: the unit tree, for every signed-in role (units are not secret;
//! what happens to them is).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use xiaoneng_domain::unit::{Unit, UnitKind};

use super::error::ApiError;
use super::extract::CurrentUser;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/units", get(list))
}

async fn list(
    State(app): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<Unit>>, ApiError> {
    let units = app
        .store
        .units()
        .await?
        .into_iter()
        .map(|row| {
            let kind = UnitKind::parse(&row.kind).ok_or_else(|| {
                anyhow::anyhow!("unit {} has an unknown kind {:?}", row.id, row.kind)
            })?;
            Ok(Unit {
                id: row.id,
                parent_id: row.parent_id,
                name: row.name,
                kind,
                active: row.active,
                version: row.version,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Json(units))
}
