//! What citizens send: a report. (Everything they read, its status too, is
//! a page the server paints.)

use super::Write;
use xiaoneng_domain::report::{NewReport, ReportReceipt};

/// Where a report with a photo goes (a multipart form: `report`, `photo`).
pub const REPORTS: &str = "/api/public/reports";

/// A citizen's report without a photo.
pub fn report() -> Write<NewReport, ReportReceipt> {
    Write::post(REPORTS)
}
