//! Rounds, batches, visits and the inspectors a round may send.

use xiaoneng_domain::planning::{Batch, Round, UserRef, Visit};

use super::Write;
use super::{ApiError, get, get_all, query};
use xiaoneng_domain::checklist::{Inspection, InspectionDraft, Submission};
use xiaoneng_domain::planning::{NewBatch, RoundInput, VisitInput};

pub async fn round(id: i64) -> Result<Round, ApiError> {
    get(&format!("/api/rounds/{id}")).await
}

/// Every round the caller reads.
pub async fn rounds() -> Result<Vec<Round>, ApiError> {
    get_all("/api/rounds?limit=100").await
}

/// Every round of the office's own.
pub async fn office_rounds() -> Result<Vec<Round>, ApiError> {
    get_all("/api/rounds?kind=office&limit=100").await
}

pub async fn batches(round: i64) -> Result<Vec<Batch>, ApiError> {
    get(&format!("/api/rounds/{round}/batches")).await
}

/// Who may be sent on a visit of the round.
pub async fn inspectors(round: i64) -> Result<Vec<UserRef>, ApiError> {
    get(&format!("/api/inspectors?round={round}")).await
}

pub async fn visit(id: i64) -> Result<Visit, ApiError> {
    get(&format!("/api/visits/{id}")).await
}

/// Every visit of the caller's still to make (no inspection submitted).
pub async fn open_visits() -> Result<Vec<Visit>, ApiError> {
    get_all("/api/visits?open=true&limit=100").await
}

/// Every visit of a round.
pub async fn visits_of(round: i64) -> Result<Vec<Visit>, ApiError> {
    get_all(&format!("/api/visits?round={round}&limit=100")).await
}

pub fn create_round() -> Write<RoundInput, Round> {
    Write::post("/api/rounds")
}

pub fn create_batch(round: i64) -> Write<NewBatch, Batch> {
    Write::post(format!("/api/rounds/{round}/batches"))
}

pub fn create_visit() -> Write<VisitInput, Visit> {
    Write::post("/api/visits")
}

/// The visit's inspection as it stands (404 before a first save).
pub async fn inspection(visit: i64) -> Result<Inspection, ApiError> {
    get(&format!("/api/visits/{visit}/inspection")).await
}

/// Saves the answers so far.
pub fn save_inspection(visit: i64) -> Write<InspectionDraft, Inspection> {
    Write::put(format!("/api/visits/{visit}/inspection"))
}

pub fn submit_inspection(visit: i64) -> Write<Submission, Inspection> {
    Write::post(format!("/api/visits/{visit}/inspection/submit"))
}

/// Where an item's photo is uploaded (a multipart form: `item`, `file`).
pub fn photo_upload(visit: i64) -> String {
    format!("/api/visits/{visit}/inspection/photos")
}

/// Where an inspection photo is shown from.
pub fn photo_file(photo: i64) -> String {
    format!("/api/inspection-photos/{photo}")
}

/// One page of rounds, after `cursor`.
pub fn rounds_page(cursor: Option<String>) -> String {
    format!("/api/rounds{}", query(&[("cursor", cursor)]))
}
