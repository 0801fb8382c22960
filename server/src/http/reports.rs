//! Citizen reports for the office: read them (with the contact, which only
//! the office ever sees), accept one as a finding, or decline it with a
//! reason the citizen will read.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::record::{NewFinding, Page, Source};
use xiaoneng_domain::report::{AcceptReport, DeclineReport, Report, ReportStatus};
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason};

use super::error::ApiError;
use super::extract::{Allowed, AppJson, AppQuery, OfficeOnly, Origin};
use super::files::serve_file;
use super::paging::PageRequest;
use crate::AppState;
use crate::db::ReportRow;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(photo))
        .routes(routes!(accept))
        .routes(routes!(decline))
}

async fn load(app: &AppState, id: i64) -> Result<Report, ApiError> {
    let row = app
        .store
        .report(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(row.into_report())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// `received`, `accepted` or `declined`.
    status: Option<String>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Reports, newest first.
#[utoipa::path(get, path = "/api/reports", tag = "reports", params(ListQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Report>),
    (status = 403, description = "Only the office reads reports", body = ErrorResponse),
    (status = 422, description = "A filter is refused", body = ErrorResponse),
))]
async fn list(
    State(app): State<AppState>,
    _user: Allowed<OfficeOnly>,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<Report>>, ApiError> {
    let mut invalid = Invalid::default();
    if let Some(status) = &query.status
        && ReportStatus::parse(status).is_none()
    {
        invalid.add("status", Reason::NotFound);
    }
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let rows = app
        .store
        .list_reports(query.status, page.after, page.fetch())
        .await?;
    let (rows, next) = page.finish(rows, |r| (r.report.received_at, r.report.id));
    let items = rows.into_iter().map(ReportRow::into_report).collect();
    Ok(Json(Page { items, next }))
}

/// One report.
#[utoipa::path(get, path = "/api/reports/{id}", tag = "reports", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The report", body = Report),
    (status = 404, description = "No such report", body = ErrorResponse),
))]
async fn detail(
    State(app): State<AppState>,
    _user: Allowed<OfficeOnly>,
    Path(id): Path<i64>,
) -> Result<Json<Report>, ApiError> {
    Ok(Json(load(&app, id).await?))
}

/// The report's photo.
#[utoipa::path(get, path = "/api/reports/{id}/photo", tag = "reports", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The photo", content_type = "application/octet-stream"),
    (status = 404, description = "No such report, or it has no photo", body = ErrorResponse),
))]
async fn photo(
    State(app): State<AppState>,
    _user: Allowed<OfficeOnly>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let report = load(&app, id).await?;
    let meta = report.photo.ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let (content_type, data) = app
        .store
        .report_photo(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let name = format!("{}-photo", report.code);
    serve_file(data, &content_type, &name, &name, &meta.sha256)
}

/// Accepts a report as a new finding (source: citizen report); the photo becomes its evidence.
#[utoipa::path(post, path = "/api/reports/{id}/accept", tag = "reports", params(("id" = i64, Path)),
    request_body = AcceptReport, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Accepted; `finding_id` names the finding", body = Report),
    (status = 404, description = "No such report", body = ErrorResponse),
    (status = 409, description = "`conflict`: changed since read; `wrong_state`: already decided", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn accept(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(req): AppJson<AcceptReport>,
) -> Result<Json<Report>, ApiError> {
    let report = load(&app, id).await?;
    if report.status != ReportStatus::Received {
        return Err(ErrorCode::WrongState.into());
    }
    if report.version != req.version {
        return Err(ErrorCode::Conflict.into());
    }
    let mut invalid = req.validate().err().unwrap_or_default();
    if !app.store.unit_exists(req.unit_id).await? {
        invalid.add("unit_id", Reason::NotFound);
    }
    invalid.into_result()?;
    let mut description = report.what.clone();
    if !report.place.is_empty() {
        description = format!("{description}\n\n地点：{}", report.place);
    }
    let today = app.today();
    let finding = NewFinding {
        unit_id: req.unit_id,
        source: Source::CitizenReport,
        dimension: req.dimension,
        severity: req.severity,
        title: req.title.trim().to_owned(),
        description,
        observed_on: report.happened_on.filter(|d| *d <= today).unwrap_or(today),
        people: vec![],
    };
    app.store
        .accept_report(
            id,
            req.version,
            &finding,
            user.id(),
            origin.audit(&user, "accept", "report"),
        )
        .await?
        .ok_or(ApiError::Code(ErrorCode::Conflict))?;
    Ok(Json(load(&app, id).await?))
}

/// Declines a report with the reason the citizen will read.
#[utoipa::path(post, path = "/api/reports/{id}/decline", tag = "reports", params(("id" = i64, Path)),
    request_body = DeclineReport, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Declined", body = Report),
    (status = 404, description = "No such report", body = ErrorResponse),
    (status = 409, description = "`conflict`: changed since read; `wrong_state`: already decided", body = ErrorResponse),
    (status = 422, description = "The reason is missing or too long", body = ErrorResponse),
))]
async fn decline(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(req): AppJson<DeclineReport>,
) -> Result<Json<Report>, ApiError> {
    let report = load(&app, id).await?;
    if report.status != ReportStatus::Received {
        return Err(ErrorCode::WrongState.into());
    }
    if report.version != req.version {
        return Err(ErrorCode::Conflict.into());
    }
    req.validate()?;
    app.store
        .decline_report(
            id,
            req.version,
            &req.reason,
            origin.audit(&user, "decline", "report"),
        )
        .await?
        .or_conflict()?;
    Ok(Json(load(&app, id).await?))
}
