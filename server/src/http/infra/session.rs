//! The session layer on `/api`: finds the session a request's cookie names,
//! ends it when idle or older than its lifetime, and refuses a
//! state-changing request from a signed-in browser that lacks the session's
//! CSRF token.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::{TimeDelta, Utc};
use subtle::ConstantTimeEq;
use xiaoneng_domain::ErrorCode;

use super::error::ApiError;
use super::extract::SessionInfo;
use crate::AppState;
use crate::auth::token_hash;
use crate::db::SessionRow;

pub const COOKIE: &str = "xn_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How often, at most, a session's last-seen time is written.
const TOUCH_EVERY_SECS: i64 = 60;

pub async fn resolve(
    State(app): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if let Some(cookie) = jar.get(COOKIE) {
        let hash = token_hash(cookie.value());
        let now = Utc::now();
        // A kept copy is used only while it says the session is live: its
        // last-seen time may trail the database's (another replica may
        // have used the session since), so it never ends a session.
        // Live: an active user, used within the idle time, and not older
        // than a session may be however active it is.
        let live = |s: &SessionRow| {
            s.user.active
                && now - s.last_seen_at <= app.session_idle()
                && now - s.created_at <= app.session_max()
        };
        let kept = app.store.kept_session(&hash).filter(|s| live(s));
        let session = match kept {
            Some(session) => Some(session),
            None => app.store.session(&hash).await?,
        };
        if let Some(session) = session {
            let idle = now - session.last_seen_at;
            if !live(&session) {
                app.store.delete_session(&hash).await?;
            } else {
                if !request.method().is_safe() {
                    let sent = request
                        .headers()
                        .get(CSRF_HEADER)
                        .map(|v| v.as_bytes())
                        .unwrap_or_default();
                    if !bool::from(sent.ct_eq(session.csrf_token.as_bytes())) {
                        tracing::warn!(user = %session.user.username, "refused: missing or wrong CSRF token");
                        return Err(ErrorCode::CsrfFailed.into());
                    }
                }
                if session.user.must_change_password && !open_before_password_change(&request) {
                    return Err(ErrorCode::PasswordChangeRequired.into());
                }
                if idle > TimeDelta::seconds(TOUCH_EVERY_SECS) {
                    app.store.touch_session(&hash, now).await?;
                }
                request.extensions_mut().insert(SessionInfo(session));
            }
        }
    }
    Ok(next.run(request).await)
}

/// What a user signed in with a temporary password may do before choosing
/// their own: see who they are, change it, sign out, and what anyone may.
fn open_before_password_change(request: &Request) -> bool {
    let path = request.uri().path();
    matches!(
        path,
        "/api/auth/me" | "/api/auth/password" | "/api/auth/logout" | "/api/health"
    ) || path.starts_with("/api/public/")
        || !path.starts_with("/api/")
}

/// The session cookie: `HttpOnly`, `SameSite=Strict`, `Secure` over HTTPS.
/// It has no expiry of its own; the server ends idle sessions.
pub fn cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .build()
}
