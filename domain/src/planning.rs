//! Planning (轮次 / 批次 / 走访): rounds with their target units, weekly
//! batches, and visits — open or unannounced — with assigned inspectors.
//!
//! Plans never leave the office and the assigned inspectors: these types are
//! only ever answered to them.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::validation::{self, Invalid, Reason};

pub const NAME_MAX_CHARS: usize = 100;
pub const TARGETS_MAX: usize = 2000;
pub const INSPECTORS_MAX: usize = 10;

wire_enum! {
    /// 明查 or 暗访.
    pub enum VisitMode {
        Open = "open",
        Unannounced = "unannounced",
    }
}

impl VisitMode {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (VisitMode::Open, Lang::ZhCn) => "明查",
            (VisitMode::Open, Lang::En) => "Open inspection",
            (VisitMode::Unannounced, Lang::ZhCn) => "暗访",
            (VisitMode::Unannounced, Lang::En) => "Unannounced visit",
        }
    }
}

wire_enum! {
    /// Where a visit stands, derived from its inspection.
    pub enum VisitStatus {
        Planned = "planned",
        InProgress = "in_progress",
        Done = "done",
    }
}

wire_enum! {
    /// Who runs a round: the office (its own plan, which no unit sees), or a
    /// unit inside its own tree — inspecting itself (自查) or its units
    /// inspecting each other (互查) — and reporting to the office.
    #[derive(Default)]
    pub enum RoundKind {
        #[default]
        Office = "office",
        SelfInspection = "self",
        Mutual = "mutual",
    }
}

impl RoundKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RoundKind::Office, Lang::ZhCn) => "效能办督查",
            (RoundKind::Office, Lang::En) => "Office inspection",
            (RoundKind::SelfInspection, Lang::ZhCn) => "自查",
            (RoundKind::SelfInspection, Lang::En) => "Self-inspection",
            (RoundKind::Mutual, Lang::ZhCn) => "互查",
            (RoundKind::Mutual, Lang::En) => "Mutual inspection",
        }
    }

    /// A unit's own round (self- or mutual inspection).
    pub fn is_units(self) -> bool {
        self != RoundKind::Office
    }
}

impl VisitStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (VisitStatus::Planned, Lang::ZhCn) => "待进行",
            (VisitStatus::Planned, Lang::En) => "To make",
            (VisitStatus::InProgress, Lang::ZhCn) => "检查中",
            (VisitStatus::InProgress, Lang::En) => "In progress",
            (VisitStatus::Done, Lang::ZhCn) => "已完成",
            (VisitStatus::Done, Lang::En) => "Done",
        }
    }
}

fn period(inv: &mut Invalid, starts_on: NaiveDate, ends_on: NaiveDate) {
    if ends_on < starts_on {
        inv.add("ends_on", Reason::NotAfterStart);
    }
}

/// `POST /api/rounds`, `PUT /api/rounds/{id}` (with `version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundInput {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The units to visit; a full-coverage round names every municipal unit.
    /// In a unit's round, units of its own tree only.
    pub unit_ids: Vec<i64>,
    /// `office` when left out; fixed when the round is made.
    #[serde(default)]
    pub kind: RoundKind,
    /// The unit that runs a self- or mutual inspection (none for the office's rounds).
    #[serde(default)]
    pub owner_unit_id: Option<i64>,
    #[serde(default)]
    pub version: Option<i64>,
}

impl RoundInput {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        crate::validation::check_date(&mut inv, "starts_on", Some(self.starts_on));
        crate::validation::check_date(&mut inv, "ends_on", Some(self.ends_on));
        validation::text(&mut inv, "name", &self.name, 1, NAME_MAX_CHARS);
        period(&mut inv, self.starts_on, self.ends_on);
        if self.unit_ids.is_empty() {
            inv.add("unit_ids", Reason::Required);
        } else if self.unit_ids.len() > TARGETS_MAX {
            inv.add("unit_ids", Reason::TooMany { max: TARGETS_MAX });
        } else if self.unit_ids.iter().collect::<HashSet<_>>().len() != self.unit_ids.len() {
            inv.add("unit_ids", Reason::Duplicate);
        }
        match (self.kind.is_units(), self.owner_unit_id) {
            (true, None) => inv.add("owner_unit_id", Reason::Required),
            (false, Some(_)) => inv.add("owner_unit_id", Reason::NotExpected),
            _ => {}
        }
        inv.into_result()
    }
}

/// Visited ÷ targeted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    pub targeted: i64,
    /// Target units with a submitted inspection in this round.
    pub visited: i64,
}

impl Coverage {
    /// The share visited, 0–1 (0 for a round with no targets).
    pub fn ratio(self) -> f64 {
        if self.targeted == 0 {
            0.0
        } else {
            self.visited as f64 / self.targeted as f64
        }
    }
}

/// A round as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Round {
    pub id: i64,
    pub name: String,
    pub kind: RoundKind,
    /// The unit running a self- or mutual inspection.
    pub owner_unit_id: Option<i64>,
    pub owner_unit_name: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub unit_ids: Vec<i64>,
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub coverage: Coverage,
    /// Target units not yet visited.
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub unvisited: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

/// `POST /api/rounds/{id}/batches`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBatch {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl NewBatch {
    /// A batch lies within its round.
    pub fn validate(&self, round: (NaiveDate, NaiveDate)) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        crate::validation::check_date(&mut inv, "starts_on", Some(self.starts_on));
        crate::validation::check_date(&mut inv, "ends_on", Some(self.ends_on));
        validation::text(&mut inv, "name", &self.name, 1, NAME_MAX_CHARS);
        period(&mut inv, self.starts_on, self.ends_on);
        if self.starts_on < round.0 || self.starts_on > round.1 {
            inv.add("starts_on", Reason::OutsidePeriod);
        }
        if self.ends_on < round.0 || self.ends_on > round.1 {
            inv.add("ends_on", Reason::OutsidePeriod);
        }
        inv.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Batch {
    pub id: i64,
    pub round_id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub visits: i64,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/visits`; `PUT /api/visits/{id}` carries `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitInput {
    pub batch_id: i64,
    pub unit_id: i64,
    pub planned_on: NaiveDate,
    pub mode: VisitMode,
    pub inspector_ids: Vec<i64>,
    /// A checklist version; the visit keeps it.
    pub checklist_id: i64,
    #[serde(default)]
    pub version: Option<i64>,
}

impl VisitInput {
    /// The shape alone; the server checks the batch period, the round's
    /// targets and the inspectors' roles.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        crate::validation::check_date(&mut inv, "planned_on", Some(self.planned_on));
        if self.inspector_ids.is_empty() {
            inv.add("inspector_ids", Reason::Required);
        } else if self.inspector_ids.len() > INSPECTORS_MAX {
            inv.add(
                "inspector_ids",
                Reason::TooMany {
                    max: INSPECTORS_MAX,
                },
            );
        } else if self.inspector_ids.iter().collect::<HashSet<_>>().len()
            != self.inspector_ids.len()
        {
            inv.add("inspector_ids", Reason::Duplicate);
        }
        inv.into_result()
    }

    /// The visit falls within its batch.
    pub fn check_period(&self, batch: (NaiveDate, NaiveDate), inv: &mut Invalid) {
        if self.planned_on < batch.0 || self.planned_on > batch.1 {
            inv.add("planned_on", Reason::OutsidePeriod);
        }
    }
}

/// Someone named on a record: an inspector on a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Visit {
    pub id: i64,
    pub round_id: i64,
    pub round_name: String,
    pub batch_id: i64,
    pub batch_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub planned_on: NaiveDate,
    pub mode: VisitMode,
    pub inspectors: Vec<UserRef>,
    pub checklist_id: i64,
    pub status: VisitStatus,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, m, day).unwrap()
    }

    #[test]
    fn a_round_needs_targets_and_an_order() {
        let round = RoundInput {
            name: "2020年7月全覆盖督查".into(),
            starts_on: d(7, 31),
            ends_on: d(7, 1),
            unit_ids: vec![1, 2, 1],
            kind: RoundKind::Office,
            owner_unit_id: None,
            version: None,
        };
        let inv = round.validate().unwrap_err();
        assert_eq!(inv.reason("ends_on"), Some(&Reason::NotAfterStart));
        assert_eq!(inv.reason("unit_ids"), Some(&Reason::Duplicate));
    }

    #[test]
    fn a_units_round_names_its_unit_and_the_offices_does_not() {
        let office = RoundInput {
            name: "2020年7月全覆盖督查".into(),
            starts_on: d(7, 1),
            ends_on: d(7, 31),
            unit_ids: vec![12, 13],
            kind: RoundKind::Office,
            owner_unit_id: None,
            version: None,
        };
        assert!(office.validate().is_ok());
        let named = RoundInput {
            owner_unit_id: Some(12),
            ..office.clone()
        };
        assert_eq!(
            named.validate().unwrap_err().reason("owner_unit_id"),
            Some(&Reason::NotExpected)
        );
        for kind in [RoundKind::SelfInspection, RoundKind::Mutual] {
            let unnamed = RoundInput {
                kind,
                ..office.clone()
            };
            assert_eq!(
                unnamed.validate().unwrap_err().reason("owner_unit_id"),
                Some(&Reason::Required)
            );
            assert!(
                RoundInput {
                    kind,
                    ..named.clone()
                }
                .validate()
                .is_ok()
            );
        }
        // Left out of the JSON, a round is the office's.
        let parsed: RoundInput = serde_json::from_str(
            r#"{"name": "七月", "starts_on": "2020-07-01", "ends_on": "2020-07-31", "unit_ids": [1]}"#,
        )
        .unwrap();
        assert_eq!(
            (parsed.kind, parsed.owner_unit_id),
            (RoundKind::Office, None)
        );
    }

    #[test]
    fn a_batch_lies_within_its_round() {
        let batch = NewBatch {
            name: "第一批".into(),
            starts_on: d(6, 29),
            ends_on: d(7, 3),
        };
        let inv = batch.validate((d(7, 1), d(7, 31))).unwrap_err();
        assert_eq!(inv.reason("starts_on"), Some(&Reason::OutsidePeriod));
        assert!(inv.reason("ends_on").is_none());
        assert!(batch.validate((d(6, 1), d(7, 31))).is_ok());
    }

    #[test]
    fn a_visit_has_inspectors_once_each_within_its_batch() {
        let visit = VisitInput {
            batch_id: 1,
            unit_id: 7,
            planned_on: d(7, 6),
            mode: VisitMode::Unannounced,
            inspector_ids: vec![3, 3],
            checklist_id: 1,
            version: None,
        };
        assert_eq!(
            visit.validate().unwrap_err().reason("inspector_ids"),
            Some(&Reason::Duplicate)
        );
        let mut inv = Invalid::default();
        visit.check_period((d(7, 1), d(7, 3)), &mut inv);
        assert_eq!(inv.reason("planned_on"), Some(&Reason::OutsidePeriod));
    }

    #[test]
    fn coverage_is_visited_over_targeted() {
        let c = Coverage {
            targeted: 8,
            visited: 6,
        };
        assert!((c.ratio() - 0.75).abs() < 1e-9);
        assert_eq!(
            Coverage {
                targeted: 0,
                visited: 0
            }
            .ratio(),
            0.0
        );
    }
}
