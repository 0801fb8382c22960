//! Units and their people: the tree, a unit's staff, A/B posts and the away notices in force.

use xiaoneng_domain::staff::{AwayNotice, Post, Staff};
use xiaoneng_domain::unit::{PublicUnit, Unit};

use super::{ApiError, get};

/// The whole unit tree.
pub async fn all() -> Result<Vec<Unit>, ApiError> {
    get("/api/units").await
}

/// The units a citizen may name in a report.
pub async fn public() -> Result<Vec<PublicUnit>, ApiError> {
    get("/api/public/units").await
}

pub async fn staff(unit: i64) -> Result<Vec<Staff>, ApiError> {
    get(&format!("/api/units/{unit}/staff")).await
}

pub async fn posts(unit: i64) -> Result<Vec<Post>, ApiError> {
    get(&format!("/api/units/{unit}/posts")).await
}

/// The away-from-post notices in force now.
pub async fn notices_in_force(unit: i64) -> Result<Vec<AwayNotice>, ApiError> {
    get(&format!("/api/units/{unit}/away-notices?current=true")).await
}
