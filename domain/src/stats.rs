//! Figures: what the office, leaders and the public read, and the rules
//! behind them (what "on time" means, who is ranked), in one place so the
//! method written on the page is the method computed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::finding::FindingState;

/// A unit is ranked only with at least this many inspections in the period.
pub const MIN_INSPECTIONS_FOR_RANKING: i64 = 3;

/// One bar of a chart: a key (a dimension, a state, a measure, a month…) and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Count {
    pub key: String,
    pub count: i64,
}

/// Closed findings, and of those how many had their rectification report in by the deadline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnTime {
    pub closed: i64,
    pub on_time: i64,
}

impl OnTime {
    /// The share on time, 0–1; `None` with nothing closed.
    pub fn rate(self) -> Option<f64> {
        (self.closed > 0).then(|| self.on_time as f64 / self.closed as f64)
    }

    /// Counts one closed finding: on time when the rectification report
    /// that was accepted came in on or before the (possibly extended) deadline.
    pub fn add(&mut self, report_submitted_on: Option<NaiveDate>, deadline: Option<NaiveDate>) {
        self.closed += 1;
        if let (Some(submitted), Some(deadline)) = (report_submitted_on, deadline)
            && submitted <= deadline
        {
            self.on_time += 1;
        }
    }
}

/// Whether a finding in `state` has been substantiated (whatever came after).
pub fn substantiated(state: FindingState) -> bool {
    matches!(
        state,
        FindingState::Substantiated
            | FindingState::Rectifying
            | FindingState::ReportSubmitted
            | FindingState::Closed
    )
}

/// A round's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundCoverage {
    pub round_id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub targeted: i64,
    pub visited: i64,
}

/// A unit's record in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRecord {
    pub unit_id: i64,
    pub unit_name: String,
    pub inspections: i64,
    pub substantiated: i64,
    /// Substantiated findings per inspection; lower is better.
    pub per_inspection: f64,
}

/// Units ranked by substantiated findings per inspection (fewest first),
/// and those left out for too few inspections — said, not hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranking {
    pub min_inspections: i64,
    pub ranked: Vec<UnitRecord>,
    pub not_ranked: Vec<UnitRecord>,
}

impl Ranking {
    pub fn of(records: Vec<(i64, String, i64, i64)>, min_inspections: i64) -> Ranking {
        let (mut ranked, mut not_ranked): (Vec<UnitRecord>, Vec<UnitRecord>) = records
            .into_iter()
            .map(
                |(unit_id, unit_name, inspections, substantiated)| UnitRecord {
                    unit_id,
                    unit_name,
                    inspections,
                    substantiated,
                    per_inspection: if inspections > 0 {
                        substantiated as f64 / inspections as f64
                    } else {
                        0.0
                    },
                },
            )
            .partition(|r| r.inspections >= min_inspections);
        ranked.sort_by(|a, b| {
            a.per_inspection
                .total_cmp(&b.per_inspection)
                .then(b.inspections.cmp(&a.inspections))
                .then(a.unit_id.cmp(&b.unit_id))
        });
        not_ranked.sort_by_key(|r| (std::cmp::Reverse(r.inspections), r.unit_id));
        Ranking {
            min_inspections,
            ranked,
            not_ranked,
        }
    }
}

/// `GET /api/stats`: the office's and leaders' figures for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeStats {
    pub year: i32,
    pub findings: i64,
    pub by_dimension: Vec<Count>,
    pub by_state: Vec<Count>,
    pub by_unit: Vec<Count>,
    /// `YYYY-MM` → findings observed that month.
    pub by_month: Vec<Count>,
    pub rectified: OnTime,
    pub by_measure: Vec<Count>,
    /// Rounds of the year (for leaders, only those already over).
    pub coverage: Vec<RoundCoverage>,
    pub ranking: Ranking,
}

/// `GET /api/public/stats`: what the public reads. Only substantiated
/// findings, only inspections already made, no unit named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStats {
    pub year: i32,
    /// Inspections submitted in the year.
    pub inspections: i64,
    pub substantiated: i64,
    /// `YYYY-MM` → substantiated findings observed that month.
    pub by_month: Vec<Count>,
    pub by_dimension: Vec<Count>,
    /// Unit kind → substantiated findings.
    pub by_unit_kind: Vec<Count>,
    pub rectified: OnTime,
    pub by_measure: Vec<Count>,
    pub min_inspections_for_ranking: i64,
}

/// A share as a whole percentage, rounded half up (四舍五入): 0.625 is
/// "63%". Rounded as a number and written as an integer, so the app's wasm
/// carries no float formatting.
pub fn percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round() as i64)
}

/// Counts `keys`, keeping `order` first (with zeros), then any others sorted.
pub fn count<'a>(keys: impl IntoIterator<Item = &'a str>, order: &[&str]) -> Vec<Count> {
    let mut counts: Vec<Count> = order
        .iter()
        .map(|k| Count {
            key: (*k).to_owned(),
            count: 0,
        })
        .collect();
    for key in keys {
        match counts.iter_mut().find(|c| c.key == key) {
            Some(c) => c.count += 1,
            None => counts.push(Count {
                key: key.to_owned(),
                count: 1,
            }),
        }
    }
    let fixed = order.len();
    counts[fixed..].sort_by(|a, b| a.key.cmp(&b.key));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, m, day).unwrap()
    }

    #[test]
    fn on_time_means_the_report_by_the_deadline() {
        let mut t = OnTime::default();
        assert_eq!(t.rate(), None);
        t.add(Some(d(7, 2)), Some(d(7, 2)));
        t.add(Some(d(7, 3)), Some(d(7, 2)));
        t.add(None, Some(d(7, 2)));
        t.add(Some(d(7, 1)), None);
        assert_eq!((t.closed, t.on_time), (4, 1));
        assert_eq!(t.rate(), Some(0.25));
    }

    #[test]
    fn units_below_the_minimum_are_left_out_and_listed() {
        let r = Ranking::of(
            vec![
                (1, "市委办公室".into(), 4, 2),
                (2, "市房产局".into(), 6, 1),
                (3, "市委宣传部".into(), 2, 0),
                (4, "合肥热电集团".into(), 3, 3),
            ],
            3,
        );
        let ranked: Vec<i64> = r.ranked.iter().map(|u| u.unit_id).collect();
        assert_eq!(ranked, [2, 1, 4]);
        assert_eq!(r.not_ranked.len(), 1);
        assert_eq!(r.not_ranked[0].unit_name, "市委宣传部");
    }

    #[test]
    fn counts_keep_the_given_order_with_zeros() {
        let c = count(["b", "x", "b", "a"], &["a", "b", "c"]);
        let pairs: Vec<(&str, i64)> = c.iter().map(|c| (c.key.as_str(), c.count)).collect();
        assert_eq!(pairs, [("a", 1), ("b", 2), ("c", 0), ("x", 1)]);
    }
}
