//! Evidence files: `POST /api/findings/{id}/evidence` (multipart, field
//! `file`) and `GET /api/evidence/{id}`. The type is sniffed from the bytes,
//! the size is limited, the SHA-256 is kept, and a file never changes once
//! attached. Who may see the finding may see its evidence; nobody else
//! learns it exists.

use axum::Json;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::Utc;
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::record::{EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, Evidence};
use xiaoneng_domain::{ErrorCode, ErrorResponse, Reason};

use super::error::ApiError;
use super::extract::{Actors, Allowed, CurrentUser, Origin};
use super::findings::{load_detail, load_finding, reach};
use crate::AppState;
use crate::db::{AuditEntry, NewEvidence};

/// Room for the multipart framing around the largest file.
const MULTIPART_OVERHEAD: usize = 64 * 1024;
const FILE_NAME_MAX_CHARS: usize = 200;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(download))
        .layer(DefaultBodyLimit::max(
            EVIDENCE_MAX_BYTES + MULTIPART_OVERHEAD,
        ))
}

fn too_large() -> ApiError {
    ApiError::Malformed {
        code: ErrorCode::PayloadTooLarge,
        detail: "evidence over the size limit".into(),
        field: Some((
            "file".into(),
            Reason::FileTooLarge {
                max_mb: EVIDENCE_MAX_BYTES / (1024 * 1024),
            },
        )),
    }
}

fn refused(reason: Reason) -> ApiError {
    let mut invalid = xiaoneng_domain::Invalid::default();
    invalid.add("file", reason);
    ApiError::Invalid(invalid)
}

/// The last path component, trimmed and bounded; "evidence" when nothing is left.
fn clean_file_name(name: Option<&str>) -> String {
    let base = name
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(FILE_NAME_MAX_CHARS)
        .collect::<String>();
    if base.is_empty() {
        "evidence".to_owned()
    } else {
        base
    }
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
    origin: Origin,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<Evidence>), ApiError> {
    let finding = load_finding(&app, &user, id).await?;
    if finding.progress.state.is_final() {
        return Err(ErrorCode::WrongState.into());
    }
    let multipart_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::Malformed {
                code: ErrorCode::BadRequest,
                detail: e.body_text(),
                field: None,
            }
        }
    };
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() == Some("file") {
            let name = clean_file_name(field.file_name());
            let data = field.bytes().await.map_err(multipart_error)?;
            file = Some((name, data));
            break;
        }
    }
    let Some((file_name, data)) = file else {
        return Err(refused(Reason::Required));
    };
    if data.len() > EVIDENCE_MAX_BYTES {
        return Err(too_large());
    }
    if data.is_empty() {
        return Err(refused(Reason::Required));
    }
    let content_type = infer::get(&data)
        .map(|kind| kind.mime_type())
        .filter(|mime| EVIDENCE_TYPES.contains(mime))
        .ok_or_else(|| refused(Reason::FileTypeNotAccepted))?;
    let new = NewEvidence {
        finding_id: id,
        file_name,
        content_type: content_type.to_owned(),
        sha256: hex::encode(Sha256::digest(&data)),
        uploaded_by: user.id(),
        data: data.to_vec(),
    };
    let audit = AuditEntry {
        request_id: origin.request_id,
        address: origin.address,
        ..AuditEntry::new(Utc::now(), Some(user.id()), "attach_evidence", "finding")
    };
    let evidence_id = app.store.attach_evidence(&new, audit).await?;
    let attached = load_detail(&app, &user, id)
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
    if !finding.is_some_and(|row| reach.sees(&row)) {
        return Err(ErrorCode::NotFound.into());
    }
    let disposition = if file.content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    let mut response = Response::new(Body::from(file.data));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file.content_type).map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!(
            "{disposition}; filename=\"evidence-{id}\"; filename*=UTF-8''{}",
            percent_encode(&file.file_name)
        ))
        .map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{}\"", file.sha256))
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    Ok(response)
}

/// RFC 5987 encoding for `filename*`: attr-chars stay, every other byte is %XX.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_their_paths() {
        assert_eq!(
            clean_file_name(Some("C:\\\\photos\\\\窗口.jpg")),
            "窗口.jpg"
        );
        assert_eq!(clean_file_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(clean_file_name(Some("  ")), "evidence");
        assert_eq!(clean_file_name(None), "evidence");
    }

    #[test]
    fn names_are_encoded_for_headers() {
        assert_eq!(percent_encode("窗口 1.jpg"), "%E7%AA%97%E5%8F%A3%201.jpg");
    }
}
