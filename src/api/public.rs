//! What citizens send: a report, and where it stands. (The bulletins and
//! the figures are pages the server paints.)

use super::Write;
use super::{ApiError, get};
use xiaoneng_domain::report::{NewReport, ReportReceipt, ReportStatusView};

/// Where a report with a photo goes (a multipart form: `report`, `photo`).
pub const REPORTS: &str = "/api/public/reports";

/// A citizen's report without a photo.
pub fn report() -> Write<NewReport, ReportReceipt> {
    Write::post(REPORTS)
}

/// Where a report stands, by its tracking code.
pub async fn report_status(code: &str) -> Result<ReportStatusView, ApiError> {
    get(&format!("/api/public/reports/{}", super::encode(code))).await
}
