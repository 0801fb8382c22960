//! `GET /api/units`: the unit tree, for every signed-in role (units are not secret;
//! what happens to them is).

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::ErrorResponse;
use xiaoneng_domain::unit::{Unit, UnitKind};

use super::error::ApiError;
use super::extract::CurrentUser;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// Every unit, parents before children.
#[utoipa::path(get, path = "/api/units", tag = "units", security(("session" = [])), responses(
    (status = 200, description = "The units", body = Vec<Unit>),
    (status = 401, description = "No session", body = ErrorResponse),
))]
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
