//! User accounts as administrators keep them: list, create, edit, reset a
//! password; and a user changing their own. Ending an account's sessions
//! happens in the same transaction as the change that calls for it. Also
//! the lookup by user name at sign-in and the first units and users (`seed`).

use chrono::{DateTime, Utc};
use sqlx::{Executor, Pool, QueryBuilder};
use xiaoneng_domain::account::Account;
use xiaoneng_domain::account::AccountEdit;

use xiaoneng_domain::account::tidy_contact;

use super::filters::Filters;
use super::{DB, begin_write, insert_unit};
use crate::db::NewSession;
use crate::db::{AccountFilter, AuditEntry, ImportedContact, NewUnit, NewUser, UserRow, Written};

macro_rules! account_select {
    () => {
        "SELECT u.id, u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name,
                u.email, u.mobile, u.active, u.signs_bulletins, u.must_change_password, u.created_at, u.version
         FROM users u LEFT JOIN units n ON n.id = u.unit_id"
    };
}

pub async fn accounts(pool: &Pool<DB>, filter: &AccountFilter) -> sqlx::Result<Vec<Account>> {
    let mut q = QueryBuilder::<DB>::new(concat!(account_select!(), " WHERE TRUE"));
    q.and_like(&["u.username", "u.display_name"], filter.q.as_deref())
        .and_eq("u.role = ", filter.role.map(|r| r.as_str()))
        .and_eq("u.unit_id = ", filter.unit)
        .and_eq("u.active = ", filter.active)
        .newest_page("u.created_at", "u.id", filter.after, filter.limit);
    q.build_query_as().fetch_all(pool).await
}

pub async fn account(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<Account>> {
    sqlx::query_as(concat!(account_select!(), " WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// `None` (nothing written) when the username is taken.
pub async fn create_account(
    pool: &Pool<DB>,
    user: &NewUser,
    audit: AuditEntry,
) -> sqlx::Result<Option<i64>> {
    let mut tx = begin_write(pool).await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(&user.username)
        .fetch_optional(tx.conn())
        .await?;
    if taken.is_some() {
        return Ok(None);
    }
    let id = insert_user(tx.conn(), user, audit.at).await?;
    let after = serde_json::json!({
        "username": user.username, "display_name": user.display_name,
        "role": user.role.as_str(), "unit_id": user.unit_id, "email": user.email, "mobile": user.mobile,
        "signs_bulletins": user.signs_bulletins,
    });
    tx.finish(id, None, Some(after), audit).await?;
    Ok(Some(id))
}

/// `Written::Stale` (nothing written) when no longer at `version`. Deactivating,
/// or a new role or unit, ends the account's sessions and its place as a unit's head.
pub async fn update_account(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    edit: &AccountEdit,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let before: Option<Account> = sqlx::query_as(concat!(account_select!(), " WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
    let done = sqlx::query(
        "UPDATE users SET display_name = $3, role = $4, unit_id = $5, active = $6, email = $7, mobile = $8,
                          signs_bulletins = $9, version = version + 1
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(edit.display_name.trim())
    .bind(edit.role.as_str())
    .bind(edit.unit_id)
    .bind(edit.active)
    .bind(tidy_contact(edit.email.as_deref()))
    .bind(tidy_contact(edit.mobile.as_deref()))
    .bind(edit.signs_bulletins)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    // Deactivated, or given another role or unit: the account's sessions
    // end, and its next sign-in starts a new one with what it may do now.
    let moved = before
        .as_ref()
        .is_some_and(|b| b.role != edit.role || b.unit_id != edit.unit_id);
    if !edit.active || moved {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        // Nor is the account the head of a unit any longer.
        sqlx::query(
            "UPDATE units SET head_user_id = NULL, version = version + 1 WHERE head_user_id = $1",
        )
        .bind(id)
        .execute(tx.conn())
        .await?;
    }
    let before = before.map(|b| {
        serde_json::json!({
            "display_name": b.display_name, "role": b.role, "unit_id": b.unit_id, "active": b.active,
            "email": b.email, "mobile": b.mobile, "signs_bulletins": b.signs_bulletins,
        })
    });
    let after = serde_json::json!({
        "display_name": edit.display_name.trim(), "role": edit.role.as_str(),
        "unit_id": edit.unit_id, "active": edit.active,
        "email": tidy_contact(edit.email.as_deref()), "mobile": tidy_contact(edit.mobile.as_deref()),
        "signs_bulletins": edit.signs_bulletins,
    });
    tx.finish(id, before, Some(after), audit).await?;
    Ok(Written::Done)
}

/// An administrator's reset: a temporary password to change at next
/// sign-in, and every session of the account ended. `Written::Stale` when no longer
/// at `version`.
pub async fn reset_password(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    password_hash: &str,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE users SET password_hash = $3, must_change_password = TRUE, version = version + 1
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(password_hash)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    tx.finish(id, None, None, audit).await?;
    Ok(Written::Done)
}

/// A user's own new password: the temporary flag cleared, and every
/// session of theirs ended — the one they changed it in (`replaces`) goes on
/// under a new id (`new`), so that whoever learned the old id learns nothing.
pub async fn change_password(
    pool: &Pool<DB>,
    id: i64,
    password_hash: &str,
    replaces: &str,
    new: &NewSession,
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = FALSE, version = version + 1
         WHERE id = $1",
    )
    .bind(id)
    .bind(password_hash)
    .execute(tx.conn())
    .await?;
    let (created_at,): (DateTime<Utc>,) =
        sqlx::query_as("SELECT created_at FROM sessions WHERE id_hash = $1")
            .bind(replaces)
            .fetch_one(tx.conn())
            .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    // The session's lifetime still counts from its sign-in.
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&new.id_hash)
    .bind(id)
    .bind(&new.csrf_token)
    .bind(created_at)
    .bind(new.created_at)
    .execute(tx.conn())
    .await?;
    tx.finish(id, None, None, audit).await
}

pub async fn count_users(pool: &Pool<DB>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await
}

pub async fn user_by_username(pool: &Pool<DB>, username: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name,
                u.password_hash, u.must_change_password, u.active, u.signs_bulletins
         FROM users u LEFT JOIN units n ON n.id = u.unit_id
         WHERE u.username = $1",
    )
    .bind(username)
    .fetch_optional(pool)
    .await
}

pub async fn insert_user<'c>(
    e: impl Executor<'c, Database = DB>,
    user: &NewUser,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, role, unit_id, password_hash, must_change_password, created_at,
                            email, mobile, signs_bulletins)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(user.role.as_str())
    .bind(user.unit_id)
    .bind(&user.password_hash)
    .bind(user.must_change_password)
    .bind(now)
    .bind(&user.email)
    .bind(&user.mobile)
    .bind(user.signs_bulletins)
    .fetch_one(e)
    .await
}

/// Creates a user and its audit entry atomically.
pub async fn create_user(pool: &Pool<DB>, user: &NewUser, audit: AuditEntry) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id = insert_user(tx.conn(), user, audit.at).await?;
    tx.finish(id, None, None, audit).await?;
    Ok(id)
}

/// Units and users in one transaction, each with its audit entry; `false`
/// (nothing written) when the database has users already.
pub async fn seed(
    pool: &Pool<DB>,
    units: &[(NewUnit, Option<usize>)],
    users: &[(NewUser, Option<usize>)],
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    // Another replica starting at the same moment may have seeded first
    // (the write transactions take turns): then there is nothing to do.
    let users_now: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(tx.conn())
        .await?;
    if users_now > 0 {
        return Ok(false);
    }
    let mut ids: Vec<i64> = Vec::with_capacity(units.len());
    for (unit, parent) in units {
        let unit = NewUnit {
            parent_id: parent.map(|p| ids[p]),
            ..unit.clone()
        };
        let id = insert_unit(tx.conn(), &unit, now).await?;
        tx.audit(&AuditEntry::system(now, "create", "unit", id, &unit.name))
            .await?;
        ids.push(id);
    }
    for (user, unit) in users {
        let user = NewUser {
            unit_id: unit.map(|u| ids[u]),
            ..user.clone()
        };
        let id = insert_user(tx.conn(), &user, now).await?;
        tx.audit(&AuditEntry::system(
            now,
            "create",
            "user",
            id,
            &user.username,
        ))
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Every account's user name and id (a contacts import finds its rows by name).
pub async fn usernames(pool: &Pool<DB>) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT username, id FROM users")
        .fetch_all(pool)
        .await
}

/// Sets the contacts of a checked file, every row or none; each account's
/// version moves on (an editor open on it gets 409) and each change is audited.
pub async fn import_contacts(
    pool: &Pool<DB>,
    rows: &[ImportedContact],
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    for row in rows {
        let before: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT email, mobile FROM users WHERE id = $1")
                .bind(row.user_id)
                .fetch_optional(tx.conn())
                .await?;
        let Some((email, mobile)) = before else {
            continue;
        };
        let after = (
            row.email.clone().unwrap_or_else(|| email.clone()),
            row.mobile.clone().unwrap_or_else(|| mobile.clone()),
        );
        if after == (email.clone(), mobile.clone()) {
            continue;
        }
        sqlx::query(
            "UPDATE users SET email = $2, mobile = $3, version = version + 1 WHERE id = $1",
        )
        .bind(row.user_id)
        .bind(&after.0)
        .bind(&after.1)
        .execute(tx.conn())
        .await?;
        tx.audit(&AuditEntry {
            entity: "user",
            entity_id: Some(row.user_id.to_string()),
            before: Some(serde_json::json!({ "email": email, "mobile": mobile })),
            after: Some(
                serde_json::json!({ "email": after.0, "mobile": after.1, "line": row.line }),
            ),
            ..audit.clone()
        })
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
