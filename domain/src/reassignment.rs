//! Reassignments followed to the end (到基层再上岗): who serves where now
//! and until when, who is due back soon, whose term ended without a return
//! recorded, and the return to post with the host unit's end-of-term
//! assessment (the source: three months helping the traffic police,
//! managed by the host unit and assessed at the end).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::validation::{self, Invalid, Reason};

/// A term ending within this many days is "ending soon".
pub const ENDING_SOON_DAYS: i64 = 14;
pub const ASSESSMENT_MAX_CHARS: usize = 1000;

wire_enum! {
    /// Where a reassignment stands on a day.
    pub enum ServingStatus {
        /// Not started yet.
        Upcoming = "upcoming",
        /// Serving at the host unit.
        Serving = "serving",
        /// Serving, the term ending within [`ENDING_SOON_DAYS`].
        EndingSoon = "ending_soon",
        /// The term is over and no return to post is recorded.
        Overdue = "overdue",
        /// Back at their post, the host's assessment recorded.
        Returned = "returned",
    }
}

impl ServingStatus {
    pub fn of(start: NaiveDate, end: NaiveDate, returned: bool, today: NaiveDate) -> ServingStatus {
        match () {
            _ if returned => ServingStatus::Returned,
            _ if today < start => ServingStatus::Upcoming,
            _ if today > end => ServingStatus::Overdue,
            _ if (end - today).num_days() <= ENDING_SOON_DAYS => ServingStatus::EndingSoon,
            _ => ServingStatus::Serving,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ServingStatus::Upcoming, Lang::ZhCn) => "尚未开始",
            (ServingStatus::Upcoming, Lang::En) => "Not started",
            (ServingStatus::Serving, Lang::ZhCn) => "在岗服务中",
            (ServingStatus::Serving, Lang::En) => "Serving",
            (ServingStatus::EndingSoon, Lang::ZhCn) => "即将期满",
            (ServingStatus::EndingSoon, Lang::En) => "Ending soon",
            (ServingStatus::Overdue, Lang::ZhCn) => "期满未返岗",
            (ServingStatus::Overdue, Lang::En) => "Term over, no return recorded",
            (ServingStatus::Returned, Lang::ZhCn) => "已返岗",
            (ServingStatus::Returned, Lang::En) => "Returned",
        }
    }
}

wire_enum! {
    /// The host unit's end-of-term grade.
    pub enum HostGrade {
        Excellent = "excellent",
        Competent = "competent",
        Basic = "basic",
        Incompetent = "incompetent",
    }
}

impl HostGrade {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (HostGrade::Excellent, Lang::ZhCn) => "优秀",
            (HostGrade::Excellent, Lang::En) => "Excellent",
            (HostGrade::Competent, Lang::ZhCn) => "称职",
            (HostGrade::Competent, Lang::En) => "Competent",
            (HostGrade::Basic, Lang::ZhCn) => "基本称职",
            (HostGrade::Basic, Lang::En) => "Basically competent",
            (HostGrade::Incompetent, Lang::ZhCn) => "不称职",
            (HostGrade::Incompetent, Lang::En) => "Not competent",
        }
    }
}

/// One reassignment measure as the office follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reassignment {
    /// The measure's own id (`POST /api/reassignments/{id}/return`).
    pub id: i64,
    pub decision_id: i64,
    pub person_name: String,
    pub person_unit_id: i64,
    pub person_unit_name: String,
    pub person_post: String,
    /// The host unit, e.g. 市公安局交通警察支队.
    pub place: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub status: ServingStatus,
    /// Days until the term ends (negative once over).
    pub days_left: i64,
    pub returned_on: Option<NaiveDate>,
    pub host_grade: Option<HostGrade>,
    pub host_assessment: Option<String>,
    pub recorded_by_name: Option<String>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// The decision's version, which recording the return moves on.
    pub version: i64,
}

/// `POST /api/reassignments/{id}/return`: back at their post on
/// `returned_on`, with the host unit's grade and assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReassignmentReturn {
    pub returned_on: NaiveDate,
    pub host_grade: HostGrade,
    pub host_assessment: String,
    pub version: i64,
}

impl ReassignmentReturn {
    /// `start`: when the term began; `today` in Beijing.
    pub fn validate(&self, start: NaiveDate, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::check_date(&mut inv, "returned_on", Some(self.returned_on));
        if self.returned_on < start {
            inv.add("returned_on", Reason::NotAfterStart);
        } else if self.returned_on > today {
            inv.add("returned_on", Reason::InTheFuture);
        }
        validation::text(
            &mut inv,
            "host_assessment",
            &self.host_assessment,
            1,
            ASSESSMENT_MAX_CHARS,
        );
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, m, day).unwrap()
    }

    #[test]
    fn a_term_is_followed_from_start_to_return() {
        let (start, end) = (d(7, 10), d(10, 10));
        let on = |day| ServingStatus::of(start, end, false, day);
        assert_eq!(on(d(7, 9)), ServingStatus::Upcoming);
        assert_eq!(on(d(7, 10)), ServingStatus::Serving);
        assert_eq!(on(d(9, 26)), ServingStatus::EndingSoon);
        assert_eq!(on(d(10, 10)), ServingStatus::EndingSoon);
        assert_eq!(on(d(10, 11)), ServingStatus::Overdue);
        assert_eq!(
            ServingStatus::of(start, end, true, d(10, 11)),
            ServingStatus::Returned
        );
    }

    #[test]
    fn a_return_falls_within_the_term_or_after_and_never_ahead() {
        let back = |day| ReassignmentReturn {
            returned_on: day,
            host_grade: HostGrade::Competent,
            host_assessment: "服从管理，疏导认真".into(),
            version: 1,
        };
        assert!(back(d(10, 10)).validate(d(7, 10), d(10, 12)).is_ok());
        assert_eq!(
            back(d(7, 1))
                .validate(d(7, 10), d(10, 12))
                .unwrap_err()
                .reason("returned_on"),
            Some(&Reason::NotAfterStart)
        );
        assert_eq!(
            back(d(10, 20))
                .validate(d(7, 10), d(10, 12))
                .unwrap_err()
                .reason("returned_on"),
            Some(&Reason::InTheFuture)
        );
        let mut silent = back(d(10, 10));
        silent.host_assessment = " ".into();
        assert!(silent.validate(d(7, 10), d(10, 12)).is_err());
    }
}
