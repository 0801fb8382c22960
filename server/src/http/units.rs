//! The unit tree: read by every signed-in role (units are not secret; what
//! happens to them is), kept by administrators — add, rename, move,
//! deactivate (never delete: findings and the audit log name units).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::unit::{Unit, UnitInput};
use xiaoneng_domain::{ErrorCode, ErrorResponse, Reason};

use super::error::{ApiError, required};
use super::extract::{AdminOnly, Allowed, AppJson, CurrentUser, Origin};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update))
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
    let units = tree(&app).await?;
    Ok(Json(units))
}

async fn tree(app: &AppState) -> Result<Vec<Unit>, ApiError> {
    Ok(app.store.units().await?)
}

/// Adds a unit (at the top level or below another).
#[utoipa::path(post, path = "/api/units", tag = "units", request_body = UnitInput,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Added", body = Unit),
    (status = 403, description = "Only administrators", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AdminOnly>,
    origin: Origin,
    AppJson(input): AppJson<UnitInput>,
) -> Result<(StatusCode, Json<Unit>), ApiError> {
    let rows = tree(&app).await?;
    let pairs: Vec<(i64, Option<i64>)> = rows.iter().map(|u| (u.id, u.parent_id)).collect();
    let mut invalid = input.validate(None, &pairs).err().unwrap_or_default();
    if input.version.is_some() {
        invalid.add("version", Reason::NotExpected);
    }
    // A new unit has no accounts yet, so no head.
    if input.head_user_id.is_some() {
        invalid.add("head_user_id", Reason::NotExpected);
    }
    if rows.iter().any(|u| u.name == input.name.trim()) {
        invalid.add("name", Reason::Taken);
    }
    invalid.into_result()?;
    let id = app
        .store
        .create_unit(&input, origin.audit(&user, "create", "unit"))
        .await?;
    let row = tree(&app)
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or_else(|| anyhow::anyhow!("unit {id} vanished"))?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// Renames, moves (a new parent, never below itself), names the head of
/// (an active account of the unit) or deactivates a unit, on version.
#[utoipa::path(put, path = "/api/units/{id}", tag = "units", params(("id" = i64, Path)),
    request_body = UnitInput, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Unit),
    (status = 403, description = "Only administrators", body = ErrorResponse),
    (status = 404, description = "No such unit", body = ErrorResponse),
    (status = 409, description = "Changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AdminOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(input): AppJson<UnitInput>,
) -> Result<Json<Unit>, ApiError> {
    let rows = tree(&app).await?;
    if !rows.iter().any(|u| u.id == id) {
        return Err(ErrorCode::NotFound.into());
    }
    let pairs: Vec<(i64, Option<i64>)> = rows.iter().map(|u| (u.id, u.parent_id)).collect();
    let mut invalid = input.validate(Some(id), &pairs).err().unwrap_or_default();
    if rows
        .iter()
        .any(|u| u.id != id && u.name == input.name.trim())
    {
        invalid.add("name", Reason::Taken);
    }
    if let Some(head) = input.head_user_id {
        let account = app.store.account(head).await?;
        if !account.is_some_and(|a| a.active && a.unit_id == Some(id)) {
            invalid.add("head_user_id", Reason::NotOfThisUnit);
        }
    }
    invalid.into_result()?;
    let version = required("version", input.version)?;
    app.store
        .update_unit(id, version, &input, origin.audit(&user, "update", "unit"))
        .await?
        .or_conflict()?;
    let row = tree(&app)
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or_else(|| anyhow::anyhow!("unit {id} vanished"))?;
    Ok(Json(row))
}
