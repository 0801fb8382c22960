//! Extractors: JSON bodies that fail in our error shape, the signed-in user,
//! the caller's address and the request id.

use std::net::SocketAddr;
use std::sync::Arc;

use super::client::Client;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use xiaoneng_domain::{ErrorCode, Reason, Role};

use super::error::ApiError;
use crate::db::SessionRow;

/// `Json<T>` whose rejections answer in the API's error shape, naming the
/// field at fault where serde says which.
pub struct AppJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for AppJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(AppJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    let detail = rejection.body_text();
    match rejection {
        JsonRejection::JsonDataError(_) => ApiError::Malformed {
            code: ErrorCode::Validation,
            field: field_of(&detail),
            detail,
        },
        JsonRejection::MissingJsonContentType(_) => ApiError::Malformed {
            code: ErrorCode::UnsupportedMediaType,
            field: None,
            detail,
        },
        JsonRejection::BytesRejection(_) if rejection_is_too_large(&detail) => {
            ApiError::Malformed {
                code: ErrorCode::PayloadTooLarge,
                field: None,
                detail,
            }
        }
        _ => ApiError::Malformed {
            code: ErrorCode::BadRequest,
            field: None,
            detail,
        },
    }
}

/// `Query<T>` whose failures answer 422 naming the parameter at fault
/// (`?format=pdf` → `format`), like a JSON body's.
pub struct AppQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for AppQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(AppQuery)
            .map_err(|e| {
                let path = e.path().to_string();
                let message = e.inner().to_string();
                let field = match message.split_once("missing field `") {
                    Some((_, rest)) => rest
                        .split('`')
                        .next()
                        .map(|name| (name.to_owned(), Reason::Required)),
                    None => (path != ".").then(|| (path.clone(), Reason::WrongType)),
                };
                ApiError::Malformed {
                    code: if field.is_some() {
                        ErrorCode::Validation
                    } else {
                        ErrorCode::BadRequest
                    },
                    detail: format!("query string: {path}: {message}"),
                    field,
                }
            })
    }
}

fn rejection_is_too_large(detail: &str) -> bool {
    detail.contains("length limit")
}

/// Finds the field in axum's data-error text, which reads
/// "Failed to deserialize the JSON body into the target type: <path>: <serde message>"
/// or, for a missing field, "…: missing field `<name>` at line …".
fn field_of(detail: &str) -> Option<(String, Reason)> {
    let rest = detail.split_once("target type: ")?.1;
    if let Some(after) = rest.split_once("missing field `") {
        let name = after.1.split('`').next()?;
        return Some((name.to_owned(), Reason::Required));
    }
    let (path, _) = rest.split_once(": ")?;
    (path != "." && !path.contains(' ')).then(|| (path.to_owned(), Reason::WrongType))
}

/// The session a request carries, put in the request's extensions by the
/// session layer (`http::session`).
#[derive(Clone)]
pub struct SessionInfo(pub Arc<SessionRow>);

/// The signed-in user; answers 401 when there is none.
pub struct CurrentUser {
    pub session: Arc<SessionRow>,
    pub role: Role,
}

impl CurrentUser {
    pub fn id(&self) -> i64 {
        self.session.user.id
    }

    /// The unit a liaison speaks for (403 for an account without one).
    pub fn own_unit(&self) -> Result<i64, ApiError> {
        self.session
            .user
            .unit_id
            .ok_or(ApiError::Code(ErrorCode::Forbidden))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let SessionInfo(session) = parts
            .extensions
            .get::<SessionInfo>()
            .cloned()
            .ok_or(ApiError::Code(ErrorCode::Unauthenticated))?;
        let role = session.user.role;
        Ok(CurrentUser { session, role })
    }
}

/// Where the request came from and its id, for logs and the audit log.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// Who sent the request (behind a trusted proxy, the client it names).
    pub client: Option<Client>,
    /// The client's address as the audit log records it.
    pub address: Option<String>,
    pub request_id: Option<String>,
}

impl Origin {
    /// The audit entry of a change `user` makes now from here.
    pub fn audit(
        self,
        user: &CurrentUser,
        action: &'static str,
        entity: &'static str,
    ) -> crate::db::AuditEntry {
        self.audit_as(Some(user.id()), action, entity)
    }

    /// The audit entry of a change made now by `actor` (none: someone not
    /// signed in, such as a failed sign-in).
    pub fn audit_as(
        self,
        actor: Option<i64>,
        action: &'static str,
        entity: &'static str,
    ) -> crate::db::AuditEntry {
        crate::db::AuditEntry {
            request_id: self.request_id,
            address: self.address,
            ..crate::db::AuditEntry::new(chrono::Utc::now(), actor, action, entity)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let client = parts.extensions.get::<Client>().copied().or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| Client {
                    ip: addr.ip(),
                    https: false,
                })
        });
        Ok(Origin {
            client,
            address: client.map(|c| c.ip.to_string()),
            request_id: parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_field_in_serde_messages() {
        let missing = "Failed to deserialize the JSON body into the target type: missing field `password` at line 1 column 20";
        assert_eq!(
            field_of(missing),
            Some(("password".into(), Reason::Required))
        );
        let wrong = "Failed to deserialize the JSON body into the target type: username: invalid type: integer `5`, expected a string at line 1 column 13";
        assert_eq!(
            field_of(wrong),
            Some(("username".into(), Reason::WrongType))
        );
        let top = "Failed to deserialize the JSON body into the target type: invalid type: integer `5`, expected struct LoginRequest at line 1 column 1";
        assert_eq!(field_of(top), None);
    }
}

/// A set of roles an endpoint admits, checked before the body is read: a
/// caller who may never use the endpoint gets 403 and learns nothing about
/// what a valid body would be.
pub trait Roles {
    const ALLOWED: &'static [Role];
}

/// The signed-in user, if their role is one of `R`'s.
pub struct Allowed<R: Roles>(pub CurrentUser, pub std::marker::PhantomData<R>);

impl<S: Send + Sync, R: Roles> FromRequestParts<S> for Allowed<R> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if R::ALLOWED.contains(&user.role) {
            Ok(Allowed(user, std::marker::PhantomData))
        } else {
            Err(ErrorCode::Forbidden.into())
        }
    }
}

macro_rules! roles {
    ($($(#[$doc:meta])* $name:ident = $set:ident;)*) => {$(
        $(#[$doc])*
        pub struct $name;
        impl Roles for $name {
            const ALLOWED: &'static [Role] = xiaoneng_domain::access::$set;
        }
    )*};
}

// The sets are the domain's (`access`), shared with the browser's navigation.
roles! {
    /// Keeps user accounts and the unit tree.
    AdminOnly = ADMIN_ONLY;
    /// Import staff lists.
    StaffImporters = STAFF_IMPORTERS;
    /// Decides accountability.
    OfficeOnly = OFFICE_ONLY;
    /// Records findings.
    Recorders = RECORDERS;
    /// Take part in a finding's workflow (which step, the workflow decides).
    Actors = ACTORS;
    /// Keep the holiday calendar.
    CalendarKeepers = CALENDAR_KEEPERS;
    /// Read appeals (a liaison: their units' tree).
    AppealReaders = APPEAL_READERS;
    /// Review appeals (which, the office's setting says).
    AppealReviewers = APPEAL_REVIEWERS;
    /// Lodge appeals: a unit's liaisons.
    Appellants = UNIT_LIAISONS;
    /// Read checklist templates (liaisons run them in their units' own rounds).
    ChecklistReaders = CHECKLIST_READERS;
    /// Plan rounds: the office its own, a liaison their units' self- and mutual inspections.
    Planners = PLANNERS;
    /// See visits and run inspections.
    Field = FIELD;
    /// Read bulletins (the office and leaders every one, others the published).
    BulletinReaders = BULLETIN_READERS;
    /// The office and leaders: every bulletin, and its steps (which, the sign-off rule says).
    BulletinSigners = EVERY_BULLETIN;
    /// Keep a unit's staff, posts and away notices (a liaison: their own units).
    Keepers = KEEPERS;
    /// Read statistics and exports.
    Analysts = ANALYSTS;
    /// Keep the supervisors' roster and the commitment letters.
    OversightKeepers = OVERSIGHT_KEEPERS;
    /// Read the supervisors' roster and their assessments.
    OversightReaders = OVERSIGHT_READERS;
}
