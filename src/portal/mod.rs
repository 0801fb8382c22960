//! The public portal's page the app draws: a citizen's report form. No
//! sign-in anywhere. The home page, the bulletins, the figures and a
//! report's receipt and status are painted whole by the server
//! (`xiaoneng_server::http::pages`), with no app.

mod report;

pub use report::ReportPage;
