//! Notifications: a step that asks someone to act tells them, in their
//! inbox. Which step tells whom is data here ([`NotificationKind::of_action`]),
//! and the words are rendered in the reader's language when read.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::finding::ActionKind;

wire_enum! {
    /// What a notification asks of its reader.
    pub enum NotificationKind {
        /// A finding was fed back to the reader's unit: verify it by the deadline.
        FedBack = "fed_back",
        /// The unit reported its verification: the office decides.
        VerificationReported = "verification_reported",
        /// The office ordered rectification: rectify by the deadline.
        RectificationOrdered = "rectification_ordered",
        /// The unit submitted its rectification report: the office reviews it.
        RectificationReported = "rectification_reported",
        /// The office returned the rectification: rectify again.
        RectificationReturned = "rectification_returned",
        /// The unit asked for more time: the office decides.
        ExtensionRequested = "extension_requested",
        /// The office granted more time: the new deadline.
        ExtensionApproved = "extension_approved",
        /// The office refused more time: the deadline stands.
        ExtensionRejected = "extension_rejected",
        /// A citizen reported a problem: the office accepts or declines it.
        ReportReceived = "report_received",
        /// The office urged the unit (催办): the deadline has passed.
        Urged = "urged",
        /// A deadline is a few working days away (the daily reminder pass).
        DeadlineNear = "deadline_near",
        /// A deadline is today.
        DeadlineToday = "deadline_today",
        /// A deadline has passed with nothing reported.
        Overdue = "overdue",
        /// Overdue for longer: the unit's head and the leaders are told.
        Escalated = "escalated",
        /// Overdue for longer still: marked 督办 on the office's dashboard.
        Supervised = "supervised",
        /// An unannounced visit was assigned to the reader (inspectors only).
        VisitAssigned = "visit_assigned",
        /// An accountability decision was recorded about someone of the unit.
        DecisionRecorded = "decision_recorded",
        /// A bulletin waits for review and sign-off.
        BulletinInReview = "bulletin_in_review",
        /// A unit appealed a substantiation or a decision: the reviewer decides.
        AppealLodged = "appeal_lodged",
        /// The review of the unit's appeal is done: upheld or dismissed, and why.
        AppealDecided = "appeal_decided",
    }
}

wire_enum! {
    /// How a user wants one kind of notification by e-mail (and the
    /// webhook): the inbox always has it.
    pub enum Delivery {
        /// Sent as it happens.
        Immediate = "immediate",
        /// Gathered into one message a day (at the reminder pass).
        Digest = "digest",
        /// Never sent; only in the inbox. Not for a kind that asks to act.
        Off = "off",
    }
}

impl Delivery {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Delivery::Immediate, Lang::ZhCn) => "即时发送",
            (Delivery::Immediate, Lang::En) => "Immediately",
            (Delivery::Digest, Lang::ZhCn) => "每日汇总",
            (Delivery::Digest, Lang::En) => "Daily digest",
            (Delivery::Off, Lang::ZhCn) => "不发送",
            (Delivery::Off, Lang::En) => "Not at all",
        }
    }
}

/// A user's choice for one kind (`GET`/`PUT /api/me/notification-settings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preference {
    pub kind: NotificationKind,
    pub delivery: Delivery,
}

impl Preference {
    /// Refuses switching off a message that asks its reader to act.
    pub fn check(&self) -> Result<(), crate::validation::Invalid> {
        let mut invalid = crate::validation::Invalid::default();
        if self.delivery == Delivery::Off && self.kind.asks_to_act() {
            invalid.add(
                self.kind.as_str(),
                crate::validation::Reason::CannotBeSwitchedOff,
            );
        }
        invalid.into_result()
    }
}

/// Who a step on a finding tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    /// Every active liaison whose units include the finding's unit.
    UnitLiaisons,
    /// Every active office user.
    Office,
    /// The unit's liaisons and its head (when the unit names one).
    UnitHeadAndLiaisons,
    /// The unit's head (when named) and every active leader.
    UnitHeadAndLeaders,
    /// Every active office user and leader (a bulletin to sign off).
    OfficeAndLeaders,
    /// The inspectors assigned to a visit, and nobody else.
    VisitInspectors,
    /// Every active leader (an appeal against a decision, when leaders review them).
    Leaders,
}

impl NotificationKind {
    /// The notification a step on a finding makes, and for whom; `None`
    /// for a step that asks nobody to act.
    pub fn of_action(action: ActionKind) -> Option<(NotificationKind, Recipients)> {
        use NotificationKind as K;
        use Recipients::{Office, UnitLiaisons};
        Some(match action {
            ActionKind::FeedBack => (K::FedBack, UnitLiaisons),
            ActionKind::ReportVerification => (K::VerificationReported, Office),
            ActionKind::OrderRectification => (K::RectificationOrdered, UnitLiaisons),
            ActionKind::SubmitReport => (K::RectificationReported, Office),
            ActionKind::Return => (K::RectificationReturned, UnitLiaisons),
            ActionKind::RequestExtension => (K::ExtensionRequested, Office),
            ActionKind::ApproveExtension => (K::ExtensionApproved, UnitLiaisons),
            ActionKind::RejectExtension => (K::ExtensionRejected, UnitLiaisons),
            ActionKind::Substantiate
            | ActionKind::DeclareUnfounded
            | ActionKind::Accept
            | ActionKind::Comment
            | ActionKind::Merge
            // Appeals tell their people themselves (crate::appeal).
            | ActionKind::Appeal
            | ActionKind::UpholdAppeal
            | ActionKind::DismissAppeal
            | ActionKind::Reopen
            | ActionKind::Correct => return None,
            ActionKind::Urge => (K::Urged, Recipients::UnitHeadAndLiaisons),
            ActionKind::Escalate => (K::Escalated, Recipients::UnitHeadAndLeaders),
            ActionKind::Supervise => (K::Supervised, Recipients::Office),
        })
    }

    /// Whether a user of `role` is ever sent it (the settings form offers
    /// only these): the unit's messages reach liaisons (a unit's head is one
    /// of its accounts), the office's the office, escalations and sign-offs
    /// the leaders, visits the inspectors.
    pub fn reaches(self, role: crate::Role) -> bool {
        use crate::Role;
        use NotificationKind as K;
        match role {
            Role::Liaison => matches!(
                self,
                K::FedBack
                    | K::RectificationOrdered
                    | K::RectificationReturned
                    | K::ExtensionApproved
                    | K::ExtensionRejected
                    | K::Urged
                    | K::DeadlineNear
                    | K::DeadlineToday
                    | K::Overdue
                    | K::Escalated
                    | K::DecisionRecorded
                    | K::AppealDecided
            ),
            Role::Office => matches!(
                self,
                K::VerificationReported
                    | K::RectificationReported
                    | K::ExtensionRequested
                    | K::ReportReceived
                    | K::Supervised
                    | K::BulletinInReview
                    | K::AppealLodged
            ),
            Role::Leader => matches!(self, K::Escalated | K::BulletinInReview | K::AppealLodged),
            Role::Inspector => self == K::VisitAssigned,
            Role::Admin => false,
        }
    }

    /// Whether it asks its reader to do something (then it cannot be
    /// switched off, only gathered into the digest).
    pub fn asks_to_act(self) -> bool {
        use NotificationKind as K;
        !matches!(
            self,
            K::ExtensionApproved
                | K::ExtensionRejected
                | K::DecisionRecorded
                | K::Supervised
                | K::AppealDecided
        )
    }

    /// Its short name, the e-mail's subject.
    pub fn label(self, lang: Lang) -> &'static str {
        use NotificationKind as K;
        match (self, lang) {
            (K::FedBack, Lang::ZhCn) => "问题反馈，请核实",
            (K::FedBack, Lang::En) => "Finding fed back: verify it",
            (K::VerificationReported, Lang::ZhCn) => "核实情况待认定",
            (K::VerificationReported, Lang::En) => "Verification reported",
            (K::RectificationOrdered, Lang::ZhCn) => "整改通知",
            (K::RectificationOrdered, Lang::En) => "Rectification ordered",
            (K::RectificationReported, Lang::ZhCn) => "整改报告待审核",
            (K::RectificationReported, Lang::En) => "Rectification report submitted",
            (K::RectificationReturned, Lang::ZhCn) => "整改退回",
            (K::RectificationReturned, Lang::En) => "Rectification returned",
            (K::ExtensionRequested, Lang::ZhCn) => "延期申请待审批",
            (K::ExtensionRequested, Lang::En) => "Extension requested",
            (K::ExtensionApproved, Lang::ZhCn) => "延期申请已批准",
            (K::ExtensionApproved, Lang::En) => "Extension approved",
            (K::ExtensionRejected, Lang::ZhCn) => "延期申请未获批准",
            (K::ExtensionRejected, Lang::En) => "Extension refused",
            (K::ReportReceived, Lang::ZhCn) => "收到群众举报",
            (K::ReportReceived, Lang::En) => "Citizen's report received",
            (K::Urged, Lang::ZhCn) => "催办通知",
            (K::Urged, Lang::En) => "Urged: the deadline has passed",
            (K::DeadlineNear, Lang::ZhCn) => "期限临近提醒",
            (K::DeadlineNear, Lang::En) => "Deadline approaching",
            (K::DeadlineToday, Lang::ZhCn) => "今日到期提醒",
            (K::DeadlineToday, Lang::En) => "Due today",
            (K::Overdue, Lang::ZhCn) => "逾期提醒",
            (K::Overdue, Lang::En) => "Overdue",
            (K::Escalated, Lang::ZhCn) => "逾期督促",
            (K::Escalated, Lang::En) => "Overdue: escalated",
            (K::Supervised, Lang::ZhCn) => "列入督办",
            (K::Supervised, Lang::En) => "Placed under supervision",
            (K::VisitAssigned, Lang::ZhCn) => "暗访任务",
            (K::VisitAssigned, Lang::En) => "Visit assigned",
            (K::AppealLodged, Lang::ZhCn) => "申诉待复核",
            (K::AppealLodged, Lang::En) => "An appeal to review",
            (K::AppealDecided, Lang::ZhCn) => "申诉复核结果",
            (K::AppealDecided, Lang::En) => "The outcome of an appeal",
            (K::DecisionRecorded, Lang::ZhCn) => "问责决定",
            (K::DecisionRecorded, Lang::En) => "Accountability decision",
            (K::BulletinInReview, Lang::ZhCn) => "通报待审核签发",
            (K::BulletinInReview, Lang::En) => "Bulletin to review",
        }
    }

    /// What it says, about finding `code` 「title」 (for a citizen's report:
    /// its tracking code and the start of what it says), with `deadline`
    /// when the step set one.
    pub fn text(self, code: &str, title: &str, deadline: Option<NaiveDate>, lang: Lang) -> String {
        use NotificationKind as K;
        let by = deadline.map(|d| d.to_string());
        match lang {
            Lang::ZhCn => {
                let by = by.map(|d| format!("，请于{d}前"));
                match self {
                    K::FedBack => format!(
                        "问题{code}「{title}」已反馈贵单位{}核实并报告。",
                        by.as_deref().unwrap_or("，请")
                    ),
                    K::VerificationReported => {
                        format!("问题{code}「{title}」的核实情况已报告，请审核认定。")
                    }
                    K::RectificationOrdered => format!(
                        "问题{code}「{title}」需要整改{}完成并提交整改报告。",
                        by.as_deref().unwrap_or("，请")
                    ),
                    K::RectificationReported => {
                        format!("问题{code}「{title}」的整改报告已提交，请审核。")
                    }
                    K::RectificationReturned => format!(
                        "问题{code}「{title}」的整改未通过审核，请继续整改{}重新提交。",
                        deadline
                            .map(|d| format!("并于{}前", d))
                            .unwrap_or_else(|| "并".to_owned())
                    ),
                    K::ExtensionRequested => {
                        format!("问题{code}「{title}」申请延期，请审批。")
                    }
                    K::ExtensionApproved => format!(
                        "问题{code}「{title}」的延期申请已批准{}。",
                        deadline
                            .map(|d| format!("，新的期限为{}", d))
                            .unwrap_or_default()
                    ),
                    K::ExtensionRejected => {
                        format!("问题{code}「{title}」的延期申请未获批准，原期限不变。")
                    }
                    K::ReportReceived => {
                        format!("收到群众举报{code}「{title}」，请受理或说明不予受理的理由。")
                    }
                    K::Urged => format!(
                        "催办通知：问题{code}「{title}」已超过{}期限，请立即办理并报告。",
                        deadline.map(|d| format!("{d}的")).unwrap_or_default()
                    ),
                    K::DeadlineNear => format!(
                        "提醒：问题{code}「{title}」的办理期限为{}，请按时办理。",
                        deadline.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    K::DeadlineToday => {
                        format!("提醒：问题{code}「{title}」今日到期，请于今日办理完毕。")
                    }
                    K::Overdue => format!(
                        "问题{code}「{title}」已超过{}期限，请尽快办理。",
                        deadline.map(|d| format!("{d}的")).unwrap_or_default()
                    ),
                    K::Escalated => format!(
                        "问题{code}「{title}」逾期未办（期限{}），请督促办理。",
                        deadline.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    K::Supervised => {
                        format!("问题{code}「{title}」逾期未办，已列入督办，建议通报批评。")
                    }
                    K::VisitAssigned => {
                        format!("您被安排于{code}暗访{title}，请做好准备，注意保密。")
                    }
                    K::DecisionRecorded => {
                        format!("问题{code}「{title}」已作出问责决定，请查阅。")
                    }
                    K::BulletinInReview => {
                        format!("通报{code}「{title}」已提交，请审核签发。")
                    }
                    K::AppealLodged => format!(
                        "问题{code}「{title}」的被督查单位提出申诉，请{}复核。",
                        deadline.map(|d| format!("于{d}前")).unwrap_or_default()
                    ),
                    K::AppealDecided => {
                        format!("问题{code}「{title}」的申诉已复核，请查阅结果和理由。")
                    }
                }
            }
            Lang::En => {
                let by = by.map(|d| format!(" by {d}"));
                let by = by.as_deref().unwrap_or("");
                match self {
                    K::FedBack => format!(
                        "Finding {code} “{title}” was fed back to your unit: verify it and report{by}."
                    ),
                    K::VerificationReported => format!(
                        "The verification of finding {code} “{title}” was reported: decide on it."
                    ),
                    K::RectificationOrdered => format!(
                        "Finding {code} “{title}” must be rectified: submit the rectification report{by}."
                    ),
                    K::RectificationReported => format!(
                        "The rectification report of finding {code} “{title}” was submitted: review it."
                    ),
                    K::RectificationReturned => format!(
                        "The rectification of finding {code} “{title}” was returned: rectify it and report again{by}."
                    ),
                    K::ExtensionRequested => format!(
                        "More time was asked for finding {code} “{title}”: approve or reject it."
                    ),
                    K::ExtensionApproved => format!(
                        "More time was granted for finding {code} “{title}”{}.",
                        deadline
                            .map(|d| format!(": the new deadline is {}", d))
                            .unwrap_or_default()
                    ),
                    K::ExtensionRejected => format!(
                        "More time was refused for finding {code} “{title}”: the deadline stands."
                    ),
                    K::ReportReceived => format!(
                        "A citizen reported {code} “{title}”: accept it, or decline it with a reason."
                    ),
                    K::Urged => format!(
                        "Urgent: finding {code} “{title}” is past its deadline{}: act on it and report now.",
                        deadline.map(|d| format!(" of {d}")).unwrap_or_default()
                    ),
                    K::DeadlineNear => format!("Reminder: finding {code} “{title}” is due{by}."),
                    K::DeadlineToday => {
                        format!("Reminder: finding {code} “{title}” is due today.")
                    }
                    K::Overdue => format!(
                        "Finding {code} “{title}” is past its deadline{}: act on it now.",
                        deadline.map(|d| format!(" of {d}")).unwrap_or_default()
                    ),
                    K::Escalated => format!(
                        "Finding {code} “{title}” is overdue (due {}): see that it is dealt with.",
                        deadline.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    K::Supervised => format!(
                        "Finding {code} “{title}” is long overdue: placed under supervision; circulating criticism is suggested."
                    ),
                    K::VisitAssigned => format!(
                        "You are assigned an unannounced visit to {title} on {code}: keep it confidential."
                    ),
                    K::DecisionRecorded => format!(
                        "An accountability decision was recorded on finding {code} “{title}”."
                    ),
                    K::BulletinInReview => {
                        format!("Bulletin {code} “{title}” was submitted: review and sign it off.")
                    }
                    K::AppealLodged => format!(
                        "The unit appealed concerning finding {code} “{title}”: review the appeal{by}."
                    ),
                    K::AppealDecided => format!(
                        "The appeal concerning finding {code} “{title}” was reviewed: read the outcome and the reasons."
                    ),
                }
            }
        }
    }
}

/// `GET /api/notifications`: one of the caller's own, in their language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    /// The finding it is about; the page to open.
    pub finding_id: Option<i64>,
    /// The citizen's report it is about (the office's), the page to open.
    pub report_id: Option<i64>,
    /// The visit it is about (an inspector's), the page to open.
    #[serde(default)]
    pub visit_id: Option<i64>,
    /// The bulletin it is about, the page to open.
    #[serde(default)]
    pub bulletin_id: Option<i64>,
    /// What it says, in the request's language.
    pub text: String,
    pub deadline: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// `None` while unread.
    pub read_at: Option<DateTime<Utc>>,
}

/// `GET /api/notifications/count`: the unread ones (the bell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_that_asks_someone_to_act_tells_them() {
        for action in ActionKind::ALL {
            let told = NotificationKind::of_action(action);
            // The unit's steps tell the office; the office's tell the unit.
            match action {
                ActionKind::ReportVerification
                | ActionKind::SubmitReport
                | ActionKind::RequestExtension => {
                    assert_eq!(told.map(|t| t.1), Some(Recipients::Office), "{action:?}")
                }
                ActionKind::FeedBack
                | ActionKind::OrderRectification
                | ActionKind::Return
                | ActionKind::ApproveExtension
                | ActionKind::RejectExtension => {
                    assert_eq!(
                        told.map(|t| t.1),
                        Some(Recipients::UnitLiaisons),
                        "{action:?}"
                    )
                }
                ActionKind::Urge => assert_eq!(
                    told,
                    Some((NotificationKind::Urged, Recipients::UnitHeadAndLiaisons))
                ),
                ActionKind::Escalate => assert_eq!(
                    told,
                    Some((NotificationKind::Escalated, Recipients::UnitHeadAndLeaders))
                ),
                ActionKind::Supervise => assert_eq!(
                    told,
                    Some((NotificationKind::Supervised, Recipients::Office))
                ),
                _ => assert_eq!(told, None, "{action:?}"),
            }
        }
    }

    #[test]
    fn every_kind_reaches_some_role_and_each_recipient_set_its_roles() {
        use crate::Role;
        for kind in NotificationKind::ALL {
            assert!(
                Role::ALL.iter().any(|r| kind.reaches(*r)),
                "{kind:?} reaches nobody"
            );
        }
        for action in ActionKind::ALL {
            if let Some((kind, recipients)) = NotificationKind::of_action(action) {
                let role = match recipients {
                    Recipients::UnitLiaisons | Recipients::UnitHeadAndLiaisons => Role::Liaison,
                    Recipients::Office | Recipients::OfficeAndLeaders => Role::Office,
                    Recipients::UnitHeadAndLeaders | Recipients::Leaders => Role::Leader,
                    Recipients::VisitInspectors => Role::Inspector,
                };
                assert!(kind.reaches(role), "{kind:?} is sent to {role:?}");
            }
        }
    }

    #[test]
    fn texts_name_the_finding_and_the_deadline_in_both_languages() {
        let by = NaiveDate::from_ymd_opt(2026, 12, 10);
        for kind in NotificationKind::ALL {
            for lang in [Lang::ZhCn, Lang::En] {
                let text = kind.text("XN-2026-0007", "窗口无人值守", by, lang);
                assert!(
                    text.contains("XN-2026-0007") && text.contains("窗口无人值守"),
                    "{text}"
                );
            }
        }
        let zh = NotificationKind::FedBack.text("XN-1", "离岗", by, Lang::ZhCn);
        assert_eq!(
            zh,
            "问题XN-1「离岗」已反馈贵单位，请于2026-12-10前核实并报告。"
        );
        let returned = NotificationKind::RectificationReturned.text("XN-1", "离岗", by, Lang::ZhCn);
        assert_eq!(
            returned,
            "问题XN-1「离岗」的整改未通过审核，请继续整改并于2026-12-10前重新提交。"
        );
        let urged = NotificationKind::Urged.text("XN-1", "离岗", by, Lang::ZhCn);
        assert_eq!(
            urged,
            "催办通知：问题XN-1「离岗」已超过2026-12-10的期限，请立即办理并报告。"
        );
        let en = NotificationKind::RectificationOrdered.text("XN-1", "Away", by, Lang::En);
        assert!(en.ends_with("by 2026-12-10."), "{en}");
    }
}

#[cfg(test)]
mod preference_tests {
    use super::*;

    #[test]
    fn a_message_that_asks_to_act_cannot_be_switched_off() {
        for &kind in NotificationKind::ALL {
            for &delivery in Delivery::ALL {
                let checked = Preference { kind, delivery }.check();
                assert_eq!(
                    checked.is_ok(),
                    delivery != Delivery::Off || !kind.asks_to_act(),
                    "{kind:?} {delivery:?}"
                );
            }
            assert_ne!(kind.label(Lang::ZhCn), kind.label(Lang::En));
        }
        assert!(NotificationKind::FedBack.asks_to_act());
        assert!(!NotificationKind::ExtensionApproved.asks_to_act());
    }
}

/// How a user is reached, and what they want sent
/// (`GET`/`PUT /api/me/notification-settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// Where e-mail goes; none: no e-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// A mobile number the webhook passes on (for SMS).
    #[serde(default)]
    pub mobile: Option<String>,
    /// The language messages are written in.
    #[serde(default)]
    pub lang: Lang,
    /// One per kind chosen; a kind not listed is sent immediately.
    #[serde(default)]
    pub preferences: Vec<Preference>,
}

impl NotificationSettings {
    /// Empty contact fields become `None`; each is checked.
    pub fn normalized(mut self) -> Self {
        let tidy = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        self.email = tidy(self.email);
        self.mobile = tidy(self.mobile).map(|m| m.replace([' ', '-'], ""));
        self
    }

    pub fn validate(&self) -> Result<(), crate::validation::Invalid> {
        use crate::validation::{Invalid, Reason, is_email, is_mobile};
        let mut invalid = Invalid::default();
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        if given(&self.email).is_some_and(|e| !is_email(e)) {
            invalid.add("email", Reason::NotAnEmail);
        }
        if given(&self.mobile).is_some_and(|m| !is_mobile(m)) {
            invalid.add("mobile", Reason::NotAMobile);
        }
        for (i, p) in self.preferences.iter().enumerate() {
            if self.preferences[..i].iter().any(|q| q.kind == p.kind) {
                invalid.add(format!("preferences[{i}]"), Reason::Duplicate);
            } else if p.check().is_err() {
                invalid.add(format!("preferences[{i}]"), Reason::CannotBeSwitchedOff);
            }
        }
        invalid.into_result()
    }
}

/// A message given up on (`GET /api/deliveries/failed`, the office's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct FailedDelivery {
    pub id: i64,
    /// `email` or `webhook`.
    pub channel: String,
    /// `notification`, `digest` or `report_status` (a citizen's).
    pub topic: String,
    pub kind: Option<NotificationKind>,
    /// The finding's or report's code, when it is about one.
    pub code: Option<String>,
    /// The user it was for (none: a citizen).
    pub recipient: Option<String>,
    pub attempts: i64,
    /// What the last attempt met.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
}
