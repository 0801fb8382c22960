//! Accountability decisions (问责决定): who is held accountable for which
//! substantiated findings, by which measures, on which basis.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::finding::FindingState;
use crate::validation::{self, Invalid, Reason};

pub const MAX_FINDINGS: usize = 50;
pub const MAX_MEASURES: usize = 10;
pub const PERSON_NAME_MAX_CHARS: usize = 50;
pub const PERSON_POST_MAX_CHARS: usize = 100;
pub const BASIS_MAX_CHARS: usize = 200;
pub const NOTES_MAX_CHARS: usize = 2000;
pub const PLACE_MAX_CHARS: usize = 100;
pub const MEASURE_NOTE_MAX_CHARS: usize = 500;
/// A reassignment to the grassroots lasts this long unless the decision says otherwise.
pub const DEFAULT_REASSIGNMENT_MONTHS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MeasureKind {
    WrittenSelfExamination,
    CirculatedCriticism,
    AdmonishmentTalk,
    /// 到基层再上岗: with a place, a start and an end.
    Reassignment,
    Other,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 5] = [
        MeasureKind::WrittenSelfExamination,
        MeasureKind::CirculatedCriticism,
        MeasureKind::AdmonishmentTalk,
        MeasureKind::Reassignment,
        MeasureKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeasureKind::WrittenSelfExamination => "written_self_examination",
            MeasureKind::CirculatedCriticism => "circulated_criticism",
            MeasureKind::AdmonishmentTalk => "admonishment_talk",
            MeasureKind::Reassignment => "reassignment",
            MeasureKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<MeasureKind> {
        MeasureKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MeasureKind::WrittenSelfExamination, Lang::ZhCn) => "书面检查",
            (MeasureKind::WrittenSelfExamination, Lang::En) => "Written self-examination",
            (MeasureKind::CirculatedCriticism, Lang::ZhCn) => "通报批评",
            (MeasureKind::CirculatedCriticism, Lang::En) => "Circulated criticism",
            (MeasureKind::AdmonishmentTalk, Lang::ZhCn) => "约谈",
            (MeasureKind::AdmonishmentTalk, Lang::En) => "Admonishment talk",
            (MeasureKind::Reassignment, Lang::ZhCn) => "到基层再上岗",
            (MeasureKind::Reassignment, Lang::En) => "Reassignment to the grassroots",
            (MeasureKind::Other, Lang::ZhCn) => "其他",
            (MeasureKind::Other, Lang::En) => "Other",
        }
    }
}

/// One measure of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Measure {
    pub kind: MeasureKind,
    /// Where a reassignment serves (e.g. 交警支队).
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(rename = "start_on"))]
    pub start: Option<NaiveDate>,
    /// A reassignment without an end ends three months after its start.
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(rename = "end_on"))]
    pub end: Option<NaiveDate>,
    /// What an "other" measure is; a remark for the rest.
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/decisions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDecision {
    pub finding_ids: Vec<i64>,
    /// The person's staff record in `person_unit_id`, by which namesakes
    /// stay apart and a transferred person keeps their record; the name
    /// stored is then the record's. `None`: someone not on a staff list.
    #[serde(default)]
    pub staff_id: Option<i64>,
    pub person_name: String,
    pub person_unit_id: i64,
    pub person_post: String,
    pub measures: Vec<Measure>,
    /// The clause of the accountability measures applied, e.g. 《合肥市效能建设问责办法》第十条.
    pub basis: String,
    #[serde(default)]
    pub notes: Option<String>,
    pub decided_on: NaiveDate,
    /// A decision in force already names this person on one of these
    /// findings: set to record another all the same (else refused on `person_name`).
    #[serde(default)]
    pub confirm_repeat: bool,
}

/// The end a reassignment gets when none is given.
pub fn default_end(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(Months::new(DEFAULT_REASSIGNMENT_MONTHS))
        .expect("dates stay far from chrono's limits")
}

impl NewDecision {
    /// Checks the input on its own (whether the findings are substantiated is the server's to check).
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        crate::validation::check_date(&mut inv, "decided_on", Some(self.decided_on));
        if self.finding_ids.is_empty() {
            inv.add("finding_ids", Reason::Required);
        } else if self.finding_ids.len() > MAX_FINDINGS {
            inv.add("finding_ids", Reason::TooMany { max: MAX_FINDINGS });
        } else if (1..self.finding_ids.len())
            .any(|i| self.finding_ids[..i].contains(&self.finding_ids[i]))
        {
            inv.add("finding_ids", Reason::Duplicate);
        }
        validation::text(
            &mut inv,
            "person_name",
            &self.person_name,
            1,
            PERSON_NAME_MAX_CHARS,
        );
        validation::text(
            &mut inv,
            "person_post",
            &self.person_post,
            1,
            PERSON_POST_MAX_CHARS,
        );
        validation::text(&mut inv, "basis", &self.basis, 1, BASIS_MAX_CHARS);
        if let Some(notes) = &self.notes {
            validation::text(&mut inv, "notes", notes, 0, NOTES_MAX_CHARS);
        }
        if self.decided_on > today {
            inv.add("decided_on", Reason::InTheFuture);
        }
        check_measure_count(&mut inv, &self.measures);
        check_measures(&mut inv, &self.measures);
        inv.into_result()
    }

    /// The person against the unit's staff list: a name that `records_named`
    /// active staff records bear needs the record, when there are several.
    pub fn check_person(&self, inv: &mut Invalid, records_named: usize) {
        if self.staff_id.is_none() && records_named > 1 {
            inv.add("staff_id", Reason::Namesakes);
        }
    }

    /// The measures as they will be stored: a reassignment without an end ends after three months.
    pub fn normalized_measures(&self) -> Vec<Measure> {
        normalized(&self.measures)
    }
}

/// Measures as they are stored: a reassignment without an end ends after three months.
pub fn normalized(measures: &[Measure]) -> Vec<Measure> {
    measures
        .iter()
        .map(|m| Measure {
            end: match (m.kind, m.start, m.end) {
                (MeasureKind::Reassignment, Some(start), None) => Some(default_end(start)),
                _ => m.end,
            },
            ..m.clone()
        })
        .collect()
}

/// The count of measures a decision has: one at least, [`MAX_MEASURES`] at most.
fn check_measure_count(inv: &mut Invalid, measures: &[Measure]) {
    if measures.is_empty() {
        inv.add("measures", Reason::Required);
    } else if measures.len() > MAX_MEASURES {
        inv.add("measures", Reason::TooMany { max: MAX_MEASURES });
    }
}

/// Each measure's own fields: a reassignment's place and dates, an "other"
/// measure's note; errors name the measure by index.
fn check_measures(inv: &mut Invalid, measures: &[Measure]) {
    for (i, m) in measures.iter().enumerate() {
        let field = |name: &str| format!("measures[{i}].{name}");
        if m.kind == MeasureKind::Reassignment {
            match &m.place {
                Some(place) => validation::text(inv, field("place"), place, 1, PLACE_MAX_CHARS),
                None => inv.add(field("place"), Reason::Required),
            }
            match (m.start, m.end) {
                (None, _) => inv.add(field("start"), Reason::Required),
                (Some(start), Some(end)) if end <= start => {
                    inv.add(field("end"), Reason::NotAfterStart)
                }
                _ => {}
            }
        } else {
            if m.place.is_some() {
                inv.add(field("place"), Reason::NotExpected);
            }
            if m.start.is_some() || m.end.is_some() {
                inv.add(field("start"), Reason::NotExpected);
            }
        }
        match &m.note {
            Some(note) => {
                let min = usize::from(m.kind == MeasureKind::Other);
                validation::text(inv, field("note"), note, min, MEASURE_NOTE_MAX_CHARS);
            }
            None if m.kind == MeasureKind::Other => inv.add(field("note"), Reason::Required),
            None => {}
        }
    }
}

wire_enum! {
    /// What a change does to a decision.
    pub enum DecisionChangeKind {
        /// 变更: other measures, on a new basis.
        Amend = "amend",
        /// 撤销: the decision no longer stands.
        Revoke = "revoke",
    }
}

/// A change's reason has at most this many characters.
pub const CHANGE_REASON_MAX_CHARS: usize = 1000;

/// `POST /api/decisions/{id}/changes`: the office amends a decision's
/// measures and basis, or revokes it, giving the reason; the change goes on
/// the decision's history, and a published bulletin that announced it
/// carries a correction notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionChange {
    pub change: DecisionChangeKind,
    /// Amend: the measures from now on.
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// Amend: the basis of the amended decision.
    #[serde(default)]
    pub basis: Option<String>,
    pub reason: String,
    pub version: i64,
}

impl DecisionChange {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "reason", &self.reason, 1, CHANGE_REASON_MAX_CHARS);
        match self.change {
            DecisionChangeKind::Amend => {
                check_measure_count(&mut inv, &self.measures);
                check_measures(&mut inv, &self.measures);
                validation::text(
                    &mut inv,
                    "basis",
                    self.basis.as_deref().unwrap_or(""),
                    1,
                    BASIS_MAX_CHARS,
                );
            }
            DecisionChangeKind::Revoke => {
                if !self.measures.is_empty() {
                    inv.add("measures", Reason::NotExpected);
                }
                if self.basis.as_deref().is_some_and(|b| !b.trim().is_empty()) {
                    inv.add("basis", Reason::NotExpected);
                }
            }
        }
        inv.into_result()
    }
}

/// A change on a decision's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionEvent {
    pub change: DecisionChangeKind,
    pub reason: String,
    /// The measures and basis before and after (after: none once revoked).
    pub before: Vec<Measure>,
    pub after: Vec<Measure>,
    pub basis_before: String,
    pub basis_after: Option<String>,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// The measures as a bulletin's correction names them: 书面检查、到基层再上岗（交警支队，2020-07-10至2020-10-10）.
pub fn describe_measures(measures: &[Measure], lang: Lang) -> String {
    let sep = if lang == Lang::ZhCn { "、" } else { ", " };
    measures
        .iter()
        .map(|m| {
            let label = m.kind.label(lang);
            match (m.kind, &m.place, m.start, m.end, &m.note) {
                (MeasureKind::Reassignment, Some(place), Some(start), Some(end), _) => {
                    let inner = match lang {
                        Lang::ZhCn => format!("{place}，{start}至{end}"),
                        Lang::En => format!("{place}, {start} to {end}"),
                    };
                    format!("{label}{}", lang.in_brackets(&inner))
                }
                (MeasureKind::Other, _, _, _, Some(note)) => {
                    format!("{label}{}", lang.in_brackets(note))
                }
                _ => label.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// The public correction notice a change puts on a bulletin that announced
/// the decision (in the bulletin's language, Chinese): who (as the bulletin
/// names them), what changed and why.
pub fn correction_notice(
    person: &str,
    unit: &str,
    change: DecisionChangeKind,
    before: &[Measure],
    after: &[Measure],
    reason: &str,
) -> String {
    let lang = Lang::ZhCn;
    match change {
        DecisionChangeKind::Amend => format!(
            "对{unit}{person}的问责措施由“{}”变更为“{}”。变更原因：{}",
            describe_measures(before, lang),
            describe_measures(after, lang),
            reason.trim()
        ),
        DecisionChangeKind::Revoke => format!(
            "撤销对{unit}{person}的问责决定（原措施：{}）。撤销原因：{}",
            describe_measures(before, lang),
            reason.trim()
        ),
    }
}

/// Whether a finding in this state can be the ground of a decision.
pub fn may_be_decided_on(state: FindingState) -> bool {
    matches!(
        state,
        FindingState::Substantiated
            | FindingState::Rectifying
            | FindingState::ReportSubmitted
            | FindingState::Closed
    )
}

/// Who a decision is about: a staff record, or a name in a unit (someone
/// not on a staff list, or a decision from before staff records).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PersonKey {
    Staff(i64),
    Named(String, i64),
}

impl PersonKey {
    pub fn of(staff_id: Option<i64>, name: &str, unit: i64) -> PersonKey {
        match staff_id {
            Some(id) => PersonKey::Staff(id),
            None => PersonKey::Named(name.trim().to_owned(), unit),
        }
    }
}

/// How far back a repeat case looks: a year.
pub const REPEAT_WINDOW_DAYS: i64 = 365;

/// The decisions that are repeat cases: the same person held accountable
/// again within a year (365 days) of another decision. Takes
/// `(id, person, decided on)` of decisions in force; answers the ids, in input order.
pub fn repeat_cases(decisions: &[(i64, PersonKey, NaiveDate)]) -> Vec<i64> {
    decisions
        .iter()
        .filter(|(id, person, day)| {
            decisions.iter().any(|(other, p, d)| {
                other != id && p == person && (*d - *day).num_days().abs() <= REPEAT_WINDOW_DAYS
            })
        })
        .map(|(id, ..)| *id)
        .collect()
}

/// Whether a decision on `earlier` counts toward one on `on`: within the
/// year before it, `on` itself included.
pub fn within_year_before(earlier: NaiveDate, on: NaiveDate) -> bool {
    earlier <= on && (on - earlier).num_days() <= REPEAT_WINDOW_DAYS
}

/// The office's sanctions ladder (问责梯度): the measure suggested for a
/// person's first case within a year, their second, and so on; past the
/// last step, the last. `GET`/`PUT /api/settings/sanctions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SanctionLadder {
    pub steps: Vec<MeasureKind>,
}

/// A ladder has at most this many steps.
pub const MAX_LADDER_STEPS: usize = 6;

impl Default for SanctionLadder {
    fn default() -> Self {
        SanctionLadder {
            steps: vec![
                MeasureKind::WrittenSelfExamination,
                MeasureKind::CirculatedCriticism,
                MeasureKind::Reassignment,
            ],
        }
    }
}

impl SanctionLadder {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        if self.steps.is_empty() {
            inv.add("steps", Reason::Required);
        } else if self.steps.len() > MAX_LADDER_STEPS {
            inv.add(
                "steps",
                Reason::TooMany {
                    max: MAX_LADDER_STEPS,
                },
            );
        }
        for (i, step) in self.steps.iter().enumerate() {
            // "Other" says nothing until a note says what it is.
            if *step == MeasureKind::Other {
                inv.add(format!("steps[{i}]"), Reason::NotExpected);
            }
        }
        inv.into_result()
    }

    /// The measure for a case that follows `earlier` cases within the year.
    pub fn suggest(&self, earlier: usize) -> MeasureKind {
        self.steps
            .get(earlier)
            .or(self.steps.last())
            .copied()
            .unwrap_or(MeasureKind::WrittenSelfExamination)
    }
}

/// A person's record for the decision form: `GET /api/decisions/record`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRecord {
    /// The decisions in force about them within the year before `on`, newest first.
    pub cases: Vec<Decision>,
    /// The number the next case would be within the year (1 for a first).
    pub next_case: usize,
    /// What the office's ladder suggests for it.
    pub suggested: MeasureKind,
}

/// A finding a decision rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionFinding {
    pub id: i64,
    pub code: String,
    pub title: String,
}

/// A decision as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Decision {
    pub id: i64,
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub findings: Vec<DecisionFinding>,
    /// The staff record the decision names (none: a name only).
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(default))]
    pub staff_id: Option<i64>,
    pub person_name: String,
    pub person_unit_id: i64,
    pub person_unit_name: String,
    pub person_post: String,
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub measures: Vec<Measure>,
    pub basis: String,
    pub notes: Option<String>,
    pub decided_on: NaiveDate,
    pub decided_by: i64,
    pub decided_by_name: String,
    pub created_at: DateTime<Utc>,
    /// Revoked (撤销) by an upheld appeal: when, and why.
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(default))]
    pub revoked_at: Option<DateTime<Utc>>,
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(default))]
    pub revoked_reason: Option<String>,
    /// Amendments and the revocation, oldest first.
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub history: Vec<DecisionEvent>,
    /// Another decision in force names the same person (by staff record,
    /// else by name and unit) within a year of this one.
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub repeat: bool,
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_decision_within_a_year_is_a_repeat_case() {
        let y = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let named = |n: &str, unit| PersonKey::of(None, n, unit);
        let list = [
            (1, named("张三", 7), y(2020, 7, 10)),
            (2, named(" 张三", 7), y(2021, 7, 9)),
            (3, named("张三", 7), y(2023, 1, 1)),
            (4, named("张三", 8), y(2020, 7, 11)),
            (5, named("李四", 7), y(2020, 7, 12)),
            // Namesakes on the staff list stay apart.
            (6, PersonKey::of(Some(40), "王芳", 7), y(2020, 7, 1)),
            (7, PersonKey::of(Some(41), "王芳", 7), y(2020, 7, 2)),
            (8, PersonKey::of(Some(40), "王芳", 9), y(2020, 9, 2)),
        ];
        assert_eq!(repeat_cases(&list), [1, 2, 6, 8]);
        assert!(within_year_before(y(2020, 7, 10), y(2021, 7, 10)));
        assert!(!within_year_before(y(2020, 7, 10), y(2021, 7, 11)));
        assert!(!within_year_before(y(2020, 7, 11), y(2020, 7, 10)));
    }

    #[test]
    fn a_change_says_what_it_changes_and_why() {
        let amend = DecisionChange {
            change: DecisionChangeKind::Amend,
            measures: vec![],
            basis: None,
            reason: " ".into(),
            version: 1,
        };
        let inv = amend.validate().unwrap_err();
        for field in ["measures", "basis", "reason"] {
            assert!(inv.reason(field).is_some(), "{field}");
        }
        let revoke = DecisionChange {
            change: DecisionChangeKind::Revoke,
            measures: vec![reassignment(Some(d(7, 10)), None)],
            basis: Some("第八条".into()),
            reason: "申诉成立".into(),
            version: 1,
        };
        let inv = revoke.validate().unwrap_err();
        assert_eq!(inv.reason("measures"), Some(&Reason::NotExpected));
        assert_eq!(inv.reason("basis"), Some(&Reason::NotExpected));
        let before = normalized(&[reassignment(Some(d(7, 10)), None)]);
        let after = vec![Measure {
            kind: MeasureKind::WrittenSelfExamination,
            place: None,
            start: None,
            end: None,
            note: None,
        }];
        assert_eq!(
            correction_notice(
                "张某",
                "市房产局",
                DecisionChangeKind::Amend,
                &before,
                &after,
                "情节较轻 "
            ),
            "对市房产局张某的问责措施由“到基层再上岗（交警支队，2020-07-10至2020-10-10）”变更为“书面检查”。变更原因：情节较轻"
        );
        assert_eq!(
            correction_notice(
                "张某",
                "市房产局",
                DecisionChangeKind::Revoke,
                &after,
                &[],
                "申诉成立"
            ),
            "撤销对市房产局张某的问责决定（原措施：书面检查）。撤销原因：申诉成立"
        );
    }

    #[test]
    fn the_ladder_suggests_the_next_measure_and_stays_on_its_last() {
        let ladder = SanctionLadder::default();
        assert!(ladder.validate().is_ok());
        assert_eq!(ladder.suggest(0), MeasureKind::WrittenSelfExamination);
        assert_eq!(ladder.suggest(1), MeasureKind::CirculatedCriticism);
        assert_eq!(ladder.suggest(2), MeasureKind::Reassignment);
        assert_eq!(ladder.suggest(7), MeasureKind::Reassignment);
        let bad = SanctionLadder {
            steps: vec![MeasureKind::AdmonishmentTalk, MeasureKind::Other],
        };
        assert_eq!(
            bad.validate().unwrap_err().reason("steps[1]"),
            Some(&Reason::NotExpected)
        );
        let empty = SanctionLadder { steps: vec![] };
        assert_eq!(
            empty.validate().unwrap_err().reason("steps"),
            Some(&Reason::Required)
        );
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, m, day).unwrap()
    }

    fn reassignment(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Measure {
        Measure {
            kind: MeasureKind::Reassignment,
            place: Some("交警支队".into()),
            start,
            end,
            note: None,
        }
    }

    fn decision(measures: Vec<Measure>) -> NewDecision {
        NewDecision {
            finding_ids: vec![1, 2],
            staff_id: None,
            person_name: "张某".into(),
            person_unit_id: 7,
            person_post: "窗口工作人员".into(),
            measures,
            basis: "《合肥市效能建设问责办法》第十条".into(),
            notes: None,
            decided_on: d(7, 10),
            confirm_repeat: false,
        }
    }

    #[test]
    fn a_reassignment_lasts_three_months_by_default() {
        let new = decision(vec![reassignment(Some(d(7, 10)), None)]);
        assert!(new.validate(d(7, 10)).is_ok());
        assert_eq!(new.normalized_measures()[0].end, Some(d(10, 10)));
        assert_eq!(
            default_end(d(11, 30)),
            NaiveDate::from_ymd_opt(2021, 2, 28).unwrap()
        );
    }

    #[test]
    fn measures_say_which_field_is_wrong() {
        let mut bad = decision(vec![
            Measure {
                kind: MeasureKind::AdmonishmentTalk,
                place: None,
                start: None,
                end: None,
                note: None,
            },
            Measure {
                kind: MeasureKind::Reassignment,
                place: None,
                start: None,
                end: None,
                note: None,
            },
            reassignment(Some(d(7, 30)), Some(d(7, 1))),
            Measure {
                kind: MeasureKind::Other,
                place: None,
                start: None,
                end: None,
                note: None,
            },
        ]);
        bad.finding_ids = vec![3, 3];
        let inv = bad.validate(d(7, 30)).unwrap_err();
        assert_eq!(inv.reason("measures[1].place"), Some(&Reason::Required));
        assert_eq!(inv.reason("measures[1].start"), Some(&Reason::Required));
        assert_eq!(inv.reason("measures[2].end"), Some(&Reason::NotAfterStart));
        assert_eq!(inv.reason("measures[3].note"), Some(&Reason::Required));
        assert_eq!(inv.reason("finding_ids"), Some(&Reason::Duplicate));
        assert!(inv.reason("measures[0].place").is_none());
    }

    #[test]
    fn a_decision_needs_findings_measures_and_a_basis() {
        let mut empty = decision(vec![]);
        empty.finding_ids.clear();
        empty.basis = " ".into();
        empty.decided_on = d(8, 1);
        let inv = empty.validate(d(7, 30)).unwrap_err();
        for field in ["finding_ids", "measures", "basis", "decided_on"] {
            assert!(inv.reason(field).is_some(), "{field}");
        }
    }

    #[test]
    fn only_substantiated_findings_ground_a_decision() {
        let allowed: Vec<_> = FindingState::ALL
            .into_iter()
            .filter(|s| may_be_decided_on(*s))
            .collect();
        assert!(!allowed.contains(&FindingState::Unfounded));
        assert!(!allowed.contains(&FindingState::FedBack));
        assert!(allowed.contains(&FindingState::Closed));
    }
}
