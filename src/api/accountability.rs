//! Accountability decisions and bulletins, as the office keeps them.

use xiaoneng_domain::accountability::Decision;
use xiaoneng_domain::bulletin::Bulletin;

use super::{ApiError, get, get_all};

/// Every decision the caller reads.
pub async fn decisions() -> Result<Vec<Decision>, ApiError> {
    get_all("/api/decisions?limit=100").await
}

pub async fn bulletin(id: i64) -> Result<Bulletin, ApiError> {
    get(&format!("/api/bulletins/{id}")).await
}
