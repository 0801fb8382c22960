//! Checklist templates and their versions: the office keeps them; saving a
//! version an inspection used makes the next one; one version of each is
//! active, the one new visits take.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::checklist::{Checklist, ChecklistActivation, ChecklistInput, ChecklistItem};
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason};

use super::error::ApiError;
use super::extract::{Allowed, AppJson, AppQuery, ChecklistReaders, OfficeOnly, Origin};
use crate::AppState;
use crate::db::SaveOutcome;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_checklists, create_checklist))
        .routes(routes!(checklist, save_checklist))
        .routes(routes!(checklist_versions))
        .routes(routes!(activate_checklist))
}

fn items_json(input: &ChecklistInput) -> Result<String, ApiError> {
    let items: Vec<ChecklistItem> = input
        .items
        .iter()
        .map(|i| ChecklistItem {
            key: i.key.trim().to_owned(),
            text: i.text.trim().to_owned(),
            guidance: i.guidance.trim().to_owned(),
            ..i.clone()
        })
        .collect();
    Ok(serde_json::to_string(&items).map_err(anyhow::Error::from)?)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ChecklistQuery {
    /// `true`: the version of each template new visits take, instead of the newest.
    active: Option<bool>,
}

/// Every checklist template: its newest version, or with `active=true` the
/// version new visits take.
#[utoipa::path(get, path = "/api/checklists", tag = "planning", params(ChecklistQuery),
    security(("session" = [])), responses(
    (status = 200, description = "The templates", body = Vec<Checklist>),
    (status = 403, description = "Liaisons and administrators", body = ErrorResponse),
    (status = 422, description = "A bad query parameter", body = ErrorResponse),
))]
async fn list_checklists(
    State(app): State<AppState>,
    _user: Allowed<ChecklistReaders>,
    AppQuery(query): AppQuery<ChecklistQuery>,
) -> Result<Json<Vec<Checklist>>, ApiError> {
    let rows = if query.active == Some(true) {
        app.store.active_checklists().await?
    } else {
        app.store.latest_checklists().await?
    };
    Ok(Json(rows))
}

/// A new template (its version 1).
#[utoipa::path(post, path = "/api/checklists", tag = "planning", request_body = ChecklistInput,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Created", body = Checklist),
    (status = 403, description = "Only the office keeps checklists", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create_checklist(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    AppJson(input): AppJson<ChecklistInput>,
) -> Result<(StatusCode, Json<Checklist>), ApiError> {
    input.validate()?;
    if input.version.is_some() {
        let mut invalid = Invalid::default();
        invalid.add("version", Reason::NotExpected);
        return Err(invalid.into());
    }
    let id = app
        .store
        .create_checklist(
            input.name.trim(),
            &items_json(&input)?,
            user.id(),
            origin.audit(&user, "create", "checklist"),
        )
        .await?;
    let row = app
        .store
        .checklist(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// One version of a template.
#[utoipa::path(get, path = "/api/checklists/{id}", tag = "planning", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The version", body = Checklist),
    (status = 404, description = "No such version", body = ErrorResponse),
))]
async fn checklist(
    State(app): State<AppState>,
    _user: Allowed<ChecklistReaders>,
    Path(id): Path<i64>,
) -> Result<Json<Checklist>, ApiError> {
    let row = app
        .store
        .checklist(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(Json(row))
}

/// Every version of the template `id` belongs to, oldest first (to compare them).
#[utoipa::path(get, path = "/api/checklists/{id}/versions", tag = "planning", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The versions", body = Vec<Checklist>),
    (status = 404, description = "No such version", body = ErrorResponse),
))]
async fn checklist_versions(
    State(app): State<AppState>,
    _user: Allowed<ChecklistReaders>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Checklist>>, ApiError> {
    let row = app
        .store
        .checklist(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let rows = app.store.checklist_versions(row.template_id).await?;
    Ok(Json(rows))
}

/// Saves the newest version of a template: in place while no inspection has
/// used it, otherwise as a new version (the answer's `number` and `id` say
/// which); inspections keep the version they used.
#[utoipa::path(put, path = "/api/checklists/{id}", tag = "planning", params(("id" = i64, Path)),
    request_body = ChecklistInput, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved in place", body = Checklist),
    (status = 201, description = "Saved as a new version", body = Checklist),
    (status = 404, description = "No such version", body = ErrorResponse),
    (status = 409, description = "Not the newest version, or changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn save_checklist(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(input): AppJson<ChecklistInput>,
) -> Result<(StatusCode, Json<Checklist>), ApiError> {
    let mut invalid = input.validate().err().unwrap_or_default();
    if input.version.is_none() {
        invalid.add("version", Reason::Required);
    }
    invalid.into_result()?;
    let outcome = app
        .store
        .save_checklist(
            id,
            input.version.unwrap_or_default(),
            input.name.trim(),
            &items_json(&input)?,
            user.id(),
            origin.audit(&user, "update", "checklist"),
        )
        .await?;
    saved_checklist(&app, outcome).await
}

/// The answer to a write on a checklist: the version it left (201 when a
/// new one), 409 when stale, 404 when missing.
async fn saved_checklist(
    app: &AppState,
    outcome: SaveOutcome,
) -> Result<(StatusCode, Json<Checklist>), ApiError> {
    let (status, saved) = match outcome {
        SaveOutcome::Saved(id) => (StatusCode::OK, id),
        SaveOutcome::NewVersion(id) => (StatusCode::CREATED, id),
        SaveOutcome::Stale => return Err(ErrorCode::Conflict.into()),
        SaveOutcome::Missing => return Err(ErrorCode::NotFound.into()),
    };
    let row = app
        .store
        .checklist(saved)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok((status, Json(row)))
}

/// Activates a version for new visits (any version, so the office can go
/// back to an earlier one); visits already planned keep theirs.
#[utoipa::path(post, path = "/api/checklists/{id}/activate", tag = "planning", params(("id" = i64, Path)),
    request_body = ChecklistActivation, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Active", body = Checklist),
    (status = 403, description = "Only the office keeps checklists", body = ErrorResponse),
    (status = 404, description = "No such version", body = ErrorResponse),
    (status = 409, description = "Another version was activated since read", body = ErrorResponse),
))]
async fn activate_checklist(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(input): AppJson<ChecklistActivation>,
) -> Result<Json<Checklist>, ApiError> {
    let outcome = app
        .store
        .activate_checklist(
            id,
            input.template_version,
            origin.audit(&user, "activate", "checklist"),
        )
        .await?;
    let (_, activated) = saved_checklist(&app, outcome).await?;
    Ok(activated)
}
