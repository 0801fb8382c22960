//! Findings: one with its timeline, and the lists the pages pick from.

use xiaoneng_domain::record::{Evidence, Finding, FindingDetail, Page};
use xiaoneng_domain::stats::OfficeStats;

use super::Write;
use super::{ApiError, get, get_all, query};
use xiaoneng_domain::finding::ActionRequest;

/// Where the findings list is read a page at a time.
pub const LIST: &str = "/api/findings";

pub async fn one(id: i64) -> Result<FindingDetail, ApiError> {
    get(&format!("/api/findings/{id}")).await
}

/// The first page (up to 100) of the findings `query` asks for (`state=…&…`).
pub async fn first_page(query: &str) -> Result<Page<Finding>, ApiError> {
    get(&format!("/api/findings?{query}&limit=100")).await
}

/// Every recorded finding of a unit (what another may be merged into).
pub async fn recorded_of(unit: i64) -> Result<Vec<Finding>, ApiError> {
    get_all(&format!(
        "/api/findings?unit={unit}&state=recorded&limit=100"
    ))
    .await
}

/// A step of the finding's workflow (or a comment); answers the finding as it now is.
/// The office's correction of a finding's facts.
pub fn correct(id: i64) -> Write<xiaoneng_domain::record::FindingCorrection, FindingDetail> {
    Write::post(format!("/api/findings/{id}/corrections"))
}

pub fn act(id: i64) -> Write<ActionRequest, FindingDetail> {
    Write::post(format!("/api/findings/{id}/actions"))
}

/// Where a finding's evidence is uploaded (a multipart form, field `file`).
fn evidence_upload(id: i64) -> String {
    format!("/api/findings/{id}/evidence")
}

/// Adds `file` to finding `id`'s evidence, fitted for mobile data first
/// (`device::fit_for_upload`), telling `progress` the percentage sent.
pub async fn send_evidence(
    id: i64,
    file: web_sys::File,
    progress: impl Fn(u32) + 'static,
) -> Result<Evidence, ApiError> {
    let file = crate::device::fit_for_upload(file).await;
    super::upload_with_progress(&evidence_upload(id), &[], "file", &file, progress).await
}

/// Where one piece of evidence is downloaded.
pub fn evidence_file(evidence: i64) -> String {
    format!("/api/evidence/{evidence}")
}

/// The findings the filter `pairs` give, as a file to download (`format`: csv or xlsx).
pub fn export(pairs: &[(&str, Option<String>)]) -> String {
    format!("/api/exports/findings{}", query(pairs))
}

/// The office's figures for a year.
pub async fn stats(year: i32) -> Result<OfficeStats, ApiError> {
    get(&format!("/api/stats?year={year}")).await
}
