//! Evidence files: `POST /api/findings/{id}/evidence` (multipart, field
//! `file`) and `GET /api/evidence/{id}`. The type is sniffed from the bytes,
//! the size is limited, the SHA-256 is kept, and a file never changes once
//! attached. Who may see the finding may see its evidence; nobody else
//! learns it exists.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::record::Evidence;
use xiaoneng_domain::{ErrorCode, ErrorResponse};

use super::error::ApiError;
use super::extract::{Actors, Allowed, CurrentUser, Origin};
use super::files::{Form, UPLOAD_LIMIT, serve_file};
use super::findings::{InReach, load_detail, load_finding, reach};
use crate::AppState;
use crate::db::NewEvidence;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(download))
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct EvidenceUpload {
    /// A photo (JPEG, PNG, WebP, HEIF) or a PDF, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Attaches a file to a finding as evidence.
#[utoipa::path(post, path = "/api/findings/{id}/evidence", tag = "findings", params(("id" = i64, Path)),
    request_body(content_type = "multipart/form-data", content = EvidenceUpload),
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Attached", body = Evidence),
    (status = 403, description = "Leaders and administrators attach nothing", body = ErrorResponse),
    (status = 404, description = "No such finding within the caller's reach", body = ErrorResponse),
    (status = 409, description = "The finding is closed", body = ErrorResponse),
    (status = 413, description = "Over 10 MB", body = ErrorResponse),
    (status = 422, description = "No file, or not a photo or PDF", body = ErrorResponse),
))]
async fn upload(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Actors>,
    InReach(reach): InReach,
    origin: Origin,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Evidence>), ApiError> {
    let finding = load_finding(&app, &reach, id).await?;
    if finding.progress.state.is_final() {
        return Err(ErrorCode::WrongState.into());
    }
    let form = Form::read(multipart, &["file"]).await?;
    let file = form.file("file")?;
    let new = NewEvidence {
        finding_id: id,
        file_name: file.file_name,
        content_type: file.content_type.to_owned(),
        sha256: file.sha256,
        uploaded_by: user.id(),
        data: file.data,
    };
    let audit = origin.audit(&user, "attach_evidence", "finding");
    let evidence_id = app.store.attach_evidence(&new, audit).await?;
    let attached = load_detail(&app, &user, &reach, id)
        .await?
        .evidence
        .into_iter()
        .find(|e| e.id == evidence_id)
        .ok_or_else(|| anyhow::anyhow!("evidence {evidence_id} vanished after it was attached"))?;
    Ok((StatusCode::CREATED, Json(attached)))
}

/// The file itself, with the type it was sniffed as.
#[utoipa::path(get, path = "/api/evidence/{id}", tag = "findings", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The file", content_type = "application/octet-stream"),
    (status = 404, description = "No such file within the caller's reach", body = ErrorResponse),
))]
async fn download(
    State(app): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let file = app
        .store
        .evidence_file(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let reach = reach(&app, &user).await?;
    let finding = app.store.finding(file.finding_id).await?;
    if !finding.is_some_and(|row| super::findings::sees(&reach, &row)) {
        return Err(ErrorCode::NotFound.into());
    }
    serve_file(
        file.data,
        &file.content_type,
        &format!("evidence-{id}"),
        &file.file_name,
        &file.sha256,
    )
}
