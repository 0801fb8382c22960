//! The staff app's pages, every one behind the sign-in (`auth`): one file
//! per page, each fetching its data and owning its actions; the
//! administration pages in `admin/`.

pub mod admin;
pub mod appeals;
pub mod auth;
mod bulletin_editor;
pub(crate) mod dashboard;
mod deadline;
mod decision_change;
pub mod decision_form;
pub mod finding;
mod findings;
mod inbox;
mod inspection;
mod ledger;
mod login;
mod password;
mod planning;
mod reassignments;
mod reports;

pub use appeals::{AppealPage, AppealsPage};
pub use bulletin_editor::{BulletinAdminPage, BulletinEditorPage};
pub use dashboard::DashboardPage;
pub use finding::FindingPage;
pub use findings::FindingsPage;
pub use inbox::InboxPage;
pub use inspection::InspectionPage;
pub use ledger::LedgerPage;
pub use login::LoginPage;
pub use password::PasswordPage;
pub use planning::PlanningPage;
pub use reassignments::ReassignmentsPage;
pub use reports::{ReportDetailPage, ReportsPage};
