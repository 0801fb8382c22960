//! The public portal's pages: bulletins, figures and citizens' reports. No
//! sign-in anywhere; one file per page, each fetching its data.

mod bulletin;
mod bulletins;
mod home;
mod report;
mod stats;

pub use bulletin::BulletinPage;
pub use bulletins::BulletinsPage;
pub use home::HomePage;
pub use report::{ReportPage, ReportReceivedPage, ReportStatusPage};
pub use stats::StatsPage;
