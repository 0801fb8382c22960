//! `Idempotency-Key` on creating requests (`POST`): a client that lost the
//! answer — a dropped connection, a 503 after the write committed — sends
//! the same request with the same key again, and nothing is created twice.
//!
//! The key is claimed (atomically, so two parallel retries cannot both run)
//! before the handler runs. The handler's write transaction marks the key
//! committed in the same transaction as the write (`db::IDEMPOTENCY_KEY`);
//! a successful answer is then kept. A retry is answered:
//! - with the kept answer (status and body, and `Idempotent-Replayed: true`);
//! - 409 `already_done` when the write committed but its answer was never
//!   kept (the server failed between the two);
//! - 409 `in_progress` while the first is still being carried out;
//! - 422 when the key was used for another request.
//!
//! A request that wrote nothing (refused, or failed before its commit)
//! lets go of its key: a retry is carried out anew. Keys are scoped to the
//! signed-in user (or, signed out, the client's address) and the path, and
//! kept for [`KEEP_HOURS`].

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{TimeDelta, Utc};
use sha2::{Digest, Sha256};
use xiaoneng_domain::{ErrorCode, Invalid, Reason};

use super::client::Client;
use super::error::ApiError;
use super::extract::SessionInfo;
use crate::AppState;

pub const HEADER: &str = "idempotency-key";
/// How long a key and its answer are kept.
pub const KEEP_HOURS: i64 = 24;
/// A claim pending this long belongs to a request that will never finish
/// (its server stopped): a retry takes it over.
const ABANDONED_AFTER_SECS: i64 = 120;
/// Answers larger than this are not kept (creating requests answer a record).
const KEEP_AT_MOST: usize = 1024 * 1024;

fn refused(reason: Reason) -> ApiError {
    let mut invalid = Invalid::default();
    invalid.add("Idempotency-Key", reason);
    ApiError::Invalid(invalid)
}

pub async fn guard(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if request.method() != Method::POST {
        return Ok(next.run(request).await);
    }
    let Some(key) = request.headers().get(HEADER) else {
        return Ok(next.run(request).await);
    };
    let key = key
        .to_str()
        .ok()
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| refused(Reason::BadCharacters))?
        .to_owned();
    let scope = match request.extensions().get::<SessionInfo>() {
        Some(SessionInfo(session)) => format!("user {}", session.user.id),
        None => match request.extensions().get::<Client>() {
            Some(client) => format!("client {}", app.address_hash(client)),
            None => "client unknown".to_owned(),
        },
    };
    let path = request.uri().path().to_owned();
    let key_hash = digest(&[&scope, &path, &key]);
    // A page's form sent again is the same form (its boundary, its length
    // may differ): it gets the first answer.
    let request_hash = if request.extensions().get::<FromForm>().is_some() {
        digest(&["a page's form"])
    } else {
        let text = |name: header::HeaderName| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        digest(&[&text(header::CONTENT_TYPE), &text(header::CONTENT_LENGTH)])
    };

    let now = Utc::now();
    if let Some(held) = app
        .store
        .claim_idempotency(&key_hash, &request_hash, now)
        .await?
    {
        if held.request_hash != request_hash {
            return Err(refused(Reason::Mismatch));
        }
        match held.state.as_str() {
            "answered" => return Ok(replay(held)),
            "committed" => return Err(ErrorCode::AlreadyDone.into()),
            _ => {
                let stale_before = now - TimeDelta::seconds(ABANDONED_AFTER_SECS);
                if !app
                    .store
                    .take_over_idempotency(&key_hash, stale_before, now)
                    .await?
                {
                    return Err(ErrorCode::InProgress.into());
                }
            }
        }
    }

    let key_hash: Arc<str> = key_hash.into();
    let response = crate::db::IDEMPOTENCY_KEY
        .scope(key_hash.clone(), next.run(request))
        .await;
    if !(response.status().is_success() || response.status() == StatusCode::SEE_OTHER) {
        // Wrote nothing (else the key is committed and stays so).
        if let Err(e) = app.store.release_idempotency(&key_hash).await {
            tracing::warn!(error = %e, "could not release an idempotency key");
        }
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, KEEP_AT_MOST).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "an answer too large to keep for its idempotency key");
            return Err(ErrorCode::Internal.into());
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if let Err(e) = app
        .store
        .keep_idempotent_answer(
            &key_hash,
            i32::from(parts.status.as_u16()),
            content_type,
            &bytes,
        )
        .await
    {
        // The answer still goes out; a retry would hear `already_done`.
        tracing::warn!(error = %e, "could not keep an answer for its idempotency key");
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

fn digest(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

fn replay(held: crate::db::IdempotentRequest) -> Response {
    let status = held
        .status
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let body = held.body.unwrap_or_default();
    // A page's form answered with where to go next (`form_key`): its body
    // is that address, as `text/uri-list`.
    let location = (status == StatusCode::SEE_OTHER)
        .then(|| String::from_utf8(body.to_vec()).ok())
        .flatten()
        .and_then(|at| HeaderValue::from_str(at.trim()).ok());
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Some(value) = held
        .content_type
        .and_then(|t| HeaderValue::from_str(&t).ok())
    {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Some(location) = location {
        headers.insert(header::LOCATION, location);
    }
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

/// For a page's form, which cannot set a header: the `key` in the address
/// it posts to (`/report?key=…`, painted into the form) becomes the
/// request's `Idempotency-Key`, so a form sent twice — a retry after a
/// lost connection, a reload of its answer — is carried out once. Its
/// answer, a `303 See Other`, is kept and replayed with its `Location`;
/// what the form held the second time is not compared with the first.
pub async fn form_key(mut request: Request, next: Next) -> Response {
    let key = request.uri().query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "key")
            .map(|(_, v)| v.into_owned())
    });
    if let Some(value) = key.and_then(|k| HeaderValue::from_str(&k).ok()) {
        request.headers_mut().insert(HEADER, value);
        request.extensions_mut().insert(FromForm);
    }
    next.run(request).await
}

/// Marks a request whose key came from a page's form (`form_key`).
#[derive(Debug, Clone, Copy)]
struct FromForm;
