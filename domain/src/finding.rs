//! A finding's life (DOMAIN.md): recorded → fed back (deadline to verify) →
//! the unit's verification → substantiated | unfounded → rectifying
//! (deadline) → report submitted → accepted (closed) | returned (rectifying
//! again); extension requests hang off a rectification.
//!
//! The workflow is data — [`RULES`]: which role may take which action from
//! which state, and where it leads — plus one function, [`Progress::apply`],
//! which also checks what the action needs (a deadline, a comment).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::{self, Invalid, Reason};
use crate::{Lang, Role};

pub const COMMENT_MAX_CHARS: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FindingState {
    /// Recorded by an inspector or the office; the unit does not see it yet.
    Recorded,
    /// Fed back to the unit, which must investigate and verify by a deadline.
    FedBack,
    /// The unit has given its account; the office decides.
    Verified,
    Substantiated,
    /// Closed as unfounded, with the reason.
    Unfounded,
    /// Being put right by a deadline.
    Rectifying,
    ReportSubmitted,
    /// Rectified and accepted (销号).
    Closed,
    /// Folded into another finding of the same unit before either was fed
    /// back (one problem recorded twice); its evidence moved along.
    Merged,
}

impl FindingState {
    pub const ALL: [FindingState; 9] = [
        FindingState::Recorded,
        FindingState::FedBack,
        FindingState::Verified,
        FindingState::Substantiated,
        FindingState::Unfounded,
        FindingState::Rectifying,
        FindingState::ReportSubmitted,
        FindingState::Closed,
        FindingState::Merged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingState::Recorded => "recorded",
            FindingState::FedBack => "fed_back",
            FindingState::Verified => "verified",
            FindingState::Substantiated => "substantiated",
            FindingState::Unfounded => "unfounded",
            FindingState::Rectifying => "rectifying",
            FindingState::ReportSubmitted => "report_submitted",
            FindingState::Closed => "closed",
            FindingState::Merged => "merged",
        }
    }

    pub fn parse(s: &str) -> Option<FindingState> {
        FindingState::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Nothing but comments happens after these (the office may reopen
    /// a closed or unfounded finding on new facts: `ActionKind::Reopen`).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            FindingState::Unfounded | FindingState::Closed | FindingState::Merged
        )
    }

    /// Whether the unit concerned may see the finding (it has been fed back).
    pub fn visible_to_unit(self) -> bool {
        !matches!(self, FindingState::Recorded | FindingState::Merged)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use FindingState::*;
        match (self, lang) {
            (Recorded, Lang::ZhCn) => "已登记",
            (Recorded, Lang::En) => "Recorded",
            (FedBack, Lang::ZhCn) => "已反馈待核实",
            (FedBack, Lang::En) => "Fed back",
            (Verified, Lang::ZhCn) => "已核实待认定",
            (Verified, Lang::En) => "Verified by the unit",
            (Substantiated, Lang::ZhCn) => "已查实",
            (Substantiated, Lang::En) => "Substantiated",
            (Unfounded, Lang::ZhCn) => "不实",
            (Unfounded, Lang::En) => "Unfounded",
            (Rectifying, Lang::ZhCn) => "整改中",
            (Rectifying, Lang::En) => "Rectifying",
            (ReportSubmitted, Lang::ZhCn) => "整改报告待审",
            (ReportSubmitted, Lang::En) => "Report submitted",
            (Closed, Lang::ZhCn) => "已销号",
            (Closed, Lang::En) => "Closed as rectified",
            (Merged, Lang::ZhCn) => "已合并",
            (Merged, Lang::En) => "Merged into another",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActionKind {
    /// Office: tell the unit, with a deadline to verify.
    FeedBack,
    /// Unit: the result of its investigation.
    ReportVerification,
    /// Office: the problem is real.
    Substantiate,
    /// Office: the problem is not real; the comment says why.
    DeclareUnfounded,
    /// Office: rectify by a deadline.
    OrderRectification,
    /// Unit: what was done (evidence attaches to the finding).
    SubmitReport,
    /// Office: the rectification is accepted; the finding is closed.
    Accept,
    /// Office: not good enough; rectifying again.
    Return,
    /// Unit: more time, to the date given, and why.
    RequestExtension,
    /// Office: the new date becomes the deadline.
    ApproveExtension,
    RejectExtension,
    /// Anyone who may act on the finding: a note on the timeline.
    Comment,
    /// Office: fold this recorded finding `into` another recorded finding
    /// of the same unit (the same problem, recorded twice).
    Merge,
    /// Office: urge the unit (催办) on a finding whose deadline has passed;
    /// the state stays, the notice is on the timeline and reaches the unit.
    Urge,
    /// The escalation ladder (never a person): the unit's head and the
    /// leaders are told of a finding long overdue.
    Escalate,
    /// The escalation ladder (never a person): the finding is placed under
    /// supervision (督办) on the office's dashboard.
    Supervise,
    /// The unit appealed the substantiation (`POST /api/appeals`, never
    /// an action): on the timeline.
    Appeal,
    /// The unit's appeal was upheld (`POST /api/appeals/{id}/actions`):
    /// the finding returns to the state the review named.
    UpholdAppeal,
    /// The unit's appeal was dismissed: the substantiation stands.
    DismissAppeal,
    /// Office: a closed or unfounded finding opened again on new facts
    /// (the comment says which); the office decides on it again.
    Reopen,
    /// Office: the finding's facts corrected (`POST /api/findings/{id}/corrections`,
    /// never an action): the reason and each fact before and after, on the timeline.
    Correct,
}

impl ActionKind {
    pub const ALL: [ActionKind; 21] = [
        ActionKind::FeedBack,
        ActionKind::ReportVerification,
        ActionKind::Substantiate,
        ActionKind::DeclareUnfounded,
        ActionKind::OrderRectification,
        ActionKind::SubmitReport,
        ActionKind::Accept,
        ActionKind::Return,
        ActionKind::RequestExtension,
        ActionKind::ApproveExtension,
        ActionKind::RejectExtension,
        ActionKind::Comment,
        ActionKind::Merge,
        ActionKind::Urge,
        ActionKind::Escalate,
        ActionKind::Supervise,
        ActionKind::Appeal,
        ActionKind::UpholdAppeal,
        ActionKind::DismissAppeal,
        ActionKind::Reopen,
        ActionKind::Correct,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::FeedBack => "feed_back",
            ActionKind::ReportVerification => "report_verification",
            ActionKind::Substantiate => "substantiate",
            ActionKind::DeclareUnfounded => "declare_unfounded",
            ActionKind::OrderRectification => "order_rectification",
            ActionKind::SubmitReport => "submit_report",
            ActionKind::Accept => "accept",
            ActionKind::Return => "return",
            ActionKind::RequestExtension => "request_extension",
            ActionKind::ApproveExtension => "approve_extension",
            ActionKind::RejectExtension => "reject_extension",
            ActionKind::Comment => "comment",
            ActionKind::Merge => "merge",
            ActionKind::Urge => "urge",
            ActionKind::Escalate => "escalate",
            ActionKind::Supervise => "supervise",
            ActionKind::Appeal => "appeal",
            ActionKind::UpholdAppeal => "uphold_appeal",
            ActionKind::DismissAppeal => "dismiss_appeal",
            ActionKind::Reopen => "reopen",
            ActionKind::Correct => "correct",
        }
    }

    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// What an action needs besides the right role and state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    Comment,
    Deadline,
    DeadlineAndComment,
    /// The finding to merge `into`.
    Target,
}

/// One line of the workflow: `action` by one of `by`, from one of `from`, to `to`
/// (`None`: the state stays).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub action: ActionKind,
    pub by: &'static [Role],
    pub from: &'static [FindingState],
    pub to: Option<FindingState>,
    pub needs: Needs,
}

use FindingState as S;
const OFFICE: &[Role] = &[Role::Office];
const UNIT: &[Role] = &[Role::Liaison];
const ACTIVE: &[FindingState] = &[
    S::Recorded,
    S::FedBack,
    S::Verified,
    S::Substantiated,
    S::Rectifying,
    S::ReportSubmitted,
];

/// The whole workflow.
pub const RULES: &[Rule] = &[
    Rule {
        action: ActionKind::FeedBack,
        by: OFFICE,
        from: &[S::Recorded],
        to: Some(S::FedBack),
        needs: Needs::Deadline,
    },
    Rule {
        action: ActionKind::ReportVerification,
        by: UNIT,
        from: &[S::FedBack],
        to: Some(S::Verified),
        needs: Needs::Comment,
    },
    Rule {
        action: ActionKind::Substantiate,
        by: OFFICE,
        from: &[S::FedBack, S::Verified],
        to: Some(S::Substantiated),
        needs: Needs::Comment,
    },
    Rule {
        action: ActionKind::DeclareUnfounded,
        by: OFFICE,
        from: &[S::FedBack, S::Verified],
        to: Some(S::Unfounded),
        needs: Needs::Comment,
    },
    Rule {
        action: ActionKind::OrderRectification,
        by: OFFICE,
        from: &[S::Substantiated],
        to: Some(S::Rectifying),
        needs: Needs::Deadline,
    },
    Rule {
        action: ActionKind::SubmitReport,
        by: UNIT,
        from: &[S::Rectifying],
        to: Some(S::ReportSubmitted),
        needs: Needs::Comment,
    },
    Rule {
        action: ActionKind::Accept,
        by: OFFICE,
        from: &[S::ReportSubmitted],
        to: Some(S::Closed),
        needs: Needs::Nothing,
    },
    Rule {
        action: ActionKind::Return,
        by: OFFICE,
        from: &[S::ReportSubmitted],
        to: Some(S::Rectifying),
        needs: Needs::Comment,
    },
    Rule {
        action: ActionKind::RequestExtension,
        by: UNIT,
        from: &[S::Rectifying],
        to: None,
        needs: Needs::DeadlineAndComment,
    },
    Rule {
        action: ActionKind::ApproveExtension,
        by: OFFICE,
        from: &[S::Rectifying, S::ReportSubmitted],
        to: None,
        needs: Needs::Nothing,
    },
    Rule {
        action: ActionKind::RejectExtension,
        by: OFFICE,
        from: &[S::Rectifying, S::ReportSubmitted],
        to: None,
        needs: Needs::Comment,
    },
    Rule {
        action: ActionKind::Comment,
        by: &[Role::Office, Role::Inspector, Role::Liaison],
        from: ACTIVE,
        to: None,
        needs: Needs::Comment,
    },
    Rule {
        action: ActionKind::Merge,
        by: OFFICE,
        from: &[S::Recorded],
        to: Some(S::Merged),
        needs: Needs::Target,
    },
    Rule {
        action: ActionKind::Urge,
        by: OFFICE,
        from: &[S::FedBack, S::Rectifying],
        to: None,
        needs: Needs::Nothing,
    },
    // The ladder's steps: on the timeline, taken by no role.
    Rule {
        action: ActionKind::Escalate,
        by: &[],
        from: &[S::FedBack, S::Rectifying],
        to: None,
        needs: Needs::Nothing,
    },
    Rule {
        action: ActionKind::Supervise,
        by: &[],
        from: &[S::FedBack, S::Rectifying],
        to: None,
        needs: Needs::Nothing,
    },
    Rule {
        action: ActionKind::Reopen,
        by: OFFICE,
        from: &[S::Unfounded, S::Closed],
        to: Some(S::Verified),
        needs: Needs::Comment,
    },
    // Corrections: on the timeline, through their own endpoint.
    Rule {
        action: ActionKind::Correct,
        by: &[],
        from: &[
            S::Recorded,
            S::FedBack,
            S::Verified,
            S::Substantiated,
            S::Unfounded,
            S::Rectifying,
            S::ReportSubmitted,
            S::Closed,
        ],
        to: None,
        needs: Needs::Comment,
    },
    // Appeals (crate::appeal): on the timeline, taken through their own
    // endpoints, never as an action on the finding.
    Rule {
        action: ActionKind::Appeal,
        by: &[],
        from: &[
            S::Substantiated,
            S::Rectifying,
            S::ReportSubmitted,
            S::Closed,
        ],
        to: None,
        needs: Needs::Comment,
    },
    Rule {
        action: ActionKind::UpholdAppeal,
        by: &[],
        from: &[
            S::Substantiated,
            S::Rectifying,
            S::ReportSubmitted,
            S::Closed,
        ],
        to: None,
        needs: Needs::Comment,
    },
    Rule {
        action: ActionKind::DismissAppeal,
        by: &[],
        from: &[
            S::Substantiated,
            S::Rectifying,
            S::ReportSubmitted,
            S::Closed,
        ],
        to: None,
        needs: Needs::Comment,
    },
];

pub fn rule(action: ActionKind) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.action == action)
        .expect("every action has a rule")
}

/// A workflow step as the API receives it: `POST /api/findings/{id}/actions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionRequest {
    pub action: ActionKind,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    /// For `merge`: the finding this one is folded into.
    #[serde(default)]
    pub into: Option<i64>,
    /// The finding's version the user saw; a stale one is refused (409).
    pub version: i64,
}

/// Where a finding stands in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Progress {
    pub state: FindingState,
    pub verify_by: Option<NaiveDate>,
    pub rectify_by: Option<NaiveDate>,
    /// The date an open extension request asks for.
    pub extension_requested: Option<NaiveDate>,
}

impl Progress {
    pub const NEW: Progress = Progress {
        state: FindingState::Recorded,
        verify_by: None,
        rectify_by: None,
        extension_requested: None,
    };

    /// The deadline running now: the verification's while fed back, the
    /// rectification's while rectifying, none in any other state. (The
    /// store's `RUNNING` SQL says the same for lists and sorting.)
    pub fn running_deadline(&self) -> Option<NaiveDate> {
        match self.state {
            FindingState::FedBack => self.verify_by,
            FindingState::Rectifying => self.rectify_by,
            _ => None,
        }
    }

    /// The actions `role` may take on `today` (what the screen offers).
    pub fn available(&self, role: Role, today: NaiveDate) -> Vec<ActionKind> {
        RULES
            .iter()
            .filter(|r| {
                r.by.contains(&role)
                    && r.from.contains(&self.state)
                    && self.precondition(r.action, today).is_ok()
            })
            .map(|r| r.action)
            .collect()
    }

    /// Extension requests: one open at a time, and only an open one can be
    /// decided; only a finding past its running deadline is urged.
    fn precondition(&self, action: ActionKind, today: NaiveDate) -> Result<(), WorkflowError> {
        let open = self.extension_requested.is_some();
        match action {
            ActionKind::RequestExtension if open => Err(WorkflowError::ExtensionPending),
            ActionKind::ApproveExtension | ActionKind::RejectExtension if !open => {
                Err(WorkflowError::NoExtensionPending)
            }
            ActionKind::Urge if self.running_deadline().is_none_or(|d| d >= today) => {
                Err(WorkflowError::NotOverdue)
            }
            _ => Ok(()),
        }
    }

    /// Takes `req` by `role` on `today`: the new progress, or why not.
    /// Role first, then state, then the input: a unit does not learn what
    /// the state would allow by trying actions it may never take.
    pub fn apply(
        &self,
        req: &ActionRequest,
        role: Role,
        today: NaiveDate,
    ) -> Result<Progress, WorkflowError> {
        let rule = rule(req.action);
        if !rule.by.contains(&role) {
            return Err(WorkflowError::Forbidden);
        }
        if !rule.from.contains(&self.state) {
            return Err(WorkflowError::WrongState { state: self.state });
        }
        self.precondition(req.action, today)?;
        let mut invalid = Invalid::default();
        let needs_comment = matches!(rule.needs, Needs::Comment | Needs::DeadlineAndComment);
        let needs_deadline = matches!(rule.needs, Needs::Deadline | Needs::DeadlineAndComment);
        match req.comment.as_deref() {
            Some(c) => validation::text(
                &mut invalid,
                "comment",
                c,
                usize::from(needs_comment),
                COMMENT_MAX_CHARS,
            ),
            None if needs_comment => invalid.add("comment", Reason::Required),
            None => {}
        }
        let deadline = if needs_deadline {
            match req.deadline {
                None => {
                    invalid.add("deadline", Reason::Required);
                    None
                }
                Some(d) if d < today => {
                    invalid.add("deadline", Reason::InThePast);
                    None
                }
                Some(d) if !validation::check_date(&mut invalid, "deadline", Some(d)) => None,
                Some(d) => Some(d),
            }
        } else {
            if req.deadline.is_some() {
                invalid.add("deadline", Reason::NotExpected);
            }
            None
        };
        match (rule.needs, req.into) {
            (Needs::Target, None) => invalid.add("into", Reason::Required),
            (Needs::Target, Some(_)) => {}
            (_, Some(_)) => invalid.add("into", Reason::NotExpected),
            (_, None) => {}
        }
        if req.action == ActionKind::RequestExtension
            && let (Some(asked), Some(current)) = (deadline, self.rectify_by)
            && asked <= current
        {
            invalid.add("deadline", Reason::NotAfterCurrentDeadline);
        }
        invalid.into_result().map_err(WorkflowError::Invalid)?;

        let mut next = *self;
        if let Some(to) = rule.to {
            next.state = to;
        }
        match req.action {
            ActionKind::FeedBack => next.verify_by = deadline,
            ActionKind::OrderRectification => next.rectify_by = deadline,
            ActionKind::RequestExtension => next.extension_requested = deadline,
            ActionKind::ApproveExtension => {
                next.rectify_by = self.extension_requested;
                next.extension_requested = None;
            }
            ActionKind::RejectExtension => next.extension_requested = None,
            ActionKind::Accept => next.extension_requested = None,
            // Decided again on the unit's verification (its date kept): no
            // rectification deadline runs until one is ordered again.
            ActionKind::Reopen => {
                next.rectify_by = None;
                next.extension_requested = None;
            }
            _ => {}
        }
        Ok(next)
    }
}

/// Why a workflow step is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkflowError {
    /// This role never takes this action (403).
    Forbidden,
    /// Not from the finding's current state (409).
    WrongState {
        state: FindingState,
    },
    ExtensionPending,
    NoExtensionPending,
    /// Urged before its deadline has passed.
    NotOverdue,
    /// The input is refused (422).
    Invalid(Invalid),
}

impl WorkflowError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (WorkflowError::Forbidden, Lang::ZhCn) => "您的角色不能执行此操作".into(),
            (WorkflowError::Forbidden, Lang::En) => "Your role cannot take this action".into(),
            (WorkflowError::WrongState { state }, Lang::ZhCn) => {
                format!("该问题当前状态为“{}”，不能执行此操作", state.label(lang))
            }
            (WorkflowError::WrongState { state }, Lang::En) => {
                format!(
                    "This action is not possible while the finding is “{}”",
                    state.label(lang)
                )
            }
            (WorkflowError::ExtensionPending, Lang::ZhCn) => "已有一项延期申请待审批".into(),
            (WorkflowError::ExtensionPending, Lang::En) => {
                "An extension request is already waiting for a decision".into()
            }
            (WorkflowError::NoExtensionPending, Lang::ZhCn) => "没有待审批的延期申请".into(),
            (WorkflowError::NoExtensionPending, Lang::En) => {
                "There is no extension request to decide".into()
            }
            (WorkflowError::NotOverdue, Lang::ZhCn) => "该问题尚未逾期，不能催办".into(),
            (WorkflowError::NotOverdue, Lang::En) => {
                "This finding is not overdue: it cannot be urged yet".into()
            }
            (WorkflowError::Invalid(_), Lang::ZhCn) => "提交的内容有误，请按提示修改".into(),
            (WorkflowError::Invalid(_), Lang::En) => "Some of the information is not valid".into(),
        }
    }
}

#[cfg(test)]
mod tests;
