//! Rounds, batches, visits and the inspectors a round may send.

use xiaoneng_domain::planning::{Batch, Round, UserRef, Visit};

use super::{ApiError, get, get_all};

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

/// Every visit the caller reads.
pub async fn visits() -> Result<Vec<Visit>, ApiError> {
    get_all("/api/visits?limit=100").await
}

/// Every visit of a round.
pub async fn visits_of(round: i64) -> Result<Vec<Visit>, ApiError> {
    get_all(&format!("/api/visits?round={round}&limit=100")).await
}
