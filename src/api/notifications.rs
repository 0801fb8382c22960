//! The signed-in user's inbox.

use xiaoneng_domain::notification::{NotificationSettings, UnreadCount};

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

/// The caller's address, language and choices of what is sent.
pub async fn settings() -> Result<NotificationSettings, ApiError> {
    get("/api/me/notification-settings").await
}

pub async fn save_settings(
    settings: &NotificationSettings,
) -> Result<NotificationSettings, ApiError> {
    super::send(
        super::Method::Put,
        "/api/me/notification-settings",
        settings,
    )
    .await
}
