//! The supervised organisations: a tree of units.

use serde::{Deserialize, Serialize};

use crate::Lang;

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
pub struct Unit {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: UnitKind,
    pub active: bool,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
            assert_ne!(kind.label(Lang::ZhCn), kind.label(Lang::En));
        }
    }
}
