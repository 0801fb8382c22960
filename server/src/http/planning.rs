//! Checklists, rounds, batches and visits.
//!
//! Plans are the office's: nobody else sees a round or a batch, and an
//! inspector sees only the visits assigned to them — another visit answers
//! 404 as if it did not exist. Liaisons, leaders and administrators are
//! refused every planning endpoint by role (403, whatever the id), so no
//! answer, count or error tells a unit anything about a visit.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::checklist::{Checklist, ChecklistActivation, ChecklistInput, ChecklistItem};
use xiaoneng_domain::planning::{
    Batch, Coverage, NewBatch, Round, RoundInput, UserRef, Visit, VisitInput, VisitMode,
    VisitStatus,
};
use xiaoneng_domain::record::Page;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason, Role};

use super::error::{ApiError, corrupt, required};
use super::extract::{
    Allowed, AppJson, AppQuery, ChecklistReaders, CurrentUser, Field, OfficeOnly, Origin,
};
use super::paging::PageRequest;
use crate::AppState;
use crate::db::{BatchRow, ChecklistRow, RoundRow, SaveOutcome, VisitFilter, VisitRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_inspectors))
        .routes(routes!(list_checklists, create_checklist))
        .routes(routes!(checklist, save_checklist))
        .routes(routes!(checklist_versions))
        .routes(routes!(activate_checklist))
        .routes(routes!(list_rounds, create_round))
        .routes(routes!(round, update_round))
        .routes(routes!(list_batches, create_batch))
        .routes(routes!(list_visits, create_visit))
        .routes(routes!(visit, update_visit))
}

pub(crate) fn to_checklist(row: ChecklistRow) -> Result<Checklist, ApiError> {
    let items: Vec<ChecklistItem> =
        serde_json::from_str(&row.items).map_err(|_| corrupt("checklist", &row.items))?;
    Ok(Checklist {
        id: row.id,
        template_id: row.template_id,
        number: row.number,
        name: row.name,
        items,
        in_use: row.in_use,
        latest: row.latest,
        active: row.active,
        template_version: row.template_version,
        created_by: row.created_by,
        created_at: row.created_at,
        version: row.version,
    })
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

/// The inspectors a visit may be assigned to (active users with that role).
#[utoipa::path(get, path = "/api/inspectors", tag = "planning", security(("session" = [])), responses(
    (status = 200, description = "By name", body = Vec<UserRef>),
    (status = 403, description = "Only the office plans", body = ErrorResponse),
))]
async fn list_inspectors(
    State(app): State<AppState>,
    _user: Allowed<OfficeOnly>,
) -> Result<Json<Vec<UserRef>>, ApiError> {
    Ok(Json(
        app.store
            .inspectors()
            .await?
            .into_iter()
            .map(|(id, name)| UserRef { id, name })
            .collect(),
    ))
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
    Ok(Json(
        rows.into_iter()
            .map(to_checklist)
            .collect::<Result<_, _>>()?,
    ))
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
    Ok((StatusCode::CREATED, Json(to_checklist(row)?)))
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
    Ok(Json(to_checklist(row)?))
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
    Ok(Json(
        rows.into_iter()
            .map(to_checklist)
            .collect::<Result<_, _>>()?,
    ))
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
    Ok((status, Json(to_checklist(row)?)))
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

async fn to_round(app: &AppState, row: RoundRow) -> Result<Round, ApiError> {
    let unit_ids = app.store.round_targets(row.id).await?;
    let visited = app.store.round_visited(row.id).await?;
    let unvisited = unit_ids
        .iter()
        .copied()
        .filter(|u| !visited.contains(u))
        .collect();
    Ok(Round {
        id: row.id,
        name: row.name,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        coverage: Coverage {
            targeted: unit_ids.len() as i64,
            visited: visited.len() as i64,
        },
        unit_ids,
        unvisited,
        created_at: row.created_at,
        version: row.version,
    })
}

async fn check_units(app: &AppState, ids: &[i64], invalid: &mut Invalid) -> Result<(), ApiError> {
    for id in ids {
        if !app.store.unit_exists(*id).await? {
            invalid.add("unit_ids", Reason::NotFound);
            break;
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct PageQuery {
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    limit: Option<i64>,
}

/// Rounds, newest first, with their coverage.
#[utoipa::path(get, path = "/api/rounds", tag = "planning", params(PageQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Round>),
    (status = 403, description = "Only the office sees plans", body = ErrorResponse),
))]
async fn list_rounds(
    State(app): State<AppState>,
    _user: Allowed<OfficeOnly>,
    AppQuery(query): AppQuery<PageQuery>,
) -> Result<Json<Page<Round>>, ApiError> {
    let mut invalid = Invalid::default();
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let rows = app
        .store
        .list_rounds(None, page.after, page.fetch())
        .await?;
    let (rows, next) = page.finish(rows, |r| (r.created_at, r.id));
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(to_round(&app, row).await?);
    }
    Ok(Json(Page { items, next }))
}

/// A new round with its target units.
#[utoipa::path(post, path = "/api/rounds", tag = "planning", request_body = RoundInput,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Created", body = Round),
    (status = 403, description = "Only the office plans", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create_round(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    AppJson(input): AppJson<RoundInput>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    let mut invalid = input.validate().err().unwrap_or_default();
    if input.version.is_some() {
        invalid.add("version", Reason::NotExpected);
    }
    check_units(&app, &input.unit_ids, &mut invalid).await?;
    invalid.into_result()?;
    let id = app
        .store
        .create_round(&input, user.id(), origin.audit(&user, "create", "round"))
        .await?;
    let row = app
        .store
        .round(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(to_round(&app, row).await?)))
}

/// One round with its coverage and the units not yet visited.
#[utoipa::path(get, path = "/api/rounds/{id}", tag = "planning", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The round", body = Round),
    (status = 403, description = "Only the office sees plans", body = ErrorResponse),
    (status = 404, description = "No such round", body = ErrorResponse),
))]
async fn round(
    State(app): State<AppState>,
    _user: Allowed<OfficeOnly>,
    Path(id): Path<i64>,
) -> Result<Json<Round>, ApiError> {
    let row = app
        .store
        .round(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(Json(to_round(&app, row).await?))
}

/// Renames, moves or retargets a round, on the version the caller saw.
#[utoipa::path(put, path = "/api/rounds/{id}", tag = "planning", params(("id" = i64, Path)),
    request_body = RoundInput, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Round),
    (status = 404, description = "No such round", body = ErrorResponse),
    (status = 409, description = "Changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update_round(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(input): AppJson<RoundInput>,
) -> Result<Json<Round>, ApiError> {
    app.store
        .round(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let mut invalid = input.validate().err().unwrap_or_default();
    if input.version.is_none() {
        invalid.add("version", Reason::Required);
    }
    check_units(&app, &input.unit_ids, &mut invalid).await?;
    for batch in app.store.batches(id).await? {
        if batch.starts_on < input.starts_on || batch.ends_on > input.ends_on {
            invalid.add("starts_on", Reason::OutsidePeriod);
        }
    }
    invalid.into_result()?;
    let saved = app
        .store
        .update_round(
            id,
            input.version.unwrap_or_default(),
            &input,
            origin.audit(&user, "update", "round"),
        )
        .await?;
    if !saved {
        return Err(ErrorCode::Conflict.into());
    }
    let row = app
        .store
        .round(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(Json(to_round(&app, row).await?))
}

fn to_batch(row: BatchRow) -> Batch {
    Batch {
        id: row.id,
        round_id: row.round_id,
        name: row.name,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        visits: row.visits,
        created_at: row.created_at,
    }
}

/// A round's batches, in date order.
#[utoipa::path(get, path = "/api/rounds/{id}/batches", tag = "planning", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The batches", body = Vec<Batch>),
    (status = 403, description = "Only the office sees plans", body = ErrorResponse),
    (status = 404, description = "No such round", body = ErrorResponse),
))]
async fn list_batches(
    State(app): State<AppState>,
    _user: Allowed<OfficeOnly>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Batch>>, ApiError> {
    app.store
        .round(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let rows = app.store.batches(id).await?;
    Ok(Json(rows.into_iter().map(to_batch).collect()))
}

/// A new batch (typically a week) within a round.
#[utoipa::path(post, path = "/api/rounds/{id}/batches", tag = "planning", params(("id" = i64, Path)),
    request_body = NewBatch, security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Created", body = Batch),
    (status = 404, description = "No such round", body = ErrorResponse),
    (status = 422, description = "A field is refused, or the dates lie outside the round", body = ErrorResponse),
))]
async fn create_batch(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(new): AppJson<NewBatch>,
) -> Result<(StatusCode, Json<Batch>), ApiError> {
    let round = app
        .store
        .round(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    new.validate((round.starts_on, round.ends_on))?;
    let batch = app
        .store
        .create_batch(id, &new, origin.audit(&user, "create", "batch"))
        .await?;
    let row = app
        .store
        .batch(batch)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(to_batch(row))))
}

pub(crate) async fn to_visit(app: &AppState, row: VisitRow) -> Result<Visit, ApiError> {
    let inspectors = app
        .store
        .visit_inspectors(row.id)
        .await?
        .into_iter()
        .map(|(id, name)| UserRef { id, name })
        .collect();
    let status = match row.inspection_state.as_deref() {
        None => VisitStatus::Planned,
        Some("draft") => VisitStatus::InProgress,
        Some(_) => VisitStatus::Done,
    };
    Ok(Visit {
        id: row.id,
        round_id: row.round_id,
        round_name: row.round_name,
        batch_id: row.batch_id,
        batch_name: row.batch_name,
        unit_id: row.unit_id,
        unit_name: row.unit_name,
        planned_on: row.planned_on,
        mode: VisitMode::parse(&row.mode).ok_or_else(|| corrupt("mode", &row.mode))?,
        inspectors,
        checklist_id: row.checklist_id,
        status,
        created_at: row.created_at,
        version: row.version,
    })
}

/// The visit, if the caller may see it: the office every visit, an
/// inspector those assigned to them (404 otherwise).
pub(crate) async fn load_visit(
    app: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<Visit, ApiError> {
    let row = app
        .store
        .visit(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let visit = to_visit(app, row).await?;
    match user.role {
        Role::Office => Ok(visit),
        Role::Inspector if visit.inspectors.iter().any(|i| i.id == user.id()) => Ok(visit),
        Role::Inspector => Err(ErrorCode::NotFound.into()),
        _ => Err(ErrorCode::Forbidden.into()),
    }
}

/// Checks what only the database knows: the batch and its period, the
/// round's targets, the inspectors' role, the checklist (the active version,
/// unless the visit already had this one: `kept`).
async fn check_visit(
    app: &AppState,
    input: &VisitInput,
    kept: Option<i64>,
) -> Result<(), ApiError> {
    let mut invalid = input.validate().err().unwrap_or_default();
    match app.store.batch(input.batch_id).await? {
        None => invalid.add("batch_id", Reason::NotFound),
        Some(batch) => {
            input.check_period((batch.starts_on, batch.ends_on), &mut invalid);
            if !app
                .store
                .round_targets(batch.round_id)
                .await?
                .contains(&input.unit_id)
            {
                invalid.add("unit_id", Reason::NotATarget);
            }
        }
    }
    if invalid.reason("inspector_ids").is_none() {
        let found = app.store.inspectors_among(&input.inspector_ids).await?;
        if found.len() != input.inspector_ids.len() {
            invalid.add("inspector_ids", Reason::NotAnInspector);
        }
    }
    match app.store.checklist(input.checklist_id).await? {
        None => invalid.add("checklist_id", Reason::NotFound),
        Some(c) if !c.active && kept != Some(c.id) => {
            invalid.add("checklist_id", Reason::NotActive)
        }
        Some(_) => {}
    }
    Ok(invalid.into_result()?)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct VisitQuery {
    round: Option<i64>,
    batch: Option<i64>,
    unit: Option<i64>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    limit: Option<i64>,
}

/// Visits, newest planned first: every visit for the office, an inspector's own for an inspector.
#[utoipa::path(get, path = "/api/visits", tag = "planning", params(VisitQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Visit>),
    (status = 403, description = "Neither the office nor an inspector", body = ErrorResponse),
    (status = 422, description = "A bad cursor or limit", body = ErrorResponse),
))]
async fn list_visits(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Field>,
    AppQuery(query): AppQuery<VisitQuery>,
) -> Result<Json<Page<Visit>>, ApiError> {
    let mut invalid = Invalid::default();
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let filter = VisitFilter {
        assigned_to: (user.role == Role::Inspector).then(|| user.id()),
        round: query.round,
        batch: query.batch,
        unit: query.unit,
        after: page.after,
        limit: page.fetch(),
    };
    let rows = app.store.list_visits(&filter).await?;
    let (rows, next) = page.finish(rows, |r| (r.created_at, r.id));
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(to_visit(&app, row).await?);
    }
    Ok(Json(Page { items, next }))
}

/// Plans a visit.
#[utoipa::path(post, path = "/api/visits", tag = "planning", request_body = VisitInput,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Planned", body = Visit),
    (status = 403, description = "Only the office plans", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create_visit(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    AppJson(input): AppJson<VisitInput>,
) -> Result<(StatusCode, Json<Visit>), ApiError> {
    if input.version.is_some() {
        let mut invalid = Invalid::default();
        invalid.add("version", Reason::NotExpected);
        return Err(invalid.into());
    }
    check_visit(&app, &input, None).await?;
    let id = app
        .store
        .create_visit(&input, user.id(), origin.audit(&user, "create", "visit"))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(load_visit(&app, &user, id).await?),
    ))
}

/// One visit.
#[utoipa::path(get, path = "/api/visits/{id}", tag = "planning", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The visit", body = Visit),
    (status = 403, description = "Neither the office nor an inspector", body = ErrorResponse),
    (status = 404, description = "No such visit assigned to the caller", body = ErrorResponse),
))]
async fn visit(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Field>,
    Path(id): Path<i64>,
) -> Result<Json<Visit>, ApiError> {
    Ok(Json(load_visit(&app, &user, id).await?))
}

/// Reschedules or reassigns a visit that has not started.
#[utoipa::path(put, path = "/api/visits/{id}", tag = "planning", params(("id" = i64, Path)),
    request_body = VisitInput, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Visit),
    (status = 404, description = "No such visit", body = ErrorResponse),
    (status = 409, description = "Changed since read, or its inspection has started", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update_visit(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(input): AppJson<VisitInput>,
) -> Result<Json<Visit>, ApiError> {
    let current = load_visit(&app, &user, id).await?;
    let version = required("version", input.version)?;
    if current.status != VisitStatus::Planned {
        return Err(ErrorCode::WrongState.into());
    }
    check_visit(&app, &input, Some(current.checklist_id)).await?;
    if !app
        .store
        .update_visit(id, version, &input, origin.audit(&user, "update", "visit"))
        .await?
    {
        return Err(ErrorCode::Conflict.into());
    }
    Ok(Json(load_visit(&app, &user, id).await?))
}
