//! Oversight from outside and from within: special supervisors (特邀监督员)
//! — deputies, CPPCC members, journalists, citizens — with their term,
//! their visits and a yearly assessment; and the yearly commitment letters
//! (承诺书) each staff member signs.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::staff::StaffRef;
use crate::validation::{self, Invalid, Reason};

pub const NAME_MAX_CHARS: usize = 50;
pub const AFFILIATION_MAX_CHARS: usize = 100;
pub const AREAS_MAX_CHARS: usize = 200;
pub const PHONE_MAX_CHARS: usize = 30;
pub const COMMENT_MAX_CHARS: usize = 1000;
pub const LETTER_MAX_CHARS: usize = 5000;
pub const LETTER_TITLE_MAX_CHARS: usize = 100;

wire_enum! {
    /// Where a supervisor comes from.
    pub enum SupervisorKind {
        Deputy = "deputy",
        CppccMember = "cppcc_member",
        Media = "media",
        Citizen = "citizen",
        Other = "other",
    }
}

impl SupervisorKind {
    pub fn label(self, lang: Lang) -> &'static str {
        use SupervisorKind::*;
        match (self, lang) {
            (Deputy, Lang::ZhCn) => "人大代表",
            (Deputy, Lang::En) => "People's Congress deputy",
            (CppccMember, Lang::ZhCn) => "政协委员",
            (CppccMember, Lang::En) => "CPPCC member",
            (Media, Lang::ZhCn) => "新闻媒体",
            (Media, Lang::En) => "Journalist",
            (Citizen, Lang::ZhCn) => "市民代表",
            (Citizen, Lang::En) => "Citizen representative",
            (Other, Lang::ZhCn) => "其他",
            (Other, Lang::En) => "Other",
        }
    }
}

wire_enum! {
    /// The office's grade in a yearly assessment.
    pub enum Grade {
        Excellent = "excellent",
        Competent = "competent",
        NotCompetent = "not_competent",
    }
}

impl Grade {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Grade::Excellent, Lang::ZhCn) => "优秀",
            (Grade::Excellent, Lang::En) => "Excellent",
            (Grade::Competent, Lang::ZhCn) => "称职",
            (Grade::Competent, Lang::En) => "Competent",
            (Grade::NotCompetent, Lang::ZhCn) => "不称职",
            (Grade::NotCompetent, Lang::En) => "Not competent",
        }
    }
}

/// `POST /api/supervisors`, `PUT /api/supervisors/{id}` (with `version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupervisorInput {
    pub name: String,
    pub kind: SupervisorKind,
    /// Where they come from, e.g. 合肥日报社.
    #[serde(default)]
    pub affiliation: String,
    /// What they watch, e.g. 政务服务窗口、住房保障.
    #[serde(default)]
    pub areas: String,
    /// For the office only; never shown outside it.
    #[serde(default)]
    pub phone: String,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub version: Option<i64>,
}

fn yes() -> bool {
    true
}

impl SupervisorInput {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        crate::validation::check_date(&mut inv, "term_start", Some(self.term_start));
        crate::validation::check_date(&mut inv, "term_end", Some(self.term_end));
        validation::text(&mut inv, "name", &self.name, 1, NAME_MAX_CHARS);
        validation::text(
            &mut inv,
            "affiliation",
            &self.affiliation,
            0,
            AFFILIATION_MAX_CHARS,
        );
        validation::text(&mut inv, "areas", &self.areas, 0, AREAS_MAX_CHARS);
        validation::text(&mut inv, "phone", &self.phone, 0, PHONE_MAX_CHARS);
        if !self
            .phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' '))
        {
            inv.add("phone", Reason::BadCharacters);
        }
        if self.term_end <= self.term_start {
            inv.add("term_end", Reason::NotAfterStart);
        }
        inv.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supervisor {
    pub id: i64,
    pub name: String,
    pub kind: SupervisorKind,
    pub affiliation: String,
    pub areas: String,
    pub phone: String,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub active: bool,
    pub version: i64,
}

impl Supervisor {
    /// Whether `day` falls in the term (both ends included).
    pub fn serves_on(&self, day: NaiveDate) -> bool {
        self.active && self.term_start <= day && day <= self.term_end
    }
}

/// `POST /api/supervisors/{id}/assignments`: the supervisor joins a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAssignment {
    pub visit_id: i64,
}

/// A visit a supervisor joined (office only: it is part of the plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Assignment {
    pub visit_id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub planned_on: NaiveDate,
    /// When the visit's inspection was submitted, if it has been.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// What a supervisor's year adds up to, from the records alone.
///
/// Method: a visit counts as *made* when its inspection was submitted;
/// *findings raised* are the findings recorded from the visits made; a
/// finding is *substantiated* once the office substantiated it (whatever
/// happened after); a visit made is *on time* when its inspection was
/// submitted by the end of the day after the planned date (Beijing time).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupervisorRecord {
    pub visits_assigned: i64,
    pub visits_made: i64,
    pub visits_on_time: i64,
    pub findings_raised: i64,
    pub findings_substantiated: i64,
    /// `findings_substantiated ÷ findings_raised`; none without findings.
    pub substantiated_share: Option<f64>,
    /// `visits_on_time ÷ visits_made`; none without visits.
    pub timeliness: Option<f64>,
}

impl SupervisorRecord {
    pub fn new(
        visits_assigned: i64,
        visits_made: i64,
        visits_on_time: i64,
        findings_raised: i64,
        findings_substantiated: i64,
    ) -> SupervisorRecord {
        let share = |n: i64, d: i64| (d > 0).then(|| n as f64 / d as f64);
        SupervisorRecord {
            visits_assigned,
            visits_made,
            visits_on_time,
            findings_raised,
            findings_substantiated,
            substantiated_share: share(findings_substantiated, findings_raised),
            timeliness: share(visits_on_time, visits_made),
        }
    }

    /// Whether a submission at `submitted` (Beijing date) was on time for a
    /// visit planned on `planned_on`.
    pub fn on_time(planned_on: NaiveDate, submitted: NaiveDate) -> bool {
        submitted <= planned_on + chrono::Days::new(1)
    }
}

/// `PUT /api/supervisors/{id}/assessments/{year}`: the office's grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentInput {
    pub grade: Grade,
    #[serde(default)]
    pub comment: String,
    /// The version read; none for the first grade of the year.
    #[serde(default)]
    pub version: Option<i64>,
}

impl AssessmentInput {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "comment", &self.comment, 0, COMMENT_MAX_CHARS);
        if self.grade == Grade::NotCompetent && self.comment.trim().is_empty() {
            inv.add("comment", Reason::Required);
        }
        inv.into_result()
    }
}

/// A supervisor's year: the record, and the office's grade once given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    pub supervisor_id: i64,
    pub year: i32,
    pub record: SupervisorRecord,
    pub grade: Option<Grade>,
    pub comment: String,
    pub assessed_by: Option<String>,
    pub assessed_at: Option<DateTime<Utc>>,
    /// Send it back with the next grade; none before the first.
    pub version: Option<i64>,
}

pub use crate::validation::check_year;

/// `PUT /api/commitments/{year}`: the year's letter text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterInput {
    pub title: String,
    pub text: String,
    /// The version read; none when the year has no letter yet.
    #[serde(default)]
    pub version: Option<i64>,
}

impl LetterInput {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "title", &self.title, 1, LETTER_TITLE_MAX_CHARS);
        validation::text(&mut inv, "text", &self.text, 1, LETTER_MAX_CHARS);
        inv.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Letter {
    pub year: i32,
    pub title: String,
    pub text: String,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// `POST /api/commitments/{year}/signatures`: a staff member signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSignature {
    pub staff_id: i64,
    pub signed_on: NaiveDate,
}

impl NewSignature {
    /// `today` in Beijing time: a signature is dated in its year and not later than today.
    pub fn validate(&self, year: i32, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        crate::validation::check_date(&mut inv, "signed_on", Some(self.signed_on));
        if self.signed_on.year() != year {
            inv.add("signed_on", Reason::OutsidePeriod);
        } else if self.signed_on > today {
            inv.add("signed_on", Reason::InTheFuture);
        }
        inv.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signed {
    pub staff: StaffRef,
    pub signed_on: NaiveDate,
}

/// One unit's signatures for the year (its active staff only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCompletion {
    pub unit_id: i64,
    pub unit_name: String,
    pub signed: Vec<Signed>,
    pub unsigned: Vec<StaffRef>,
    /// `signed ÷ (signed + unsigned)`; none for a unit without staff.
    pub rate: Option<f64>,
}

impl UnitCompletion {
    pub fn new(
        unit_id: i64,
        unit_name: String,
        signed: Vec<Signed>,
        unsigned: Vec<StaffRef>,
    ) -> UnitCompletion {
        let all = signed.len() + unsigned.len();
        UnitCompletion {
            rate: (all > 0).then(|| signed.len() as f64 / all as f64),
            unit_id,
            unit_name,
            signed,
            unsigned,
        }
    }

    pub fn complete(&self) -> bool {
        self.unsigned.is_empty()
    }
}

/// `GET /api/commitments/{year}/completion`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completion {
    pub year: i32,
    pub units: Vec<UnitCompletion>,
    /// The units below 100 %, by id.
    pub incomplete: Vec<i64>,
}

impl Completion {
    pub fn new(year: i32, units: Vec<UnitCompletion>) -> Completion {
        let incomplete = units
            .iter()
            .filter(|u| !u.complete())
            .map(|u| u.unit_id)
            .collect();
        Completion {
            year,
            units,
            incomplete,
        }
    }
}

/// Whether a person a finding names signed the commitment letter of the
/// finding's year: `signed_on` is none when they are staff who did not sign;
/// `staff` is none when the name matches nobody on the unit's staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitmentCheck {
    pub name: String,
    pub year: i32,
    pub staff: Option<StaffRef>,
    pub signed_on: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, m, d).unwrap()
    }

    #[test]
    fn a_term_ends_after_it_starts_and_a_phone_is_digits() {
        let input = SupervisorInput {
            name: "周明".into(),
            kind: SupervisorKind::Media,
            affiliation: "合肥日报社".into(),
            areas: String::new(),
            phone: "0551-abc".into(),
            term_start: day(6, 1),
            term_end: day(6, 1),
            active: true,
            version: None,
        };
        let inv = input.validate().unwrap_err();
        assert_eq!(inv.reason("term_end"), Some(&Reason::NotAfterStart));
        assert_eq!(inv.reason("phone"), Some(&Reason::BadCharacters));
    }

    #[test]
    fn the_record_divides_only_what_it_has() {
        let r = SupervisorRecord::new(4, 3, 2, 5, 4);
        assert_eq!(r.substantiated_share, Some(0.8));
        assert!((r.timeliness.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        let none = SupervisorRecord::new(2, 0, 0, 0, 0);
        assert_eq!((none.substantiated_share, none.timeliness), (None, None));
        assert!(SupervisorRecord::on_time(day(6, 24), day(6, 25)));
        assert!(!SupervisorRecord::on_time(day(6, 24), day(6, 26)));
    }

    #[test]
    fn not_competent_says_why() {
        let a = AssessmentInput {
            grade: Grade::NotCompetent,
            comment: " ".into(),
            version: None,
        };
        assert_eq!(
            a.validate().unwrap_err().reason("comment"),
            Some(&Reason::Required)
        );
    }

    #[test]
    fn a_signature_is_dated_in_its_year_and_not_ahead() {
        let s = NewSignature {
            staff_id: 1,
            signed_on: day(12, 31),
        };
        assert_eq!(
            s.validate(2021, day(12, 31))
                .unwrap_err()
                .reason("signed_on"),
            Some(&Reason::OutsidePeriod)
        );
        assert_eq!(
            s.validate(2020, day(7, 1)).unwrap_err().reason("signed_on"),
            Some(&Reason::InTheFuture)
        );
        assert!(s.validate(2020, day(12, 31)).is_ok());
    }

    #[test]
    fn completion_lists_the_units_below_all_signed() {
        let who = |id| StaffRef {
            id,
            name: format!("员工{id}"),
        };
        let full = UnitCompletion::new(
            7,
            "市房产局".into(),
            vec![Signed {
                staff: who(1),
                signed_on: day(2, 1),
            }],
            vec![],
        );
        let half = UnitCompletion::new(
            8,
            "市房产局住房保障服务中心".into(),
            vec![Signed {
                staff: who(2),
                signed_on: day(2, 1),
            }],
            vec![who(3)],
        );
        let empty = UnitCompletion::new(9, "空".into(), vec![], vec![]);
        assert_eq!(
            (full.rate, half.rate, empty.rate),
            (Some(1.0), Some(0.5), None)
        );
        assert_eq!(
            Completion::new(2020, vec![full, half, empty]).incomplete,
            [8]
        );
    }
}
