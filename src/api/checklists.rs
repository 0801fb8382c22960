//! Checklist templates and their versions.

use xiaoneng_domain::checklist::Checklist;

use super::Write;
use super::{ApiError, get};
use xiaoneng_domain::checklist::{ChecklistActivation, ChecklistInput};

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

pub fn create() -> Write<ChecklistInput, Checklist> {
    Write::post("/api/checklists")
}

/// Saves a version (a version in use answers a new one, with a new id).
pub fn update(id: i64) -> Write<ChecklistInput, Checklist> {
    Write::put(format!("/api/checklists/{id}"))
}

pub fn activate(id: i64) -> Write<ChecklistActivation, Checklist> {
    Write::post(format!("/api/checklists/{id}/activate"))
}
