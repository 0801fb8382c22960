//! One file per page: each fetches its data and owns its actions.

pub mod admin;
mod bulletin;
mod bulletin_editor;
mod bulletins;
mod dashboard;
mod decision_form;
pub mod finding;
mod findings;
mod home;
mod inspection;
mod ledger;
mod login;
mod not_found;
mod planning;
mod report;
mod reports;
mod stats;

pub use bulletin::BulletinPage;
pub use bulletin_editor::{BulletinAdminPage, BulletinEditorPage};
pub use bulletins::BulletinsPage;
pub use dashboard::DashboardPage;
pub use finding::FindingPage;
pub use findings::FindingsPage;
pub use home::HomePage;
pub use inspection::InspectionPage;
pub use ledger::LedgerPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use planning::PlanningPage;
pub use report::{ReportPage, ReportStatusPage};
pub use reports::{ReportDetailPage, ReportsPage};
pub use stats::StatsPage;
