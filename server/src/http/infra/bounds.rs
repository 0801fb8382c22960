//! Bounds on the work in progress: how many API requests and uploads run at
//! once, and for how long. Past a bound the answer is 503 with
//! `Retry-After` at once (load shedding): under a flood the server keeps
//! answering, quickly, instead of queueing until everything times out.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::Semaphore;

use super::error::ApiError;
use crate::AppState;
use crate::config::Config;

pub struct Bounds {
    requests: Arc<Semaphore>,
    uploads: Arc<Semaphore>,
    request_time: Duration,
    upload_time: Duration,
}

impl Bounds {
    pub fn new(config: &Config) -> Bounds {
        Bounds {
            requests: Arc::new(Semaphore::new(config.max_requests)),
            uploads: Arc::new(Semaphore::new(config.max_uploads)),
            request_time: Duration::from_secs(config.request_timeout_seconds),
            upload_time: Duration::from_secs(config.upload_timeout_seconds),
        }
    }
}

/// An upload: a multipart body (photos, evidence, imports).
fn is_upload(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"multipart/"))
}

pub async fn bound(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let bounds = &app.bounds;
    let _request = bounds
        .requests
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::Busy)?;
    let upload = is_upload(&request);
    let _upload = match upload {
        true => Some(
            bounds
                .uploads
                .clone()
                .try_acquire_owned()
                .map_err(|_| ApiError::Busy)?,
        ),
        false => None,
    };
    let limit = if upload {
        bounds.upload_time
    } else {
        bounds.request_time
    };
    let path = request.uri().path().to_owned();
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => Ok(response),
        Err(_) => {
            // The handler is dropped where it stood: a write in progress rolls back.
            tracing::warn!(%path, seconds = limit.as_secs(), "a request ran out of time");
            Err(ApiError::Busy)
        }
    }
}
