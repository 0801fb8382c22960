//! Findings: one with its timeline, and the lists the pages pick from.

use xiaoneng_domain::record::{Finding, FindingDetail, Page};

use super::{ApiError, get, get_all};

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
