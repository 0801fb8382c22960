//! What the system sends besides the inbox, as the office and each user
//! see it: `GET`/`PUT /api/me/notification-settings` (the caller's own
//! address, language and per-kind choices), `GET /api/deliveries/failed`
//! and `POST /api/deliveries/{id}/retry` (the office: messages given up
//! on), `GET`/`PUT /api/settings/escalation` (the escalation ladder: the
//! office keeps it, leaders read it).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::notification::{FailedDelivery, NotificationSettings};
use xiaoneng_domain::record::Page;
use xiaoneng_domain::reminder::{Ladder, check_ladder};
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid};

use super::error::ApiError;
use super::extract::{Allowed, AppJson, AppQuery, CurrentUser, OfficeOnly, Origin};
use super::paging::PageRequest;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_settings, put_my_settings))
        .routes(routes!(failed))
        .routes(routes!(retry))
        .routes(routes!(ladder, put_ladder))
}

/// The caller's address, language and choices.
#[utoipa::path(get, path = "/api/me/notification-settings", tag = "notifications",
    security(("session" = [])), responses(
    (status = 200, description = "The settings", body = NotificationSettings),
))]
async fn my_settings(
    State(app): State<AppState>,
    user: CurrentUser,
) -> Result<Json<NotificationSettings>, ApiError> {
    Ok(Json(app.store.notification_settings(user.id()).await?))
}

/// Replaces the caller's address, language and choices. A kind that asks
/// its reader to act cannot be switched off (422 names it).
#[utoipa::path(put, path = "/api/me/notification-settings", tag = "notifications",
    request_body = NotificationSettings, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = NotificationSettings),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn put_my_settings(
    State(app): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(settings): AppJson<NotificationSettings>,
) -> Result<Json<NotificationSettings>, ApiError> {
    settings.validate()?;
    let settings = settings.normalized();
    app.store
        .set_notification_settings(
            user.id(),
            &settings,
            origin.audit(&user, "update", "notification_settings"),
        )
        .await?;
    Ok(Json(app.store.notification_settings(user.id()).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct FailedQuery {
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Messages given up on after every attempt, newest first.
#[utoipa::path(get, path = "/api/deliveries/failed", tag = "notifications", params(FailedQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<FailedDelivery>),
    (status = 403, description = "Only the office", body = ErrorResponse),
))]
async fn failed(
    State(app): State<AppState>,
    _user: Allowed<OfficeOnly>,
    AppQuery(query): AppQuery<FailedQuery>,
) -> Result<Json<Page<FailedDelivery>>, ApiError> {
    let mut invalid = Invalid::default();
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let rows = app
        .store
        .failed_deliveries(page.after.map(|(_, id)| id), page.fetch())
        .await?;
    let (items, next) = page.finish(rows, |r| (r.created_at, r.id));
    Ok(Json(Page { items, next }))
}

/// Puts a failed message back in the queue: it is tried again at once.
#[utoipa::path(post, path = "/api/deliveries/{id}/retry", tag = "notifications",
    params(("id" = i64, Path)), security(("session" = [], "csrf" = [])), responses(
    (status = 204, description = "Queued again"),
    (status = 404, description = "No failed message with this id", body = ErrorResponse),
))]
async fn retry(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    if app
        .store
        .retry_delivery(id, origin.audit(&user, "retry", "delivery"))
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ErrorCode::NotFound.into())
    }
}

/// The escalation ladder the daily pass climbs.
#[utoipa::path(get, path = "/api/settings/escalation", tag = "notifications",
    security(("session" = [])), responses(
    (status = 200, description = "The ladder", body = Ladder),
    (status = 403, description = "Only the office and leaders", body = ErrorResponse),
))]
async fn ladder(
    State(app): State<AppState>,
    _user: Allowed<super::extract::Analysts>,
) -> Result<Json<Ladder>, ApiError> {
    Ok(Json(Ladder {
        rungs: app.store.escalation_ladder().await?,
    }))
}

/// Replaces the escalation ladder (1–10 rungs, each after 1–60 working days, no two on one day).
#[utoipa::path(put, path = "/api/settings/escalation", tag = "notifications",
    request_body = Ladder, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Ladder),
    (status = 422, description = "A rung is refused", body = ErrorResponse),
))]
async fn put_ladder(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    AppJson(ladder): AppJson<Ladder>,
) -> Result<Json<Ladder>, ApiError> {
    check_ladder(&ladder.rungs)?;
    let mut rungs = ladder.rungs;
    rungs.sort_by_key(|r| r.days);
    app.store
        .set_escalation_ladder(&rungs, origin.audit(&user, "update", "escalation"))
        .await?;
    Ok(Json(Ladder {
        rungs: app.store.escalation_ladder().await?,
    }))
}
