//! One error type for every handler, and the layer that puts every `/api`
//! error — ours or the framework's — into the one JSON shape, in the
//! language the request asked for.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use xiaoneng_domain::{ErrorBody, ErrorCode, ErrorResponse, Invalid, Lang};

/// A handler's failure. Internal causes are logged, never sent.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0:?}")]
    Code(ErrorCode),
    #[error("invalid input: {0:?}")]
    Invalid(Invalid),
    /// A body that did not parse: the framework's words (not localised) plus,
    /// where known, the field at fault.
    #[error("malformed body: {detail}")]
    Malformed {
        code: ErrorCode,
        detail: String,
        field: Option<(String, xiaoneng_domain::Reason)>,
    },
    #[error("too many requests; retry in {0} s")]
    TooMany(u64),
    /// The server is at a bound it keeps (password work, uploads, load):
    /// 503, try again in a moment.
    #[error("busy")]
    Busy,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        ApiError::Code(code)
    }
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> Self {
        ApiError::Invalid(invalid)
    }
}

/// A step the workflow refuses: 403 for a role that never takes it, 409
/// from the wrong state, 422 for refused input.
impl From<xiaoneng_domain::finding::WorkflowError> for ApiError {
    fn from(e: xiaoneng_domain::finding::WorkflowError) -> Self {
        use xiaoneng_domain::finding::WorkflowError;
        match e {
            WorkflowError::Forbidden => ApiError::Code(ErrorCode::Forbidden),
            WorkflowError::WrongState { .. }
            | WorkflowError::ExtensionPending
            | WorkflowError::NoExtensionPending
            | WorkflowError::NotOverdue => ApiError::Code(ErrorCode::WrongState),
            WorkflowError::Invalid(invalid) => ApiError::Invalid(invalid),
        }
    }
}

/// `value`, or 422 saying `field` is required (an edit's `version`, say).
pub fn required<T>(field: &'static str, value: Option<T>) -> Result<T, ApiError> {
    value.ok_or_else(|| {
        let mut invalid = Invalid::default();
        invalid.add(field, xiaoneng_domain::Reason::Required);
        ApiError::Invalid(invalid)
    })
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Code(code) => *code,
            ApiError::Invalid(_) => ErrorCode::Validation,
            ApiError::Malformed { code, .. } => *code,
            ApiError::TooMany(_) => ErrorCode::TooManyRequests,
            ApiError::Busy => ErrorCode::Unavailable,
            ApiError::Database(e) if crate::db::unavailable(e) => ErrorCode::Unavailable,
            ApiError::Database(_) | ApiError::Other(_) => ErrorCode::Internal,
        }
    }

    fn body(&self, lang: Lang) -> ErrorBody {
        match self {
            ApiError::Invalid(invalid) => ErrorBody::invalid(invalid, lang),
            ApiError::Malformed { code, field, .. } => {
                let mut body = ErrorBody::new(*code, lang);
                if let Some((name, reason)) = field {
                    body.fields.insert(name.clone(), reason.message(lang));
                }
                body
            }
            ApiError::TooMany(secs) => ErrorBody {
                retry_after: Some(*secs),
                ..ErrorBody::new(ErrorCode::TooManyRequests, lang)
            },
            other => ErrorBody::new(other.code(), lang),
        }
    }
}

/// What a 503 asks the client to wait before trying again.
pub const RETRY_UNAVAILABLE_SECS: u64 = 2;

impl From<crate::auth::password::Busy> for ApiError {
    fn from(_: crate::auth::password::Busy) -> Self {
        ApiError::Busy
    }
}

/// The error travels to [`localize`] in the response's extensions, because
/// only there is the request's language known.
#[derive(Clone)]
struct Pending(std::sync::Arc<ApiError>);

/// What a handler that panicked answers: the JSON 500, the panic logged.
pub fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = what, "a handler panicked");
    ApiError::Code(ErrorCode::Internal).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.code();
        match &self {
            ApiError::Database(e) if code == ErrorCode::Unavailable => {
                tracing::warn!(error = %e, "database unavailable")
            }
            ApiError::Database(e) => tracing::error!(error = %e, "database error"),
            ApiError::Other(e) => tracing::error!(error = ?e, "internal error"),
            ApiError::Malformed { detail, .. } => {
                tracing::debug!(%detail, "malformed request body")
            }
            _ => {}
        }
        let status =
            StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = status.into_response();
        if let ApiError::TooMany(secs) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        } else if code == ErrorCode::Unavailable {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(RETRY_UNAVAILABLE_SECS),
            );
        }
        response
            .extensions_mut()
            .insert(Pending(std::sync::Arc::new(self)));
        response
    }
}

/// The language a request asked for in `Accept-Language`.
pub fn request_lang(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::negotiate)
        .unwrap_or_default()
}

/// Middleware on `/api`: renders our errors in the request's language, and
/// turns any other error answer (a 405 from the router, a 413 from the body
/// limit, …) into the same JSON shape.
pub async fn localize(request: Request, next: Next) -> Response {
    let lang = request_lang(request.headers());
    let mut response = next.run(request).await;
    let body = if let Some(Pending(error)) = response.extensions_mut().remove::<Pending>() {
        error.body(lang)
    } else if response.status().is_client_error() || response.status().is_server_error() {
        let is_json = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        if is_json {
            return response;
        }
        ErrorBody::new(ErrorCode::from_status(response.status().as_u16()), lang)
    } else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let json = Json(ErrorResponse { error: body }).into_response();
    let (json_parts, json_body) = json.into_parts();
    parts.headers.extend(json_parts.headers);
    Response::from_parts(parts, json_body)
}

/// `/api/…` paths that match no route.
pub async fn api_not_found() -> ApiError {
    ApiError::Code(ErrorCode::NotFound)
}

impl crate::db::Written {
    /// A stale write is the caller's conflict: 409, nothing written.
    pub fn or_conflict(self) -> Result<(), ApiError> {
        match self {
            crate::db::Written::Done => Ok(()),
            crate::db::Written::Stale => Err(ApiError::Code(ErrorCode::Conflict)),
        }
    }
}

/// Reads back what a committed write wrote, for its answer. The write is
/// done whatever happens here, so a read that fails because the database
/// is briefly unreachable (a PostgreSQL restart) is tried again for about
/// three seconds rather than answering an error for a change that was
/// made; past that the answer is 503, and a retry carrying the request's
/// `Idempotency-Key` is told the write was done instead of making it again.
pub async fn read_back<T, Fut>(read: impl Fn() -> Fut) -> Result<T, ApiError>
where
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut wait = std::time::Duration::from_millis(100);
    for _ in 0..5 {
        match read().await {
            Err(ApiError::Database(e)) if crate::db::unavailable(&e) => {
                tracing::warn!(error = %e, "reading back a committed write failed: trying again");
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
            done => return done,
        }
    }
    read().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_read_back_waits_out_a_database_that_is_briefly_away() {
        let calls = AtomicUsize::new(0);
        let read = || async {
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 | 1 => Err(ApiError::Database(sqlx::Error::PoolTimedOut)),
                _ => Ok(42),
            }
        };
        assert_eq!(read_back(read).await.unwrap(), 42);
        assert_eq!(calls.load(Ordering::SeqCst), 3);

        // Not the database being away: answered at once.
        let calls = AtomicUsize::new(0);
        let refused = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<i32, _>(ApiError::Code(ErrorCode::NotFound))
        };
        assert!(matches!(
            read_back(refused).await,
            Err(ApiError::Code(ErrorCode::NotFound))
        ));
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        // Away for good: six tries, then the error.
        let calls = AtomicUsize::new(0);
        let away = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<i32, _>(ApiError::Database(sqlx::Error::PoolTimedOut))
        };
        assert_eq!(
            read_back(away).await.err().map(|e| e.code()),
            Some(ErrorCode::Unavailable)
        );
        assert_eq!(calls.load(Ordering::SeqCst), 6);
    }
}
