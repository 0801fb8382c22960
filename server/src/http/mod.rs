//! The HTTP surface: one module per resource, each with its `router()`,
//! merged here with the layers every request passes; what they stand on
//! is in `infra/`.

pub mod appeals;
pub mod auth;
pub mod bulletins;
pub mod calendar;
pub mod checklists;
pub mod decisions;
pub mod deliveries;
pub mod evidence;
pub mod exports;
pub mod findings;
pub mod health;
pub mod imports;
pub mod infra;
pub mod inspections;
pub mod notifications;
pub mod oversight;
pub mod pages;
pub mod planning;
pub mod public;
pub mod reassignments;
pub mod reports;
pub mod staff;
pub mod stats;
pub mod units;
pub mod users;

pub use infra::{
    assets, bounds, client, error, extract, files, idempotency, limits, paging, session, shell,
};

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, header};
use axum::{Router, middleware};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::AppState;

/// Lets the wasm app run and nothing more: no inline script, no other origin.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
     manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// JSON bodies are small; evidence uploads get their own limit where they are accepted.
const JSON_BODY_LIMIT: usize = 256 * 1024;

/// The OpenAPI document's frame; the paths come from the routers themselves.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "效能 Xiaoneng API",
        description = "Efficiency supervision: inspections, findings, rectification, accountability, bulletins. \
            Every error answers `{\"error\": {\"code\", \"message\", \"fields\"}}`; state-changing \
            requests from a signed-in browser carry the session's CSRF token in `X-CSRF-Token`. \
            A `POST` may carry an `Idempotency-Key` (1–255 visible ASCII characters): a retry \
            with the same key gets the first answer again (`Idempotent-Replayed: true`), or 409 \
            `already_done` / `in_progress`, and creates nothing twice."
    ),
    modifiers(&SecuritySchemes)
)]
struct ApiDoc;

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(session::COOKIE))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-CSRF-Token"))),
        );
    }
}

/// Every API route with its description, and the OpenAPI document made from them.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use utoipa::OpenApi;
    utoipa_axum::router::OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(auth::router())
        .merge(findings::router())
        .merge(evidence::router())
        .merge(decisions::router())
        .merge(appeals::router())
        .merge(reassignments::router())
        .merge(calendar::router())
        .merge(units::router())
        .merge(checklists::router())
        .merge(planning::router())
        .merge(inspections::router())
        .merge(bulletins::router())
        .merge(public::router())
        .merge(reports::router())
        .merge(stats::router())
        .merge(exports::router())
        .merge(staff::router())
        .merge(oversight::router())
        .merge(users::router())
        .merge(imports::router())
        .merge(notifications::router())
        .merge(deliveries::router())
        .split_for_parts()
        .map_doc(name_operations)
        .map_doc(common_responses)
        .map_doc(limits::document)
}

trait MapDoc {
    fn map_doc(self, f: fn(&mut utoipa::openapi::OpenApi)) -> Self;
}

impl MapDoc for (Router<AppState>, utoipa::openapi::OpenApi) {
    fn map_doc(mut self, f: fn(&mut utoipa::openapi::OpenApi)) -> Self {
        f(&mut self.1);
        self
    }
}

/// Operation ids are the handlers' names, which repeat across modules
/// (`list`, `detail`…); the document needs them unique, so each is
/// prefixed with its tag: `findings_list`, `public_detail`.
fn name_operations(doc: &mut utoipa::openapi::OpenApi) {
    for op in operations(doc) {
        let tag = op.tags.as_ref().and_then(|t| t.first()).cloned();
        if let (Some(tag), Some(id)) = (tag, op.operation_id.as_mut()) {
            *id = format!("{tag}_{id}");
        }
    }
}

/// Every operation of the document, whatever its method.
fn operations(
    doc: &mut utoipa::openapi::OpenApi,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    doc.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
    })
}

/// The answers every operation of its kind can give, whatever its handler
/// says, from the layers in front of it: 400 (a path, query or body that
/// cannot be read), 401 (no session) and 403 (a role refused, or a missing
/// CSRF token) where a session is asked for, 413 and 415 (too large, not
/// JSON) where a body is read, 422 where a query or body is checked.
fn common_responses(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorResponse")))
                    .build(),
            )
            .build()
    };
    for op in operations(doc) {
        let signed_in = op.security.as_ref().is_some_and(|s| !s.is_empty());
        let queried = op.parameters.as_ref().is_some_and(|p| {
            p.iter()
                .any(|p| p.parameter_in == utoipa::openapi::path::ParameterIn::Query)
        });
        let body = op.request_body.is_some();
        let responses = &mut op.responses.responses;
        let mut add = |status: &str, description: &str| {
            responses
                .entry(status.to_owned())
                .or_insert_with(|| error(description).into());
        };
        add("400", "The path, query or body cannot be read");
        if signed_in {
            add("401", "No session, or it has ended");
            add("403", "The role may not, or the CSRF token is missing");
        }
        if body {
            add("413", "The body is too large");
            add("415", "The body is not of the type this operation reads");
        }
        if body || queried {
            add("422", "A field or parameter is refused");
        }
    }
}

pub fn app(state: AppState) -> Router {
    let (routes, doc) = api();
    let doc = std::sync::Arc::new(doc);
    let api = routes
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move { axum::Json(doc) }
            }),
        )
        .route("/api", axum::routing::any(error::api_not_found))
        .route("/api/{*rest}", axum::routing::any(error::api_not_found))
        // A handler that panics answers the JSON 500 (and is logged); the
        // connection stays open.
        .layer(CatchPanicLayer::custom(error::panicked))
        // A retried creating request with its `Idempotency-Key` creates
        // nothing twice (inside the session layer: keys are per user).
        .layer(middleware::from_fn_with_state(
            state.clone(),
            idempotency::guard,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::resolve,
        ))
        // Work in progress is bounded; past it, 503 at once.
        .layer(middleware::from_fn_with_state(state.clone(), bounds::bound))
        .layer(middleware::from_fn(error::localize))
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        // Answers are the caller's own: no browser or proxy keeps them (the
        // feed and the files say otherwise for themselves).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    let request_id = HeaderName::from_static("x-request-id");
    let headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ));

    let site = api.merge(assets::router(state.clone())).layer(headers);
    // Served over HTTPS (its public address says so, or it marks cookies
    // Secure): browsers are told to come back only that way.
    let site = if state.config.serves_https() {
        site.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ))
    } else {
        site
    };
    site.layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(middleware::from_fn_with_state(state.clone(), client::resolve))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|request: &Request| {
                            let id = request
                                .headers()
                                .get("x-request-id")
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("-");
                            tracing::info_span!("request", request_id = id, method = %request.method(), path = %request.uri().path())
                        })
                        .on_response(
                            tower_http::trace::DefaultOnResponse::new()
                                .level(tracing::Level::INFO)
                                .latency_unit(tower_http::LatencyUnit::Millis),
                        ),
                )
                .layer(PropagateRequestIdLayer::new(request_id)),
        )
        .with_state(state)
}
