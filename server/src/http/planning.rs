//! Rounds, batches and visits (checklists: `checklists.rs`).
//!
//! The office's plans are the office's: no unit sees its rounds, batches or
//! visits, and an inspector sees only the visits assigned to them — another
//! visit answers 404 as if it did not exist. A unit may run its own self- and
//! mutual inspections inside its tree (自查 / 互查): its liaisons plan them
//! and its liaisons inspect, and the office reads them (it does not change
//! them). A liaison reaches only those rounds — an office round, batch or
//! visit answers them 404, and no list holds one — so no answer, count or
//! error tells a unit anything about the office's visits. Leaders and
//! administrators are refused every planning endpoint by role (403).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::access::{self, PlanUse};
use xiaoneng_domain::checklist::InspectionState;
use xiaoneng_domain::planning::{
    Batch, Coverage, NewBatch, Round, RoundInput, RoundKind, UserRef, Visit, VisitInput,
    VisitStatus,
};
use xiaoneng_domain::record::Page;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason, Role};

use super::error::{ApiError, required};
use super::extract::{Allowed, AppJson, AppQuery, CurrentUser, Field, Origin, Planners};
use super::paging::PageRequest;
use crate::AppState;
use crate::db::{RoundFilter, VisitFilter, VisitRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_inspectors))
        .routes(routes!(list_rounds, create_round))
        .routes(routes!(round, update_round))
        .routes(routes!(list_batches, create_batch))
        .routes(routes!(list_visits, create_visit))
        .routes(routes!(visit, update_visit))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct InspectorQuery {
    /// The round the visit belongs to: a unit's round takes the liaisons of
    /// its tree; without it, the office's inspectors.
    round: Option<i64>,
}

/// Who a visit may be assigned to: for the office's rounds the active
/// inspectors; for a unit's round the active liaisons of its tree (each
/// named with their unit).
#[utoipa::path(get, path = "/api/inspectors", tag = "planning", params(InspectorQuery),
    security(("session" = [])), responses(
    (status = 200, description = "By name", body = Vec<UserRef>),
    (status = 403, description = "Not the round's planner", body = ErrorResponse),
    (status = 404, description = "No such round within the caller's reach", body = ErrorResponse),
))]
async fn list_inspectors(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Planners>,
    AppQuery(query): AppQuery<InspectorQuery>,
) -> Result<Json<Vec<UserRef>>, ApiError> {
    let owner = match query.round {
        Some(id) => {
            round_for(&app, &user, id, PlanUse::Plan)
                .await?
                .owner_unit_id
        }
        None if user.role == Role::Office => None,
        None => return Err(ErrorCode::Forbidden.into()),
    };
    let people = match owner {
        None => app
            .store
            .inspectors()
            .await?
            .into_iter()
            .map(|(id, name)| UserRef { id, name })
            .collect(),
        Some(owner) => app
            .store
            .liaisons_within(owner)
            .await?
            .into_iter()
            .map(|(id, name, _, unit)| UserRef {
                id,
                name: format!("{name}({unit})"),
            })
            .collect(),
    };
    Ok(Json(people))
}

/// The liaison's unit and every unit below it.
async fn liaison_tree(app: &AppState, user: &CurrentUser) -> Result<Vec<i64>, ApiError> {
    let root = user.own_unit()?;
    Ok(app.store.unit_subtree(root).await?)
}

/// May `user` use a round run by `owner` (none: the office's) this way?
/// `assigned`: the caller inspects one of its visits. The rule is the
/// domain's (`access::plan`); here only the liaison's tree is read, and
/// only for a unit's round.
async fn check_reach(
    app: &AppState,
    user: &CurrentUser,
    owner: Option<i64>,
    assigned: bool,
    usage: PlanUse,
) -> Result<(), ApiError> {
    let tree = match (user.role, owner) {
        (Role::Liaison, Some(_)) => liaison_tree(app, user).await?,
        _ => vec![],
    };
    let facts = access::PlanFacts { owner, assigned };
    Ok(access::plan(user.role, &tree, facts, usage).check()?)
}

/// The round, if the caller may use it so.
async fn round_for(
    app: &AppState,
    user: &CurrentUser,
    id: i64,
    usage: PlanUse,
) -> Result<Round, ApiError> {
    let row = app
        .store
        .round(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    check_reach(app, user, row.owner_unit_id, false, usage).await?;
    Ok(row)
}

async fn to_round(app: &AppState, row: Round) -> Result<Round, ApiError> {
    let unit_ids = app.store.round_targets(row.id).await?;
    let visited = app.store.round_visited(row.id).await?;
    let unvisited = unit_ids
        .iter()
        .copied()
        .filter(|u| !visited.contains(u))
        .collect();
    Ok(Round {
        coverage: Coverage {
            targeted: unit_ids.len() as i64,
            visited: visited.len() as i64,
        },
        unit_ids,
        unvisited,
        ..row
    })
}

/// Checks what only the database knows of a round: its targets exist and,
/// in a unit's round, lie in the tree of its unit, which lies in the
/// caller's (a liaison's) tree.
async fn check_round(
    app: &AppState,
    user: &CurrentUser,
    input: &RoundInput,
    invalid: &mut Invalid,
) -> Result<(), ApiError> {
    for id in &input.unit_ids {
        if !app.store.unit_exists(*id).await? {
            invalid.add("unit_ids", Reason::NotFound);
            break;
        }
    }
    let Some(owner) = input.owner_unit_id else {
        return Ok(());
    };
    if !liaison_tree(app, user).await?.contains(&owner) {
        invalid.add("owner_unit_id", Reason::OutsideOwnTree);
        return Ok(());
    }
    let tree = app.store.unit_subtree(owner).await?;
    if input.unit_ids.iter().any(|u| !tree.contains(u)) {
        invalid.add("unit_ids", Reason::OutsideOwnTree);
    }
    Ok(())
}

/// The office plans its own rounds, a liaison their units' own.
fn check_kind(user: &CurrentUser, kind: RoundKind) -> Result<(), ApiError> {
    if kind.is_units() == (user.role == Role::Liaison) {
        Ok(())
    } else {
        Err(ErrorCode::Forbidden.into())
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct RoundQuery {
    /// Only rounds of this kind.
    kind: Option<RoundKind>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Rounds, newest first, with their coverage: every round for the office
/// (its own and the units' self- and mutual inspections), a liaison's
/// units' own for a liaison.
#[utoipa::path(get, path = "/api/rounds", tag = "planning", params(RoundQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Round>),
    (status = 403, description = "Neither the office nor a liaison", body = ErrorResponse),
    (status = 422, description = "A bad query parameter", body = ErrorResponse),
))]
async fn list_rounds(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Planners>,
    AppQuery(query): AppQuery<RoundQuery>,
) -> Result<Json<Page<Round>>, ApiError> {
    let mut invalid = Invalid::default();
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let owner_within = match user.role {
        Role::Liaison => Some(user.own_unit()?),
        _ => None,
    };
    let rows = app
        .store
        .list_rounds(&RoundFilter {
            kind: query.kind.map(|k| k.as_str().to_owned()),
            owner_within,
            after: page.after,
            limit: page.fetch(),
        })
        .await?;
    let (rows, next) = page.finish(rows, |r| (r.created_at, r.id));
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(to_round(&app, row).await?);
    }
    Ok(Json(Page { items, next }))
}

/// A new round with its target units: the office's (`kind` office), or a
/// liaison's self- or mutual inspection run by a unit of their tree.
#[utoipa::path(post, path = "/api/rounds", tag = "planning", request_body = RoundInput,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Created", body = Round),
    (status = 403, description = "Not a kind of round the caller plans", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create_round(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Planners>,
    origin: Origin,
    AppJson(input): AppJson<RoundInput>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    check_kind(&user, input.kind)?;
    let mut invalid = input.validate().err().unwrap_or_default();
    if input.version.is_some() {
        invalid.add("version", Reason::NotExpected);
    }
    check_round(&app, &user, &input, &mut invalid).await?;
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
    (status = 403, description = "Neither the office nor a liaison", body = ErrorResponse),
    (status = 404, description = "No such round within the caller's reach", body = ErrorResponse),
))]
async fn round(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Planners>,
    Path(id): Path<i64>,
) -> Result<Json<Round>, ApiError> {
    let row = round_for(&app, &user, id, PlanUse::Read).await?;
    Ok(Json(to_round(&app, row).await?))
}

/// Renames, moves or retargets a round, on the version the caller saw (its
/// kind and unit stay as made).
#[utoipa::path(put, path = "/api/rounds/{id}", tag = "planning", params(("id" = i64, Path)),
    request_body = RoundInput, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Round),
    (status = 403, description = "Not the round's planner", body = ErrorResponse),
    (status = 404, description = "No such round within the caller's reach", body = ErrorResponse),
    (status = 409, description = "Changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update_round(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Planners>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(input): AppJson<RoundInput>,
) -> Result<Json<Round>, ApiError> {
    let current = round_for(&app, &user, id, PlanUse::Plan).await?;
    let mut invalid = input.validate().err().unwrap_or_default();
    if input.version.is_none() {
        invalid.add("version", Reason::Required);
    }
    if input.kind != current.kind {
        invalid.add("kind", Reason::Locked);
    }
    if input.owner_unit_id != current.owner_unit_id {
        invalid.add("owner_unit_id", Reason::Locked);
    }
    check_round(&app, &user, &input, &mut invalid).await?;
    for batch in app.store.batches(id).await? {
        if batch.starts_on < input.starts_on || batch.ends_on > input.ends_on {
            invalid.add("starts_on", Reason::OutsidePeriod);
        }
    }
    invalid.into_result()?;
    app.store
        .update_round(
            id,
            input.version.unwrap_or_default(),
            &input,
            origin.audit(&user, "update", "round"),
        )
        .await?
        .or_conflict()?;
    let row = app
        .store
        .round(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(Json(to_round(&app, row).await?))
}

/// A round's batches, in date order.
#[utoipa::path(get, path = "/api/rounds/{id}/batches", tag = "planning", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The batches", body = Vec<Batch>),
    (status = 403, description = "Neither the office nor a liaison", body = ErrorResponse),
    (status = 404, description = "No such round within the caller's reach", body = ErrorResponse),
))]
async fn list_batches(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Planners>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Batch>>, ApiError> {
    round_for(&app, &user, id, PlanUse::Read).await?;
    let rows = app.store.batches(id).await?;
    Ok(Json(rows))
}

/// A new batch (typically a week) within a round.
#[utoipa::path(post, path = "/api/rounds/{id}/batches", tag = "planning", params(("id" = i64, Path)),
    request_body = NewBatch, security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Created", body = Batch),
    (status = 403, description = "Not the round's planner", body = ErrorResponse),
    (status = 404, description = "No such round within the caller's reach", body = ErrorResponse),
    (status = 422, description = "A field is refused, or the dates lie outside the round", body = ErrorResponse),
))]
async fn create_batch(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Planners>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(new): AppJson<NewBatch>,
) -> Result<(StatusCode, Json<Batch>), ApiError> {
    let round = round_for(&app, &user, id, PlanUse::Plan).await?;
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
    Ok((StatusCode::CREATED, Json(row)))
}

pub(crate) async fn to_visit(app: &AppState, row: VisitRow) -> Result<Visit, ApiError> {
    let inspectors = app
        .store
        .visit_inspectors(row.id)
        .await?
        .into_iter()
        .map(|(id, name)| UserRef { id, name })
        .collect();
    let status = match row.inspection_state {
        None => VisitStatus::Planned,
        Some(InspectionState::Draft) => VisitStatus::InProgress,
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
        mode: row.mode,
        inspectors,
        checklist_id: row.checklist_id,
        status,
        created_at: row.created_at,
        version: row.version,
    })
}

/// The visit, if the caller may see it: the office every visit, an
/// inspector those assigned to them, a liaison those of their units' own
/// rounds and those they inspect (404 otherwise).
pub(crate) async fn load_visit(
    app: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<Visit, ApiError> {
    visit_for(app, user, id, PlanUse::Read).await
}

/// The visit, if the caller may use it so (see [`check_reach`]).
pub(crate) async fn visit_for(
    app: &AppState,
    user: &CurrentUser,
    id: i64,
    usage: PlanUse,
) -> Result<Visit, ApiError> {
    let row = app
        .store
        .visit(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let owner = row.owner_unit_id;
    let visit = to_visit(app, row).await?;
    let assigned = visit.inspectors.iter().any(|i| i.id == user.id());
    check_reach(app, user, owner, assigned, usage).await?;
    Ok(visit)
}

/// Checks what only the database knows: the batch (in a round the caller
/// plans) and its period, the round's targets, who inspects (the office's
/// inspectors; in a unit's round, liaisons of its tree — in a mutual
/// inspection none of the unit visited), the checklist (the active version,
/// unless the visit already had this one: `kept`).
async fn check_visit(
    app: &AppState,
    user: &CurrentUser,
    input: &VisitInput,
    kept: Option<i64>,
) -> Result<(), ApiError> {
    let mut invalid = input.validate().err().unwrap_or_default();
    let mut round = None;
    if let Some(batch) = app.store.batch(input.batch_id).await? {
        match round_for(app, user, batch.round_id, PlanUse::Plan).await {
            Ok(row) => {
                input.check_period((batch.starts_on, batch.ends_on), &mut invalid);
                if !app
                    .store
                    .round_targets(batch.round_id)
                    .await?
                    .contains(&input.unit_id)
                {
                    invalid.add("unit_id", Reason::NotATarget);
                }
                round = Some(row);
            }
            // Out of reach looks like no batch at all.
            Err(ApiError::Code(ErrorCode::NotFound)) => {}
            Err(e) => return Err(e),
        }
    }
    let Some(round) = round else {
        invalid.add("batch_id", Reason::NotFound);
        return Err(invalid.into());
    };
    if invalid.reason("inspector_ids").is_none() {
        match round.owner_unit_id {
            None => {
                let found = app.store.inspectors_among(&input.inspector_ids).await?;
                if found.len() != input.inspector_ids.len() {
                    invalid.add("inspector_ids", Reason::NotAnInspector);
                }
            }
            Some(owner) => {
                let eligible = app.store.liaisons_within(owner).await?;
                let unit_of = |id: &i64| eligible.iter().find(|e| e.0 == *id).map(|e| e.2);
                if input.inspector_ids.iter().any(|i| unit_of(i).is_none()) {
                    invalid.add("inspector_ids", Reason::OutsideOwnTree);
                } else if round.kind == RoundKind::Mutual
                    && input
                        .inspector_ids
                        .iter()
                        .any(|i| unit_of(i) == Some(input.unit_id))
                {
                    invalid.add("inspector_ids", Reason::InspectsOwnUnit);
                }
            }
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
    /// `true`: only the visits still to make (no inspection submitted).
    open: Option<bool>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Visits, newest planned first: every visit for the office, an inspector's
/// own for an inspector, a liaison's units' own rounds' and those they
/// inspect for a liaison.
#[utoipa::path(get, path = "/api/visits", tag = "planning", params(VisitQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Visit>),
    (status = 403, description = "Neither the office, an inspector nor a liaison", body = ErrorResponse),
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
    let liaison = match user.role {
        Role::Liaison => Some((user.own_unit()?, user.id())),
        _ => None,
    };
    let filter = VisitFilter {
        assigned_to: (user.role == Role::Inspector).then(|| user.id()),
        liaison,
        round: query.round,
        batch: query.batch,
        unit: query.unit,
        open: query.open.unwrap_or(false),
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
    (status = 403, description = "Not the round's planner", body = ErrorResponse),
    (status = 422, description = "A field is refused (a batch out of reach is `batch_id` not found)", body = ErrorResponse),
))]
async fn create_visit(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Planners>,
    origin: Origin,
    AppJson(input): AppJson<VisitInput>,
) -> Result<(StatusCode, Json<Visit>), ApiError> {
    if input.version.is_some() {
        let mut invalid = Invalid::default();
        invalid.add("version", Reason::NotExpected);
        return Err(invalid.into());
    }
    check_visit(&app, &user, &input, None).await?;
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
    (status = 403, description = "Neither the office, an inspector nor a liaison", body = ErrorResponse),
    (status = 404, description = "No such visit within the caller's reach", body = ErrorResponse),
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
    (status = 403, description = "Not the round's planner", body = ErrorResponse),
    (status = 404, description = "No such visit within the caller's reach", body = ErrorResponse),
    (status = 409, description = "Changed since read, or its inspection has started", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update_visit(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Planners>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(input): AppJson<VisitInput>,
) -> Result<Json<Visit>, ApiError> {
    let current = visit_for(&app, &user, id, PlanUse::Plan).await?;
    let version = required("version", input.version)?;
    if current.status != VisitStatus::Planned {
        return Err(ErrorCode::WrongState.into());
    }
    check_visit(&app, &user, &input, Some(current.checklist_id)).await?;
    app.store
        .update_visit(id, version, &input, origin.audit(&user, "update", "visit"))
        .await?
        .or_conflict()?;
    Ok(Json(load_visit(&app, &user, id).await?))
}
