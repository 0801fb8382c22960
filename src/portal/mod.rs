//! The public portal's pages the app draws: a citizen's report, its
//! receipt and its status. No sign-in anywhere. The home page, the
//! bulletins and the figures are painted whole by the server
//! (`xiaoneng_server::http::pages`), with no app.

mod report;

pub use report::{ReportPage, ReportReceivedPage, ReportStatusPage};
