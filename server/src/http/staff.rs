//! Staff, posts (A/B) and away-from-post notices of a unit.
//!
//! Read by the office, inspectors (who check notices on site), leaders and
//! administrators, and by a unit's liaison for their own subtree; kept by
//! the office and administrators, and by the liaison for their own units.
//! A unit outside a liaison's subtree answers 404. Access is decided before
//! the body is read, so a caller who may not write learns nothing from it.

use axum::Json;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::access;
use xiaoneng_domain::staff::{
    AwayNotice, NewAwayNotice, Post, PostInput, Staff, StaffInput, StaffRef,
};
use xiaoneng_domain::{ErrorCode, ErrorResponse, Reason, Role};

use super::error::{ApiError, required};
use super::extract::{Allowed, AppJson, AppQuery, CurrentUser, Keepers, Origin};
use crate::AppState;
use crate::db::{NoticeRow, PostRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_staff, create_staff))
        .routes(routes!(update_staff))
        .routes(routes!(list_posts, create_post))
        .routes(routes!(update_post))
        .routes(routes!(list_notices))
        .routes(routes!(create_notice))
}

/// Whether `user` may read (`write = false`) or keep the records of `unit`,
/// by the domain's rule (`access::staff`); a liaison's tree, and whether they
/// inspect the unit, are read here.
async fn check(app: &AppState, user: &CurrentUser, unit: i64, write: bool) -> Result<(), ApiError> {
    let (tree, inspects) = match user.role {
        Role::Liaison => {
            let tree = app.store.unit_subtree(user.own_unit()?).await?;
            let inspects =
                !write && !tree.contains(&unit) && app.store.inspects_unit(user.id(), unit).await?;
            (tree, inspects)
        }
        _ => (vec![], false),
    };
    access::staff(user.role, &tree, unit, inspects, write).check()?;
    if !app.store.unit_exists(unit).await? {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(())
}

fn staff_ref(id: Option<i64>, name: Option<String>) -> Option<StaffRef> {
    Some(StaffRef {
        id: id?,
        name: name?,
    })
}

pub(crate) fn to_post(r: PostRow) -> Post {
    let b = staff_ref(r.b_staff_id, r.b_name);
    Post {
        id: r.id,
        unit_id: r.unit_id,
        name: r.name,
        a: staff_ref(r.a_staff_id, r.a_name),
        missing_b: b.is_none(),
        b,
        version: r.version,
    }
}

pub(crate) fn to_notice(r: NoticeRow) -> AwayNotice {
    AwayNotice {
        id: r.id,
        staff: StaffRef {
            id: r.staff_id,
            name: r.staff_name,
        },
        unit_id: r.unit_id,
        reason: r.reason,
        away_from: r.away_from,
        expected_return: r.expected_return,
        covered_by: staff_ref(r.covered_by, r.covered_by_name),
        late: xiaoneng_domain::staff::is_late(r.created_at, r.away_from),
        posted_at: r.created_at,
    }
}

/// The unit's staff.
#[utoipa::path(get, path = "/api/units/{id}/staff", tag = "staff", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The staff", body = Vec<Staff>),
    (status = 404, description = "No such unit within the caller's reach", body = ErrorResponse),
))]
async fn list_staff(
    State(app): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Staff>>, ApiError> {
    check(&app, &user, id, false).await?;
    Ok(Json(app.store.staff_of(id).await?))
}

/// Adds a staff member to the unit.
#[utoipa::path(post, path = "/api/units/{id}/staff", tag = "staff", params(("id" = i64, Path)),
    request_body = StaffInput, security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Added", body = Staff),
    (status = 403, description = "Inspectors and leaders keep no staff lists", body = ErrorResponse),
    (status = 404, description = "No such unit within the caller's reach", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create_staff(
    State(app): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<i64>,
    request: Request,
) -> Result<(StatusCode, Json<Staff>), ApiError> {
    check(&app, &user, id, true).await?;
    let AppJson(input) = AppJson::<StaffInput>::from_request(request, &app).await?;
    input.validate()?;
    let staff = app
        .store
        .create_staff(id, &input, origin.audit(&user, "create", "staff"))
        .await?;
    let row = app
        .store
        .staff_member(staff)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// Edits (or deactivates) a staff member, on the version the caller saw.
#[utoipa::path(put, path = "/api/staff/{id}", tag = "staff", params(("id" = i64, Path)),
    request_body = StaffInput, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Staff),
    (status = 404, description = "No such person within the caller's reach", body = ErrorResponse),
    (status = 409, description = "Changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update_staff(
    State(app): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Json<Staff>, ApiError> {
    let current = app
        .store
        .staff_member(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    check(&app, &user, current.unit_id, true).await?;
    let AppJson(input) = AppJson::<StaffInput>::from_request(request, &app).await?;
    input.validate()?;
    let version = required("version", input.version)?;
    app.store
        .update_staff(id, version, &input, origin.audit(&user, "update", "staff"))
        .await?
        .or_conflict()?;
    let row = app
        .store
        .staff_member(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(Json(row))
}

/// The unit's posts with their A and B person; `missing_b` flags a post without a backup.
#[utoipa::path(get, path = "/api/units/{id}/posts", tag = "staff", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The posts", body = Vec<Post>),
    (status = 404, description = "No such unit within the caller's reach", body = ErrorResponse),
))]
async fn list_posts(
    State(app): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Post>>, ApiError> {
    check(&app, &user, id, false).await?;
    Ok(Json(
        app.store
            .posts_of(id)
            .await?
            .into_iter()
            .map(to_post)
            .collect(),
    ))
}

/// The A and B persons must be staff of the post's unit.
async fn check_people(app: &AppState, unit: i64, input: &PostInput) -> Result<(), ApiError> {
    let mut invalid = input.validate().err().unwrap_or_default();
    for (field, id) in [
        ("a_staff_id", input.a_staff_id),
        ("b_staff_id", input.b_staff_id),
    ] {
        if let Some(id) = id
            && app
                .store
                .staff_member(id)
                .await?
                .filter(|s| s.unit_id == unit)
                .is_none()
        {
            invalid.add(field, Reason::NotFound);
        }
    }
    Ok(invalid.into_result()?)
}

/// Adds a post to the unit.
#[utoipa::path(post, path = "/api/units/{id}/posts", tag = "staff", params(("id" = i64, Path)),
    request_body = PostInput, security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Added", body = Post),
    (status = 404, description = "No such unit within the caller's reach", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create_post(
    State(app): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<i64>,
    request: Request,
) -> Result<(StatusCode, Json<Post>), ApiError> {
    check(&app, &user, id, true).await?;
    let AppJson(input) = AppJson::<PostInput>::from_request(request, &app).await?;
    check_people(&app, id, &input).await?;
    let post = app
        .store
        .create_post(id, &input, origin.audit(&user, "create", "post"))
        .await?;
    let row = app
        .store
        .post(post)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(to_post(row))))
}

/// Renames a post or changes its A or B person, on the version the caller saw.
#[utoipa::path(put, path = "/api/posts/{id}", tag = "staff", params(("id" = i64, Path)),
    request_body = PostInput, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Post),
    (status = 404, description = "No such post within the caller's reach", body = ErrorResponse),
    (status = 409, description = "Changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update_post(
    State(app): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Json<Post>, ApiError> {
    let current = app
        .store
        .post(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    check(&app, &user, current.unit_id, true).await?;
    let AppJson(input) = AppJson::<PostInput>::from_request(request, &app).await?;
    check_people(&app, current.unit_id, &input).await?;
    let version = required("version", input.version)?;
    app.store
        .update_post(id, version, &input, origin.audit(&user, "update", "post"))
        .await?
        .or_conflict()?;
    let row = app
        .store
        .post(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(Json(to_post(row)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct NoticeQuery {
    /// Only the notices in force now (what an inspector checks on site).
    #[serde(default)]
    current: bool,
}

/// Away-from-post notices of the unit and its sub-units, newest first.
#[utoipa::path(get, path = "/api/units/{id}/away-notices", tag = "staff", params(("id" = i64, Path), NoticeQuery),
    security(("session" = [])), responses(
    (status = 200, description = "The notices", body = Vec<AwayNotice>),
    (status = 404, description = "No such unit within the caller's reach", body = ErrorResponse),
))]
async fn list_notices(
    State(app): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    AppQuery(query): AppQuery<NoticeQuery>,
) -> Result<Json<Vec<AwayNotice>>, ApiError> {
    check(&app, &user, id, false).await?;
    let at = query.current.then(chrono::Utc::now);
    Ok(Json(
        app.store
            .away_notices(id, at)
            .await?
            .into_iter()
            .map(to_notice)
            .collect(),
    ))
}

/// Posts an away-from-post notice for a staff member (who covers, when they return).
#[utoipa::path(post, path = "/api/away-notices", tag = "staff", request_body = NewAwayNotice,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Posted", body = AwayNotice),
    (status = 403, description = "Inspectors and leaders post no notices", body = ErrorResponse),
    (status = 422, description = "A field is refused, or the person is not of a unit within reach", body = ErrorResponse),
))]
async fn create_notice(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Keepers>,
    origin: Origin,
    AppJson(new): AppJson<NewAwayNotice>,
) -> Result<(StatusCode, Json<AwayNotice>), ApiError> {
    let mut invalid = new.validate().err().unwrap_or_default();
    let staff = app.store.staff_member(new.staff_id).await?;
    let unit = match &staff {
        Some(s) if check(&app, &user, s.unit_id, true).await.is_ok() => Some(s.unit_id),
        _ => {
            invalid.add("staff_id", Reason::NotFound);
            None
        }
    };
    if let (Some(unit), Some(cover)) = (unit, new.covered_by)
        && app
            .store
            .staff_member(cover)
            .await?
            .filter(|s| s.unit_id == unit)
            .is_none()
    {
        invalid.add("covered_by", Reason::NotFound);
    }
    invalid.into_result()?;
    let unit = unit.ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let id = app
        .store
        .create_away_notice(
            &new,
            user.id(),
            origin.audit(&user, "create", "away_notice"),
        )
        .await?;
    let notice = app
        .store
        .away_notices(unit, None)
        .await?
        .into_iter()
        .find(|n| n.id == id)
        .ok_or_else(|| anyhow::anyhow!("notice {id} vanished"))?;
    Ok((StatusCode::CREATED, Json(to_notice(notice))))
}
