//! The supervised organisations: a tree of units.

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::validation::{self, Invalid, Reason};

/// A unit's name has at most this many characters.
pub const UNIT_NAME_MAX_CHARS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UnitKind {
    MunicipalUnit,
    Office,
    SubordinateUnit,
    ServiceWindow,
    StateEnterprise,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] = [
        UnitKind::MunicipalUnit,
        UnitKind::Office,
        UnitKind::SubordinateUnit,
        UnitKind::ServiceWindow,
        UnitKind::StateEnterprise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::MunicipalUnit => "municipal_unit",
            UnitKind::Office => "office",
            UnitKind::SubordinateUnit => "subordinate_unit",
            UnitKind::ServiceWindow => "service_window",
            UnitKind::StateEnterprise => "state_enterprise",
        }
    }

    pub fn parse(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A kind as a person writes it in a file: its code, or its label in either language.
    pub fn read(s: &str) -> Option<UnitKind> {
        let s = s.trim();
        UnitKind::ALL.into_iter().find(|k| {
            k.as_str() == s
                || Lang::ALL
                    .iter()
                    .any(|l| k.label(*l).eq_ignore_ascii_case(s))
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (UnitKind::MunicipalUnit, Lang::ZhCn) => "市直单位",
            (UnitKind::MunicipalUnit, Lang::En) => "Municipal unit",
            (UnitKind::Office, Lang::ZhCn) => "处室",
            (UnitKind::Office, Lang::En) => "Office",
            (UnitKind::SubordinateUnit, Lang::ZhCn) => "局属单位",
            (UnitKind::SubordinateUnit, Lang::En) => "Subordinate unit",
            (UnitKind::ServiceWindow, Lang::ZhCn) => "服务窗口",
            (UnitKind::ServiceWindow, Lang::En) => "Service window",
            (UnitKind::StateEnterprise, Lang::ZhCn) => "市属国有企业",
            (UnitKind::StateEnterprise, Lang::En) => "State enterprise",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Unit {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: UnitKind,
    pub active: bool,
    /// The unit's head: told of 催办 and of escalations (an account of this unit).
    #[serde(default)]
    pub head_user_id: Option<i64>,
    pub version: i64,
}

/// `GET /api/public/units`: a unit as anyone may see it (to name the unit a
/// citizen's report concerns, or to filter bulletins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicUnit {
    pub id: i64,
    pub name: String,
}

/// `POST /api/units` and `PUT /api/units/{id}`: add, rename, move (a new
/// parent) or deactivate a unit. Units are never deleted: findings and the
/// audit log name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitInput {
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: UnitKind,
    #[serde(default = "yes")]
    pub active: bool,
    /// The unit's head, an active account of this unit; only when editing
    /// (a new unit has no accounts yet).
    #[serde(default)]
    pub head_user_id: Option<i64>,
    /// Required when editing; absent when adding.
    #[serde(default)]
    pub version: Option<i64>,
}

fn yes() -> bool {
    true
}

impl UnitInput {
    /// `tree`: every unit as (id, parent); `id`: the unit edited, if any.
    pub fn validate(&self, id: Option<i64>, tree: &[(i64, Option<i64>)]) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "name", &self.name, 1, UNIT_NAME_MAX_CHARS);
        if let Some(parent) = self.parent_id {
            if !tree.iter().any(|(u, _)| *u == parent) {
                inv.add("parent_id", Reason::NotFound);
            } else if id.is_some_and(|id| is_within(tree, parent, id)) {
                inv.add("parent_id", Reason::InsideItself);
            }
        }
        inv.into_result()
    }
}

/// Whether `unit` is `ancestor` or lies below it in `tree`.
pub fn is_within(tree: &[(i64, Option<i64>)], unit: i64, ancestor: i64) -> bool {
    let mut at = Some(unit);
    // A tree has no loops; the bound keeps a damaged one from hanging us.
    for _ in 0..=tree.len() {
        match at {
            Some(u) if u == ancestor => return true,
            Some(u) => at = tree.iter().find(|(id, _)| *id == u).and_then(|(_, p)| *p),
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_cannot_move_below_itself() {
        // 1 ─ 2 ─ 3, and 4 on its own.
        let tree = [(1, None), (2, Some(1)), (3, Some(2)), (4, None)];
        let input = |parent| UnitInput {
            parent_id: Some(parent),
            name: "单位".into(),
            kind: UnitKind::Office,
            active: true,
            head_user_id: None,
            version: Some(1),
        };
        assert_eq!(
            input(3)
                .validate(Some(1), &tree)
                .unwrap_err()
                .reason("parent_id"),
            Some(&Reason::InsideItself)
        );
        assert_eq!(
            input(2)
                .validate(Some(2), &tree)
                .unwrap_err()
                .reason("parent_id"),
            Some(&Reason::InsideItself)
        );
        assert!(input(4).validate(Some(1), &tree).is_ok());
        assert!(input(1).validate(Some(3), &tree).is_ok());
        assert_eq!(
            input(9)
                .validate(None, &tree)
                .unwrap_err()
                .reason("parent_id"),
            Some(&Reason::NotFound)
        );
    }

    #[test]
    fn kinds_are_read_as_people_write_them() {
        assert_eq!(UnitKind::read("服务窗口"), Some(UnitKind::ServiceWindow));
        assert_eq!(UnitKind::read(" office "), Some(UnitKind::Office));
        assert_eq!(
            UnitKind::read("State enterprise"),
            Some(UnitKind::StateEnterprise)
        );
        assert_eq!(UnitKind::read("街道"), None);
    }

    #[test]
    fn kinds_round_trip() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
            assert_ne!(kind.label(Lang::ZhCn), kind.label(Lang::En));
        }
    }
}
