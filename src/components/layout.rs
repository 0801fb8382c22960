//! The frame around every staff page: skip link, header with navigation (a
//! menu button on phones), the language switch, and the footer — the frame
//! the server paints around the portal's pages (`index.html`), with the
//! staff's navigation.

use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;
use xiaoneng_domain::{Role, access};

use crate::components::lang_switch::LangSwitch;
use crate::hooks::action::use_action;
use crate::hooks::loaded::Loaded;
use crate::staff::auth::use_auth;
use crate::texts::use_i18n;
use crate::{api, paths};

#[component]
pub fn Layout<N, NV>(
    /// The list items of the main navigation.
    nav: N,
    children: Children,
) -> impl IntoView
where
    N: Fn() -> NV + Send + Sync + 'static,
    NV: IntoView + 'static,
{
    let i18n = use_i18n();
    let menu_open = RwSignal::new(false);
    // Following a link (or signing out) from the phone menu folds it away again.
    let close_on_follow = move |ev: leptos::ev::MouseEvent| {
        let followed = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a, .link-button").ok().flatten())
            .is_some();
        if followed {
            menu_open.set(false);
        }
    };

    view! {
        <a class="skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href=paths::DASHBOARD attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"效"</span>
                    <span class="brand__name">{move || i18n.t().product}</span>
                    <span class="brand__full">{move || i18n.t().product_full}</span>
                </A>
                <button
                    type="button"
                    class="menu-button"
                    aria-controls="site-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    <span class="menu-button__icon" aria-hidden="true"></span>
                    {move || i18n.t().menu}
                </button>
                <nav
                    id="site-nav"
                    class="site-nav"
                    class:is-open=move || menu_open.get()
                    aria-label=move || i18n.t().main_nav
                    on:click=close_on_follow
                >
                    <ul>{nav()}</ul>
                    <LangSwitch />
                </nav>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p class="site-footer__org">{move || i18n.t().footer_org}</p>
                <p>{move || i18n.t().footer_note}</p>
                <p class="more-link"><a href=paths::HOME rel="external">{move || i18n.t().public_site}</a></p>
            </div>
        </footer>
    }
}

/// The navigation's sign-out button (the staff and the field app's).
#[component]
pub fn SignOutItem() -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = use_sign_out();
    view! {
        <li>
            <button type="button" class="link-button" on:click=sign_out>
                {move || i18n.t().sign_out}
            </button>
        </li>
    }
}

/// Signs out: forgets what the phone kept of this user's work, ends the
/// session and loads the portal.
fn use_sign_out() -> impl Fn(leptos::ev::MouseEvent) + Copy + 'static {
    let auth = use_auth();
    let action = use_action(
        |_: &()| async {
            // The next person on this phone reads nothing of this user's work.
            crate::offline::forget_field_data().await;
            crate::field::remember(None);
            api::logout().await
        },
        // Signed out here whatever the server says: the session is gone or will expire.
        move |_| {
            auth.signed_out();
            let _ = window().location().assign(paths::HOME);
        },
    );
    move |_| {
        action.dispatch(());
    }
}

/// The staff app's navigation: what the signed-in role works with.
#[component]
pub fn StaffNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let role_is =
        move |roles: &'static [Role]| move || auth.me().is_some_and(|m| roles.contains(&m.role));
    view! {
        <Show
            when=move || auth.me().is_some()
            fallback=move || view! {
                <li><a href=paths::HOME rel="external">{move || i18n.t().public_site}</a></li>
            }
        >
            <li><A href=paths::DASHBOARD exact=true>{move || i18n.t().nav_dashboard}</A></li>
            <li><InboxLink /></li>
            <Show when=role_is(access::FINDING_READERS)>
                <li><A href=paths::FINDINGS>{move || i18n.f().nav_findings}</A></li>
            </Show>
            <Show when=role_is(access::DECISION_READERS)>
                <li><A href=paths::LEDGER>{move || i18n.s().nav_ledger}</A></li>
            </Show>
            <Show when=role_is(access::APPEAL_READERS)>
                <li><A href=paths::APPEALS>{move || i18n.s().nav_appeals}</A></li>
            </Show>
            <Show when=role_is(access::ANALYSTS)>
                <li><A href=paths::REASSIGNMENTS>{move || i18n.s().nav_reassignments}</A></li>
            </Show>
            <Show when=role_is(access::OFFICE_ONLY)>
                <li><A href=paths::PLANNING>{move || i18n.s().nav_planning}</A></li>
            </Show>
            <Show when=role_is(access::OFFICE_ONLY)>
                <li><A href=paths::REPORTS>{move || i18n.s().nav_reports}</A></li>
            </Show>
            <Show when=role_is(access::EVERY_BULLETIN)>
                <li><A href=paths::STAFF_BULLETINS>{move || i18n.s().nav_bulletins}</A></li>
            </Show>
            <Show when=role_is(access::ADMIN_AREA)>
                <li><A href=paths::ADMIN>{move || i18n.s().nav_admin}</A></li>
            </Show>
            <Show when=role_is(access::UNIT_LIAISONS)>
                <li><A href=paths::PLANNING>{move || i18n.s().nav_units_rounds}</A></li>
            </Show>
            <Show when=role_is(access::UNIT_LIAISONS)>
                <li><A href=paths::ADMIN_PEOPLE>{move || i18n.s().nav_people}</A></li>
            </Show>
            <SignOutItem />
        </Show>
    }
}

/// The inbox in the navigation, with the unread count (read again on every
/// page change: reading a notification and moving on updates it).
#[component]
pub fn InboxLink() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let unread = Loaded::new(move || {
        location.pathname.track();
        async move {
            api::notifications::unread()
                .await
                .map(|c| c.unread)
                .unwrap_or(0)
        }
    });
    let count = move || unread.get().unwrap_or(0);
    view! {
        <A href=paths::INBOX>
            {move || i18n.f().nav_inbox}
            <Show when=move || { count() > 0 }>
                " "
                <span class="badge" aria-label=move || (i18n.f().inbox_unread_n)(count())>
                    {count}
                </span>
            </Show>
        </A>
    }
}
