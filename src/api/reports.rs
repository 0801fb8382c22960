//! Citizens' reports as the office handles them.

use xiaoneng_domain::report::{AcceptReport, DeclineReport, Report};

use super::{ApiError, Write, get, query};

/// One page of reports with the filters `pairs` give.
pub fn page(pairs: &[(&str, Option<String>)]) -> String {
    format!("/api/reports{}", query(pairs))
}

pub async fn one(id: i64) -> Result<Report, ApiError> {
    get(&format!("/api/reports/{id}")).await
}

/// Where a report's photo is shown from.
pub fn photo(id: i64) -> String {
    format!("/api/reports/{id}/photo")
}

/// Accepted as a finding.
pub fn accept(id: i64) -> Write<AcceptReport, Report> {
    Write::post(format!("/api/reports/{id}/accept"))
}

pub fn decline(id: i64) -> Write<DeclineReport, Report> {
    Write::post(format!("/api/reports/{id}/decline"))
}
