//! What citizens read: published bulletins and the year's figures.

use xiaoneng_domain::bulletin::PublicBulletin;
use xiaoneng_domain::record::Page;
use xiaoneng_domain::stats::PublicStats;

use super::{ApiError, get};

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
