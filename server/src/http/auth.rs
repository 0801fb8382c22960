//! Sign in, sign out, and who am I: `/api/auth/{login,logout,me}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::cookie::{Cookie, CookieJar};
use chrono::Utc;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::account::PasswordChange;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, LoginRequest, Me, Reason};

use super::error::ApiError;
use super::extract::{AppJson, CurrentUser, Origin};
use super::session::{self, COOKIE};
use crate::AppState;
use crate::auth::throttle::Counted;
use crate::auth::{random_token, throttle, token_hash};
use crate::db::{NewSession, UserRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
}

fn me_of(user: &UserRow, csrf_token: &str) -> Result<Me, ApiError> {
    let role = user.role;
    Ok(Me {
        id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role,
        unit_id: user.unit_id,
        unit_name: user.unit_name.clone(),
        must_change_password: user.must_change_password,
        signs_bulletins: user.signs_bulletins,
        csrf_token: csrf_token.to_owned(),
    })
}

/// Signs in: sets the session cookie and answers the user with the CSRF token.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest, responses(
    (status = 200, description = "Signed in", body = Me),
    (status = 401, description = "Wrong username or password", body = ErrorResponse),
    (status = 422, description = "A field is missing or too long", body = ErrorResponse),
    (status = 429, description = "Too many failures; see `Retry-After`", body = ErrorResponse),
    (status = 503, description = "The server is checking too many passwords at once; see `Retry-After`", body = ErrorResponse),
))]
async fn login(
    State(app): State<AppState>,
    origin: Origin,
    jar: CookieJar,
    AppJson(req): AppJson<LoginRequest>,
) -> Result<(CookieJar, Json<Me>), ApiError> {
    req.validate()?;
    let now = Utc::now();
    let account_key = throttle::account_key(&req.username);
    let address_key = origin
        .client
        .as_ref()
        .map(|c| throttle::address_key(&app.address_hash(c)));

    // The account's attempt is counted before the password is checked, so
    // that parallel guesses are limited as serial ones are.
    let attempt = match throttle::attempt(&app.store, &account_key, throttle::ACCOUNT_LIMIT, now)
        .await?
    {
        Counted::Allowed(n) => n,
        Counted::Refused {
            retry_after,
            just_now,
        } => {
            tracing::warn!(username = %req.username, address = ?origin.address, "login refused: account locked");
            if just_now {
                audit_failures(
                    &app,
                    &origin,
                    &req.username,
                    "login_locked",
                    throttle::ACCOUNT_LIMIT,
                    now,
                )
                .await?;
            }
            return Err(ApiError::TooMany(retry_after));
        }
    };

    // Then a place at the password gate: a server checking as many
    // passwords as it will at once answers 503 instead of queueing more.
    let gate = app.passwords.admit()?;
    let user = app.store.user_by_username(req.username.trim()).await?;
    let stored = user
        .as_ref()
        .filter(|u| u.active)
        .map(|u| u.password_hash.clone());
    let verified = gate.verify(req.password.clone(), stored).await?;
    drop(gate);
    let Some(user) = user.filter(|_| verified) else {
        // The address counts failures only: a right password behind a
        // shared address is never refused for others' mistakes.
        let mut slow = throttle::delay(attempt);
        let mut refused = None;
        if let Some(key) = &address_key {
            match throttle::attempt(&app.store, key, throttle::ADDRESS_LIMIT, now).await? {
                Counted::Allowed(n) => {
                    slow = slow.max(throttle::address_delay(n));
                }
                Counted::Refused {
                    retry_after,
                    just_now,
                } => {
                    if just_now {
                        audit_failures(
                            &app,
                            &origin,
                            &req.username,
                            "login_address_locked",
                            throttle::ADDRESS_LIMIT,
                            now,
                        )
                        .await?;
                    }
                    refused = Some(retry_after);
                }
            }
        }
        tracing::warn!(username = %req.username, address = ?origin.address, failures = attempt, "login failed");
        // One audit entry per account and window, not one per guess: the
        // first failure says so, the lock (above) says how many followed.
        if attempt == 1 {
            audit_failures(&app, &origin, &req.username, "login_failed", 1, now).await?;
        }
        tokio::time::sleep(slow).await;
        return Err(match refused {
            Some(secs) => ApiError::TooMany(secs),
            None => ErrorCode::InvalidCredentials.into(),
        });
    };

    let token = random_token();
    let new = NewSession {
        id_hash: token_hash(&token),
        user_id: user.id,
        csrf_token: random_token(),
        created_at: now,
    };
    let replaces = jar.get(COOKIE).map(|c| token_hash(c.value()));
    app.store
        .start_session(
            &new,
            replaces.as_deref(),
            &account_key,
            now - app.session_idle(),
            origin
                .clone()
                .audit_as(Some(user.id), "login", "session")
                .at(now),
        )
        .await?;
    tracing::info!(username = %user.username, address = ?origin.address, "login succeeded");
    let me = me_of(&user, &new.csrf_token)?;
    Ok((jar.add(new_cookie(&app, &origin, token)), Json(me)))
}

/// The session cookie for `token`: `Secure` when the settings say so or the
/// client came over HTTPS.
fn new_cookie(
    app: &AppState,
    origin: &Origin,
    token: String,
) -> axum_extra::extract::cookie::Cookie<'static> {
    let secure = app.config.cookies_secure() || origin.client.is_some_and(|c| c.https);
    session::cookie(token, secure)
}

/// The audit entry of failed sign-ins: the first of a window, or the lock
/// that ends one (`failures` says how many).
async fn audit_failures(
    app: &AppState,
    origin: &Origin,
    username: &str,
    action: &'static str,
    failures: i64,
    now: chrono::DateTime<Utc>,
) -> Result<(), ApiError> {
    app.store
        .audit(
            &origin
                .clone()
                .audit_as(None, action, "session")
                .at(now)
                .with_detail(json!({
                    "username": username,
                    "failures": failures,
                    "window_minutes": throttle::WINDOW_MINUTES,
                })),
        )
        .await?;
    Ok(())
}

/// Ends the session on the server.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", security(("session" = [], "csrf" = [])), responses(
    (status = 204, description = "Signed out"),
    (status = 401, description = "No session", body = ErrorResponse),
    (status = 403, description = "No CSRF token", body = ErrorResponse),
))]
async fn logout(
    State(app): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), ApiError> {
    app.store
        .end_session(
            &user.session.id_hash,
            origin.audit(&user, "logout", "session"),
        )
        .await?;
    tracing::info!(username = %user.session.user.username, "logged out");
    Ok((
        jar.remove(Cookie::build(COOKIE).path("/")),
        StatusCode::NO_CONTENT,
    ))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth", security(("session" = [])), responses(
    (status = 200, description = "The user", body = Me),
    (status = 401, description = "No session", body = ErrorResponse),
))]
async fn me(user: CurrentUser) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&user.session.user, &user.session.csrf_token)?))
}

/// Changes the signed-in user's password (their temporary one, or any time):
/// the current password proves it is them; their other sessions end, and
/// this one goes on under a new id (a new cookie).
#[utoipa::path(post, path = "/api/auth/password", tag = "auth", request_body = PasswordChange,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Changed", body = Me),
    (status = 401, description = "No session", body = ErrorResponse),
    (status = 422, description = "`current` is wrong, or the new password is refused", body = ErrorResponse),
    (status = 429, description = "Too many wrong passwords for this account; see `Retry-After`", body = ErrorResponse),
    (status = 503, description = "The server is checking too many passwords at once; see `Retry-After`", body = ErrorResponse),
))]
async fn change_password(
    State(app): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    jar: CookieJar,
    AppJson(change): AppJson<PasswordChange>,
) -> Result<(CookieJar, Json<Me>), ApiError> {
    let account = &user.session.user;
    change.validate(&account.username)?;
    let gate = app.passwords.admit()?;
    // Guesses at the current password count against the account as
    // sign-in attempts do (a stolen session must not become a way to try
    // passwords without limit).
    let key = throttle::account_key(&account.username);
    if let Counted::Refused { retry_after, .. } =
        throttle::attempt(&app.store, &key, throttle::ACCOUNT_LIMIT, Utc::now()).await?
    {
        return Err(ApiError::TooMany(retry_after));
    }
    if !gate
        .verify(change.current.clone(), Some(account.password_hash.clone()))
        .await?
    {
        let mut invalid = Invalid::default();
        invalid.add("current", Reason::Mismatch);
        return Err(ApiError::Invalid(invalid));
    }
    app.store.clear_throttle(&key).await?;
    let hash = gate.hash(change.password.clone()).await?;
    // The session goes on under a new id (its CSRF token stays, so the
    // open page keeps working); every other session ends.
    let token = random_token();
    let new = NewSession {
        id_hash: token_hash(&token),
        user_id: user.id(),
        csrf_token: user.session.csrf_token.clone(),
        created_at: Utc::now(),
    };
    app.store
        .change_password(
            user.id(),
            &hash,
            &user.session.id_hash,
            &new,
            origin.clone().audit(&user, "change_password", "user"),
        )
        .await?;
    tracing::info!(username = %account.username, "password changed");
    let mut me = me_of(account, &new.csrf_token)?;
    me.must_change_password = false;
    Ok((jar.add(new_cookie(&app, &origin, token)), Json(me)))
}
