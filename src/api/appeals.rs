//! Appeals: lodged by a unit, reviewed by the office or a leader.

use xiaoneng_domain::appeal::{Appeal, AppealActionRequest, AppealSettings, NewAppeal};

use super::{ApiError, Write, get, get_all, query};

/// One page of appeals with the filters `pairs` give.
pub fn page(pairs: &[(&str, Option<String>)]) -> String {
    format!("/api/appeals{}", query(pairs))
}

pub async fn one(id: i64) -> Result<Appeal, ApiError> {
    get(&format!("/api/appeals/{id}")).await
}

/// Every appeal concerning a finding (its own, and its decisions').
pub async fn of_finding(id: i64) -> Result<Vec<Appeal>, ApiError> {
    get_all(&format!("/api/appeals?finding={id}&limit=100")).await
}

pub fn lodge() -> Write<NewAppeal, Appeal> {
    Write::post("/api/appeals")
}

pub fn review(id: i64) -> Write<AppealActionRequest, Appeal> {
    Write::post(format!("/api/appeals/{id}/actions"))
}

/// The office's appeal window, review time and reviewers.
pub async fn settings() -> Result<AppealSettings, ApiError> {
    get("/api/settings/appeals").await
}

pub fn save_settings() -> Write<AppealSettings, AppealSettings> {
    Write::put("/api/settings/appeals".to_owned())
}

/// Where the unit uploads a file in support of its appeal (multipart, field `file`).
pub fn evidence_upload(id: i64) -> String {
    format!("/api/appeals/{id}/evidence")
}

/// Where one of an appeal's files is downloaded.
pub fn evidence_file(id: i64) -> String {
    format!("/api/appeal-evidence/{id}")
}
