//! The inbox: `GET /api/notifications` (the caller's own, unread first),
//! `GET /api/notifications/count` (the bell) and
//! `POST /api/notifications/{id}/read`. Every signed-in role has one; each
//! reads only its own.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::notification::{Notification, UnreadCount};
use xiaoneng_domain::record::Page;
use xiaoneng_domain::{ErrorResponse, Invalid};

use super::error::{ApiError, request_lang};
use super::extract::{AppQuery, CurrentUser};
use super::paging::PageRequest;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(count))
        .routes(routes!(read))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// The caller's notifications: unread first, newest first within each, in
/// the request's language.
#[utoipa::path(get, path = "/api/notifications", tag = "notifications", params(ListQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Notification>),
))]
async fn list(
    State(app): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<Notification>>, ApiError> {
    let mut invalid = Invalid::default();
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    // The cursor's key is (read: 0 or 1, id), carried in the paging's
    // (time, id) as the read flag in whole seconds.
    let after = page.after.map(|(read, id)| (read.timestamp(), id));
    let rows = app
        .store
        .notifications(user.id(), after, page.fetch())
        .await?;
    let (rows, next) = page.finish(rows, |n| {
        (
            DateTime::<Utc>::from_timestamp(n.read, 0).unwrap_or_default(),
            n.id,
        )
    });
    let lang = request_lang(&headers);
    let items = rows
        .into_iter()
        .map(|n| Notification {
            id: n.id,
            kind: n.kind,
            finding_id: n.finding_id,
            report_id: n.report_id,
            visit_id: n.visit_id,
            bulletin_id: n.bulletin_id,
            text: n.kind.text(
                n.code.as_deref().unwrap_or_default(),
                &excerpt(n.title.as_deref().unwrap_or_default()),
                n.deadline,
                lang,
            ),
            deadline: n.deadline,
            created_at: n.created_at,
            read_at: n.read_at,
        })
        .collect();
    Ok(Json(Page { items, next }))
}

/// How many of the caller's notifications are unread.
#[utoipa::path(get, path = "/api/notifications/count", tag = "notifications",
    security(("session" = [])), responses(
    (status = 200, description = "The unread count", body = UnreadCount),
))]
async fn count(
    State(app): State<AppState>,
    user: CurrentUser,
) -> Result<Json<UnreadCount>, ApiError> {
    Ok(Json(UnreadCount {
        unread: app.store.unread_notifications(user.id()).await?,
    }))
}

/// Marks one of the caller's notifications read. Another's, or one read
/// already, is left as it is (the answer is the same: it says nothing of
/// whose a notification is).
#[utoipa::path(post, path = "/api/notifications/{id}/read", tag = "notifications",
    params(("id" = i64, Path)), security(("session" = [], "csrf" = [])), responses(
    (status = 204, description = "Read"),
    (status = 401, description = "No session", body = ErrorResponse),
))]
async fn read(
    State(app): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    app.store
        .mark_notification_read(user.id(), id, Utc::now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A title as a notification quotes it: at most 30 characters (a citizen's
/// report is quoted from its text).
pub(crate) fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(30) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
