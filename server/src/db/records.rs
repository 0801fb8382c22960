//! Rows and inputs of planning, inspections, bulletins and reports, and the
//! `Store` methods that reach their queries.

use chrono::{DateTime, NaiveDate, Utc};
use xiaoneng_domain::account::Account;
use xiaoneng_domain::bulletin::{
    Audience, BulletinInput, BulletinKind, BulletinMeasure, BulletinState,
};
use xiaoneng_domain::checklist::{Answer, Checklist, InspectionPhoto, InspectionState};
use xiaoneng_domain::finding::FindingState;
use xiaoneng_domain::oversight::{Assignment, Grade, Letter, SupervisorKind};
use xiaoneng_domain::planning::{Batch, NewBatch, Round, RoundInput, VisitInput, VisitMode};
use xiaoneng_domain::record::{Dimension, NewFinding, PersonInvolved};
use xiaoneng_domain::report::{NewReport, Report, ReportPhoto};
use xiaoneng_domain::staff::Staff;
use xiaoneng_domain::stored::JsonText;
use xiaoneng_domain::unit::UnitKind;

use super::{AuditEntry, Store, Written};

/// Where a finding came from, when an inspection created it.
#[derive(Debug, Clone, Default)]
pub struct FindingOrigin {
    pub visit_id: Option<i64>,
    pub item_key: Option<String>,
}

/// What saving a template did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved(i64),
    /// The version was in use: this is the new version's id.
    NewVersion(i64),
    Stale,
    Missing,
}

/// Which rounds a list holds.
#[derive(Debug, Clone, Default)]
pub struct RoundFilter {
    /// `office`, `self` or `mutual`.
    pub kind: Option<String>,
    /// Only rounds run by this unit or a unit below it (a liaison's reach);
    /// the office's rounds are never among them.
    pub owner_within: Option<i64>,
    pub after: Option<(DateTime<Utc>, i64)>,
    pub limit: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VisitRow {
    pub id: i64,
    pub round_id: i64,
    pub round_name: String,
    /// The unit running the round (none for the office's).
    pub owner_unit_id: Option<i64>,
    pub batch_id: i64,
    pub batch_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub planned_on: NaiveDate,
    pub mode: VisitMode,
    pub checklist_id: i64,
    pub created_at: DateTime<Utc>,
    pub version: i64,
    pub inspection_state: Option<InspectionState>,
}

#[derive(Debug, Clone, Default)]
pub struct VisitFilter {
    /// Only visits this inspector is assigned to (an inspector's reach).
    pub assigned_to: Option<i64>,
    /// A liaison's reach: (their unit, their id) — the visits of rounds run
    /// inside that unit's tree, and those they are assigned to; never the office's.
    pub liaison: Option<(i64, i64)>,
    pub round: Option<i64>,
    pub batch: Option<i64>,
    pub unit: Option<i64>,
    /// Only visits still to make: no inspection submitted.
    pub open: bool,
    pub after: Option<(DateTime<Utc>, i64)>,
    pub limit: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InspectionRow {
    pub id: i64,
    pub visit_id: i64,
    pub checklist_id: i64,
    pub state: InspectionState,
    pub answers: JsonText<Vec<Answer>>,
    pub notes: String,
    pub snapshot: Option<JsonText<xiaoneng_domain::staff::VisitSnapshot>>,
    pub observations: JsonText<Vec<xiaoneng_domain::staff::Observation>>,
    pub inspector_id: i64,
    pub started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// A draft to save: created at version 0, updated at its version otherwise.
#[derive(Debug, Clone)]
pub struct DraftRow {
    pub visit: i64,
    pub checklist: i64,
    pub version: i64,
    /// The answers as JSON.
    pub answers: JsonText<Vec<Answer>>,
    pub notes: String,
    pub observations: JsonText<Vec<xiaoneng_domain::staff::Observation>>,
    /// Taken with the first save: what was declared when the inspection started.
    pub snapshot: Option<JsonText<xiaoneng_domain::staff::VisitSnapshot>>,
    pub inspector: i64,
}

#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub inspection_id: i64,
    pub item_key: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub uploaded_by: i64,
    pub data: Vec<u8>,
    /// The phone's own id for the photo (one upload stored once).
    pub client_id: Option<String>,
    /// When the phone took it.
    pub taken_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BulletinRow {
    pub id: i64,
    pub doc_number: String,
    pub title: String,
    pub kind: BulletinKind,
    pub body: String,
    pub audience: Audience,
    pub state: BulletinState,
    pub show_names: bool,
    pub public_title: Option<String>,
    pub public_body: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub retracted_at: Option<DateTime<Utc>>,
    pub retraction_reason: Option<String>,
    pub return_reason: Option<String>,
    pub created_by: i64,
    pub submitted_by: Option<i64>,
    pub submitted_by_name: Option<String>,
    pub signed_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Clone, Default)]
pub struct BulletinFilter {
    pub state: Option<String>,
    pub audience: Option<String>,
    pub after: Option<(DateTime<Utc>, i64)>,
    pub limit: i64,
}

/// A workflow step of a bulletin; publishing stores the redacted text.
#[derive(Debug, Clone)]
pub struct BulletinStep {
    pub from: BulletinState,
    pub to: BulletinState,
    pub reason: Option<String>,
    pub public_title: Option<String>,
    pub public_body: Option<String>,
    /// Publishing gives the bulletin its document number.
    pub number: Option<Numbering>,
}

/// A change to make to a decision (amend or revoke), as stored.
#[derive(Debug, Clone)]
pub struct ChangeRow<'a> {
    pub change: xiaoneng_domain::accountability::DecisionChangeKind,
    /// Amend: the measures from now on (normalized); revoke: none.
    pub after: &'a [xiaoneng_domain::accountability::Measure],
    pub basis_after: Option<&'a str>,
    pub reason: &'a str,
    pub by: Option<i64>,
}

/// Where a published bulletin's document number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// The next of the year of publication (Beijing time), in the office's format.
    Next,
    /// A number given before Xiaoneng kept the sequence (the demo's 2020
    /// bulletins); the sequence continues after it.
    Given { year: i32, n: i64 },
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublicBulletinRow {
    pub id: i64,
    pub doc_number: String,
    pub public_title: Option<String>,
    pub kind: BulletinKind,
    pub state: BulletinState,
    pub published_at: Option<DateTime<Utc>>,
    pub public_body: Option<String>,
    pub retracted_at: Option<DateTime<Utc>>,
    pub retraction_reason: Option<String>,
    pub show_names: bool,
}

#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    /// A `LIKE` pattern, lower-case, escaped.
    pub pattern: Option<String>,
    /// [from, to) of the year asked for.
    pub year: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub kind: Option<String>,
    pub unit: Option<i64>,
    pub measure: Option<String>,
    pub after: Option<(DateTime<Utc>, i64)>,
    pub limit: i64,
}

#[derive(Debug, Clone)]
pub struct ReportPhotoData {
    pub content_type: String,
    pub sha256: String,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct NewReportRow {
    pub code: String,
    pub report: NewReport,
    pub photo: Option<ReportPhotoData>,
}

/// A report as stored: the domain's, and the columns its photo and the
/// finding it became are read from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    #[sqlx(flatten)]
    pub report: Report,
    pub photo_type: Option<String>,
    pub photo_size: Option<i64>,
    pub photo_sha256: Option<String>,
    pub finding_state: Option<FindingState>,
}

impl ReportRow {
    /// The report with its photo's description (when it has one).
    pub fn into_report(self) -> Report {
        let photo = match (self.photo_type, self.photo_size, self.photo_sha256) {
            (Some(content_type), Some(size), Some(sha256)) => Some(ReportPhoto {
                content_type,
                size,
                sha256,
            }),
            _ => None,
        };
        Report {
            photo,
            ..self.report
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatFindingRow {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_kind: UnitKind,
    pub dimension: Dimension,
    pub state: FindingState,
    pub observed_on: NaiveDate,
    pub rectify_by: Option<NaiveDate>,
    pub report_at: Option<DateTime<Utc>>,
}

/// A finding of the benchmark's data set.
#[cfg(feature = "bench")]
#[derive(Debug, Clone)]
pub struct BenchFinding {
    pub code: String,
    pub unit_id: i64,
    pub dimension: &'static str,
    pub title: String,
    pub description: String,
    pub observed_on: NaiveDate,
    pub state: &'static str,
    pub verify_by: Option<NaiveDate>,
    pub rectify_by: Option<NaiveDate>,
    pub recorded_by: i64,
    pub created_at: DateTime<Utc>,
}

/// A published public bulletin of the benchmark's data set.
#[cfg(feature = "bench")]
#[derive(Debug, Clone)]
pub struct BenchBulletin {
    pub doc_number: String,
    pub title: String,
    pub body: String,
    pub published_at: DateTime<Utc>,
    pub created_by: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PostRow {
    pub id: i64,
    pub unit_id: i64,
    pub name: String,
    pub a_staff_id: Option<i64>,
    pub a_name: Option<String>,
    pub b_staff_id: Option<i64>,
    pub b_name: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NoticeRow {
    pub id: i64,
    pub staff_id: i64,
    pub staff_name: String,
    pub unit_id: i64,
    pub reason: String,
    pub away_from: DateTime<Utc>,
    pub expected_return: DateTime<Utc>,
    pub covered_by: Option<i64>,
    pub covered_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SupervisorRow {
    pub id: i64,
    pub name: String,
    pub kind: SupervisorKind,
    pub affiliation: String,
    pub areas: String,
    pub phone: String,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AssessmentRow {
    pub grade: Grade,
    pub comment: String,
    pub assessed_by: String,
    pub assessed_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffSignatureRow {
    pub unit_id: i64,
    pub staff_id: i64,
    pub name: String,
    pub signed_on: Option<NaiveDate>,
}

/// A checked row of a unit import: its parent an existing unit, or a row
/// written earlier in the same file (its index among the rows).
#[derive(Debug, Clone)]
pub struct ImportedUnit {
    pub line: usize,
    pub name: String,
    pub kind: xiaoneng_domain::unit::UnitKind,
    pub parent_id: Option<i64>,
    pub parent_row: Option<usize>,
}

/// A checked row of a contacts import: `None` leaves a contact as it is
/// (its column is not in the file); `Some(None)` removes it.
#[derive(Debug, Clone)]
pub struct ImportedContact {
    pub line: usize,
    pub user_id: i64,
    pub email: Option<Option<String>>,
    pub mobile: Option<Option<String>>,
}

/// An appeal to write: what it contests and by when it is to be reviewed.
#[derive(Debug, Clone)]
pub struct NewAppealRow {
    pub subject: xiaoneng_domain::appeal::AppealSubject,
    pub finding_id: i64,
    pub decision_id: Option<i64>,
    pub unit_id: i64,
    pub grounds: String,
    pub lodged_by: i64,
    pub review_by: NaiveDate,
    /// Who reviews it (the office, or the leaders for decisions when so set).
    pub reviewers: xiaoneng_domain::notification::Recipients,
}

/// A review to write.
#[derive(Debug, Clone)]
pub struct AppealReview {
    pub subject: xiaoneng_domain::appeal::AppealSubject,
    pub action: xiaoneng_domain::appeal::AppealAction,
    pub to: xiaoneng_domain::appeal::AppealState,
    pub reason: String,
    pub restore: Option<FindingState>,
    pub finding_id: i64,
    pub decision_id: Option<i64>,
    pub by: i64,
}

/// `GET /api/appeals`: which appeals.
#[derive(Debug, Clone, Default)]
pub struct AppealFilter {
    /// A liaison's unit: appeals of its subtree only.
    pub scope: Option<i64>,
    pub state: Option<xiaoneng_domain::appeal::AppealState>,
    pub finding: Option<i64>,
    pub decision: Option<i64>,
}

/// `GET /api/users`: the list's filters and page.
#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    /// A `LIKE` pattern on username and display name.
    pub q: Option<String>,
    pub role: Option<xiaoneng_domain::Role>,
    pub unit: Option<i64>,
    pub active: Option<bool>,
    pub after: Option<(DateTime<Utc>, i64)>,
    pub limit: i64,
}

store_fns! {
    fn create_unit(input: &xiaoneng_domain::unit::UnitInput, audit: AuditEntry) -> i64;
    fn update_unit(id: i64, version: i64, input: &xiaoneng_domain::unit::UnitInput, audit: AuditEntry) -> Written, changes Sessions;
    fn import_units(rows: &[ImportedUnit], audit: AuditEntry) -> Vec<i64>;
    fn import_staff(rows: &[(i64, String, String, usize)], audit: AuditEntry) -> Vec<i64>;
    fn import_contacts(rows: &[ImportedContact], audit: AuditEntry) -> ();
    fn import_calendar(days: &[xiaoneng_domain::calendar::CalendarDay], audit: AuditEntry) -> usize, changes Calendar;
    fn usernames() -> Vec<(String, i64)>;
    fn correct_finding(id: i64, correction: &xiaoneng_domain::record::FindingCorrection, changes: &[xiaoneng_domain::record::FieldChange], actor: i64, audit: AuditEntry) -> Written;
    fn appeal_settings() -> xiaoneng_domain::appeal::AppealSettings;
    fn set_appeal_settings(settings: &xiaoneng_domain::appeal::AppealSettings, audit: AuditEntry) -> ();
    fn appeal(id: i64) -> Option<xiaoneng_domain::appeal::Appeal>;
    fn appeals(filter: &AppealFilter, after: Option<(DateTime<Utc>, i64)>, limit: i64) -> Vec<xiaoneng_domain::appeal::Appeal>;
    fn substantiated_at(finding: i64) -> Option<DateTime<Utc>>;
    fn lodge_appeal(new: &NewAppealRow, audit: AuditEntry) -> Option<i64>;
    fn review_appeal(id: i64, version: i64, review: &AppealReview, audit: AuditEntry) -> Written;
    fn accounts(filter: &AccountFilter) -> Vec<Account>;
    fn account(id: i64) -> Option<Account>;
    fn create_account(user: &super::NewUser, audit: AuditEntry) -> Option<i64>;
    fn update_account(id: i64, version: i64, edit: &xiaoneng_domain::account::AccountEdit, audit: AuditEntry) -> Written, changes Sessions;
    fn reset_password(id: i64, version: i64, password_hash: &str, audit: AuditEntry) -> Written, changes Sessions;
    fn change_password(id: i64, password_hash: &str, replaces: &str, new: &super::NewSession, audit: AuditEntry) -> (), changes Sessions;
    fn supervisors(q: Option<String>, after: Option<(DateTime<Utc>, i64)>, limit: i64) -> Vec<SupervisorRow>;
    fn supervisor(id: i64) -> Option<SupervisorRow>;
    fn create_supervisor(input: &xiaoneng_domain::oversight::SupervisorInput, audit: AuditEntry) -> i64;
    fn update_supervisor(id: i64, version: i64, input: &xiaoneng_domain::oversight::SupervisorInput, audit: AuditEntry) -> Written;
    fn supervisor_visits(id: i64, from: NaiveDate, to: NaiveDate) -> Vec<Assignment>;
    fn supervisor_finding_states(id: i64, from: NaiveDate, to: NaiveDate) -> Vec<FindingState>;
    fn assign_supervisor(id: i64, visit: i64, audit: AuditEntry) -> bool;
    fn assessment(id: i64, year: i32) -> Option<AssessmentRow>;
    fn save_assessment(id: i64, year: i32, input: &xiaoneng_domain::oversight::AssessmentInput, by: i64, audit: AuditEntry) -> Written;
    fn letter(year: i32) -> Option<Letter>;
    fn save_letter(year: i32, input: &xiaoneng_domain::oversight::LetterInput, audit: AuditEntry) -> Written;
    fn staff_signatures(year: i32, only: Option<i64>) -> Vec<StaffSignatureRow>;
    fn sign_letter(year: i32, new: &xiaoneng_domain::oversight::NewSignature, by: i64, audit: AuditEntry) -> bool;
    fn measures_of_bulletins(ids: &[i64]) -> Vec<(i64, BulletinMeasure)>;
    fn units_of_bulletins(ids: &[i64]) -> Vec<(i64, String)>;
    fn staff_of(unit: i64) -> Vec<Staff>;
    fn staff_member(id: i64) -> Option<Staff>;
    fn create_staff(unit: i64, input: &xiaoneng_domain::staff::StaffInput, audit: AuditEntry) -> i64;
    fn update_staff(id: i64, version: i64, input: &xiaoneng_domain::staff::StaffInput, audit: AuditEntry) -> Written;
    fn posts_of(unit: i64) -> Vec<PostRow>;
    fn post(id: i64) -> Option<PostRow>;
    fn create_post(unit: i64, input: &xiaoneng_domain::staff::PostInput, audit: AuditEntry) -> i64;
    fn update_post(id: i64, version: i64, input: &xiaoneng_domain::staff::PostInput, audit: AuditEntry) -> Written;
    fn away_notices(unit: i64, at: Option<DateTime<Utc>>) -> Vec<NoticeRow>;
    fn create_away_notice(new: &xiaoneng_domain::staff::NewAwayNotice, by: i64, audit: AuditEntry) -> i64;
    fn stats_findings(from: NaiveDate, to: NaiveDate) -> Vec<StatFindingRow>;
    fn stats_measures(from: NaiveDate, to: NaiveDate) -> Vec<(String, i64)>;
    fn stats_inspections(from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(i64, String, i64)>;
    fn rounds_between(from: NaiveDate, to: NaiveDate, ended_before: Option<NaiveDate>) -> Vec<Round>;
    fn checklist(id: i64) -> Option<Checklist>;
    fn latest_checklists() -> Vec<Checklist>;
    fn checklist_versions(template_id: i64) -> Vec<Checklist>;
    fn active_checklists() -> Vec<Checklist>;
    fn activate_checklist(id: i64, template_version: i64, audit: AuditEntry) -> SaveOutcome;
    fn create_checklist(name: &str, items: &str, created_by: i64, audit: AuditEntry) -> i64;
    fn save_checklist(id: i64, version: i64, name: &str, items: &str, by: i64, audit: AuditEntry) -> SaveOutcome;
    fn round(id: i64) -> Option<Round>;
    fn list_rounds(filter: &RoundFilter) -> Vec<Round>;
    fn round_targets(id: i64) -> Vec<i64>;
    fn round_visited(id: i64) -> Vec<i64>;
    fn create_round(input: &RoundInput, by: i64, audit: AuditEntry) -> i64;
    fn update_round(id: i64, version: i64, input: &RoundInput, audit: AuditEntry) -> Written;
    fn batch(id: i64) -> Option<Batch>;
    fn batches(round: i64) -> Vec<Batch>;
    fn create_batch(round: i64, new: &NewBatch, audit: AuditEntry) -> i64;
    fn visit(id: i64) -> Option<VisitRow>;
    fn list_visits(filter: &VisitFilter) -> Vec<VisitRow>;
    fn visit_inspectors(visit: i64) -> Vec<(i64, String)>;
    fn inspectors_among(ids: &[i64]) -> Vec<i64>;
    fn inspectors() -> Vec<(i64, String)>;
    fn liaisons_within(root: i64) -> Vec<(i64, String, i64, String)>;
    fn inspects_unit(user: i64, unit: i64) -> bool;
    fn create_visit(input: &VisitInput, by: i64, audit: AuditEntry) -> i64;
    fn update_visit(id: i64, version: i64, input: &VisitInput, audit: AuditEntry) -> Written;
    fn inspection(visit: i64) -> Option<InspectionRow>;
    fn save_inspection(draft: &DraftRow, audit: AuditEntry) -> Written;
    fn inspection_photos(inspection: i64) -> Vec<InspectionPhoto>;
    fn inspection_photo(id: i64) -> Option<(i64, String, String, String, Vec<u8>)>;
    fn add_inspection_photo(new: &NewPhoto, audit: AuditEntry) -> Option<(i64, bool)>;
    fn submit_inspection(inspection: &InspectionRow, findings: &[(String, NewFinding)], audit: AuditEntry) -> Option<Vec<(String, i64, String)>>;
    fn visit_findings(visit: i64) -> Vec<(Option<String>, i64, String)>;
    fn create_bulletin(input: &BulletinInput, by: i64, audit: AuditEntry) -> i64;
    fn update_bulletin(id: i64, version: i64, input: &BulletinInput, audit: AuditEntry) -> Written;
    fn advance_bulletin(id: i64, version: i64, step: &BulletinStep, audit: AuditEntry) -> Written;
    fn bulletin_settings() -> xiaoneng_domain::bulletin::BulletinSettings;
    fn bulletin_corrections(id: i64) -> Vec<xiaoneng_domain::bulletin::Correction>;
    fn sanction_ladder() -> xiaoneng_domain::accountability::SanctionLadder;
    fn set_sanction_ladder(ladder: &xiaoneng_domain::accountability::SanctionLadder, audit: AuditEntry) -> ();
    fn change_decision(id: i64, version: i64, change: &ChangeRow<'_>, audit: AuditEntry) -> Written;
    fn events_of_decisions(ids: &[i64]) -> Vec<(i64, xiaoneng_domain::accountability::DecisionEvent)>;
    fn list_reassignments(filter: &crate::db::ReassignmentFilter) -> Vec<crate::db::ReassignmentRow>;
    fn reassignment(id: i64) -> Option<crate::db::ReassignmentRow>;
    fn record_return(id: i64, back: &xiaoneng_domain::reassignment::ReassignmentReturn, audit: AuditEntry) -> Written;
    fn attach_appeal_evidence(appeal: i64, new: &crate::db::NewEvidence, max: usize, audit: AuditEntry) -> Option<i64>;
    fn appeal_evidence_of(appeal: i64) -> Vec<xiaoneng_domain::appeal::AppealEvidence>;
    fn appeal_evidence_file(id: i64) -> Option<(i64, String, String, String, Vec<u8>)>;
    fn peers_of_decisions(staff_ids: &[i64], names: &[String]) -> Vec<crate::db::DecisionPeer>;
    fn set_bulletin_settings(settings: &xiaoneng_domain::bulletin::BulletinSettings, audit: AuditEntry) -> ();
    fn bulletin(id: i64) -> Option<BulletinRow>;
    fn list_bulletins(filter: &BulletinFilter) -> Vec<BulletinRow>;
    fn bulletin_finding_ids(id: i64) -> Vec<i64>;
    fn bulletin_decision_ids(id: i64) -> Vec<i64>;
    fn bulletin_measures(id: i64) -> Vec<BulletinMeasure>;
    fn bulletin_finding_people(id: i64) -> Vec<JsonText<Vec<PersonInvolved>>>;
    fn bulletin_units(id: i64) -> Vec<String>;
    fn public_bulletins(filter: &PublicFilter) -> Vec<PublicBulletinRow>;
    fn public_bulletin(id: i64) -> Option<PublicBulletinRow>;
    fn create_report(new: &NewReportRow, audit: AuditEntry) -> bool;
    fn report_by_code(code: &str) -> Option<ReportRow>;
    fn report(id: i64) -> Option<ReportRow>;
    fn list_reports(status: Option<String>, after: Option<(DateTime<Utc>, i64)>, limit: i64) -> Vec<ReportRow>;
    fn report_photo(id: i64) -> Option<(String, Vec<u8>)>;
    fn accept_report(id: i64, version: i64, finding: &NewFinding, by: i64, audit: AuditEntry) -> Option<i64>;
    fn decline_report(id: i64, version: i64, reason: &str, audit: AuditEntry) -> Written;
    fn erase_old_contacts(closed_before: DateTime<Utc>, audit: AuditEntry) -> Vec<String>;
    fn notifications(user: i64, after: Option<(i64, i64)>, limit: i64) -> Vec<NotificationRow>;
    fn unread_notifications(user: i64) -> i64;
    fn mark_notification_read(user: i64, id: i64, at: DateTime<Utc>) -> ();
    fn read_notifications_before(before: DateTime<Utc>) -> u64;
    fn claim_deliveries(now: DateTime<Utc>, until: DateTime<Utc>, limit: i64) -> Vec<DeliveryRow>;
    fn record_delivery(id: i64, at: DateTime<Utc>, error: Option<&str>, retry_at: Option<DateTime<Utc>>) -> ();
    fn mail_notification(id: i64) -> Option<MailNotificationRow>;
    fn digest_notifications(digest: i64) -> Vec<MailNotificationRow>;
    fn queue_digests(at: DateTime<Utc>) -> u64;
    fn failed_deliveries(after: Option<i64>, limit: i64) -> Vec<xiaoneng_domain::notification::FailedDelivery>;
    fn retry_delivery(id: i64, audit: AuditEntry) -> bool;
    fn outbox_counts() -> (i64, i64);
    fn running_deadlines() -> Vec<RunningDeadlineRow>;
    fn take_reminder(reminder: &Reminder, today: NaiveDate, at: DateTime<Utc>) -> bool;
    fn escalation_ladder() -> Vec<xiaoneng_domain::reminder::Rung>;
    fn set_escalation_ladder(rungs: &[xiaoneng_domain::reminder::Rung], audit: AuditEntry) -> ();
    fn mark_daily_pass(day: NaiveDate, at: DateTime<Utc>) -> bool;
    fn notification_settings(user: i64) -> xiaoneng_domain::notification::NotificationSettings;
    fn set_notification_settings(user: i64, settings: &xiaoneng_domain::notification::NotificationSettings, audit: AuditEntry) -> ();
}

#[cfg(feature = "bench")]
store_fns! {
    fn bench_findings(rows: &[BenchFinding]) -> ();
    fn bench_bulletins(rows: &[BenchBulletin]) -> ();
    fn bench_audit(records: &[super::AuditRecord]) -> ();
    fn bench_cursor(n: i64) -> Option<(DateTime<Utc>, i64)>;
    fn bench_analyze() -> ();
}

/// What an `Idempotency-Key` holds.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IdempotentRequest {
    /// What the first request was (method, path, body type and length).
    pub request_hash: String,
    /// `pending`, `committed` or `answered`.
    pub state: String,
    pub status: Option<i32>,
    pub content_type: Option<String>,
    pub body: Option<Vec<u8>>,
    pub created_at: DateTime<Utc>,
}

/// A notification as stored, with the finding (its code and title) or the
/// citizen's report (its tracking code and text) it is about.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: xiaoneng_domain::notification::NotificationKind,
    pub finding_id: Option<i64>,
    pub report_id: Option<i64>,
    pub visit_id: Option<i64>,
    pub bulletin_id: Option<i64>,
    pub code: Option<String>,
    pub title: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// 0 unread, 1 read: the list's order and cursor.
    pub read: i64,
}

/// An outbox row claimed for delivery.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    /// `email` or `webhook`.
    pub channel: String,
    /// `notification`, `digest` or `report_status`.
    pub topic: String,
    pub notification_id: Option<i64>,
    pub user_id: Option<i64>,
    pub report_id: Option<i64>,
    /// The e-mail address as it was when queued.
    pub address: Option<String>,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// A notification with its reader, as a message about it is written.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailNotificationRow {
    pub id: i64,
    pub kind: xiaoneng_domain::notification::NotificationKind,
    pub finding_id: Option<i64>,
    pub report_id: Option<i64>,
    pub visit_id: Option<i64>,
    pub bulletin_id: Option<i64>,
    pub code: String,
    pub title: String,
    pub deadline: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub lang: String,
}

/// A reminder or ladder step the daily pass takes for a finding's deadline.
#[derive(Debug, Clone)]
pub struct Reminder {
    pub finding: i64,
    pub deadline: NaiveDate,
    /// `reminder::Stage::key`: taken once per finding and deadline.
    pub stage: String,
    /// A ladder step, put on the timeline.
    pub step: Option<xiaoneng_domain::finding::ActionKind>,
    pub kind: xiaoneng_domain::notification::NotificationKind,
    pub recipients: xiaoneng_domain::notification::Recipients,
}

/// A finding whose deadline is running, for the daily reminder pass.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RunningDeadlineRow {
    pub id: i64,
    pub deadline: NaiveDate,
}
