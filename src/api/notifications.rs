//! The signed-in user's inbox.

use xiaoneng_domain::notification::{NotificationSettings, UnreadCount};

use xiaoneng_domain::reminder::Ladder;

use super::{ApiError, Write, get, post_empty, query};

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

/// The escalation ladder.
pub async fn ladder() -> Result<Ladder, ApiError> {
    get("/api/settings/escalation").await
}

pub fn save_ladder() -> Write<Ladder, Ladder> {
    Write::put("/api/settings/escalation".to_owned())
}

/// One page of the messages given up on.
pub fn failed_page(cursor: Option<String>) -> String {
    format!("/api/deliveries/failed{}", query(&[("cursor", cursor)]))
}

/// Puts a failed message back in the queue.
pub async fn retry(id: i64) -> Result<(), ApiError> {
    post_empty(&format!("/api/deliveries/{id}/retry")).await
}
