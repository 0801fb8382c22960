//! The signed-in user's inbox.

use xiaoneng_domain::notification::UnreadCount;

use super::{ApiError, get, post_empty, query};

/// One page of the caller's notifications, unread first.
pub fn page(cursor: Option<String>) -> String {
    format!("/api/notifications{}", query(&[("cursor", cursor)]))
}

/// How many are unread (the count beside the inbox link).
pub async fn unread() -> Result<UnreadCount, ApiError> {
    get("/api/notifications/count").await
}

pub async fn mark_read(id: i64) -> Result<(), ApiError> {
    post_empty(&format!("/api/notifications/{id}/read")).await
}
