//! The built apps from `dist/`: precompressed brotli and gzip when the browser
//! takes them, hashed files cached for a year, and for every client route the
//! right app's `index.html`, revalidated every time. The public portal is
//! `dist/index.html`; the staff app (its own, larger wasm) is
//! `dist/staff-app/index.html`, answering `/staff…` and `/login`, so a citizen
//! reading a bulletin never downloads the staff app (its boot script runs
//! the field app, `dist/field-app/`, where that is all a page needs, the
//! office's app, `dist/office-app/`, and the administration pages' app,
//! `dist/admin-app/`, for their pages).

use std::convert::Infallible;
use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

/// Where trunk puts the staff app inside `dist/` (its `--public-url` too).
pub const STAFF_DIR: &str = "staff-app";

pub fn router(state: AppState) -> Router<AppState> {
    let dist = state.config.dist.clone();
    let staff = dist.join(STAFF_DIR).join("index.html");
    let guarded = state.clone();
    let spa = tower::service_fn(move |request: Request| {
        let (staff, state) = (staff.clone(), state.clone());
        async move {
            let last = request.uri().path().rsplit('/').next().unwrap_or_default();
            let response = if last.contains('.') {
                (StatusCode::NOT_FOUND, "Not found").into_response()
            } else if is_staff_route(request.uri().path()) {
                client_route(staff, request).await
            } else {
                // Every page of the portal has its route above: any other
                // address is not found (404), painted in the reader's language.
                crate::http::pages::not_found(&state, request.headers()).await
            };
            Ok::<_, Infallible>(response)
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa);
    Router::new()
        .route("/", axum::routing::get(crate::http::pages::home))
        .route(
            "/bulletins",
            axum::routing::get(crate::http::pages::bulletin_list),
        )
        .route("/stats", axum::routing::get(crate::http::pages::figures))
        .route(
            "/report/received",
            axum::routing::get(crate::http::pages::report::receipt),
        )
        .route(
            "/report/status",
            axum::routing::get(crate::http::pages::report::status),
        )
        .route(
            "/bulletins/{id}",
            axum::routing::get(super::shell::bulletin_page),
        )
        // The report form: sent once per key, a photo up to the upload limit.
        .merge(
            Router::new()
                .route(
                    "/report",
                    axum::routing::get(crate::http::pages::report::form)
                        .post(crate::http::pages::report::send),
                )
                .layer(middleware::from_fn_with_state(
                    guarded,
                    super::idempotency::guard,
                ))
                .layer(middleware::from_fn(super::idempotency::form_key))
                .layer(axum::extract::DefaultBodyLimit::max(
                    super::files::UPLOAD_LIMIT,
                )),
        )
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
        // The same URL answers brotli, gzip or plain bytes: caches must key on the encoding.
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
}

/// The staff app's client routes; everything else belongs to the portal.
fn is_staff_route(path: &str) -> bool {
    path == "/login"
        || path
            .strip_prefix("/staff")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A path with no file behind it: `index.html` if it looks like a client
/// route, a plain 404 if it names a file (`/missing.js`).
async fn client_route(index: PathBuf, request: Request) -> Response {
    let last = request.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(request)
        .await
    {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) {
        // The page said (the report form: never kept).
        return response;
    }
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    } else if !hashed {
        // A page that is not found or could not be read now may be there later.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}

/// Whether a file name carries a content hash, as trunk writes them
/// (`xiaoneng-app-1d2c…_bg.wasm`, `main-9a8b….css`): a run of 16 or more hex digits.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split(['-', '_', '.'])
        .any(|part| part.len() >= 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::{is_hashed, is_staff_route};

    #[test]
    fn staff_routes_go_to_the_staff_app() {
        assert!(is_staff_route("/login"));
        assert!(is_staff_route("/staff"));
        assert!(is_staff_route("/staff/findings/3"));
        assert!(!is_staff_route("/"));
        assert!(!is_staff_route("/bulletins/3"));
        assert!(!is_staff_route("/staffing"));
        assert!(!is_staff_route("/login/x"));
    }

    #[test]
    fn recognises_hashed_names() {
        assert!(is_hashed("/xiaoneng-app-6c5c1e8c2e0b9f7a_bg.wasm"));
        assert!(is_hashed("/main-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/bulletins/2020-12"));
    }
}
