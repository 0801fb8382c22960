//! Reassignments followed to the end: `GET /api/reassignments` (the office
//! and leaders: who serves where and until when, by where they stand
//! today), `GET /api/reassignments/{id}`, and `POST
//! /api/reassignments/{id}/return` (the office records the return to post
//! with the host unit's end-of-term grade and assessment).

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::reassignment::{Reassignment, ReassignmentReturn, ServingStatus};
use xiaoneng_domain::record::Page;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason};

use super::error::{ApiError, read_back};
use super::extract::{Allowed, Analysts, AppJson, AppQuery, OfficeOnly, Origin};
use super::paging::PageRequest;
use crate::AppState;
use crate::db::{ReassignmentFilter, ReassignmentRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(record_return))
}

fn to_reassignment(
    row: ReassignmentRow,
    today: chrono::NaiveDate,
) -> Result<Reassignment, ApiError> {
    let (Some(start), Some(end)) = (row.start_on, row.end_on) else {
        // Stored only through the decision's checks, which ask for both.
        return Err(anyhow::anyhow!("reassignment {} has no dates", row.id).into());
    };
    Ok(Reassignment {
        id: row.id,
        decision_id: row.decision_id,
        person_name: row.person_name,
        person_unit_id: row.person_unit_id,
        person_unit_name: row.person_unit_name,
        person_post: row.person_post,
        place: row.place.unwrap_or_default(),
        start,
        end,
        status: ServingStatus::of(start, end, row.returned_on.is_some(), today),
        days_left: (end - today).num_days(),
        returned_on: row.returned_on,
        host_grade: row.host_grade,
        host_assessment: row.host_assessment,
        recorded_by_name: row.recorded_by_name,
        recorded_at: row.recorded_at,
        version: row.version,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// `upcoming`, `serving` (ending soon included), `ending_soon`, `overdue` or `returned`.
    #[param(value_type = Option<ServingStatus>, inline)]
    status: Option<String>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Reassignments of decisions in force, newest decision first.
#[utoipa::path(get, path = "/api/reassignments", tag = "reassignments", params(ListQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Reassignment>),
    (status = 403, description = "Not the office or a leader", body = ErrorResponse),
    (status = 422, description = "A filter is refused", body = ErrorResponse),
))]
async fn list(
    State(app): State<AppState>,
    Allowed(_, _): Allowed<Analysts>,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<Reassignment>>, ApiError> {
    let mut invalid = Invalid::default();
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s) => {
            let parsed = ServingStatus::parse(s);
            if parsed.is_none() {
                invalid.add("status", Reason::NotFound);
            }
            parsed
        }
    };
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let today = app.today();
    let rows = app
        .store
        .list_reassignments(&ReassignmentFilter {
            status,
            today,
            after: page.after,
            limit: page.fetch(),
        })
        .await?;
    let (rows, next) = page.finish(rows, |r| (r.created_at, r.id));
    let items = rows
        .into_iter()
        .map(|r| to_reassignment(r, today))
        .collect::<Result<_, _>>()?;
    Ok(Json(Page { items, next }))
}

/// One reassignment.
#[utoipa::path(get, path = "/api/reassignments/{id}", tag = "reassignments", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The reassignment", body = Reassignment),
    (status = 403, description = "Not the office or a leader", body = ErrorResponse),
    (status = 404, description = "No such reassignment in force", body = ErrorResponse),
))]
async fn detail(
    State(app): State<AppState>,
    Allowed(_, _): Allowed<Analysts>,
    Path(id): Path<i64>,
) -> Result<Json<Reassignment>, ApiError> {
    let row = app
        .store
        .reassignment(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(Json(to_reassignment(row, app.today())?))
}

/// Records the return to post and the host unit's assessment, once.
#[utoipa::path(post, path = "/api/reassignments/{id}/return", tag = "reassignments", params(("id" = i64, Path)),
    request_body = ReassignmentReturn, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Recorded", body = Reassignment),
    (status = 403, description = "Only the office", body = ErrorResponse),
    (status = 404, description = "No such reassignment in force", body = ErrorResponse),
    (status = 409, description = "`conflict`: the decision changed since read; `wrong_state`: the return is recorded already", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn record_return(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(back): AppJson<ReassignmentReturn>,
) -> Result<Json<Reassignment>, ApiError> {
    let row = app
        .store
        .reassignment(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    if row.returned_on.is_some() {
        return Err(ErrorCode::WrongState.into());
    }
    if row.version != back.version {
        return Err(ErrorCode::Conflict.into());
    }
    let start = row.start_on.unwrap_or(back.returned_on);
    back.validate(start, app.today())?;
    app.store
        .record_return(id, &back, origin.audit(&user, "return", "reassignment"))
        .await?
        .or_conflict()?;
    let row = read_back(|| async {
        app.store
            .reassignment(id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("reassignment {id} vanished").into())
    })
    .await?;
    Ok(Json(to_reassignment(row, app.today())?))
}
