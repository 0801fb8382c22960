//! Accounts and sessions: what login sends, what "who am I" answers, and the
//! password policy.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Role;
use crate::validation::{self, Invalid, Reason};

/// A password has at least this many characters.
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const USERNAME_MAX_CHARS: usize = 64;

/// `POST /api/auth/login`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

impl LoginRequest {
    /// Only presence and size: the login form must not reveal the password
    /// policy, and a wrong password is the server's answer to give.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "username", &self.username, 1, USERNAME_MAX_CHARS);
        if self.password.is_empty() {
            inv.add("password", Reason::Required);
        } else if self.password.chars().count() > PASSWORD_MAX_CHARS {
            inv.add(
                "password",
                Reason::TooLong {
                    max: PASSWORD_MAX_CHARS,
                },
            );
        }
        inv.into_result()
    }
}

/// A username: 1–64 of letters, digits, `.`, `_`, `-`.
pub fn validate_username(inv: &mut Invalid, field: &'static str, username: &str) {
    validation::text(inv, field, username, 1, USERNAME_MAX_CHARS);
    if !username.is_empty()
        && !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        inv.add(field, Reason::BadCharacters);
    }
}

/// A password someone chooses (a new account, a change, a reset).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPassword {
    pub password: String,
    pub confirm: String,
}

impl NewPassword {
    pub fn validate(&self, username: &str) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        check_password(&mut inv, "password", &self.password, username);
        if self.confirm != self.password {
            inv.add("confirm", Reason::Mismatch);
        }
        inv.into_result()
    }
}

/// The password policy: 12–128 characters and not the username.
pub fn check_password(inv: &mut Invalid, field: &'static str, password: &str, username: &str) {
    let len = password.chars().count();
    if len == 0 {
        inv.add(field, Reason::Required);
    } else if len < PASSWORD_MIN_CHARS {
        inv.add(
            field,
            Reason::TooShort {
                min: PASSWORD_MIN_CHARS,
            },
        );
    } else if len > PASSWORD_MAX_CHARS {
        inv.add(
            field,
            Reason::TooLong {
                max: PASSWORD_MAX_CHARS,
            },
        );
    } else if password.eq_ignore_ascii_case(username) {
        inv.add(field, Reason::SameAsUsername);
    }
}

/// `GET /api/auth/me` and the answer to a login: the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub must_change_password: bool,
    /// An office user named approver: signs bulletins off (签发).
    #[serde(default)]
    pub signs_bulletins: bool,
    /// Sent back in the `X-CSRF-Token` header with every state-changing request.
    pub csrf_token: String,
}

/// A display name has at most this many characters.
pub const DISPLAY_NAME_MAX_CHARS: usize = 64;

/// A user account as an administrator sees it (never the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    /// Where notifications are e-mailed.
    #[serde(default)]
    pub email: Option<String>,
    /// Passed on by the webhook (SMS).
    #[serde(default)]
    pub mobile: Option<String>,
    pub active: bool,
    /// An office user the administrator named approver (签发人).
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(default))]
    pub signs_bulletins: bool,
    /// Set by a new account or a reset: the user must choose a password at next sign-in.
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

/// `POST /api/users`: a new account with a temporary password, which the
/// user must change at first sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub password: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub mobile: Option<String>,
    /// Signs bulletins off (an office user only).
    #[serde(default)]
    pub signs_bulletins: bool,
}

impl NewAccount {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validate_username(&mut inv, "username", self.username.trim());
        check_role(&mut inv, &self.display_name, self.role, self.unit_id);
        check_signer(&mut inv, self.role, self.signs_bulletins);
        check_contact(&mut inv, self.email.as_deref(), self.mobile.as_deref());
        check_password(&mut inv, "password", &self.password, self.username.trim());
        inv.into_result()
    }
}

/// `PUT /api/users/{id}`: name, role, unit and whether the account may sign
/// in. An account is never deleted (the audit log keeps its name);
/// deactivating it ends its sessions at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountEdit {
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub active: bool,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub mobile: Option<String>,
    /// Signs bulletins off (an office user only).
    #[serde(default)]
    pub signs_bulletins: bool,
    pub version: i64,
}

impl AccountEdit {
    /// `own`: the administrator is editing their own account (they may not
    /// lock themselves out: no deactivating, no other role).
    pub fn validate(&self, own: bool) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        check_role(&mut inv, &self.display_name, self.role, self.unit_id);
        check_signer(&mut inv, self.role, self.signs_bulletins);
        check_contact(&mut inv, self.email.as_deref(), self.mobile.as_deref());
        if own && !self.active {
            inv.add("active", Reason::OwnAccount);
        }
        if own && self.role != Role::Admin {
            inv.add("role", Reason::OwnAccount);
        }
        inv.into_result()
    }
}

/// Only an office user is named approver (a leader signs off by role).
fn check_signer(inv: &mut Invalid, role: Role, signs: bool) {
    if signs && role != Role::Office {
        inv.add("signs_bulletins", Reason::NotExpected);
    }
}

/// An e-mail address and a mobile number, when given (blank is none).
fn check_contact(inv: &mut Invalid, email: Option<&str>, mobile: Option<&str>) {
    if let Some(e) = email.map(str::trim).filter(|e| !e.is_empty())
        && !validation::is_email(e)
    {
        inv.add("email", Reason::NotAnEmail);
    }
    if let Some(m) = mobile.map(str::trim).filter(|m| !m.is_empty())
        && !validation::is_mobile(m)
    {
        inv.add("mobile", Reason::NotAMobile);
    }
}

/// A contact field as stored: trimmed, blank as none (a mobile without spaces or dashes).
pub fn tidy_contact(value: Option<&str>) -> Option<String> {
    value
        .map(|v| v.trim().replace([' ', '-'], ""))
        .filter(|v| !v.is_empty())
}

/// A display name, and a unit where the role needs one: a liaison speaks
/// for a unit; the office, inspectors, leaders and administrators may have one.
fn check_role(inv: &mut Invalid, display_name: &str, role: Role, unit_id: Option<i64>) {
    validation::text(inv, "display_name", display_name, 1, DISPLAY_NAME_MAX_CHARS);
    if role == Role::Liaison && unit_id.is_none() {
        inv.add("unit_id", Reason::Required);
    }
}

/// `POST /api/users/{id}/password`: an administrator's reset to a temporary
/// password; the user must change it at next sign-in, and their sessions end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    pub password: String,
    pub version: i64,
}

impl PasswordReset {
    pub fn validate(&self, username: &str) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        check_password(&mut inv, "password", &self.password, username);
        inv.into_result()
    }
}

/// `POST /api/auth/password`: the signed-in user chooses a new password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current: String,
    pub password: String,
    pub confirm: String,
}

impl PasswordChange {
    pub fn validate(&self, username: &str) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        if self.current.is_empty() {
            inv.add("current", Reason::Required);
        }
        check_password(&mut inv, "password", &self.password, username);
        if !self.password.is_empty() && self.password == self.current {
            inv.add("password", Reason::Unchanged);
        }
        if self.confirm != self.password {
            inv.add("confirm", Reason::Mismatch);
        }
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_liaison_needs_a_unit() {
        let new = NewAccount {
            username: "liaison.zhao".into(),
            display_name: "赵联络".into(),
            role: Role::Liaison,
            unit_id: None,
            password: "temporary-pass-1".into(),
            email: None,
            mobile: None,
            signs_bulletins: false,
        };
        assert_eq!(
            new.validate().unwrap_err().reason("unit_id"),
            Some(&Reason::Required)
        );
        assert!(
            NewAccount {
                unit_id: Some(3),
                ..new.clone()
            }
            .validate()
            .is_ok()
        );
        assert!(
            NewAccount {
                role: Role::Leader,
                ..new.clone()
            }
            .validate()
            .is_ok()
        );
        // Only an office user is named approver; a leader signs by role.
        let approver = NewAccount {
            role: Role::Office,
            signs_bulletins: true,
            ..new.clone()
        };
        assert!(approver.validate().is_ok());
        assert_eq!(
            NewAccount {
                role: Role::Leader,
                ..approver
            }
            .validate()
            .unwrap_err()
            .reason("signs_bulletins"),
            Some(&Reason::NotExpected)
        );
    }

    #[test]
    fn an_administrator_cannot_lock_themselves_out() {
        let edit = AccountEdit {
            display_name: "管理员".into(),
            role: Role::Admin,
            unit_id: None,
            active: false,
            email: Some("admin@example.org".into()),
            mobile: Some("138 0013 8000".into()),
            signs_bulletins: false,
            version: 1,
        };
        let unreachable = AccountEdit {
            email: Some("admin at example".into()),
            mobile: Some("12345".into()),
            ..edit.clone()
        };
        let refused = unreachable.validate(false).unwrap_err();
        assert_eq!(refused.reason("email"), Some(&Reason::NotAnEmail));
        assert_eq!(refused.reason("mobile"), Some(&Reason::NotAMobile));
        assert_eq!(
            tidy_contact(Some(" 138 0013-8000 ")).as_deref(),
            Some("13800138000")
        );
        assert_eq!(tidy_contact(Some("  ")), None);
        assert_eq!(
            edit.validate(true).unwrap_err().reason("active"),
            Some(&Reason::OwnAccount)
        );
        assert!(edit.validate(false).is_ok());
        let demoted = AccountEdit {
            role: Role::Office,
            active: true,
            ..edit
        };
        assert_eq!(
            demoted.validate(true).unwrap_err().reason("role"),
            Some(&Reason::OwnAccount)
        );
    }

    #[test]
    fn a_new_password_differs_from_the_current_one() {
        let change = PasswordChange {
            current: "temporary-pass-1".into(),
            password: "temporary-pass-1".into(),
            confirm: "temporary-pass-1".into(),
        };
        assert_eq!(
            change.validate("u").unwrap_err().reason("password"),
            Some(&Reason::Unchanged)
        );
        let change = PasswordChange {
            password: "a-new-long-passphrase".into(),
            confirm: "a-new-long-passphrase".into(),
            ..change
        };
        assert!(change.validate("u").is_ok());
    }

    fn login(u: &str, p: &str) -> LoginRequest {
        LoginRequest {
            username: u.into(),
            password: p.into(),
        }
    }

    #[test]
    fn login_needs_both_fields() {
        let inv = login("", "").validate().unwrap_err();
        assert_eq!(inv.reason("username"), Some(&Reason::Required));
        assert_eq!(inv.reason("password"), Some(&Reason::Required));
        assert!(login("office", "short").validate().is_ok());
        let long = "x".repeat(PASSWORD_MAX_CHARS + 1);
        assert_eq!(
            login("office", &long)
                .validate()
                .unwrap_err()
                .reason("password"),
            Some(&Reason::TooLong {
                max: PASSWORD_MAX_CHARS
            })
        );
    }

    #[test]
    fn password_policy() {
        let check = |p: &str| {
            let mut inv = Invalid::default();
            check_password(&mut inv, "password", p, "liaison.wang");
            inv.reason("password").cloned()
        };
        assert_eq!(check(""), Some(Reason::Required));
        assert_eq!(check("elevenchars"), Some(Reason::TooShort { min: 12 }));
        assert_eq!(check("Liaison.Wang"), Some(Reason::SameAsUsername));
        assert_eq!(check("十二个汉字的密码也是可以的"), None);
        assert_eq!(check("xiaoneng-demo"), None);
    }

    #[test]
    fn confirmation_must_match() {
        let np = NewPassword {
            password: "a-long-passphrase".into(),
            confirm: "a-long-passphrasE".into(),
        };
        assert_eq!(
            np.validate("u").unwrap_err().reason("confirm"),
            Some(&Reason::Mismatch)
        );
    }

    #[test]
    fn usernames_are_plain() {
        let mut inv = Invalid::default();
        validate_username(&mut inv, "username", "liaison.wang-2");
        assert!(inv.is_empty());
        validate_username(&mut inv, "username", "王 文");
        assert_eq!(inv.reason("username"), Some(&Reason::BadCharacters));
    }
}
