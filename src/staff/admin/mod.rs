//! Administration: accounts, the unit tree, staff imports and the holiday
//! calendar.

mod calendar;
mod checklists;
mod escalation;
mod oversight;
mod people;
mod rules;
pub(crate) mod units;
mod users;

use leptos::prelude::*;
use leptos_router::components::A;
use xiaoneng_domain::Role;

use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::use_i18n;

pub use calendar::CalendarPage;
pub use checklists::{ChecklistPage, ChecklistsPage};
pub use escalation::EscalationPage;
pub use oversight::{CommitmentsPage, SupervisorsPage};
pub use people::PeoplePage;
pub use rules::RulesPage;
pub use units::{StaffImportPage, UnitsPage};
pub use users::UsersPage;

/// The administration hub.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let _me = require_sign_in();
    crate::texts::use_admin_title(|a| a.admin_title);
    view! {
        <div class="container page">
            <h1>{move || i18n.a().admin_title}</h1>
            <p class="lead">{move || i18n.a().admin_lead}</p>
            <AdminCards />
        </div>
    }
}

/// What the signed-in role may keep here (also an administrator's dashboard).
#[component]
pub fn AdminCards() -> impl IntoView {
    let i18n = use_i18n();
    let auth = crate::staff::auth::use_auth();
    let role = move || auth.me().map(|m| m.role);
    let card = move |href: &'static str,
                     title: fn(&crate::texts::admin::AdminTexts) -> &'static str,
                     text: fn(&crate::texts::admin::AdminTexts) -> &'static str| {
        view! {
            <li class="card">
                <h2><A href=href>{move || title(i18n.a())}</A></h2>
                <p>{move || text(i18n.a())}</p>
            </li>
        }
    };
    view! {
            <ul class="cards">
                <Show when=move || role() == Some(Role::Admin)>
                    {card(paths::ADMIN_USERS, |a| a.users_title, |a| a.users_text)}
                    {card(paths::ADMIN_UNITS, |a| a.units_title, |a| a.units_text)}
                </Show>
                <Show when=move || matches!(role(), Some(Role::Office))>
                    {card(paths::CHECKLISTS, |a| a.checklists_title, |a| a.checklists_text)}
                    {card(paths::ADMIN_ESCALATION, |a| a.escalation_title, |a| a.escalation_text)}
                    {card(paths::ADMIN_RULES, |a| a.rules_title, |a| a.rules_text)}
                </Show>
                <Show when=move || matches!(role(), Some(Role::Admin | Role::Office))>
                    {card(paths::ADMIN_PEOPLE, |a| a.people_title, |a| a.people_text)}
                    {card(paths::ADMIN_SUPERVISORS, |a| a.supervisors_title, |a| a.supervisors_text)}
                    {card(paths::ADMIN_COMMITMENTS, |a| a.commitments_title, |a| a.commitments_text)}
                    {card(paths::ADMIN_STAFF_IMPORT, |a| a.staff_import_title, |a| a.staff_import_text)}
                    {card(paths::ADMIN_CALENDAR, |a| a.calendar_title, |a| a.calendar_text)}
                </Show>
            </ul>
    }
}
