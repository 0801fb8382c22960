//! 效能 Xiaoneng in the browser: the app, its route table and the state every
//! page shares (language, who is signed in). Tests import from here.

pub mod api;
pub mod auth;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod paging;
pub mod public_texts;
pub mod staff_texts;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::auth::Auth;
use crate::components::layout::Layout;
use crate::i18n::I18n;
use crate::pages::{
    BulletinAdminPage, BulletinEditorPage, BulletinPage, BulletinsPage, DashboardPage, FindingPage,
    FindingsPage, HomePage, InspectionPage, LedgerPage, LoginPage, NotFoundPage, PlanningPage,
    ReportPage, ReportStatusPage, StatsPage,
};

/// Route paths, declared once.
pub mod paths {
    pub const HOME: &str = "/";
    pub const BULLETINS: &str = "/bulletins";
    pub const STATS: &str = "/stats";
    pub const REPORT: &str = "/report";
    pub const REPORT_STATUS: &str = "/report/status";
    pub const LOGIN: &str = "/login";
    pub const DASHBOARD: &str = "/staff";
    pub const FINDINGS: &str = "/staff/findings";
    pub const VISITS: &str = "/staff/visits";
    pub const STAFF_BULLETINS: &str = "/staff/bulletins";
    pub const PLANNING: &str = "/staff/planning";
    pub const LEDGER: &str = "/staff/ledger";
}

/// Replaces the static shell in `#app` (shown while the wasm loads) with the app.
pub fn start() {
    let root = document()
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| document().body().expect("a document has a body"));
    root.set_inner_html("");
    leptos::mount::mount_to(root, App).forget();
}

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::detect();
    provide_context(i18n);
    Effect::new(move |_| {
        let lang = i18n.lang();
        api::set_lang(lang);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
    });
    provide_context(Auth::load());

    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/bulletins") view=BulletinsPage />
                    <Route path=path!("/bulletins/:id") view=BulletinPage />
                    <Route path=path!("/stats") view=StatsPage />
                    <Route path=path!("/report") view=ReportPage />
                    <Route path=path!("/report/status") view=ReportStatusPage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/staff") view=DashboardPage />
                    <Route path=path!("/staff/findings") view=FindingsPage />
                    <Route path=path!("/staff/findings/:id") view=FindingPage />
                    <Route path=path!("/staff/visits/:id") view=InspectionPage />
                    <Route path=path!("/staff/ledger") view=LedgerPage />
                    <Route path=path!("/staff/planning") view=PlanningPage />
                    <Route path=path!("/staff/planning/:id") view=PlanningPage />
                    <Route path=path!("/staff/bulletins") view=BulletinAdminPage />
                    <Route path=path!("/staff/bulletins/new") view=BulletinEditorPage />
                    <Route path=path!("/staff/bulletins/:id") view=BulletinEditorPage />
                </Routes>
            </Layout>
        </Router>
    }
}
