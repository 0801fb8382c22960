//! The field app: what an inspector needs on a phone — signing in, the
//! visits to make, a visit's checklist — built as its own, smaller wasm
//! (`xiaoneng-field`), so a phone runs a visit without the office's app.
//! The staff app's shell chooses the build (`xtask`'s boot script): this one
//! for every visit's page (`/staff/visits/{id}`, whoever opens it: no other
//! app draws one), `/login`, and `/staff` for whoever last signed in on this
//! device as an inspector; another app for everything else.
//! A link from here to any other page loads that page anew (`OtherAppPage`): the
//! boot script then picks the app that draws it.

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route};
use leptos_router::path;
use xiaoneng_domain::Role;

use crate::components::layout::{InboxLink, SignOutItem};
use crate::components::status::Skeleton;
use crate::staff::auth::{require_sign_in, use_auth};
use crate::staff::dashboard::VisitsTodo;
use crate::staff::{InspectionPage, LoginPage};
use crate::texts::{use_i18n, use_page_title};
use crate::{OtherAppPage, StaffShell};
use crate::{offline, paths};
use leptos_router::components::A;

/// The device's choice of app for `/staff` (local storage): `field` after
/// an inspector signed in here.
pub const PREFERENCE: &str = "xiaoneng.app";
/// A page the field app handed over to the staff app (session storage):
/// the shell loads the staff app for it, whatever the path.
pub const HANDED_OVER: &str = "xiaoneng.elsewhere";

/// Remembers which app `/staff` should open on this device for `role`.
pub fn remember(role: Option<Role>) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = match role {
            Some(Role::Inspector) => storage.set_item(PREFERENCE, "field"),
            _ => storage.remove_item(PREFERENCE),
        };
    }
}

/// Loads the page now in the address bar into the staff app.
fn hand_over() {
    let path = window().location().pathname().unwrap_or_default();
    if let Some(storage) = window().session_storage().ok().flatten() {
        let _ = storage.set_item(HANDED_OVER, &path);
    }
    let _ = window().location().reload();
}

/// The field app's entry (`src/bin/field.rs`).
pub fn start_field() {
    crate::mount(FieldApp);
    offline::register();
}

#[component]
pub fn FieldApp() -> impl IntoView {
    view! {
        <StaffShell nav=FieldNav>
            <FlatRoutes fallback=|| view! { <OtherAppPage elsewhere=paths::in_staff_shell /> }>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/staff") view=FieldDashboard />
                <Route path=path!("/staff/visits/:id") view=InspectionPage />
            </FlatRoutes>
        </StaffShell>
    }
}

/// The field app's navigation: what an inspector (or a liaison on a visit)
/// moves on to; the pages other than the dashboard load the staff app.
#[component]
fn FieldNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <Show
            when=move || auth.me().is_some()
            fallback=move || view! {
                <li><a href=paths::HOME rel="external">{move || i18n.t().public_site}</a></li>
            }
        >
            <li><A href=paths::DASHBOARD exact=true>{move || i18n.t().nav_dashboard}</A></li>
            <li><InboxLink /></li>
            <li><a href=paths::FINDINGS rel="external">{move || i18n.f().nav_findings}</a></li>
            <SignOutItem />
        </Show>
    }
}

/// An inspector's dashboard: the visits to make. Anyone else is handed to
/// the staff app, whose dashboard is theirs.
#[component]
fn FieldDashboard() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_page_title(|t| t.dashboard_title);
    Effect::new(move |_| {
        if me.get().is_some_and(|m| m.role != Role::Inspector) {
            remember(me.get_untracked().map(|m| m.role));
            hand_over();
        }
    });
    view! {
        <div class="container page page--wide">
            // Anyone but an inspector moves on to the staff app's dashboard:
            // nothing of this one shows meanwhile.
            {move || match me.get() {
                Some(me) if me.role == Role::Inspector => view! {
                    <h1>{move || i18n.t().dashboard_title}</h1>
                    <p class="lead">
                        {move || i18n.t().signed_in_as}{move || i18n.lang().colon()}<strong>{format!("{} · {}", me.display_name, me.role.label(i18n.lang()))}</strong>" · "
                        <a href=paths::PASSWORD rel="external">{move || i18n.f().change_password}</a>
                    </p>
                    <VisitsTodo title=|s| s.visits_title empty=|s| s.visits_empty />
                }
                .into_any(),
                _ => view! { <Skeleton rows=2 /> }.into_any(),
            }}
        </div>
    }
}
