//! Accounts and sessions: what login sends, what "who am I" answers, and the
//! password policy.

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
    /// Sent back in the `X-CSRF-Token` header with every state-changing request.
    pub csrf_token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

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
