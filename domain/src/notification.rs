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
    }
}

/// Who a step on a finding tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    /// Every active liaison whose units include the finding's unit.
    UnitLiaisons,
    /// Every active office user.
    Office,
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
            | ActionKind::Merge => return None,
        })
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
                _ => assert_eq!(told, None, "{action:?}"),
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
        let en = NotificationKind::RectificationOrdered.text("XN-1", "Away", by, Lang::En);
        assert!(en.ends_with("by 2026-12-10."), "{en}");
    }
}
