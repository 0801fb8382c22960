//! User accounts (administrators) and one's own password.

use xiaoneng_domain::Me;
use xiaoneng_domain::account::{Account, AccountEdit, NewAccount, PasswordChange, PasswordReset};
use xiaoneng_domain::import::{ImportReport, ImportRequest};

use super::Write;

/// Where the account list is read a page at a time.
pub const LIST: &str = "/api/users";

pub fn create() -> Write<NewAccount, Account> {
    Write::post(LIST)
}

pub fn update(id: i64) -> Write<AccountEdit, Account> {
    Write::put(format!("/api/users/{id}"))
}

/// A new one-time password, to be changed at the next sign-in.
pub fn reset_password(id: i64) -> Write<PasswordReset, Account> {
    Write::post(format!("/api/users/{id}/password"))
}

/// The caller's own new password.
pub fn change_password() -> Write<PasswordChange, Me> {
    Write::post("/api/auth/password")
}

/// Users' e-mail addresses and mobile numbers from a CSV file.
pub fn import_contacts() -> Write<ImportRequest, ImportReport> {
    Write::post("/api/contacts/import")
}
