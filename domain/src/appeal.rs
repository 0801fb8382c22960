//! Appeals (申诉 / 复核): a unit contests a substantiation or an
//! accountability decision concerning it, within a set number of working
//! days; the office (or, for decisions when the office so configures, a
//! leader) reviews it within its own deadline and upholds it — the finding
//! returns to the state the review names, or the decision is revoked — or
//! dismisses it, with reasons the unit reads.
//!
//! As the finding's, the workflow is data — [`APPEAL_RULES`] — plus one
//! function, [`review`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::finding::FindingState;
use crate::validation::{self, Invalid, Reason};
use crate::{Lang, Role};

/// Grounds and reasons have at most this many characters.
pub const APPEAL_TEXT_MAX_CHARS: usize = 2000;
/// Working days the unit has to appeal, unless the office sets another.
pub const DEFAULT_APPEAL_WINDOW_DAYS: u32 = 5;
/// Working days the reviewer has to decide, unless the office sets another.
pub const DEFAULT_REVIEW_DAYS: u32 = 10;
/// The longest window or review period the office may set.
pub const MAX_APPEAL_DAYS: u32 = 60;

wire_enum! {
    /// Where an appeal stands.
    pub enum AppealState {
        /// Lodged by the unit; waiting for review.
        Lodged = "lodged",
        /// The review found for the unit.
        Upheld = "upheld",
        /// The review found against the unit; the reasons say why.
        Dismissed = "dismissed",
    }
}

impl AppealState {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AppealState::Lodged, Lang::ZhCn) => "待复核",
            (AppealState::Lodged, Lang::En) => "Waiting for review",
            (AppealState::Upheld, Lang::ZhCn) => "申诉成立",
            (AppealState::Upheld, Lang::En) => "Upheld",
            (AppealState::Dismissed, Lang::ZhCn) => "申诉驳回",
            (AppealState::Dismissed, Lang::En) => "Dismissed",
        }
    }
}

wire_enum! {
    /// What is contested.
    pub enum AppealSubject {
        /// A finding's substantiation (查实).
        Finding = "finding",
        /// An accountability decision (问责决定).
        Decision = "decision",
    }
}

impl AppealSubject {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AppealSubject::Finding, Lang::ZhCn) => "对问题认定的申诉",
            (AppealSubject::Finding, Lang::En) => "Appeal against a substantiation",
            (AppealSubject::Decision, Lang::ZhCn) => "对问责决定的申诉",
            (AppealSubject::Decision, Lang::En) => "Appeal against a decision",
        }
    }
}

wire_enum! {
    /// A reviewer's step.
    pub enum AppealAction {
        /// The unit is right: the finding returns to the state named, or the decision is revoked.
        Uphold = "uphold",
        /// The unit is not: the substantiation or the decision stands.
        Dismiss = "dismiss",
    }
}

impl AppealAction {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AppealAction::Uphold, Lang::ZhCn) => "申诉成立",
            (AppealAction::Uphold, Lang::En) => "Uphold",
            (AppealAction::Dismiss, Lang::ZhCn) => "驳回申诉",
            (AppealAction::Dismiss, Lang::En) => "Dismiss",
        }
    }
}

/// One line of the workflow.
#[derive(Debug, Clone, Copy)]
pub struct AppealRule {
    pub action: AppealAction,
    pub from: &'static [AppealState],
    pub to: AppealState,
}

pub const APPEAL_RULES: &[AppealRule] = &[
    AppealRule {
        action: AppealAction::Uphold,
        from: &[AppealState::Lodged],
        to: AppealState::Upheld,
    },
    AppealRule {
        action: AppealAction::Dismiss,
        from: &[AppealState::Lodged],
        to: AppealState::Dismissed,
    },
];

/// What the office has set: how long a unit has to appeal, how long the
/// review may take (both in working days), and whether a leader reviews
/// appeals against decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealSettings {
    pub window_days: u32,
    pub review_days: u32,
    pub leader_reviews_decisions: bool,
}

impl Default for AppealSettings {
    fn default() -> Self {
        AppealSettings {
            window_days: DEFAULT_APPEAL_WINDOW_DAYS,
            review_days: DEFAULT_REVIEW_DAYS,
            leader_reviews_decisions: false,
        }
    }
}

impl AppealSettings {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        for (field, days) in [
            ("window_days", self.window_days),
            ("review_days", self.review_days),
        ] {
            if !(1..=MAX_APPEAL_DAYS).contains(&days) {
                inv.add(
                    field,
                    Reason::OutOfRange {
                        min: 1,
                        max: MAX_APPEAL_DAYS as i64,
                    },
                );
            }
        }
        inv.into_result()
    }

    /// Who reviews an appeal about `subject`.
    pub fn reviewers(&self, subject: AppealSubject) -> &'static [Role] {
        match subject {
            AppealSubject::Decision if self.leader_reviews_decisions => &[Role::Leader],
            _ => &[Role::Office],
        }
    }
}

/// Whether a finding in this state stands substantiated (and so may be appealed).
pub fn may_be_appealed(state: FindingState) -> bool {
    matches!(
        state,
        FindingState::Substantiated
            | FindingState::Rectifying
            | FindingState::ReportSubmitted
            | FindingState::Closed
    )
}

/// The states an upheld appeal may return a finding to: back to the
/// office's decision on the unit's verification, or unfounded.
pub const RESTORABLE: [FindingState; 2] = [FindingState::Verified, FindingState::Unfounded];

/// `POST /api/appeals`: one of `finding_id` or `decision_id`, and the grounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAppeal {
    #[serde(default)]
    pub finding_id: Option<i64>,
    #[serde(default)]
    pub decision_id: Option<i64>,
    pub grounds: String,
}

impl NewAppeal {
    pub fn subject(&self) -> Option<AppealSubject> {
        match (self.finding_id, self.decision_id) {
            (Some(_), None) => Some(AppealSubject::Finding),
            (None, Some(_)) => Some(AppealSubject::Decision),
            _ => None,
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        match (self.finding_id, self.decision_id) {
            (None, None) => inv.add("finding_id", Reason::Required),
            (Some(_), Some(_)) => inv.add("decision_id", Reason::NotExpected),
            _ => {}
        }
        validation::text(&mut inv, "grounds", &self.grounds, 1, APPEAL_TEXT_MAX_CHARS);
        inv.into_result()
    }
}

/// `POST /api/appeals/{id}/actions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealActionRequest {
    pub action: AppealAction,
    /// Why: the unit reads it.
    pub reason: String,
    /// Upholding an appeal against a finding: the state it returns to
    /// (`verified` or `unfounded`).
    #[serde(default)]
    pub restore: Option<FindingState>,
    pub version: i64,
}

/// Why a review step is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppealRefusal {
    /// The caller does not review appeals of this kind.
    NotReviewer,
    /// The appeal is no longer waiting (already upheld or dismissed).
    WrongState,
    /// A field is missing or wrong.
    Invalid(Invalid),
}

/// The one function of the workflow: the state `req` leads `state` to when
/// `role` takes it on an appeal about `subject`.
pub fn review(
    state: AppealState,
    subject: AppealSubject,
    role: Role,
    settings: &AppealSettings,
    req: &AppealActionRequest,
) -> Result<AppealState, AppealRefusal> {
    if !settings.reviewers(subject).contains(&role) {
        return Err(AppealRefusal::NotReviewer);
    }
    let rule = APPEAL_RULES
        .iter()
        .find(|r| r.action == req.action)
        .expect("every appeal action has a rule");
    if !rule.from.contains(&state) {
        return Err(AppealRefusal::WrongState);
    }
    req.validate(subject).map_err(AppealRefusal::Invalid)?;
    Ok(rule.to)
}

impl AppealActionRequest {
    /// The fields, for an appeal about `subject`: a reason always; a state
    /// to return to when upholding an appeal against a finding, and only then.
    pub fn validate(&self, subject: AppealSubject) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "reason", &self.reason, 1, APPEAL_TEXT_MAX_CHARS);
        match (self.action, subject, self.restore) {
            (AppealAction::Uphold, AppealSubject::Finding, None) => {
                inv.add("restore", Reason::Required);
            }
            (AppealAction::Uphold, AppealSubject::Finding, Some(s)) if !RESTORABLE.contains(&s) => {
                inv.add("restore", Reason::NotFound);
            }
            (AppealAction::Uphold, AppealSubject::Finding, Some(_)) => {}
            (_, _, Some(_)) => inv.add("restore", Reason::NotExpected),
            (_, _, None) => {}
        }
        inv.into_result()
    }
}

/// An appeal as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Appeal {
    pub id: i64,
    pub subject: AppealSubject,
    /// The finding contested, or for a decision its first finding.
    pub finding_id: i64,
    pub finding_code: String,
    pub finding_title: String,
    pub decision_id: Option<i64>,
    /// For a decision: the person it concerns.
    pub person_name: Option<String>,
    pub unit_id: i64,
    pub unit_name: String,
    pub grounds: String,
    pub state: AppealState,
    pub lodged_by_name: String,
    pub lodged_at: DateTime<Utc>,
    /// The review's deadline (working days after lodging).
    pub review_by: NaiveDate,
    pub reason: Option<String>,
    pub restored_to: Option<FindingState>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i64,
    /// What the caller may do now.
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    #[serde(default)]
    pub actions: Vec<AppealAction>,
    /// The files the unit gave in support, oldest first.
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    #[serde(default)]
    pub evidence: Vec<AppealEvidence>,
}

/// An appeal takes at most this many files of evidence.
pub const MAX_APPEAL_FILES: usize = 10;

/// A file the unit attached to its appeal (`GET /api/appeal-evidence/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct AppealEvidence {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by_name: String,
    pub uploaded_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(action: AppealAction, restore: Option<FindingState>) -> AppealActionRequest {
        AppealActionRequest {
            action,
            reason: "经复核，当日有请假手续。".into(),
            restore,
            version: 1,
        }
    }

    #[test]
    fn the_office_upholds_or_dismisses_a_lodged_appeal_once() {
        let s = AppealSettings::default();
        let uphold = req(AppealAction::Uphold, Some(FindingState::Unfounded));
        assert_eq!(
            review(
                AppealState::Lodged,
                AppealSubject::Finding,
                Role::Office,
                &s,
                &uphold
            ),
            Ok(AppealState::Upheld)
        );
        let dismiss = req(AppealAction::Dismiss, None);
        assert_eq!(
            review(
                AppealState::Lodged,
                AppealSubject::Decision,
                Role::Office,
                &s,
                &dismiss
            ),
            Ok(AppealState::Dismissed)
        );
        for done in [AppealState::Upheld, AppealState::Dismissed] {
            assert_eq!(
                review(done, AppealSubject::Finding, Role::Office, &s, &dismiss),
                Err(AppealRefusal::WrongState)
            );
        }
        for role in [Role::Liaison, Role::Inspector, Role::Admin, Role::Leader] {
            assert_eq!(
                review(
                    AppealState::Lodged,
                    AppealSubject::Finding,
                    role,
                    &s,
                    &dismiss
                ),
                Err(AppealRefusal::NotReviewer)
            );
        }
    }

    #[test]
    fn a_leader_reviews_decisions_when_the_office_says_so() {
        let s = AppealSettings {
            leader_reviews_decisions: true,
            ..AppealSettings::default()
        };
        let dismiss = req(AppealAction::Dismiss, None);
        let on = |role| {
            review(
                AppealState::Lodged,
                AppealSubject::Decision,
                role,
                &s,
                &dismiss,
            )
        };
        assert_eq!(on(Role::Leader), Ok(AppealState::Dismissed));
        assert_eq!(on(Role::Office), Err(AppealRefusal::NotReviewer));
        // Findings stay with the office.
        assert_eq!(s.reviewers(AppealSubject::Finding), [Role::Office]);
    }

    #[test]
    fn upholding_a_finding_names_where_it_returns() {
        let s = AppealSettings::default();
        let on = |r: &AppealActionRequest, subject| match review(
            AppealState::Lodged,
            subject,
            Role::Office,
            &s,
            r,
        ) {
            Err(AppealRefusal::Invalid(inv)) => {
                inv.fields().iter().map(|(f, _)| f.to_string()).collect()
            }
            other => panic!("{other:?}"),
        };
        let fields: Vec<String> = on(&req(AppealAction::Uphold, None), AppealSubject::Finding);
        assert_eq!(fields, ["restore"]);
        let fields: Vec<String> = on(
            &req(AppealAction::Uphold, Some(FindingState::Closed)),
            AppealSubject::Finding,
        );
        assert_eq!(fields, ["restore"]);
        let fields: Vec<String> = on(
            &req(AppealAction::Dismiss, Some(FindingState::Verified)),
            AppealSubject::Decision,
        );
        assert_eq!(fields, ["restore"]);
        let mut blank = req(AppealAction::Dismiss, None);
        blank.reason = " ".into();
        let fields: Vec<String> = on(&blank, AppealSubject::Finding);
        assert_eq!(fields, ["reason"]);
    }

    #[test]
    fn an_appeal_names_one_thing_with_grounds() {
        let a = |finding_id, decision_id, grounds: &str| NewAppeal {
            finding_id,
            decision_id,
            grounds: grounds.into(),
        };
        assert!(a(Some(1), None, "当天有请假手续").validate().is_ok());
        assert_eq!(
            a(Some(1), None, "x").subject(),
            Some(AppealSubject::Finding)
        );
        assert_eq!(
            a(None, Some(1), "x").subject(),
            Some(AppealSubject::Decision)
        );
        let both = a(Some(1), Some(2), "x").validate().unwrap_err();
        assert!(both.reason("decision_id").is_some());
        let none = a(None, None, "").validate().unwrap_err();
        assert!(none.reason("finding_id").is_some() && none.reason("grounds").is_some());
        assert!(!may_be_appealed(FindingState::Verified));
        assert!(may_be_appealed(FindingState::Closed));
    }
}
