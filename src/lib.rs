//! 效能 Xiaoneng in the browser: the staff's four apps from one library.
//! The staff app (`xiaoneng-app`: the dashboard, the findings and the inbox,
//! which every signed-in role works in daily), the office's app
//! (`xiaoneng-office`: planning, the accountability ledger, appeals,
//! reassignments, citizen reports and bulletins — the office's own work),
//! the administration pages (`xiaoneng-admin`, `staff/admin/`: accounts,
//! units, checklists, the calendar and the rules, opened now and then) and
//! the field app (`xiaoneng-field`, `field.rs`: signing in and an
//! inspector's visits, which draws every visit) are separate binaries,
//! built separately by trunk, so each wasm holds only what its pages need
//! (the linker drops the others). They share `components/` (rendering
//! only), `hooks/`, `api/` and `texts/`. Links between the apps are
//! ordinary page loads (`rel="external"`, or a page another app draws loads
//! itself: [`OtherAppPage`]). Every app's routes are flat (`FlatRoutes`: no
//! page nests in another), which links none of the nested router: 14 KB
//! gzip less of the field app's wasm. The public portal runs no app: the
//! server paints its pages (`xiaoneng_server::http::pages`). Tests import
//! from here.

pub mod api;
pub mod clock;
pub mod components;
pub mod device;
pub mod field;
pub mod hooks;
pub mod offline;
pub mod staff;
pub mod texts;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::components::layout::{Layout, StaffNav};
use crate::components::not_found::NotFoundPage;
use crate::components::status::Skeleton;
use crate::staff::admin::{
    AdminPage, CalendarPage, ChecklistPage, ChecklistsPage, CommitmentsPage, EscalationPage,
    PeoplePage, RulesPage, StaffImportPage, SupervisorsPage, UnitsPage, UsersPage,
};
use crate::staff::auth::{Auth, SignInGuard};
use crate::staff::{
    AppealPage, AppealsPage, BulletinAdminPage, BulletinEditorPage, DashboardPage, FindingPage,
    FindingsPage, InboxPage, LedgerPage, LoginPage, PasswordPage, PlanningPage, ReassignmentsPage,
    ReportDetailPage, ReportsPage,
};
use crate::texts::I18n;

/// Route paths, declared once.
pub mod paths {
    pub const HOME: &str = "/";
    pub const BULLETINS: &str = "/bulletins";
    pub const STATS: &str = "/stats";
    pub const REPORT: &str = "/report";
    pub const REPORT_STATUS: &str = "/report/status";
    pub const REPORT_RECEIVED: &str = "/report/received";
    pub const LOGIN: &str = "/login";
    pub const DASHBOARD: &str = "/staff";
    pub const FINDINGS: &str = "/staff/findings";
    pub const VISITS: &str = "/staff/visits";
    pub const STAFF_BULLETINS: &str = "/staff/bulletins";
    pub const PLANNING: &str = "/staff/planning";
    pub const LEDGER: &str = "/staff/ledger";
    pub const REPORTS: &str = "/staff/reports";
    pub const APPEALS: &str = "/staff/appeals";
    pub const REASSIGNMENTS: &str = "/staff/reassignments";
    pub const INBOX: &str = "/staff/inbox";
    pub const PASSWORD: &str = "/staff/password";
    pub const ADMIN: &str = "/staff/admin";
    pub const ADMIN_USERS: &str = "/staff/admin/users";
    pub const ADMIN_UNITS: &str = "/staff/admin/units";
    pub const ADMIN_STAFF_IMPORT: &str = "/staff/admin/staff-import";
    pub const ADMIN_CALENDAR: &str = "/staff/admin/calendar";
    pub const ADMIN_ESCALATION: &str = "/staff/admin/escalation";
    pub const ADMIN_RULES: &str = "/staff/admin/rules";
    pub const CHECKLISTS: &str = "/staff/checklists";
    pub const ADMIN_PEOPLE: &str = "/staff/admin/people";
    pub const ADMIN_SUPERVISORS: &str = "/staff/admin/supervisors";
    pub const ADMIN_COMMITMENTS: &str = "/staff/admin/commitments";

    /// The pages of the staff shell (the staff, administration and field apps).
    pub fn in_staff_shell(path: &str) -> bool {
        path == LOGIN
            || path
                .strip_prefix(DASHBOARD)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// Whether `path` is one of `areas` or below one.
    fn under(path: &str, areas: &[&str]) -> bool {
        areas.iter().any(|area| {
            path.strip_prefix(area)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }

    /// The pages the administration app draws (the staff shell's boot script,
    /// written by `xtask`, picks it by the same rule).
    pub fn in_admin_app(path: &str) -> bool {
        under(path, &[ADMIN, CHECKLISTS])
    }

    /// The pages the office's app draws (the boot script's rule too).
    pub fn in_office_app(path: &str) -> bool {
        under(
            path,
            &[
                PLANNING,
                LEDGER,
                APPEALS,
                REASSIGNMENTS,
                REPORTS,
                STAFF_BULLETINS,
            ],
        )
    }

    /// A visit's page, which the field app draws for everyone.
    pub fn is_visit(path: &str) -> bool {
        path.strip_prefix(VISITS)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|id| !id.is_empty() && !id.contains('/'))
    }
}

/// Replaces the static shell in `#app` (shown while the wasm loads) with a view.
pub(crate) fn mount<V: IntoView + 'static>(app: fn() -> V) {
    let root = document()
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| document().body().expect("a document has a body"));
    root.set_inner_html("");
    leptos::mount::mount_to(root, app).forget();
}

/// The staff app's entry (`src/main.rs`), served under `/staff` and `/login`;
/// it installs the service worker that lets it open with no connection.
pub fn start_staff() {
    mount(StaffApp);
    offline::register();
}

/// The staff app's administration pages' entry (`src/bin/admin.rs`).
pub fn start_admin() {
    mount(AdminApp);
    offline::register();
}

/// The office's app's entry (`src/bin/office.rs`).
pub fn start_office() {
    mount(OfficeApp);
    offline::register();
}

/// What every app sets up first: the language, kept in the page's `lang`.
pub(crate) fn provide_language() {
    let i18n = I18n::detect();
    provide_context(i18n);
    Effect::new(move |_| {
        let lang = i18n.lang();
        api::set_lang(lang);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
    });
}

/// What the staff shell's apps share around their routes: the language,
/// who is signed in and the guard that sends the signed-out to sign in,
/// taking a new version, and the staff layout with `nav`.
#[component]
pub(crate) fn StaffShell<N, NV>(nav: N, children: Children) -> impl IntoView
where
    N: Fn() -> NV + Send + Sync + 'static,
    NV: IntoView + 'static,
{
    provide_language();
    provide_context(Auth::load());
    view! {
        <Router>
            <SignInGuard />
            <offline::TakeUpdates />
            <Layout nav=nav>
                {children()}
            </Layout>
        </Router>
    }
}

/// The staff app: the pages every signed-in role works in daily, behind a
/// sign-in. Signing in is here too, for whoever signs out and in again.
#[component]
pub fn StaffApp() -> impl IntoView {
    view! {
        <StaffShell nav=StaffNav>
            <FlatRoutes fallback=|| view! {
                <OtherAppPage elsewhere=|path| {
                    paths::in_admin_app(path) || paths::in_office_app(path) || paths::is_visit(path)
                } />
            }>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/staff") view=DashboardPage />
                <Route path=path!("/staff/findings") view=FindingsPage />
                <Route path=path!("/staff/findings/:id") view=FindingPage />
                <Route path=path!("/staff/password") view=PasswordPage />
                <Route path=path!("/staff/inbox") view=InboxPage />
            </FlatRoutes>
        </StaffShell>
    }
}

/// The office's own pages: planning rounds, the accountability ledger,
/// appeals and reassignments, citizen reports and bulletins, behind the
/// same sign-in, in the staff app's layout.
#[component]
pub fn OfficeApp() -> impl IntoView {
    view! {
        <StaffShell nav=StaffNav>
            <FlatRoutes fallback=|| view! {
                <OtherAppPage elsewhere=|path| paths::in_staff_shell(path) && !paths::in_office_app(path) />
            }>
                <Route path=path!("/staff/ledger") view=LedgerPage />
                <Route path=path!("/staff/planning") view=PlanningPage />
                <Route path=path!("/staff/planning/:id") view=PlanningPage />
                <Route path=path!("/staff/appeals") view=AppealsPage />
                <Route path=path!("/staff/appeals/:id") view=AppealPage />
                <Route path=path!("/staff/reassignments") view=ReassignmentsPage />
                <Route path=path!("/staff/reports") view=ReportsPage />
                <Route path=path!("/staff/reports/:id") view=ReportDetailPage />
                <Route path=path!("/staff/bulletins") view=BulletinAdminPage />
                <Route path=path!("/staff/bulletins/new") view=BulletinEditorPage />
                <Route path=path!("/staff/bulletins/:id") view=BulletinEditorPage />
            </FlatRoutes>
        </StaffShell>
    }
}

/// The administration pages (`/staff/admin…`, `/staff/checklists…`),
/// behind the same sign-in, in the staff app's layout.
#[component]
pub fn AdminApp() -> impl IntoView {
    view! {
        <StaffShell nav=StaffNav>
            <FlatRoutes fallback=|| view! {
                <OtherAppPage elsewhere=|path| paths::in_staff_shell(path) && !paths::in_admin_app(path) />
            }>
                <Route path=path!("/staff/admin") view=AdminPage />
                <Route path=path!("/staff/admin/users") view=UsersPage />
                <Route path=path!("/staff/admin/units") view=UnitsPage />
                <Route path=path!("/staff/admin/staff-import") view=StaffImportPage />
                <Route path=path!("/staff/admin/calendar") view=CalendarPage />
                <Route path=path!("/staff/admin/escalation") view=EscalationPage />
                <Route path=path!("/staff/admin/rules") view=RulesPage />
                <Route path=path!("/staff/admin/people") view=PeoplePage />
                <Route path=path!("/staff/admin/supervisors") view=SupervisorsPage />
                <Route path=path!("/staff/admin/commitments") view=CommitmentsPage />
                <Route path=path!("/staff/checklists") view=ChecklistsPage />
                <Route path=path!("/staff/checklists/:id") view=ChecklistPage />
            </FlatRoutes>
        </StaffShell>
    }
}

/// Where the client-side router finds no page of this app: a page drawn
/// elsewhere (by another of the staff shell's apps, which the boot script
/// picks by the path, or painted by the server) is loaded anew; any other
/// is not found. `elsewhere` tells those paths. A path loaded anew within
/// seconds is not loaded again: should the boot script (or the server)
/// and `elsewhere` ever disagree, the page says it is not found instead of
/// reloading forever.
#[component]
pub fn OtherAppPage(elsewhere: fn(&str) -> bool) -> impl IntoView {
    const KEY: &str = "xiaoneng.reloaded";
    // The router's: the address bar shows the new path only once this view is drawn.
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    // Whole milliseconds: an integer, so no float is written or read.
    let now = js_sys::Date::now() as u64;
    let storage = window().session_storage().ok().flatten();
    let just_reloaded = storage
        .as_ref()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|kept| {
            let (at, kept_path) = kept.split_once(' ')?;
            Some(kept_path == path && now.saturating_sub(at.parse::<u64>().ok()?) < 5_000)
        })
        .unwrap_or(false);
    if !elsewhere(&path) || just_reloaded {
        return view! { <NotFoundPage /> }.into_any();
    }
    if let Some(storage) = storage {
        let _ = storage.set_item(KEY, &format!("{now} {path}"));
    }
    // After the router has put the path in the address bar.
    Effect::new(move |_| {
        let here = window().location();
        if here.pathname().ok().as_deref() == Some(path.as_str()) {
            let _ = here.reload();
        } else if search.is_empty() {
            let _ = here.assign(&path);
        } else {
            let _ = here.assign(&format!("{path}?{search}"));
        }
    });
    view! { <div class="container page"><Skeleton rows=3 /></div> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::paths;

    #[test]
    fn the_staff_shell_answers_signing_in_and_the_staff_pages() {
        for path in ["/login", "/staff", "/staff/findings/3", "/staff/admin"] {
            assert!(paths::in_staff_shell(path), "{path}");
        }
        for path in ["/staffing", "/login/x", "/", "/report"] {
            assert!(!paths::in_staff_shell(path), "{path}");
        }
    }

    #[test]
    fn the_administration_app_draws_its_areas_and_nothing_else() {
        for path in [
            "/staff/admin",
            "/staff/admin/users",
            "/staff/admin/people",
            "/staff/checklists",
            "/staff/checklists/4",
        ] {
            assert!(paths::in_admin_app(path), "{path}");
        }
        for path in [
            "/staff",
            "/staff/administer",
            "/staff/checklists-old",
            "/staff/findings",
            "/staff/password",
            "/login",
            "/",
        ] {
            assert!(!paths::in_admin_app(path), "{path}");
        }
    }

    #[test]
    fn the_office_app_draws_its_areas_and_a_visit_is_the_field_apps() {
        for path in [
            "/staff/planning",
            "/staff/planning/3",
            "/staff/ledger",
            "/staff/appeals/2",
            "/staff/reassignments",
            "/staff/reports/9",
            "/staff/bulletins/new",
        ] {
            assert!(paths::in_office_app(path), "{path}");
            assert!(!paths::in_admin_app(path), "{path}");
        }
        for path in [
            "/staff",
            "/staff/findings/3",
            "/staff/inbox",
            "/staff/reportsx",
            "/staff/admin",
            "/staff/visits/4",
            "/login",
        ] {
            assert!(!paths::in_office_app(path), "{path}");
        }
        assert!(paths::is_visit("/staff/visits/4"));
        for path in [
            "/staff/visits",
            "/staff/visits/",
            "/staff/visits/4/x",
            "/staff/visitsx/4",
        ] {
            assert!(!paths::is_visit(path), "{path}");
        }
    }
}
