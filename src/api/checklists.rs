//! Checklist templates and their versions.

use xiaoneng_domain::checklist::Checklist;

use super::{ApiError, get};

/// Each template's newest version.
pub async fn latest() -> Result<Vec<Checklist>, ApiError> {
    get("/api/checklists").await
}

/// Each template's version new visits take.
pub async fn active() -> Result<Vec<Checklist>, ApiError> {
    get("/api/checklists?active=true").await
}

pub async fn one(id: i64) -> Result<Checklist, ApiError> {
    get(&format!("/api/checklists/{id}")).await
}

/// Every version of the template `id` is a version of.
pub async fn versions(id: i64) -> Result<Vec<Checklist>, ApiError> {
    get(&format!("/api/checklists/{id}/versions")).await
}
