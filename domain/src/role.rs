//! Who a signed-in user is to the system (DOMAIN.md, "Who uses it").

use serde::{Deserialize, Serialize};

use crate::Lang;

/// A staff role. The public needs no account and has no role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Users, units, settings.
    Admin,
    /// The efficiency office: plans, triages, decides, publishes. Sees everything.
    Office,
    /// Sees only the visits assigned to them.
    Inspector,
    /// Sees only findings fed back to their own unit and its sub-units.
    Liaison,
    /// Reads everything, changes nothing.
    Leader,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Office,
        Role::Inspector,
        Role::Liaison,
        Role::Leader,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Office => "office",
            Role::Inspector => "inspector",
            Role::Liaison => "liaison",
            Role::Leader => "leader",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether a user of this role must belong to a unit.
    pub fn needs_unit(self) -> bool {
        matches!(self, Role::Liaison)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Admin, Lang::ZhCn) => "系统管理员",
            (Role::Admin, Lang::En) => "Administrator",
            (Role::Office, Lang::ZhCn) => "效能办工作人员",
            (Role::Office, Lang::En) => "Office staff",
            (Role::Inspector, Lang::ZhCn) => "督查员",
            (Role::Inspector, Lang::En) => "Inspector",
            (Role::Liaison, Lang::ZhCn) => "单位联络员",
            (Role::Liaison, Lang::En) => "Unit liaison",
            (Role::Leader, Lang::ZhCn) => "领导",
            (Role::Leader, Lang::En) => "Leader",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_liaisons_need_a_unit() {
        let needing: Vec<_> = Role::ALL.into_iter().filter(|r| r.needs_unit()).collect();
        assert_eq!(needing, [Role::Liaison]);
    }
}
