//! What citizens read: published bulletins and the year's figures.

use xiaoneng_domain::bulletin::PublicBulletin;
use xiaoneng_domain::record::Page;
use xiaoneng_domain::stats::PublicStats;

use super::Write;
use super::{ApiError, get};
use xiaoneng_domain::report::{NewReport, ReportReceipt, ReportStatusView};

/// Where published bulletins are read a page at a time.
pub const BULLETINS: &str = "/api/public/bulletins";

/// The bulletins as an Atom feed.
pub const FEED: &str = "/api/public/feed.atom";

/// This year's figures, or `year`'s.
pub async fn stats(year: Option<i32>) -> Result<PublicStats, ApiError> {
    match year {
        Some(y) => get(&format!("/api/public/stats?year={y}")).await,
        None => get("/api/public/stats").await,
    }
}

/// The `n` newest published bulletins.
pub async fn latest_bulletins(n: u32) -> Result<Page<PublicBulletin>, ApiError> {
    get(&format!("/api/public/bulletins?limit={n}")).await
}

pub async fn bulletin(id: i64) -> Result<PublicBulletin, ApiError> {
    get(&format!("/api/public/bulletins/{id}")).await
}

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
