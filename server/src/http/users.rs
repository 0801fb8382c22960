//! User accounts, kept by administrators: list, create (with a temporary
//! password the user must change), edit role and unit, deactivate (never
//! delete: the audit log keeps the name; the account's sessions end at
//! once), and reset a password.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::account::{Account, AccountEdit, NewAccount, PasswordReset};
use xiaoneng_domain::record::Page;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason, Role};

use super::error::{ApiError, read_back};
use super::extract::{AdminOnly, Allowed, AppJson, AppQuery, Origin};
use super::paging::{PageRequest, like_pattern};
use crate::AppState;
use crate::db::{AccountFilter, NewUser};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(reset_password))
}

async fn load(app: &AppState, id: i64) -> Result<Account, ApiError> {
    app.store
        .account(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))
}

/// A unit named by an account must exist.
async fn check_unit(
    app: &AppState,
    unit: Option<i64>,
    invalid: &mut Invalid,
) -> Result<(), ApiError> {
    if let Some(unit) = unit
        && !app.store.unit_exists(unit).await?
    {
        invalid.add("unit_id", Reason::NotFound);
    }
    Ok(())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Part of the username or the display name.
    q: Option<String>,
    /// `admin`, `office`, `inspector`, `liaison` or `leader`.
    role: Option<String>,
    /// Accounts of this unit.
    unit: Option<i64>,
    /// `true`: only active accounts; `false`: only deactivated ones.
    active: Option<bool>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Accounts, newest first.
#[utoipa::path(get, path = "/api/users", tag = "users", params(ListQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Account>),
    (status = 403, description = "Only administrators", body = ErrorResponse),
    (status = 422, description = "A filter is refused", body = ErrorResponse),
))]
async fn list_users(
    State(app): State<AppState>,
    _user: Allowed<AdminOnly>,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<Account>>, ApiError> {
    let mut invalid = Invalid::default();
    let role = query.role.as_deref().and_then(|r| {
        let role = Role::parse(r);
        if role.is_none() {
            invalid.add("role", Reason::NotFound);
        }
        role
    });
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let filter = AccountFilter {
        q: query
            .q
            .filter(|q| !q.trim().is_empty())
            .map(|q| like_pattern(&q)),
        role,
        unit: query.unit,
        active: query.active,
        after: page.after,
        limit: page.fetch(),
    };
    let rows = app.store.accounts(&filter).await?;
    let (rows, next) = page.finish(rows, |r| (r.created_at, r.id));
    Ok(Json(Page { items: rows, next }))
}

/// Creates an account with a temporary password; the user must change it at first sign-in.
#[utoipa::path(post, path = "/api/users", tag = "users", request_body = NewAccount,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Created", body = Account),
    (status = 403, description = "Only administrators", body = ErrorResponse),
    (status = 422, description = "A field is refused (`username` taken, a liaison without a unit, …)", body = ErrorResponse),
))]
async fn create_user(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AdminOnly>,
    origin: Origin,
    AppJson(new): AppJson<NewAccount>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    let mut invalid = new.validate().err().unwrap_or_default();
    check_unit(&app, new.unit_id, &mut invalid).await?;
    invalid.into_result()?;
    let row = NewUser {
        username: new.username.trim().to_owned(),
        display_name: new.display_name.trim().to_owned(),
        role: new.role,
        unit_id: new.unit_id,
        password_hash: app.passwords.admit()?.hash(new.password.clone()).await?,
        must_change_password: true,
        email: xiaoneng_domain::account::tidy_contact(new.email.as_deref()),
        mobile: xiaoneng_domain::account::tidy_contact(new.mobile.as_deref()),
        signs_bulletins: new.signs_bulletins,
    };
    let Some(id) = app
        .store
        .create_account(&row, origin.audit(&user, "create", "user"))
        .await?
    else {
        let mut invalid = Invalid::default();
        invalid.add("username", Reason::Taken);
        return Err(ApiError::Invalid(invalid));
    };
    Ok((
        StatusCode::CREATED,
        Json(read_back(|| load(&app, id)).await?),
    ))
}

/// One account.
#[utoipa::path(get, path = "/api/users/{id}", tag = "users", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The account", body = Account),
    (status = 403, description = "Only administrators", body = ErrorResponse),
    (status = 404, description = "No such account", body = ErrorResponse),
))]
async fn get_user(
    State(app): State<AppState>,
    _user: Allowed<AdminOnly>,
    Path(id): Path<i64>,
) -> Result<Json<Account>, ApiError> {
    Ok(Json(load(&app, id).await?))
}

/// Edits name, role, unit and whether the account may sign in, on version.
/// Deactivating ends the account's sessions at once.
#[utoipa::path(put, path = "/api/users/{id}", tag = "users", params(("id" = i64, Path)),
    request_body = AccountEdit, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Account),
    (status = 403, description = "Only administrators", body = ErrorResponse),
    (status = 404, description = "No such account", body = ErrorResponse),
    (status = 409, description = "Changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update_user(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AdminOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(edit): AppJson<AccountEdit>,
) -> Result<Json<Account>, ApiError> {
    load(&app, id).await?;
    let mut invalid = edit.validate(id == user.id()).err().unwrap_or_default();
    check_unit(&app, edit.unit_id, &mut invalid).await?;
    invalid.into_result()?;
    let action = if edit.active { "update" } else { "deactivate" };
    app.store
        .update_account(id, edit.version, &edit, origin.audit(&user, action, "user"))
        .await?
        .or_conflict()?;
    Ok(Json(load(&app, id).await?))
}

/// Sets a temporary password, on version: the user must change it at next
/// sign-in, and every session of theirs ends now.
#[utoipa::path(post, path = "/api/users/{id}/password", tag = "users", params(("id" = i64, Path)),
    request_body = PasswordReset, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Reset", body = Account),
    (status = 403, description = "Only administrators", body = ErrorResponse),
    (status = 404, description = "No such account", body = ErrorResponse),
    (status = 409, description = "Changed since read", body = ErrorResponse),
    (status = 422, description = "The password is refused", body = ErrorResponse),
))]
async fn reset_password(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AdminOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(reset): AppJson<PasswordReset>,
) -> Result<Json<Account>, ApiError> {
    let account = load(&app, id).await?;
    reset.validate(&account.username)?;
    let hash = app.passwords.admit()?.hash(reset.password.clone()).await?;
    app.store
        .reset_password(
            id,
            reset.version,
            &hash,
            origin.audit(&user, "reset_password", "user"),
        )
        .await?
        .or_conflict()?;
    Ok(Json(load(&app, id).await?))
}
