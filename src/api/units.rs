//! Units and their people: the tree, a unit's staff, A/B posts and the away notices in force.

use xiaoneng_domain::staff::{AwayNotice, Post, Staff};
use xiaoneng_domain::unit::{PublicUnit, Unit};

use super::Write;
use super::{ApiError, get};
use xiaoneng_domain::import::{ImportReport, ImportRequest};
use xiaoneng_domain::staff::{NewAwayNotice, PostInput, StaffInput};
use xiaoneng_domain::unit::UnitInput;

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

pub fn create() -> Write<UnitInput, Unit> {
    Write::post("/api/units")
}

pub fn update(id: i64) -> Write<UnitInput, Unit> {
    Write::put(format!("/api/units/{id}"))
}

/// A CSV file checked (`write: false`) or written whole.
pub fn import_units() -> Write<ImportRequest, ImportReport> {
    Write::post("/api/units/import")
}

pub fn import_staff() -> Write<ImportRequest, ImportReport> {
    Write::post("/api/staff/import")
}

pub fn add_staff(unit: i64) -> Write<StaffInput, Staff> {
    Write::post(format!("/api/units/{unit}/staff"))
}

pub fn update_staff(id: i64) -> Write<StaffInput, Staff> {
    Write::put(format!("/api/staff/{id}"))
}

pub fn add_post(unit: i64) -> Write<PostInput, Post> {
    Write::post(format!("/api/units/{unit}/posts"))
}

pub fn update_post(id: i64) -> Write<PostInput, Post> {
    Write::put(format!("/api/posts/{id}"))
}

pub fn post_notice() -> Write<NewAwayNotice, AwayNotice> {
    Write::post("/api/away-notices")
}
