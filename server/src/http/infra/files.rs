//! Files in and out: multipart forms whose files are checked the same way
//! everywhere (size, a type sniffed from the bytes, SHA-256), and file
//! answers with `Content-Disposition`, `nosniff` (set globally) and caching.

use axum::body::Body;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};
use xiaoneng_domain::record::{EVIDENCE_MAX_BYTES, EVIDENCE_TYPES};
use xiaoneng_domain::{ErrorCode, Invalid, Reason};

use super::error::ApiError;

/// Room for the multipart framing around the largest file and a little text.
const MULTIPART_OVERHEAD: usize = 64 * 1024;
/// The body limit of an endpoint that takes one file.
pub const UPLOAD_LIMIT: usize = EVIDENCE_MAX_BYTES + MULTIPART_OVERHEAD;
const FILE_NAME_MAX_CHARS: usize = 200;
const TEXT_FIELD_MAX_BYTES: usize = 32 * 1024;

/// A file that passed the checks.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    /// Sniffed from the content, one of `EVIDENCE_TYPES`.
    pub content_type: &'static str,
    pub sha256: String,
    pub data: Vec<u8>,
}

/// The parts of a multipart form this endpoint knows; others are refused.
#[derive(Debug, Default)]
pub struct Form {
    texts: Vec<(String, String)>,
    files: Vec<(String, String, Vec<u8>)>,
}

fn too_large(field: &str) -> ApiError {
    ApiError::Malformed {
        code: ErrorCode::PayloadTooLarge,
        detail: format!("{field} over the size limit"),
        field: Some((
            field.to_owned(),
            Reason::FileTooLarge {
                max_mb: EVIDENCE_MAX_BYTES / (1024 * 1024),
            },
        )),
    }
}

fn refused(field: &str, reason: Reason) -> ApiError {
    let mut invalid = Invalid::default();
    invalid.add(field.to_owned(), reason);
    ApiError::Invalid(invalid)
}

impl Form {
    /// Reads every part; a part named outside `known` is a 422 naming it.
    pub async fn read(multipart: Multipart, known: &[&str]) -> Result<Form, ApiError> {
        match Form::read_what_it_can(multipart, known).await {
            (form, None) => Ok(form),
            (_, Some(error)) => Err(error),
        }
    }

    /// Reads the parts it can: on a refused part (a file over the limit,
    /// say) what was read before it is kept, with the refusal, so a page's
    /// form can be shown again with what was typed.
    pub async fn read_what_it_can(
        multipart: Multipart,
        known: &[&str],
    ) -> (Form, Option<ApiError>) {
        let mut form = Form::default();
        let error = form.read_parts(multipart, known).await.err();
        (form, error)
    }

    async fn read_parts(
        &mut self,
        mut multipart: Multipart,
        known: &[&str],
    ) -> Result<(), ApiError> {
        let error = |e: MultipartError| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large("file")
            } else {
                ApiError::Malformed {
                    code: ErrorCode::BadRequest,
                    detail: e.body_text(),
                    field: None,
                }
            }
        };
        let form = self;
        while let Some(field) = multipart.next_field().await.map_err(error)? {
            let name = field.name().unwrap_or_default().to_owned();
            if !known.contains(&name.as_str()) {
                return Err(refused(&name, Reason::NotExpected));
            }
            if field.file_name().is_some() {
                let file_name = clean_file_name(field.file_name());
                let data = field.bytes().await.map_err(error)?;
                if data.len() > EVIDENCE_MAX_BYTES {
                    return Err(too_large(&name));
                }
                form.files.push((name, file_name, data.to_vec()));
            } else {
                let data = field.bytes().await.map_err(error)?;
                if data.len() > TEXT_FIELD_MAX_BYTES {
                    return Err(refused(
                        &name,
                        Reason::TooLong {
                            max: TEXT_FIELD_MAX_BYTES,
                        },
                    ));
                }
                let text = String::from_utf8(data.to_vec())
                    .map_err(|_| refused(&name, Reason::WrongType))?;
                form.texts.push((name, text));
            }
        }
        Ok(())
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }

    /// The file part `name`, checked; `None` when the form has none.
    pub fn optional_file(&self, name: &str) -> Result<Option<Upload>, ApiError> {
        let Some((_, file_name, data)) = self.files.iter().find(|(n, _, _)| n == name) else {
            return Ok(None);
        };
        if data.is_empty() {
            return Err(refused(name, Reason::Required));
        }
        let content_type = infer::get(data)
            .map(|kind| kind.mime_type())
            .filter(|mime| EVIDENCE_TYPES.contains(mime))
            .ok_or_else(|| refused(name, Reason::FileTypeNotAccepted))?;
        Ok(Some(Upload {
            file_name: file_name.clone(),
            content_type,
            sha256: hex::encode(Sha256::digest(data)),
            data: data.clone(),
        }))
    }

    /// Whether the form has a non-empty file part `name`.
    pub fn has_file(&self, name: &str) -> bool {
        self.files
            .iter()
            .any(|(n, _, data)| n == name && !data.is_empty())
    }

    /// The file part `name` of a page's form, checked; `None` when the form
    /// has none or it is empty (a browser sends a file input left empty as
    /// an empty part).
    pub fn chosen_file(&self, name: &str) -> Result<Option<Upload>, ApiError> {
        match self.files.iter().find(|(n, _, _)| n == name) {
            Some((_, _, data)) if data.is_empty() => Ok(None),
            _ => self.optional_file(name),
        }
    }

    /// The file part `name`, checked; 422 when missing.
    pub fn file(&self, name: &str) -> Result<Upload, ApiError> {
        self.optional_file(name)?
            .ok_or_else(|| refused(name, Reason::Required))
    }
}

/// The last path component, trimmed and bounded; "evidence" when nothing is left.
pub fn clean_file_name(name: Option<&str>) -> String {
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

/// A stored file: images inline, anything else as an attachment, cached
/// privately for good (a file never changes), its hash as the ETag.
pub fn serve_file(
    data: Vec<u8>,
    content_type: &str,
    fallback_name: &str,
    file_name: &str,
    sha256: &str,
) -> Result<Response, ApiError> {
    let disposition = if content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    let header = |value: String| HeaderValue::from_str(&value).map_err(|e| anyhow::anyhow!("{e}"));
    let mut response = Response::new(Body::from(data));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, header(content_type.to_owned())?);
    headers.insert(
        header::CONTENT_DISPOSITION,
        header(format!(
            "{disposition}; filename=\"{fallback_name}\"; filename*=UTF-8''{}",
            percent_encode(file_name)
        ))?,
    );
    headers.insert(
        header::CACHE_CONTROL,
        // Evidence and citizens' photos are read on shared office PCs: no
        // cache, the browser's or a proxy's, keeps a copy.
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(header::ETAG, header(format!("\"{sha256}\""))?);
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
