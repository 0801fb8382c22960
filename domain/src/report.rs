//! Citizen reports (群众举报): a tip from the public, tracked by a code,
//! accepted as a finding or declined with a reason.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::finding::FindingState;
use crate::record::{Dimension, Severity};
use crate::validation::{self, Invalid, Reason};

pub const WHAT_MAX_CHARS: usize = 2000;
pub const PLACE_MAX_CHARS: usize = 200;
pub const CONTACT_MAX_CHARS: usize = 100;
pub const REASON_MAX_CHARS: usize = 1000;

/// The office answers a citizen's report — accepts it as a finding or
/// declines it with a reason — within this many working days of receiving it.
pub const ANSWER_WORKING_DAYS: u32 = 5;

/// The day by which the office answers a report received at `received_at`:
/// [`ANSWER_WORKING_DAYS`] working days after the Beijing day it arrived.
pub fn answer_by(received_at: DateTime<Utc>, calendar: &crate::HolidayCalendar) -> NaiveDate {
    calendar.add_working_days(crate::beijing::day(received_at), ANSWER_WORKING_DAYS)
}

/// `POST /api/public/reports` (JSON, or the `report` part of a multipart form with a `photo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReport {
    /// The unit concerned, if the citizen knows it.
    #[serde(default)]
    pub unit_id: Option<i64>,
    /// What happened.
    pub what: String,
    /// Where, e.g. 市房产局政务服务窗口.
    #[serde(default)]
    pub place: String,
    /// When it happened.
    #[serde(default)]
    pub happened_on: Option<NaiveDate>,
    /// How to reach the citizen; only the office ever sees it.
    #[serde(default)]
    pub contact: Option<String>,
    /// Tell the citizen by e-mail when the report is accepted, declined or
    /// closed: `contact` must then be an e-mail address.
    #[serde(default)]
    pub notify: bool,
}

impl NewReport {
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        crate::validation::check_date(&mut inv, "happened_on", self.happened_on);
        validation::text(&mut inv, "what", &self.what, 10, WHAT_MAX_CHARS);
        validation::text(&mut inv, "place", &self.place, 0, PLACE_MAX_CHARS);
        if self.happened_on.is_some_and(|d| d > today) {
            inv.add("happened_on", Reason::InTheFuture);
        }
        if let Some(contact) = &self.contact {
            validation::text(&mut inv, "contact", contact, 0, CONTACT_MAX_CHARS);
        }
        if self.notify
            && !self
                .contact
                .as_deref()
                .is_some_and(|c| validation::is_email(c.trim()))
        {
            inv.add("contact", Reason::NotAnEmail);
        }
        inv.into_result()
    }
}

wire_enum! {
    pub enum ReportStatus {
        Received = "received",
        Accepted = "accepted",
        Declined = "declined",
    }
}

impl ReportStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReportStatus::Received, Lang::ZhCn) => "已收到",
            (ReportStatus::Received, Lang::En) => "Received",
            (ReportStatus::Accepted, Lang::ZhCn) => "已受理",
            (ReportStatus::Accepted, Lang::En) => "Accepted",
            (ReportStatus::Declined, Lang::ZhCn) => "不予受理",
            (ReportStatus::Declined, Lang::En) => "Declined",
        }
    }
}

wire_enum! {
    /// What the answer to a report's tracking code says: never the finding's
    /// people, unit staff or internal comments.
    pub enum PublicOutcome {
        /// Accepted and being handled.
        BeingHandled = "being_handled",
        /// Looked into and found unfounded.
        Unfounded = "unfounded",
        /// Substantiated and rectified.
        Rectified = "rectified",
    }
}

impl PublicOutcome {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PublicOutcome::BeingHandled, Lang::ZhCn) => "已受理，正在办理",
            (PublicOutcome::BeingHandled, Lang::En) => "Accepted and being handled",
            (PublicOutcome::Unfounded, Lang::ZhCn) => "经核查，情况不属实",
            (PublicOutcome::Unfounded, Lang::En) => "Looked into and found unfounded",
            (PublicOutcome::Rectified, Lang::ZhCn) => "经核查属实，已整改到位",
            (PublicOutcome::Rectified, Lang::En) => "Substantiated and put right",
        }
    }

    pub fn of(state: FindingState) -> PublicOutcome {
        match state {
            FindingState::Unfounded => PublicOutcome::Unfounded,
            FindingState::Closed => PublicOutcome::Rectified,
            _ => PublicOutcome::BeingHandled,
        }
    }
}

/// `GET /api/public/reports/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportStatusView {
    pub code: String,
    pub received_at: DateTime<Utc>,
    pub status: ReportStatus,
    pub outcome: Option<PublicOutcome>,
    pub declined_reason: Option<String>,
    pub updated_at: DateTime<Utc>,
    /// When the office answers by ([`answer_by`]), on the office's calendar.
    pub answer_by: NaiveDate,
}

/// `POST /api/public/reports` answers the code to keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportReceipt {
    pub code: String,
    pub received_at: DateTime<Utc>,
    /// When the office answers by ([`answer_by`]), on the office's calendar.
    pub answer_by: NaiveDate,
}

/// A report as the office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Report {
    pub id: i64,
    pub code: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub what: String,
    pub place: String,
    pub happened_on: Option<NaiveDate>,
    pub contact: Option<String>,
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub photo: Option<ReportPhoto>,
    pub status: ReportStatus,
    pub finding_id: Option<i64>,
    pub declined_reason: Option<String>,
    pub received_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPhoto {
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

/// `POST /api/reports/{id}/accept`: the finding it becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptReport {
    pub unit_id: i64,
    pub dimension: Dimension,
    pub severity: Severity,
    pub title: String,
    pub version: i64,
}

impl AcceptReport {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(
            &mut inv,
            "title",
            &self.title,
            1,
            crate::record::TITLE_MAX_CHARS,
        );
        inv.into_result()
    }
}

/// `POST /api/reports/{id}/decline`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclineReport {
    pub reason: String,
    pub version: i64,
}

impl DeclineReport {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "reason", &self.reason, 1, REASON_MAX_CHARS);
        inv.into_result()
    }
}

/// The alphabet of tracking codes: no 0/O, 1/I/L, so a code read aloud or
/// copied by hand survives.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A tracking code looks like `JB-7K3M-Q9TX`.
pub fn is_tracking_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 12
        && code.starts_with("JB-")
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .filter(|(i, _)| *i >= 3 && *i != 7)
            .all(|(_, c)| CODE_ALPHABET.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 7, 1).unwrap()
    }

    #[test]
    fn a_report_says_enough_and_nothing_from_the_future() {
        let report = NewReport {
            unit_id: None,
            what: "窗口没人".into(),
            place: String::new(),
            happened_on: Some(NaiveDate::from_ymd_opt(2020, 7, 2).unwrap()),
            contact: None,
            notify: true,
        };
        let inv = report.validate(today()).unwrap_err();
        assert_eq!(inv.reason("contact"), Some(&Reason::NotAnEmail));
        assert_eq!(inv.reason("what"), Some(&Reason::TooShort { min: 10 }));
        assert_eq!(inv.reason("happened_on"), Some(&Reason::InTheFuture));
    }

    #[test]
    fn tracking_codes_have_one_shape() {
        assert!(is_tracking_code("JB-7K3M-Q9TX"));
        assert!(!is_tracking_code("JB-7K3M-Q9T0"));
        assert!(!is_tracking_code("JB-7K3MQ-9TX"));
        assert!(!is_tracking_code("../etc/passwd"));
    }

    #[test]
    fn the_public_learns_only_the_outcome() {
        assert_eq!(
            PublicOutcome::of(FindingState::Closed),
            PublicOutcome::Rectified
        );
        assert_eq!(
            PublicOutcome::of(FindingState::Unfounded),
            PublicOutcome::Unfounded
        );
        assert_eq!(
            PublicOutcome::of(FindingState::Rectifying),
            PublicOutcome::BeingHandled
        );
    }
}
